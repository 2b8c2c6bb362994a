"""The page an invitation email links to."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts.models import mask_email

from ..models import InvitationStatus, ResponsiblePersonInvitation
from ..services.invitations import invitation_account_exists, invitations_accept, verified_addresses


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
    # A newcomer has no account yet: logging in by code would only email them a sign-up hint.
    has_account = not user.is_authenticated and invitation_account_exists(invitation)
    return render(
        request,
        "communities/invitation_detail.html",
        {
            "invitation": invitation,
            "masked_email": mask_email(invitation.email),
            "matches": matches,
            "has_account": has_account,
        },
    )
