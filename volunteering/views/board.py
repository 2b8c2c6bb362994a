"""The volunteer side of the one-day volunteer board: browse, read a task, sign up, cancel, see my own."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.page_cache import FILTER_CHOICES, TASK_PLACES, RenderForReader, cache_page, kept_until_changed
from core.page_cache import version as page_cache_version
from core.personal import is_shared_render
from core.redirects import redirect_next
from editions.models import Edition
from editions.roles import ROLES
from editions.selectors import all_editions
from points import selectors as points_selectors
from points.desk_codes import desk_code_for, qr_payload

from .. import selectors, services
from ..calendar import task_calendar
from ..cards import CARD_COLUMNS
from ..forms import BoardFilterForm
from ..models import SignUp, SignUpStatus, Task, TaskStatus
from ..permissions import can_manage_task, can_post_tasks

HISTORY_LENGTH = 10
BOARD_PAGE_SIZE = 40


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _query_toggling_past(request, *, on: bool) -> str:
    """The same filters, switched to the past tasks or back to what is to come."""
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("past", None)
    if on:
        query["past"] = "1"
    return query.urlencode()


@cache_page(also=(ROLES,))
def board(request, edition=None):
    """The board of the current edition, or of an earlier one at /one-day/editions/<slug>/."""
    if edition is None:
        shown = request.edition
    else:
        shown = get_object_or_404(Edition, slug=edition)
        if request.edition is not None and shown.pk == request.edition.pk:
            query = request.GET.urlencode()
            return redirect(reverse("volunteering:board") + (f"?{query}" if query else ""))
        timezone.activate(shown.tzinfo)
    if shown is None:
        return render(request, "volunteering/board.html", {"shown_edition": None}, status=404)

    communities, tracks = kept_until_changed(
        f"board-choices:{shown.pk}:{get_language()}",
        lambda: selectors.filter_choices(edition=shown),
        (FILTER_CHOICES,),
    )
    form = BoardFilterForm(request.GET or None, edition=shown, communities=communities, tracks=tracks)
    filters = form.filters()
    is_current = request.edition is not None and shown.pk == request.edition.pk
    past = filters.pop("past")
    # This year's board opens on what is still to come; earlier editions show everything they had.
    when = (selectors.BoardWhen.PAST if past else selectors.BoardWhen.UPCOMING) if is_current else ""
    # Pages keep the board light at a thousand tasks; the filters narrow it further.
    tasks_query = selectors.board_tasks_query(edition=shown, when=when, counted=False, **filters)
    tasks_query = tasks_query.only(*CARD_COLUMNS)  # the cards' columns, not every text of three tables
    page = Paginator(tasks_query, BOARD_PAGE_SIZE).get_page(request.GET.get("page"))
    tasks = list(page.object_list)  # places left are filled per response (volunteering.personal)
    context = {
        "shown_edition": shown,
        "is_current": is_current,
        "form": form,
        "is_filtered": any(filters.values()),
        "showing_past": when == selectors.BoardWhen.PAST,
        "past_query": _query_toggling_past(request, on=True),
        "upcoming_query": _query_toggling_past(request, on=False),
        "more_filters": any(filters[name] for name in ("day", "time_of_day", "category", "community_id", "track_id")),
        "tasks": tasks,
        "page": page,
        # The filter form changes with its choices (FILTER_CHOICES), the edition's days and the query, not
        # with every task edit: its fragment outlives the page copies.
        "filters_version": page_cache_version(FILTER_CHOICES),
        "page_query": _query_without_page(request),
        "days": selectors.group_by_day(tasks),
        "other_editions": [other for other in all_editions() if other.pk != shown.pk],
        "may_post": is_current and can_post_tasks(request.user, shown),
    }
    return render(request, "volunteering/board.html", context)


def _visible_task(request, pk, *, for_page: bool = True) -> Task:
    """The task, or 404: drafts only for those who manage them. Times shown in the task's edition zone.
    For an action (`for_page=False`) only the task and its edition are read: a sign-up burst is
    hundreds of these at once, and the service reads what it needs under its lock."""
    try:
        task = selectors.task_for_page(pk=pk) if for_page else Task.objects.select_related("edition").get(pk=pk)
    except Task.DoesNotExist:
        raise Http404 from None
    if task.status == TaskStatus.DRAFT:
        if is_shared_render(request):
            raise RenderForReader  # only its managers see a draft: no copy for everybody
        if not can_manage_task(request.user, task):
            raise Http404
    timezone.activate(task.edition.tzinfo)
    return task


@cache_page(also=(ROLES,))
def task_detail(request, pk):
    task = _visible_task(request, pk)
    # The sign-up box and the managers' links are the reader's (volunteering.personal): not in the copy;
    # the task read for the page serves them too when the copy is made.
    request._personal_tasks = {task.pk: task}
    return render(request, "volunteering/task_detail.html", {"task": task})


def task_ics(request, pk):
    task = _visible_task(request, pk)
    response = HttpResponse(task_calendar(task).to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="task-{task.pk}.ics"'
    return response


def _back(request, task: Task):
    """Where to go after a sign-up action: a safe `next` (e.g. "My one-day volunteering"), else the task."""
    return redirect_next(request, task.get_absolute_url())


@require_POST
def task_sign_up(request, pk):
    task = _visible_task(request, pk, for_page=False)
    if not request.user.is_authenticated:
        return redirect_to_login(task.get_absolute_url())
    try:
        record = services.sign_up(task=task, user=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect(task)
    if record.status == SignUpStatus.WAITLISTED:
        messages.success(
            request,
            _("The task is full; you're #%(position)s on the waitlist. We'll email you if a place frees up.")
            % {"position": services.waitlist_position(record)},
        )
    else:
        messages.success(request, _("You're signed up for %(task)s. See you there!") % {"task": task.title})
    return redirect(task)


@require_POST
def task_cancel_sign_up(request, pk):
    task = _visible_task(request, pk, for_page=False)
    if not request.user.is_authenticated:
        return redirect_to_login(task.get_absolute_url())
    record = get_object_or_404(SignUp, task=task, user=request.user)
    was_waitlisted = record.status == SignUpStatus.WAITLISTED
    try:
        services.cancel_sign_up(sign_up=record)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return _back(request, task)
    if was_waitlisted:
        messages.success(request, _("You left the waitlist for %(task)s.") % {"task": task.title})
    else:
        messages.success(
            request, _("You gave your place on %(task)s back. Thank you for telling us.") % {"task": task.title}
        )
    return _back(request, task)


@login_required
@cache_page(TASK_PLACES, also=(ROLES,), shared=False)
def my_volunteering(request):
    edition = request.edition
    if edition is None:
        return render(request, "volunteering/my_volunteering.html", {"shown_edition": None}, status=404)
    sections = selectors.split_my_sign_ups(selectors.my_sign_ups(user=request.user, edition=edition))
    desk_code = desk_code_for(request.user)
    context = {
        "shown_edition": edition,
        **sections,
        "balance": points_selectors.balance_for(user=request.user, edition=edition),
        "history": list(points_selectors.history_for(user=request.user, edition=edition)[:HISTORY_LENGTH]),
        "desk_code": desk_code,
        "qr_payload": qr_payload(desk_code),
    }
    return render(request, "volunteering/my_volunteering.html", context)
