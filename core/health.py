"""GET /health/: can this process reach what it needs to serve pages? For load balancers and uptime checks.

Each check does one trivial thing with one dependency (the database, the shared cache, the task queue)
and says how long it took. A failing check is caught and answers 503 with the name of its exception's
class only: the answer is public, so it never carries an address, a user name or a password (the log
has the details). No thread: each check is bounded by its client's own timeouts (the shared cache's
socket timeouts in settings, `connect_timeout` in DATABASE_URL, RQ_QUEUES' SOCKET_TIMEOUT).

The answer's words ("ok", "unavailable") are for machines, not people: they are not translated.
"""

import logging
import time
import uuid
from datetime import timedelta

import redis
from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger("cvp.health")

# A job still waiting this long means no worker is taking jobs; the figure is shown, not judged.
STALE_TASK_AGE = timedelta(minutes=10)
# For the client this check makes itself when RQ_QUEUES gives no timeout.
RQ_PING_TIMEOUT_SECONDS = 1.0


class CacheRoundTripFailed(Exception):
    """The cache gave back something else than was just stored in it.

    A cache set to ignore its errors (django-redis IGNORE_EXCEPTIONS) answers a miss instead of raising.
    """


def check_database() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {}


def check_cache() -> dict:
    cache = caches["default"]
    # Unique per call, so two processes checking at once cannot pass on each other's value; deleted
    # after, since the database cache keeps expired rows until a cull, which drops live entries too.
    key = value = f"health:{uuid.uuid4().hex}"
    cache.set(key, value, timeout=10)
    stored = cache.get(key)
    cache.delete(key)
    if stored != value:
        raise CacheRoundTripFailed
    return {}


def check_task_queue() -> dict:
    backend = settings.TASKS_BACKEND
    if backend == "database":
        # One count on the queue's own partial index of ready jobs: proves the table answers, too.
        stale = DBTaskResult.objects.ready().filter(enqueued_at__lt=timezone.now() - STALE_TASK_AGE).count()
        return {"backend": backend, "stale_ready": stale}
    if backend == "rq":
        queue = settings.RQ_QUEUES["default"]
        timeout = queue.get("SOCKET_TIMEOUT") or RQ_PING_TIMEOUT_SECONDS
        client = redis.Redis.from_url(queue["URL"], socket_connect_timeout=timeout, socket_timeout=timeout)
        try:
            client.ping()
        finally:
            client.close()
        return {"backend": backend}
    return {"backend": backend, "runs": "inline"}


CHECKS = {"database": check_database, "cache": check_cache, "tasks": check_task_queue}


def health_checks() -> dict[str, dict]:
    """Every check's result: {"ok": bool, "ms": float, ...its figures, or "error": exception class}."""
    results = {}
    for name, check in CHECKS.items():
        started = time.perf_counter()
        try:
            figures, error = check(), None
        except Exception as exc:
            logger.warning("Health check %s failed", name, exc_info=True)
            figures, error = {}, type(exc).__name__
        result = {"ok": error is None, "ms": round((time.perf_counter() - started) * 1000, 1), **figures}
        if error is not None:
            result["error"] = error
        results[name] = result
    return results


@csrf_exempt
@never_cache
@require_safe
def health(request):
    checks = health_checks()
    healthy = all(result["ok"] for result in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "checks": checks},
        status=200 if healthy else 503,
    )


class HealthCheckMiddleware:
    """Answers /health/ before anything else runs: a load balancer's or an orchestrator's probe comes over
    plain http, by IP address or an internal name, so the https redirect and the ALLOWED_HOSTS check
    must not answer it; and with the database down, the middlewares after this one (the edition's time
    zone, sessions) would fail with a 500 where the probe needs the 503 that says which part is down."""

    # The address is fixed (config/urls.py routes it too): probes are configured with it, whatever URL
    # configuration a test or the bench swaps in.
    path = "/health/"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == self.path and request.method in ("GET", "HEAD"):
            return health(request)
        return self.get_response(request)
