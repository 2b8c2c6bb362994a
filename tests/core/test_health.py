from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.db import OperationalError, connection
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from core.health import health_checks
from editions.selectors import current_edition
from tests.conftest import ONE_PROCESS_CACHES

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

# Nothing listens on port 1: every connection is refused at once.
CLOSED_REDIS = "redis://127.0.0.1:1/0"


def _without_ms(checks: dict) -> dict:
    assert all(isinstance(result["ms"], float) and result["ms"] >= 0 for result in checks.values())
    return {name: {key: value for key, value in result.items() if key != "ms"} for name, result in checks.items()}


def _refuse_every_query(execute, sql, params, many, context):
    raise OperationalError("connection to server failed")


def test_health_all_checks_pass(client):
    response = client.get(reverse("health"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["status"] == "ok"
    assert _without_ms(body["checks"]) == {
        "database": {"ok": True},
        "cache": {"ok": True},
        "tasks": {"ok": True, "backend": "immediate", "runs": "inline"},
    }


def test_health_is_never_cached_and_sets_no_cookie(client):
    response = client.get(reverse("health"))

    assert dict(response.cookies) == {}
    assert "no-store" in response["Cache-Control"]
    assert Session.objects.count() == 0


def test_health_is_exempt_from_csrf():
    client = Client(enforce_csrf_checks=True)

    # Not 403 (CSRF): the view itself answers, and it reads only.
    assert client.post(reverse("health")).status_code == 405
    assert client.head(reverse("health")).status_code == 200


def test_health_answers_503_when_the_database_fails(client):
    current_edition()  # every page's middleware reads the editions; they come from the cache from now on

    with connection.execute_wrapper(_refuse_every_query):
        response = client.get(reverse("health"))

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert _without_ms(body["checks"])["database"] == {"ok": False, "error": "OperationalError"}
    assert body["checks"]["cache"]["ok"] is True


def test_health_answers_503_when_the_cache_only_misses(client):
    # The production setting: django-redis answers a miss instead of raising, so pages keep rendering.
    down = {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": CLOSED_REDIS,
        "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.1, "SOCKET_TIMEOUT": 0.1},
    }
    with override_settings(CACHES={**ONE_PROCESS_CACHES, "default": down}):
        response = client.get(reverse("health"))

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert _without_ms(body["checks"])["cache"] == {"ok": False, "error": "CacheRoundTripFailed"}
    assert body["checks"]["database"]["ok"] is True


def test_health_check_of_a_cache_that_raises_is_caught():
    down = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": CLOSED_REDIS,
        "OPTIONS": {"socket_connect_timeout": 0.1, "socket_timeout": 0.1},
    }
    with override_settings(CACHES={**ONE_PROCESS_CACHES, "default": down}):
        checks = health_checks()

    assert _without_ms(checks)["cache"] == {"ok": False, "error": "ConnectionError"}


def test_health_database_queue_counts_ready_jobs_older_than_ten_minutes(client, settings):
    settings.TASKS_BACKEND = "database"
    long_ago = timezone.now() - timedelta(minutes=11)
    for status, enqueued_at in [
        (TaskResultStatus.READY, long_ago),
        (TaskResultStatus.READY, timezone.now()),
        (TaskResultStatus.SUCCESSFUL, long_ago),
    ]:
        job = DBTaskResult.objects.create(
            status=status,
            args_kwargs={"args": [], "kwargs": {}},
            task_path="volunteering.tasks.send_email",
            backend_name="default",
            run_after=timezone.now() - timedelta(minutes=20),
        )
        DBTaskResult.objects.filter(pk=job.pk).update(enqueued_at=enqueued_at)

    response = client.get(reverse("health"))

    assert response.status_code == 200
    assert _without_ms(response.json()["checks"])["tasks"] == {"ok": True, "backend": "database", "stale_ready": 1}


def test_health_rq_queue_pings_redis(client, settings):
    settings.TASKS_BACKEND = "rq"
    settings.RQ_QUEUES = {"default": {"URL": "redis://127.0.0.1:6379/0"}}

    response = client.get(reverse("health"))

    assert response.status_code == 200
    assert _without_ms(response.json()["checks"])["tasks"] == {"ok": True, "backend": "rq"}


def test_health_rq_queue_down_answers_503_without_its_address(client, settings):
    settings.TASKS_BACKEND = "rq"
    settings.RQ_QUEUES = {"default": {"URL": "redis://:hunter2-secret@127.0.0.1:1/0", "SOCKET_TIMEOUT": 0.1}}

    response = client.get(reverse("health"))

    assert response.status_code == 503
    assert _without_ms(response.json()["checks"])["tasks"] == {"ok": False, "error": "ConnectionError"}
    assert b"hunter2" not in response.content
    assert b"127.0.0.1" not in response.content


@override_settings(SECURE_SSL_REDIRECT=True, ALLOWED_HOSTS=["volunteer.example.org"])
def test_a_probe_over_http_by_an_internal_address_gets_the_health_answer(client):
    response = client.get("/health/", HTTP_HOST="10.0.0.7:8000")  # no redirect to https, no host check

    assert response.status_code == 200 and response.json()["status"] == "ok"
    assert client.get("/one-day/", HTTP_HOST="volunteer.example.org").status_code == 301  # others still are


def test_with_the_database_down_the_probe_gets_a_503_not_a_500(monkeypatch):
    from django.core.cache import caches

    caches["default"].clear()  # no cached edition list to hide the outage from the middlewares after it
    with connection.execute_wrapper(_refuse_every_query):
        response = Client().get("/health/")

    assert response.status_code == 503
    assert response.json()["checks"]["database"]["ok"] is False
