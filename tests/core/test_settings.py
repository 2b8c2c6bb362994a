import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.unit


def run_manage(*args, **env):
    full_env = {
        key: value for key, value in os.environ.items() if key not in {"SECRET_KEY", "DEBUG", "PRODUCTION", "SITE_URL"}
    }
    full_env.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=BASE_DIR, env=full_env, capture_output=True, text=True, timeout=60
    )


def test_production_refuses_default_secret_key():
    result = run_manage("check", PRODUCTION="true", ALLOWED_HOSTS="volunteer.example.org")

    assert result.returncode != 0
    assert "set SECRET_KEY" in result.stderr


def test_production_refuses_short_secret_key():
    result = run_manage("check", PRODUCTION="true", SECRET_KEY="short", ALLOWED_HOSTS="volunteer.example.org")

    assert result.returncode != 0
    assert "set SECRET_KEY" in result.stderr


def test_production_refuses_debug_on():
    result = run_manage(
        "check", PRODUCTION="true", DEBUG="true", SECRET_KEY=secrets.token_urlsafe(60), ALLOWED_HOSTS="a.example.org"
    )

    assert result.returncode != 0
    assert "DEBUG must be off" in result.stderr


def test_production_refuses_missing_allowed_hosts():
    result = run_manage("check", PRODUCTION="true", SECRET_KEY=secrets.token_urlsafe(60))

    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_production_config_passes_deploy_check_without_warnings():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        PRODUCTION="true",
        SECRET_KEY=secrets.token_urlsafe(60),
        ALLOWED_HOSTS="volunteer.example.org",
        SITE_URL="https://volunteer.example.org",
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize("site_url", [None, "http://volunteer.example.org"])
def test_production_requires_the_public_https_address(site_url):
    env = {"PRODUCTION": "true", "SECRET_KEY": secrets.token_urlsafe(60), "ALLOWED_HOSTS": "volunteer.example.org"}
    if site_url:
        env["SITE_URL"] = site_url

    result = run_manage("check", **env)

    assert result.returncode != 0
    assert "set SITE_URL" in result.stderr


def test_make_run_derives_the_public_address_from_the_port():
    # `make -n` prints the commands without running them.
    result = subprocess.run(
        ["make", "-n", "run", "PORT=8621"],
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
        env={key: value for key, value in os.environ.items() if key != "SITE_URL"},
    )

    assert "SITE_URL=${SITE_URL:-http://127.0.0.1:8621}" in result.stdout
    assert "runserver 127.0.0.1:8621" in result.stdout


def test_debug_off_alone_is_production_and_passes_the_deploy_check_without_warnings():
    # The minimal production environment: no PRODUCTION, no security variables, no proxy setting.
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(60),
        ALLOWED_HOSTS="volunteer.example.org",
        SITE_URL="https://volunteer.example.org",
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_debug_off_alone_refuses_the_development_secret_key():
    result = run_manage("check", DEBUG="false", ALLOWED_HOSTS="volunteer.example.org")

    assert result.returncode != 0
    assert "set SECRET_KEY" in result.stderr


SECURITY = (
    "from django.conf import settings as s; "
    "print(s.DEBUG, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE)"
)


def test_development_stays_on_plain_http_by_default():
    result = run_manage("shell", "-c", SECURITY)

    assert result.stdout.strip().splitlines()[-1] == "True False 0 False False"


def test_production_mode_turns_the_secure_defaults_on():
    result = run_manage(
        "shell",
        "-c",
        SECURITY,
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(60),
        ALLOWED_HOSTS="volunteer.example.org",
        SITE_URL="https://volunteer.example.org",
    )

    assert result.stdout.strip().splitlines()[-1] == "False True 31536000 True True"


def test_a_local_run_without_debug_pages_may_say_it_is_not_production():
    # `make bench` serves over http on 127.0.0.1 with DEBUG off: PRODUCTION=false keeps it local.
    result = run_manage("shell", "-c", SECURITY, DEBUG="false", PRODUCTION="false")

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "False False 0 False False"


def test_without_redis_the_shared_cache_is_the_database():
    show = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"

    result = run_manage("shell", "-c", show, REDIS_URL="")

    assert result.stdout.strip().splitlines()[-1] == "django.core.cache.backends.db.DatabaseCache"


def test_the_example_environment_as_it_stands_starts_in_development():
    example = dict(
        line.split("=", 1)
        for line in (BASE_DIR / ".env.example").read_text().splitlines()
        if line and not line.startswith("#")
    )

    result = run_manage("shell", "-c", SECURITY, **example)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "True False 0 False False"


def test_an_empty_production_variable_does_not_undo_debug_off():
    result = run_manage("check", DEBUG="false", PRODUCTION="", ALLOWED_HOSTS="volunteer.example.org")

    assert result.returncode != 0
    assert "set SECRET_KEY" in result.stderr
