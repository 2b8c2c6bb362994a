"""The schedule page shows one day at a time: which day, the day tabs, odd ?day= values, filters, markup, queries."""

import datetime
import re
from urllib.parse import quote

import pytest
from django.urls import reverse
from django.utils import timezone

from schedule.forms import ScheduleFilterForm
from tests.factories.communities import CommunityFactory
from tests.factories.editions import EditionFactory
from tests.factories.follows import SessionStarFactory
from tests.factories.schedule import RoomFactory, SessionFactory, TrackFactory

pytestmark = pytest.mark.integration

SCHEDULE = reverse("schedule:schedule")
AUG = {day: datetime.date(2027, 8, day) for day in range(1, 32)}


def session_on(edition, day: datetime.date, hour: int, minute: int = 0, **kwargs):
    start = datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=edition.tzinfo)
    return SessionFactory(edition=edition, starts_at=start, ends_at=start + datetime.timedelta(minutes=40), **kwargs)


def titles(response) -> list[str]:
    return re.findall(r'<h4 class="session-item__title"><a href="[^"]+">([^<]+)</a>', response.content.decode())


def shown_days(response) -> list[str]:
    return re.findall(r'<h2 class="schedule-day__heading" id="day-([0-9-]+)">', response.content.decode())


def tabs(response) -> list[tuple[str, str, str]]:
    """(href, aria-current or "", label) of each day tab."""
    nav = re.search(r'<nav class="schedule-days".*?</nav>', response.content.decode(), re.DOTALL)
    if nav is None:
        return []
    return re.findall(r'<li><a href="([^"]+)"(?: aria-current="(page)")?>([^<]+)</a></li>', nav.group(0))


@pytest.fixture
def three_days(edition):
    """Talks on 7, 8 and 11 August 2027 (Taipei), none on the 9th and 10th; plus what is never offered: an
    unscheduled talk (on the 12th), one without a time, another edition's (on the 13th)."""
    session_on(edition, AUG[7], 9, title="Saturday morning")
    session_on(edition, AUG[7], 14, title="Saturday afternoon")
    session_on(edition, AUG[8], 9, title="Sunday morning")
    session_on(edition, AUG[11], 9, title="Wednesday morning")
    session_on(edition, AUG[12], 9, title="Unscheduled", is_scheduled=False)
    SessionFactory(edition=edition, starts_at=None, ends_at=None, title="No time yet")
    session_on(EditionFactory(slug="2026"), AUG[13], 9, title="Another edition")
    return edition


# --- Which day ---


def test_schedule_shows_the_first_day_with_sessions_before_the_edition(client, three_days):
    response = client.get(SCHEDULE)

    assert response.status_code == 200
    assert shown_days(response) == ["2027-08-07"]
    assert titles(response) == ["Saturday morning", "Saturday afternoon"]


def test_schedule_shows_today_while_the_edition_is_on(client, db):
    edition = EditionFactory(slug="2027", is_current=True, time_zone="Asia/Taipei")
    today = timezone.localdate(timezone=edition.tzinfo)
    session_on(edition, today - datetime.timedelta(days=1), 9, title="Yesterday")
    session_on(edition, today, 0, 5, title="Just after midnight")
    session_on(edition, today + datetime.timedelta(days=1), 9, title="Tomorrow")

    response = client.get(SCHEDULE)

    assert shown_days(response) == [today.isoformat()]
    assert titles(response) == ["Just after midnight"]
    assert [current for _href, current, _label in tabs(response)] == ["", "page", ""]


def test_schedule_shows_the_next_day_with_sessions_on_a_day_without(client, db):
    edition = EditionFactory(slug="2027", is_current=True)
    today = timezone.localdate(timezone=edition.tzinfo)
    session_on(edition, today - datetime.timedelta(days=1), 9, title="Yesterday")
    session_on(edition, today + datetime.timedelta(days=2), 9, title="The day after tomorrow")

    response = client.get(SCHEDULE)

    assert titles(response) == ["The day after tomorrow"]


def test_schedule_shows_the_first_day_once_the_edition_is_over(client, db):
    edition = EditionFactory(slug="2027", is_current=True)
    today = timezone.localdate(timezone=edition.tzinfo)
    session_on(edition, today - datetime.timedelta(days=3), 9, title="First day")
    session_on(edition, today - datetime.timedelta(days=2), 9, title="Last day")

    response = client.get(SCHEDULE)

    assert titles(response) == ["First day"]


def test_chosen_day_prefers_the_asked_day_then_today_then_the_next_then_the_first():
    days = [AUG[7], AUG[8], AUG[11]]

    def chosen(asked, today):
        form = ScheduleFilterForm({"day": asked} if asked else None)
        return form.chosen_day(days, today=today)

    assert chosen("2027-08-11", AUG[8]) == AUG[11]
    assert chosen("2027-08-09", AUG[8]) == AUG[8]  # not a day with sessions: today's
    assert chosen(None, AUG[8]) == AUG[8]
    assert chosen(None, AUG[9]) == AUG[11]
    assert chosen(None, AUG[1]) == AUG[7]
    assert chosen(None, AUG[20]) == AUG[7]
    assert ScheduleFilterForm().chosen_day([], today=AUG[8]) is None


# --- Day tabs ---


def test_schedule_offers_a_tab_per_day_with_sessions(client, three_days):
    response = client.get(SCHEDULE)

    assert tabs(response) == [
        ("?day=2027-08-07", "page", "Sat 7 Aug"),
        ("?day=2027-08-08", "", "Sun 8 Aug"),
        ("?day=2027-08-11", "", "Wed 11 Aug"),
    ]


def test_schedule_day_tab_shows_that_day(client, three_days):
    response = client.get(SCHEDULE, {"day": "2027-08-08"})

    assert shown_days(response) == ["2027-08-08"]
    assert titles(response) == ["Sunday morning"]
    assert [current for _href, current, _label in tabs(response)] == ["", "page", ""]


def test_schedule_without_sessions_offers_no_tabs(client, edition):
    response = client.get(SCHEDULE)

    assert response.status_code == 200
    assert tabs(response) == []
    assert "The schedule appears here once it has been imported." in response.content.decode()


@pytest.mark.parametrize(
    "day",
    [
        "0001-01-01",
        "9999-12-31",
        "\x00",
        "%00",
        "x",
        "2027-13-45",
        "2027-08-32",
        "2027-08-09",
        "",
        "2027-08-08\x00",
        "9" * 500,
    ],
)
def test_schedule_odd_day_shows_the_default_day(client, three_days, day):
    response = client.get(SCHEDULE, {"day": day})

    assert response.status_code == 200
    assert shown_days(response) == ["2027-08-07"]


def test_schedule_odd_day_in_the_raw_query_string_shows_the_default_day(client, three_days):
    response = client.get(f"{SCHEDULE}?day=%00&day=2027-08-08&track=%ff")

    assert response.status_code == 200
    assert shown_days(response) == ["2027-08-08"]  # the last value of a repeated parameter counts


# --- Filters with the day ---


def test_schedule_filters_the_chosen_day(client, edition):
    python = TrackFactory(edition=edition, name="Python")
    session_on(edition, AUG[7], 9, title="Python on Saturday", track=python)
    session_on(edition, AUG[8], 9, title="Python on Sunday", track=python)
    session_on(edition, AUG[8], 10, title="Rust on Sunday", track=TrackFactory(edition=edition, name="Rust"))

    response = client.get(SCHEDULE, {"track": python.pk, "day": "2027-08-08"})

    content = response.content.decode()
    assert titles(response) == ["Python on Sunday"]
    assert tabs(response) == [
        (f"?track={python.pk}&amp;day=2027-08-07", "", "Sat 7 Aug"),
        (f"?track={python.pk}&amp;day=2027-08-08", "page", "Sun 8 Aug"),
    ]
    assert '<input type="hidden" name="day" value="2027-08-08">' in content
    assert f'<option value="{python.pk}" selected>Python</option>' in content


def test_schedule_offers_only_the_days_the_filter_has_sessions_on(client, edition):
    python = TrackFactory(edition=edition, name="Python")
    session_on(edition, AUG[7], 9, title="Rust on Saturday", track=TrackFactory(edition=edition))
    session_on(edition, AUG[8], 9, title="Python on Sunday", track=python)

    response = client.get(SCHEDULE, {"track": python.pk, "day": "2027-08-07"})

    assert [label for _href, _current, label in tabs(response)] == ["Sun 8 Aug"]
    assert titles(response) == ["Python on Sunday"]


def test_schedule_filters_by_room(client, edition):
    room = RoomFactory(edition=edition, name="TR409")
    session_on(edition, AUG[7], 9, title="In TR409", room=room)
    session_on(edition, AUG[7], 9, title="Elsewhere", room=RoomFactory(edition=edition, name="TR411"))

    response = client.get(SCHEDULE, {"room": room.pk})

    content = response.content.decode()
    assert titles(response) == ["In TR409"]
    assert f'<option value="{room.pk}" selected>TR409</option>' in content
    assert ">TR411</option>" in content


def test_schedule_room_filter_offers_only_this_edition_rooms(client, edition):
    RoomFactory(edition=edition, name="TR409")
    RoomFactory(edition=EditionFactory(slug="2026"), name="Old room")

    content = client.get(SCHEDULE).content.decode()

    assert ">TR409</option>" in content
    assert "Old room" not in content


def test_schedule_combines_track_community_and_room(client, edition):
    community = CommunityFactory(name="PyCon Taiwan")
    python = TrackFactory(edition=edition, name="Python")
    python.communities.add(community)
    room = RoomFactory(edition=edition)
    session_on(edition, AUG[8], 9, title="Wanted", track=python, room=room)
    session_on(edition, AUG[8], 10, title="Other room", track=python, room=RoomFactory(edition=edition))
    session_on(edition, AUG[8], 11, title="Other track", track=TrackFactory(edition=edition), room=room)
    session_on(edition, AUG[7], 9, title="Other day", track=python, room=room)

    response = client.get(
        SCHEDULE, {"track": python.pk, "community": community.pk, "room": room.pk, "day": "2027-08-08"}
    )

    assert titles(response) == ["Wanted"]


def test_schedule_filtered_to_nothing_says_so(client, edition):
    python = TrackFactory(edition=edition, name="Python")
    session_on(edition, AUG[7], 9, title="Rust talk", track=TrackFactory(edition=edition))

    response = client.get(SCHEDULE, {"track": python.pk})

    assert response.status_code == 200
    assert titles(response) == []
    assert "No sessions match these filters." in response.content.decode()


# --- The page ---


def test_schedule_day_has_headings_per_day_and_slot(client, edition):
    session_on(edition, AUG[7], 9, title="A")
    session_on(edition, AUG[7], 9, title="B")
    session_on(edition, AUG[7], 10, 30, title="C")

    content = client.get(SCHEDULE).content.decode()

    assert content.count("<h1>") == 1
    assert re.findall(r"<h2 class=\"schedule-day__heading\"[^>]*>([^<]+)</h2>", content) == ["Sat 7 Aug 2027"]
    assert re.findall(r'<h3 class="schedule-slot__time"><time datetime="([^"]+)">([^<]+)</time></h3>', content) == [
        ("2027-08-07T09:00:00+08:00", "09:00"),
        ("2027-08-07T10:30:00+08:00", "10:30"),
    ]
    first_time = '<time datetime="2027-08-07T09:00:00+08:00">09:00</time>'
    assert f'{first_time}–<time datetime="2027-08-07T09:40:00+08:00">09:40</time>' in content
    assert '<p class="schedule-count" role="status">3 sessions</p>' in content


def test_schedule_day_shows_room_track_speakers_and_links(client, edition):
    room = RoomFactory(edition=edition, name="TR409")
    track = TrackFactory(edition=edition, name="Python")
    session = session_on(edition, AUG[7], 9, title="Typing", room=room, track=track, speakers=["Ann", "Bo"])

    content = client.get(SCHEDULE).content.decode()

    assert f'<a href="{reverse("schedule:session-detail", args=[session.pk])}">Typing</a>' in content
    assert '<span class="label label--room"><span class="visually-hidden">Room: </span>TR409</span>' in content
    assert '<span class="label label--track"><span class="visually-hidden">Track: </span>Python</span>' in content
    assert '<span class="visually-hidden">Speakers: </span>Ann, Bo</span>' in content


def test_schedule_day_without_end_room_track_or_speakers(client, edition):
    start = datetime.datetime(2027, 8, 7, 9, tzinfo=edition.tzinfo)
    SessionFactory(edition=edition, starts_at=start, ends_at=None, title="Open end", speakers=[])

    content = client.get(SCHEDULE).content.decode()

    assert '<p class="session-item__time"><time datetime="2027-08-07T09:00:00+08:00">09:00</time></p>' in content
    assert '<p class="session-item__meta"></p>' in content


def test_schedule_day_escapes_what_the_import_wrote(client, edition):
    room = RoomFactory(edition=edition, name="<b>Room</b>")
    track = TrackFactory(edition=edition, name='Track "&"')
    session_on(edition, AUG[7], 9, title="<script>alert(1)</script>", room=room, track=track, speakers=["<i>Ann</i>"])

    content = client.get(SCHEDULE).content.decode()

    assert "<script>alert(1)</script>" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content
    assert "&lt;b&gt;Room&lt;/b&gt;" in content
    assert "Track &quot;&amp;&quot;" in content
    assert "&lt;i&gt;Ann&lt;/i&gt;" in content


def test_schedule_day_shows_chinese_names_to_chinese_readers(client, edition):
    room = RoomFactory(edition=edition, name="Hall", name_zh_hant="大禮堂")
    track = TrackFactory(edition=edition, name="Python", name_zh_hant="Python 議程軌")
    session_on(edition, AUG[7], 9, room=room, track=track)
    client.cookies["django_language"] = "zh-hant"

    content = client.get(SCHEDULE).content.decode()

    assert "大禮堂</span>" in content
    assert "Python 議程軌</span>" in content


def test_schedule_links_the_whole_programme(client, edition):
    track = TrackFactory(edition=edition)
    session_on(edition, AUG[7], 9, track=track)

    content = client.get(SCHEDULE, {"track": track.pk}).content.decode()

    assert f'href="{reverse("schedule:schedule-print")}?track={track.pk}"' in content
    assert f'href="{reverse("schedule:schedule-ics")}"' in content
    assert f'href="{reverse("schedule:schedule-json")}"' in content


def test_schedule_day_star_buttons_for_a_person_logged_in(client, edition, user):
    first = session_on(edition, AUG[8], 9)
    second = session_on(edition, AUG[8], 10)
    session_on(edition, AUG[7], 9)
    SessionStarFactory(user=user, session=second)
    SessionStarFactory(session=second)
    client.force_login(user)

    content = client.get(SCHEDULE, {"day": "2027-08-08"}).content.decode()

    forms = re.findall(
        r'<form method="post" action="([^"]+)" class="follow-form" data-follow-form>\s*'
        r'<input type="hidden" name="csrfmiddlewaretoken" value="[^"]+">\s*'
        r'<input type="hidden" name="next" value="([^"]+)">\s*'
        r'<input type="hidden" name="following" value="([01])" data-follow-want>\s*'
        r'<button type="submit" class="button button--small follow-button" aria-pressed="(true|false)" '
        r"data-follow-button>([^<]+)</button>\s*"
        r'<span class="follow-count" data-follow-count aria-live="polite">([^<]+)</span>\s*</form>',
        content,
    )
    page = f"{SCHEDULE}?day=2027-08-08"  # and back to the session itself, without JavaScript
    first_star, second_star = (reverse("follows:session-star", args=[pk]) for pk in (first.pk, second.pk))
    assert forms == [
        (first_star, f"{page}#session-{first.pk}", "1", "false", "Star", "0 people starred this"),
        (second_star, f"{page}#session-{second.pk}", "0", "true", "Starred", "2 people starred this"),
    ]
    assert f'id="session-{first.pk}"' in content


def test_schedule_day_login_links_for_visitors(client, edition):
    session = session_on(edition, AUG[8], 9)
    SessionStarFactory(session=session)

    content = client.get(SCHEDULE, {"day": "2027-08-08"}).content.decode()

    login = f"{reverse('account_login')}?next={quote(SCHEDULE + '?day=2027-08-08', safe='/')}"
    assert re.findall(
        r'<p class="follow-form">\s*<a class="button button--small button--secondary" href="([^"]+)">([^<]+)</a>\s*'
        r'<span class="follow-count">([^<]+)</span>',
        content,
    ) == [(login.replace("&", "&amp;"), "Log in to star", "1 person starred this")]
    assert "csrfmiddlewaretoken" not in content


def test_schedule_without_edition_is_404(client, db):
    assert client.get(SCHEDULE).status_code == 404


def test_schedule_refuses_posts(client, edition):
    assert client.post(SCHEDULE).status_code == 405


# --- Queries ---


@pytest.mark.parametrize("count", [3, 60])
def test_schedule_day_query_count_does_not_grow(client, edition, django_assert_num_queries, count):
    tracks = TrackFactory.create_batch(3, edition=edition)
    community = CommunityFactory()
    for track in tracks:
        track.communities.add(community)
    rooms = RoomFactory.create_batch(3, edition=edition)
    for index in range(count):
        day = AUG[7 + index % 3]
        session = session_on(edition, day, 9 + index % 9, track=tracks[index % 3], room=rooms[index % 3])
        SessionStarFactory(session=session)

    # editions, filter tracks, filter communities, filter rooms, days, the day's sessions; filled in per
    # response (follows.buttons): their star counts
    with django_assert_num_queries(7):
        response = client.get(SCHEDULE, {"community": community.pk, "day": "2027-08-08"})

    assert len(titles(response)) == len(range(1, count, 3))


@pytest.mark.parametrize("count", [3, 60])
def test_schedule_day_logged_in_query_count_does_not_grow(client, edition, user, django_assert_num_queries, count):
    track = TrackFactory(edition=edition)
    room = RoomFactory(edition=edition)
    for index in range(count):
        session = session_on(edition, AUG[7 + index % 2], 8 + index % 10, track=track, room=room)
        SessionStarFactory(session=session)
        if index % 3:
            SessionStarFactory(user=user, session=session)
    client.force_login(user)

    # session, user, editions, roles, filter tracks, filter communities, filter rooms, days, the day's
    # sessions; filled in per response (follows.buttons): their star counts, the person's stars
    with django_assert_num_queries(11):
        response = client.get(SCHEDULE, {"day": "2027-08-07", "room": room.pk})

    assert len(titles(response)) == len(range(0, count, 2))


def test_schedule_day_orders_a_slot_by_the_venues_room_order_then_code(client, edition):
    # The rows are sorted in Python (the query reads no joins): by start, the room's position, then code.
    hall = RoomFactory(edition=edition, name="A hall", position=2)
    studio = RoomFactory(edition=edition, name="Z studio", position=1)
    session_on(edition, AUG[7], 10, title="Later", code="A1", room=studio)
    session_on(edition, AUG[7], 9, title="Hall", code="A2", room=hall)
    session_on(edition, AUG[7], 9, title="Studio B", code="B9", room=studio)
    session_on(edition, AUG[7], 9, title="Studio A", code="B1", room=studio)
    session_on(edition, AUG[7], 9, title="Nowhere", code="A0")

    assert titles(client.get(SCHEDULE)) == ["Studio A", "Studio B", "Hall", "Nowhere", "Later"]


def test_schedule_day_names_a_room_and_track_of_another_edition(client, edition):
    # Not the filter's choices (an edit by hand): the names are read for the few rows that need them.
    other = EditionFactory(slug="2019")
    session_on(
        edition,
        AUG[7],
        9,
        title="Moved",
        room=RoomFactory(edition=other, name="Old hall"),
        track=TrackFactory(edition=other, name="Old track"),
    )

    content = client.get(SCHEDULE).content.decode()

    assert '<span class="visually-hidden">Room: </span>Old hall</span>' in content
    assert '<span class="visually-hidden">Track: </span>Old track</span>' in content
