import functools
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from communities.models import Community
from core.page_cache import TASK_PLACES, cache_page, person_pages
from core.redirects import safe_next
from core.urls import absolute_url
from editions.roles import ROLES
from schedule.models import Track

from . import labels, selectors, services
from .calendar import personal_calendar, sessions_calendar
from .forms import FollowPreferencesForm
from .items import session_items
from .models import CalendarFeed, FollowPreferences

# Calendar apps poll the feed; a few minutes of caching in the client is plenty.
FEED_MAX_AGE = 300


def _feed_urls(feed: CalendarFeed) -> dict[str, str]:
    url = absolute_url(reverse("follows:calendar-feed", args=[feed.token]))
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


@functools.lru_cache(maxsize=100_000)
def _feed_owner(token: str) -> int | None:
    # A token always names the same person (a reset makes a new one, and bumps the public pages), so
    # each process keeps the answer.
    return CalendarFeed.objects.filter(token=token).values_list("user_id", flat=True).first()


def _feed_owner_pages(kwargs) -> str:
    """The namespace of the feed owner's own writes (their sign-ups, follows, stars): their feed shows
    nothing else that a crowd changes, so a star or a sign-up by someone else keeps the copy."""
    return person_pages(_feed_owner(kwargs["token"]))


@require_safe
@cache_page(_feed_owner_pages, also=(ROLES,))
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


def _ics_response(calendar, *, public: bool) -> HttpResponse:
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = f"{'public' if public else 'private'}, max-age={FEED_MAX_AGE}"
    response["Content-Disposition"] = 'inline; filename="calendar.ics"'
    return response


@require_safe
@cache_page(also=(ROLES,))
def track_calendar(request, pk):
    """A public feed of one track's scheduled sessions."""
    track = get_object_or_404(Track.objects.select_related("edition"), pk=pk)
    calendar = sessions_calendar(
        name=f"{settings.SITE_NAME} · {track}", uid_key=f"tracks/{track.pk}", sessions=selectors.track_sessions(track)
    )
    return _ics_response(calendar, public=True)


@require_safe
@cache_page(TASK_PLACES, also=(ROLES,))
def community_calendar(request, slug):
    """A public feed of the sessions of a community's tracks in the current edition."""
    community = get_object_or_404(Community, slug=slug, is_active=True)
    sessions = selectors.community_sessions(community, edition=request.edition)
    calendar = sessions_calendar(
        name=f"{settings.SITE_NAME} · {community}", uid_key=f"communities/{community.slug}", sessions=sessions
    )
    return _ics_response(calendar, public=True)


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _toggle(request, kind: str, pk: int):
    target = get_object_or_404(selectors.KINDS[kind].model, pk=pk)
    back = safe_next(request, reverse("follows:mine"))
    if not request.user.is_authenticated:
        return redirect_to_login(back)
    # The form says which state it wants, so a double submit doesn't undo itself; without it, flip.
    wanted = request.POST.get("following")
    if wanted not in ("0", "1"):
        wanted = "0" if target.pk in selectors.following_ids(request.user, kind) else "1"
    following = wanted == "1"
    try:
        services.set_following(user=request.user, kind=kind, target=target, following=following)
    except ValidationError as error:
        if _wants_json(request):
            return JsonResponse({"error": error.messages[0]}, status=400)
        messages.error(request, error.messages[0])
        return HttpResponseRedirect(back)
    if _wants_json(request):
        count = selectors.follower_counts(kind, [target.pk])[target.pk]
        return JsonResponse(
            {
                "following": following,
                "count": count,
                "label": labels.button_label(kind, following),
                "count_text": labels.count_text(kind, count),
            }
        )
    messages.success(request, labels.done_message(kind, following, str(target)))
    return HttpResponseRedirect(back)


@require_POST
def community_toggle(request, pk):
    return _toggle(request, "community", pk)


@require_POST
def track_toggle(request, pk):
    return _toggle(request, "track", pk)


@require_POST
def session_star(request, pk):
    return _toggle(request, "session", pk)


@login_required
@require_safe
# Nothing on it that others' writes change (its buttons show no counts and are filled per response): it
# follows the person's own writes (shared=False) and the public pages.
@cache_page(also=(ROLES,), shared=False)
def mine(request):
    follows = selectors.my_follows(user=request.user, edition=request.edition)
    preferences = FollowPreferences.objects.filter(user=request.user).first()
    form = FollowPreferencesForm(instance=preferences)
    shares = selectors.active_shares_of(request.user)
    for share in shares:
        share.details = selectors.details_of(request.user, share.fields)
    for track in follows.tracks:
        track.upcoming_session_items = session_items(track.upcoming_sessions, show_star=False)
    context = {
        "follows": follows,
        "starred_items": session_items(follows.starred, show_star=True),
        "preferences_form": form,
        "shares": shares,
    }
    return render(request, "follows/follows_mine.html", context)


@login_required
@require_POST
def preferences(request):
    form = FollowPreferencesForm(request.POST)
    if form.is_valid():
        enabled = form.cleaned_data["email_digest"]
        services.set_email_digest(user=request.user, enabled=enabled)
        if enabled:
            messages.success(request, _("You'll get an email digest when there is news, at most one an hour."))
        else:
            messages.success(request, _("No more digest emails."))
    return redirect("follows:mine")
