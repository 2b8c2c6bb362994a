"""The LOGGING setting: one handler on stderr, JSON lines in production, readable text elsewhere.

Everything goes to stderr so the process manager (gunicorn, honcho, systemd) collects it; in JSON
each line is one object a log pipeline can index without parsing text. Every record carries the
request id of the request it was written in (core.request_logging), so one request's lines can be
found together.
"""

from django.core.exceptions import ImproperlyConfigured
from pythonjsonlogger.core import RESERVED_ATTRS

LOG_FORMATS = ("json", "text")

# Django's own records carry the request object (django.request, django.server); as text it would be
# written with its query string, which may hold a token. The request line has what is worth keeping.
_DROPPED_ATTRS = [*RESERVED_ATTRS, "request"]


def log_format_is_json(value: str) -> bool:
    """LOG_FORMAT's value ("json" or "text") as a choice; a typo stops the start, not the logs."""
    if value.lower() not in LOG_FORMATS:
        raise ImproperlyConfigured(f"LOG_FORMAT must be one of {', '.join(LOG_FORMATS)}, not {value!r}.")
    return value.lower() == "json"


def logging_config(*, json_logs: bool, level: str) -> dict:
    """The dictConfig for the root logger at `level`, in JSON lines or in text."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {
            "request_id": {"()": "core.request_logging.RequestIdFilter"},
            "refusals": {"()": "core.request_logging.RefusalsWithoutTraceback"},
        },
        "formatters": {
            "json": {
                "()": "pythonjsonlogger.json.JsonFormatter",
                "fmt": "%(levelname)s %(name)s %(message)s",
                "rename_fields": {"levelname": "level", "name": "logger"},
                "timestamp": True,
                "reserved_attrs": _DROPPED_ATTRS,
            },
            "text": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": "json" if json_logs else "text",
                "filters": ["request_id"],
            },
        },
        "root": {"handlers": ["console"], "level": level.upper()},
        # Every SQL statement at DEBUG is more than LOG_LEVEL=DEBUG is meant to show.
        "loggers": {"django.db.backends": {"level": "INFO"}, "django.request": {"filters": ["refusals"]}},
    }
