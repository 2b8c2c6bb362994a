"""Background jobs of the communities app (Django tasks framework; ids only as arguments)."""

from django.urls import reverse
from django_tasks import task

from core.mail import send_in_language
from core.urls import absolute_url

from .models import InvitationStatus, ResponsiblePersonInvitation


@task()
def email_invitation(invitation_id: int) -> None:
    """The invitation email, in the language staff chose (or the invitee's own, when they have an
    account). Nothing is sent for an invitation withdrawn or accepted meanwhile."""
    invitation = (
        ResponsiblePersonInvitation.objects.select_related("community", "edition", "invited_by")
        .filter(pk=invitation_id, status=InvitationStatus.PENDING)
        .first()
    )
    if invitation is None:
        return
    send_in_language(
        invitation.email,
        invitation.language,
        "communities/email/invitation",
        {
            "invitation": invitation,
            "invitation_url": absolute_url(invitation.get_absolute_url()),
            "manual_url": absolute_url(reverse("manual:page", args=["community-page"])),
        },
    )
