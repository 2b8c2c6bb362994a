"""Put background jobs whose worker died back in the queue.

django-tasks-db's `db_worker` marks a job RUNNING when it claims it and never looks at it again: if the
worker process is killed (a deploy, the OOM killer, a lost machine), the job stays RUNNING for ever and
its email is never sent. This command hands such jobs back to the queue (READY), in two ways:

- by age (the scheduler runs it every minute): RUNNING for longer than `--minutes` (default 15, far
  longer than any email takes), so its worker has died;
- by worker id (the Procfile's `worker` runs it before `db_worker`): RUNNING under this very worker
  id, which belongs to a previous incarnation of this process that died, so requeue at once.

A job that really ran longer than the threshold is run a second time: keep `--minutes` above the
slowest job (a schedule sync stops after SCHEDULE_IMPORT_DEADLINE_SECONDS).
"""

import datetime
import logging

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)

DEFAULT_MINUTES = 15


def _requeue(pk, started_at) -> bool:
    """READY again, as the worker found it; `worker_ids` keeps the history of who claimed it.

    Only if it is still the same claim (RUNNING, same start): a job that finished meanwhile, or was
    requeued and claimed again by another worker, is left as it is.
    """
    claim = DBTaskResult.objects.filter(pk=pk, status=TaskResultStatus.RUNNING, started_at=started_at)
    return claim.update(status=TaskResultStatus.READY, started_at=None) == 1


def requeue_stale_jobs(*, older_than: datetime.timedelta, now: datetime.datetime | None = None) -> list[str]:
    """Requeue every job RUNNING since before `now - older_than`; returns their ids."""
    cutoff = (now or timezone.now()) - older_than
    stale = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING, started_at__lt=cutoff)
    return [str(pk) for pk, started_at in stale.values_list("pk", "started_at") if _requeue(pk, started_at)]


def requeue_jobs_of_worker(*, worker_id: str) -> list[str]:
    """Requeue every job RUNNING under `worker_id`, whatever its age; returns their ids.

    `worker_ids` is a JSON list with one entry per claim, the current claimer last. Only the last entry
    counts: a job this worker once held, that was requeued and now runs under another worker, is not
    ours to take back. (Filtered in Python: SQLite has no JSON containment, and few jobs are RUNNING.)
    """
    running = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING)
    return [
        str(pk)
        for pk, started_at, worker_ids in running.values_list("pk", "started_at", "worker_ids")
        if worker_ids and worker_ids[-1] == worker_id and _requeue(pk, started_at)
    ]


class Command(BaseCommand):
    help = (
        "Put background jobs left RUNNING by a worker that died back in the queue: those running longer "
        "than --minutes, or with --worker-id, at once those of that worker's previous incarnation."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--minutes",
            type=int,
            default=getattr(settings, "TASK_RECOVERY_MINUTES", DEFAULT_MINUTES),
            help="Requeue jobs RUNNING for longer than this (default: %(default)s).",
        )
        parser.add_argument(
            "--worker-id",
            help="Requeue at once every job RUNNING under this worker id (run it before that worker starts).",
        )

    def handle(self, *args, minutes, worker_id, **options):
        if worker_id:
            ids = requeue_jobs_of_worker(worker_id=worker_id)
            reason = f"left by an earlier run of worker {worker_id}"
        else:
            ids = requeue_stale_jobs(older_than=datetime.timedelta(minutes=minutes))
            reason = f"running for more than {minutes} min"
        for pk in ids:
            logger.warning("Requeued background job %s (%s).", pk, reason)
        self.stdout.write(f"Requeued {len(ids)} background job(s) {reason}.")
