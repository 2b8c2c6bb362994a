"""A responsible person's backstage: "My communities"."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render

from ..permissions import is_responsible_person
from ..selectors.backstage import my_communities as my_communities_selector


@login_required
def my_communities(request):
    edition = request.edition
    if edition is None:
        raise Http404
    if not is_responsible_person(request.user, edition):
        raise PermissionDenied
    return render(
        request,
        "communities/my_communities.html",
        {"communities": my_communities_selector(user=request.user, edition=edition)},
    )
