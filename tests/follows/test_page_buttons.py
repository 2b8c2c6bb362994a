"""The follow and star buttons on the community, track, session and schedule pages, and the header link."""

import datetime
import re
from urllib.parse import quote

import pytest
from django.urls import reverse

from tests.factories.accounts import UserFactory
from tests.factories.communities import CommunityFactory
from tests.factories.follows import CommunityFollowFactory, SessionStarFactory, TrackFollowFactory
from tests.factories.schedule import RoomFactory, SessionFactory, TrackFactory

pytestmark = pytest.mark.integration

BUTTON = re.compile(
    r'<form method="post" action="([^"]+)" class="follow-form" data-follow-form>.*?'
    r'aria-pressed="(true|false)" data-follow-button>([^<]+)</button>\s*'
    r'<span class="follow-count" data-follow-count aria-live="polite">([^<]+)</span>',
    re.DOTALL,
)
LOGIN_LINK = re.compile(
    r'<p class="follow-form">\s*<a class="button button--small button--secondary" href="([^"]+)">([^<]+)</a>'
)


def buttons(response) -> list[tuple[str, str, str, str]]:
    return BUTTON.findall(response.content.decode())


def login_links(response) -> list[tuple[str, str]]:
    return LOGIN_LINK.findall(response.content.decode())


def toggle(name, target) -> str:
    return reverse(f"follows:{name}", args=[target.pk])


def scheduled(edition, hour, **kwargs):
    start = datetime.datetime(2027, 8, 7, hour, tzinfo=edition.tzinfo)
    return SessionFactory(edition=edition, starts_at=start, ends_at=start + datetime.timedelta(minutes=40), **kwargs)


# --- Community page ---


def test_community_page_shows_followed_state_and_count(client, edition, user):
    community = CommunityFactory()
    CommunityFollowFactory(user=user, community=community)
    CommunityFollowFactory(community=community)
    CommunityFollowFactory(community=CommunityFactory())  # another community's follower
    client.force_login(user)

    response = client.get(reverse("communities:detail", args=[community.slug]))

    assert buttons(response) == [(toggle("community-toggle", community), "true", "Following", "2 followers")]


def test_community_page_shows_follow_when_not_following(client, edition, user):
    community = CommunityFactory()
    CommunityFollowFactory(community=community)
    client.force_login(user)

    response = client.get(reverse("communities:detail", args=[community.slug]))

    assert buttons(response) == [(toggle("community-toggle", community), "false", "Follow", "1 follower")]


def test_community_page_links_its_public_calendar(client, edition):
    community = CommunityFactory()

    content = client.get(reverse("communities:detail", args=[community.slug])).content.decode()

    feed = reverse("follows:community-calendar", args=[community.slug])
    assert f'<a href="{feed}">Subscribe to this community\'s calendar</a>' in content.replace("&#x27;", "'")


def test_community_page_anonymous_gets_a_login_link_without_csrf_token(client, edition):
    community = CommunityFactory()
    page = reverse("communities:detail", args=[community.slug])

    response = client.get(page)

    login = f"{reverse('account_login')}?next={quote(page)}"
    assert (login_links(response), buttons(response)) == ([(login, "Log in to follow")], [])
    assert "csrfmiddlewaretoken" not in response.content.decode()


# --- Track page ---


def test_track_page_shows_track_follow_and_session_stars(client, edition, user):
    track = TrackFactory(edition=edition)
    starred = scheduled(edition, 9, track=track)
    other = scheduled(edition, 10, track=track)
    TrackFollowFactory(user=user, track=track)
    SessionStarFactory(user=user, session=starred)
    SessionStarFactory(session=other)
    SessionStarFactory(session=other)
    client.force_login(user)

    response = client.get(reverse("schedule:track-detail", args=[track.pk]))

    assert buttons(response) == [
        (toggle("track-toggle", track), "true", "Following", "1 follower"),
        (toggle("session-star", starred), "true", "Starred", "1 person starred this"),
        (toggle("session-star", other), "false", "Star", "2 people starred this"),
    ]


def test_track_page_links_its_public_calendar(client, edition):
    track = TrackFactory(edition=edition)

    content = client.get(reverse("schedule:track-detail", args=[track.pk])).content.decode()

    feed = reverse("follows:track-calendar", args=[track.pk])
    assert f'<a href="{feed}">Subscribe to this track\'s calendar</a>' in content.replace("&#x27;", "'")


def test_track_page_anonymous_gets_login_links(client, edition):
    track = TrackFactory(edition=edition)
    scheduled(edition, 9, track=track)
    page = reverse("schedule:track-detail", args=[track.pk])

    response = client.get(page)

    login = f"{reverse('account_login')}?next={quote(page)}"
    assert login_links(response) == [(login, "Log in to follow"), (login, "Log in to star")]
    assert "csrfmiddlewaretoken" not in response.content.decode()


@pytest.mark.parametrize("count", [2, 25])
def test_track_page_logged_in_query_count_does_not_grow(client, edition, user, django_assert_num_queries, count):
    track = TrackFactory(edition=edition)
    track.communities.add(CommunityFactory())
    room = RoomFactory(edition=edition)
    for index in range(count):
        session = scheduled(edition, 8 + index % 10, track=track, room=room)
        SessionStarFactory(session=session)
        if index % 2:
            SessionStarFactory(user=user, session=session)
    TrackFollowFactory(user=user, track=track)
    client.force_login(user)

    # session, user, editions, track, its communities, sessions, tasks, roles, the user's track follows,
    # track's follower count, star counts, the user's stars; and, cold, the schedule filter's choices that
    # the room names come from (tracks, communities, rooms)
    with django_assert_num_queries(15):
        response = client.get(reverse("schedule:track-detail", args=[track.pk]))

    assert len(buttons(response)) == count + 1


# --- Session page ---


@pytest.mark.parametrize("starred", [True, False])
def test_session_page_shows_star_state(client, edition, user, starred):
    session = scheduled(edition, 9)
    SessionStarFactory(session=session)
    if starred:
        SessionStarFactory(user=user, session=session)
    client.force_login(user)

    response = client.get(reverse("schedule:session-detail", args=[session.pk]))

    expected = ("true", "Starred", "2 people starred this") if starred else ("false", "Star", "1 person starred this")
    assert buttons(response) == [(toggle("session-star", session), *expected)]


def test_session_page_anonymous_gets_a_login_link(client, edition):
    session = scheduled(edition, 9)
    page = reverse("schedule:session-detail", args=[session.pk])

    response = client.get(page)

    assert login_links(response) == [(f"{reverse('account_login')}?next={quote(page)}", "Log in to star")]


# --- Schedule and track list ---


def test_schedule_shows_star_buttons(client, edition, user):
    first = scheduled(edition, 9)
    second = scheduled(edition, 10)
    SessionStarFactory(user=user, session=second)
    client.force_login(user)

    response = client.get(reverse("schedule:schedule"))

    assert buttons(response) == [
        (toggle("session-star", first), "false", "Star", "0 people starred this"),
        (toggle("session-star", second), "true", "Starred", "1 person starred this"),
    ]


@pytest.mark.parametrize("count", [3, 40])
def test_schedule_logged_in_query_count_does_not_grow(client, edition, user, django_assert_num_queries, count):
    track = TrackFactory(edition=edition)
    for index in range(count):
        session = scheduled(edition, 8 + index % 10, track=track)
        SessionStarFactory(session=session)
        if index % 2:
            SessionStarFactory(user=user, session=session)
    client.force_login(user)

    # session, user, editions, roles, filter tracks, filter communities, filter rooms, days, the day's
    # sessions; filled in per response (follows.buttons): their star counts, the user's stars
    with django_assert_num_queries(11):
        response = client.get(reverse("schedule:schedule"))

    assert len(buttons(response)) == count


def test_track_list_shows_follow_buttons(client, edition, user):
    followed = TrackFactory(edition=edition, name="A track")
    other = TrackFactory(edition=edition, name="B track")
    TrackFollowFactory(user=user, track=followed)
    TrackFollowFactory(track=followed)
    client.force_login(user)

    response = client.get(reverse("schedule:track-list"))

    assert buttons(response) == [
        (toggle("track-toggle", followed), "true", "Following", "2 followers"),
        (toggle("track-toggle", other), "false", "Follow", "0 followers"),
    ]


@pytest.mark.parametrize("count", [2, 30])
def test_track_list_logged_in_query_count_does_not_grow(client, edition, user, django_assert_num_queries, count):
    for index, track in enumerate(TrackFactory.create_batch(count, edition=edition)):
        TrackFollowFactory(track=track)
        if index % 2:
            TrackFollowFactory(user=user, track=track)
    client.force_login(user)

    # session, user, editions, roles, tracks with counts, their communities, follower counts, the user's follows
    with django_assert_num_queries(8):
        response = client.get(reverse("schedule:track-list"))

    assert len(buttons(response)) == count


# --- Header ---


def test_header_links_my_follows_for_logged_in_people(client, edition, user):
    client.force_login(user)

    content = client.get(reverse("schedule:track-list")).content.decode()

    assert f'<a href="{reverse("follows:mine")}" class="site-account__follows">My follows</a>' in content


def test_header_has_no_my_follows_for_anonymous_visitors(client, edition):
    content = client.get(reverse("schedule:track-list")).content.decode()

    assert ("My follows" in content, f'href="{reverse("follows:mine")}"' in content) == (False, False)


def test_header_marks_my_follows_as_current_page(client, edition, user):
    client.force_login(UserFactory())

    content = client.get(reverse("follows:mine")).content.decode()

    assert 'class="site-account__follows" aria-current="page">My follows</a>' in content
