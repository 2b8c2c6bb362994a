"""Naming responsible persons: services, invitations, carry-over, and how fast a removal bites."""

import datetime

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import User
from communities.models import InvitationStatus, ResponsiblePerson, ResponsiblePersonInvitation
from communities.permissions import is_responsible_person
from communities.selectors.responsible_persons import carry_over_proposals, people_search, previous_edition
from communities.services import invitations, responsible_persons
from tests.factories.accounts import UserFactory
from tests.factories.communities import CommunityFactory, InvitationFactory, ResponsiblePersonFactory
from tests.factories.editions import EditionFactory

pytestmark = pytest.mark.unit


def fresh(user):
    """The same person as a new request sees them (no per-request memo)."""
    return User.objects.get(pk=user.pk)


# --- Naming and removing ---


def test_name_makes_the_person_responsible_with_titles(edition, community, staff_user):
    person = UserFactory()

    named = responsible_persons.responsible_person_name(
        community=community, edition=edition, user=person, by=staff_user, title="organizer", title_zh_hant="召集人"
    )

    assert (named.title, named.title_zh_hant, named.is_public, named.named_by) == (
        "organizer",
        "召集人",
        True,
        staff_user,
    )
    assert is_responsible_person(fresh(person), edition, community)


def test_name_twice_is_refused_with_a_clear_error(edition, community, staff_user):
    person = UserFactory(display_name="Mei")
    responsible_persons.responsible_person_name(community=community, edition=edition, user=person, by=staff_user)

    with pytest.raises(ValidationError, match="Mei is already a responsible person of PyHUG"):
        responsible_persons.responsible_person_name(community=community, edition=edition, user=person, by=staff_user)
    assert ResponsiblePerson.objects.filter(user=person).count() == 1


def test_name_refuses_a_deactivated_account(edition, community, staff_user):
    with pytest.raises(ValidationError):
        responsible_persons.responsible_person_name(
            community=community, edition=edition, user=UserFactory(is_active=False), by=staff_user
        )


def test_remove_ends_access_on_the_next_request(edition, community):
    person = ResponsiblePersonFactory(community=community, edition=edition)
    assert is_responsible_person(fresh(person.user), edition, community)

    responsible_persons.responsible_person_remove(person=person)

    assert not is_responsible_person(fresh(person.user), edition, community)


def test_remove_ends_access_at_once_with_a_shared_role_cache(
    settings, edition, community, django_capture_on_commit_callbacks
):
    # With Redis the role answers are cached for minutes: the removal must reach them at once.
    settings.ROLE_CACHE_SECONDS = 300
    person = ResponsiblePersonFactory(community=community, edition=edition)
    assert is_responsible_person(fresh(person.user), edition, community)  # now cached

    with django_capture_on_commit_callbacks(execute=True):
        responsible_persons.responsible_person_remove(person=person)

    assert not is_responsible_person(fresh(person.user), edition, community)


def test_role_answers_are_not_cached_per_process_by_default(settings, edition, community, django_assert_num_queries):
    # Without a shared cache another worker would never hear of a removal: ask the database each request.
    assert settings.ROLE_CACHE_SECONDS == 0
    person = ResponsiblePersonFactory(community=community, edition=edition)
    is_responsible_person(fresh(person.user), edition, community)
    next_request_user = fresh(person.user)

    with django_assert_num_queries(1):
        assert is_responsible_person(next_request_user, edition, community)


def test_update_changes_titles_and_visibility(edition, community):
    person = ResponsiblePersonFactory(community=community, edition=edition)

    responsible_persons.responsible_person_update(
        person=person, title="contact", title_zh_hant="聯絡人", is_public=False
    )

    person.refresh_from_db()
    assert (person.title, person.title_zh_hant, person.is_public) == ("contact", "聯絡人", False)


# --- Carry-over ---


def test_carry_over_proposes_last_editions_persons_not_yet_named(edition, past_edition, community):
    kept = ResponsiblePersonFactory(community=community, edition=past_edition)
    already = ResponsiblePersonFactory(community=community, edition=past_edition)
    ResponsiblePersonFactory(community=community, edition=edition, user=already.user)
    ResponsiblePersonFactory(community=community, edition=past_edition, user=UserFactory(is_active=False))
    ResponsiblePersonFactory(community=community, edition=EditionFactory(slug="2025"))

    assert previous_edition(edition) == past_edition
    assert carry_over_proposals(edition=edition) == [kept]


def test_carry_over_names_only_the_ticked_persons_with_their_titles(edition, past_edition, community, staff_user):
    ticked = ResponsiblePersonFactory(community=community, edition=past_edition, title="host", is_public=False)
    unticked = ResponsiblePersonFactory(community=community, edition=past_edition)
    elsewhere = ResponsiblePersonFactory(edition=edition)  # a current person's id: not a proposal

    named = responsible_persons.carry_over(
        edition=edition, previous_person_ids=[ticked.pk, elsewhere.pk, 999_999], by=staff_user
    )

    assert [(p.user, p.edition, p.title, p.is_public) for p in named] == [(ticked.user, edition, "host", False)]
    assert not ResponsiblePerson.objects.filter(edition=edition, user=unticked.user).exists()


def test_carry_over_for_one_community_ignores_other_communities(edition, past_edition, community, staff_user):
    other = ResponsiblePersonFactory(edition=past_edition, community=CommunityFactory())

    named = responsible_persons.carry_over(
        edition=edition, previous_person_ids=[other.pk], by=staff_user, community=community
    )

    assert named == []


# --- People search ---


def test_people_search_by_name_part_and_by_whole_address_only(db):
    mei = UserFactory(display_name="Mei Chen", email="mei@example.net")
    UserFactory(display_name="Someone Else", email="else@example.net")
    UserFactory(display_name="Mei Gone", is_active=False)

    assert people_search("mei c") == [mei]
    assert people_search("MEI@example.net") == [mei]
    assert people_search("mei@example") == []  # no guessing addresses letter by letter
    assert people_search("   ") == []


# --- Invitations ---


def test_invitation_is_emailed_in_the_chosen_language_after_commit(
    edition, community, staff_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invitations.invitation_create(
            community=community,
            edition=edition,
            email="new@example.net",
            by=staff_user,
            language="zh-hant",
            title="contact",
        )

    assert invitation.status == InvitationStatus.PENDING
    assert [message.to for message in mail.outbox] == [["new@example.net"]]
    assert "PyHUG" in mail.outbox[0].subject or "高雄" in mail.outbox[0].subject
    assert "負責人" in mail.outbox[0].body  # Traditional Chinese
    assert f"/communities/invitations/{invitation.token}/" in mail.outbox[0].body


def test_invitation_uses_the_accounts_own_language(edition, community, staff_user):
    UserFactory(email="known@example.net", preferred_language="en")

    invitation = invitations.invitation_create(
        community=community, edition=edition, email="Known@Example.net", by=staff_user, language="zh-hant"
    )

    assert invitation.language == "en"


def test_a_second_pending_invitation_for_the_address_is_refused(edition, community, staff_user):
    invitations.invitation_create(
        community=community, edition=edition, email="a@example.net", by=staff_user, language="en"
    )

    with pytest.raises(ValidationError, match="re-send"):
        invitations.invitation_create(
            community=community, edition=edition, email="A@EXAMPLE.NET", by=staff_user, language="en"
        )


def test_inviting_someone_already_named_is_refused(edition, community, staff_user):
    person = ResponsiblePersonFactory(community=community, edition=edition, user=UserFactory(email="b@example.net"))

    with pytest.raises(ValidationError, match="already a responsible person"):
        invitations.invitation_create(
            community=community, edition=edition, email=person.user.email, by=staff_user, language="en"
        )


def test_resend_sends_again_but_not_twice_within_a_minute(edition, community, django_capture_on_commit_callbacks):
    invitation = InvitationFactory(
        community=community, edition=edition, last_sent_at=timezone.now() - datetime.timedelta(minutes=5)
    )

    with django_capture_on_commit_callbacks(execute=True):
        first = invitations.invitation_resend(invitation=invitation)
        second = invitations.invitation_resend(invitation=invitation)

    invitation.refresh_from_db()
    assert (first, second, invitation.send_count, len(mail.outbox)) == (True, False, 2, 1)


def test_withdrawn_invitation_is_not_sent_or_accepted(edition, community, django_capture_on_commit_callbacks):
    invitation = InvitationFactory(community=community, edition=edition, email="c@example.net")
    invitations.invitation_withdraw(invitation=invitation)
    person = UserFactory(email="c@example.net")

    with django_capture_on_commit_callbacks(execute=True):
        accepted = invitations.invitations_accept(user=person)
        with pytest.raises(ValidationError):
            invitations.invitation_resend(invitation=invitation)

    assert (accepted, mail.outbox) == ([], [])
    assert not is_responsible_person(fresh(person), edition, community)


def test_logging_in_with_the_invited_address_names_the_person(client, edition, community, staff_user):
    InvitationFactory(
        community=community,
        edition=edition,
        email="Dee@Example.net",
        title="contact",
        is_public=False,
        invited_by=staff_user,
    )
    dee = UserFactory(email="dee@example.net")
    EmailAddress.objects.create(user=dee, email="dee@example.net", verified=True, primary=True)

    client.force_login(dee)  # any login (code or OAuth) goes through django.contrib.auth.login

    person = ResponsiblePerson.objects.get(user=dee)
    assert (person.community, person.edition, person.title, person.is_public, person.named_by) == (
        community,
        edition,
        "contact",
        False,
        staff_user,
    )
    invitation = ResponsiblePersonInvitation.objects.get()
    assert (invitation.status, invitation.accepted_by) == (InvitationStatus.ACCEPTED, dee)


def test_an_unverified_address_does_not_accept_an_invitation(client, edition, community):
    InvitationFactory(community=community, edition=edition, email="second@example.net")
    person = UserFactory(email="main@example.net")
    EmailAddress.objects.create(user=person, email="main@example.net", verified=True, primary=True)
    EmailAddress.objects.create(user=person, email="second@example.net", verified=False, primary=False)

    client.force_login(person)

    assert not ResponsiblePerson.objects.exists()
    assert ResponsiblePersonInvitation.objects.get().status == InvitationStatus.PENDING


def test_accepting_needs_a_logged_in_active_person(edition, community):
    assert invitations.invitations_accept(user=AnonymousUser()) == []
