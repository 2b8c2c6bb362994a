"""Write a Pretalx schedule into an edition (see schedule.pretalx for reading it and
schedule.import_plan for working out what an import would do).

Every way in goes through the same two steps: ``plan_import`` (reads only) and ``apply_import``
(writes exactly that plan, in one transaction):

- ``import_schedule`` (``imports``): fetch, plan and apply at once (the command line, the scheduled
  sync, the demo); refuses a plan that removes too much unless ``allow_removals``, or with ``hold``
  keeps it for staff.
- ``preview_import`` then ``apply_pending_import`` (``previews``): fetch and record a preview (the
  fetched schedule is kept server-side on the run), staff read it and confirm, and the confirmation
  re-plans against the database and applies only if the plan is still the one they saw. The staff
  page does not fetch in the request: ``queue_import_preview`` records a ``fetching`` run and queues
  ``schedule.tasks.fetch_import_preview``, which runs ``fetch_queued_preview``; the page shows the
  run's progress until the preview is ready. ``fail_stale_fetches`` marks a run whose job never
  started or died as failed, so none stays ``fetching`` for ever.
"""

from .imports import RemovalsNotConfirmed, apply_import, as_source, import_schedule
from .previews import (
    DIED,
    FETCH_MARGIN,
    KEEP_DISCARDED_PREVIEWS,
    NEVER_STARTED,
    PREVIEW_LIFETIME,
    QUEUE_PATIENCE,
    Outcome,
    PendingResult,
    apply_pending_import,
    cancel_import_preview,
    discard_stale_previews,
    fail_if_stale,
    fail_stale_fetches,
    fetch_queued_preview,
    preview_has_expired,
    preview_import,
    queue_import_preview,
)

__all__ = [
    "DIED",
    "FETCH_MARGIN",
    "KEEP_DISCARDED_PREVIEWS",
    "NEVER_STARTED",
    "PREVIEW_LIFETIME",
    "QUEUE_PATIENCE",
    "Outcome",
    "PendingResult",
    "RemovalsNotConfirmed",
    "apply_import",
    "apply_pending_import",
    "as_source",
    "cancel_import_preview",
    "discard_stale_previews",
    "fail_if_stale",
    "fail_stale_fetches",
    "fetch_queued_preview",
    "import_schedule",
    "preview_has_expired",
    "preview_import",
    "queue_import_preview",
]
