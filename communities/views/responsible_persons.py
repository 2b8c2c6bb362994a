"""Staff pages that name each community's responsible persons for an edition: add an account or
invite an address, carry last edition's persons over one by one, change titles, remove."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.models import User
from core.params import slug_param, text_param
from editions.models import Edition

from ..models import Community, InvitationStatus, ResponsiblePerson, ResponsiblePersonInvitation
from ..permissions import can_manage_responsible_persons
from ..responsible_person_forms import (
    CarryOverForm,
    InvitationForm,
    NamePersonForm,
    PeopleSearchForm,
    ResponsiblePersonForm,
)
from ..selectors import responsible_persons as selectors
from ..services import invitations as invitation_services
from ..services import responsible_persons as services

# These pages belong with the contact list in the header ("Community contact").
NAV_SECTION = "contact"


def edition_staff_required(view):
    """The edition from the address, for people who may name its responsible persons."""

    @wraps(view)
    @login_required
    def wrapped(request, edition_slug, *args, **kwargs):
        edition = get_object_or_404(Edition, slug=edition_slug)
        if not can_manage_responsible_persons(request.user, edition):
            raise PermissionDenied
        return view(request, edition, *args, **kwargs)

    return wrapped


def _object_for_staff(request, model, pk, **lookups):
    """A responsible person or an invitation, if this person may manage its edition."""
    obj = get_object_or_404(model.objects.select_related("community", "edition"), pk=pk, **lookups)
    if not can_manage_responsible_persons(request.user, obj.edition):
        raise PermissionDenied
    return obj


def _overview_url(edition: Edition, community: Community | None = None) -> str:
    url = reverse("communities:responsible-persons", args=[edition.slug])
    return f"{url}#community-{community.slug}" if community is not None else url


@login_required
def current_edition_overview(request):
    if request.edition is None or not can_manage_responsible_persons(request.user, request.edition):
        raise PermissionDenied
    return redirect("communities:responsible-persons", edition_slug=request.edition.slug)


@edition_staff_required
def overview(request, edition):
    search = text_param(request.GET, "q", max_length=100)
    without_persons = request.GET.get("without") == "1"
    communities = selectors.edition_communities(edition=edition, search=search, without_persons=without_persons)
    previous = selectors.previous_edition(edition)
    proposals = selectors.carry_over_proposals(edition=edition, previous=previous) if previous else []
    proposed: dict[int, int] = {}
    for person in proposals:
        proposed[person.community_id] = proposed.get(person.community_id, 0) + 1
    for community in communities:
        community.carry_over_count = proposed.get(community.pk, 0)
    counts = ResponsiblePerson.objects.filter(edition=edition).aggregate(
        persons=Count("pk"), communities=Count("community", distinct=True)
    )
    return render(
        request,
        "communities/responsible_persons.html",
        {
            "managed_edition": edition,
            "nav_section": NAV_SECTION,
            "communities": communities,
            "search": search,
            "without_persons": without_persons,
            "previous_edition": previous,
            "carry_over_count": len(proposals),
            "counts": counts,
            "pending_count": ResponsiblePersonInvitation.objects.filter(
                edition=edition, status=InvitationStatus.PENDING
            ).count(),
        },
    )


@edition_staff_required
def person_add(request, edition, community_slug):
    community = get_object_or_404(Community, slug=community_slug)
    search_form = PeopleSearchForm(request.GET or None)
    query = search_form.cleaned_data["q"] if search_form.is_valid() else ""
    results = selectors.people_search(query) if query else []
    action = request.POST.get("action")
    name_form = NamePersonForm(request.POST if action == "name" else None, initial={"is_public": True})
    invite_form = InvitationForm(request.POST if action == "invite" else None, initial={"is_public": True})
    if action == "name" and name_form.is_valid():
        user = User.objects.filter(pk=name_form.cleaned_data["user"]).first()
        if user is None:
            name_form.add_error(None, _("Choose a person from the search results."))
        else:
            try:
                services.responsible_person_name(
                    community=community,
                    edition=edition,
                    user=user,
                    by=request.user,
                    title=name_form.cleaned_data["title"],
                    title_zh_hant=name_form.cleaned_data["title_zh_hant"],
                    is_public=name_form.cleaned_data["is_public"],
                )
            except ValidationError as error:
                name_form.add_error(None, error.messages[0])
            else:
                messages.success(
                    request,
                    _("%(name)s is now a responsible person of %(community)s.")
                    % {"name": user.public_name, "community": community},
                )
                return redirect(_overview_url(edition, community))
    if action == "invite" and invite_form.is_valid():
        try:
            invitation_services.invitation_create(
                community=community, edition=edition, by=request.user, **invite_form.cleaned_data
            )
        except ValidationError as error:
            invite_form.add_error(None, error.messages[0])
        else:
            messages.success(
                request,
                _("An invitation is on its way to %(email)s. It stays pending until they log in with that address.")
                % {"email": invite_form.cleaned_data["email"]},
            )
            return redirect(_overview_url(edition, community))
    return render(
        request,
        "communities/responsible_person_add.html",
        {
            "managed_edition": edition,
            "nav_section": NAV_SECTION,
            "community": community,
            "search_form": search_form,
            "query": query,
            "results": results,
            "name_form": name_form,
            "invite_form": invite_form,
        },
    )


@edition_staff_required
def carry_over(request, edition):
    community = None
    if request.GET.get("community"):
        community = get_object_or_404(Community, slug=slug_param(request.GET, "community"))
    previous = selectors.previous_edition(edition)
    proposals = selectors.carry_over_proposals(edition=edition, community=community, previous=previous)
    form = CarryOverForm(request.POST if request.method == "POST" else None, proposals=proposals)
    if request.method == "POST" and form.is_valid():
        try:
            named = services.carry_over(
                edition=edition, previous_person_ids=form.cleaned_data["persons"], by=request.user, community=community
            )
        except ValidationError as error:
            form.add_error(None, error.messages[0])
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)d person named for %(edition)s.", "%(count)d persons named for %(edition)s.", len(named)
                )
                % {"count": len(named), "edition": edition},
            )
            return redirect(_overview_url(edition, community))
    return render(
        request,
        "communities/responsible_persons_carry_over.html",
        {
            "managed_edition": edition,
            "nav_section": NAV_SECTION,
            "community": community,
            "previous_edition": previous,
            "groups": selectors.carry_over_by_community(proposals),
            "form": form,
        },
    )


@login_required
def person_edit(request, pk):
    person = _object_for_staff(request, ResponsiblePerson, pk)
    form = ResponsiblePersonForm(request.POST if request.method == "POST" else None, instance=person)
    if request.method == "POST" and form.is_valid():
        services.responsible_person_update(person=person, **form.cleaned_data)
        messages.success(request, _("Saved."))
        return redirect(_overview_url(person.edition, person.community))
    return render(
        request,
        "communities/responsible_person_edit.html",
        {"person": person, "form": form, "nav_section": NAV_SECTION},
    )


@login_required
def person_remove(request, pk):
    person = _object_for_staff(request, ResponsiblePerson, pk)
    if request.method == "POST":
        services.responsible_person_remove(person=person)
        messages.success(
            request,
            _("%(name)s is no longer a responsible person of %(community)s.")
            % {"name": person.user.public_name, "community": person.community},
        )
        return redirect(_overview_url(person.edition, person.community))
    return render(request, "communities/responsible_person_remove.html", {"person": person, "nav_section": NAV_SECTION})


@login_required
@require_POST
def invitation_resend(request, pk):
    invitation = _object_for_staff(request, ResponsiblePersonInvitation, pk)
    try:
        sent = invitation_services.invitation_resend(invitation=invitation)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        if sent:
            messages.success(request, _("The invitation was sent again to %(email)s.") % {"email": invitation.email})
        else:
            messages.info(request, _("The invitation was sent less than a minute ago; nothing more was sent."))
    return redirect(_overview_url(invitation.edition, invitation.community))


@login_required
@require_POST
def invitation_withdraw(request, pk):
    invitation = _object_for_staff(request, ResponsiblePersonInvitation, pk)
    try:
        invitation_services.invitation_withdraw(invitation=invitation)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("The invitation to %(email)s was withdrawn.") % {"email": invitation.email})
    return redirect(_overview_url(invitation.edition, invitation.community))
