"""Import at once, and what every import shares: applying a plan in one transaction and recording runs."""

from __future__ import annotations

import logging

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from core.stored_text import later

from ..import_plan import REMOVED, ImportPlan, data_to_json, plan_import
from ..models import ImportRun, ImportStatus, PretalxSource, Room, Session, Track
from ..pretalx import ApiSource, PretalxError, Progress, ScheduleJsonSource

logger = logging.getLogger(__name__)

MAX_CHANGE_LINES = 50
BATCH_SIZE = 200


class RemovalsNotConfirmed(Exception):
    """The plan removes more sessions than an import may without an explicit confirmation."""

    def __init__(self, plan: ImportPlan):
        self.plan = plan
        self.stored = plan.removal_message()
        super().__init__(plan.removal_reason())


def as_source(source):
    """Accept a PretalxSource row, an ApiSource/ScheduleJsonSource, or a schedule.json path or URL."""
    if isinstance(source, PretalxSource):
        return ApiSource(base_url=source.base_url, event_slug=source.event_slug, token=source.api_token)
    if isinstance(source, str):
        return ScheduleJsonSource(location=source)
    return source


# --- applying a plan -------------------------------------------------------------------------------


def _save(model, created, updated, fields):
    if created:
        model.objects.bulk_create(created, batch_size=BATCH_SIZE)
    if updated:
        model.objects.bulk_update(updated, sorted(fields), batch_size=BATCH_SIZE)


def _save_rows(model, changes):
    fields = set()
    for change in changes:
        if not change.created:
            fields.update(change.fields)
    _save(
        model,
        [change.row for change in changes if change.created],
        [change.row for change in changes if not change.created],
        fields,
    )


def apply_import(plan: ImportPlan, *, allow_removals: bool = False) -> None:
    """Write ``plan``: rooms, tracks, then sessions, in one transaction (the caller's, if there is one).

    Raises RemovalsNotConfirmed, before writing anything, when the plan removes more sessions than
    allowed (``SCHEDULE_IMPORT_MAX_REMOVAL_SHARE``) and ``allow_removals`` is not set. A plan without
    changes writes nothing.
    """
    if plan.needs_removal_confirmation and not allow_removals:
        raise RemovalsNotConfirmed(plan)
    if not plan.has_changes:
        return
    with transaction.atomic(savepoint=False):
        _save_rows(Room, plan.rooms)
        _save_rows(Track, plan.tracks)
        created, updated, fields = [], [], set()
        for item in plan.sessions:
            session = item.session
            if item.kind == REMOVED:
                session.is_scheduled = False
            else:
                # New rooms and tracks got their ids just now.
                session.room_id = item.room.pk if item.room else None
                session.track_id = item.track.pk if item.track else None
            if item.existed:
                updated.append(session)
                fields.update(item.fields)
            else:
                created.append(session)
        _save(Session, created, updated, fields)


# --- recording runs --------------------------------------------------------------------------------


def _new_run(*, edition, source, by) -> ImportRun:
    return ImportRun(
        edition=edition, started_at=timezone.now(), started_by=by, source=str(source.label)[:500], kind=source.kind
    )


def _record_plan(run: ImportRun, plan: ImportPlan) -> None:
    """What the plan does, on the run (call before applying: new rows have no ids yet)."""
    run.plan = plan.summary()
    run.fingerprint = plan.fingerprint
    counts = plan.row_counts
    run.created, run.updated = counts["created"], counts["updated"]
    run.removed, run.unchanged = counts["removed"], counts["unchanged"]
    lines = plan.change_messages()
    run.changes = lines[:MAX_CHANGE_LINES]
    if len(lines) > MAX_CHANGE_LINES:
        run.changes.append(later(gettext_noop("… and %(count)s more changes."), count=len(lines) - MAX_CHANGE_LINES))


def _one_line(text) -> str:
    return " ".join(str(text).split())


def _error_message(error: Exception) -> dict | str:
    """What to keep on the run: a message worded when shown (core.stored_text) where we wrote it."""
    if isinstance(error, PretalxError | RemovalsNotConfirmed):
        return error.stored
    if isinstance(error, ValidationError):
        return _one_line(error.messages[0])
    return later(gettext_noop("Unexpected error: %(error)s"), error=_one_line(error))


def _fail(run: ImportRun, error: Exception) -> None:
    """A run that changed nothing: no counts, no data kept."""
    run.status, run.ok, run.error_message = ImportStatus.FAILED, False, _error_message(error)
    run.created = run.updated = run.removed = run.unchanged = 0
    run.changes, run.data = [], None


def _mark_applied(run: ImportRun, *, by, now) -> None:
    run.status, run.ok, run.error_message, run.data = ImportStatus.APPLIED, True, "", None
    run.applied_at, run.applied_by, run.finished_at = now, by, now


def _supersede_held(edition, *, keep=None) -> None:
    """Held imports of the edition are out of date once the schedule changed or the sync ran again."""
    held = ImportRun.objects.filter(edition=edition, status=ImportStatus.HELD)
    if keep is not None:
        held = held.exclude(pk=keep.pk)
    held.update(status=ImportStatus.SUPERSEDED, data=None)


def _hold(run: ImportRun, plan: ImportPlan, data) -> ImportRun:
    """Keep an import that removes too much for staff to review, as a held run with the fetched data.

    One held run per plan: when the same plan is already held (the sync runs every few minutes), that
    run is returned with its time of last check updated, and nothing new is recorded.
    """
    run.status, run.ok, run.error_message = ImportStatus.HELD, False, plan.removal_message()
    run.data = data_to_json(data)
    run.finished_at = timezone.now()
    try:
        with transaction.atomic():
            same = (
                ImportRun.objects.filter(edition=run.edition, status=ImportStatus.HELD, fingerprint=run.fingerprint)
                .defer("data", "plan")
                .first()
            )
            if same is not None:
                same.finished_at = run.finished_at
                same.save(update_fields=["finished_at"])
                return same
            _supersede_held(run.edition)
            run.save()
    except IntegrityError:
        # Another sync held the very same plan a moment ago (one held run per plan, see the model).
        return ImportRun.objects.get(edition=run.edition, status=ImportStatus.HELD, fingerprint=run.fingerprint)
    return run


# --- import at once (command line, sync, demo) -------------------------------------------------------


def import_schedule(
    *,
    edition,
    source,
    by=None,
    progress: Progress = None,
    allow_removals: bool = False,
    hold: bool = False,
) -> ImportRun:
    """Import an edition's schedule from Pretalx and record the attempt as an ImportRun.

    Everything is written in one transaction; on any error nothing changes and the returned run has
    ``status="failed"``, ``ok=False`` and a one-line ``error``. The run itself is saved outside that
    transaction. An import of unchanged data writes nothing but the run.

    A plan that removes more than ``SCHEDULE_IMPORT_MAX_REMOVAL_SHARE`` of the scheduled sessions is
    applied only with ``allow_removals``; otherwise it fails with the reason, or with ``hold`` (the
    scheduled sync) it is kept as a held run for staff to review (see ``_hold``).
    """
    source = as_source(source)
    run = _new_run(edition=edition, source=source, by=by)
    try:
        data = source.fetch(progress=progress)
        if progress:
            progress(
                later(
                    gettext_noop("Applying %(rooms)s rooms, %(tracks)s tracks and %(sessions)s sessions…"),
                    rooms=len(data.rooms),
                    tracks=len(data.tracks),
                    sessions=len(data.sessions),
                )
            )
        with transaction.atomic():
            plan = plan_import(edition=edition, data=data)
            _record_plan(run, plan)
            apply_import(plan, allow_removals=allow_removals)
            if plan.has_changes or hold:
                _supersede_held(edition)
    except RemovalsNotConfirmed as refusal:
        if hold:
            return _hold(run, refusal.plan, data)
        _fail(run, refusal)
    except (PretalxError, ValidationError) as error:
        _fail(run, error)
    except Exception as error:  # noqa: BLE001 - a failed import must still be recorded
        logger.exception("Schedule import for %s failed", edition)
        _fail(run, error)
    else:
        _mark_applied(run, by=by, now=timezone.now())
    run.finished_at = timezone.now()
    run.save()
    return run
