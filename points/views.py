"""The volunteer service desk: find a person, confirm completions, hand out rewards, correct points.

Open to the edition's desk operators and staff (editions.roles.is_desk_operator). Views stay thin:
they read with points.selectors and write through points.services / volunteering.services.
"""

import datetime
from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import User
from editions.roles import is_desk_operator
from volunteering import services as volunteering_services
from volunteering.models import SignUp, SignUpStatus

from . import selectors, services
from .desk_codes import code_from_payload, desk_code_for
from .forms import MIN_SEARCH_LENGTH, AdjustPointsForm, DeskSearchForm, RedeemForm, VoidRedemptionForm
from .models import DeskCode, Redemption

HISTORY_LENGTH = 20
SEARCH_LIMIT = 20


def desk_required(view):
    """Anonymous people log in first; anyone who is not a desk operator of the current edition gets 403."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_desk_operator(request.user, request.edition):
            raise PermissionDenied
        if request.edition is None:
            raise Http404(_("There is no current edition."))
        return view(request, *args, **kwargs)

    return wrapper


def _desk_code_or_404(code: str) -> DeskCode:
    normalised = code_from_payload(code)
    if normalised is None:
        raise Http404
    return get_object_or_404(DeskCode.objects.select_related("user"), code=normalised)


def _panel_url(desk_code: DeskCode) -> str:
    return reverse("points:person", args=[desk_code.code])


@require_GET
@desk_required
def desk(request):
    """Scan, type a code or search by name or whole email address; a code that resolves goes straight to the panel."""
    form = DeskSearchForm(request.GET or None)
    results = None
    query = ""
    if form.is_bound and form.is_valid():
        code_text, query = form.cleaned_data["code"], form.cleaned_data["q"]
        # A code typed into the search box is a code too.
        for text, is_code_field in ((code_text, True), (query, False)):
            if not text:
                continue
            code = code_from_payload(text)
            desk_code = DeskCode.objects.filter(code=code).first() if code else None
            if desk_code is not None:
                return redirect(_panel_url(desk_code))
            if is_code_field:
                messages.error(request, _("No person found for that code. Check it, or search by name."))
        if query:
            if len(query) < MIN_SEARCH_LENGTH:
                messages.error(request, _("Type at least 2 characters to search."))
            else:
                results = [
                    (person, getattr(person, "desk_code", None))
                    for person in selectors.desk_people_search(query=query, limit=SEARCH_LIMIT)
                ]
    return render(
        request,
        "points/desk_search.html",
        {"form": form, "results": results, "query": query, "limit": SEARCH_LIMIT},
    )


@require_GET
@desk_required
def person_open(request, pk):
    """A search result without a desk code yet: give the person one, then show the panel."""
    person = get_object_or_404(User, pk=pk, is_active=True)
    return redirect(_panel_url(desk_code_for(person)))


def _panel_context(request, desk_code: DeskCode, *, redeem_form=None, adjust_form=None) -> dict:
    person, edition = desk_code.user, request.edition
    now = timezone.now()
    today = timezone.localdate(now, timezone=edition.tzinfo)
    day_start = datetime.datetime.combine(today, datetime.time.min, tzinfo=edition.tzinfo)
    day_end = datetime.datetime.combine(today + datetime.timedelta(days=1), datetime.time.min, tzinfo=edition.tzinfo)
    sign_ups = list(
        selectors.desk_sign_ups_for(user=person, edition=edition, day_start=day_start, day_end=day_end, now=now)
    )
    for sign_up in sign_ups:
        sign_up.is_pending = sign_up.status == SignUpStatus.CONFIRMED and sign_up.task.starts_at <= now
    rewards = list(selectors.rewards_for(edition=edition))
    return {
        "desk_code": desk_code,
        "person": person,
        "today": today,
        "today_sign_ups": [s for s in sign_ups if day_start <= s.task.starts_at < day_end],
        "pending_sign_ups": [s for s in sign_ups if s.is_pending],
        "balance": selectors.balance_for(user=person, edition=edition),
        "history": list(selectors.history_for(user=person, edition=edition)[:HISTORY_LENGTH]),
        "history_length": HISTORY_LENGTH,
        "redeem_form": redeem_form or RedeemForm(rewards=rewards, edition=edition),
        "adjust_form": adjust_form or AdjustPointsForm(),
        "redemptions": list(selectors.recent_redemptions_for(user=person, edition=edition)),
    }


@require_GET
@desk_required
def person_panel(request, code):
    desk_code = _desk_code_or_404(code)
    if code != desk_code.code:
        return redirect(_panel_url(desk_code))
    return render(request, "points/desk_person.html", _panel_context(request, desk_code))


@require_POST
@desk_required
def redeem(request, code):
    desk_code = _desk_code_or_404(code)
    form = RedeemForm(request.POST, rewards=selectors.rewards_for(edition=request.edition), edition=request.edition)
    if form.is_valid():
        try:
            redemption = services.redeem_rewards(
                user=desk_code.user, edition=request.edition, items=form.items(), by=request.user
            )
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            names = ", ".join(
                f"{item.reward} × {item.quantity}" for item in redemption.items.select_related("reward").order_by("pk")
            )
            balance = selectors.balance_for(user=desk_code.user, edition=request.edition)
            messages.success(
                request,
                _("Redeemed %(rewards)s; new balance %(balance)s.") % {"rewards": names, "balance": balance},
            )
            return redirect(_panel_url(desk_code))
    return render(request, "points/desk_person.html", _panel_context(request, desk_code, redeem_form=form))


@require_POST
@desk_required
def adjust(request, code):
    desk_code = _desk_code_or_404(code)
    form = AdjustPointsForm(request.POST)
    if form.is_valid():
        try:
            services.adjust_points(
                user=desk_code.user,
                edition=request.edition,
                amount=form.cleaned_data["amount"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            balance = selectors.balance_for(user=desk_code.user, edition=request.edition)
            messages.success(
                request,
                _("Points adjusted by %(amount)s; new balance %(balance)s.")
                % {"amount": f"{form.cleaned_data['amount']:+d}", "balance": balance},
            )
            return redirect(_panel_url(desk_code))
    return render(request, "points/desk_person.html", _panel_context(request, desk_code, adjust_form=form))


@require_POST
@desk_required
def complete(request, code, pk):
    """Confirm that the person did a task they signed up for; the points are credited by the service."""
    desk_code = _desk_code_or_404(code)
    sign_up = get_object_or_404(
        SignUp.objects.select_related("task"), pk=pk, user=desk_code.user, task__edition=request.edition
    )
    if sign_up.status == SignUpStatus.COMPLETED:
        messages.info(request, _("%(task)s was already confirmed as completed.") % {"task": sign_up.task.title})
        return redirect(_panel_url(desk_code))
    try:
        volunteering_services.mark_completed(sign_up=sign_up, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        points = sign_up.task.points
        messages.success(
            request,
            ngettext("Completed: %(task)s (+%(points)s point).", "Completed: %(task)s (+%(points)s points).", points)
            % {"task": sign_up.task.title, "points": points},
        )
    return redirect(_panel_url(desk_code))


@require_http_methods(["GET", "POST"])
@desk_required
def void(request, code, pk):
    """Void a redemption, after a confirmation step (a required checkbox on a page of its own)."""
    desk_code = _desk_code_or_404(code)
    redemption = get_object_or_404(
        Redemption.objects.select_related("created_by").prefetch_related("items__reward"),
        pk=pk,
        user=desk_code.user,
        edition=request.edition,
    )
    # The panel's "Void" button posts without the confirmation step: that only opens this page.
    confirming = request.method == "POST" and "confirm_step" in request.POST
    form = VoidRedemptionForm(request.POST if confirming else None)
    if confirming and form.is_valid():
        try:
            services.void_redemption(redemption=redemption, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            balance = selectors.balance_for(user=desk_code.user, edition=request.edition)
            messages.success(request, _("Redemption voided; new balance %(balance)s.") % {"balance": balance})
        return redirect(_panel_url(desk_code))
    if redemption.voided_at is not None:
        messages.error(request, _("This redemption was already voided."))
        return redirect(_panel_url(desk_code))
    return render(
        request,
        "points/redemption_void.html",
        {"desk_code": desk_code, "person": desk_code.user, "redemption": redemption, "form": form},
    )
