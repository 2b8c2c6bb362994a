"""The parts of task pages that change by the second or belong to the reader (core.personal).

A sign-up changes the places left on the board, the community and track pages; the reader's own
sign-up shows on every card and on the task page. None of it goes into a shared page copy, so a
sign-up throws no copy away: each response fills them, one query per kind and page.
"""

import html

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext

from core.personal import ints, register
from follows.selectors import starred_overlaps

from . import selectors
from .models import SignUpStatus, Task
from .permissions import can_manage_task, can_see_roster
from .templatetags.volunteering_tags import short_moment

PILL = '<span class="pill pill--{kind}">{text}</span>'


def _pill(kind: str, text: str) -> str:
    # Element content: only <, > and & need escaping (quotes stay as the templates write them).
    return PILL.format(kind=kind, text=html.escape(text, quote=False))


def _places_pill(task) -> str:
    state = task.state
    if state == selectors.PlaceState.OPEN:
        text = gettext("%(left)s of %(total)s left") % {"left": task.places_left, "total": task.headcount}
        return _pill("open", text)
    if state == selectors.PlaceState.FULL:
        return _pill("full", gettext("Full — waitlist open"))
    if state == selectors.PlaceState.OPENS_LATER:
        with timezone.override(task.edition.tzinfo):
            when = short_moment(task.signup_opens_at)
        return _pill("later", gettext("Sign-up opens %(when)s") % {"when": when})
    return _pill("closed", gettext("Closed"))


@register("task-places")
def fill_places(request, markers):
    """Places left on task cards: one query for the page's tasks (counted per task, not per board)."""
    tasks = selectors.with_place_counts(
        Task.objects.filter(pk__in=ints(markers))
        .select_related("edition")
        .only("status", "starts_at", "signup_opens_at", "headcount", "edition__time_zone")
    )
    pills = {task.pk: _places_pill(task) for task in selectors.decorate(tasks)}
    return {marker: pills.get(int(marker[0]), "") for marker in markers}


MY_STATUS = {
    SignUpStatus.CONFIRMED: lambda: gettext("You're signed up"),
    SignUpStatus.WAITLISTED: lambda: gettext("You're on the waitlist"),
    SignUpStatus.COMPLETED: lambda: gettext("Completed"),
}


@register("task-status")
def fill_my_status(request, markers):
    """The reader's own sign-up on task cards: one query, none for visitors."""
    statuses = {}
    if request.user.is_authenticated:
        statuses = dict(
            selectors.SignUp.objects.filter(user=request.user, task_id__in=ints(markers))
            .order_by()
            .values_list("task_id", "status")
        )
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
            memo[pk] = selectors.task_for_page(pk=pk)
        except Task.DoesNotExist:
            memo[pk] = None
    return memo[pk]


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
            boxes[marker] = render_to_string(
                "volunteering/_signup_box.html",
                {
                    "task": task,
                    "participation": selectors.participation(user=request.user, task=task),
                    "starred_overlaps": starred_overlaps(request.user, task),
                },
                request=request,
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
        links[marker] = render_to_string(
            "volunteering/_task_manage.html",
            {"task": task, "may_manage": may_manage, "may_see_roster": may_see_roster},
            request=request,
        )
    return links
