"""Whole-page caching for visitors without a session, invalidated by a version number.

The board and task pages are what a crowd opens at once after a batch of tasks is announced. For a
visitor with no session cookie the page holds nothing personal (no messages, no CSRF token, no
name), so the rendered bytes can be shared. Any write to what those pages show bumps the version
(`bump()`), so a cached page is never older than the last change, and the timeout bounds the rest.
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import translation


def version(namespace: str) -> int:
    """The namespace's current version, for keys of fragments that must follow the same writes."""
    key = f"page-version:{namespace}"
    version = cache.get(key)
    if version is None:
        cache.add(key, 1, None)
        version = cache.get(key, 1)
    return version


def bump(namespace: str) -> None:
    """Forget every cached page of the namespace (call after a write they show)."""
    key = f"page-version:{namespace}"
    try:
        cache.incr(key)
    except ValueError:
        cache.add(key, 1, None)


def cache_for_anonymous(namespace: str):
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method != "GET" or settings.SESSION_COOKIE_NAME in request.COOKIES:
                return view(request, *args, **kwargs)
            edition = getattr(request, "edition", None)
            raw = f"{namespace}:{version(namespace)}:{edition.pk if edition else 0}:{translation.get_language()}"
            key = "page:" + hashlib.sha256(f"{raw}:{request.get_full_path()}".encode()).hexdigest()
            cached = cache.get(key)
            if cached is not None:
                content, content_type = cached
                return HttpResponse(content, content_type=content_type)
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and not response.cookies and not getattr(response, "streaming", False):
                if hasattr(response, "render"):
                    response.render()
                cache.set(key, (response.content, response["Content-Type"]), settings.PAGE_CACHE_SECONDS)
            return response

        return wrapped

    return decorator
