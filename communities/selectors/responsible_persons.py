"""Reads for naming responsible persons: the per-edition overview, carry-over proposals, and the
people search. Each answers in a fixed number of queries."""

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.db.models import Exists, OuterRef, Prefetch, Q

from accounts.models import User
from editions.models import Edition
from schedule.models import Track

from ..models import Community, InvitationStatus, ResponsiblePerson, ResponsiblePersonInvitation

PEOPLE_SEARCH_LIMIT = 20


def previous_edition(edition: Edition) -> Edition | None:
    """The edition before this one, whose responsible persons carry-over proposes."""
    return Edition.objects.filter(start_date__lt=edition.start_date).order_by("-start_date").first()


def edition_communities(*, edition: Edition, search: str = "", without_persons: bool = False) -> list[Community]:
    """Every active community, and every community with a track or a responsible person in the
    edition, each with `edition_persons`, `pending_invitations` and `edition_tracks`. Four queries."""
    persons = ResponsiblePerson.objects.filter(edition=edition).select_related("user").order_by("named_at", "pk")
    invitations = ResponsiblePersonInvitation.objects.filter(edition=edition, status=InvitationStatus.PENDING)
    communities = (
        Community.objects.annotate(
            has_track=Exists(Track.objects.filter(edition=edition, communities=OuterRef("pk"))),
            has_person=Exists(ResponsiblePerson.objects.filter(edition=edition, community=OuterRef("pk"))),
        )
        .filter(Q(is_active=True) | Q(has_track=True) | Q(has_person=True))
        .prefetch_related(
            Prefetch("responsible_persons", queryset=persons, to_attr="edition_persons"),
            Prefetch("invitations", queryset=invitations.order_by("created_at", "pk"), to_attr="pending_invitations"),
            Prefetch(
                "tracks", queryset=Track.objects.filter(edition=edition).order_by("name"), to_attr="edition_tracks"
            ),
        )
    )
    if search:
        communities = communities.filter(
            Q(name__icontains=search) | Q(name_zh_hant__icontains=search) | Q(slug__icontains=search)
        )
    if without_persons:
        communities = communities.filter(has_person=False)
    return sorted(communities, key=lambda community: str(community).casefold())


@dataclass
class CarryOverProposal:
    community: Community
    persons: list[ResponsiblePerson]


def carry_over_proposals(
    *, edition: Edition, community: Community | None = None, previous: Edition | None = None
) -> list[ResponsiblePerson]:
    """Last edition's responsible persons who are not yet named for this one (active accounts only),
    by community name. One query, or two when `previous` (the edition before) is not given."""
    previous = previous or previous_edition(edition)
    if previous is None:
        return []
    persons = (
        ResponsiblePerson.objects.filter(edition=previous, user__is_active=True)
        .exclude(
            Exists(
                ResponsiblePerson.objects.filter(
                    edition=edition, community=OuterRef("community"), user=OuterRef("user")
                )
            )
        )
        .select_related("user", "community", "edition")
        .order_by("community__name", "named_at", "pk")
    )
    if community is not None:
        persons = persons.filter(community=community)
    return list(persons)


def carry_over_by_community(proposals: list[ResponsiblePerson]) -> list[CarryOverProposal]:
    grouped: list[CarryOverProposal] = []
    for person in proposals:
        if grouped and grouped[-1].community.pk == person.community_id:
            grouped[-1].persons.append(person)
        else:
            grouped.append(CarryOverProposal(community=person.community, persons=[person]))
    return grouped


def people_search(query: str, *, limit: int = PEOPLE_SEARCH_LIMIT) -> list[User]:
    """Active people whose display name contains `query`, or whose address is exactly `query`.

    Only a whole address finds someone by email: a partial match would let staff read addresses
    people did not share by guessing letters."""
    query = query.strip()
    if not query:
        return []
    if "@" in query:
        condition = Q(email__iexact=query) | Q(
            Exists(EmailAddress.objects.filter(user=OuterRef("pk"), email__iexact=query, verified=True))
        )
    else:
        condition = Q(display_name__icontains=query)
    return list(User.objects.filter(condition, is_active=True).order_by("display_name", "pk")[:limit])
