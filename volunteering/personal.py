"""The parts of task pages that change by the second or belong to the reader (core.personal).

A sign-up changes the places left on the board, the community and track pages; the reader's own
sign-up shows on every card and on the task page. None of it goes into a shared page copy, so a
sign-up throws no copy away: each response fills them, one query per kind and page.
"""

import datetime
import html
from types import SimpleNamespace

from django.middleware.csrf import get_token
from django.template.loader import get_template
from django.utils import timezone
from django.utils.translation import get_language, gettext, ngettext

from core.page_cache import PUBLIC_PAGES, kept_until_changed, person_pages
from core.personal import ints, register
from follows.selectors import calendar_titles_between

from . import selectors
from .models import SignUpStatus, Task
from .permissions import can_manage_task, can_see_roster
from .templatetags.volunteering_tags import short_moment

PILL = '<span class="pill pill--{kind}">{text}</span>'


def _pill(kind: str, text: str) -> str:
    # Element content: only <, > and & need escaping (quotes stay as the templates write them).
    return PILL.format(kind=kind, text=html.escape(text, quote=False))


def places_marker_args(task) -> tuple:
    """What a card's places pill needs besides the places taken, written into its marker so that the
    filler reads only the counts: pk, headcount, status, and the start and sign-up opening as POSIX
    seconds (0: none)."""
    opens = int(task.signup_opens_at.timestamp()) if task.signup_opens_at else 0
    return (task.pk, task.headcount, task.status, int(task.starts_at.timestamp()), opens)


def _moment(seconds: str) -> datetime.datetime | None:
    return datetime.datetime.fromtimestamp(int(seconds), tz=datetime.UTC) if int(seconds) else None


def _places_pill(task) -> str:
    """The pill of selectors.place_state (the board's rules), for a task read from its marker."""
    if task.state == selectors.PlaceState.OPEN:
        text = gettext("%(left)s of %(total)s left") % {"left": task.places_left, "total": task.headcount}
        return _pill("open", text)
    if task.state == selectors.PlaceState.FULL:
        return _pill("full", gettext("Full — waitlist open"))
    if task.state == selectors.PlaceState.OPENS_LATER:
        when = short_moment(task.signup_opens_at)  # in the active zone: the edition's
        return _pill("later", gettext("Sign-up opens %(when)s") % {"when": when})
    return _pill("closed", gettext("Closed"))


@register("task-places")
def fill_places(request, markers):
    """Places left on task cards: one query counting the places taken on the page's tasks."""
    markers = [marker for marker in markers if len(marker) == 5 and all(marker[i].isdigit() for i in (0, 1, 3, 4))]
    held = selectors.held_places({int(marker[0]) for marker in markers})
    tasks = {
        marker: SimpleNamespace(
            headcount=int(marker[1]),
            status=marker[2],
            starts_at=_moment(marker[3]),
            signup_opens_at=_moment(marker[4]),
            held=held.get(int(marker[0]), 0),
        )
        for marker in markers
    }
    selectors.decorate(tasks.values())
    return {marker: _places_pill(task) for marker, task in tasks.items()}


MY_STATUS = {
    SignUpStatus.CONFIRMED: lambda: gettext("You're signed up"),
    SignUpStatus.WAITLISTED: lambda: gettext("You're on the waitlist"),
    SignUpStatus.COMPLETED: lambda: gettext("Completed"),
}


@register("task-status")
def fill_my_status(request, markers):
    """The reader's own sign-up on task cards: one query, none for visitors."""
    statuses = selectors.sign_up_statuses(user=request.user, task_ids=ints(markers))
    texts = {}
    for marker in markers:
        status = statuses.get(int(marker[0]))
        texts[marker] = _pill("mine", MY_STATUS[status]()) if status in MY_STATUS else ""
    return texts


def _task(request, pk: int) -> Task | None:
    """The task of a task page's markers, read once per response."""
    memo = request.__dict__.setdefault("_personal_tasks", {})
    if pk not in memo:
        try:
            memo[pk] = selectors.task_for_reader(pk=pk, edition=getattr(request, "edition", None))
        except Task.DoesNotExist:
            memo[pk] = None
    return memo[pk]


@register("task-places-now")
def fill_places_now(request, markers):
    """Places left and the waitlist on the task page: every sign-up changes them, so they are not in
    the page's copy (the task is read once for this and the sign-up box)."""
    texts = {}
    for marker in markers:
        task = _task(request, int(marker[0])) if marker and marker[0].isdigit() else None
        if task is None:
            texts[marker] = ""
            continue
        text = html.escape(
            gettext("%(left)s of %(total)s left") % {"left": task.places_left, "total": task.headcount}, quote=False
        )
        if task.waiting:
            waiting = ngettext("(%(counter)s on the waitlist)", "(%(counter)s on the waitlist)", task.waiting)
            text += ' <span class="help">' + html.escape(waiting % {"counter": task.waiting}, quote=False) + "</span>"
        texts[marker] = text
    return texts


def _starred_overlap_titles(user, task) -> list[str]:
    """Titles of the sessions the person starred or follows that overlap the task: the sign-up box names
    them, nothing more (follows.selectors.starred_overlaps reads whole sessions, for pages that link them)."""
    if not user.is_authenticated:
        return []
    return calendar_titles_between(user, task.starts_at, task.ends_at)


def _kept_reader_facts(user, task) -> tuple[selectors.ReaderFacts, list[str]]:
    """The person's own sign-up, clash and overlapping sessions for this task, kept until the person's
    sign-ups, follows or stars change (their own version) or the task or the programme does (public pages):
    the task page is what people open most, and these reads were most of its time for each of them."""
    if not user.is_authenticated:
        return selectors.ReaderFacts(sign_up=None, conflict=None), []
    return kept_until_changed(
        f"signup-box:{user.pk}:{task.pk}:{get_language()}",
        lambda: (selectors.reader_facts(user=user, task=task), _starred_overlap_titles(user, task)),
        (PUBLIC_PAGES, person_pages(user.pk)),
    )


@register("task-signup")
def fill_sign_up_box(request, markers):
    """The task page's sign-up box: where the reader stands with the task (a fragment per reader)."""
    boxes = {}
    for marker in markers:
        task = _task(request, int(marker[0]))
        if task is None:
            boxes[marker] = ""
            continue
        with timezone.override(task.edition.tzinfo):
            facts, overlaps = _kept_reader_facts(request.user, task)
            boxes[marker] = get_template("volunteering/_signup_box.html").render(
                {
                    "task": task,
                    "participation": selectors.participation(user=request.user, task=task, facts=facts),
                    "starred_overlaps": overlaps,
                    "request": request,
                    # Visitors get a login link, not a form: no token, so no cookie either.
                    "csrf_token": get_token(request) if request.user.is_authenticated else "",
                }
            )
    return boxes


@register("task-manage")
def fill_manage_links(request, markers):
    """Edit and roster links on the task page, for the people who manage the task (none for others,
    without a query for visitors)."""
    links = {}
    for marker in markers:
        task = _task(request, int(marker[0])) if request.user.is_authenticated else None
        may_manage = task is not None and can_manage_task(request.user, task)
        may_see_roster = task is not None and can_see_roster(request.user, task)
        if not (may_manage or may_see_roster):
            links[marker] = ""
            continue
        links[marker] = get_template("volunteering/_task_manage.html").render(
            {"task": task, "may_manage": may_manage, "may_see_roster": may_see_roster}
        )
    return links
