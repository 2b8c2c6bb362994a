"""Reads for the track and schedule pages. Each function costs a fixed number of queries."""

from __future__ import annotations

import datetime
import itertools
import json
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet, TextField
from django.db.models.functions import Cast
from django.utils import timezone, translation

from communities.models import Community
from core.page_cache import FILTER_CHOICES, kept_until_changed
from core.urls import address_for_pk
from volunteering.models import Task, TaskStatus
from volunteering.selectors import LIST_DEFERRED

from .models import ImportRun, ImportStatus, Room, Session, Track

IMPORT_RUNS_SHOWN = 30
# Previews that were cancelled or expired changed nothing and stay out of the list.
SHOWN_IMPORT_STATUSES = (ImportStatus.APPLIED, ImportStatus.FAILED, ImportStatus.HELD, ImportStatus.SUPERSEDED)
# What a run keeps only while it is pending: never needed by a list.
HEAVY_IMPORT_FIELDS = ("plan", "data", "upload", "source_spec")


def _communities_prefetch() -> Prefetch:
    return Prefetch("communities", queryset=Community.objects.order_by("name"))


def tracks_for_list(*, edition) -> list[Track]:
    """The edition's tracks, each with `session_count` (scheduled sessions) and its communities: two queries."""
    return list(
        Track.objects.filter(edition=edition)
        .annotate(session_count=Count("sessions", filter=Q(sessions__is_scheduled=True)))
        .prefetch_related(_communities_prefetch())
        .order_by("name")
    )


def track_for_page(*, pk: int) -> Track:
    """The track with its edition and communities (two queries). Raises Track.DoesNotExist."""
    return Track.objects.select_related("edition").prefetch_related(_communities_prefetch()).get(pk=pk)


def _in_schedule(
    *, edition, track_id: int | None = None, community_id: int | None = None, room_id: int | None = None
) -> QuerySet:
    """The edition's sessions in the schedule (scheduled, with a start), filtered, unordered."""
    sessions = Session.objects.filter(edition=edition, is_scheduled=True, starts_at__isnull=False)
    if track_id:
        sessions = sessions.filter(track_id=track_id)
    if community_id:
        sessions = sessions.filter(track_id__in=Track.objects.filter(communities__id=community_id).values("pk"))
    if room_id:
        sessions = sessions.filter(room_id=room_id)
    return sessions


def group_by_start(sessions) -> list[tuple[datetime.datetime, list[Session]]]:
    """One day's sessions grouped by their start time: the rows of the phone schedule."""
    return [(start, list(group)) for start, group in itertools.groupby(sessions, key=lambda s: s.starts_at)]


def session_for_page(*, pk: int) -> Session:
    """The session with its edition, room and track in one query. Raises Session.DoesNotExist."""
    return Session.objects.select_related("edition", "room", "track").get(pk=pk)


def open_tasks_for_track(*, track: Track, now: datetime.datetime | None = None) -> list[Task]:
    """One-day volunteer tasks for the track that are open and have not started yet: one query."""
    now = now or timezone.now()
    return list(
        Task.objects.filter(track=track, status=TaskStatus.OPEN, starts_at__gt=now)
        .select_related("room")
        .defer(*LIST_DEFERRED)
        .order_by("starts_at", "pk")
    )


def schedule_filter_choices(*, edition) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """(tracks, communities) for the schedule filters: the edition's tracks and the communities linked
    to them, each sorted by the name in the active language. Two queries."""
    names = ("pk", "name", "name_zh_hant")  # only what a choice shows: not the descriptions
    tracks = sorted(
        ((track.pk, str(track)) for track in Track.objects.filter(edition=edition).only(*names)),
        key=lambda item: item[1].lower(),
    )
    communities = sorted(
        (
            (community.pk, str(community))
            for community in Community.objects.filter(tracks__edition=edition).only(*names).distinct()
        ),
        key=lambda item: item[1].lower(),
    )
    return tracks, communities


def schedule_room_choices(*, edition) -> list[tuple[int, str]]:
    """The edition's rooms for the schedule's room filter, in the venue's order: one query."""
    rooms = Room.objects.filter(edition=edition).only("pk", "name", "name_zh_hant").order_by("position", "name", "pk")
    return [(room.pk, str(room)) for room in rooms]


# --- The public schedule: one day per page, the printable programme and the exports ---
#
# These read plain values (no model instances) and prepare everything the templates print: times as
# "H:i" text, names in the active language once per room and track, the session page's address
# without a reverse() per session. A page of hundreds of sessions then costs one query and a loop.
#
# The query reads the sessions' own columns only, with times and speakers as text: a day's hundreds of
# sessions share a few dozen start times and speaker lists, and parsing each distinct one once here
# (instead of the driver parsing every row's) was most of the page's time, with the joins for room and
# track names that the caller already holds (`ScheduleNames`: the filter's choices).

# Columns the schedule shows or exports, as read.
_ROW_COLUMNS = ("pk", "code", "title", "starts_text", "ends_text", "speakers_text", "language", "room_id", "track_id")


@dataclass(frozen=True)
class ScheduleNames:
    """The edition's rooms (in the venue's order) and tracks, each as (pk, name in the active language):
    the schedule filter's choices."""

    rooms: list[tuple[int, str]]
    tracks: list[tuple[int, str]]


def kept_schedule_choices(*, edition) -> tuple[list[tuple[int, str]], list[tuple[int, str]], list[tuple[int, str]]]:
    """(tracks, communities, rooms) of the edition as (pk, name in the active language): the schedule filter's
    choices (schedule_filter_choices, schedule_room_choices), kept until a track, community or room changes."""
    return kept_until_changed(
        f"schedule-choices:{edition.pk}:{translation.get_language()}",
        lambda: (*schedule_filter_choices(edition=edition), schedule_room_choices(edition=edition)),
        (FILTER_CHOICES,),
    )


def kept_schedule_names(*, edition) -> ScheduleNames:
    """The names session rows take, from kept_schedule_choices: no query while they are kept."""
    tracks, _communities, rooms = kept_schedule_choices(edition=edition)
    return ScheduleNames(rooms=rooms, tracks=tracks)


def schedule_days(
    *, edition, track_id: int | None = None, community_id: int | None = None, room_id: int | None = None
) -> list[datetime.date]:
    """The local days (edition's time zone) that have sessions matching the filters, in order: one query.

    Read as the distinct start times (a few dozen a day), turned into days here: cheaper than asking the
    database for each session's local day (SQLite does that in Python, row by row)."""
    sessions = _in_schedule(edition=edition, track_id=track_id, community_id=community_id, room_id=room_id)
    tz = edition.tzinfo
    starts = sessions.order_by().values_list("starts_at", flat=True).distinct()
    return sorted({start.astimezone(tz).date() for start in starts})


def _parse_moment(text: str) -> datetime.datetime:
    """A time column read as text: PostgreSQL's "2027-08-07 02:00:00+00" (the connection is in UTC) or
    SQLite's naive UTC "2027-08-07 02:00:00"."""
    moment = datetime.datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=datetime.UTC)


def _missing_names(model, ids: set) -> dict[int, str]:
    """Names of rooms or tracks the caller's names did not hold (another edition's: an edit by hand)."""
    return {item.pk: str(item) for item in model.objects.filter(pk__in=ids).only("pk", "name", "name_zh_hant")}


def _schedule_rows(sessions: QuerySet, *, tz, names: ScheduleNames) -> list[dict]:
    """Each session as a dict of what the schedule shows, by start, then room in the venue's order, then code.

    Keys: pk, code, title, language, room_id, track_id; `starts_at`/`ends_at` in `tz`; `start`, `end`
    ("H:i") and `start_iso`, `end_iso`; `room` and `track` names in the active language ("" for none);
    `speakers` (names) and `speaker_names`; `url` (the session's page). A session without an end has
    `ends_at` None and "" for `end`, `end_iso`. One query (and one for any room or track
    that `names` lacks).
    """
    session_url = address_for_pk("schedule:session-detail")
    rooms = dict(names.rooms)
    tracks = dict(names.tracks)
    room_rank = {pk: index for index, (pk, _name) in enumerate(names.rooms)}
    moments: dict = {}  # text -> (UTC, local, "H:i", ISO): one parse per distinct time
    speaker_lists: dict = {}  # text -> names

    def moment(text):
        if text not in moments:
            utc = _parse_moment(text)
            local = utc.astimezone(tz)
            moments[text] = (utc, local, local.strftime("%H:%M"), local.isoformat())
        return moments[text]

    def speakers_of(text):
        if text not in speaker_lists:
            try:
                value = json.loads(text) if text else []
            except ValueError:
                value = []
            speaker_lists[text] = [str(name) for name in value] if isinstance(value, list) else []
        return speaker_lists[text]

    values = sessions.order_by().annotate(
        starts_text=Cast("starts_at", TextField()),
        ends_text=Cast("ends_at", TextField()),
        speakers_text=Cast("speakers", TextField()),
    )
    found = list(values.values_list(*_ROW_COLUMNS))
    missing_rooms = {row[7] for row in found if row[7] is not None and row[7] not in rooms}
    missing_tracks = {row[8] for row in found if row[8] is not None and row[8] not in tracks}
    if missing_rooms:
        rooms.update(_missing_names(Room, missing_rooms))
    if missing_tracks:
        tracks.update(_missing_names(Track, missing_tracks))
    last = len(room_rank)  # sessions without a room (or of another edition's) after the rooms
    keyed = []
    for pk, code, title, starts_text, ends_text, speakers_text, language, room_id, track_id in found:
        utc, local, start, start_iso = moment(starts_text)
        names_list = speakers_of(speakers_text)
        row = {
            "pk": pk,
            "code": code,
            "title": title,
            "language": language,
            "room_id": room_id,
            "track_id": track_id,
            "starts_at": local,
            "start": start,
            "start_iso": start_iso,
            "room": rooms.get(room_id, "") if room_id else "",
            "track": tracks.get(track_id, "") if track_id else "",
            "speakers": names_list,
            "speaker_names": ", ".join(names_list),
            "url": session_url(pk),
        }
        if ends_text is None:
            row["ends_at"], row["end"], row["end_iso"] = None, "", ""
        else:
            _utc, row["ends_at"], row["end"], row["end_iso"] = moment(ends_text)
        keyed.append(((utc, room_rank.get(room_id, last), row["room"], code), row))
    keyed.sort(key=lambda item: item[0])
    return [row for _key, row in keyed]


def _slots(rows: list[dict]) -> list[dict]:
    """Rows (sorted by start) grouped by their start: {"start", "start_iso", "sessions"} each."""
    return [
        {"start": group[0]["start"], "start_iso": group[0]["start_iso"], "sessions": group}
        for group in (list(items) for _start, items in itertools.groupby(rows, key=lambda row: row["starts_at"]))
    ]


def _day_bounds(day: datetime.date, tz) -> tuple[datetime.datetime, datetime.datetime]:
    start = datetime.datetime.combine(day, datetime.time.min, tzinfo=tz)
    return start, datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)


def schedule_day(
    *,
    edition,
    day: datetime.date,
    track_id: int | None = None,
    community_id: int | None = None,
    room_id: int | None = None,
    names: ScheduleNames,
) -> list[dict]:
    """One local day of the schedule, filtered, as slots (see _slots) of rows (see _schedule_rows): one
    query. Star counts are the reader's part of the page (follows.buttons)."""
    tz = edition.tzinfo
    start, end = _day_bounds(day, tz)
    sessions = _in_schedule(edition=edition, track_id=track_id, community_id=community_id, room_id=room_id)
    sessions = sessions.filter(starts_at__gte=start, starts_at__lt=end)
    return _slots(_schedule_rows(sessions, tz=tz, names=names))


def schedule_programme(
    *,
    edition,
    track_id: int | None = None,
    community_id: int | None = None,
    room_id: int | None = None,
    names: ScheduleNames,
) -> list[dict]:
    """The whole schedule, filtered, by local day: {"day", "sessions" (rows), "slots"} each. One query."""
    tz = edition.tzinfo
    sessions = _in_schedule(edition=edition, track_id=track_id, community_id=community_id, room_id=room_id)
    rows = _schedule_rows(sessions, tz=tz, names=names)
    days = []
    for day, items in itertools.groupby(rows, key=lambda row: row["starts_at"].date()):
        items = list(items)
        days.append({"day": day, "sessions": items, "slots": _slots(items)})
    return days


def schedule_calendar_sessions(*, edition) -> list[Session]:
    """The edition's scheduled sessions with a start and an end, by start, each with its room and its
    edition (the one given, not read again), for calendar events (follows.calendar.session_event): one query."""
    sessions = list(
        _in_schedule(edition=edition)
        .filter(ends_at__isnull=False)
        .select_related("room")
        .only(
            "pk",
            "edition_id",
            "code",
            "title",
            "starts_at",
            "ends_at",
            "speakers",
            "url",
            "room__name",
            "room__name_zh_hant",
        )
        .order_by("starts_at", "code")
    )
    for session in sessions:
        session.edition = edition
    return sessions


def tracks_for_links(*, edition) -> list[Track]:
    """The edition's tracks with their communities, for the staff page that links them: two queries."""
    return list(Track.objects.filter(edition=edition).prefetch_related(_communities_prefetch()).order_by("name"))


def linkable_communities() -> list[Community]:
    """Active communities, by name: what staff may link a track to."""
    return list(Community.objects.filter(is_active=True).order_by("name"))


def import_runs_for(*, edition, limit: int = IMPORT_RUNS_SHOWN) -> list[ImportRun]:
    """The edition's latest applied, failed and held schedule imports, newest first, each with who started
    and who applied it: one query. The plans and kept schedules are not loaded."""
    return list(
        ImportRun.objects.filter(edition=edition, status__in=SHOWN_IMPORT_STATUSES)
        .select_related("started_by", "applied_by")
        .defer(*HEAVY_IMPORT_FIELDS)
        .order_by("-started_at", "-id")[:limit]
    )


def imports_in_progress_for(*, edition) -> list[ImportRun]:
    """The edition's imports started on the imports page and not finished with: being fetched, or
    previewed and waiting to be applied; newest first, each with who started it. One query."""
    return list(
        ImportRun.objects.filter(edition=edition, status__in=(ImportStatus.FETCHING, ImportStatus.PREVIEWED))
        .select_related("started_by")
        .defer(*HEAVY_IMPORT_FIELDS, "changes")
        .order_by("-started_at", "-id")
    )


def held_imports_for(*, edition) -> list[ImportRun]:
    """Imports the sync held back for staff (normally at most one), newest first: one query."""
    return list(
        ImportRun.objects.filter(edition=edition, status=ImportStatus.HELD)
        .defer("data", "upload", "source_spec")
        .order_by("-started_at", "-id")
    )


def import_run_for_review(*, edition, pk: int) -> ImportRun:
    """One of the edition's import runs with who started and applied it, without the kept schedule (one
    query). Raises ImportRun.DoesNotExist, also for a run of another edition."""
    run = (
        ImportRun.objects.select_related("started_by", "applied_by")
        .defer("data", "upload", "source_spec")
        .get(edition=edition, pk=pk)
    )
    run.edition = edition
    return run


def import_run_for_progress(*, edition, pk: int) -> ImportRun:
    """One of the edition's import runs for its progress page: who started it, its progress, never its
    plan, kept schedule, uploaded file or token (one query). Raises ImportRun.DoesNotExist."""
    run = ImportRun.objects.select_related("started_by").defer(*HEAVY_IMPORT_FIELDS).get(edition=edition, pk=pk)
    run.edition = edition
    return run
