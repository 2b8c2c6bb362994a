"""Limits and revocations hold across worker processes, without Redis.

Two real servers (`manage.py runserver --noreload`, two processes) share one SQLite file, and so the
database cache, as gunicorn's workers do in production. Requests alternate between them: the login-code
rate limits count both, and a reset feed address or a removed role ends at once on the other server.
"""

import json
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from tests.processes import free_port, stop, wait_until_answering

BASE_DIR = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.integration

# Whatever the test run's environment says about these, the servers get the defaults of a deployment
# without Redis (a per-process page cache, the database for everything shared).
CLEARED = {
    "DATABASE_URL",
    "REDIS_URL",
    "DEBUG",
    "PRODUCTION",
    "SECRET_KEY",
    "SITE_URL",
    "EMAIL_URL",
    "TASKS_BACKEND",
    "ROOT_URLCONF",
    "PAGE_CACHE_SECONDS",
    "ROLE_CACHE_SECONDS",
    "RATE_LIMIT_LOGIN_CODE",
    "DJANGO_SETTINGS_MODULE",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}

SETUP = """
import json
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.urls import reverse
from editions.models import RoleKind
from follows.services import calendar_feed_for
from tests.factories.accounts import UserFactory
from tests.factories.editions import EditionFactory, EditionRoleFactory

edition = EditionFactory(slug="2027", is_current=True)
person = UserFactory(email="feed@example.org", display_name="Feed Person")
EditionRoleFactory(edition=edition, user=person, kind=RoleKind.STAFF)
session = SessionStore()
session[SESSION_KEY] = str(person.pk)
session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
session[HASH_SESSION_KEY] = person.get_session_auth_hash()
session.save()
feed = reverse("follows:calendar-feed", args=[calendar_feed_for(person).token])
print(json.dumps({"session": session.session_key, "feed": feed}))
"""

REMOVE_ROLE = """
from editions.models import EditionRole
EditionRole.objects.filter(user__email="feed@example.org").delete()
"""


class Servers:
    def __init__(self, tmp: Path):
        self.database = tmp / "shared.sqlite3"
        self.mail = tmp / "mail"
        self.mail.mkdir()
        self.env = {key: value for key, value in os.environ.items() if key not in CLEARED}
        self.env.update(
            {
                "DATABASE_URL": f"sqlite:///{self.database}",
                "REDIS_URL": "",
                "EMAIL_URL": f"filemail:///{self.mail}",  # an absolute path: four slashes
                "TASKS_BACKEND": "immediate",
                "LOG_LEVEL": "WARNING",
            }
        )
        self.urls: list[str] = []
        self.processes: list[subprocess.Popen] = []

    def manage(self, *args: str) -> str:
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=BASE_DIR,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    def start(self, count: int) -> None:
        for _ in range(count):
            port = free_port()
            self.processes.append(
                subprocess.Popen(
                    [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
                    cwd=BASE_DIR,
                    env={**self.env, "SITE_URL": f"http://127.0.0.1:{port}"},
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
            self.urls.append(f"http://127.0.0.1:{port}")
        for url in self.urls:
            wait_until_answering(url)

    def stop(self) -> None:
        stop(self.processes)

    def forget_limits(self) -> None:
        """Empty the shared cache (what a test before this one counted)."""
        with sqlite3.connect(self.database) as connection:
            connection.execute("DELETE FROM django_cache")

    def emails_to(self, address: str) -> int:
        return sum(path.read_text().count(f"To: {address}") for path in self.mail.iterdir())


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    servers = Servers(tmp_path_factory.mktemp("two-servers"))
    servers.manage("migrate", "--noinput", "-v0")  # creates the cache table too: no other step
    servers.data = json.loads(servers.manage("shell", "-c", SETUP).strip().splitlines()[-1])
    servers.start(2)
    try:
        yield servers
    finally:
        servers.stop()


def request_login_code(base_url: str, email: str) -> int:
    """What a fresh browser gets when it asks for a login code: 302 (sent) or 200 (refused)."""
    browser = requests.Session()
    page = browser.get(f"{base_url}/accounts/login/", timeout=10)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    response = browser.post(
        f"{base_url}/accounts/login/",
        data={"csrfmiddlewaretoken": token, "login": email},
        headers={"Referer": f"{base_url}/accounts/login/"},
        allow_redirects=False,
        timeout=10,
    )
    assert response.status_code in (200, 302), response.status_code
    return response.status_code


def test_login_codes_per_address_hold_across_processes(servers):
    servers.forget_limits()

    statuses = [request_login_code(servers.urls[number % 2], "one@example.org") for number in range(12)]

    # RATE_LIMIT_LOGIN_CODE's default: 3 per address per 5 minutes, whichever server is asked.
    assert statuses == [302] * 3 + [200] * 9
    assert servers.emails_to("one@example.org") == 3


def test_login_codes_per_ip_hold_across_processes(servers):
    servers.forget_limits()

    statuses = [request_login_code(servers.urls[number % 2], f"person{number}@example.org") for number in range(25)]

    # ... and 10 per minute from one IP address.
    assert statuses == [302] * 10 + [200] * 15
    assert sum(servers.emails_to(f"person{number}@example.org") for number in range(25)) == 10


def test_a_reset_feed_address_ends_at_once_on_every_process(servers):
    first, second = servers.urls
    old_feed = servers.data["feed"]
    for url in (first, second, first, second):  # each process now holds its own copy
        assert requests.get(f"{url}{old_feed}", timeout=10).status_code == 200

    person = requests.Session()
    person.cookies.set("sessionid", servers.data["session"])
    page = person.get(f"{first}/follows/calendar/", timeout=10)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    reset = person.post(
        f"{first}/follows/calendar/",
        data={"csrfmiddlewaretoken": token},
        headers={"Referer": f"{first}/follows/calendar/"},
        allow_redirects=False,
        timeout=10,
    )
    assert reset.status_code == 302

    assert requests.get(f"{second}{old_feed}", timeout=10).status_code == 404
    assert requests.get(f"{first}{old_feed}", timeout=10).status_code == 404
    new_feed = re.search(r"/follows/calendar/[\w-]+\.ics", person.get(f"{first}/follows/calendar/").text).group(0)
    assert requests.get(f"{second}{new_feed}", timeout=10).status_code == 200


def test_a_removed_role_ends_at_once_on_every_process(servers):
    person = requests.Session()
    person.cookies.set("sessionid", servers.data["session"])
    for url in servers.urls:
        for _ in range(3):  # the first sets the CSRF cookie; the next ones are the person's cached copy
            assert "/communities/contacts/" in person.get(f"{url}/one-day/", timeout=10).text

    servers.manage("shell", "-c", REMOVE_ROLE)  # a third process: the backstage, a script

    for url in servers.urls:
        assert "/communities/contacts/" not in person.get(f"{url}/one-day/", timeout=10).text
