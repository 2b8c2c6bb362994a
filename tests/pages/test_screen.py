"""The venue screen: a kiosk page for a TV, both languages at once, what is on now and next."""

import datetime
import re
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, pgettext

from pages.selectors import (
    SCREEN_SESSIONS_SHOWN,
    SCREEN_TASKS_SHOWN,
    Phase,
    screen_hours,
    venue_screen_at,
)
from tests.factories.communities import CommunityFactory
from tests.factories.editions import EditionFactory
from tests.factories.schedule import RoomFactory, SessionFactory, TrackFactory
from tests.factories.volunteering import SignUpFactory, TaskFactory, in_hours
from volunteering.models import SignUpStatus, TaskStatus

pytestmark = pytest.mark.integration

TAIPEI = zoneinfo.ZoneInfo("Asia/Taipei")
# A moment on the edition fixture's first event day (2027-08-08), in the edition's time zone.
NOW = datetime.datetime(2027, 8, 8, 13, 50, tzinfo=TAIPEI)


def minutes(count: float) -> datetime.timedelta:
    return datetime.timedelta(minutes=count)


def titles(shown) -> list[str]:
    return [row.title for row in shown.rows]


def in_language(language: str, text) -> str:
    with translation.override(language):
        return str(text)


def screen(client, query: str = "") -> str:
    return client.get(reverse("pages:venue-screen") + query).content.decode()


# What is on: the selector at a given moment


@pytest.mark.unit
def test_sessions_now_and_next_around_the_boundaries(edition):
    def session(title, start, end):
        return SessionFactory(edition=edition, title=title, starts_at=NOW + minutes(start), ends_at=NOW + minutes(end))

    session("Ended just now", -30, 0)
    session("Started earlier", -20, 10)
    session("Starts now", 0, 30)
    session("In a minute", 1, 31)
    session("In exactly an hour", 60, 90)
    session("In an hour and a minute", 61, 91)
    SessionFactory(edition=edition, title="Unscheduled", starts_at=NOW, ends_at=NOW + minutes(30), is_scheduled=False)
    SessionFactory(edition=EditionFactory(slug="2028"), title="Other edition", starts_at=NOW, ends_at=NOW + minutes(9))

    shown = venue_screen_at(edition=edition, now=NOW)

    assert titles(shown.sessions_now) == ["Started earlier", "Starts now"]
    assert titles(shown.sessions_next) == ["In a minute", "In exactly an hour"]
    assert shown.later_session is None
    assert shown.next_session.title == "In a minute"


@pytest.mark.unit
def test_sessions_now_are_listed_by_room(edition):
    rooms = [RoomFactory(edition=edition, name=name, position=position) for name, position in [("B", 2), ("A", 1)]]
    SessionFactory(edition=edition, title="In B", room=rooms[0], starts_at=NOW - minutes(30), ends_at=NOW + minutes(5))
    SessionFactory(edition=edition, title="In A", room=rooms[1], starts_at=NOW - minutes(5), ends_at=NOW + minutes(5))
    SessionFactory(edition=edition, title="Nowhere", starts_at=NOW - minutes(40), ends_at=NOW + minutes(5))

    assert titles(venue_screen_at(edition=edition, now=NOW).sessions_now) == ["In A", "In B", "Nowhere"]


@pytest.mark.unit
def test_between_sessions_the_screen_points_to_the_next_one(edition, django_assert_num_queries):
    room = RoomFactory(edition=edition, name="RB101")
    SessionFactory(edition=edition, title="Morning", starts_at=NOW - minutes(120), ends_at=NOW - minutes(60))
    SessionFactory(edition=edition, title="Later", room=room, starts_at=NOW + minutes(100), ends_at=NOW + minutes(130))
    SessionFactory(edition=edition, title="Even later", starts_at=NOW + minutes(200), ends_at=NOW + minutes(230))

    with django_assert_num_queries(3):
        shown = venue_screen_at(edition=edition, now=NOW)

    assert (titles(shown.sessions_now), titles(shown.sessions_next)) == ([], [])
    assert shown.next_session.title == "Later"
    assert shown.next_session.room == room


@pytest.mark.unit
def test_tasks_now_and_next_around_the_boundaries(edition):
    def task(title, start, end=None, **fields):
        starts_at = NOW + minutes(start)
        ends_at = NOW + minutes(end if end is not None else start + 60)
        return TaskFactory(edition=edition, title=title, starts_at=starts_at, ends_at=ends_at, **fields)

    task("Ended just now", -60, 0)
    task("Under way", -30, 30, headcount=3)
    task("Starts now", 0, headcount=2)
    full = task("Under way but full", -30, 30, headcount=1)
    SignUpFactory(task=full, status=SignUpStatus.CONFIRMED)
    soon = task("In an hour", 60, headcount=3)
    SignUpFactory(task=soon, status=SignUpStatus.CONFIRMED)
    SignUpFactory(task=soon, status=SignUpStatus.COMPLETED)
    SignUpFactory(task=soon, status=SignUpStatus.WAITLISTED)
    SignUpFactory(task=soon, status=SignUpStatus.CANCELLED)
    task("Just inside three hours", 179)
    task("At exactly three hours", 180)
    task("Sign-up opens later", 30, signup_opens_at=NOW + minutes(10))
    task("Sign-up opened", 40, signup_opens_at=NOW - minutes(10))
    for status in [TaskStatus.DRAFT, TaskStatus.CLOSED, TaskStatus.CANCELLED]:
        task(f"{status}", 30, status=status)
    TaskFactory(edition=EditionFactory(slug="2028"), title="Other edition", starts_at=NOW + minutes(30))

    shown = venue_screen_at(edition=edition, now=NOW, task_hours=3)

    assert titles(shown.tasks_now) == ["Under way", "Starts now"]
    assert [task.places_left for task in shown.tasks_now.rows] == [3, 2]
    assert titles(shown.tasks_next) == ["Sign-up opened", "In an hour", "Just inside three hours"]
    assert [task.places_left for task in shown.tasks_next.rows] == [3, 1, 3]


@pytest.mark.unit
def test_long_lists_show_their_first_rows_and_count_the_rest(edition):
    for index in range(SCREEN_SESSIONS_SHOWN + 5):
        SessionFactory(edition=edition, starts_at=NOW - minutes(10), ends_at=NOW + minutes(20 + index))
    for index in range(SCREEN_TASKS_SHOWN + 2):
        TaskFactory(edition=edition, starts_at=NOW + minutes(10 + index))

    shown = venue_screen_at(edition=edition, now=NOW)

    assert (len(shown.sessions_now.rows), shown.sessions_now.more) == (SCREEN_SESSIONS_SHOWN, 5)
    assert (len(shown.tasks_next.rows), shown.tasks_next.more) == (SCREEN_TASKS_SHOWN, 2)
    assert (len(shown.sessions_next.rows), shown.sessions_next.more) == (0, 0)


@pytest.mark.unit
@pytest.mark.parametrize(
    ("moment", "phase"),
    [
        # The edition fixture's event days are 2027-08-08 and 2027-08-09, in Asia/Taipei.
        (datetime.datetime(2027, 8, 7, 23, 59, tzinfo=TAIPEI), Phase.BEFORE),
        # 00:30 in Taipei is still the 7th in UTC: the edition's zone decides.
        (datetime.datetime(2027, 8, 8, 0, 30, tzinfo=TAIPEI), Phase.DURING),
        (datetime.datetime(2027, 8, 9, 23, 59, tzinfo=TAIPEI), Phase.DURING),
        (datetime.datetime(2027, 8, 10, 0, 0, tzinfo=TAIPEI), Phase.AFTER),
    ],
)
def test_phase_follows_the_editions_days_in_its_time_zone(edition, moment, phase):
    shown = venue_screen_at(edition=edition, now=moment.astimezone(datetime.UTC))

    assert shown.phase == phase
    assert shown.now.tzinfo == TAIPEI


@pytest.mark.unit
def test_screen_without_edition_is_empty(db):
    shown = venue_screen_at(edition=None, now=NOW)

    assert (shown.phase, shown.sessions_now.rows, shown.tasks_next.rows, shown.next_session) == (None, [], [], None)


@pytest.mark.unit
@pytest.mark.parametrize(
    ("raw", "hours"), [(None, 3), ("", 3), ("abc", 3), ("2.5", 3), ("0", 1), ("7", 7), ("12", 12), ("99", 12)]
)
def test_screen_hours_clamps_to_1_to_12(raw, hours):
    assert screen_hours(raw) == hours


# The page


def test_screen_is_a_kiosk_page_without_the_sites_chrome(client, edition, user):
    client.force_login(user)  # even for someone logged in: no name, no log-out button

    content = screen(client)

    assert content.startswith("<!DOCTYPE html>")
    for absent in [
        "site-header",
        "site-footer",
        "language-switcher",
        'name="language"',
        "/accounts/login/",
        "/accounts/logout/",
        "css/site.css",
        "js/site.js",
        user.public_name,
    ]:
        assert absent not in content, absent
    assert content.count("<h1") == 1
    assert '<link rel="stylesheet" href="/static/pages/screen.css">' in content


def test_screen_refreshes_itself_and_is_never_cached(client, edition):
    response = client.get(reverse("pages:venue-screen"))
    content = response.content.decode()

    assert '<noscript><meta http-equiv="refresh" content="60"></noscript>' in content
    assert '<script src="/static/pages/screen.js" defer></script>' in content
    assert 'data-refresh-seconds="60"' in content
    assert "no-store" in response.headers["Cache-Control"]
    assert "max-age=0" in response.headers["Cache-Control"]


def test_screen_shows_every_label_in_both_languages(client, edition):
    content = screen(client)

    for context, text in [("venue screen", "Now"), ("venue screen", "Next"), ("conference talks", "Sessions")]:
        english = in_language("en", pgettext(context, text))
        with translation.override("zh-hant"):
            chinese = pgettext(context, text)
        assert f'<span lang="en">{english}</span> <span lang="zh-Hant">{chinese}</span>' in content, text
    assert '<span lang="en">One-day volunteer</span> <span lang="zh-Hant">一日志工</span>' in content
    assert '<span lang="en">Scan to sign up</span> <span lang="zh-Hant">掃描報名</span>' in content


def test_screen_is_bilingual_whatever_the_viewers_language(client, edition):
    client.cookies["django_language"] = "zh-hant"

    content = screen(client)

    assert '<span lang="en">One-day volunteer</span> <span lang="zh-Hant">一日志工</span>' in content


def test_screen_lists_sessions_and_tasks_with_names_in_both_languages(client, edition):
    room = RoomFactory(edition=edition, name="RB101", name_zh_hant="綜合大樓 101")
    track = TrackFactory(edition=edition, name="Python Track", name_zh_hant="Python 議程軌")
    community = CommunityFactory(name="Rust Taiwan", name_zh_hant="Rust 台灣社群")
    SessionFactory(
        edition=edition, title="Typing Python", room=room, track=track, starts_at=in_hours(-0.25), ends_at=in_hours(0.5)
    )
    SessionFactory(edition=edition, title="Async Rust", room=room, starts_at=in_hours(0.5), ends_at=in_hours(1))
    TaskFactory(
        edition=edition, title="Room host", room=room, community=community, starts_at=in_hours(0.5), headcount=2
    )
    TaskFactory(edition=edition, title="Badge desk", starts_at=in_hours(-0.5), ends_at=in_hours(1), headcount=1)

    content = screen(client)

    now = content[content.index('id="screen-now"') : content.index('id="screen-next"')]
    upcoming = content[content.index('id="screen-next"') :]
    assert "Typing Python" in now
    assert "Badge desk" in now
    assert "Async Rust" in upcoming
    assert "Room host" in upcoming
    assert '<span lang="en">RB101</span> <span lang="zh-Hant">綜合大樓 101</span>' in now
    assert '<span lang="en">Python Track</span> <span lang="zh-Hant">Python 議程軌</span>' in now
    assert '<span lang="en">Rust Taiwan</span> <span lang="zh-Hant">Rust 台灣社群</span>' in upcoming
    assert '<span lang="en">2 places left</span> <span lang="zh-Hant">剩 2 個名額</span>' in upcoming
    assert '<span lang="en">1 place left</span> <span lang="zh-Hant">剩 1 個名額</span>' in now


def test_screen_names_a_room_once_when_its_chinese_name_contains_the_english_one(client, edition):
    room = RoomFactory(edition=edition, name="AU101", name_zh_hant="AU101 視聽館")
    SessionFactory(edition=edition, room=room, starts_at=in_hours(-0.25), ends_at=in_hours(0.5))

    assert '<p class="screen-row__room"><span lang="zh-Hant">AU101 視聽館</span></p>' in screen(client)


def test_screen_shows_times_in_the_editions_time_zone(client, db):
    edition = EditionFactory(slug="2027", is_current=True, time_zone="America/New_York")
    task = TaskFactory(edition=edition, starts_at=in_hours(1))

    content = screen(client)

    local = task.starts_at.astimezone(zoneinfo.ZoneInfo("America/New_York")).strftime("%H:%M")
    assert f'<time datetime="{task.starts_at.astimezone(edition.tzinfo).isoformat()}">{local}</time>' in content
    assert 'data-time-zone="America/New_York"' in content


def test_screen_between_sessions_says_when_and_where_the_next_one_is(client, edition):
    room = RoomFactory(edition=edition, name="RB101", name_zh_hant="")
    session = SessionFactory(edition=edition, room=room, starts_at=in_hours(2), ends_at=in_hours(3))

    content = screen(client)

    start = session.starts_at.astimezone(edition.tzinfo)
    if start.date() != datetime.datetime.now(edition.tzinfo).date():
        pytest.skip("run within two hours of midnight: the next session is tomorrow, written with its day")
    when = start.strftime("%H:%M")
    assert f'<span lang="en">No sessions right now — next at {when} in RB101</span>' in content
    with translation.override("zh-hant"):
        chinese = gettext("No sessions right now — next at %(when)s in %(room)s") % {"when": when, "room": "RB101"}
    assert f'<span lang="zh-Hant">{chinese}</span>' in content


def test_screen_before_the_event_says_when_it_starts(client, edition):
    content = screen(client)  # the edition fixture's event is in August 2027

    assert '<span lang="en">The event starts on Sunday, August 8.</span>' in content
    assert "8月8日（星期日）" in content


def test_screen_has_qr_to_the_absolute_board_url(client, edition, settings):
    settings.SITE_URL = "https://volunteer.example.org"

    content = screen(client)

    assert '<figure class="screen__qr" data-qr-url="https://volunteer.example.org/one-day/">' in content
    assert '<svg viewBox="0 0 ' in content
    assert '<span class="screen__url">https://volunteer.example.org/one-day/</span>' in content


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ("", ["2h"]),
        ("?hours=abc", ["2h"]),
        ("?hours=0", []),
        ("?hours=1", []),
        ("?hours=6", ["2h", "5h"]),
        ("?hours=100", ["2h", "5h", "11h"]),
    ],
)
def test_screen_hours_window_for_tasks(client, edition, query, shown):
    for hours in [2, 5, 11, 13]:
        TaskFactory(edition=edition, title=f"{hours}h", starts_at=in_hours(hours))

    response = client.get(reverse("pages:venue-screen") + query)

    assert response.status_code == 200
    assert titles(response.context["screen"].tasks_next) == shown


@pytest.mark.parametrize("count", [1, 20])
def test_screen_query_count_does_not_grow(client, edition, django_assert_num_queries, count):
    room = RoomFactory(edition=edition)
    track = TrackFactory(edition=edition)
    community = CommunityFactory()
    for index in range(count):
        SessionFactory(edition=edition, room=room, track=track, starts_at=in_hours(-0.5), ends_at=in_hours(0.5))
        SessionFactory(edition=edition, room=room, track=track, starts_at=in_hours(0.5), ends_at=in_hours(1))
        for start in [-0.5, 1 + index / 60]:
            task = TaskFactory(edition=edition, room=room, track=track, community=community, starts_at=in_hours(start))
            SignUpFactory(task=task)

    # The edition, the sessions, the tasks with their places.
    with django_assert_num_queries(3):
        response = client.get(reverse("pages:venue-screen"))

    assert response.status_code == 200
    assert response.context["screen"].tasks_now.more == max(count - SCREEN_TASKS_SHOWN, 0)


def test_screen_works_without_any_edition(client, db):
    response = client.get(reverse("pages:venue-screen"))

    assert response.status_code == 200
    assert response.context["screen"].phase is None
    assert re.search(r'<h1 class="screen__title">', response.content.decode())
