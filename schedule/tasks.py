"""Background jobs of the schedule app (Django tasks framework; ids only as arguments).

``sync_pretalx_schedules`` imports the schedule of every edition whose Pretalx source has
"sync automatically" ticked. Schedule it from cron (``manage.py sync_schedules``) or enqueue it
from anything that runs on a timer: ``sync_pretalx_schedules.enqueue()``. An import that would
remove more than ``SCHEDULE_IMPORT_MAX_REMOVAL_SHARE`` of the sessions is never applied by the
sync: it is held for staff, who get ``email_held_import`` once per held plan.

``fetch_import_preview`` fetches a schedule and works out its plan for the staff imports page, so
no web request waits on Pretalx; the page shows the run's progress meanwhile.
"""

import logging

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from accounts.models import User
from core.mail import send_in_language
from editions.models import RoleKind

from .import_plan import plan_for_display
from .models import ImportRun, ImportStatus, PretalxSource
from .pretalx import ApiSource
from .services import discard_stale_previews, fetch_queued_preview, import_schedule

logger = logging.getLogger(__name__)


def sync_sources(*, http=None) -> list[ImportRun]:
    """Import every edition with a sync-enabled Pretalx source: one ImportRun each, in edition order.

    ``import_schedule`` records its own failures as a failed run; anything that escapes it (the run
    itself could not be saved) is logged and the other editions still sync. A held run (too many
    removals) has its staff emailed, once per held plan.
    """
    discard_stale_previews()
    runs = []
    sources = (
        PretalxSource.objects.filter(sync_enabled=True)
        .select_related("edition")
        .order_by("edition__start_date", "edition__slug")
    )
    for source in sources:
        api = ApiSource(base_url=source.base_url, event_slug=source.event_slug, token=source.api_token, http=http)
        try:
            run = import_schedule(edition=source.edition, source=api, hold=True)
        except Exception:  # noqa: BLE001 - one edition must not stop the others
            logger.exception("Scheduled schedule sync for %s failed", source.edition)
            continue
        runs.append(run)
        if run.status == ImportStatus.HELD and run.staff_notified_at is None:
            email_held_import.enqueue(run.pk)
    return runs


@task()
def sync_pretalx_schedules() -> list[int]:
    """Sync all editions with a sync-enabled Pretalx source; returns the ImportRun ids (JSON-friendly)."""
    return [run.pk for run in sync_sources()]


@task()
def fetch_import_preview(run_id: int) -> str | None:
    """Fetch and plan the import preview ``run_id`` (queued by ``services.queue_import_preview``); returns
    the run's status, or None when another job did it already or the run was given up as stale."""
    run = fetch_queued_preview(run_id=run_id)
    return None if run is None else run.status


@task()
def email_held_import(run_id: int) -> int:
    """Tell the edition's staff, each in their language, that the sync held an import back; returns how
    many emails went out.

    Sent once per held run (and so per held plan): the run is claimed by setting ``staff_notified_at``
    before anything is sent, so a job queued twice sends once. Nothing is sent for a run that is no
    longer held (applied or superseded meanwhile).
    """
    claimed = ImportRun.objects.filter(pk=run_id, status=ImportStatus.HELD, staff_notified_at__isnull=True).update(
        staff_notified_at=timezone.now()
    )
    if not claimed:
        return 0
    run = ImportRun.objects.select_related("edition").defer("data").get(pk=run_id)
    staff = (
        User.objects.filter(is_active=True, edition_roles__edition=run.edition, edition_roles__kind=RoleKind.STAFF)
        .distinct()
        .order_by("pk")
    )
    context = {
        "run": run,
        "edition": run.edition,
        "review_url": settings.SITE_URL + reverse("schedule:import-preview", args=[run.pk]),
    }
    sent = 0
    for person in staff:
        language = person.preferred_language or settings.LANGUAGE_CODE
        with translation.override(language):
            plan = plan_for_display(run.plan)  # track names and the reason in the person's language
        try:
            send_in_language(
                person.email,
                language,
                "schedule/email/import_held",
                {**context, "user": person, "plan": plan},
                tz=run.edition.tzinfo,
            )
        except Exception:  # noqa: BLE001 - one failing address must not stop the others
            logger.exception("Could not tell staff member %s about held import %s", person.pk, run.pk)
        else:
            sent += 1
    if not sent:
        logger.warning("Held schedule import %s: no staff member of %s could be told", run.pk, run.edition)
    return sent
