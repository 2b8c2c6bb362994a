import datetime

import pytest
from django.template import Context, RequestContext, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from follows.models import CommunityFollow, SessionStar, TrackFollow
from tests.factories.accounts import UserFactory
from tests.factories.communities import CommunityFactory
from tests.factories.follows import CommunityFollowFactory, SessionStarFactory, TrackFollowFactory
from tests.factories.schedule import RoomFactory, SessionFactory, TrackFactory
from tests.factories.volunteering import TaskFactory
from volunteering.models import TaskStatus

pytestmark = pytest.mark.integration


def toggle_url(kind, target):
    name = {"community": "community-toggle", "track": "track-toggle", "session": "session-star"}[kind]
    return reverse(f"follows:{name}", args=[target.pk])


# Toggle endpoints


def test_toggle_anonymous_redirects_to_login_with_next_page(client, edition):
    community = CommunityFactory()

    response = client.post(toggle_url("community", community), {"next": "/communities/"})

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/communities/"
    assert CommunityFollow.objects.count() == 0


def test_toggle_anonymous_with_unsafe_next_logs_in_back_to_my_follows(client, edition):
    track = TrackFactory(edition=edition)

    response = client.post(toggle_url("track", track), {"next": "https://evil.example.com/"})

    assert response["Location"] == "/accounts/login/?next=/follows/"


@pytest.mark.parametrize("kind", ["community", "track", "session"])
def test_toggle_get_is_not_allowed(client, user, edition, kind):
    target = {"community": CommunityFactory, "track": TrackFactory, "session": SessionFactory}[kind]
    target = target() if kind == "community" else target(edition=edition)
    client.force_login(user)

    assert client.get(toggle_url(kind, target)).status_code == 405
    assert (CommunityFollow.objects.count(), TrackFollow.objects.count(), SessionStar.objects.count()) == (0, 0, 0)


def test_toggle_follows_and_redirects_to_safe_next_without_javascript(client, user, edition):
    community = CommunityFactory(name="Python Taiwan")
    client.force_login(user)

    response = client.post(toggle_url("community", community), {"next": "/communities/python/", "following": "1"})

    assert response.status_code == 302
    assert response["Location"] == "/communities/python/"
    assert list(CommunityFollow.objects.values_list("user", "community")) == [(user.pk, community.pk)]
    follow_page = client.get(response["Location"].replace("/communities/python/", "/follows/"))
    assert [str(message) for message in follow_page.context["messages"]] == ["You follow Python Taiwan."]


def test_toggle_with_unsafe_next_redirects_to_my_follows(client, user, edition):
    track = TrackFactory(edition=edition)
    client.force_login(user)

    response = client.post(toggle_url("track", track), {"next": "//evil.example.com/x", "following": "1"})

    assert response["Location"] == "/follows/"
    assert TrackFollow.objects.filter(user=user, track=track).count() == 1


def test_toggle_with_explicit_state_is_idempotent(client, user, edition):
    session = SessionFactory(edition=edition)
    client.force_login(user)

    client.post(toggle_url("session", session), {"following": "1"})
    client.post(toggle_url("session", session), {"following": "1"})
    assert SessionStar.objects.filter(user=user, session=session).count() == 1

    client.post(toggle_url("session", session), {"following": "0"})
    client.post(toggle_url("session", session), {"following": "0"})
    assert SessionStar.objects.count() == 0


def test_toggle_without_state_flips(client, user, edition):
    track = TrackFactory(edition=edition)
    client.force_login(user)

    client.post(toggle_url("track", track))
    assert TrackFollow.objects.filter(user=user).count() == 1
    client.post(toggle_url("track", track))
    assert TrackFollow.objects.filter(user=user).count() == 0


def test_toggle_answers_json_for_the_in_place_button(client, user, edition):
    track = TrackFactory(edition=edition)
    TrackFollowFactory(track=track)
    client.force_login(user)

    response = client.post(toggle_url("track", track), {"following": "1"}, headers={"accept": "application/json"})

    assert response.status_code == 200
    assert response.json() == {"following": True, "count": 2, "label": "Following", "count_text": "2 followers"}

    response = client.post(toggle_url("track", track), {"following": "0"}, headers={"accept": "application/json"})

    assert response.json() == {"following": False, "count": 1, "label": "Follow", "count_text": "1 follower"}


def test_star_json_uses_star_words(client, user, edition):
    session = SessionFactory(edition=edition)
    client.force_login(user)

    response = client.post(toggle_url("session", session), {"following": "1"}, headers={"accept": "application/json"})

    assert response.json() == {
        "following": True,
        "count": 1,
        "label": "Starred",
        "count_text": "1 person starred this",
    }


def test_toggle_unknown_target_is_404(client, user, edition):
    client.force_login(user)

    assert client.post(reverse("follows:track-toggle", args=[999999])).status_code == 404
    assert client.post(reverse("follows:community-toggle", args=[999999])).status_code == 404


def test_inactive_community_cannot_be_followed_but_can_be_unfollowed(client, user, edition):
    inactive = CommunityFactory(is_active=False)
    CommunityFollowFactory(user=user, community=inactive)  # followed before it was retired
    client.force_login(user)

    response = client.post(toggle_url("community", inactive), {"following": "0", "next": "/follows/"}, follow=True)
    assert response.redirect_chain == [("/follows/", 302)]
    assert [str(m) for m in response.context["messages"]] == [f"You no longer follow {inactive.name}."]
    assert CommunityFollow.objects.count() == 0

    response = client.post(
        toggle_url("community", inactive), {"following": "1"}, headers={"accept": "application/json"}
    )
    assert (response.status_code, response.json()) == (
        400,
        {"error": "This community is no longer active, so it can't be followed."},
    )
    response = client.post(toggle_url("community", inactive), {"following": "1"}, follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "This community is no longer active, so it can't be followed."
    ]
    assert CommunityFollow.objects.count() == 0


# The button tag and its filler (follows.buttons, core.personal)


BUTTON = Template("{% load follows_tags %}{% for target in targets %}{% follow_button target %}{% endfor %}")
WITHOUT_COUNT = Template(
    "{% load follows_tags %}{% for target in targets %}{% follow_button target count=False %}{% endfor %}"
)


def render_for(template, user, targets, path="/back/"):
    """The page as its reader gets it: the markers the tag writes, filled for `user`."""
    from core.personal import fill

    request = RequestFactory().get(path)
    request.user = user
    return fill(request, template.render(RequestContext(request, {"targets": targets})))


def test_follow_button_is_a_marker_until_filled(user, edition):
    track = TrackFactory(edition=edition)

    html = BUTTON.render(Context({"targets": [track]}))

    assert html == f"<!--personal:follow:track:{track.pk}:1-->"


def test_follow_button_shows_state_count_and_toggle_form(user, edition):
    track = TrackFactory(edition=edition)
    TrackFollowFactory(user=user, track=track)
    TrackFollowFactory(track=track)

    html = render_for(BUTTON, user, [track])

    assert f'action="/follows/tracks/{track.pk}/toggle/"' in html
    assert 'name="next" value="/back/"' in html
    assert 'name="following" value="0"' in html
    assert 'aria-pressed="true"' in html
    assert ">Following</button>" in html
    assert ">2 followers</span>" in html
    assert 'name="csrfmiddlewaretoken" value="' in html


def test_follow_button_for_a_person_not_following(user, edition):
    session = SessionFactory(edition=edition)

    html = render_for(BUTTON, user, [session])

    assert f'action="/follows/sessions/{session.pk}/star/"' in html
    assert 'name="following" value="1"' in html
    assert 'aria-pressed="false"' in html
    assert ">Star</button>" in html
    assert ">0 people starred this</span>" in html


def test_follow_button_hides_count_when_asked(user):
    community = CommunityFactory()

    html = render_for(WITHOUT_COUNT, user, [community], path="/c/?x=1")

    assert "data-follow-count" not in html
    assert 'name="next" value="/c/?x=1"' in html


def test_follow_button_for_anonymous_is_a_login_link_without_csrf_token(edition):
    from django.contrib.auth.models import AnonymousUser

    session = SessionFactory(edition=edition)
    SessionStarFactory(session=session)

    html = render_for(BUTTON, AnonymousUser(), [session])

    assert '<a class="button button--small button--secondary" href="/accounts/login/?next=/back/">' in html
    assert "Log in to star" in html
    assert ">1 person starred this</span>" in html
    assert "csrfmiddlewaretoken" not in html
    assert "<form" not in html


@pytest.mark.parametrize("size", [1, 12])
def test_a_page_of_follow_buttons_costs_two_queries(user, edition, django_assert_num_queries, size):
    tracks = TrackFactory.create_batch(size, edition=edition)
    TrackFollowFactory(user=user, track=tracks[0])
    TrackFollowFactory(track=tracks[-1])

    with django_assert_num_queries(2):  # what the person follows, and the counts
        html = render_for(BUTTON, user, tracks)

    assert html.count('aria-pressed="true"') == 1
    if size == 1:
        assert html.count(">2 followers</span>") == 1
    else:
        assert html.count(">1 follower</span>") == 2
        assert html.count(">0 followers</span>") == size - 2


# My follows


def test_my_follows_needs_login(client, edition):
    response = client.get(reverse("follows:mine"))

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/follows/"


def test_my_follows_lists_communities_with_open_tasks_tracks_with_upcoming_sessions_and_stars(client, user, edition):
    now = timezone.now()
    community = CommunityFactory(name="Rust Taiwan")
    CommunityFollowFactory(user=user, community=community)
    TaskFactory(edition=edition, community=community, title="Open later")
    TaskFactory(edition=edition, community=community, title="Closed", status=TaskStatus.CLOSED)
    TaskFactory(edition=edition, community=community, title="Draft", status=TaskStatus.DRAFT)
    TaskFactory(edition=edition, community=community, title="Started", starts_at=now - datetime.timedelta(hours=1))
    TaskFactory(edition=edition, community=CommunityFactory(), title="Other community")
    CommunityFactory(name="Not followed")
    track = TrackFactory(edition=edition, name="Open Hardware")
    TrackFollowFactory(user=user, track=track)
    room = RoomFactory(edition=edition, name="TR409")
    SessionFactory(edition=edition, track=track, title="Second", starts_at=now + datetime.timedelta(hours=5), room=room)
    SessionFactory(edition=edition, track=track, title="First", starts_at=now + datetime.timedelta(hours=2))
    SessionFactory(edition=edition, track=track, title="Past", starts_at=now - datetime.timedelta(hours=2))
    SessionFactory(edition=edition, track=track, title="Removed", is_scheduled=False)
    SessionStarFactory(user=user, session=SessionFactory(edition=edition, title="Keynote"))
    SessionStarFactory(session=SessionFactory(edition=edition, title="Someone else's star"))
    client.force_login(user)

    response = client.get(reverse("follows:mine"))

    assert response.status_code == 200
    follows = response.context["follows"]
    assert [c.name for c in follows.communities] == ["Rust Taiwan"]
    assert [t.title for t in follows.communities[0].open_tasks] == ["Open later"]
    assert [t.name for t in follows.tracks] == ["Open Hardware"]
    assert [s.title for s in follows.tracks[0].upcoming_sessions] == ["First", "Second"]
    assert [s.title for s in follows.starred] == ["Keynote"]
    html = response.content.decode()
    assert "Rust Taiwan" in html
    assert "Open later" in html
    assert "TR409" in html
    assert "Someone else" not in html
    assert "Not followed" not in html
    assert html.count("<h1>") == 1
    assert f'<a href="{reverse("communities:detail", args=[community.slug])}">Rust Taiwan</a>' in html
    assert f'<a href="{reverse("schedule:track-detail", args=[track.pk])}">Open Hardware</a>' in html
    keynote = follows.starred[0]
    assert f'<a href="{reverse("schedule:session-detail", args=[keynote.pk])}">Keynote</a>' in html


def test_my_follows_starred_sessions_say_when_where_and_whether_removed(client, user, edition):
    # The sessions are written out in Python (follows.items), not by the template engine.
    start = datetime.datetime(2027, 8, 7, 10, 0, tzinfo=edition.tzinfo)
    timed = SessionFactory(
        edition=edition,
        title="<b>Typing</b> & you",
        starts_at=start,
        ends_at=start + datetime.timedelta(minutes=40),
        room=RoomFactory(edition=edition, name="TR<409>"),
    )
    untimed = SessionFactory(edition=edition, title="Later", starts_at=None, ends_at=None)
    removed = SessionFactory(edition=edition, title="Gone", starts_at=start, ends_at=None, is_scheduled=False)
    for session in (timed, untimed, removed):
        SessionStarFactory(user=user, session=session)
    client.force_login(user)

    html = client.get(reverse("follows:mine")).content.decode()

    link = reverse("schedule:session-detail", args=[timed.pk])
    assert f'<a href="{link}">&lt;b&gt;Typing&lt;/b&gt; &amp; you</a>' in html
    assert '<time datetime="2027-08-07T10:00:00+08:00">Sat 7 Aug 10:00–10:40</time> · TR&lt;409&gt;' in html
    assert "Time not announced yet" in html
    assert html.count("Removed from the programme") == 1
    # Each starred session has its star button, filled as pressed (the markers are gone).
    assert html.count('aria-pressed="true"') == 3 and "<!--personal:" not in html


def test_my_follows_only_shows_tasks_of_the_current_edition(client, user, edition):
    from tests.factories.editions import EditionFactory

    community = CommunityFactory()
    CommunityFollowFactory(user=user, community=community)
    TaskFactory(edition=EditionFactory(slug="2026"), community=community, title="Last year")
    TaskFactory(edition=edition, community=community, title="This year")
    client.force_login(user)

    follows = client.get(reverse("follows:mine")).context["follows"]

    assert [t.title for t in follows.communities[0].open_tasks] == ["This year"]


def test_my_follows_empty_states(client, user, edition):
    client.force_login(user)

    html = client.get(reverse("follows:mine")).content.decode()

    assert "You don't follow any community yet." in html
    assert "You haven't starred any session yet." in html


@pytest.mark.parametrize("size", [1, 10])
def test_my_follows_query_count_does_not_grow(client, user, edition, django_assert_num_queries, size):
    room = RoomFactory(edition=edition)
    for _ in range(size):
        community = CommunityFactory()
        CommunityFollowFactory(user=user, community=community)
        TaskFactory(edition=edition, community=community)
        track = TrackFactory(edition=edition)
        TrackFollowFactory(user=user, track=track)
        SessionFactory.create_batch(2, edition=edition, track=track, room=room)
        SessionStarFactory(user=user, session=SessionFactory(edition=edition, room=room, track=track))
    other = UserFactory()
    CommunityFollowFactory(user=other)
    client.force_login(user)

    # Session, user, current edition, roles (base.html); communities + tasks, tracks + sessions, starred sessions,
    # digest preferences, the contact the person shares with communities (follow codes, issue 12);
    # the follow buttons: what the person follows, per kind (follows.buttons).
    with django_assert_num_queries(14):
        response = client.get(reverse("follows:mine"))

    assert len(response.context["follows"].communities) == size
    assert len(response.context["follows"].starred) == size


def test_many_buttons_read_counts_from_one_shared_map_that_follows_every_star(edition, django_assert_num_queries):
    from django.contrib.auth.models import AnonymousUser

    from follows.services import star_session

    sessions = SessionFactory.create_batch(25, edition=edition)
    SessionStarFactory(session=sessions[0])
    assert render_for(BUTTON, AnonymousUser(), sessions).count(">1 person starred this</span>") == 1

    with django_assert_num_queries(0):  # the map is in the shared cache: no count per reader
        render_for(BUTTON, AnonymousUser(), sessions)
    star_session(user=UserFactory(), session=sessions[1])
    html = render_for(BUTTON, AnonymousUser(), sessions)

    assert html.count(">1 person starred this</span>") == 2  # counted again after the star, exact
    assert html.count(">0 people starred this</span>") == 23


def test_a_star_without_javascript_comes_back_to_the_session_on_the_page(client, user, edition):
    session = SessionFactory(edition=edition)
    client.force_login(user)

    response = client.post(
        reverse("follows:session-star", args=[session.pk]),
        {"following": "1", "next": f"/tracks/schedule/?day=2027-08-08#session-{session.pk}"},
    )

    assert response.status_code == 302
    assert response.headers["Location"] == f"/tracks/schedule/?day=2027-08-08#session-{session.pk}"
