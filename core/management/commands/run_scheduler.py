"""The periodic jobs, in one long-running process (the Procfile's `scheduler`), in place of cron.

Each job is a management command run in this process with `call_command`, on its own schedule: a
whole number is "every N minutes", anything else a crontab line (`0 7 * * *`: daily at 07:00) in
TIME_ZONE. Defaults follow what each command asks for; each is a setting or environment variable:

    SCHEDULE_TASK_REMINDERS   5    send_task_reminders  (reminders TASK_REMINDER_HOURS before a task)
    SCHEDULE_SYNC_SCHEDULES   15   sync_schedules       (Pretalx imports of editions with sync on)
    SCHEDULE_FOLLOW_DIGESTS   10   send_follow_digests  (each person gets at most one digest an hour)
    SCHEDULE_RECOVER_TASKS    1    recover_tasks        (jobs of a worker that died back to the queue)

A job never overlaps itself (max_instances=1); runs missed while it was busy, or while this process was
down, collapse into one (coalesce). Run exactly one scheduler per site: the jobs are safe to run twice
at once, but every extra scheduler sends its share of database work for nothing.
"""

import io
import logging
import os
import signal
import time
from dataclasses import dataclass

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections, connections
from django.utils import timezone

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PeriodicJob:
    command: str
    setting: str
    default: str


JOBS = (
    PeriodicJob("send_task_reminders", "SCHEDULE_TASK_REMINDERS", "5"),
    PeriodicJob("sync_schedules", "SCHEDULE_SYNC_SCHEDULES", "15"),
    PeriodicJob("send_follow_digests", "SCHEDULE_FOLLOW_DIGESTS", "10"),
    PeriodicJob("recover_tasks", "SCHEDULE_RECOVER_TASKS", "1"),
)


def schedule_of(job: PeriodicJob) -> str:
    """The job's schedule: a setting if there is one, else the environment variable, else the default."""
    return str(getattr(settings, job.setting, None) or os.environ.get(job.setting) or job.default).strip()


def trigger_for(schedule: str) -> BaseTrigger:
    """ "5" is every 5 minutes; anything else is a crontab line, read in TIME_ZONE."""
    if schedule.isdigit():
        if int(schedule) < 1:
            raise ValueError("an interval must be at least 1 minute")
        return IntervalTrigger(minutes=int(schedule), timezone=settings.TIME_ZONE)
    return CronTrigger.from_crontab(schedule, timezone=settings.TIME_ZONE)


def run_job(command: str) -> None:
    """Run one management command and log how it went, in one line; a failure never stops the scheduler."""
    # Like a request: connections this thread keeps between runs may have timed out meanwhile.
    close_old_connections()
    output = io.StringIO()
    started = time.monotonic()
    try:
        call_command(command, stdout=output, stderr=output)
    except SystemExit as exit:  # sync_schedules says "an import failed" with exit status 1
        logger.error("%s exited with status %s: %s", command, exit.code, output.getvalue().strip())
    except Exception:
        logger.exception("%s failed: %s", command, output.getvalue().strip())
    else:
        logger.info("%s (%.1f s): %s", command, time.monotonic() - started, output.getvalue().strip())
    finally:
        close_old_connections()


def build_scheduler() -> BlockingScheduler:
    """The scheduler with every job added, not started."""
    scheduler = BlockingScheduler(
        timezone=settings.TIME_ZONE,
        # One thread per job, so a slow Pretalx sync never holds back the reminders or the recovery.
        executors={"default": ThreadPoolExecutor(max_workers=len(JOBS))},
    )
    for job in JOBS:
        try:
            trigger = trigger_for(schedule_of(job))
        except ValueError as error:
            raise CommandError(f"{job.setting}={schedule_of(job)!r}: {error}") from error
        scheduler.add_job(
            run_job,
            trigger,
            args=[job.command],
            id=job.command,
            name=job.command,
            max_instances=1,
            coalesce=True,
            # A run that is late (its job still busy, a slow start) still runs, rather than being skipped.
            misfire_grace_time=None,
        )
    return scheduler


class Command(BaseCommand):
    help = (
        "Run the periodic jobs (task reminders, Pretalx sync, follow digests, recovery of jobs left by a "
        "worker that died) on their schedules, in place of cron. Run exactly one per site."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--list", action="store_true", dest="list_only", help="Print the jobs and their next runs, then exit."
        )

    def handle(self, *args, list_only, **options):
        # Each run is logged here in one line; APScheduler's own lines would repeat it.
        logging.getLogger("apscheduler").setLevel(logging.WARNING)
        scheduler = build_scheduler()
        now = timezone.localtime()
        for job in scheduler.get_jobs():
            next_run = job.trigger.get_next_fire_time(None, now)
            self.stdout.write(f"{job.id}: {job.trigger}, next at {next_run:%Y-%m-%d %H:%M %Z}")
        if list_only:
            return

        def stop(signum, frame):
            logger.info("Scheduler stopping (%s) once the running jobs finish.", signal.Signals(signum).name)
            scheduler.shutdown(wait=True)

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        # The jobs open their own connections, in their threads: this one is not needed while waiting.
        connections.close_all()
        logger.info("Scheduler started with %d jobs.", len(JOBS))
        scheduler.start()
