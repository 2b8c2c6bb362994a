"""Whole-page caching for visitors without a session, invalidated by a version number.

The board and task pages are what a crowd opens at once after a batch of tasks is announced. For a
visitor with no session cookie the page holds nothing personal (no messages, no CSRF token, no
name), so the rendered bytes can be shared. Any write to what those pages show bumps the version
(`bump()`), so a cached page is never older than the last change, and the timeout bounds the rest.
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils import translation

# What a cached copy must repeat; Vary, cookies and the like are the middleware's business per request.
KEPT_HEADERS = {"content-type", "cache-control", "content-disposition", "content-language"}
# The namespace of everything anonymous visitors and calendar apps read: board, tasks, communities,
# tracks, sessions, feeds. Each app names the models its public pages show (`invalidate_on`).
PUBLIC_PAGES = "public-pages"


def invalidate_on(namespace: str, *models) -> None:
    """Bump the namespace whenever one of these models (or "app.Model" labels) is saved or deleted."""
    from django.db.models.signals import post_delete, post_save

    def forget(**kwargs):
        bump(namespace)
        bump_after_commit(namespace)

    for model in models:
        for signal in (post_save, post_delete):
            signal.connect(forget, sender=model, weak=False, dispatch_uid=f"page-cache-{namespace}-{model}-{signal}")


_after_commit: dict[str, object] = {}


def bump_after_commit(namespace: str) -> None:
    """Bump again when the transaction commits: a reader between the first bump and the commit may
    have cached what the database still showed, under the new version. Once per transaction, however
    many rows it writes (an import saves hundreds)."""
    callback = _after_commit.setdefault(namespace, lambda: bump(namespace))
    connection = transaction.get_connection()
    if connection.in_atomic_block and any(entry[1] is callback for entry in connection.run_on_commit):
        return
    transaction.on_commit(callback)


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


def _person_key_part(request, extra_namespaces) -> str | None:
    """What a logged-in person's copy depends on beyond the data, or None when it must not be cached."""
    if request.COOKIES.get(settings.CSRF_COOKIE_NAME) is None:
        return None  # the page would set the CSRF cookie: render it
    if len(messages.get_messages(request)):
        return None  # a message is waiting to be shown once
    user = request.user
    versions = ":".join(str(version(name)) for name in extra_namespaces)
    return f"{user.pk}:{user.public_name}:{request.COOKIES[settings.CSRF_COOKIE_NAME]}:{versions}"


def cache_page(namespace: str, *, also: tuple[str, ...] = ()):
    """Serve the view's page from the cache until a write in `namespace` (or `also`) bumps its version.

    Visitors without a session share one copy per address and language. A logged-in person gets their
    own copy, keyed on their name, CSRF cookie and the `also` namespaces (e.g. their roles); pages with a
    pending message or without a CSRF cookie yet are rendered afresh.
    """

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method != "GET":
                return view(request, *args, **kwargs)
            if settings.SESSION_COOKIE_NAME not in request.COOKIES:
                person = "anonymous"
            elif request.user.is_authenticated:
                person = _person_key_part(request, also)
                if person is None:
                    return view(request, *args, **kwargs)
            else:
                return view(request, *args, **kwargs)
            edition = getattr(request, "edition", None)
            raw = f"{namespace}:{version(namespace)}:{edition.pk if edition else 0}:{translation.get_language()}"
            key = "page:" + hashlib.sha256(f"{raw}:{person}:{request.get_full_path()}".encode()).hexdigest()
            cached = cache.get(key)
            if cached is not None:
                content, headers = cached
                return HttpResponse(content, headers=headers)
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and not response.cookies and not getattr(response, "streaming", False):
                if hasattr(response, "render"):
                    response.render()
                headers = {name: value for name, value in response.headers.items() if name.lower() in KEPT_HEADERS}
                cache.set(key, (response.content, headers), settings.PAGE_CACHE_SECONDS)
            return response

        return wrapped

    return decorator
