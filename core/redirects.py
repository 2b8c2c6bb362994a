"""Where to go after an action, when the request says (`next`): the one check every such redirect uses.

A target from the request is followed only when it is a path on this site: it starts with a single
"/" (not "//" or "/\\", which browsers read as another host), has no scheme or host, no backslash, no
control character and a sane length. Anything else (`foo`, `-1`, `https://evil.example`,
`javascript:…`) means the fallback. Never hand such a value to `redirect()`, which would try it as a
view name and fail with NoReverseMatch: redirect to what `safe_next` returns.
"""

import unicodedata
from urllib.parse import urlsplit

from django.http import HttpResponseRedirect

# Longer than any address of this site with its query string; anything longer is not one of ours.
MAX_PATH_LENGTH = 2000


def is_safe_path(target) -> bool:
    """True for a path on this site ("/one-day/mine/?past=1"), False for anything else."""
    if not isinstance(target, str) or not 1 <= len(target) <= MAX_PATH_LENGTH:
        return False
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return False
    if any(unicodedata.category(character) == "Cc" for character in target):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc


def safe_next(request, fallback: str, *, name: str = "next") -> str:
    """The request's `next` (the form's, else the query's) when it is a path on this site, else `fallback`."""
    for params in (request.POST, request.GET):
        target = params.get(name)
        if target:
            return target if is_safe_path(target) else fallback
    return fallback


def redirect_next(request, fallback: str, *, name: str = "next") -> HttpResponseRedirect:
    """Redirect to the request's safe `next`, else to `fallback` (a path, e.g. from reverse())."""
    return HttpResponseRedirect(safe_next(request, fallback, name=name))
