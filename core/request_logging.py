"""One log line per request, and a request id on every log line written while it is handled.

The id comes from the proxy's `X-Request-ID` when it is a sane token (so the proxy's access log and
ours can be joined), else it is made here; the response carries it back, so a person reporting a
problem can quote it. `RequestIdFilter` (on the log handler, config/logging.py) adds it to every
record, from any logger, written while the request is handled.

What is logged is chosen not to spread secrets: the path without its query string (which may carry a
token), and with the site's secret path segments (`<token:…>`: calendar feeds, invitations, desk
codes) masked.
"""

import logging
import re
import time
import uuid
from contextvars import ContextVar

from django.core.signals import request_finished

logger = logging.getLogger("cvp.request")

_request_id: ContextVar[str | None] = ContextVar("request_id", default=None)

# What we accept from outside: it ends up in our logs and headers, so nothing that could forge a log
# field or a header line.
_SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
_TOKEN_SEGMENT = re.compile(r"<token:(\w+)>")
MASK = "<token>"


class RequestIdFilter(logging.Filter):
    """Adds `request_id` (None outside a request) to every record the handler writes."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "request_id", None) is None:
            record.request_id = _request_id.get()
        return True


class RefusalsWithoutTraceback(logging.Filter):
    """A 403 or 404 is the site refusing, not failing: Django logs it with the traceback of the exception
    that refused, which buried the login codes `make run` prints under pages of stack. The line stays."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and getattr(record, "status_code", 500) < 500:
            record.exc_info = record.exc_text = None
        return True


def _request_id_from(request) -> str:
    incoming = request.headers.get("X-Request-ID", "")
    return incoming if _SANE_REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex


def _logged_path(request) -> str:
    path = request.path
    match = getattr(request, "resolver_match", None)
    if match is not None:
        for name in _TOKEN_SEGMENT.findall(match.route or ""):
            secret = match.kwargs.get(name)
            if secret:
                path = path.replace(str(secret), MASK)
    return path


def _user_id(request) -> int | None:
    # Only a user something has already loaded: the log line must never cost the request a query
    # (query counts are asserted in tests, and a cached page may never touch the session).
    user = getattr(request, "_cached_user", None)
    return user.pk if user is not None and user.is_authenticated else None


def _size(response) -> int | None:
    if not response.streaming:
        return len(response.content)
    length = response.get("Content-Length")
    return int(length) if length and length.isdigit() else None


class RequestLogMiddleware:
    """Sits right below SecurityMiddleware, so the duration covers almost all of Django's work (for a
    streamed answer, until its first byte is ready)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = _request_id_from(request)
        request.request_id = request_id
        # Kept until the response is closed (request_finished, below), not just until it is returned:
        # Django's own "Not Found: …" line for it is written after the middleware, and a streamed body
        # is produced after that.
        _request_id.set(request_id)
        started = time.perf_counter()
        # Inner layers turn exceptions into 500 responses, so there is always a response here.
        response = self.get_response(request)
        duration_ms = round((time.perf_counter() - started) * 1000, 1)
        response["X-Request-ID"] = request_id
        path = _logged_path(request)
        logger.info(
            "%s %s %s %.1f ms",
            request.method,
            path,
            response.status_code,
            duration_ms,
            extra={
                "request_id": request_id,
                "method": request.method,
                "path": path,
                "status": response.status_code,
                "duration_ms": duration_ms,
                "user_id": _user_id(request),
                "size": _size(response),
            },
        )
        return response


def _forget_request_id(**kwargs) -> None:
    # A worker thread serves one request after another: lines written between them have no request.
    _request_id.set(None)


request_finished.connect(_forget_request_id, dispatch_uid="core.request_logging.forget_request_id")
