"""What a responsible person's backstage ("My communities") shows."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from editions.models import Edition
from schedule.models import Session, Track
from volunteering import selectors as volunteering_selectors
from volunteering.models import Task, TaskStatus

from ..models import Community
from ..permissions import responsible_community_ids

UPCOMING_SESSIONS_PER_TRACK = 5
# A phone screen's worth each; "Tasks I manage" lists them all.
OPEN_TASKS_SHOWN = 15
PAST_TASKS_SHOWN = 10


@dataclass
class CommunityBackstage:
    community: Community
    follower_count: int
    tracks: list[Track] = field(default_factory=list)  # each with `upcoming_sessions`
    open_tasks: list[Task] = field(default_factory=list)  # the soonest OPEN_TASKS_SHOWN
    open_task_count: int = 0
    past_tasks: list[Task] = field(default_factory=list)  # the latest PAST_TASKS_SHOWN
    past_task_count: int = 0


def my_communities(*, user, edition: Edition, now: datetime.datetime | None = None) -> list[CommunityBackstage]:
    """The communities this person is responsible for in the edition, with their followers, tracks and
    upcoming sessions, open and past tasks with places filled. Four queries, however many communities."""
    ids = responsible_community_ids(user, edition)
    if not ids:
        return []
    now = now or timezone.now()
    upcoming = (
        Session.objects.filter(is_scheduled=True, starts_at__isnull=False)
        .filter(Q(ends_at__gt=now) | Q(ends_at__isnull=True, starts_at__gte=now))
        .select_related("room")
        .order_by("starts_at", "pk")
    )
    communities = (
        Community.objects.filter(pk__in=ids)
        .annotate(follower_count=Count("follows", distinct=True))
        .prefetch_related(
            Prefetch(
                "tracks",
                queryset=Track.objects.filter(edition=edition)
                .order_by("name")
                .prefetch_related(Prefetch("sessions", queryset=upcoming, to_attr="upcoming_sessions")),
                to_attr="edition_tracks",
            )
        )
    )
    # Only what the list shows: a busy community has hundreds of tasks over a few editions' time.
    tasks = volunteering_selectors.with_place_counts(
        Task.objects.filter(edition=edition, community_id__in=ids).only(
            "pk", "title", "status", "starts_at", "ends_at", "headcount", "signup_opens_at", "community_id"
        )
    ).order_by("starts_at", "pk")
    by_community: dict[int, list[Task]] = {}
    for task in volunteering_selectors.decorate(tasks, now):
        by_community.setdefault(task.community_id, []).append(task)
    pages = []
    for community in sorted(communities, key=lambda community: str(community).casefold()):
        own = by_community.get(community.pk, [])
        past = [task for task in own if task.ends_at <= now or task.status == TaskStatus.CANCELLED][::-1]
        upcoming = [task for task in own if task.ends_at > now and task.status != TaskStatus.CANCELLED]
        for track in community.edition_tracks:
            track.upcoming_sessions = track.upcoming_sessions[:UPCOMING_SESSIONS_PER_TRACK]
        pages.append(
            CommunityBackstage(
                community=community,
                follower_count=community.follower_count,
                tracks=community.edition_tracks,
                open_tasks=upcoming[:OPEN_TASKS_SHOWN],
                open_task_count=len(upcoming),
                past_tasks=past[:PAST_TASKS_SHOWN],
                past_task_count=len(past),
            )
        )
    return pages
