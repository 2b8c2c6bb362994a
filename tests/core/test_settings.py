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
