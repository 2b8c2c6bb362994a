"""The restore drill of docs/DEPLOY.md, automated: `pg_dump -Fc` the database, `pg_restore` it into a fresh
one, and the app started on the copy serves the same board, community and sign-ups.

PostgreSQL only (run with DATABASE_URL=postgres://...): the backup is PostgreSQL's own tools.
"""

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection

from tests.factories.communities import CommunityFactory
from tests.factories.editions import EditionFactory
from tests.factories.volunteering import SignUpFactory, TaskFactory
from tests.processes import free_port

BASE_DIR = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

COUNTS = (
    "from communities.models import Community; from volunteering.models import SignUp, Task; import json; "
    "print(json.dumps({'tasks': sorted(Task.objects.values_list('title', flat=True)), "
    "'sign_ups': SignUp.objects.count(), 'communities': sorted(Community.objects.values_list('slug', flat=True))}))"
)


@pytest.fixture(autouse=True)
def _postgres_with_its_tools(db):
    if connection.vendor != "postgresql":
        pytest.skip("The restore drill uses pg_dump and pg_restore: run it on PostgreSQL (DATABASE_URL=postgres://...)")
    missing = [tool for tool in ("pg_dump", "pg_restore", "createdb", "dropdb") if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"The restore drill needs PostgreSQL's client tools, missing: {', '.join(missing)}")


def _pg(tool: str, *args: str) -> None:
    """Run a PostgreSQL client tool against the test database's server, failing with what it said."""
    settings = connection.settings_dict
    command = [tool, "-h", settings["HOST"] or "127.0.0.1", "-p", str(settings["PORT"] or 5432)]
    command += ["-U", settings["USER"], *args]
    env = {**os.environ, "PGPASSWORD": settings["PASSWORD"] or ""}
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, f"{' '.join(command)}: {result.stderr}"


def _app_env(database: str) -> dict:
    """The app's environment with DATABASE_URL pointing at `database` (a development profile otherwise)."""
    settings = connection.settings_dict
    password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
    host, port = settings["HOST"] or "127.0.0.1", settings["PORT"] or 5432
    env = {name: value for name, value in os.environ.items() if name not in {"REDIS_URL", "ROOT_URLCONF"}}
    env.update(
        DATABASE_URL=f"postgres://{settings['USER']}{password}@{host}:{port}/{database}",
        DJANGO_SETTINGS_MODULE="config.settings",
        PRODUCTION="false",
        DEBUG="false",
        TASKS_BACKEND="immediate",
    )
    return env


def _get(url: str, server: subprocess.Popen, deadline: float) -> str:
    """The page's text once the server answers (it needs a moment to start)."""
    while True:
        try:
            with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - our own local server
                return response.read().decode()
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_a_restored_backup_serves_the_same_board_community_and_sign_ups(tmp_path):
    # The cache table is in the dump too, and a flush between tests does not empty it: what a server started
    # by an earlier test cached there (an edition list without this test's edition) would come back restored.
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {connection.ops.quote_name(django_settings.DATABASE_CACHE_TABLE)}")
    edition = EditionFactory(slug="2027", name="COSCUP 2027", is_current=True)
    task = TaskFactory(edition=edition, title="Restore drill: welcome desk")
    SignUpFactory(task=task)
    SignUpFactory(task=TaskFactory(edition=edition, title="Restore drill: cloakroom"))
    community = CommunityFactory(slug="restore-drill", name="Restore Drill Community")
    dump = tmp_path / "backup.dump"
    restored = f"{connection.settings_dict['NAME']}_restored_{uuid.uuid4().hex[:8]}"

    _pg("pg_dump", "-Fc", "--no-owner", "-f", str(dump), connection.settings_dict["NAME"])
    _pg("createdb", restored)
    try:
        _pg("pg_restore", "--no-owner", "--exit-on-error", "-d", restored, str(dump))
        env = _app_env(restored)
        counts = subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", COUNTS],
            cwd=BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "config.wsgi", "--workers", "1", "--bind", f"127.0.0.1:{port}"],
            cwd=BASE_DIR,
            env={**env, "ALLOWED_HOSTS": "127.0.0.1"},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            deadline = time.monotonic() + 30
            board = _get(f"http://127.0.0.1:{port}/one-day/", server, deadline)
            community_page = _get(f"http://127.0.0.1:{port}{community.get_absolute_url()}", server, deadline)
        finally:
            server.terminate()
            server.wait(timeout=30)
    finally:
        _pg("dropdb", "--if-exists", "--force", restored)

    assert json.loads(counts.stdout.strip().splitlines()[-1]) == {
        "tasks": ["Restore drill: cloakroom", "Restore drill: welcome desk"],
        "sign_ups": 2,
        "communities": ["restore-drill"],
    }
    assert "Restore drill: welcome desk" in board and "Restore drill: cloakroom" in board
    assert "Restore Drill Community" in community_page
