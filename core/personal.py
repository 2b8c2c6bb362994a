"""What a page shows of its reader, and what changes by the second, filled in on every response.

A page a crowd reads (board, task, community, track, session, schedule) is cached as one copy shared by
visitors and logged-in people without a role (core.page_cache). What differs per person (the header's
account menu, my sign-up, my follow and star buttons, the form token) and what every write changes
(places left, follower and star counts) is not in that copy: the templates write a marker instead,
`<!--personal:kind:arg:arg-->`, and `fill()` replaces every marker of a response for the person
reading it, one small query per kind of marker and page (`register`). So a sign-up or a star changes
what the next reader sees at once without throwing any copy away.

Markers are HTML comments: text from people is always escaped or sanitised (comments stripped), so no
one can write one into a page. The form token's placeholder is a secret and is replaced only as the
value of the token's field, so a text that contains it (in a link, say) never receives a reader's
token. Pages rendered for one person go through the same markers and fillers, so a filled shared copy
and a page rendered for the person are the same bytes (tested).
"""

import functools
import re
from collections.abc import Callable, Iterable

from django.middleware.csrf import get_token
from django.utils.crypto import salted_hmac
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

PREFIX = "<!--personal:"
# Part of every page copy's key (core.page_cache): change it when a marker's arguments change, so that a
# deploy never fills copies an older release wrote with the new fillers.
MARKERS_FORMAT = 2
_MARKER = re.compile(r"<!--personal:([a-z-]+)((?::[\w.-]*)*)-->")


@functools.cache
def csrf_placeholder() -> str:
    """What page copies carry instead of the form token (core.context_processors.personal_csrf); the
    token is the reader's, taken when the copy is filled."""
    # Secret (derived from SECRET_KEY, never sent: every copy is filled before it leaves) so nobody can
    # write it into a text that a page shows, and replaced only as the value of the form token's field.
    return "csrf" + salted_hmac("core.personal.csrf", "placeholder").hexdigest()[:32]


CSRF_FIELD = 'name="csrfmiddlewaretoken" value="{}"'

# kind -> filler(request, [args, ...]) -> {args: html}; args are the marker's strings after the kind.
Filler = Callable[[object, list[tuple[str, ...]]], dict[tuple[str, ...], str]]
_fillers: dict[str, Filler] = {}


def register(kind: str):
    """Register the function that renders every marker of `kind` on a page, in one go."""

    def decorator(filler: Filler) -> Filler:
        _fillers[kind] = filler
        return filler

    return decorator


def marker(kind: str, *args) -> SafeString:
    """The marker a template writes where the reader's part goes."""
    return mark_safe(PREFIX + ":".join([kind, *(str(arg) for arg in args)]) + "-->")


def is_shared_render(request) -> bool:
    """True while a copy for everybody is rendered: nothing of the person may go into it."""
    return getattr(request, "_rendering_shared_copy", False)


def fill(request, content: str) -> str:
    """Replace every marker and the form token placeholder for this request's reader."""
    placeholder_field = CSRF_FIELD.format(csrf_placeholder())
    if placeholder_field in content:
        content = content.replace(placeholder_field, CSRF_FIELD.format(escape(get_token(request))))
    if PREFIX not in content:
        return content
    # One scan: a schedule day carries hundreds of markers, and this runs on every response, copies too.
    found = [(match.start(), match.end(), *match.groups()) for match in _MARKER.finditer(content)]
    wanted: dict[str, dict[tuple[str, ...], None]] = {}
    for index, (start, end, kind, raw_args) in enumerate(found):
        args = tuple(raw_args.split(":")[1:])
        wanted.setdefault(kind, {})[args] = None
        found[index] = (start, end, kind, args)
    filled = {kind: _fillers[kind](request, list(args)) for kind, args in wanted.items()}
    parts, position = [], 0
    for start, end, kind, args in found:
        # A marker its filler could not read (malformed arguments) is left out rather than shown.
        parts += (content[position:start], filled[kind].get(args, ""))
        position = end
    parts.append(content[position:])
    return "".join(parts)


def fill_response(request, response):
    """Fill an HTML response in place (PersonalPartsMiddleware)."""
    if getattr(response, "streaming", False) or not response.get("Content-Type", "").startswith("text/html"):
        return response
    if hasattr(response, "render") and not response.is_rendered:
        return response
    raw = response.content
    if csrf_placeholder().encode() not in raw and PREFIX.encode() not in raw:
        return response
    response.content = fill(request, raw.decode(response.charset or "utf-8"))
    return response


def ints(args: Iterable[tuple[str, ...]], position: int = 0) -> list[int]:
    """The integer argument at `position` of each marker (primary keys), ignoring malformed ones."""
    return [int(arg[position]) for arg in args if len(arg) > position and arg[position].isdigit()]


@register("messages")
def _messages(request, args):
    """The messages waiting for the reader (after a sign-up, a follow, a form): shown once, here, so the
    page after a write is served from the same copy as any other (it was rendered afresh for each)."""
    from django.contrib.messages import get_messages
    from django.template.loader import get_template

    waiting = get_messages(request)
    if not waiting:
        return dict.fromkeys(args, "")
    html = get_template("includes/messages.html").render({"messages": waiting}).strip()
    return dict.fromkeys(args, html)


@register("account")
def _account(request, args):
    """The header's login link, or the person's account menu with their name and a form token."""
    from django.template.loader import get_template

    from editions.roles import Roles  # editions builds on core

    user = request.user
    context = {"user": user, "request": request}
    if not user.is_authenticated:
        return dict.fromkeys(args, get_template("includes/account_menu.html").render(context).strip())
    # The menu depends only on what this key holds (the template says so), so each process keeps it and
    # every logged-in page stops rendering it: only the form token is the request's own.
    roles = Roles(user, getattr(request, "edition", None))
    match = request.resolver_match
    key = (
        user.pk,
        get_language(),
        user.display_name,
        roles.is_staff,
        roles.is_responsible_person,
        match.app_name if match else "",
        match.url_name if match else "",
    )
    menu = _account_menus.get(key)
    if menu is None:
        context.update(roles=roles, csrf_token=csrf_placeholder())
        menu = get_template("includes/account_menu.html").render(context).strip()
        if len(_account_menus) >= ACCOUNT_MENUS_KEPT:
            _account_menus.clear()
        _account_menus[key] = menu
    token_field = CSRF_FIELD.format(escape(get_token(request)))
    return dict.fromkeys(args, menu.replace(CSRF_FIELD.format(csrf_placeholder()), token_field))


ACCOUNT_MENUS_KEPT = 10_000
_account_menus: dict[tuple, str] = {}
