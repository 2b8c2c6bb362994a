"""The requester side of the one-day volunteer board: post and edit tasks, close, reopen and cancel
them, see the roster and confirm who completed. Desk operators reuse the roster and the marks."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from checkin import selectors as checkin_selectors
from communities.permissions import responsible_community_ids
from core.csv_export import csv_response
from core.params import int_param
from core.redirects import redirect_next, safe_next
from editions.roles import is_staff

from .. import services
from ..models import PLACE_HOLDING, SignUp, SignUpStatus, Task, TaskStatus
from ..permissions import can_manage_task, can_mark_completion, can_post_tasks, can_see_roster
from ..task_forms import TaskCancelForm, TaskForm

MARKS = {
    "completed": services.mark_completed,
    "no_show": services.mark_no_show,
    "undo": services.undo_mark,
}


# --- Helpers ---


def _task_for(request, pk: int, allowed) -> Task:
    """The task, if this person may act on it; shows its times in its own edition's time zone."""
    task = get_object_or_404(Task.objects.select_related("edition"), pk=pk)
    if not allowed(request.user, task):
        raise PermissionDenied
    timezone.activate(task.edition.tzinfo)
    return task


def _roster_url(task: Task) -> str:
    return reverse("volunteering:task-roster", args=[task.pk])


def _managed_tasks(user, edition, *, only_mine: bool):
    """Tasks this person may manage in the edition, with their sign-up counts, in one query."""
    tasks = Task.objects.filter(edition=edition)
    if only_mine:
        tasks = tasks.filter(requester=user)
    elif not is_staff(user, edition):
        tasks = tasks.filter(Q(requester=user) | Q(community_id__in=responsible_community_ids(user, edition)))
    return tasks.select_related("room", "community", "track").annotate(
        taken_count=Count("sign_ups", filter=Q(sign_ups__status__in=PLACE_HOLDING)),
        waitlist_count=Count("sign_ups", filter=Q(sign_ups__status=SignUpStatus.WAITLISTED)),
        completed_count=Count("sign_ups", filter=Q(sign_ups__status=SignUpStatus.COMPLETED)),
        no_show_count=Count("sign_ups", filter=Q(sign_ups__status=SignUpStatus.NO_SHOW)),
    )


def _roster(task: Task) -> tuple[list[SignUp], list[SignUp]]:
    """(people holding a place, the waitlist in order); each waiting sign-up gets `.position`."""
    sign_ups = list(
        task.sign_ups.exclude(status=SignUpStatus.CANCELLED)
        .select_related("user", "marked_by", "check_in")
        .order_by("signed_up_at", "pk")
    )
    holding = [s for s in sign_ups if s.status != SignUpStatus.WAITLISTED]
    waitlist = [s for s in sign_ups if s.status == SignUpStatus.WAITLISTED]
    for position, sign_up in enumerate(waitlist, start=1):
        sign_up.position = position  # the same order as services.waitlist_position
    for sign_up in sign_ups:
        # Only what the person shares; everyone who may open a roster sees the same (accounts.models).
        sign_up.contact = sign_up.user.contact_details()
    return holding, waitlist


def _local_iso(moment, task: Task) -> str:
    return timezone.localtime(moment, task.edition.tzinfo).isoformat(timespec="seconds") if moment else ""


# --- Pages ---


@login_required
def my_requests(request):
    edition = request.edition
    if edition is None:
        raise Http404
    staff = is_staff(request.user, edition)
    only_mine = staff and request.GET.get("mine") == "1"
    tasks = _managed_tasks(request.user, edition, only_mine=only_mine)
    return render(
        request,
        "volunteering/my_requests.html",
        {
            "tasks": tasks,
            "is_staff_view": staff,
            "only_mine": only_mine,
            "can_post": can_post_tasks(request.user, edition),
        },
    )


@login_required
def task_create(request):
    edition = request.edition
    if edition is None:
        raise Http404
    if not can_post_tasks(request.user, edition):
        raise PermissionDenied
    # "Post a task" on a community's backstage preselects it; the form still checks the choice.
    community_id = int_param(request.GET, "community")
    initial = {"community": str(community_id)} if community_id is not None else None
    form = TaskForm(request.POST or None, edition=edition, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            task = services.task_create(edition=edition, requester=request.user, data=form.cleaned_data)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The task “%(title)s” has been posted.") % {"title": task.title})
            return redirect(_roster_url(task))
    return render(request, "volunteering/task_form.html", {"form": form, "task": None, "time_zone": edition.time_zone})


@login_required
def task_edit(request, pk):
    task = _task_for(request, pk, can_manage_task)
    if task.status == TaskStatus.CANCELLED:
        messages.error(request, _("This task was cancelled; it can no longer be edited."))
        return redirect(_roster_url(task))
    title = task.title  # the form writes the submitted values onto its instance
    form = TaskForm(request.POST or None, instance=task, edition=task.edition, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            task = services.task_update(task=task, data=form.cleaned_data, by=request.user)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The task “%(title)s” has been saved.") % {"title": task.title})
            return redirect(_roster_url(task))
    return render(
        request,
        "volunteering/task_form.html",
        {"form": form, "task": task, "title": title, "time_zone": task.edition.time_zone},
    )


@login_required
@require_POST
def task_close(request, pk):
    task = _task_for(request, pk, can_manage_task)
    try:
        services.task_close(task=task)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("The task is closed: no more sign-ups. The places already held stay."))
    return redirect_next(request, _roster_url(task))


@login_required
@require_POST
def task_reopen(request, pk):
    task = _task_for(request, pk, can_manage_task)
    try:
        services.task_reopen(task=task)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("The task is open for sign-ups again."))
    return redirect_next(request, _roster_url(task))


@login_required
def task_cancel(request, pk):
    task = _task_for(request, pk, can_manage_task)
    if task.status == TaskStatus.CANCELLED:
        messages.info(request, _("This task was already cancelled."))
        return redirect(_roster_url(task))
    to_tell = task.sign_ups.filter(status__in=(SignUpStatus.CONFIRMED, SignUpStatus.WAITLISTED)).count()
    form = TaskCancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.task_cancel(task=task, reason=form.cleaned_data["reason"])
        messages.success(
            request,
            ngettext(
                "The task has been cancelled; %(count)s person signed up or waiting is being told.",
                "The task has been cancelled; %(count)s people signed up or waiting are being told.",
                to_tell,
            )
            % {"count": to_tell},
        )
        return redirect(_roster_url(task))
    return render(request, "volunteering/task_cancel_confirm.html", {"form": form, "task": task, "to_tell": to_tell})


@login_required
@never_cache
def task_roster(request, pk):
    """Who holds a place and who waits; around the task's time also who is here, late or not come yet
    (checkin), refreshed by roster-live.js from `?part=live`, the live part alone, or by the page itself."""
    task = _task_for(request, pk, can_see_roster)
    holding, waitlist = _roster(task)
    counts = {status: 0 for status in SignUpStatus.values}
    for sign_up in holding:
        counts[sign_up.status] += 1
    now = timezone.now()
    context = {
        "task": task,
        "holding": holding,
        "waitlist": waitlist,
        "confirmed_count": counts[SignUpStatus.CONFIRMED],
        "completed_count": counts[SignUpStatus.COMPLETED],
        "no_show_count": counts[SignUpStatus.NO_SHOW],
        "can_manage": can_manage_task(request.user, task),
        "attendance": checkin_selectors.roster_attendance(task=task, sign_ups=holding, now=now),
        "live": checkin_selectors.is_live(task=task, now=now),
        "updated_at": now,
    }
    if request.GET.get("part") == "live":
        return render(request, "volunteering/_roster_live.html", context)
    return render(request, "volunteering/task_roster.html", context)


@login_required
def task_roster_csv(request, pk):
    task = _task_for(request, pk, can_see_roster)
    holding, waitlist = _roster(task)
    header = [
        _("Display name"),
        _("Status"),
        _("Waitlist position"),
        _("Email"),
        _("Phone"),
        _("Chat handle"),
        _("Signed up at"),
        _("Marked at"),
    ]
    not_shared = _("not shared")
    rows = (
        (
            sign_up.user.public_name,
            sign_up.get_status_display(),
            getattr(sign_up, "position", ""),
            *(not_shared if value is None else value for value in sign_up.contact.values()),
            _local_iso(sign_up.signed_up_at, task),
            _local_iso(sign_up.marked_at, task),
        )
        for sign_up in holding + waitlist
    )
    return csv_response(f"task-{task.pk}-roster.csv", header, rows)


@login_required
@require_POST
def task_complete_all(request, pk):
    task = _task_for(request, pk, can_mark_completion)
    try:
        count = services.mark_all_completed(task=task, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request,
            ngettext("%(count)s person marked as completed.", "%(count)s people marked as completed.", count)
            % {"count": count},
        )
    return redirect_next(request, _roster_url(task))


@login_required
@require_POST
def sign_up_mark(request, pk):
    sign_up = get_object_or_404(SignUp.objects.select_related("task__edition", "user"), pk=pk)
    task = sign_up.task
    if not can_mark_completion(request.user, task):
        raise PermissionDenied
    # Where to go back to: a safe `next` (the service desk reuses these buttons), else the roster.
    back = safe_next(request, _roster_url(task))
    mark = MARKS.get(request.POST.get("action", ""))
    if mark is None:
        messages.error(request, _("Unknown action."))
        return HttpResponseRedirect(back)
    before = sign_up.status
    try:
        record = mark(sign_up=sign_up, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        name = record.user.public_name
        if record.status == before:
            text = _("%(name)s was already marked as “%(status)s”; nothing changed.") % {
                "name": name,
                "status": record.get_status_display(),
            }
        elif record.status == SignUpStatus.COMPLETED:
            text = _("%(name)s: completed; %(points)s points credited.") % {"name": name, "points": task.points}
        elif record.status == SignUpStatus.NO_SHOW:
            text = _("%(name)s: marked as a no-show.") % {"name": name}
        else:
            text = _("%(name)s: mark undone, back to confirmed.") % {"name": name}
        messages.success(request, text)
    return HttpResponseRedirect(back)
