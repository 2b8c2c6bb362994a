from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from editions.models import Edition
from editions.roles import is_staff

from .forms import GuideForm
from .models import Guide
from .selectors import (
    GuideContent,
    board_url,
    guide_for,
    qr_svg,
    screen_hours,
    venue_screen_at,
)
from .services import guide_update


def home(request):
    return render(request, "pages/home.html")


def guide(request, edition=None):
    """Where the service desk is, when it is open, where to find tasks, how taking part works, FAQ."""
    shown = get_object_or_404(Edition, slug=edition) if edition else request.edition
    guide = guide_for(shown)
    context = {
        "shown_edition": shown,
        "guide": guide,
        "content": GuideContent(guide),
        "can_edit": shown is not None and shown == request.edition and is_staff(request.user, shown),
    }
    return render(request, "pages/guide.html", context)


@login_required
def guide_edit(request):
    edition = request.edition
    if not is_staff(request.user, edition):
        raise PermissionDenied
    if edition is None:
        raise Http404(_("There is no edition yet."))
    instance = guide_for(edition) or Guide(edition=edition)
    form = GuideForm(request.POST or None, request.FILES or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            guide_update(edition=edition, data=form.cleaned_data, by=request.user)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("The venue guide has been saved."))
            return redirect("pages:guide")
    return render(request, "pages/guide_edit.html", {"form": form, "guide": guide_for(edition)})


def guide_poster(request):
    """An A4 poster for the venue walls, in both languages, with a large QR code to the board."""
    guide = guide_for(request.edition)
    url = board_url()
    host = urlsplit(url).hostname or ""
    context = {
        "content": GuideContent(guide),
        "board_url": url,
        "board_url_is_local": host in {"localhost", "127.0.0.1", "::1"} or host.endswith(".local"),
        "qr": qr_svg(url),
    }
    return render(request, "pages/poster.html", context)


# Not in the shared page cache (core.page_cache): the screen shows the clock and what is on this
# minute, which no version bump follows, and a few screens polling once a minute cost two or three
# small queries each. never_cache also keeps browsers and proxies from showing a stale "now".
@never_cache
def venue_screen(request):
    """For a TV at the venue: full screen, both languages, what is on now and next, a QR code to the board."""
    hours = screen_hours(request.GET.get("hours"))
    screen = venue_screen_at(edition=request.edition, now=timezone.now(), task_hours=hours)
    url = board_url()
    context = {"screen": screen, "board_url": url, "qr": qr_svg(url, css_class="screen__qr-code")}
    return render(request, "pages/screen.html", context)
