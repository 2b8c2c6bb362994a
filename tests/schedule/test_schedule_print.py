"""The printable schedule: every day on one compact page, without buttons or scripts."""

import datetime
import re

import pytest
from django.urls import reverse

from tests.factories.accounts import UserFactory
from tests.factories.editions import EditionFactory
from tests.factories.schedule import RoomFactory, SessionFactory, TrackFactory

pytestmark = pytest.mark.integration

PRINT = reverse("schedule:schedule-print")


def session_at(edition, day, hour, minute=0, **kwargs):
    start = datetime.datetime(2027, 8, day, hour, minute, tzinfo=edition.tzinfo)
    return SessionFactory(edition=edition, starts_at=start, ends_at=start + datetime.timedelta(minutes=40), **kwargs)


def rows(response) -> list[tuple[str, str, str, str, str]]:
    """(time, title, room, track, speakers) of each session row."""
    return re.findall(
        r'<tr><td class="schedule-table__time">([^<]*)</td><td class="schedule-table__title"><a href="[^"]+">([^<]*)'
        r"</a></td><td>([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td></tr>",
        response.content.decode(),
    )


def test_print_holds_every_session_of_every_day(client, edition):
    room = RoomFactory(edition=edition, name="TR409")
    track = TrackFactory(edition=edition, name="Python")
    session_at(edition, 8, 9, title="Sunday talk", room=room, track=track, speakers=["Ann", "Bo"])
    session_at(edition, 7, 14, title="Afternoon talk")
    session_at(edition, 7, 9, title="Morning talk", room=room)
    session_at(edition, 7, 10, title="Unscheduled talk", is_scheduled=False)
    SessionFactory(edition=edition, starts_at=None, ends_at=None, title="No time yet")
    session_at(EditionFactory(slug="2026"), 7, 9, title="Last year's talk")

    response = client.get(PRINT)

    content = response.content.decode()
    assert response.status_code == 200
    assert rows(response) == [
        ("09:00–09:40", "Morning talk", "TR409", "", ""),
        ("14:00–14:40", "Afternoon talk", "", "", ""),
        ("09:00–09:40", "Sunday talk", "TR409", "Python", "Ann, Bo"),
    ]
    assert re.findall(r'<h2 id="day-([0-9-]+)">([^<]+)</h2>', content) == [
        ("2027-08-07", "Sat 7 Aug 2027"),
        ("2027-08-08", "Sun 8 Aug 2027"),
    ]
    assert "3 sessions · Times in Asia/Taipei" in content


def test_print_has_a_print_stylesheet_and_no_buttons_or_scripts(client, edition, user):
    session_at(edition, 7, 9, title="Talk")
    client.force_login(user)

    content = client.get(PRINT).content.decode()

    assert 'href="/static/schedule/schedule_print.css"' in content
    assert "<script" not in content
    assert "follow-form" not in content
    assert '<form method="post"' not in content


def test_print_applies_the_filters(client, edition):
    python = TrackFactory(edition=edition, name="Python")
    session_at(edition, 7, 9, title="Python talk", track=python)
    session_at(edition, 8, 9, title="Python on Sunday", track=python)
    session_at(edition, 7, 10, title="Rust talk", track=TrackFactory(edition=edition, name="Rust"))

    response = client.get(PRINT, {"track": python.pk, "day": "2027-08-08"})

    assert [row[1] for row in rows(response)] == ["Python talk", "Python on Sunday"]
    assert "Only: Python" in response.content.decode()


def test_print_escapes_what_the_import_wrote(client, edition):
    session_at(edition, 7, 9, title="<script>alert(1)</script>", speakers=["<b>Ann</b>"])

    content = client.get(PRINT).content.decode()

    assert "<script>alert(1)</script>" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content
    assert "&lt;b&gt;Ann&lt;/b&gt;" in content


@pytest.mark.parametrize("params", [{"track": "\x00"}, {"room": "9" * 40}, {"community": "-1"}, {"day": "x"}])
def test_print_ignores_odd_filters(client, edition, params):
    session_at(edition, 7, 9, title="Talk")

    response = client.get(PRINT, params)

    assert response.status_code == 200
    assert [row[1] for row in rows(response)] == ["Talk"]


def test_print_for_visitors_and_people_logged_in(client, edition):
    session_at(edition, 7, 9, title="Talk")

    anonymous = client.get(PRINT)
    client.force_login(UserFactory())
    logged_in = client.get(PRINT)

    assert (anonymous.status_code, logged_in.status_code) == (200, 200)


def test_print_without_sessions(client, edition):
    response = client.get(PRINT)

    assert response.status_code == 200
    assert "The schedule appears here once it has been imported." in response.content.decode()


def test_print_without_edition_is_404(client, db):
    assert client.get(PRINT).status_code == 404


def test_print_refuses_posts(client, edition):
    assert client.post(PRINT).status_code == 405


@pytest.mark.parametrize("count", [3, 60])
def test_print_query_count_does_not_grow(client, edition, django_assert_num_queries, count):
    rooms = RoomFactory.create_batch(3, edition=edition)
    tracks = TrackFactory.create_batch(3, edition=edition)
    for index in range(count):
        session_at(edition, 7 + index % 3, 9 + index % 9, room=rooms[index % 3], track=tracks[index % 3])

    # editions, filter tracks, filter communities, filter rooms, sessions with their rooms and tracks
    with django_assert_num_queries(5):
        response = client.get(PRINT)

    assert len(rows(response)) == count
