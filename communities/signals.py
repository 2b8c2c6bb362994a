"""Invitations turn into responsibilities when the invited person logs in (by code or OAuth)."""

from django.contrib import messages
from django.utils.translation import gettext as _


def accept_invitations_on_login(sender, request, user, **kwargs):
    from .services.invitations import invitations_accept

    for person in invitations_accept(user=user):
        if request is not None:
            messages.success(
                request,
                _("You are now a responsible person of %(community)s for %(edition)s: see “My communities”.")
                % {"community": person.community, "edition": person.edition},
                fail_silently=True,  # logins without the messages middleware (tests, scripts) still name them
            )
