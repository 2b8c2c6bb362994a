"""The whole schedule as JSON (shaped like Pretalx's schedule.json) and as iCalendar."""

import datetime
import zoneinfo

import icalendar
import pytest
from django.urls import reverse

from core.urls import absolute_url
from follows.calendar import session_uid
from schedule.pretalx import parse_schedule_json
from tests.factories.accounts import UserFactory
from tests.factories.editions import EditionFactory
from tests.factories.schedule import RoomFactory, SessionFactory, TrackFactory

pytestmark = pytest.mark.integration

JSON_EXPORT = reverse("schedule:schedule-json")
ICS_EXPORT = reverse("schedule:schedule-ics")
TAIPEI = zoneinfo.ZoneInfo("Asia/Taipei")


def at(day, hour, minute=0, tz=TAIPEI):
    return datetime.datetime(2027, 8, day, hour, minute, tzinfo=tz)


@pytest.fixture
def programme(edition):
    """Two rooms (TR411 comes first in the venue), two tracks, three talks on two days, and what stays out."""
    tr409 = RoomFactory(edition=edition, name="TR409", position=2, pretalx_uuid="room-409")
    tr411 = RoomFactory(edition=edition, name="TR411", position=1, pretalx_uuid=None)
    python = TrackFactory(edition=edition, name="Python", color="#3572A5")
    rust = TrackFactory(edition=edition, name="Rust", color="")
    talks = {
        "typing": SessionFactory(
            edition=edition,
            code="TYPING",
            title="Typing",
            starts_at=at(7, 10),
            ends_at=at(7, 10, 40),
            room=tr409,
            track=python,
            speakers=["Ann", "Bo"],
            language="en",
        ),
        "borrow": SessionFactory(
            edition=edition,
            code="BORROW",
            title="Borrowing",
            starts_at=at(7, 10),
            ends_at=at(7, 11, 30),
            room=tr411,
            track=rust,
            speakers=["Cy"],
            language="zh-tw",
        ),
        "late": SessionFactory(
            edition=edition,
            code="LATE",
            title="Late night",
            starts_at=at(8, 23, 30),
            ends_at=at(9, 0, 15),
            room=tr409,
            track=None,
            speakers=[],
        ),
    }
    SessionFactory(edition=edition, code="GONE", title="Unscheduled", starts_at=at(7, 12), is_scheduled=False)
    SessionFactory(edition=edition, code="LATER", title="No time yet", starts_at=None, ends_at=None)
    SessionFactory(edition=EditionFactory(slug="2026"), code="OLD", title="Last year", starts_at=at(7, 9))
    return {"rooms": (tr409, tr411), "tracks": (python, rust), **talks}


def page(session) -> str:
    return absolute_url(reverse("schedule:session-detail", args=[session.pk]))


# --- JSON ---


def test_json_export_holds_the_whole_schedule_by_day_and_room(client, programme):
    response = client.get(JSON_EXPORT)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "public, max-age=300"
    conference = response.json()["schedule"]["conference"]
    tr409, tr411 = programme["rooms"]
    assert {key: value for key, value in conference.items() if key != "days"} == {
        "acronym": "2027",
        "title": "COSCUP 2027",
        "start": "2027-08-08",
        "end": "2027-08-09",
        "daysCount": 2,
        "time_zone_name": "Asia/Taipei",
        "url": absolute_url(reverse("schedule:schedule")),
        "rooms": [
            {"name": "TR411", "guid": conference["rooms"][0]["guid"]},
            {"name": "TR409", "guid": "room-409"},
        ],
        "tracks": [{"name": "Python", "color": "#3572A5"}, {"name": "Rust", "color": ""}],
    }
    assert conference["rooms"][0]["guid"]  # made up here (the room did not come from Pretalx), but stable
    assert [(day["index"], day["date"], list(day["rooms"])) for day in conference["days"]] == [
        (1, "2027-08-07", ["TR411", "TR409"]),
        (2, "2027-08-08", ["TR409"]),
    ]
    assert conference["days"][0]["rooms"]["TR409"] == [
        {
            "code": "TYPING",
            "title": "Typing",
            "date": "2027-08-07T10:00:00+08:00",
            "start": "10:00",
            "end": "2027-08-07T10:40:00+08:00",
            "duration": "00:40",
            "room": "TR409",
            "track": "Python",
            "language": "en",
            "speakers": ["Ann", "Bo"],
            "persons": [{"name": "Ann"}, {"name": "Bo"}],
            "url": page(programme["typing"]),
        }
    ]
    assert conference["days"][0]["rooms"]["TR411"][0]["duration"] == "01:30"
    late = conference["days"][1]["rooms"]["TR409"][0]
    assert (late["code"], late["end"], late["duration"], late["track"], late["speakers"]) == (
        "LATE",
        "2027-08-09T00:15:00+08:00",
        "00:45",
        None,
        [],
    )


def test_json_export_of_a_session_without_room_or_end(client, edition):
    SessionFactory(edition=edition, code="OPEN", starts_at=at(7, 9), ends_at=None, room=None, track=None)

    days = client.get(JSON_EXPORT).json()["schedule"]["conference"]["days"]

    talk = days[0]["rooms"][""][0]
    assert (talk["code"], talk["room"], talk["end"], talk["duration"]) == ("OPEN", None, None, None)


def test_json_export_reads_back_as_a_pretalx_schedule(client, programme):
    data = parse_schedule_json(client.get(JSON_EXPORT).json())

    assert data.time_zone == "Asia/Taipei"
    assert [(item.code, item.starts_at, item.ends_at, item.speakers) for item in data.sessions] == [
        ("BORROW", at(7, 10), at(7, 11, 30), ("Cy",)),
        ("TYPING", at(7, 10), at(7, 10, 40), ("Ann", "Bo")),
        ("LATE", at(8, 23, 30), at(9, 0, 15), ()),
    ]


def test_json_export_is_in_the_visitors_language(client, edition):
    room = RoomFactory(edition=edition, name="Hall", name_zh_hant="大禮堂")
    SessionFactory(edition=edition, starts_at=at(7, 9), room=room)
    client.cookies["django_language"] = "zh-hant"

    conference = client.get(JSON_EXPORT).json()["schedule"]["conference"]

    assert conference["rooms"][0]["name"] == "大禮堂"
    assert list(conference["days"][0]["rooms"]) == ["大禮堂"]


def test_json_export_of_an_empty_schedule(client, edition):
    conference = client.get(JSON_EXPORT).json()["schedule"]["conference"]

    assert (conference["days"], conference["daysCount"], conference["rooms"]) == ([], 0, [])


# --- iCalendar ---


def test_ics_export_holds_every_session_with_an_end_in_the_edition_time_zone(client, programme):
    response = client.get(ICS_EXPORT)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Cache-Control"] == "public, max-age=300"
    calendar = icalendar.Calendar.from_ical(response.content)
    events = {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}
    assert sorted(events) == ["Borrowing", "Late night", "Typing"]
    typing = events["Typing"]
    assert typing.decoded("DTSTART") == at(7, 10)
    assert typing.decoded("DTEND") == at(7, 10, 40)
    assert typing["DTSTART"].params["TZID"] == "Asia/Taipei"
    assert typing.decoded("DTSTART").tzinfo.key == "Asia/Taipei"
    assert str(typing["UID"]) == session_uid(programme["typing"])
    assert str(typing["LOCATION"]) == "TR409"
    assert events["Late night"].decoded("DTEND") == at(9, 0, 15)
    assert [str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")] == ["Asia/Taipei"]
    assert b"DTSTART;TZID=Asia/Taipei:20270807T100000" in response.content


def test_ics_export_times_follow_the_edition_time_zone(client, db):
    edition = EditionFactory(slug="2027", is_current=True, time_zone="Europe/Berlin")
    start = datetime.datetime(2027, 8, 7, 8, 0, tzinfo=datetime.UTC)  # 10:00 in Berlin
    SessionFactory(edition=edition, starts_at=start, ends_at=start + datetime.timedelta(hours=1))

    response = client.get(ICS_EXPORT)

    assert b"DTSTART;TZID=Europe/Berlin:20270807T100000" in response.content
    assert b"DTEND;TZID=Europe/Berlin:20270807T110000" in response.content


# --- Both ---


@pytest.mark.parametrize("url", [JSON_EXPORT, ICS_EXPORT])
def test_exports_for_visitors_and_people_logged_in(client, programme, url):
    anonymous = client.get(url)
    client.force_login(UserFactory())
    logged_in = client.get(url)

    assert (anonymous.status_code, logged_in.status_code) == (200, 200)
    assert logged_in["Cache-Control"] == "public, max-age=300"
    assert b"Typing" in anonymous.content and b"Typing" in logged_in.content


@pytest.mark.parametrize("url", [JSON_EXPORT, ICS_EXPORT])
def test_exports_without_edition_are_404(client, db, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("url", [JSON_EXPORT, ICS_EXPORT])
def test_exports_refuse_posts(client, edition, url):
    assert client.post(url).status_code == 405


@pytest.mark.parametrize("url", [JSON_EXPORT, ICS_EXPORT])
def test_exports_ignore_query_parameters(client, programme, url):
    plain = client.get(url).content
    odd = client.get(url, {"day": "\x00", "track": "x", "room": "9" * 30})

    assert odd.status_code == 200
    assert odd.content.count(b"Typing") == plain.count(b"Typing")


@pytest.mark.parametrize("count", [2, 40])
def test_json_export_query_count_does_not_grow(client, edition, django_assert_num_queries, count):
    rooms = RoomFactory.create_batch(3, edition=edition)
    tracks = TrackFactory.create_batch(3, edition=edition)
    for index in range(count):
        start = at(7 + index % 2, 9 + index % 8)
        SessionFactory(edition=edition, starts_at=start, room=rooms[index % 3], track=tracks[index % 3])

    # editions, rooms, tracks, sessions with their rooms and tracks
    with django_assert_num_queries(4):
        response = client.get(JSON_EXPORT)

    days = response.json()["schedule"]["conference"]["days"]
    assert sum(len(talks) for day in days for talks in day["rooms"].values()) == count


@pytest.mark.parametrize("count", [2, 40])
def test_ics_export_query_count_does_not_grow(client, edition, django_assert_num_queries, count):
    rooms = RoomFactory.create_batch(3, edition=edition)
    for index in range(count):
        SessionFactory(edition=edition, starts_at=at(7 + index % 2, 9 + index % 8), room=rooms[index % 3])

    # editions, sessions with their rooms
    with django_assert_num_queries(2):
        response = client.get(ICS_EXPORT)

    assert len(icalendar.Calendar.from_ical(response.content).walk("VEVENT")) == count
