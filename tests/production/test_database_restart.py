"""PostgreSQL restarted under a running app: the next requests get new connections, no app restart.

A real gunicorn worker keeps its connection (CONN_MAX_AGE=60, as in production); the test then ends
every connection to the database, as a PostgreSQL restart or a failover does.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
import requests
from django.db import connection

from tests.factories.editions import EditionFactory
from tests.factories.volunteering import TaskFactory
from tests.processes import end_other_connections, free_port, this_database_url, wait_until_answering

BASE_DIR = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def server():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL restarts are proven on PostgreSQL (run with DATABASE_URL=postgres://...)")
    port = free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"REDIS_URL", "DJANGO_SETTINGS_MODULE", "ROOT_URLCONF", "TASKS_BACKEND"}
    }
    env.update(
        DATABASE_URL=this_database_url(),
        CONN_MAX_AGE="60",
        DEBUG="false",
        PRODUCTION="false",
        ALLOWED_HOSTS="127.0.0.1",
        SITE_URL=f"http://127.0.0.1:{port}",
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi", "--workers", "1", "--bind", f"127.0.0.1:{port}"],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_answering(url)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_requests_after_a_postgresql_restart_get_new_connections(server):
    edition = EditionFactory(is_current=True)
    task = TaskFactory(edition=edition, title="Welcome desk")
    page = f"{server}{task.get_absolute_url()}"
    assert requests.get(page, timeout=10).status_code == 200  # the worker now keeps a connection

    assert end_other_connections() >= 1
    answers = [requests.get(page, timeout=10) for _ in range(3)]

    assert [answer.status_code for answer in answers] == [200, 200, 200]
    assert "Welcome desk" in answers[0].text
