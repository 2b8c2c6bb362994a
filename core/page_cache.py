"""Whole-page caching for visitors without a session, invalidated by a version number.

The board and task pages are what a crowd opens at once after a batch of tasks is announced. For a
visitor with no session cookie the page holds nothing personal (no messages, no CSRF token, no
name), so the rendered bytes can be shared. Any write to what those pages show bumps the version
(`bump()`), so a cached page is never older than the last change, and the timeout bounds the rest.

Two caches (config/settings.py): the version numbers live in the "default" cache, which every worker
process shares (Redis, or the database), so a write or a revocation (a reset feed address, a removed
role) reaches every process at once; the page copies live in the "pages" cache, which may be per
process (without Redis), since a copy is only ever found under the current shared version.
"""

import hashlib
import itertools
import os
import threading
import time
from functools import wraps

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import caches
from django.core.signals import request_finished, request_started
from django.db import transaction
from django.http import HttpResponse
from django.utils import translation

from core.personal import MARKERS_FORMAT

# What a cached copy must repeat; Vary, cookies and the like are the middleware's business per request.
KEPT_HEADERS = {"content-type", "cache-control", "content-disposition", "content-language"}
# The namespace of everything anonymous visitors and calendar apps read: board, tasks, communities,
# tracks, sessions, feeds. Every cached page depends on it; the models written rarely bump it (an edition,
# a community, an import, a task's own edit). Each app names its models (`invalidate_on`).
PUBLIC_PAGES = "public-pages"
# The writes a crowd makes all day bump only what they change (`invalidate_with`), so a star or a
# sign-up does not throw away every page for everybody:
# places left on the lists of tasks (board, community and track pages), bumped by every sign-up;
TASK_PLACES = "task-places"
# follower counts of communities and tracks (directory, community and track pages);
FOLLOW_COUNTS = "follow-counts"
# star counts of sessions on lists (schedule, track pages);
STAR_COUNTS = "star-counts"
# the choices of the board's and the schedule's filters: which communities and tracks have tasks, the
# tracks, their communities and the rooms (kept_until_changed), not a session imported or a text edited.
FILTER_CHOICES = "filter-choices"


def person_pages(pk) -> str:
    """Everything one person's own copies show of them: their sign-ups, follows, stars, points."""
    return f"person:{pk}"


# Cache aliases: versions must be shared by every process; page copies need not be.
SHARED_CACHE = "default"
PAGES_CACHE = "pages"


def invalidate_on(namespace: str, *models) -> None:
    """Bump the namespace whenever one of these models (or "app.Model" labels) is saved or deleted."""
    from django.db.models.signals import post_delete, post_save

    def forget(**kwargs):
        bump(namespace)

    for model in models:
        for signal in (post_save, post_delete):
            signal.connect(forget, sender=model, weak=False, dispatch_uid=f"page-cache-{namespace}-{model}-{signal}")


def invalidate_with(model, namespaces_of) -> None:
    """Bump the namespaces `namespaces_of(instance)` names whenever an instance of `model` (or an
    "app.Model" label) is saved or deleted: the finer grain of the writes a crowd makes."""
    from django.db.models.signals import post_delete, post_save

    def forget(instance, **kwargs):
        for namespace in namespaces_of(instance):
            bump(namespace)

    for signal in (post_save, post_delete):
        signal.connect(forget, sender=model, weak=False, dispatch_uid=f"page-cache-with-{model}-{signal}")


_after_commit: dict[str, object] = {}
_tokens = itertools.count(1)
# Within one request a shared number is read once (the board needs its version for the page and again
# for its filters fragment) and a bump forgets it; outside requests (commands, workers) every read
# asks the cache.
_request = threading.local()


def _request_started(**kwargs) -> None:
    _request.seen = {}


def _request_finished(**kwargs) -> None:
    _request.seen = None


request_started.connect(_request_started, dispatch_uid="page-cache-request-started")
request_finished.connect(_request_finished, dispatch_uid="page-cache-request-finished")


def _key(namespace: str) -> str:
    return f"page-version:{namespace}"


def _fresh_start() -> int:
    # A version that went missing (evicted, culled, cache cleared) starts again above every number it
    # had, so a copy cached under an old number can never come back.
    return time.time_ns() // 1000


def _pending(connection) -> dict[str, str]:
    """Namespaces this connection's open transaction has written, each with a token no one else has."""
    pending = getattr(connection, "_page_cache_pending", None)
    if pending is None:
        pending = connection._page_cache_pending = {}
    return pending


def versions(*namespaces: str) -> list[str]:
    """The namespaces' current versions (one cache read for all), for keys of whatever must follow
    the same writes: the shared number, plus a token while this transaction's own writes are pending."""
    connection = transaction.get_connection()
    pending = _pending(connection)
    if pending and not connection.in_atomic_block:
        pending.clear()  # nothing left uncommitted (a rolled-back savepoint leaves its tokens behind)
    seen = getattr(_request, "seen", None)
    numbers = dict(seen) if seen is not None else {}
    missing = [name for name in namespaces if name not in numbers]
    if missing:
        shared = caches[SHARED_CACHE]
        found = shared.get_many([_key(name) for name in missing])
        for name in missing:
            number = found.get(_key(name))
            if number is None:
                shared.add(_key(name), _fresh_start(), None)
                number = shared.get(_key(name))
            numbers[name] = number
        if seen is not None:
            seen.update(numbers)
    return [f"{numbers[name]}{pending.get(name, '')}" for name in namespaces]


def version(namespace: str) -> str:
    """The namespace's current version, for keys of fragments that must follow the same writes."""
    return versions(namespace)[0]


def _bump_shared(namespace: str) -> None:
    seen = getattr(_request, "seen", None)
    if seen is not None:
        seen.pop(namespace, None)
    shared = caches[SHARED_CACHE]
    try:
        shared.incr(_key(namespace))
    except ValueError:
        shared.add(_key(namespace), _fresh_start(), None)


def _committed(namespace: str) -> None:
    _bump_shared(namespace)
    _pending(transaction.get_connection()).pop(namespace, None)


def _bump_after_commit(namespace: str) -> None:
    """Bump the shared version when the transaction commits, once per transaction however many rows
    it writes (an import saves hundreds): only then can other processes read the new rows."""
    callback = _after_commit.setdefault(namespace, lambda: _committed(namespace))
    connection = transaction.get_connection()
    if connection.in_atomic_block and any(entry[1] is callback for entry in connection.run_on_commit):
        return
    transaction.on_commit(callback)


def bump(namespace: str) -> None:
    """Forget every cached page of the namespace (call after a write they show).

    Outside a transaction the shared version moves at once. Inside one it moves when the transaction
    commits, the moment other processes can read the new rows (a reader in between caches what the
    database still showed, under the old number); meanwhile the transaction's own reads use a token
    of their own, so its pages show its writes. The shared number is never written inside the
    transaction: a database cache would keep that row locked until the commit, and every other
    writer would wait for it.
    """
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        _bump_shared(namespace)
        return
    _pending(connection)[namespace] = f"+{os.getpid()}.{next(_tokens)}"
    _bump_after_commit(namespace)


def _reader_key_part(request) -> str:
    """Whose copy the reader gets ("everyone": the copy shared by visitors and people without a role;
    or their own). A message waiting for the reader is not in any copy (core.personal fills it)."""
    user = request.user
    if user.is_superuser or user.is_staff or _role_kinds(user, getattr(request, "edition", None)):
        return f"person:{user.pk}"
    return EVERYONE


def _role_kinds(user, edition):
    from editions.roles import role_kinds  # editions builds on core, not the other way round

    return role_kinds(user, edition)


EVERYONE = "everyone"


class RenderForReader(Exception):  # noqa: N818 (a signal to cache_page, not an error)
    """Raised by a view rendering a shared copy when this page depends on who reads it (a draft task
    shown to the people who manage it): cache_page renders it for the reader instead, and keeps no copy."""


def cache_page(*namespaces, also: tuple[str, ...] = (), shared: bool = True):
    """Serve the view's page from the cache until a write bumps one of the versions it depends on.

    `namespaces` are names, or functions of the view's keyword arguments returning one; PUBLIC_PAGES
    always counts. The reader's own parts (the header's account menu, sign-up box, follow buttons, form
    token) and the counts every write changes are not in a copy but filled per response
    (core.personal). So visitors and logged-in people without a role share one copy per address and
    language, rendered for a visitor who is not logged in. People with a role, and everybody on pages
    that are theirs alone (`shared=False`), get their own copy, which follows the `also` namespaces
    (e.g. roles) and their own writes (`person_pages`). A message waiting (after a sign-up, say) is
    filled in like the rest, so the page after a write is served from a copy too. The response says
    which it was in `X-Page-Cache` (hit or miss), as caching proxies do.
    """

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method != "GET":
                return view(request, *args, **kwargs)
            names = [PUBLIC_PAGES] + [name(kwargs) if callable(name) else name for name in namespaces]
            reader = EVERYONE if settings.SESSION_COOKIE_NAME not in request.COOKIES else _reader_key_part(request)
            if request.user.is_authenticated and (reader != EVERYONE or not shared):
                reader = f"person:{request.user.pk}"
                names += [*also, person_pages(request.user.pk)]
            edition = getattr(request, "edition", None)
            numbers = ":".join(versions(*dict.fromkeys(names)))
            where = f"{view.__module__}.{view.__name__}:{edition.pk if edition else 0}"
            raw = f"{where}:{numbers}:{translation.get_language()}:{MARKERS_FORMAT}"
            key = "page:" + hashlib.sha256(f"{raw}:{reader}:{request.get_full_path()}".encode()).hexdigest()
            cache = caches[PAGES_CACHE]
            cached = cache.get(key)
            if cached is not None:
                content, headers = cached
                return HttpResponse(content, headers={**headers, "X-Page-Cache": "hit"})
            try:
                response = _render_copy(request, view, reader == EVERYONE, args, kwargs)
            except RenderForReader:
                return view(request, *args, **kwargs)
            if response.status_code == 200 and not response.cookies and not getattr(response, "streaming", False):
                headers = {name: value for name, value in response.headers.items() if name.lower() in KEPT_HEADERS}
                cache.set(key, (response.content, headers), settings.PAGE_CACHE_SECONDS)
                response["X-Page-Cache"] = "miss"
            return response

        return wrapped

    return decorator


def _render_copy(request, view, for_everyone: bool, args, kwargs):
    """Render a copy to keep: with the form token as a placeholder (core.personal fills it per reader)
    and, for the copy shared by everyone without a role, for a visitor who is not logged in: nothing of
    the reader can go into it, whoever asked first."""
    user = request.user
    request._rendering_copy = True
    if for_everyone:
        request.user = AnonymousUser()
        request._rendering_shared_copy = True
    try:
        response = view(request, *args, **kwargs)
        if hasattr(response, "render"):
            response.render()
    finally:
        request.user = user
        request._rendering_copy = request._rendering_shared_copy = False
    return response


def kept_until_changed(name: str, compute, namespaces: tuple[str, ...] = (PUBLIC_PAGES,)):
    """`compute()`, kept in the pages cache until one of the namespaces is bumped: what many page
    addresses share and only a rare write changes (a board's filter choices), so a page rendered for a
    new address (another filter, another page number) does not compute it again. `name` must say
    everything the value depends on besides those writes (edition, language)."""
    numbers = ":".join(versions(*dict.fromkeys(namespaces)))
    key = f"kept:{name}:{numbers}"
    cache = caches[PAGES_CACHE]
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, settings.PAGE_CACHE_SECONDS)
    return value
