from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST
from django.views.i18n import set_language as django_set_language

from core.redirects import safe_next

from .adapters import SUGGESTED_NAME_SESSION_KEY
from .forms import BadgeNameForm, ProfileForm
from .services import preferred_language_set, profile_update


@login_required
def profile_edit(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        profile_update(user=request.user, data=form.cleaned_data)
        messages.success(request, _("Your profile has been saved."))
        return redirect("accounts:profile")
    return render(request, "accounts/profile_edit.html", {"form": form})


@login_required
def badge_name(request):
    """After logging in without a display name (accounts.adapters.AccountAdapter.post_login): ask for
    the name on the badge, offering the one Google or GitHub gave, then go on to `next`."""
    next_url = safe_next(request, resolve_url(settings.LOGIN_REDIRECT_URL))
    if request.method != "POST" and request.user.display_name:
        return HttpResponseRedirect(next_url)
    form = BadgeNameForm(
        request.POST or None,
        instance=request.user,
        initial={"display_name": request.session.get(SUGGESTED_NAME_SESSION_KEY, "")},
    )
    if request.method == "POST" and form.is_valid():
        user = profile_update(user=request.user, data=form.cleaned_data)
        request.session.pop(SUGGESTED_NAME_SESSION_KEY, None)
        messages.success(request, _("Saved. Your badge will say “%(name)s”.") % {"name": user.display_name})
        return HttpResponseRedirect(next_url)
    return render(request, "accounts/badge_name.html", {"form": form, "next": next_url})


@require_GET
def to_login(request):
    """allauth's separate "send me a code" page: the login page already is that page."""
    query = request.GET.urlencode()
    return redirect(f"{resolve_url('account_login')}{'?' + query if query else ''}")


def no_passwords(request):
    """allauth's password and re-authentication pages: there are no passwords here. Logged-in people
    go to their profile, everyone else to the login page."""
    return redirect("accounts:profile" if request.user.is_authenticated else "account_login")


@csrf_exempt
@require_POST
def set_language(request):
    """Django's language switch, plus remembering the choice on the profile.

    Exempt from CSRF so pages for visitors without a session carry no token and can be cached and
    shared (core.page_cache): a forged request could only change someone's display language.
    """
    response = django_set_language(request)
    language = request.POST.get("language")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        preferred_language_set(user=request.user, language=language)
    return response
