"""Participation figures of one edition, for its organizing team.

Every figure is aggregated in the database: a fixed number of queries whatever the number of tasks,
sign-ups, ledger entries, rewards or communities (tests/figures/test_selectors.py counts them at two
sizes). The words follow DESIGN.md:

- a **one-day volunteer** of an edition is a person with a confirmed or completed sign-up on one of its
  tasks (a cancelled task cancels its sign-ups, so its people do not count);
- a task is **posted** when it is open or closed (not a draft, not cancelled), and **filled** when
  every place is taken (confirmed, completed and no-show sign-ups hold a place);
- sign-ups are **due** once they have an outcome (completed, no-show) or their task has ended while
  they are still confirmed ("not marked yet"); the completion and no-show rates are shares of those;
- a **contact share** counts while it is active (not withdrawn) and its person's account is, as in the
  community's own list of people who shared;
- a volunteer **returned** when they were a one-day volunteer of an earlier edition (an earlier first day);
- **points earned** are the net completion credits (undone completions subtract), **redeemed** the net
  redemption debits (voided redemptions give back); adjustments by the desk are counted apart.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from communities.models import Community, ResponsiblePerson
from editions.models import Edition, EditionRole, RoleKind
from editions.roles import is_superuser
from editions.selectors import all_editions
from follows.models import CommunityFollow, ContactShare
from points.models import EntryKind, PointsEntry, RedemptionItem, Reward
from schedule.models import Track
from volunteering.models import PLACE_HOLDING, SignUp, SignUpStatus, Task, TaskStatus

POSTED = (TaskStatus.OPEN, TaskStatus.CLOSED)
# The statuses that make a person a one-day volunteer of the task's edition.
VOLUNTEERED = (SignUpStatus.CONFIRMED, SignUpStatus.COMPLETED)


def _rate(part: int, whole: int) -> float | None:
    return None if not whole else part / whole


@dataclass(frozen=True)
class Summary:
    tasks_posted: int
    tasks_filled: int
    tasks_cancelled: int
    places_offered: int
    places_taken: int
    volunteers: int
    completed: int
    no_shows: int
    not_marked: int
    points_earned: int
    points_redeemed: int
    points_adjusted: int
    volunteers_following: int
    volunteers_sharing: int
    volunteers_returning: int

    @property
    def due(self) -> int:
        return self.completed + self.no_shows + self.not_marked

    @property
    def completion_rate(self) -> float | None:
        return _rate(self.completed, self.due)

    @property
    def no_show_rate(self) -> float | None:
        return _rate(self.no_shows, self.due)

    @property
    def not_marked_rate(self) -> float | None:
        return _rate(self.not_marked, self.due)

    @property
    def fill_rate(self) -> float | None:
        return _rate(self.tasks_filled, self.tasks_posted)

    @property
    def points_held(self) -> int:
        """What volunteers still hold: the edition's ledger sum."""
        return self.points_earned - self.points_redeemed + self.points_adjusted


@dataclass(frozen=True)
class CommunityFigures:
    community: Community
    tasks: int
    volunteers: int
    completions: int
    returning: int  # of its one-day volunteers, those who volunteered in an earlier edition too
    followers: int
    shares: int


@dataclass(frozen=True)
class RewardFigures:
    reward: Reward
    handed_out: int

    @property
    def left(self) -> int | None:
        """The stock left (the desk lowers it at each redemption); None means unlimited."""
        return self.reward.stock


def contact_shares() -> QuerySet:
    """Contact shares that count: not withdrawn, of an active account (follows.selectors.shared_contacts
    lists the same for a community's responsible persons)."""
    return ContactShare.objects.filter(withdrawn_at__isnull=True, user__is_active=True)


def _count(queryset: QuerySet, group: str, field: str = "pk", *, distinct: bool = False):
    """COUNT of a subquery correlated on `group` (one row per outer row), 0 when nothing matches."""
    counted = queryset.order_by().values(group).annotate(n=Count(field, distinct=distinct)).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def _task_figures(edition: Edition) -> dict:
    taken = _count(SignUp.objects.filter(task=OuterRef("pk"), status__in=PLACE_HOLDING), "task")
    posted = Q(status__in=POSTED)
    return (
        Task.objects.filter(edition=edition)
        .annotate(taken=taken)
        .aggregate(
            tasks_posted=Count("pk", filter=posted),
            tasks_filled=Count("pk", filter=posted & Q(taken__gte=F("headcount"))),
            tasks_cancelled=Count("pk", filter=Q(status=TaskStatus.CANCELLED)),
            places_offered=Coalesce(Sum("headcount", filter=posted), 0),
            places_taken=Coalesce(Sum("taken", filter=posted), 0),
        )
    )


def _earlier_volunteering(edition: Edition) -> QuerySet:
    """The outer sign-up's person volunteered in an edition with an earlier first day."""
    return SignUp.objects.filter(
        user=OuterRef("user_id"), status__in=VOLUNTEERED, task__edition__start_date__lt=edition.start_date
    )


def _sign_up_figures(edition: Edition, now: datetime.datetime) -> dict:
    volunteered = Q(status__in=VOLUNTEERED)
    earlier = _earlier_volunteering(edition)
    follows = CommunityFollow.objects.filter(user=OuterRef("user_id"))
    shares = contact_shares().filter(user=OuterRef("user_id"))
    return SignUp.objects.filter(task__edition=edition).aggregate(
        volunteers=Count("user", distinct=True, filter=volunteered),
        volunteers_returning=Count("user", distinct=True, filter=volunteered & Q(Exists(earlier))),
        volunteers_following=Count("user", distinct=True, filter=volunteered & Q(Exists(follows))),
        completed=Count("pk", filter=Q(status=SignUpStatus.COMPLETED)),
        no_shows=Count("pk", filter=Q(status=SignUpStatus.NO_SHOW)),
        not_marked=Count("pk", filter=Q(status=SignUpStatus.CONFIRMED, task__ends_at__lte=now)),
        volunteers_sharing=Count("user", distinct=True, filter=volunteered & Q(Exists(shares))),
    )


def _points_figures(edition: Edition) -> dict:
    figures = PointsEntry.objects.filter(edition=edition).aggregate(
        points_earned=Coalesce(Sum("amount", filter=Q(sign_up__isnull=False)), 0),
        points_redeemed=Coalesce(Sum("amount", filter=Q(redemption__isnull=False)), 0),
        points_adjusted=Coalesce(Sum("amount", filter=Q(kind=EntryKind.ADJUSTMENT)), 0),
    )
    figures["points_redeemed"] = -figures["points_redeemed"]
    return figures


def edition_summary(*, edition: Edition, now: datetime.datetime | None = None) -> Summary:
    """The edition's figures in three queries (tasks, sign-ups, points ledger)."""
    now = now or timezone.now()
    return Summary(**_task_figures(edition), **_sign_up_figures(edition, now), **_points_figures(edition))


def community_figures(*, edition: Edition) -> list[CommunityFigures]:
    """One row per community taking part in the edition (a posted task, a track or a responsible person
    in it), most volunteers first; one query."""
    tasks = Task.objects.filter(edition=edition, community=OuterRef("pk"))
    sign_ups = SignUp.objects.filter(task__edition=edition, task__community=OuterRef("pk"))
    annotations = {
        "task_count": _count(tasks.filter(status__in=POSTED), "community"),
        "volunteer_count": _count(sign_ups.filter(status__in=VOLUNTEERED), "task__community", "user", distinct=True),
        "completion_count": _count(sign_ups.filter(status=SignUpStatus.COMPLETED), "task__community"),
        "returning_count": _count(
            sign_ups.filter(status__in=VOLUNTEERED).filter(Exists(_earlier_volunteering(edition))),
            "task__community",
            "user",
            distinct=True,
        ),
        "follower_count": _count(CommunityFollow.objects.filter(community=OuterRef("pk")), "community"),
        "share_count": _count(contact_shares().filter(community=OuterRef("pk")), "community"),
    }
    taking_part = (
        Q(Exists(tasks.filter(status__in=POSTED)))
        | Q(Exists(Track.objects.filter(edition=edition, communities=OuterRef("pk"))))
        | Q(Exists(ResponsiblePerson.objects.filter(edition=edition, community=OuterRef("pk"))))
    )
    communities = Community.objects.filter(taking_part).annotate(**annotations).order_by("-volunteer_count", "name")
    return [
        CommunityFigures(
            community=community,
            tasks=community.task_count,
            volunteers=community.volunteer_count,
            completions=community.completion_count,
            returning=community.returning_count,
            followers=community.follower_count,
            shares=community.share_count,
        )
        for community in communities
    ]


def reward_figures(*, edition: Edition) -> list[RewardFigures]:
    """The edition's rewards with how many were handed out (voided redemptions not counted) and the
    stock left; one query."""
    handed_out = (
        RedemptionItem.objects.filter(reward=OuterRef("pk"), redemption__voided_at__isnull=True)
        .order_by()
        .values("reward")
        .annotate(n=Sum("quantity"))
        .values("n")
    )
    rewards = Reward.objects.filter(edition=edition).annotate(
        handed_out=Coalesce(Subquery(handed_out, output_field=IntegerField()), Value(0))
    )
    return [RewardFigures(reward=reward, handed_out=reward.handed_out) for reward in rewards]


def figure_editions(user) -> list[Edition]:
    """The editions whose figures the person may see, latest first: those they are staff of (all, for
    superusers). One query at most (the editions themselves come from the cache)."""
    editions = all_editions()
    if is_superuser(user):
        return editions
    if not user.is_authenticated or not user.is_active:
        return []
    staff_of = set(EditionRole.objects.filter(user=user, kind=RoleKind.STAFF).values_list("edition_id", flat=True))
    return [edition for edition in editions if edition.pk in staff_of]
