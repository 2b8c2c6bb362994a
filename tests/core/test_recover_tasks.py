"""Jobs left RUNNING by a worker that died go back to the queue (core/management/commands/recover_tasks.py)."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from tests.factories.accounts import UserFactory
from tests.factories.volunteering import TaskFactory
from volunteering import services

pytestmark = pytest.mark.integration


@pytest.fixture(autouse=True)
def _database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def _claimed_job(edition, *, minutes_ago: int, worker_id: str = "host-worker.1") -> DBTaskResult:
    """A sign-up's confirmation email, claimed by `worker_id` `minutes_ago` (as db_worker does) and never finished."""
    services.sign_up(task=TaskFactory(edition=edition), user=UserFactory())
    job = DBTaskResult.objects.get()
    job.claim(worker_id)
    DBTaskResult.objects.filter(pk=job.pk).update(started_at=timezone.now() - datetime.timedelta(minutes=minutes_ago))
    return job


# Committed for real: db_worker checks its connection between jobs, and on PostgreSQL it would close the
# connection of a test wrapped in a transaction.
@pytest.mark.django_db(transaction=True)
def test_recover_tasks_requeues_a_job_running_longer_than_the_threshold_and_it_runs_once(edition, mailoutbox):
    job = _claimed_job(edition, minutes_ago=16)

    call_command("recover_tasks")
    job.refresh_from_db()
    assert (job.status, job.started_at) == (TaskResultStatus.READY, None)

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", "--worker-id", "host-worker.2")
    job.refresh_from_db()
    assert job.status == TaskResultStatus.SUCCESSFUL
    assert job.worker_ids == ["host-worker.1", "host-worker.2"]
    assert len(mailoutbox) == 1


def test_recover_tasks_leaves_a_job_running_for_less_than_the_threshold(edition):
    job = _claimed_job(edition, minutes_ago=14)

    call_command("recover_tasks")

    job.refresh_from_db()
    assert job.status == TaskResultStatus.RUNNING


def test_recover_tasks_threshold_is_an_option(edition):
    job = _claimed_job(edition, minutes_ago=6)

    call_command("recover_tasks", "--minutes", "5")

    job.refresh_from_db()
    assert job.status == TaskResultStatus.READY


def test_recover_tasks_with_worker_id_requeues_that_workers_jobs_at_once(edition):
    job = _claimed_job(edition, minutes_ago=0, worker_id="host-worker.1")

    call_command("recover_tasks", "--worker-id", "host-worker.2")
    job.refresh_from_db()
    assert job.status == TaskResultStatus.RUNNING  # another worker's job, still running

    call_command("recover_tasks", "--worker-id", "host-worker.1")
    job.refresh_from_db()
    assert job.status == TaskResultStatus.READY


def test_recover_tasks_with_worker_id_leaves_a_job_another_worker_claimed_since(edition):
    # worker.1 died holding it, it was requeued by age and worker.2 runs it now: worker.1 restarting
    # must not take it back from under worker.2.
    job = _claimed_job(edition, minutes_ago=0, worker_id="host-worker.1")
    DBTaskResult.objects.filter(pk=job.pk).update(status=TaskResultStatus.READY)
    job.refresh_from_db()
    job.claim("host-worker.2")

    call_command("recover_tasks", "--worker-id", "host-worker.1")

    job.refresh_from_db()
    assert job.status == TaskResultStatus.RUNNING


def test_recover_tasks_leaves_finished_jobs_alone(edition):
    job = _claimed_job(edition, minutes_ago=60)
    job.set_successful(None)

    call_command("recover_tasks")

    job.refresh_from_db()
    assert job.status == TaskResultStatus.SUCCESSFUL
