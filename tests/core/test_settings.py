import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.unit


def run_manage(*args, **env):
    full_env = {key: value for key, value in os.environ.items() if key not in {"SECRET_KEY", "DEBUG", "PRODUCTION"}}
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
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
