"""Reads of the contact list: the edition's responsible persons and pending invitations, with the
contact details each person chose to share with the organizing team and nothing else."""

import datetime
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Count, F, Q

from accounts.models import User
from communities.models import Community, InvitationStatus, ResponsiblePerson, ResponsiblePersonInvitation
from editions.models import Edition
from schedule.models import Track

from .models import ContactListAccess, DeliveryStatus, MessageDelivery, ResponsiblePersonMessage

LOG_PER_PAGE = 50


@dataclass(frozen=True)
class ContactFilter:
    community: Community | None = None
    track: Track | None = None
    pending_only: bool = False
    not_logged_in: bool = False
    search: str = ""

    def as_dict(self) -> dict:
        """What the filter chose, for the audit log and for links that keep it."""
        chosen = {
            "community": self.community.slug if self.community else None,
            "track": self.track.pk if self.track else None,
            "pending": "1" if self.pending_only else None,
            "not_logged_in": "1" if self.not_logged_in else None,
            "q": self.search or None,
        }
        return {key: value for key, value in chosen.items() if value is not None}


@dataclass
class ContactRow:
    """One line of the list. `email`, `phone` and `chat_handle` are None when not shared, and the
    empty string when shared but not given."""

    community: Community
    name: str
    title: str
    email: str | None
    phone: str | None = None
    chat_handle: str | None = None
    person: ResponsiblePerson | None = None
    invitation: ResponsiblePersonInvitation | None = None
    last_login: datetime.datetime | None = None

    @property
    def is_pending(self) -> bool:
        return self.invitation is not None

    @property
    def has_logged_in_since_named(self) -> bool:
        return self.person is not None and self.last_login is not None and self.last_login >= self.person.named_at


def _person_row(person: ResponsiblePerson) -> ContactRow:
    user = person.user
    return ContactRow(
        community=person.community,
        name=user.public_name,
        title=person.display_title,
        email=user.email if user.share_email_with_staff else None,
        phone=user.phone if user.share_phone_with_staff else None,
        chat_handle=user.chat_handle if user.share_chat_with_staff else None,
        person=person,
        last_login=user.last_login,
    )


def _invitation_row(invitation: ResponsiblePersonInvitation) -> ContactRow:
    # Staff typed this address themselves when inviting; nothing else is known yet.
    return ContactRow(
        community=invitation.community,
        name=invitation.email,
        title=invitation.display_title,
        email=invitation.email,
        invitation=invitation,
    )


def _scoped(queryset, contact_filter: ContactFilter):
    if contact_filter.community is not None:
        queryset = queryset.filter(community=contact_filter.community)
    if contact_filter.track is not None:
        queryset = queryset.filter(community__tracks=contact_filter.track)
    return queryset


def contact_rows(*, edition: Edition, contact_filter: ContactFilter) -> list[ContactRow]:
    """The filtered list, by community name, then named persons before pending invitations. Two queries."""
    rows: list[ContactRow] = []
    if not contact_filter.pending_only:
        persons = _scoped(ResponsiblePerson.objects.filter(edition=edition), contact_filter).select_related(
            "user", "community"
        )
        if contact_filter.not_logged_in:
            persons = persons.filter(Q(user__last_login__isnull=True) | Q(user__last_login__lt=F("named_at")))
        if contact_filter.search:
            persons = persons.filter(user__display_name__icontains=contact_filter.search)
        rows += [_person_row(person) for person in persons.distinct().order_by("named_at", "pk")]
    invitations = _scoped(
        ResponsiblePersonInvitation.objects.filter(edition=edition, status=InvitationStatus.PENDING), contact_filter
    ).select_related("community")
    if contact_filter.search:
        invitations = invitations.filter(email__icontains=contact_filter.search)
    rows += [_invitation_row(invitation) for invitation in invitations.distinct().order_by("created_at", "pk")]
    rows.sort(key=lambda row: (str(row.community).casefold(), row.community.pk, row.is_pending))
    return rows


def group_by_community(rows: list[ContactRow]) -> list[tuple[Community, list[ContactRow]]]:
    grouped: list[tuple[Community, list[ContactRow]]] = []
    for row in rows:
        if grouped and grouped[-1][0].pk == row.community.pk:
            grouped[-1][1].append(row)
        else:
            grouped.append((row.community, [row]))
    return grouped


@dataclass
class Recipient:
    user: User
    communities: list[Community] = field(default_factory=list)


def message_recipients(rows: list[ContactRow]) -> list[Recipient]:
    """The named (not pending) active persons among the rows, once each, with their communities."""
    recipients: dict[int, Recipient] = {}
    for row in rows:
        if row.person is None or not row.person.user.is_active:
            continue
        recipient = recipients.setdefault(row.person.user_id, Recipient(user=row.person.user))
        recipient.communities.append(row.community)
    return sorted(recipients.values(), key=lambda recipient: recipient.user.public_name.casefold())


def filter_choices(*, edition: Edition) -> tuple[list[Community], list[Track]]:
    """Communities with a responsible person or an invitation in the edition, and its tracks."""
    communities = Community.objects.filter(
        Q(responsible_persons__edition=edition)
        | Q(invitations__edition=edition, invitations__status=InvitationStatus.PENDING)
    ).distinct()
    return (
        sorted(communities, key=lambda community: str(community).casefold()),
        list(Track.objects.filter(edition=edition).order_by("name")),
    )


def access_log(*, edition: Edition, page_number=1) -> Page:
    entries = ContactListAccess.objects.filter(edition=edition).select_related("user")
    return Paginator(entries, LOG_PER_PAGE).get_page(page_number)


def messages_sent(*, edition: Edition) -> list[ResponsiblePersonMessage]:
    return list(
        ResponsiblePersonMessage.objects.filter(edition=edition)
        .select_related("author")
        .annotate(
            recipient_count=Count("deliveries"),
            sent_count=Count("deliveries", filter=Q(deliveries__status=DeliveryStatus.SENT)),
            failed_count=Count("deliveries", filter=Q(deliveries__status=DeliveryStatus.FAILED)),
        )
    )


def deliveries_of(message: ResponsiblePersonMessage) -> list[MessageDelivery]:
    return list(message.deliveries.select_related("recipient").order_by("recipient__display_name", "pk"))
