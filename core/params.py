"""Values read straight from the query string (or a form) where no form field reads them.

Each comes back in a shape every database accepts: PostgreSQL refuses a NUL in text, so a `?q=%00`
that reached a lookup was a server error. A view that reads `request.GET` or `request.POST` by hand
goes through one of these (or through a form: Django's CharField refuses NUL as well).
"""

import re

# Control characters (C0, DEL, C1): NUL among them. A one-line search box has no use for any.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_SLUG = re.compile(r"[-a-zA-Z0-9_]+")
_NUMBER = re.compile(r"[0-9]{1,18}")


def text_param(params, name: str, *, max_length: int = 100) -> str:
    """A search text: control characters read as spaces, stripped, at most `max_length` characters."""
    value = params.get(name) or ""
    return _CONTROL.sub(" ", value[: max_length * 2]).strip()[:max_length]


def slug_param(params, name: str) -> str:
    """A slug (letters, digits, "-", "_"), or "" for anything else."""
    value = params.get(name) or ""
    return value if _SLUG.fullmatch(value) and len(value) <= 200 else ""


def int_param(params, name: str) -> int | None:
    """A whole number written in ASCII digits (not "²", not a thousand digits), else None."""
    value = params.get(name) or ""
    return int(value) if _NUMBER.fullmatch(value) else None
