"""Inviting a responsible person by email address. The invitation waits (pending) until someone logs
in with that address, by code or OAuth, and then becomes a ResponsiblePerson; staff may re-send or
withdraw it meanwhile."""

import datetime

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.queue import enqueue_with
from editions.models import Edition

from ..models import Community, InvitationStatus, ResponsiblePerson, ResponsiblePersonInvitation

# A second click on "re-send" within this time sends nothing more.
RESEND_INTERVAL = datetime.timedelta(minutes=1)


def _queue_email(invitation: ResponsiblePersonInvitation) -> None:
    from ..tasks import email_invitation

    enqueue_with(email_invitation, invitation.pk)


def verified_addresses(user) -> set[str]:
    """Addresses this person has proven they own, lower-cased. The account's own address counts
    unless allauth knows it and has not verified it (accounts made in the backstage have no record)."""
    records = {record.email.lower(): record.verified for record in EmailAddress.objects.filter(user=user)}
    addresses = {email for email, verified in records.items() if verified}
    if user.email and records.get(user.email.lower(), True):
        addresses.add(user.email.lower())
    return addresses


def _account_for(email: str) -> User | None:
    return (
        User.objects.filter(email__iexact=email).first()
        or User.objects.filter(emailaddress__email__iexact=email, emailaddress__verified=True).first()
    )


def invitation_account_exists(invitation: ResponsiblePersonInvitation) -> bool:
    return _account_for(invitation.email) is not None


@transaction.atomic
def invitation_create(
    *,
    community: Community,
    edition: Edition,
    email: str,
    by,
    language: str,
    title: str = "",
    title_zh_hant: str = "",
    is_public: bool = True,
) -> ResponsiblePersonInvitation:
    """Invite the address and email it; raises ValidationError when that person is already named or
    already has a pending invitation for the community and edition."""
    email = email.strip()
    account = _account_for(email)
    if (
        account is not None
        and ResponsiblePerson.objects.filter(community=community, edition=edition, user=account).exists()
    ):
        raise ValidationError(
            _("The person with this address is already a responsible person of %(community)s.")
            % {"community": community}
        )
    if ResponsiblePersonInvitation.objects.filter(
        community=community, edition=edition, status=InvitationStatus.PENDING, email__iexact=email
    ).exists():
        raise ValidationError(
            _("This address already has a pending invitation for %(community)s: re-send it instead.")
            % {"community": community}
        )
    invitation = ResponsiblePersonInvitation(
        community=community,
        edition=edition,
        email=email,
        title=title,
        title_zh_hant=title_zh_hant,
        is_public=is_public,
        language=(account.preferred_language if account and account.preferred_language else language),
        invited_by=by if getattr(by, "is_authenticated", False) else None,
        last_sent_at=timezone.now(),
        send_count=1,
    )
    invitation.full_clean(exclude=["invited_by", "token"])
    invitation.save()
    _queue_email(invitation)
    return invitation


@transaction.atomic
def invitation_resend(*, invitation: ResponsiblePersonInvitation) -> bool:
    """Send the invitation again; False (nothing sent) when it was sent less than a minute ago."""
    invitation = ResponsiblePersonInvitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.status != InvitationStatus.PENDING:
        raise ValidationError(_("This invitation was already accepted or withdrawn."))
    now = timezone.now()
    if invitation.last_sent_at and now - invitation.last_sent_at < RESEND_INTERVAL:
        return False
    invitation.last_sent_at = now
    invitation.send_count += 1
    invitation.save(update_fields=["last_sent_at", "send_count"])
    _queue_email(invitation)
    return True


@transaction.atomic
def invitation_withdraw(*, invitation: ResponsiblePersonInvitation) -> None:
    updated = ResponsiblePersonInvitation.objects.filter(pk=invitation.pk, status=InvitationStatus.PENDING).update(
        status=InvitationStatus.WITHDRAWN, closed_at=timezone.now()
    )
    if not updated:
        raise ValidationError(_("This invitation was already accepted or withdrawn."))


@transaction.atomic
def invitations_accept(*, user) -> list[ResponsiblePerson]:
    """Turn every pending invitation for an address this person has proven into a responsibility.
    Called when someone logs in and when a logged-in person opens their invitation."""
    if not user.is_authenticated or not user.is_active:
        return []
    addresses = verified_addresses(user)
    if not addresses:
        return []
    pending = list(
        ResponsiblePersonInvitation.objects.select_for_update()
        .annotate(email_lower=Lower("email"))
        .filter(status=InvitationStatus.PENDING, email_lower__in=addresses)
        .select_related("community", "edition")
        .order_by("pk")
    )
    named = []
    now = timezone.now()
    for invitation in pending:
        person, _created = ResponsiblePerson.objects.get_or_create(
            community=invitation.community,
            edition=invitation.edition,
            user=user,
            defaults={
                "title": invitation.title,
                "title_zh_hant": invitation.title_zh_hant,
                "is_public": invitation.is_public,
                "named_by": invitation.invited_by,
                "named_at": now,
            },
        )
        invitation.status, invitation.accepted_by, invitation.closed_at = InvitationStatus.ACCEPTED, user, now
        invitation.save(update_fields=["status", "accepted_by", "closed_at"])
        named.append(person)
    return named
