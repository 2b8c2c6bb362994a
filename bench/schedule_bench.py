"""Data and timings for the community, track and calendar-feed rows of `make bench` (see bench/run.py).

Everything here is idempotent, so `make bench` can run any number of times on the same database:

- `ensure_page_data()` makes sure the current edition has tracks with many sessions and communities
  behind them. When seed_demo already imported a programme it leaves it alone (and removes what an
  earlier bench run may have added); otherwise it imports a synthetic 600-session schedule.json into
  the current edition through the real import code, marked with BENCH_ codes so it can be told apart.
- `ensure_feed_user()` gives bench-feed@example.org about 100 items in their personal calendar feed.
- `time_import()` times a first import and an unchanged re-import of 600 sessions into a throwaway edition.
"""

import datetime
import json
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from django.db import connection
from django.test.utils import CaptureQueriesContext

FEED_EMAIL = "bench-feed@example.org"
FEED_ITEMS = 100
FEED_SIGN_UPS = 5
IMPORT_EDITION_SLUG = "bench-import"
IMPORT_SESSIONS = 600
# Marks the synthetic programme bench/run.py imports into the current edition when seed_demo has none.
CODE_PREFIX = "BENCH"
ROOM_GUID_PREFIX = "bench-room-"
TRACK_LABEL = "Bench track"
WRITES = ("INSERT", "UPDATE", "DELETE")
# Writes to schedule_* tables count, except the ImportRun row: recording the run is the one write an unchanged
# import makes by design (schedule.services.import_schedule).
SCHEDULE_TABLES = '"schedule_'
RUN_TABLE = '"schedule_importrun"'


def synthetic_schedule(count: int, *, day: datetime.date, rooms: int = 10, tracks: int = 12) -> dict:
    """A frab/c3voc schedule.json like Pretalx exports it: `count` 30-minute talks, 40 minutes apart per room,
    in `tracks` tracks (every seventh talk has none), with two speakers and a longish abstract each."""
    room_items = [
        {"name": f"Bench room {n}", "guid": f"{ROOM_GUID_PREFIX}{n:04d}", "capacity": 50 + n} for n in range(rooms)
    ]
    track_items = [{"name": f"{TRACK_LABEL} {n}", "color": "#123456"} for n in range(tracks)]
    start = datetime.datetime.combine(day, datetime.time(9, 0), datetime.timezone(datetime.timedelta(hours=8)))
    by_room = {room["name"]: [] for room in room_items}
    for n in range(count):
        room = room_items[n % rooms]
        begin = start + datetime.timedelta(minutes=40 * (n // rooms))
        by_room[room["name"]].append(
            {
                "guid": f"bench-talk-{n}",
                "code": f"{CODE_PREFIX}{n:05d}",
                "date": begin.isoformat(),
                "start": begin.strftime("%H:%M"),
                "end": (begin + datetime.timedelta(minutes=30)).isoformat(),
                "duration": "00:30",
                "room": room["name"],
                "track": track_items[n % tracks]["name"] if n % 7 else None,
                "language": "en",
                "title": f"Talk number {n}",
                "abstract": f"Abstract {n} " * 20,
                "persons": [{"code": f"P{n}", "name": f"Speaker {n}"}, {"code": f"Q{n}", "name": f"Co {n}"}],
                "url": f"https://pretalx.example.org/bench/talk/{CODE_PREFIX}{n:05d}/",
            }
        )
    return {
        "schedule": {
            "version": "bench",
            "conference": {
                "time_zone_name": "Asia/Taipei",
                "rooms": room_items,
                "tracks": track_items,
                "days": [{"index": 1, "rooms": by_room}],
            },
        }
    }


def _import_file(edition, data: dict):
    from schedule.services import import_schedule

    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "schedule.json"
        path.write_text(json.dumps(data), encoding="utf-8")
        run = import_schedule(edition=edition, source=str(path))
    if not run.ok:
        raise RuntimeError(f"bench schedule import failed: {run.error}")
    return run


@dataclass
class PageData:
    community_slug: str
    track_pk: int
    track_sessions: int
    tracks: int
    sessions: int
    origin: str  # where the programme comes from, for the report


def _remove_bench_programme(edition) -> None:
    from schedule.models import Room, Session, Track

    Session.objects.filter(edition=edition, code__startswith=CODE_PREFIX).delete()
    Track.objects.filter(edition=edition, name__startswith=TRACK_LABEL, sessions__isnull=True).delete()
    Room.objects.filter(edition=edition, pretalx_uuid__startswith=ROOM_GUID_PREFIX, sessions__isnull=True).delete()


def ensure_page_data() -> PageData:
    """The current edition's programme, imported here when seed_demo made none; see the module docstring."""
    from django.db.models import Count, Q

    from communities.models import Community
    from editions.selectors import current_edition
    from schedule.models import Session, Track

    edition = current_edition()
    scheduled = Session.objects.filter(edition=edition, is_scheduled=True)
    if scheduled.exclude(code__startswith=CODE_PREFIX).exists():
        _remove_bench_programme(edition)  # seed_demo has its own programme now: drop an earlier stand-in
        origin = "seed_demo"
    else:
        _import_file(edition, synthetic_schedule(IMPORT_SESSIONS, day=edition.start_date, tracks=8))
        origin = f"synthetic {IMPORT_SESSIONS}-session schedule.json imported by bench/run.py"
        # Pretalx knows no communities: tie each bench track to one, as organisers would in the admin.
        communities = list(Community.objects.filter(is_active=True).order_by("slug"))
        tracks = Track.objects.filter(edition=edition, name__startswith=TRACK_LABEL).order_by("name")
        for index, track in enumerate(tracks):
            if communities and not track.communities.exists():
                track.communities.add(communities[index % len(communities)])

    in_edition = Q(sessions__is_scheduled=True)
    tracks = Track.objects.filter(edition=edition).annotate(scheduled=Count("sessions", filter=in_edition))
    track = tracks.order_by("-scheduled", "pk").first()
    if track is None:
        raise RuntimeError("the current edition has no track")
    community = (
        Community.objects.annotate(edition_tracks=Count("tracks", filter=Q(tracks__edition=edition)))
        .order_by("-edition_tracks", "slug")
        .first()
    )
    return PageData(
        community_slug=community.slug,
        track_pk=track.pk,
        track_sessions=track.scheduled,
        tracks=Track.objects.filter(edition=edition).count(),
        sessions=scheduled.count(),
        origin=origin,
    )


def ensure_feed_user(*, items: int = FEED_ITEMS):
    """bench-feed@example.org, with a few one-day tasks, followed tracks and starred sessions: `items` events in
    their personal feed (sign-ups + sessions of followed tracks + starred sessions). Returns (user, token, events)."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth.hashers import make_password
    from django.core.exceptions import ValidationError
    from django.db.models import Count, Q
    from django.utils import timezone

    from accounts.models import User
    from communities.models import Community
    from editions.selectors import current_edition
    from follows import selectors as follows_selectors
    from follows import services as follows_services
    from follows.calendar import IN_CALENDAR
    from follows.models import CommunityFollow, SessionStar, TrackFollow
    from schedule.models import Session, Track
    from volunteering.models import SignUp, Task, TaskStatus
    from volunteering.services import sign_up

    edition = current_edition()
    user, _created = User.objects.get_or_create(
        email=FEED_EMAIL,
        defaults={"display_name": "Bench Feed", "password": make_password(None), "preferred_language": ""},
    )
    EmailAddress.objects.get_or_create(user=user, email=FEED_EMAIL, defaults={"verified": True, "primary": True})

    sign_ups = SignUp.objects.filter(user=user, status__in=IN_CALENDAR).exclude(task__status=TaskStatus.CANCELLED)
    if sign_ups.count() < FEED_SIGN_UPS:
        candidates = Task.objects.filter(edition=edition, status=TaskStatus.OPEN, starts_at__gt=timezone.now())
        for task in candidates.exclude(sign_ups__user=user).order_by("starts_at", "pk")[:50]:
            try:
                sign_up(task=task, user=user)
            except ValidationError:
                continue  # overlaps one of theirs, sign-up not open yet, ...
            if sign_ups.count() >= FEED_SIGN_UPS:
                break
    tasks = sign_ups.count()

    # Rebuilt on every run so the feed holds `items` events whatever the programme looks like now.
    TrackFollow.objects.filter(user=user).delete()
    SessionStar.objects.filter(user=user).delete()
    wanted = max(items - tasks, 0)
    scheduled = Q(sessions__is_scheduled=True, sessions__starts_at__isnull=False, sessions__ends_at__isnull=False)
    tracks = (
        Track.objects.filter(edition=edition)
        .annotate(scheduled=Count("sessions", filter=scheduled))
        .filter(scheduled__gt=0)
        .order_by("scheduled", "pk")
    )
    followed = 0
    for track in tracks:  # smallest first: follow whole tracks as long as they fit, star the rest
        if followed + track.scheduled > wanted * 3 // 4:
            break
        follows_services.follow_track(user=user, track=track)
        followed += track.scheduled
    stars = (
        Session.objects.filter(edition=edition, is_scheduled=True, starts_at__isnull=False, ends_at__isnull=False)
        .exclude(track__follows__user=user)
        .order_by("starts_at", "code")[: wanted - followed]
    )
    SessionStar.objects.bulk_create([SessionStar(user=user, session=session) for session in stars])
    for community in Community.objects.filter(is_active=True).order_by("slug")[:3]:
        if not CommunityFollow.objects.filter(user=user, community=community).exists():
            follows_services.follow_community(user=user, community=community)

    events = tasks + follows_selectors.calendar_sessions(user).count()
    return user, follows_services.calendar_feed_for(user).token, events


@dataclass
class ImportTiming:
    first: float
    again: float
    writes: list[str]
    created: int
    unchanged: int


def time_import(count: int = IMPORT_SESSIONS) -> ImportTiming:
    """A first import and an unchanged re-import of a `count`-session schedule.json into a throwaway edition."""
    from editions.models import Edition
    from schedule.services import import_schedule

    Edition.objects.filter(slug=IMPORT_EDITION_SLUG).delete()  # left over by an interrupted run
    edition = Edition.objects.create(
        slug=IMPORT_EDITION_SLUG,
        name="Bench import",
        start_date=datetime.date(2026, 8, 8),
        end_date=datetime.date(2026, 8, 9),
    )
    try:
        with tempfile.TemporaryDirectory() as directory:
            path = Path(directory) / "schedule.json"
            path.write_text(json.dumps(synthetic_schedule(count, day=edition.start_date)), encoding="utf-8")
            started = time.perf_counter()
            first = import_schedule(edition=edition, source=str(path))
            first_seconds = time.perf_counter() - started
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                again = import_schedule(edition=edition, source=str(path))
                again_seconds = time.perf_counter() - started
        if not (first.ok and again.ok):
            raise RuntimeError(f"bench import failed: {first.error or again.error}")
        writes = [
            query["sql"]
            for query in queries.captured_queries
            if query["sql"].lstrip().upper().startswith(WRITES)
            and SCHEDULE_TABLES in query["sql"]
            and RUN_TABLE not in query["sql"]
        ]
        return ImportTiming(first_seconds, again_seconds, writes, first.created, again.unchanged)
    finally:
        edition.delete()
