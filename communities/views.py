from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from core.page_cache import PUBLIC_PAGES, cache_page
from editions.roles import ROLES

from . import selectors, services
from .forms import CommunityEditForm
from .models import Community
from .permissions import can_edit_community

SEARCH_MAX_LENGTH = 100


@cache_page(PUBLIC_PAGES, also=(ROLES,))
def directory(request):
    """Every community of this edition first, then the other active ones; `?q=` searches names and summaries."""
    search = request.GET.get("q", "").strip()[:SEARCH_MAX_LENGTH]
    taking_part, others = selectors.directory(edition=request.edition, search=search)
    return render(
        request,
        "communities/community_directory.html",
        {"taking_part": taking_part, "others": others, "search": search},
    )


@cache_page(PUBLIC_PAGES, also=(ROLES,))
def community_detail(request, slug):
    community = get_object_or_404(Community, slug=slug)
    edition = request.edition
    return render(
        request,
        "communities/community_detail.html",
        {
            "page": selectors.community_page(community=community, edition=edition, user=request.user),
            "community": community,
            "can_edit": can_edit_community(request.user, community, edition),
        },
    )


@login_required
def community_edit(request, slug):
    community = get_object_or_404(Community, slug=slug)
    fields = services.editable_fields(user=request.user, community=community, edition=request.edition)
    if not fields:
        raise PermissionDenied
    form = CommunityEditForm(request.POST or None, request.FILES or None, community=community, fields=fields)
    if request.method == "POST" and form.is_valid():
        try:
            services.community_update(
                community=community, data=form.cleaned_data, by=request.user, edition=request.edition
            )
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("The community page is saved."))
            return redirect(community)
    return render(request, "communities/community_edit.html", {"community": community, "form": form})
