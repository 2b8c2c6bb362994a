import datetime

import pytest
from django.urls import reverse
from icalendar import Calendar

from follows.selectors import starred_overlaps
from follows.services import calendar_feed_for
from tests.factories.communities import CommunityFactory
from tests.factories.editions import EditionFactory
from tests.factories.follows import SessionStarFactory, TrackFollowFactory
from tests.factories.schedule import RoomFactory, SessionFactory, TrackFactory
from tests.factories.volunteering import SignUpFactory, TaskFactory
from volunteering.models import SignUpStatus

pytestmark = pytest.mark.integration

UTC = datetime.UTC
STARTS = datetime.datetime(2027, 8, 7, 2, 0, tzinfo=UTC)  # 10:00 in Taipei


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_NAME = "COSCUP"
    settings.SITE_URL = "https://volunteer.example.org"


def fetch(client, url) -> Calendar:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def personal_url(user) -> str:
    return reverse("follows:calendar-feed", args=[calendar_feed_for(user).token])


def uids(calendar: Calendar) -> dict[str, str]:
    return {str(event["SUMMARY"]): str(event["UID"]) for event in calendar.walk("VEVENT")}


def test_personal_feed_has_followed_track_sessions_starred_sessions_and_tasks_once(client, user, edition):
    track = TrackFactory(edition=edition)
    TrackFollowFactory(user=user, track=track)
    in_track = SessionFactory(edition=edition, track=track, title="In track", code="AAA111")
    SessionStarFactory(user=user, session=in_track)  # starred and in a followed track: still once
    starred = SessionFactory(edition=edition, title="Starred", code="BBB222")
    SessionStarFactory(user=user, session=starred)
    SessionFactory(edition=edition, track=track, title="Removed", is_scheduled=False)
    SessionFactory(edition=edition, track=track, title="Unscheduled", starts_at=None, ends_at=None)
    SessionStarFactory(session=SessionFactory(edition=edition, title="Someone else's"))
    SessionFactory(edition=edition, track=TrackFactory(edition=edition), title="Other track")
    task = TaskFactory(edition=edition, title="Desk")
    SignUpFactory(task=task, user=user)
    SignUpFactory(task=TaskFactory(edition=edition, title="Gave up"), user=user, status=SignUpStatus.CANCELLED)

    calendar = fetch(client, personal_url(user))

    assert uids(calendar) == {
        "Desk": f"task-{task.pk}@volunteer.example.org",
        "In track": "session-2027-AAA111@volunteer.example.org",
        "Starred": "session-2027-BBB222@volunteer.example.org",
    }
    assert len(calendar.walk("VEVENT")) == 3


def test_personal_feed_uids_are_stable_across_fetches(client, user, edition):
    SessionStarFactory(user=user, session=SessionFactory(edition=edition, title="Talk"))
    SignUpFactory(task=TaskFactory(edition=edition, title="Task"), user=user)

    first = uids(fetch(client, personal_url(user)))
    second = uids(fetch(client, personal_url(user)))

    assert first == second
    assert sorted(first) == ["Talk", "Task"]


def test_session_event_in_the_edition_time_zone_with_room_and_url(client, user, edition):
    room = RoomFactory(edition=edition, name="TR412")
    session = SessionFactory(
        edition=edition,
        title="Rust in the kernel",
        code="XYZ789",
        starts_at=STARTS,
        ends_at=STARTS + datetime.timedelta(minutes=40),
        room=room,
        speakers=["Ada", "Linus"],
        url="https://pretalx.example.org/coscup-2027/talk/XYZ789/",
    )
    SessionStarFactory(user=user, session=session)

    calendar = fetch(client, personal_url(user))

    (event,) = calendar.walk("VEVENT")
    assert event.decoded("DTSTART") == datetime.datetime(2027, 8, 7, 10, 0, tzinfo=edition.tzinfo)
    assert event["DTSTART"].to_ical() == b"20270807T100000"
    assert event["DTSTART"].params["TZID"] == "Asia/Taipei"
    assert event["DTEND"].to_ical() == b"20270807T104000"
    assert str(event["LOCATION"]) == "TR412"
    assert str(event["URL"]) == "https://pretalx.example.org/coscup-2027/talk/XYZ789/"
    assert str(event["SUMMARY"]) == "Rust in the kernel"
    assert str(event["DESCRIPTION"]) == "Ada, Linus\n\nhttps://pretalx.example.org/coscup-2027/talk/XYZ789/"
    assert [timezone.tz_name for timezone in calendar.timezones] == ["Asia/Taipei"]


def test_session_event_of_another_edition_uses_that_time_zone(client, user, edition):
    berlin = EditionFactory(slug="2026", time_zone="Europe/Berlin")
    SessionStarFactory(user=user, session=SessionFactory(edition=berlin, starts_at=STARTS, code="OLD1"))

    (event,) = fetch(client, personal_url(user)).walk("VEVENT")

    assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert event["DTSTART"].to_ical() == b"20270807T040000"
    assert str(event["UID"]) == "session-2026-OLD1@volunteer.example.org"


@pytest.mark.parametrize("url", ["", "javascript:alert(1)"])
def test_session_without_web_address_links_to_its_page_here(client, user, edition, url):
    session = SessionFactory(edition=edition, url=url)
    SessionStarFactory(user=user, session=session)

    (event,) = fetch(client, personal_url(user)).walk("VEVENT")

    assert str(event["URL"]) == f"https://volunteer.example.org/tracks/sessions/{session.pk}/"


@pytest.mark.parametrize("count", [1, 20])
def test_personal_feed_query_count_does_not_grow(client, user, edition, django_assert_num_queries, count):
    room = RoomFactory(edition=edition)
    track = TrackFactory(edition=edition)
    TrackFollowFactory(user=user, track=track)
    for _ in range(count):
        SessionFactory(edition=edition, track=track, room=room)
        SessionStarFactory(user=user, session=SessionFactory(edition=edition, room=room))
        SignUpFactory(task=TaskFactory(edition=edition, room=room), user=user)
    url = personal_url(user)

    # Current edition (middleware), feed + owner, sign-ups with tasks, sessions with editions and rooms.
    # Plus, on a first request in a process, whose feed the address is (the copy follows their writes).
    with django_assert_num_queries(5):
        response = client.get(url)

    assert len(Calendar.from_ical(response.content).walk("VEVENT")) == 3 * count


# Public feeds


def test_track_feed_is_public_with_the_tracks_scheduled_sessions(client, edition):
    track = TrackFactory(edition=edition, name="Open Data")
    SessionFactory(edition=edition, track=track, title="Open maps", code="MAP1")
    SessionFactory(edition=edition, track=track, title="Removed", is_scheduled=False)
    SessionFactory(edition=edition, track=TrackFactory(edition=edition), title="Other track")

    response = client.get(reverse("follows:track-calendar", args=[track.pk]))

    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=300"
    calendar = Calendar.from_ical(response.content)
    assert str(calendar["X-WR-CALNAME"]) == "COSCUP · Open Data"
    assert uids(calendar) == {"Open maps": "session-2027-MAP1@volunteer.example.org"}


def test_track_feed_of_unknown_track_is_404(client, edition):
    assert client.get(reverse("follows:track-calendar", args=[12345])).status_code == 404


def test_community_feed_has_sessions_of_its_tracks_in_the_current_edition(client, edition):
    community = CommunityFactory(slug="pytw", name="Python Taiwan")
    first, second = TrackFactory(edition=edition), TrackFactory(edition=edition)
    first.communities.add(community)
    second.communities.add(community, CommunityFactory())
    SessionFactory(edition=edition, track=first, title="One", code="ONE")
    SessionFactory(edition=edition, track=second, title="Two", code="TWO")
    SessionFactory(edition=edition, track=TrackFactory(edition=edition), title="Not theirs")
    old_track = TrackFactory(edition=EditionFactory(slug="2026"))
    old_track.communities.add(community)
    SessionFactory(edition=old_track.edition, track=old_track, title="Last year")

    calendar = fetch(client, reverse("follows:community-calendar", args=["pytw"]))

    assert str(calendar["X-WR-CALNAME"]) == "COSCUP · Python Taiwan"
    assert uids(calendar) == {
        "One": "session-2027-ONE@volunteer.example.org",
        "Two": "session-2027-TWO@volunteer.example.org",
    }


def test_community_feed_of_inactive_community_is_404(client, edition):
    CommunityFactory(slug="gone", is_active=False)

    assert client.get(reverse("follows:community-calendar", args=["gone"])).status_code == 404


@pytest.mark.parametrize("count", [1, 15])
def test_public_feeds_query_count_does_not_grow(client, edition, django_assert_num_queries, count):
    community = CommunityFactory(slug="big")
    track = TrackFactory(edition=edition)
    track.communities.add(community)
    room = RoomFactory(edition=edition)
    SessionFactory.create_batch(count, edition=edition, track=track, room=room)

    # Current edition (middleware), the track, its sessions.
    with django_assert_num_queries(3):
        response = client.get(reverse("follows:track-calendar", args=[track.pk]))
    assert len(Calendar.from_ical(response.content).walk("VEVENT")) == count

    # The community, its sessions (the current edition is cached since the request before).
    with django_assert_num_queries(2):
        response = client.get(reverse("follows:community-calendar", args=["big"]))
    assert len(Calendar.from_ical(response.content).walk("VEVENT")) == count


# Overlaps


def test_starred_overlaps_lists_starred_and_followed_sessions_overlapping_the_task(user, edition):
    task = TaskFactory(edition=edition, starts_at=STARTS, ends_at=STARTS + datetime.timedelta(hours=2))
    track = TrackFactory(edition=edition)
    TrackFollowFactory(user=user, track=track)
    hour = datetime.timedelta(hours=1)
    starred = SessionFactory(edition=edition, title="Starred", starts_at=STARTS - hour, ends_at=STARTS + hour)
    SessionStarFactory(user=user, session=starred)
    followed = SessionFactory(
        edition=edition, track=track, title="Followed", starts_at=STARTS + hour, ends_at=STARTS + 3 * hour
    )
    # Touching is not overlapping.
    before = SessionFactory(edition=edition, track=track, starts_at=STARTS - hour, ends_at=STARTS)
    after = SessionFactory(edition=edition, track=track, starts_at=STARTS + 2 * hour, ends_at=STARTS + 3 * hour)
    SessionStarFactory(user=user, session=before)
    SessionStarFactory(user=user, session=after)
    # Overlapping but not the person's, or removed.
    SessionStarFactory(session=SessionFactory(edition=edition, starts_at=STARTS, ends_at=STARTS + hour))
    SessionFactory(edition=edition, track=track, starts_at=STARTS, ends_at=STARTS + hour, is_scheduled=False)

    assert starred_overlaps(user, task) == [starred, followed]


def test_starred_overlaps_for_anonymous_is_empty(edition):
    from django.contrib.auth.models import AnonymousUser

    assert starred_overlaps(AnonymousUser(), TaskFactory(edition=edition)) == []


# The snippet the task page uses (see the report): it must name the sessions, escaped.
OVERLAP_SNIPPET = (
    '{% load i18n %}{% if starred_overlaps %}<p class="message message--warning">'
    '{% blocktranslate with sessions=starred_overlaps|join:", " trimmed %}'
    "This task overlaps sessions you starred or follow: {{ sessions }}.{% endblocktranslate %}</p>{% endif %}"
)


def test_overlap_warning_snippet_names_the_sessions(user, edition, django_assert_num_queries):
    from django.template import Context, Template

    task = TaskFactory(edition=edition, starts_at=STARTS, ends_at=STARTS + datetime.timedelta(hours=2))
    for title in ("Rust <3", "Keynote"):
        SessionStarFactory(
            user=user,
            session=SessionFactory(
                edition=edition, title=title, starts_at=STARTS, ends_at=STARTS + datetime.timedelta(minutes=30)
            ),
        )

    with django_assert_num_queries(1):
        overlaps = starred_overlaps(user, task)
    html = Template(OVERLAP_SNIPPET).render(Context({"starred_overlaps": overlaps}))

    assert html == (
        '<p class="message message--warning">This task overlaps sessions you starred or follow: '
        "Rust &lt;3, Keynote.</p>"
    )
    assert Template(OVERLAP_SNIPPET).render(Context({"starred_overlaps": []})) == ""
