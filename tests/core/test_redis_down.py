"""With Redis down, pages still serve (as cache misses), sign-ups still work and their emails wait in
the database queue (config/settings.py: django-redis with IGNORE_EXCEPTIONS and short timeouts)."""

import time

import pytest
from django.test import override_settings
from django.urls import reverse

from tests.factories.volunteering import TaskFactory
from volunteering.models import SignUp

pytestmark = pytest.mark.integration

# Nothing listens on port 1: every call fails at once, as when Redis is down or restarting.
_DOWN = {
    "BACKEND": "django_redis.cache.RedisCache",
    "LOCATION": "redis://127.0.0.1:1/0",
    "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.25, "SOCKET_TIMEOUT": 0.25},
}
REDIS_DOWN = {"default": _DOWN, "pages": _DOWN, "template_fragments": _DOWN}
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@override_settings(CACHES=REDIS_DOWN, SESSION_ENGINE="django.contrib.sessions.backends.cached_db", TASKS=DATABASE_QUEUE)
def test_pages_sign_ups_and_emails_go_on_while_redis_is_down(client, edition, user):
    from django_tasks_db.models import DBTaskResult

    task = TaskFactory(edition=edition, title="Welcome desk", headcount=3)
    started = time.monotonic()

    board = client.get(reverse("volunteering:board"))
    client.force_login(user)  # the session is written to its table; the cache write is skipped
    page = client.get(task.get_absolute_url())
    signed = client.post(reverse("volunteering:task-sign-up", args=[task.pk]))
    after = client.get(task.get_absolute_url())

    assert board.status_code == 200 and "Welcome desk" in board.content.decode()
    assert page.status_code == 200 and user.public_name in page.content.decode()
    assert signed.status_code == 302 and SignUp.objects.filter(task=task, user=user).exists()
    assert "You&#x27;re signed up" in after.content.decode() or "You're signed up" in after.content.decode()
    assert DBTaskResult.objects.filter(task_path="volunteering.tasks.email_sign_up").count() == 1
    assert time.monotonic() - started < 5  # each cache call gives up at once, not after a long timeout
