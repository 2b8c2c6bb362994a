"""The production shape, proven across processes: two app servers (gunicorn, two workers each) on two
ports, sharing PostgreSQL and Redis, and a task worker.

200 people sign up for one 10-place task at once, spread over both servers: exactly 10 get a place and
every one of them gets exactly one email, sent by the worker. A role removed through one server's
shared state is refused on the other at once.
"""

import os
import secrets
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import redis
import requests
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.test import override_settings
from django.urls import reverse

from editions.models import EditionRole, RoleKind
from tests.factories.accounts import UserFactory
from tests.factories.editions import EditionFactory, EditionRoleFactory
from tests.factories.volunteering import TaskFactory
from tests.processes import end_other_connections, free_port, stop, this_database_url, wait_until_answering
from volunteering.models import SignUp, SignUpStatus

BASE_DIR = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("CROSS_PROCESS_REDIS_URL", "redis://127.0.0.1:6379/11")
pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]
PEOPLE = 200


def _redis_or_skip() -> redis.Redis:
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5)
    try:
        client.ping()
    except redis.RedisError:
        pytest.skip(f"needs Redis at {REDIS_URL}")
    return client


class Stack:
    def __init__(self, outbox: Path):
        self.env = {
            key: value
            for key, value in os.environ.items()
            if key not in {"DJANGO_SETTINGS_MODULE", "ROOT_URLCONF", "EMAIL_URL"}
        }
        self.env.update(
            DATABASE_URL=this_database_url(),
            REDIS_URL=REDIS_URL,
            TASKS_BACKEND="database",
            DEBUG="false",
            PRODUCTION="false",
            ALLOWED_HOSTS="127.0.0.1",
            CONN_MAX_AGE="60",
            SLOW_MAIL_DIR=str(outbox),
            SLOW_MAIL_SECONDS="0",
        )
        self.processes: list[subprocess.Popen] = []
        self.urls: list[str] = []

    def start(self) -> None:
        for _ in range(2):
            port = free_port()
            command = [sys.executable, "-m", "gunicorn", "config.wsgi", "-w", "2", "-b", f"127.0.0.1:{port}"]
            self._spawn(command, SITE_URL=f"http://127.0.0.1:{port}")
            self.urls.append(f"http://127.0.0.1:{port}")
        # The worker sends through the filing backend of tests/production/worker_settings.py.
        worker = [sys.executable, "manage.py", "db_worker", "--worker-id", "stack-1", "--interval", "0.2"]
        self._spawn([*worker, "--no-reload"], DJANGO_SETTINGS_MODULE="tests.production.worker_settings")
        for url in self.urls:
            wait_until_answering(url)

    def _spawn(self, command, **env) -> None:
        self.processes.append(
            subprocess.Popen(
                command,
                cwd=BASE_DIR,
                env={**self.env, **env},
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )

    def stop(self) -> None:
        stop(self.processes)


def _session_for(user) -> str:
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return session.session_key


def _browser(user) -> requests.Session:
    """A logged-in browser with its CSRF cookie (an unmasked secret is a valid form token too)."""
    browser = requests.Session()
    token = secrets.token_hex(16)
    browser.cookies.set(settings.SESSION_COOKIE_NAME, _session_for(user))
    browser.cookies.set(settings.CSRF_COOKIE_NAME, token)
    browser.csrf = token
    return browser


@pytest.fixture
def stack(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("The production shape is proven on PostgreSQL (run with DATABASE_URL=postgres://...)")
    shared = _redis_or_skip()
    shared.flushdb()
    stack = Stack(tmp_path)  # started by the test once its data is in (the servers cache the editions)
    try:
        yield stack
    finally:
        stack.stop()
        shared.flushdb()
        end_other_connections()  # what the stopped processes may still hold


def test_sign_ups_across_two_servers_take_ten_places_and_each_gets_one_email(stack, tmp_path):
    from django_tasks_db.models import DBTaskResult

    edition = EditionFactory(is_current=True)
    task = TaskFactory(edition=edition, title="Welcome desk", headcount=10)
    people = [UserFactory(email=f"person{number:03d}@example.org") for number in range(PEOPLE)]
    browsers = [_browser(person) for person in people]
    sign_up = reverse("volunteering:task-sign-up", args=[task.pk])
    stack.start()

    def post(number: int) -> int:
        browser, url = browsers[number], stack.urls[number % 2]
        headers = {"Referer": f"{url}/", "Origin": url}
        answer = browser.post(
            url + sign_up, data={"csrfmiddlewaretoken": browser.csrf}, headers=headers, allow_redirects=False
        )
        return answer.status_code

    with ThreadPoolExecutor(max_workers=50) as pool:
        statuses = list(pool.map(post, range(PEOPLE)))

    assert statuses == [302] * PEOPLE
    held = SignUp.objects.filter(task=task)
    assert held.filter(status=SignUpStatus.CONFIRMED).count() == 10
    assert held.filter(status=SignUpStatus.WAITLISTED).count() == PEOPLE - 10

    deadline = time.monotonic() + 120
    while DBTaskResult.objects.exclude(status="SUCCESSFUL").exists():
        assert time.monotonic() < deadline, "the worker did not send every email"
        time.sleep(0.5)
    recipients = sorted(
        line.removeprefix("To: ").strip()
        for message in tmp_path.iterdir()
        for line in message.read_text().splitlines()
        if line.startswith("To: ")
    )
    assert recipients == sorted(person.email for person in people)  # each exactly once


def test_a_role_removed_is_refused_at_once_on_the_other_server(stack):
    edition = EditionFactory(is_current=True)
    staff = UserFactory(email="staff@example.org")
    EditionRoleFactory(edition=edition, user=staff, kind=RoleKind.STAFF)
    browser = _browser(staff)
    contact_list = reverse("contacts:list")
    stack.start()
    first, second = stack.urls

    assert browser.get(first + contact_list, allow_redirects=False).status_code == 200
    assert browser.get(second + contact_list, allow_redirects=False).status_code == 200  # cached there now

    # Removed as the backstage would: the bump goes to the Redis every server reads.
    shared_cache = {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": REDIS_URL}
    with override_settings(CACHES={"default": shared_cache, "pages": shared_cache, "template_fragments": shared_cache}):
        EditionRole.objects.filter(user=staff).delete()

    assert browser.get(second + contact_list, allow_redirects=False).status_code in (302, 403)
    assert browser.get(first + contact_list, allow_redirects=False).status_code in (302, 403)
