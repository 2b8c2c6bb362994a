"""The check-in sheet (printed, for the people running the task) and the page its QR code opens."""

import datetime
from urllib.parse import urlencode, urlsplit

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from core.params import slug_param
from core.qr import qr_svg
from volunteering.models import Task, TaskStatus
from volunteering.permissions import can_see_roster

from . import selectors, services
from .selectors import Action

SHEET_SIZES = ("a5", "a4")


def _task(pk: int) -> Task:
    task = get_object_or_404(Task.objects.select_related("edition", "room"), pk=pk)
    timezone.activate(task.edition.tzinfo)  # times on the page in the edition's zone
    return task


def _sheet_day(task: Task, asked: str) -> datetime.date:
    """The day asked for if the task runs on it, else today if it does, else the task's first day."""
    days = selectors.task_days(task)
    try:
        day = datetime.date.fromisoformat(asked)
    except ValueError:
        day = selectors.local_day(task=task, moment=timezone.now())
    return day if day in days else days[0]


@login_required
@require_safe
@never_cache
def sheet(request, pk):
    """The printable sheet for one day of the task: both languages, a QR code valid on that day only."""
    task = _task(pk)
    if not can_see_roster(request.user, task):
        raise PermissionDenied
    day = _sheet_day(task, slug_param(request.GET, "day"))
    size = slug_param(request.GET, "size")
    size = size if size in SHEET_SIZES else SHEET_SIZES[0]
    url = selectors.check_in_url(task=task, day=day)
    host = urlsplit(url).hostname or ""
    context = {
        "task": task,
        "day": day,
        "days": selectors.task_days(task),
        "size": size,
        "sizes": SHEET_SIZES,
        "check_in_url": url,
        "url_is_local": host in {"localhost", "127.0.0.1", "::1"} or host.endswith(".local"),
        "qr": qr_svg(url, title=url, css_class="sheet__qr-code"),
    }
    return render(request, "checkin/sheet.html", context)


SUCCESS = {
    (Action.CHECK_IN, True): lambda t: _("You are checked in (%(time)s). Scan the sheet again when you leave.") % t,
    (Action.WALK_IN, True): lambda t: _("You took a free place and are checked in (%(time)s). Thank you!") % t,
    (Action.CHECK_OUT, True): lambda t: (
        _("You are checked out (%(time)s). The requester confirms your completion; your points appear then.") % t
    ),
    (Action.CHECK_IN, False): lambda t: _("You were already checked in at %(time)s.") % t,
    (Action.CHECK_OUT, False): lambda t: _("You were already checked out at %(time)s.") % t,
}


@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
def check_in(request, pk, code):
    """GET shows the task and the one thing the person may do; only the POST of that button changes anything.
    Someone who scans the sheet logged out first sees which task this is and why to log in (and comes back)."""
    if not request.user.is_authenticated:
        if request.method == "POST":
            return redirect_to_login(request.get_full_path())
        task = _task(pk)
        if task.status == TaskStatus.DRAFT:
            return redirect_to_login(request.get_full_path())
        login_url = f"{reverse('account_login')}?{urlencode({'next': request.get_full_path()})}"
        return render(request, "checkin/check_in_login.html", {"task": task, "login_url": login_url})
    task = _task(pk)
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action in (Action.CHECK_IN, Action.WALK_IN):
                outcome = services.check_in(task=task, user=request.user, code=code, walk_in=action == Action.WALK_IN)
                moment = outcome.check_in.checked_in_at
            elif action == Action.CHECK_OUT:
                outcome = services.check_out(task=task, user=request.user, code=code)
                moment = outcome.check_in.checked_out_at
            else:
                raise ValidationError(_("Unknown action."))
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            if action == Action.WALK_IN and not (outcome.changed and outcome.check_in.walk_in):
                action = Action.CHECK_IN  # they held a place already, or had checked in before
            key = (action, outcome.changed)
            when = {"time": formats.time_format(timezone.localtime(moment), "H:i")}
            messages.success(request, SUCCESS[key](when))
        return redirect(request.path)
    visit = selectors.visit_for(task=task, user=request.user, code=code, now=timezone.now())
    return render(request, "checkin/check_in.html", {"task": task, "visit": visit, "Action": Action})
