"""The community directory and pages, for everyone."""

from django.shortcuts import get_object_or_404, render

from core.page_cache import cache_page
from core.params import text_param
from editions.roles import ROLES

from ..cards import community_cards
from ..models import Community
from ..permissions import can_edit_community
from ..selectors import pages as selectors

SEARCH_MAX_LENGTH = 100


@cache_page(also=(ROLES,))
def directory(request):
    """Every community of this edition first, then the other active ones; `?q=` searches names and summaries."""
    search = text_param(request.GET, "q", max_length=SEARCH_MAX_LENGTH)
    taking_part, others = selectors.directory(edition=request.edition, search=search)
    context = {
        "taking_part": taking_part,
        "others": others,
        "taking_part_cards": community_cards(taking_part, show_tracks=True),
        "others_cards": community_cards(others),
        "search": search,
    }
    return render(request, "communities/community_directory.html", context)


@cache_page(also=(ROLES,))
def community_detail(request, slug):
    community = get_object_or_404(Community, slug=slug)
    edition = request.edition
    return render(
        request,
        "communities/community_detail.html",
        {
            "page": selectors.community_page(community=community, edition=edition),
            "community": community,
            "can_edit": can_edit_community(request.user, community, edition),
        },
    )
