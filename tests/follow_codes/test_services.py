from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from follows import selectors
from follows.models import CommunityFollow, ContactShare, ContactSharing
from follows.services import (
    contact_sharing_update,
    follow_community_from_card,
    share_contact,
    withdraw_contact_share,
)
from tests.factories.accounts import UserFactory
from tests.factories.communities import CommunityFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def test_contact_sharing_update_keeps_the_fields_in_a_fixed_order(community):
    sharing = contact_sharing_update(community=community, is_enabled=True, fields=["phone", "name", "phone"], by=None)

    assert sharing.fields == ["name", "phone"]


def test_contact_sharing_update_refuses_enabled_without_fields(community):
    with pytest.raises(ValidationError):
        contact_sharing_update(community=community, is_enabled=True, fields=[], by=None)


def test_contact_sharing_refuses_an_unknown_field(community):
    with pytest.raises(ValidationError):
        ContactSharing(community=community, is_enabled=True, fields=["address"]).full_clean()


def test_share_contact_records_the_fields_asked_at_the_time(community, sharing, follower):
    share = share_contact(user=follower, community=community)

    assert (share.user, share.community, share.withdrawn_at) == (follower, community, None)
    assert share.fields == ["name", "email"]


def test_share_contact_twice_keeps_one_share(community, sharing, follower):
    first = share_contact(user=follower, community=community)
    second = share_contact(user=follower, community=community)

    assert first.pk == second.pk
    assert ContactShare.objects.count() == 1


def test_share_contact_refused_when_the_community_does_not_ask(community, follower):
    with pytest.raises(ValidationError):
        share_contact(user=follower, community=community)
    contact_sharing_update(community=community, is_enabled=False, fields=["name"], by=None)
    with pytest.raises(ValidationError):
        share_contact(user=follower, community=community)
    assert ContactShare.objects.count() == 0


def test_share_contact_refused_for_an_inactive_community(follower):
    community = CommunityFactory(is_active=False)
    contact_sharing_update(community=community, is_enabled=True, fields=["name"], by=None)

    with pytest.raises(ValidationError):
        share_contact(user=follower, community=community)


def test_share_contact_with_other_fields_asked_now_replaces_the_old_share(community, sharing, follower):
    old = share_contact(user=follower, community=community)
    contact_sharing_update(community=community, is_enabled=True, fields=["phone"], by=None)

    new = share_contact(user=follower, community=community)

    old.refresh_from_db()
    assert old.withdrawn_at is not None
    assert (new.fields, new.withdrawn_at) == (["phone"], None)


def test_withdraw_contact_share_sets_withdrawn_at_and_keeps_the_record(community, sharing, follower):
    share_contact(user=follower, community=community)
    now = timezone.now()

    withdrawn = withdraw_contact_share(user=follower, community=community, now=now)

    assert withdrawn.withdrawn_at == now
    assert list(ContactShare.objects.values_list("withdrawn_at", flat=True)) == [now]


def test_withdraw_contact_share_without_a_share_is_a_no_op(community, follower):
    assert withdraw_contact_share(user=follower, community=community) is None


def test_sharing_again_after_withdrawing_makes_a_new_share(community, sharing, follower):
    share_contact(user=follower, community=community)
    withdraw_contact_share(user=follower, community=community)

    share_contact(user=follower, community=community)

    assert ContactShare.objects.filter(withdrawn_at__isnull=True).count() == 1
    assert ContactShare.objects.count() == 2


def test_only_one_active_share_per_person_and_community_in_the_database(community, follower):
    ContactShare.objects.create(user=follower, community=community, fields=["name"])
    ContactShare.objects.create(user=follower, community=community, fields=["name"], withdrawn_at=timezone.now())

    with pytest.raises(IntegrityError), transaction.atomic():
        ContactShare.objects.create(user=follower, community=community, fields=["name"])


def test_follow_community_from_card_without_the_tick_shares_nothing(community, sharing, follower):
    follow, share = follow_community_from_card(user=follower, community=community, share=False)

    assert share is None
    assert list(CommunityFollow.objects.filter(user=follower).values_list("community", flat=True)) == [community.pk]
    assert ContactShare.objects.count() == 0


def test_follow_community_from_card_with_the_tick_follows_and_shares(community, sharing, follower):
    _follow, share = follow_community_from_card(user=follower, community=community, share=True)

    assert share.fields == ["name", "email"]
    assert CommunityFollow.objects.filter(user=follower, community=community).count() == 1


def test_follow_community_from_card_refused_share_follows_nothing(community, follower):
    with pytest.raises(ValidationError):
        follow_community_from_card(user=follower, community=community, share=True)

    assert CommunityFollow.objects.count() == 0


def test_shared_contacts_show_only_active_shares_and_only_the_shared_fields(community, sharing, follower):
    share_contact(user=follower, community=community)
    gone = UserFactory(display_name="Gone")
    share_contact(user=gone, community=community)
    withdraw_contact_share(user=gone, community=community)
    inactive = UserFactory(display_name="Inactive", is_active=False)
    share_contact(user=inactive, community=community)
    share_contact(user=UserFactory(display_name="Elsewhere"), community=_asking_community())

    rows = selectors.shared_contacts(community)

    assert [(r.name, r.email, r.phone, r.chat_handle) for r in rows] == [("Mei", "mei@example.net", None, None)]


def test_shared_contacts_take_the_values_from_the_account_now(community, sharing, follower):
    share_contact(user=follower, community=community)
    follower.email = "mei.new@example.net"
    follower.save()

    assert [r.email for r in selectors.shared_contacts(community)] == ["mei.new@example.net"]


def test_shared_contacts_newest_first(community, sharing):
    first, second = UserFactory(display_name="First"), UserFactory(display_name="Second")
    share_contact(user=first, community=community, now=timezone.now() - timedelta(hours=1))
    share_contact(user=second, community=community)

    assert [r.name for r in selectors.shared_contacts(community)] == ["Second", "First"]


def _asking_community():
    other = CommunityFactory()
    contact_sharing_update(community=other, is_enabled=True, fields=["name", "email", "phone"], by=None)
    return other
