"""Participation figures, per edition, for its organizing team (staff of that edition) and superusers:
the page with its charts and tables, and the same figures as CSV."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render

from editions.models import Edition
from editions.roles import is_staff

from .exports import figures_csv
from .report import edition_report
from .selectors import figure_editions

# Staff only; the figures name no one, but they are not for shared caches either.
PRIVATE = "private, no-store"


def edition_staff_required(view):
    """The edition from the address, for its staff and superusers; others get 403, visitors the login."""

    @wraps(view)
    @login_required
    def wrapped(request, edition_slug, *args, **kwargs):
        edition = get_object_or_404(Edition, slug=edition_slug)
        if not is_staff(request.user, edition):
            raise PermissionDenied
        return view(request, edition, *args, **kwargs)

    return wrapped


@login_required
def figures_index(request):
    """The current edition's figures, or else the latest edition's the person may see."""
    editions = figure_editions(request.user)
    if not editions:
        raise PermissionDenied
    current = next((edition for edition in editions if edition == request.edition), editions[0])
    return redirect("figures:edition", edition_slug=current.slug)


@edition_staff_required
def figures_edition(request, edition):
    response = render(
        request,
        "figures/edition_figures.html",
        {
            "report": edition_report(edition=edition),
            "shown_edition": edition,
            "editions": figure_editions(request.user),
        },
    )
    response["Cache-Control"] = PRIVATE
    return response


@edition_staff_required
def figures_edition_csv(request, edition):
    response = figures_csv(edition_report(edition=edition), filename=f"participation-figures-{edition.slug}.csv")
    response["Cache-Control"] = PRIVATE
    return response
