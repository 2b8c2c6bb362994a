"""The staff pages that name responsible persons, the invitation page, and "My communities"."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from communities.models import InvitationStatus, ResponsiblePerson, ResponsiblePersonInvitation
from tests.factories.accounts import UserFactory
from tests.factories.communities import CommunityFactory, InvitationFactory, ResponsiblePersonFactory
from tests.factories.follows import CommunityFollowFactory
from tests.factories.schedule import SessionFactory, TrackFactory
from tests.factories.volunteering import SignUpFactory, TaskFactory, in_hours

pytestmark = pytest.mark.integration


def overview_url(edition):
    return reverse("communities:responsible-persons", args=[edition.slug])


def add_url(edition, community):
    return reverse("communities:responsible-person-add", args=[edition.slug, community.slug])


# --- Overview ---


def test_overview_lists_each_community_with_persons_and_pending_invitations(client, edition, community, staff_user):
    ResponsiblePersonFactory(community=community, edition=edition, user=UserFactory(display_name="Mei"), title="host")
    InvitationFactory(community=community, edition=edition, email="new@example.net")
    ResponsiblePersonFactory(community=community, user=UserFactory(display_name="Other Year"))
    lonely = CommunityFactory(name="Lonely")
    client.force_login(staff_user)

    content = client.get(overview_url(edition)).content.decode()

    section = content[content.index('id="community-pyhug"') :]
    section = section[: section.index("</section>")]
    assert "Mei" in section and "host" in section
    assert "new@example.net" in section and "invitation pending" in section
    assert "Other Year" not in content
    assert 'id="community-' + lonely.slug + '"' in content


def test_overview_filters_communities_without_persons(client, edition, community, staff_user):
    ResponsiblePersonFactory(community=community, edition=edition)
    lonely = CommunityFactory(name="Lonely")
    client.force_login(staff_user)

    response = client.get(overview_url(edition), {"without": "1"})

    assert [c.slug for c in response.context["communities"]] == [lonely.slug]


@pytest.mark.parametrize("count", [1, 5])
def test_overview_query_count_does_not_grow(
    client, edition, past_edition, staff_user, count, django_assert_num_queries
):
    for _ in range(count):
        community = CommunityFactory()
        ResponsiblePersonFactory(community=community, edition=edition)
        ResponsiblePersonFactory(community=community, edition=past_edition)
        InvitationFactory(community=community, edition=edition)
        TrackFactory(edition=edition).communities.add(community)
    client.force_login(staff_user)

    # session, user, edition (address), current edition, roles, communities, their persons, invitations,
    # tracks, previous edition, carry-over proposals, counts, pending count
    with django_assert_num_queries(13):
        response = client.get(overview_url(edition))
    assert len(response.context["communities"]) == count


def test_current_edition_address_redirects_to_the_editions_page(client, edition, staff_user):
    client.force_login(staff_user)

    response = client.get(reverse("communities:responsible-persons-current"))

    assert response.url == overview_url(edition)


# --- Adding ---


def test_search_then_name_an_existing_person(client, edition, community, staff_user):
    mei = UserFactory(display_name="Mei Lin", share_email_with_staff=True, email="mei@example.net")
    client.force_login(staff_user)

    search = client.get(add_url(edition, community), {"q": "mei"})
    response = client.post(
        add_url(edition, community),
        {"action": "name", "user": mei.pk, "title": "contact", "title_zh_hant": "聯絡人", "is_public": "on"},
    )

    content = search.content.decode()
    assert "Mei Lin" in content and "mei@example.net" not in content and "me•••@example.net" in content
    assert response.status_code == 302
    person = ResponsiblePerson.objects.get(user=mei)
    assert (person.community, person.edition, person.title_zh_hant, person.named_by) == (
        community,
        edition,
        "聯絡人",
        staff_user,
    )


def test_naming_without_choosing_someone_says_so(client, edition, community, staff_user):
    client.force_login(staff_user)

    response = client.post(add_url(edition, community), {"action": "name", "title": "x"})

    assert response.status_code == 200
    assert "Choose a person from the search results." in response.content.decode()
    assert not ResponsiblePerson.objects.exists()


def test_invite_by_email_from_the_add_page(client, edition, community, staff_user, django_capture_on_commit_callbacks):
    client.force_login(staff_user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            add_url(edition, community),
            {"action": "invite", "email": "new@example.net", "title": "contact", "language": "en", "is_public": "on"},
        )

    assert response.status_code == 302
    invitation = ResponsiblePersonInvitation.objects.get()
    assert (invitation.email, invitation.status, invitation.invited_by) == (
        "new@example.net",
        InvitationStatus.PENDING,
        staff_user,
    )
    assert [message.to for message in mail.outbox] == [["new@example.net"]]


def test_invite_with_a_bad_address_shows_the_error(client, edition, community, staff_user):
    client.force_login(staff_user)

    response = client.post(
        add_url(edition, community), {"action": "invite", "email": "not-an-address", "language": "en"}
    )

    assert response.status_code == 200
    assert response.context["invite_form"].errors["email"]
    assert not ResponsiblePersonInvitation.objects.exists()


def test_resend_and_withdraw_buttons(client, edition, community, staff_user, django_capture_on_commit_callbacks):
    invitation = InvitationFactory(community=community, edition=edition, last_sent_at=in_hours(-1))
    client.force_login(staff_user)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("communities:invitation-resend", args=[invitation.pk]))
    client.post(reverse("communities:invitation-withdraw", args=[invitation.pk]))

    invitation.refresh_from_db()
    assert (len(mail.outbox), invitation.send_count, invitation.status) == (1, 2, InvitationStatus.WITHDRAWN)


def test_carry_over_page_lists_proposals_unticked_and_names_the_ticked(
    client, edition, past_edition, community, staff_user
):
    ticked = ResponsiblePersonFactory(community=community, edition=past_edition)
    unticked = ResponsiblePersonFactory(community=community, edition=past_edition)
    client.force_login(staff_user)
    url = reverse("communities:carry-over", args=[edition.slug])

    page = client.get(url, {"community": community.slug})
    empty = client.post(f"{url}?community={community.slug}", {})
    client.post(f"{url}?community={community.slug}", {"persons": [ticked.pk]})

    assert "checked" not in page.content.decode().split("<form", 1)[1]  # nobody is pre-ticked
    assert "Tick at least one person." in empty.content.decode()
    assert list(ResponsiblePerson.objects.filter(edition=edition).values_list("user", flat=True)) == [ticked.user_id]
    assert not ResponsiblePerson.objects.filter(edition=edition, user=unticked.user).exists()


def test_edit_and_remove_a_person(client, edition, community, staff_user):
    person = ResponsiblePersonFactory(community=community, edition=edition)
    client.force_login(staff_user)

    client.post(
        reverse("communities:responsible-person-edit", args=[person.pk]),
        {"title": "contact", "title_zh_hant": "聯絡人"},
    )
    person.refresh_from_db()
    confirm = client.get(reverse("communities:responsible-person-remove", args=[person.pk]))
    client.post(reverse("communities:responsible-person-remove", args=[person.pk]))

    assert (person.title, person.is_public) == ("contact", False)
    assert confirm.status_code == 200 and ResponsiblePerson.objects.filter(pk=person.pk).exists() is False


def test_removed_person_loses_the_backstage_on_the_next_request(client, edition, community, staff_user):
    person = ResponsiblePersonFactory(community=community, edition=edition)
    person_client = client.__class__()
    person_client.force_login(person.user)
    assert person_client.get(reverse("communities:edit", args=[community.slug])).status_code == 200
    client.force_login(staff_user)

    client.post(reverse("communities:responsible-person-remove", args=[person.pk]))

    assert person_client.get(reverse("communities:edit", args=[community.slug])).status_code == 403
    assert person_client.get(reverse("communities:mine")).status_code == 403


# --- The invitation page ---


def test_invitation_page_for_a_visitor_offers_login_with_the_masked_address(client, edition, community):
    invitation = InvitationFactory(community=community, edition=edition, email="someone@example.net")

    content = client.get(invitation.get_absolute_url()).content.decode()

    assert "so•••@example.net" in content and "someone@example.net" not in content
    assert reverse("account_login") + "?next=" in content


def test_invitation_page_accepts_for_the_invited_address(client, edition, community):
    invitation = InvitationFactory(community=community, edition=edition, email="me@example.net")
    me = UserFactory(email="me@example.net")
    EmailAddress.objects.create(user=me, email="me@example.net", verified=True, primary=True)
    ResponsiblePersonInvitation.objects.filter(pk=invitation.pk).update(status=InvitationStatus.PENDING)
    client.force_login(UserFactory())  # logged in as somebody else first
    other = client.get(invitation.get_absolute_url())
    client.logout()
    client.force_login(me)  # logging in already accepts it ...
    ResponsiblePerson.objects.all().delete()
    ResponsiblePersonInvitation.objects.filter(pk=invitation.pk).update(status=InvitationStatus.PENDING)

    response = client.post(invitation.get_absolute_url())  # ... and so does the Accept button

    assert "not one of your account" in other.content.decode()
    assert response.url == reverse("communities:mine")
    assert ResponsiblePerson.objects.filter(user=me, community=community, edition=edition).exists()


def test_withdrawn_invitation_page_says_so(client, edition, community):
    invitation = InvitationFactory(community=community, edition=edition, status=InvitationStatus.WITHDRAWN)

    assert "withdrawn" in client.get(invitation.get_absolute_url()).content.decode()


def test_unknown_invitation_token_is_404(client, db):
    assert client.get(reverse("communities:invitation", args=["nope"])).status_code == 404


# --- My communities ---


def test_my_communities_shows_followers_tracks_tasks_and_actions(client, edition, community):
    person = ResponsiblePersonFactory(community=community, edition=edition).user
    CommunityFollowFactory.create_batch(3, community=community)
    track = TrackFactory(edition=edition, name="PyHUG Track")
    track.communities.add(community)
    SessionFactory(edition=edition, track=track, title="Upcoming talk", starts_at=in_hours(24), ends_at=in_hours(25))
    SessionFactory(edition=edition, track=track, title="Past talk", starts_at=in_hours(-5), ends_at=in_hours(-4))
    task = TaskFactory(edition=edition, community=community, title="Open task", headcount=4, starts_at=in_hours(30))
    SignUpFactory(task=task)
    TaskFactory(edition=edition, community=community, title="Done task", starts_at=in_hours(-10), ends_at=in_hours(-8))
    TaskFactory(edition=edition, title="Someone else's task", starts_at=in_hours(30))
    client.force_login(person)

    response = client.get(reverse("communities:mine"))

    content = response.content.decode()
    item = response.context["communities"][0]
    assert (item.follower_count, [t.title for t in item.open_tasks], [t.title for t in item.past_tasks]) == (
        3,
        ["Open task"],
        ["Done task"],
    )
    assert "1 of 4 places filled" in content
    assert "Upcoming talk" in content and "Past talk" not in content and "Someone else" not in content
    assert f"{reverse('volunteering:task-create')}?community={community.pk}" in content
    assert reverse("volunteering:task-roster", args=[task.pk]) in content
    assert reverse("communities:mine") in content  # the header's "My communities"


@pytest.mark.parametrize("count", [1, 3])
def test_my_communities_query_count_does_not_grow(client, edition, count, django_assert_num_queries):
    person = UserFactory()
    for _ in range(count):
        community = CommunityFactory()
        ResponsiblePersonFactory(community=community, edition=edition, user=person)
        TrackFactory(edition=edition).communities.add(community)
        TaskFactory(edition=edition, community=community)
        CommunityFollowFactory(community=community)
    client.force_login(person)

    # session, user, edition, roles, communities with follower counts, tracks, sessions, tasks
    with django_assert_num_queries(8):
        response = client.get(reverse("communities:mine"))
    assert len(response.context["communities"]) == count


def test_task_form_preselects_the_community_from_my_communities(client, edition, community):
    client.force_login(ResponsiblePersonFactory(community=community, edition=edition).user)

    response = client.get(reverse("volunteering:task-create"), {"community": community.pk})

    assert response.context["form"]["community"].value() == str(community.pk)


def test_my_communities_lists_a_phones_worth_of_open_tasks_and_links_to_all(client, edition, community):
    person = ResponsiblePersonFactory(community=community, edition=edition).user
    for hours in range(20):
        TaskFactory(edition=edition, community=community, title=f"Task {hours:02d}", starts_at=in_hours(24 + hours))
    client.force_login(person)

    response = client.get(reverse("communities:mine"))

    item = response.context["communities"][0]
    assert [task.title for task in item.open_tasks] == [f"Task {hours:02d}" for hours in range(15)]
    assert item.open_task_count == 20
    assert "All 20 open tasks" in response.content.decode()
