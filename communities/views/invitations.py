"""The page an invitation email links to."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from ..models import InvitationStatus, ResponsiblePersonInvitation
from ..services.invitations import invitations_accept, verified_addresses


def _masked(email: str) -> str:
    local, _at, domain = email.partition("@")
    return f"{local[:2]}•••@{domain}"


def invitation_detail(request, token):
    invitation = get_object_or_404(
        ResponsiblePersonInvitation.objects.select_related("community", "edition"), token=token
    )
    user = request.user
    matches = user.is_authenticated and invitation.email.lower() in verified_addresses(user)
    if request.method == "POST" and matches and invitation.status == InvitationStatus.PENDING:
        invitations_accept(user=user)
        messages.success(
            request,
            _("You are now a responsible person of %(community)s for %(edition)s.")
            % {"community": invitation.community, "edition": invitation.edition},
        )
        return redirect("communities:mine")
    return render(
        request,
        "communities/invitation_detail.html",
        {"invitation": invitation, "masked_email": _masked(invitation.email), "matches": matches},
    )
