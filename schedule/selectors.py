"""Reads for the track and schedule pages. Each function costs a fixed number of queries."""

from __future__ import annotations

import datetime
import itertools

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from communities.models import Community
from volunteering.models import Task, TaskStatus

from .models import ImportRun, ImportStatus, Session, Track

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


def scheduled_sessions(*, edition, track_id: int | None = None, community_id: int | None = None) -> QuerySet:
    """Sessions in the edition's schedule (scheduled, with a start), by start, each with its room and track."""
    sessions = Session.objects.filter(edition=edition, is_scheduled=True, starts_at__isnull=False)
    if track_id:
        sessions = sessions.filter(track_id=track_id)
    if community_id:
        sessions = sessions.filter(track__communities__id=community_id).distinct()
    return sessions.select_related("room", "track").order_by("starts_at", "room__position", "room__name", "code")


def group_by_day(sessions) -> list[tuple[datetime.date, list[Session]]]:
    """Sessions (sorted by start) grouped by their local start day, in the active time zone."""
    return [
        (day, list(group))
        for day, group in itertools.groupby(sessions, key=lambda session: timezone.localdate(session.starts_at))
    ]


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
        .order_by("starts_at", "pk")
    )


def schedule_filter_choices(*, edition) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """(tracks, communities) for the schedule filters: the edition's tracks and the communities linked
    to them, each sorted by the name in the active language. Two queries."""
    tracks = sorted(
        ((track.pk, str(track)) for track in Track.objects.filter(edition=edition)), key=lambda item: item[1].lower()
    )
    communities = sorted(
        ((community.pk, str(community)) for community in Community.objects.filter(tracks__edition=edition).distinct()),
        key=lambda item: item[1].lower(),
    )
    return tracks, communities


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
