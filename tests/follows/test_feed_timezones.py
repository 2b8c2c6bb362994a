"""Calendar feeds take their VTIMEZONE from a per-process cache (issue 10): built from zoneinfo once per
time zone and year range, the same component icalendar's `add_missing_timezones()` builds, and the
events' times unchanged."""

import datetime
from unittest import mock

import pytest
from django.core.cache import caches
from django.urls import reverse
from freezegun import freeze_time
from icalendar import Calendar, Timezone

from follows import calendar as follows_calendar
from follows.selectors import community_sessions
from follows.services import calendar_feed_for
from tests.factories.communities import CommunityFactory
from tests.factories.editions import EditionFactory
from tests.factories.schedule import RoomFactory, SessionFactory, TrackFactory
from tests.factories.volunteering import SignUpFactory, TaskFactory
from volunteering import calendar as volunteering_calendar
from volunteering.markdown import markdown_to_text

pytestmark = pytest.mark.integration

UTC = datetime.UTC
STARTS = datetime.datetime(2027, 8, 7, 2, 0, tzinfo=UTC)  # 10:00 in Taipei


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_NAME = "COSCUP"
    settings.SITE_URL = "https://volunteer.example.org"


@pytest.fixture(autouse=True)
def _empty_timezone_cache():
    volunteering_calendar.vtimezone.cache_clear()
    yield
    volunteering_calendar.vtimezone.cache_clear()


@pytest.fixture
def community(edition):
    community = CommunityFactory(slug="rust")
    track = TrackFactory(edition=edition)
    track.communities.add(community)
    room = RoomFactory(edition=edition)
    for number in range(3):
        start = STARTS + datetime.timedelta(hours=number)
        SessionFactory(
            edition=edition, track=track, room=room, starts_at=start, ends_at=start + datetime.timedelta(minutes=40)
        )
    return community


def fetch(client, url) -> bytes:
    caches["pages"].clear()  # build the feed again, not the page cache's copy
    response = client.get(url)
    assert response.status_code == 200
    return response.content


def community_feed(client) -> bytes:
    return fetch(client, reverse("follows:community-calendar", args=["rust"]))


def test_community_feed_carries_the_vtimezone_and_unchanged_times(client, edition, community):
    calendar = Calendar.from_ical(community_feed(client))

    [timezone] = calendar.timezones
    assert timezone.tz_name == "Asia/Taipei"
    assert timezone.to_ical() == Timezone.from_tzid("Asia/Taipei").to_ical()
    assert calendar.subcomponents.index(timezone) < calendar.subcomponents.index(calendar.events[0])
    sessions = list(community_sessions(community, edition=edition))
    assert [(event.start, event.end) for event in calendar.events] == [(s.starts_at, s.ends_at) for s in sessions]
    assert {event["DTSTART"].params["TZID"] for event in calendar.events} == {"Asia/Taipei"}
    assert calendar.events[0]["DTSTART"].to_ical() == b"20270807T100000"


def test_community_feed_is_what_add_missing_timezones_made(edition, community):
    def build():
        return follows_calendar.sessions_calendar(
            name="Rust", uid_key="communities/rust", sessions=community_sessions(community, edition=edition)
        ).to_ical()

    # DTSTAMP is the moment of the build: both builds happen in the same frozen second.
    with freeze_time("2026-12-08 03:35:34"):
        cached = build()
        with mock.patch.object(follows_calendar, "add_timezones", lambda calendar: calendar.add_missing_timezones()):
            before = build()

    assert cached == before


@freeze_time("2026-12-08 03:35:34")  # DTSTAMP is the moment of the build: compare two builds in one second
def test_a_second_feed_build_does_not_touch_zoneinfo(client, edition, community, user):
    SignUpFactory(
        task=TaskFactory(edition=edition, starts_at=STARTS, ends_at=STARTS + datetime.timedelta(hours=1)), user=user
    )
    personal = reverse("follows:calendar-feed", args=[calendar_feed_for(user).token])
    with (
        mock.patch.object(Timezone, "from_tzid", wraps=Timezone.from_tzid) as from_tzid,
        mock.patch.object(Calendar, "add_missing_timezones", side_effect=AssertionError("not cached")),
    ):
        first = community_feed(client)
        assert from_tzid.call_count == 1
        second = community_feed(client)
        fetch(client, personal)
        fetch(client, reverse("follows:track-calendar", args=[community.tracks.get().pk]))

        # Every feed above wants the zone's rules from 1970 to 2038: built once.
        assert from_tzid.call_args_list == [
            mock.call("Asia/Taipei", first_date=Timezone.DEFAULT_FIRST_DATE, last_date=Timezone.DEFAULT_LAST_DATE)
        ]
    assert second == first


def test_the_shared_component_is_not_changed_by_serialising(client, edition, community):
    shared = volunteering_calendar.vtimezone("Asia/Taipei", Timezone.DEFAULT_FIRST_DATE, Timezone.DEFAULT_LAST_DATE)
    before = shared.to_ical()

    community_feed(client)
    community_feed(client)

    assert shared.to_ical() == before
    assert (
        volunteering_calendar.vtimezone("Asia/Taipei", Timezone.DEFAULT_FIRST_DATE, Timezone.DEFAULT_LAST_DATE)
        is shared
    )


def test_task_file_covers_whole_years_either_side_once_per_range(client, edition, user):
    task = TaskFactory(edition=edition, starts_at=STARTS, ends_at=STARTS + datetime.timedelta(hours=2))
    other = TaskFactory(
        edition=edition,
        starts_at=STARTS + datetime.timedelta(days=1),
        ends_at=STARTS + datetime.timedelta(days=1, hours=2),
    )
    with mock.patch.object(Timezone, "from_tzid", wraps=Timezone.from_tzid) as from_tzid:
        calendar = Calendar.from_ical(fetch(client, reverse("volunteering:task-ics", args=[task.pk])))
        fetch(client, reverse("volunteering:task-ics", args=[other.pk]))

    assert from_tzid.call_args_list == [
        mock.call("Asia/Taipei", first_date=datetime.date(2026, 1, 1), last_date=datetime.date(2029, 1, 1))
    ]
    [timezone] = calendar.timezones
    assert timezone.tz_name == "Asia/Taipei"
    assert str(timezone["COMMENT"]) == "This timezone only works from 2026-01-01 to 2029-01-01."
    [event] = calendar.events
    assert (event.start, event.end) == (task.starts_at, task.ends_at)
    assert event["DTSTART"].to_ical() == b"20270807T100000"


def test_personal_feed_adds_each_time_zone_once_in_order(client, edition, user):
    berlin = EditionFactory(slug="2028", time_zone="Europe/Berlin")
    for task_edition, start in ((edition, STARTS), (berlin, datetime.datetime(2028, 8, 7, 8, tzinfo=UTC))):
        for hours in (0, 3):
            begins = start + datetime.timedelta(hours=hours)
            SignUpFactory(
                task=TaskFactory(edition=task_edition, starts_at=begins, ends_at=begins + datetime.timedelta(hours=1)),
                user=user,
            )

    calendar = Calendar.from_ical(fetch(client, reverse("follows:calendar-feed", args=[calendar_feed_for(user).token])))

    assert [timezone.tz_name for timezone in calendar.timezones] == ["Asia/Taipei", "Europe/Berlin"]
    assert [timezone.to_ical() for timezone in calendar.timezones] == [
        Timezone.from_tzid(name).to_ical() for name in ("Asia/Taipei", "Europe/Berlin")
    ]
    assert calendar.events[-1]["DTSTART"].to_ical() == b"20280807T130000"  # 11:00 UTC + 3 h, in Berlin summer time


def test_unknown_time_zone_is_left_out_like_icalendar_does():
    assert (
        volunteering_calendar.vtimezone("Nowhere/Atlantis", Timezone.DEFAULT_FIRST_DATE, Timezone.DEFAULT_LAST_DATE)
        is None
    )
    calendar = Calendar.new(prodid="-//test//EN")

    volunteering_calendar.add_timezones(calendar)

    assert calendar.timezones == []


def test_task_descriptions_in_feeds_come_from_the_stored_html(client, edition, user):
    description = "Bring **water**.\n\n- [map](https://example.org) <script>x</script>"
    SignUpFactory(task=TaskFactory(edition=edition, description=description), user=user)

    with mock.patch("volunteering.markdown.markdown_lib.markdown", side_effect=AssertionError("rendered")):
        calendar = Calendar.from_ical(
            fetch(client, reverse("follows:calendar-feed", args=[calendar_feed_for(user).token]))
        )

    [event] = calendar.events
    assert str(event["DESCRIPTION"]).startswith(markdown_to_text(description) + "\n\n")
