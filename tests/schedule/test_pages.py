import datetime
import re
import zoneinfo

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories.communities import CommunityFactory
from tests.factories.editions import EditionFactory
from tests.factories.schedule import RoomFactory, SessionFactory, TrackFactory
from tests.factories.volunteering import TaskFactory, in_hours
from volunteering.models import TaskStatus

pytestmark = pytest.mark.integration

TAIPEI = zoneinfo.ZoneInfo("Asia/Taipei")
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
TRACKS = reverse("schedule:track-list")
SCHEDULE = reverse("schedule:schedule")


def at(day, hour, minute=0, tz=TAIPEI):
    return datetime.datetime(2027, 8, day, hour, minute, tzinfo=tz)


def session_at(edition, day, hour, minute=0, **kwargs):
    start = at(day, hour, minute)
    return SessionFactory(edition=edition, starts_at=start, ends_at=start + datetime.timedelta(minutes=40), **kwargs)


def session_titles(response):
    return re.findall(r'<h4 class="session-item__title"><a href="[^"]+">([^<]+)</a>', response.content.decode())


def track_titles(response):
    return re.findall(r'<h2 class="track-card__title"><a href="[^"]+">([^<]+)</a>', response.content.decode())


def in_chinese(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hant"


# --- Track list ---


def test_track_list_shows_tracks_of_the_current_edition_with_session_counts(client, edition):
    python = TrackFactory(edition=edition, name="Python")
    rust = TrackFactory(edition=edition, name="Rust")
    session_at(edition, 7, 10, track=python)
    session_at(edition, 7, 11, track=python)
    session_at(edition, 7, 12, track=python, is_scheduled=False)
    TrackFactory(edition=EditionFactory(slug="2026"), name="Old track")

    response = client.get(TRACKS)

    content = response.content.decode()
    assert response.status_code == 200
    assert track_titles(response) == ["Python", "Rust"]
    assert f'href="{reverse("schedule:track-detail", args=[python.pk])}"' in content
    assert f'href="{reverse("schedule:track-detail", args=[rust.pk])}"' in content
    assert "2 sessions" in content
    assert "0 sessions" in content
    assert f'href="{SCHEDULE}"' in content


def test_track_list_shows_linked_communities(client, edition):
    track = TrackFactory(edition=edition)
    track.communities.add(CommunityFactory(name="PyCon Taiwan"), CommunityFactory(name="Rust Taiwan"))

    content = client.get(TRACKS).content.decode()

    assert "PyCon Taiwan, Rust Taiwan" in re.sub(r"<[^>]+>", "", content)


def test_track_list_without_edition_is_404(client, db):
    response = client.get(TRACKS)

    assert response.status_code == 404


def test_track_list_staff_links_hidden_from_visitors(client, edition, user):
    client.force_login(user)

    content = client.get(TRACKS).content.decode()

    assert reverse("schedule:track-links") not in content
    assert reverse("schedule:imports") not in content


def test_track_list_staff_links_shown_to_staff(client, edition, staff_user):
    client.force_login(staff_user)

    content = client.get(TRACKS).content.decode()

    assert reverse("schedule:track-links") in content
    assert reverse("schedule:imports") in content


@pytest.mark.parametrize("count", [2, 30])
def test_track_list_query_count_does_not_grow(client, edition, django_assert_num_queries, count):
    communities = CommunityFactory.create_batch(3)
    for track in TrackFactory.create_batch(count, edition=edition):
        track.communities.add(*communities)
        session_at(edition, 7, 10, track=track)

    # editions, tracks with counts, their communities, follower counts
    with django_assert_num_queries(4):
        response = client.get(TRACKS)

    assert len(track_titles(response)) == count


# --- Track page ---


def test_track_page_shows_name_description_communities_and_sessions(client, edition):
    track = TrackFactory(edition=edition, name="Python", description="We **love** snakes.")
    community = CommunityFactory(name="PyCon Taiwan")
    track.communities.add(community)
    room = RoomFactory(edition=edition, name="TR409")
    first = session_at(edition, 7, 10, track=track, room=room, title="Typing", speakers=["Ann", "Bo"])
    second = session_at(edition, 8, 9, 30, track=track, title="Packaging")
    session_at(edition, 7, 11, track=track, title="Dropped", is_scheduled=False)
    session_at(edition, 7, 12, track=TrackFactory(edition=edition), title="Other track")

    response = client.get(reverse("schedule:track-detail", args=[track.pk]))

    content = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Python</h1>" in content
    assert "We <strong>love</strong> snakes." in content
    assert "PyCon Taiwan" in content
    assert session_titles(response) == ["Typing", "Packaging"]
    assert "Sat 7 Aug 2027" in content
    assert "Sun 8 Aug 2027" in content
    assert '<time datetime="2027-08-07T10:00:00+08:00">10:00</time>' in content
    assert '<time datetime="2027-08-08T09:30:00+08:00">09:30</time>' in content
    assert "TR409" in content
    assert "Ann, Bo" in content
    assert reverse("schedule:session-detail", args=[first.pk]) in content
    assert reverse("schedule:session-detail", args=[second.pk]) in content


def test_track_page_description_is_sanitised(client, edition):
    track = TrackFactory(edition=edition, description="<script>alert(1)</script>Hello")

    content = client.get(reverse("schedule:track-detail", args=[track.pk])).content.decode()

    assert "<script>alert(1)</script>" not in content
    assert "Hello" in content


def test_track_page_lists_open_future_tasks_of_this_track_only(client, edition):
    track = TrackFactory(edition=edition)
    wanted = TaskFactory(edition=edition, track=track, title="Keep time in TR409", starts_at=in_hours(24))
    TaskFactory(edition=edition, track=track, title="Already started", starts_at=in_hours(-1))
    TaskFactory(edition=edition, track=track, title="Draft task", status=TaskStatus.DRAFT)
    TaskFactory(edition=edition, track=track, title="Closed task", status=TaskStatus.CLOSED)
    TaskFactory(edition=edition, track=TrackFactory(edition=edition), title="Other track task")
    TaskFactory(edition=edition, title="No track task")

    response = client.get(reverse("schedule:track-detail", args=[track.pk]))

    titles = re.findall(r'<h3 class="track-task__title"><a href="([^"]+)">([^<]+)</a>', response.content.decode())
    assert titles == [(wanted.get_absolute_url(), "Keep time in TR409")]


def test_track_page_unknown_track_is_404(client, edition):
    response = client.get(reverse("schedule:track-detail", args=[999]))

    assert response.status_code == 404


def test_track_page_falls_back_to_english_when_chinese_is_empty(client, edition):
    track = TrackFactory(edition=edition, name="Python", name_zh_hant="", description="English only")
    in_chinese(client)

    content = client.get(reverse("schedule:track-detail", args=[track.pk])).content.decode()

    assert "<h1>Python</h1>" in content
    assert "English only" in content


def test_track_page_shows_chinese_to_chinese_readers(client, edition):
    track = TrackFactory(
        edition=edition, name="Python", name_zh_hant="Python 議程軌", description="English", description_zh_hant="中文"
    )
    in_chinese(client)

    content = client.get(reverse("schedule:track-detail", args=[track.pk])).content.decode()

    assert "<h1>Python 議程軌</h1>" in content
    assert "中文" in content
    assert "<p>English</p>" not in content


def test_track_page_falls_back_to_chinese_for_english_readers(client, edition):
    track = TrackFactory(
        edition=edition, name="", name_zh_hant="開源議程軌", description="", description_zh_hant="簡介"
    )

    content = client.get(reverse("schedule:track-detail", args=[track.pk])).content.decode()

    assert "<h1>開源議程軌</h1>" in content
    assert "簡介" in content


@pytest.mark.parametrize("count", [2, 30])
def test_track_page_query_count_does_not_grow(client, edition, django_assert_num_queries, count):
    track = TrackFactory(edition=edition)
    track.communities.add(*CommunityFactory.create_batch(3))
    room = RoomFactory(edition=edition)
    for index in range(count):
        session_at(edition, 7 + index % 2, 9 + index % 8, track=track, room=room)
        TaskFactory(edition=edition, track=track, room=room)

    # editions, track, its communities, sessions, star counts, track's follower count, tasks; and, cold,
    # the schedule filter's choices that the room names come from (tracks, communities, rooms: kept until
    # one of them changes, and shared with the schedule page)
    with django_assert_num_queries(10):
        response = client.get(reverse("schedule:track-detail", args=[track.pk]))

    assert len(session_titles(response)) == count


# --- Session page ---


def test_session_page_shows_everything(client, edition):
    track = TrackFactory(edition=edition, name="Python")
    room = RoomFactory(edition=edition, name="TR409")
    session = session_at(
        edition,
        7,
        13,
        30,
        track=track,
        room=room,
        title="Typing in practice",
        abstract="First line\nsecond <b>line</b>",
        speakers=["Ann", "Bo"],
        url="https://pretalx.example.org/coscup-2027/talk/ABC123/",
    )

    response = client.get(reverse("schedule:session-detail", args=[session.pk]))

    content = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Typing in practice</h1>" in content
    assert "<p>First line<br>second &lt;b&gt;line&lt;/b&gt;</p>" in content
    assert "Ann, Bo" in content
    assert "TR409" in content
    assert '<time datetime="2027-08-07T13:30:00+08:00">Sat 7 Aug 2027, 13:30</time>' in content
    assert "14:10" in content
    assert f'href="{reverse("schedule:track-detail", args=[track.pk])}"' in content
    assert 'href="https://pretalx.example.org/coscup-2027/talk/ABC123/"' in content


def test_session_page_does_not_link_to_non_web_urls(client, edition):
    session = session_at(edition, 7, 10)
    session.url = "javascript:alert(1)"
    session.save()

    content = client.get(reverse("schedule:session-detail", args=[session.pk])).content.decode()

    assert "javascript:alert(1)" not in content


def test_session_page_says_when_the_session_left_the_schedule(client, edition):
    session = session_at(edition, 7, 10, is_scheduled=False)

    content = client.get(reverse("schedule:session-detail", args=[session.pk])).content.decode()

    assert "This session is no longer in the schedule." in content


def test_session_page_unknown_session_is_404(client, edition):
    response = client.get(reverse("schedule:session-detail", args=[999]))

    assert response.status_code == 404


def test_session_page_times_in_the_edition_time_zone(client, db):
    edition = EditionFactory(
        slug="2027", is_current=True, time_zone="Europe/Berlin", start_date=datetime.date(2027, 8, 7)
    )
    start = datetime.datetime(2027, 8, 7, 8, 0, tzinfo=datetime.UTC)  # 10:00 in Berlin (summer), 16:00 in Taipei
    session = SessionFactory(edition=edition, starts_at=start, ends_at=start + datetime.timedelta(hours=1))

    content = client.get(reverse("schedule:session-detail", args=[session.pk])).content.decode()

    assert '<time datetime="2027-08-07T10:00:00+02:00">Sat 7 Aug 2027, 10:00</time>' in content
    assert '<time datetime="2027-08-07T11:00:00+02:00">11:00</time>' in content
    assert "16:00" not in content


def test_session_page_of_an_earlier_edition_uses_that_edition_time_zone(client, edition):
    berlin = EditionFactory(slug="2026", time_zone="Europe/Berlin")
    start = datetime.datetime(2026, 8, 1, 8, 0, tzinfo=datetime.UTC)
    session = SessionFactory(edition=berlin, starts_at=start, ends_at=start + datetime.timedelta(hours=1))

    content = client.get(reverse("schedule:session-detail", args=[session.pk])).content.decode()

    assert '<time datetime="2026-08-01T10:00:00+02:00">' in content


@pytest.mark.parametrize("speakers", [1, 40])
def test_session_page_query_count_does_not_grow(client, edition, django_assert_num_queries, speakers):
    session = session_at(
        edition,
        7,
        10,
        track=TrackFactory(edition=edition),
        room=RoomFactory(edition=edition),
        speakers=[f"Speaker {n}" for n in range(speakers)],
    )

    # editions, session with edition, room and track, star count
    with django_assert_num_queries(3):
        response = client.get(reverse("schedule:session-detail", args=[session.pk]))

    assert response.status_code == 200


# --- Schedule ---


def test_schedule_lists_scheduled_sessions_by_day_and_time(client, edition):
    python = TrackFactory(edition=edition, name="Python")
    room = RoomFactory(edition=edition, name="TR409")
    session_at(edition, 8, 9, title="Sunday talk", track=python, room=room)
    session_at(edition, 7, 14, title="Afternoon talk")
    session_at(edition, 7, 9, title="Morning talk", track=python, room=room)
    session_at(edition, 7, 10, title="Unscheduled talk", is_scheduled=False)
    SessionFactory(edition=edition, starts_at=None, ends_at=None, title="No time yet")
    SessionFactory(edition=EditionFactory(slug="2026"), title="Last year's talk")

    response = client.get(SCHEDULE)
    sunday = client.get(SCHEDULE, {"day": "2027-08-08"})

    content = response.content.decode()
    assert response.status_code == 200
    # One day per page (tests/schedule/test_schedule_days.py): the first day, then the next one.
    assert session_titles(response) == ["Morning talk", "Afternoon talk"]
    assert session_titles(sunday) == ["Sunday talk"]
    assert re.findall(r'<h2 class="schedule-day__heading" id="day-([0-9-]+)">', content) == ["2027-08-07"]
    assert "TR409" in sunday.content.decode()
    assert '<span class="label label--track"><span class="visually-hidden">Track: </span>Python</span>' in content


def test_schedule_filters_by_track(client, edition):
    python = TrackFactory(edition=edition, name="Python")
    session_at(edition, 7, 9, title="Python talk", track=python)
    session_at(edition, 7, 10, title="Rust talk", track=TrackFactory(edition=edition, name="Rust"))

    response = client.get(SCHEDULE, {"track": python.pk})

    assert session_titles(response) == ["Python talk"]


def test_schedule_filters_by_community(client, edition):
    community = CommunityFactory(name="PyCon Taiwan")
    python = TrackFactory(edition=edition, name="Python")
    python.communities.add(community, CommunityFactory())
    session_at(edition, 7, 9, title="Python talk", track=python)
    session_at(edition, 7, 10, title="Rust talk", track=TrackFactory(edition=edition, name="Rust"))

    response = client.get(SCHEDULE, {"community": community.pk})

    assert session_titles(response) == ["Python talk"]
    assert f'<option value="{community.pk}" selected>PyCon Taiwan</option>' in response.content.decode()


def test_schedule_ignores_an_unknown_filter_value(client, edition):
    session_at(edition, 7, 9, title="Python talk")

    response = client.get(SCHEDULE, {"track": "nonsense", "community": "999"})

    assert response.status_code == 200
    assert session_titles(response) == ["Python talk"]


def test_schedule_filter_offers_only_this_edition_tracks(client, edition):
    TrackFactory(edition=edition, name="Python")
    TrackFactory(edition=EditionFactory(slug="2026"), name="Old track")

    content = client.get(SCHEDULE).content.decode()

    assert ">Python</option>" in content
    assert "Old track" not in content


def test_schedule_times_in_the_edition_time_zone(client, db):
    edition = EditionFactory(slug="2027", is_current=True, time_zone="Europe/Berlin")
    start = datetime.datetime(2027, 8, 7, 22, 30, tzinfo=datetime.UTC)  # 00:30 on Aug 8 in Berlin
    SessionFactory(edition=edition, starts_at=start, ends_at=start + datetime.timedelta(minutes=30), title="Late")

    content = client.get(SCHEDULE).content.decode()

    assert 'id="day-2027-08-08"' in content
    assert '<time datetime="2027-08-08T00:30:00+02:00">00:30</time>' in content


@pytest.mark.parametrize("count", [3, 60])
def test_schedule_query_count_does_not_grow(client, edition, django_assert_num_queries, count):
    tracks = TrackFactory.create_batch(3, edition=edition)
    community = CommunityFactory()
    for track in tracks:
        track.communities.add(community)
    rooms = RoomFactory.create_batch(3, edition=edition)
    for index in range(count):
        session_at(edition, 7, 9 + index % 9, track=tracks[index % 3], room=rooms[index % 3])

    # editions, filter tracks, filter communities, filter rooms, days, the day's sessions; filled in per
    # response (follows.buttons): their star counts
    with django_assert_num_queries(7):
        response = client.get(SCHEDULE, {"community": community.pk})

    assert len(session_titles(response)) == count
