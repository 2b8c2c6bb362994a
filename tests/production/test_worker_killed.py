"""A worker killed in the middle of an email: when it comes back, the email is sent, once.

A real `db_worker` process takes the sign-up's email job and is killed (SIGKILL, as the OOM killer or a
lost machine would) while the mail server is still answering. The Procfile's worker starts again with
`recover_tasks --worker-id` (its previous incarnation's job goes back to the queue), then `db_worker`.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from django.test import override_settings

from tests.factories.accounts import UserFactory
from tests.factories.editions import EditionFactory
from tests.factories.volunteering import TaskFactory
from tests.processes import end_other_connections, this_database_url
from volunteering import services

BASE_DIR = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
WORKER_ID = "worker-test-1"


def _env(outbox: Path, slow_seconds: float) -> dict:
    env = {key: value for key, value in os.environ.items() if key not in {"REDIS_URL", "ROOT_URLCONF"}}
    env.update(
        DJANGO_SETTINGS_MODULE="tests.production.worker_settings",
        DATABASE_URL=this_database_url(),
        TASKS_BACKEND="database",
        SLOW_MAIL_DIR=str(outbox),
        SLOW_MAIL_SECONDS=str(slow_seconds),
    )
    return env


def _manage(*args, env, **kwargs):
    return subprocess.Popen([sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, **kwargs)


def _job_status(job_id) -> str:
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.get(pk=job_id).status


@override_settings(TASKS=DATABASE_QUEUE)
def test_an_email_whose_worker_was_killed_is_sent_once_when_it_comes_back(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("Worker processes are proven on PostgreSQL (run with DATABASE_URL=postgres://...)")
    from django_tasks_db.models import DBTaskResult

    task = TaskFactory(edition=EditionFactory(is_current=True), title="Welcome desk")
    services.sign_up(task=task, user=UserFactory(email="volunteer@example.org"))
    job_id = DBTaskResult.objects.get(task_path="volunteering.tasks.email_sign_up").pk

    worker = _manage("db_worker", "--worker-id", WORKER_ID, "--interval", "0.1", "--no-reload", env=_env(tmp_path, 60))
    try:
        for _ in range(200):
            if _job_status(job_id) == "RUNNING":
                break
            time.sleep(0.05)
        assert _job_status(job_id) == "RUNNING"  # taken, and the mail server is "answering"
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
    assert list(tmp_path.iterdir()) == [] and _job_status(job_id) == "RUNNING"  # nothing sent, job stuck

    back = _env(tmp_path, 0)
    assert _manage("recover_tasks", "--worker-id", WORKER_ID, env=back).wait(timeout=60) == 0
    assert _manage("db_worker", "--worker-id", WORKER_ID, "--batch", env=back).wait(timeout=60) == 0
    # Run once more, as if the job had been requeued again: the sent record keeps it to one email.
    DBTaskResult.objects.filter(pk=job_id).update(status="READY")
    assert _manage("db_worker", "--worker-id", WORKER_ID, "--batch", env=back).wait(timeout=60) == 0

    end_other_connections()  # the killed worker's, if the server has not noticed yet
    sent = list(tmp_path.iterdir())
    assert len(sent) == 1
    assert "volunteer@example.org" in sent[0].read_text()
    assert _job_status(job_id) == "SUCCESSFUL"
