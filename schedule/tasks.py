"""Background jobs of the schedule app (Django tasks framework).

``sync_pretalx_schedules`` imports the schedule of every edition whose Pretalx source has
"sync automatically" ticked. Schedule it from cron (``manage.py sync_schedules``) or enqueue it
from anything that runs on a timer: ``sync_pretalx_schedules.enqueue()``.
"""

import logging

from django_tasks import task

from .models import ImportRun, PretalxSource
from .pretalx import ApiSource
from .services import import_schedule

logger = logging.getLogger(__name__)


def sync_sources(*, http=None) -> list[ImportRun]:
    """Import every edition with a sync-enabled Pretalx source: one ImportRun each, in edition order.

    ``import_schedule`` records its own failures as a failed run; anything that escapes it (the run
    itself could not be saved) is logged and the other editions still sync.
    """
    runs = []
    sources = (
        PretalxSource.objects.filter(sync_enabled=True)
        .select_related("edition")
        .order_by("edition__start_date", "edition__slug")
    )
    for source in sources:
        api = ApiSource(base_url=source.base_url, event_slug=source.event_slug, token=source.api_token, http=http)
        try:
            runs.append(import_schedule(edition=source.edition, source=api))
        except Exception:  # noqa: BLE001 - one edition must not stop the others
            logger.exception("Scheduled schedule sync for %s failed", source.edition)
    return runs


@task()
def sync_pretalx_schedules() -> list[int]:
    """Sync all editions with a sync-enabled Pretalx source; returns the ImportRun ids (JSON-friendly)."""
    return [run.pk for run in sync_sources()]
