"""Preview, then apply: fetch and plan without writing, keep the fetched schedule on the run, apply it
once staff confirm; and on the staff page, fetch on the task queue while the page shows the progress."""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from core.stored_text import later

from ..import_plan import data_from_json, data_to_json, plan_import
from ..models import PENDING_IMPORT_STATUSES, ImportRun, ImportStatus
from ..pretalx import PretalxError, Progress, import_deadline_seconds, source_from_spec
from .imports import _fail, _mark_applied, _new_run, _record_plan, _supersede_held, apply_import, as_source

logger = logging.getLogger(__name__)

# A preview can be applied for this long after it was fetched; then it must be fetched again.
PREVIEW_LIFETIME = datetime.timedelta(hours=1)
# Cancelled and expired previews changed nothing; their rows are deleted after this long.
KEEP_DISCARDED_PREVIEWS = datetime.timedelta(days=1)
# A queued preview whose job has not started after this long is failed (no task worker running?)...
QUEUE_PATIENCE = datetime.timedelta(minutes=15)
# ...and one whose job started but did not finish within the import deadline and this margin (for
# working out the plan) died with its worker.
FETCH_MARGIN = datetime.timedelta(minutes=2)
MAX_PROGRESS_LINES = 40


# --- preview, then apply --------------------------------------------------------------------------------


def _fetch_and_plan(run: ImportRun, source, progress: Progress = None) -> None:
    """Fetch the schedule and record on ``run`` what importing it would do (a ``previewed`` run keeping
    the fetched schedule), or why it failed; nothing else is written. Does not save the run."""
    try:
        data = source.fetch(progress=progress)
        if progress:
            progress(
                later(
                    gettext_noop(
                        "Read %(rooms)s rooms, %(tracks)s tracks and %(sessions)s sessions; "
                        "working out what the import would change…"
                    ),
                    rooms=len(data.rooms),
                    tracks=len(data.tracks),
                    sessions=len(data.sessions),
                )
            )
        plan = plan_import(edition=run.edition, data=data)
    except (PretalxError, ValidationError) as error:
        _fail(run, error)
    except Exception as error:  # noqa: BLE001 - a failed preview must still be recorded
        logger.exception("Schedule import preview for %s failed", run.edition)
        _fail(run, error)
    else:
        _record_plan(run, plan)
        run.status = ImportStatus.PREVIEWED
        run.data = data_to_json(data)
    run.finished_at = timezone.now()


def preview_import(*, edition, source, by=None) -> ImportRun:
    """Fetch the schedule and record what importing it would do, changing nothing else.

    Returns a run with ``status="previewed"`` that keeps the fetched schedule (``data``) and the plan
    (``plan``, ``fingerprint``) until ``apply_pending_import`` or ``cancel_import_preview``; a fetch or
    data error gives a failed run instead. Also discards the edition's stale previews.
    """
    source = as_source(source)
    run = _new_run(edition=edition, source=source, by=by)
    _fetch_and_plan(run, source)
    run.save()
    discard_stale_previews(edition=edition, now=run.finished_at)
    return run


def preview_has_expired(run: ImportRun, now=None) -> bool:
    now = now or timezone.now()
    return run.status == ImportStatus.PREVIEWED and run.started_at < now - PREVIEW_LIFETIME


class Outcome:
    APPLIED = "applied"
    ALREADY_APPLIED = "already_applied"  # a second confirmation of the same run
    GONE = "gone"  # cancelled, expired, superseded or failed meanwhile
    EXPIRED = "expired"
    PLAN_CHANGED = "plan_changed"  # the database changed since the preview: the run now shows the new plan
    REMOVALS_NOT_CONFIRMED = "removals_not_confirmed"
    FAILED = "failed"


@dataclass
class PendingResult:
    outcome: str
    run: ImportRun


def apply_pending_import(
    *, run: ImportRun, by, fingerprint: str, allow_removals: bool = False, now=None
) -> PendingResult:
    """Apply a previewed or held import, once.

    ``fingerprint`` is the plan the person saw. The kept schedule is planned again against the database
    inside the transaction that applies it: if that plan differs, nothing is applied and the run is
    updated to show the new plan (``PLAN_CHANGED``). A plan that removes too much needs
    ``allow_removals``. A second confirmation finds the run applied already and does nothing.
    """
    now = now or timezone.now()
    if preview_has_expired(run, now):
        ImportRun.objects.filter(pk=run.pk, status=ImportStatus.PREVIEWED).update(
            status=ImportStatus.EXPIRED, data=None
        )
        return PendingResult(Outcome.EXPIRED, run)
    try:
        with transaction.atomic():
            # Locks the row (PostgreSQL; SQLite runs one writing transaction at a time) so a double
            # submit waits here and then finds the run applied.
            pending = (
                ImportRun.objects.select_for_update(of=("self",))
                .filter(pk=run.pk, status__in=PENDING_IMPORT_STATUSES)
                .first()
            )
            if pending is None:
                run.refresh_from_db()
                outcome = Outcome.ALREADY_APPLIED if run.status == ImportStatus.APPLIED else Outcome.GONE
                return PendingResult(outcome, run)
            pending.edition = run.edition
            plan = plan_import(edition=pending.edition, data=data_from_json(pending.data))
            if plan.fingerprint != fingerprint:
                _record_plan(pending, plan)
                pending.save(
                    update_fields=["plan", "fingerprint", "created", "updated", "removed", "unchanged", "changes"]
                )
                return PendingResult(Outcome.PLAN_CHANGED, pending)
            if plan.needs_removal_confirmation and not allow_removals:
                return PendingResult(Outcome.REMOVALS_NOT_CONFIRMED, pending)
            _record_plan(pending, plan)
            apply_import(plan, allow_removals=True)
            if plan.has_changes:
                _supersede_held(pending.edition, keep=pending)
            _mark_applied(pending, by=by, now=now)
            pending.save()
    except (PretalxError, ValidationError) as error:
        failed = _fail_pending(run, error)
        return PendingResult(Outcome.FAILED, failed)
    except Exception as error:  # noqa: BLE001 - a failed import must still be recorded
        logger.exception("Applying schedule import %s failed", run.pk)
        return PendingResult(Outcome.FAILED, _fail_pending(run, error))
    return PendingResult(Outcome.APPLIED, pending)


def _fail_pending(run: ImportRun, error: Exception) -> ImportRun:
    run.refresh_from_db()
    if run.is_pending:
        _fail(run, error)
        run.finished_at = timezone.now()
        run.save()
    return run


def cancel_import_preview(*, run: ImportRun) -> bool:
    """Drop a preview (its kept schedule too). Held imports are not cancelled: the next sync decides."""
    return bool(
        ImportRun.objects.filter(pk=run.pk, status=ImportStatus.PREVIEWED).update(
            status=ImportStatus.CANCELLED, data=None, finished_at=timezone.now()
        )
    )


def discard_stale_previews(*, edition=None, now=None) -> None:
    """Expire previews older than PREVIEW_LIFETIME (dropping their kept schedule) and delete cancelled
    and expired previews after KEEP_DISCARDED_PREVIEWS."""
    now = now or timezone.now()
    if edition is None:
        fail_stale_fetches(now=now)
    runs = ImportRun.objects.all() if edition is None else ImportRun.objects.filter(edition=edition)
    runs.filter(status=ImportStatus.PREVIEWED, started_at__lt=now - PREVIEW_LIFETIME).update(
        status=ImportStatus.EXPIRED, data=None
    )
    runs.filter(
        status__in=(ImportStatus.CANCELLED, ImportStatus.EXPIRED), started_at__lt=now - KEEP_DISCARDED_PREVIEWS
    ).delete()


# --- preview in the background (the staff page) -------------------------------------------------------


def queue_import_preview(*, edition, spec: dict, upload: bytes | None = None, by=None) -> ImportRun:
    """Record a preview to fetch in the background and queue its job; returns the ``fetching`` run.

    ``spec`` says what to fetch in plain values (see ``schedule.pretalx.source_from_spec``; the API token
    too) and ``upload`` holds an uploaded file's bytes: both are kept on the run until the job has read
    them, since the job may run in another process, later. The job is queued once this transaction
    commits, so it always finds the run.
    """
    from ..tasks import fetch_import_preview  # the tasks module imports this one

    source = source_from_spec(spec, upload)
    run = _new_run(edition=edition, source=source, by=by)
    run.status, run.ok = ImportStatus.FETCHING, False
    run.source_spec, run.upload = spec, upload
    run.save()
    transaction.on_commit(lambda: fetch_import_preview.enqueue(run.pk))
    return run


def _recorder(run: ImportRun) -> Progress:
    """A progress callback that adds each line to the run as it comes, for the page that shows it."""

    def progress(message: dict) -> None:
        run.progress = [*run.progress, message][-MAX_PROGRESS_LINES:]
        ImportRun.objects.filter(pk=run.pk, status=ImportStatus.FETCHING).update(progress=run.progress)

    return progress


def fetch_queued_preview(*, run_id: int, now=None) -> ImportRun | None:
    """The queued job's work: fetch and plan a ``fetching`` run, leaving it ``previewed`` or ``failed``.

    Runs once per run: the job claims it by setting ``fetch_started_at``, so a job queued twice does the
    work once; returns None when there is nothing to do (claimed already, or failed as stale meanwhile).
    What to fetch and the uploaded file are dropped from the run whatever the outcome. A result that
    comes after the run was failed as stale is thrown away.
    """
    now = now or timezone.now()
    claimed = ImportRun.objects.filter(pk=run_id, status=ImportStatus.FETCHING, fetch_started_at__isnull=True).update(
        fetch_started_at=now
    )
    if not claimed:
        return None
    run = ImportRun.objects.select_related("edition").get(pk=run_id)
    try:
        source = source_from_spec(run.source_spec or {}, run.upload)
    except (KeyError, ValueError) as error:
        _fail(run, error)
        run.finished_at = timezone.now()
    else:
        _fetch_and_plan(run, source, progress=_recorder(run))
    run.source_spec, run.upload = None, None
    with transaction.atomic():
        # Locked, so marking it stale waits for this save (and then finds it done), or this finds it failed.
        current = ImportRun.objects.select_for_update().filter(pk=run.pk, status=ImportStatus.FETCHING).exists()
        if current:
            run.save()
    if not current:
        run.refresh_from_db()
    discard_stale_previews(edition=run.edition, now=run.finished_at)
    return run


NEVER_STARTED = gettext_noop(
    "The task worker did not start this import within %(minutes)s minutes, so it was dropped. Check "
    "that the task worker is running, then import again."
)
DIED = gettext_noop("This import stopped without finishing (its task worker may have been restarted).")


def _died_before(now):
    return now - datetime.timedelta(seconds=import_deadline_seconds()) - FETCH_MARGIN


def _stale_message(minutes_or_none) -> dict:
    if minutes_or_none is None:
        return later(DIED)
    return later(NEVER_STARTED, minutes=minutes_or_none)


def _stale_done(now) -> dict:
    return {"status": ImportStatus.FAILED, "ok": False, "finished_at": now, "source_spec": None, "upload": None}


def fail_stale_fetches(*, edition=None, now=None) -> int:
    """Fail the ``fetching`` runs (of ``edition``, or all) whose job never started within QUEUE_PATIENCE
    or died (not done within the import deadline and FETCH_MARGIN), so none stays ``fetching`` for
    ever; a job that turns up later finds nothing to do. Returns how many were failed."""
    now = now or timezone.now()
    runs = ImportRun.objects.filter(status=ImportStatus.FETCHING)
    if edition is not None:
        runs = runs.filter(edition=edition)
    minutes = int(QUEUE_PATIENCE.total_seconds() // 60)
    never_started = runs.filter(fetch_started_at__isnull=True, started_at__lt=now - QUEUE_PATIENCE)
    count = never_started.update(**_stale_done(now), error_message=_stale_message(minutes))
    count += runs.filter(fetch_started_at__lt=_died_before(now)).update(**_stale_done(now), error_message=later(DIED))
    return count


def fail_if_stale(*, run: ImportRun, now=None) -> bool:
    """``fail_stale_fetches`` for one run already loaded: no query unless it is stale. Updates ``run``."""
    now = now or timezone.now()
    if not run.is_fetching:
        return False
    if run.fetch_started_at is None:
        if run.started_at >= now - QUEUE_PATIENCE:
            return False
        message = _stale_message(int(QUEUE_PATIENCE.total_seconds() // 60))
    elif run.fetch_started_at >= _died_before(now):
        return False
    else:
        message = _stale_message(None)
    failed = ImportRun.objects.filter(
        pk=run.pk, status=ImportStatus.FETCHING, fetch_started_at=run.fetch_started_at
    ).update(**_stale_done(now), error_message=message)
    if failed:
        run.status, run.ok, run.finished_at, run.error_message = ImportStatus.FAILED, False, now, message
    else:
        run.refresh_from_db()
    return bool(failed)
