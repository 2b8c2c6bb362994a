"""Follow codes: a printable card per community and track whose QR code opens a follow page, contact
sharing with a community (opt-in, withdrawable), and the list and CSV of who shared for the community.

None of these pages goes into the shared page cache (core.page_cache): the follow page shows the
reader's own state and details, the card is cheap, and the list holds contact details.
"""

from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from communities.models import Community
from core.csv_export import csv_response
from core.qr import qr_svg
from core.redirects import safe_next
from core.urls import absolute_url
from schedule.models import Track

from . import labels, selectors, services
from .forms import ContactSharingForm, FollowCardForm
from .models import ShareField
from .permissions import can_manage_contact_sharing

PRIVATE = "private, no-store"  # contact details stay out of shared caches and the browser's history
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}


def _is_local(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    return host in LOCAL_HOSTS or host.endswith(".local")


def _login_url(path: str) -> str:
    return redirect_to_login(path).url


# The cards


def _card_context(follow_path: str) -> dict:
    url = absolute_url(follow_path)
    qr = qr_svg(url, title=url, css_class="follow-card__qr-code")
    return {"follow_url": url, "follow_url_is_local": _is_local(url), "qr": qr}


@require_safe
def community_card(request, slug):
    """A printable card (A6) for the community's booth: both languages, a QR code to its follow page."""
    community = get_object_or_404(Community, slug=slug, is_active=True)
    context = {
        "community": community,
        "asks_contact": bool(selectors.asked_fields(selectors.contact_sharing_for(community))),
        "can_manage": can_manage_contact_sharing(request.user, community, request.edition),
        **_card_context(reverse("follows:community-follow", args=[community.slug])),
    }
    return render(request, "follows/community_card.html", context)


@require_safe
def track_card(request, pk):
    """A printable card (A6) for the track's room: both languages, a QR code to its follow page."""
    track = get_object_or_404(Track.objects.select_related("edition"), pk=pk)
    context = {
        "track": track,
        "communities": list(track.communities.filter(is_active=True)),
        **_card_context(reverse("follows:track-follow", args=[track.pk])),
    }
    return render(request, "follows/track_card.html", context)


# The follow pages the cards lead to


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def community_follow(request, slug):
    """Where a community card's QR code leads: follow in one tap (after logging in, which comes back
    here), and, if the community asks, share one's contact (a box never ticked in advance)."""
    community = get_object_or_404(Community, slug=slug, is_active=True)
    here = reverse("follows:community-follow", args=[community.slug])
    user = request.user
    if request.method == "POST":
        if not user.is_authenticated:
            return redirect_to_login(here)
        form = FollowCardForm(request.POST)
        share = form.is_valid() and form.cleaned_data["share"]
        already = community.pk in selectors.following_ids(user, "community")
        if already and not share:
            messages.info(request, _("Nothing changed: tick the box to share your contact."))
            return HttpResponseRedirect(here)
        try:
            services.follow_community_from_card(user=user, community=community, share=share)
        except ValidationError as error:
            messages.error(request, error.messages[0])
            return HttpResponseRedirect(here)
        if not already:
            messages.success(request, labels.done_message("community", True, str(community)))
        if share:
            messages.success(request, _("You share your contact with %(name)s.") % {"name": community})
        return HttpResponseRedirect(here)

    sharing = selectors.contact_sharing_for(community)
    asked = selectors.asked_fields(sharing)
    following = user.is_authenticated and community.pk in selectors.following_ids(user, "community")
    share = selectors.active_share(user, community)
    context = {
        "community": community,
        "following": following,
        "login_url": _login_url(here),
        "asked": asked,
        "asked_labels": [str(ShareField(name).label) for name in asked],
        "details": selectors.details_of(user, asked) if user.is_authenticated else [],
        "share": share,
        "shared_details": selectors.details_of(user, share.fields) if share else [],
        # Offered when the community asks and the person's share (if any) holds other details than asked now.
        "offer_share": bool(asked) and (share is None or share.fields != asked),
        "form": FollowCardForm(),
        "here": here,
    }
    return render(request, "follows/community_follow.html", context)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def track_follow(request, pk):
    """Where a track card's QR code leads: follow the track in one tap (after logging in)."""
    track = get_object_or_404(Track.objects.select_related("edition"), pk=pk)
    here = reverse("follows:track-follow", args=[track.pk])
    user = request.user
    if request.method == "POST":
        if not user.is_authenticated:
            return redirect_to_login(here)
        if track.pk not in selectors.following_ids(user, "track"):
            services.follow_track(user=user, track=track)
            messages.success(request, labels.done_message("track", True, str(track)))
        return HttpResponseRedirect(here)
    context = {
        "track": track,
        "communities": list(track.communities.filter(is_active=True)),
        "following": user.is_authenticated and track.pk in selectors.following_ids(user, "track"),
        "login_url": _login_url(here),
        "here": here,
    }
    return render(request, "follows/track_follow.html", context)


@login_required
@require_POST
def community_share_withdraw(request, slug):
    """Stop sharing one's contact with a community (from its follow page or "My follows")."""
    community = get_object_or_404(Community, slug=slug)
    back = safe_next(request, reverse("follows:mine"))
    if services.withdraw_contact_share(user=request.user, community=community) is not None:
        messages.success(
            request,
            _("You no longer share your contact with %(name)s. It is gone from their list and exports.")
            % {"name": community},
        )
    return HttpResponseRedirect(back)


# For the community's responsible persons and the organizing team


def _managed(request, slug) -> Community:
    community = get_object_or_404(Community, slug=slug)
    if not can_manage_contact_sharing(request.user, community, request.edition):
        raise PermissionDenied
    return community


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def contact_sharing_edit(request, slug):
    community = _managed(request, slug)
    sharing = selectors.contact_sharing_for(community)
    initial = {"is_enabled": sharing.is_enabled, "fields": sharing.fields} if sharing else {}
    form = ContactSharingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_sharing_update(
                community=community,
                is_enabled=form.cleaned_data["is_enabled"],
                fields=form.cleaned_data["fields"],
                by=request.user,
            )
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("Contact sharing is saved."))
            return redirect("follows:shared-contacts", community.slug)
    return render(request, "follows/contact_sharing_edit.html", {"community": community, "form": form})


@login_required
@require_safe
def shared_contacts(request, slug):
    community = _managed(request, slug)
    asked = selectors.asked_fields(selectors.contact_sharing_for(community))
    context = {
        "community": community,
        "asked_labels": [str(ShareField(name).label) for name in asked],
        "rows": selectors.shared_contacts(community),
    }
    response = render(request, "follows/shared_contacts.html", context)
    response["Cache-Control"] = PRIVATE
    return response


def _cell(value: str | None) -> str:
    return "" if value is None else value


@login_required
@require_safe
def shared_contacts_csv(request, slug):
    community = _managed(request, slug)
    header = [_("Name"), _("Email"), _("Phone"), _("Chat handle"), _("Shared at")]
    lines = (
        (
            _cell(row.name),
            _cell(row.email),
            _cell(row.phone),
            _cell(row.chat_handle),
            timezone.localtime(row.shared_at).strftime("%Y-%m-%d %H:%M"),
        )
        for row in selectors.shared_contacts(community)
    )
    response = csv_response(f"shared-contacts-{community.slug}.csv", header, lines)
    response["Cache-Control"] = PRIVATE
    return response
