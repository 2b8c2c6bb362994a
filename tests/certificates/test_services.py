import re

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from certificates.models import Certificate, CertificateSettings
from certificates.selectors import certificate_by_token
from certificates.services import certificate_reset_address, certificate_settings_update, certificates_for
from tests.factories.accounts import UserFactory

pytestmark = [pytest.mark.unit, pytest.mark.django_db]


def test_certificates_for_creates_one_per_edition_and_keeps_it(edition, past_edition, user):
    first = certificates_for(user=user, editions=[edition, past_edition])
    again = certificates_for(user=user, editions=[edition, past_edition])

    assert sorted(first) == sorted([edition.pk, past_edition.pk])
    assert {pk: c.token for pk, c in again.items()} == {pk: c.token for pk, c in first.items()}
    assert Certificate.objects.count() == 2


def test_certificates_for_nothing_asked_writes_nothing(user, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert certificates_for(user=user, editions=[]) == {}


def test_certificates_for_query_count_does_not_grow_with_editions(
    user, edition, past_edition, django_assert_num_queries
):
    # existing, insert, read back
    with django_assert_num_queries(3):
        certificates_for(user=user, editions=[edition, past_edition])


def test_one_certificate_per_person_and_edition(edition, user):
    Certificate.objects.create(user=user, edition=edition)

    with pytest.raises(IntegrityError):
        Certificate.objects.create(user=user, edition=edition)


def test_tokens_are_long_url_safe_and_unique(edition):
    tokens = [certificates_for(user=UserFactory(), editions=[edition])[edition.pk].token for _ in range(50)]

    assert len(set(tokens)) == 50
    assert all(re.fullmatch(r"[A-Za-z0-9_-]{43}", token) for token in tokens)  # 256 random bits each


def test_reset_address_gives_a_new_token_and_the_old_one_stops_working(edition, user):
    record = certificates_for(user=user, editions=[edition])[edition.pk]
    old = record.token

    certificate_reset_address(certificate=record)

    record.refresh_from_db()
    assert record.token != old
    assert record.reset_at is not None
    assert certificate_by_token(old) is None
    assert certificate_by_token(record.token) == record


def test_settings_update_creates_then_updates_with_who(edition, staff_user, superuser):
    certificate_settings_update(
        edition=edition, data={"signed_by": " Volunteer Team ", "signed_by_zh_hant": "志工組"}, by=staff_user
    )
    certificate_settings_update(edition=edition, data={"signed_by": "Organizing Team"}, by=superuser)

    record = CertificateSettings.objects.get(edition=edition)
    assert (record.signed_by, record.signed_by_zh_hant, record.updated_by) == ("Organizing Team", "", superuser)
    assert CertificateSettings.objects.count() == 1


def test_settings_update_refuses_an_empty_name(edition, staff_user):
    with pytest.raises(ValidationError) as error:
        certificate_settings_update(edition=edition, data={"signed_by": "   "}, by=staff_user)

    assert list(error.value.message_dict) == ["signed_by"]
    assert CertificateSettings.objects.count() == 0
