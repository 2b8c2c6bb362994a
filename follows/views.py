from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from . import services
from .calendar import personal_calendar
from .models import CalendarFeed

# Calendar apps poll the feed; a few minutes of caching in the client is plenty.
FEED_MAX_AGE = 300


def _feed_urls(feed: CalendarFeed) -> dict[str, str]:
    url = settings.SITE_URL + reverse("follows:calendar-feed", args=[feed.token])
    webcal_url = "webcal://" + url.split("://", 1)[1]
    return {
        "feed_url": url,
        "webcal_url": webcal_url,
        "google_url": "https://calendar.google.com/calendar/render?cid=" + quote(webcal_url, safe=""),
    }


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def calendar_manage(request):
    if request.method == "POST":
        services.calendar_feed_reset(request.user)
        messages.success(
            request, _("Your calendar feed has a new secret address. Subscribe again with it; the old one is gone.")
        )
        return redirect("follows:calendar")
    feed = services.calendar_feed_for(request.user)
    return render(request, "follows/calendarfeed_manage.html", {"feed": feed, **_feed_urls(feed)})


@require_safe
def calendar_feed(request, token):
    """The personal feed: public to whoever holds the secret address, so calendar apps need no login."""
    feed = CalendarFeed.objects.select_related("user").filter(token=token, user__is_active=True).first()
    if feed is None:
        raise Http404
    response = HttpResponse(personal_calendar(feed.user).to_ical(), content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = f"private, max-age={FEED_MAX_AGE}"
    response["Content-Disposition"] = 'inline; filename="calendar.ics"'
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
