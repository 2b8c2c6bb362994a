import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from certificates.models import CertificateSettings
from certificates.selectors import (
    certificate_by_token,
    certificate_content,
    completed_editions,
    hours_text,
    task_hours,
)
from certificates.services import certificates_for
from tests.certificates.conftest import at
from tests.factories.accounts import UserFactory
from tests.factories.volunteering import SignUpFactory, TaskFactory
from volunteering import services as volunteering_services
from volunteering.models import SignUpStatus

pytestmark = [pytest.mark.unit, pytest.mark.django_db]


def certificate(user, edition):
    return certificates_for(user=user, editions=[edition])[edition.pk]


def rows(content):
    return [(task.title, task.date_text, task.time_text, task.hours_text) for task in content.tasks]


def test_content_lists_completed_tasks_in_order_with_dates_and_hours(edition, user, complete):
    complete(user, edition=edition, title="Afternoon desk", starts_at=at(8, 13), ends_at=at(8, 14, 30))
    complete(user, edition=edition, title="Morning reception", starts_at=at(8, 9), ends_at=at(8, 11))
    complete(user, edition=edition, title="Subtitles", starts_at=at(9, 22), ends_at=at(10, 1, 20))

    content = certificate_content(certificate(user, edition))

    assert rows(content) == [
        ("Morning reception", "2027-08-08", "09:00–11:00", "2"),
        ("Afternoon desk", "2027-08-08", "13:00–14:30", "1.5"),
        ("Subtitles", "2027-08-09", "22:00–08-10 01:20", "3.33"),
    ]
    assert content.total_hours == Decimal("6.83")
    assert content.total_hours_text == "6.83"
    assert content.name == user.display_name
    assert content.edition == edition
    assert content.is_empty is False


def test_content_times_are_in_the_editions_time_zone(edition, user, complete):
    edition.time_zone = "Europe/Brussels"
    edition.save()
    # 09:00 in Taipei is 03:00 in Brussels (summer time).
    complete(user, edition=edition, title="Remote", starts_at=at(8, 9), ends_at=at(8, 10))

    assert rows(certificate_content(certificate(user, edition))) == [("Remote", "2027-08-08", "03:00–04:00", "1")]


@pytest.mark.parametrize(
    "status", [SignUpStatus.CONFIRMED, SignUpStatus.WAITLISTED, SignUpStatus.CANCELLED, SignUpStatus.NO_SHOW]
)
def test_content_leaves_out_sign_ups_not_completed(edition, user, status):
    SignUpFactory(task=TaskFactory(edition=edition, title="Not done"), user=user, status=status)

    content = certificate_content(certificate(user, edition))

    assert content.tasks == []
    assert content.is_empty is True
    assert content.total_hours_text == "0"


def test_undone_completion_disappears_and_comes_back_when_confirmed_again(edition, user, staff_user, complete):
    kept = complete(user, edition=edition, title="Kept", starts_at=at(8, 9), ends_at=at(8, 10))
    undone = complete(user, edition=edition, title="Undone", starts_at=at(8, 11), ends_at=at(8, 13))
    record = certificate(user, edition)
    assert [task.title for task in certificate_content(record).tasks] == ["Kept", "Undone"]

    volunteering_services.undo_mark(sign_up=undone, by=staff_user)

    content = certificate_content(record)
    assert [task.title for task in content.tasks] == ["Kept"]
    assert content.total_hours_text == "1"

    volunteering_services.mark_completed(sign_up=undone, by=staff_user)
    assert [task.title for task in certificate_content(record).tasks] == ["Kept", "Undone"]
    assert kept.status == SignUpStatus.COMPLETED


def test_completion_turned_into_no_show_disappears(edition, user, staff_user, complete):
    sign_up = complete(user, edition=edition, title="Marked wrongly")
    record = certificate(user, edition)

    volunteering_services.mark_no_show(sign_up=sign_up, by=staff_user)

    assert certificate_content(record).tasks == []


def test_completed_task_later_cancelled_still_counts(edition, user, complete):
    sign_up = complete(user, edition=edition, title="Done, then cancelled")

    volunteering_services.task_cancel(task=sign_up.task)

    assert [task.title for task in certificate_content(certificate(user, edition)).tasks] == ["Done, then cancelled"]


def test_content_leaves_out_other_editions_and_other_people(edition, past_edition, user, complete):
    complete(user, edition=edition, title="This year")
    complete(user, edition=past_edition, title="Last year")
    complete(UserFactory(), edition=edition, title="Someone else's")

    assert [task.title for task in certificate_content(certificate(user, edition)).tasks] == ["This year"]
    assert [task.title for task in certificate_content(certificate(user, past_edition)).tasks] == ["Last year"]


def test_completed_editions_counts_tasks_and_hours_per_edition_latest_first(edition, past_edition, user, complete):
    complete(user, edition=edition, starts_at=at(8, 9), ends_at=at(8, 11))
    complete(user, edition=edition, starts_at=at(8, 12), ends_at=at(8, 12, 45))
    complete(user, edition=past_edition, starts_at=at(8, 9, year=2026), ends_at=at(8, 10, year=2026))
    SignUpFactory(task=TaskFactory(edition=edition), user=user, status=SignUpStatus.CONFIRMED)
    complete(UserFactory(), edition=edition)

    summaries = completed_editions(user)

    assert [(s.edition, s.task_count, s.hours_text) for s in summaries] == [
        (edition, 2, "2.75"),
        (past_edition, 1, "1"),
    ]


def test_completed_editions_empty_without_completions(edition, user):
    SignUpFactory(task=TaskFactory(edition=edition), user=user, status=SignUpStatus.CONFIRMED)

    assert completed_editions(user) == []


def test_name_is_the_badge_name_or_a_label_saying_there_is_none(edition, complete):
    named, unnamed = UserFactory(display_name="  Lin Mei-Hua "), UserFactory(display_name="")

    assert certificate_content(certificate(named, edition)).name == "Lin Mei-Hua"
    assert certificate_content(certificate(unnamed, edition)).name == "(no name yet)"


def test_signer_defaults_to_the_editions_organizing_team(edition, user):
    signer = certificate_content(certificate(user, edition)).signer

    assert (signer.name, signer.title) == ("The COSCUP 2027 organizing team", "")


def test_signer_set_by_staff_in_each_language(edition, user):
    CertificateSettings.objects.create(
        edition=edition,
        signed_by="COSCUP Volunteer Team",
        signed_by_zh_hant="COSCUP 志工組",
        signer_title="Coordinator",
    )
    signer = certificate_content(certificate(user, edition)).signer

    assert (signer.name, signer.title) == ("COSCUP Volunteer Team", "Coordinator")
    with translation.override("zh-hant"):
        # The Chinese title is empty: the English one stands in.
        assert (signer.name, signer.title) == ("COSCUP 志工組", "Coordinator")


def test_certificate_by_token_finds_only_that_certificate(edition, user):
    record = certificate(user, edition)
    certificate(UserFactory(), edition)

    assert certificate_by_token(record.token) == record
    assert certificate_by_token(record.token[:-1]) is None
    assert certificate_by_token("") is None


def test_certificate_by_token_hides_closed_accounts(edition, user):
    record = certificate(user, edition)
    user.is_active = False
    user.save()

    assert certificate_by_token(record.token) is None


@pytest.mark.parametrize(
    ("minutes", "expected"), [(60, "1"), (90, "1.5"), (20, "0.33"), (45, "0.75"), (600, "10"), (24 * 60, "24")]
)
def test_task_hours_rounded_to_hundredths_without_trailing_zeros(minutes, expected):
    start = at(8, 0)

    assert hours_text(task_hours(start, start + datetime.timedelta(minutes=minutes))) == expected


def test_certificate_content_query_count_does_not_grow_with_tasks(edition, user, complete, django_assert_num_queries):
    for count in (1, 5):
        for _ in range(count):
            complete(user, edition=edition)
        record = certificates_for(user=user, editions=[edition])[edition.pk]
        with django_assert_num_queries(2):  # the signer setting, the completed sign-ups with their tasks
            content = certificate_content(record)
        assert len(content.tasks) in (1, 6)
