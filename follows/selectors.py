"""Reads for follows: who follows what, "My follows", the sessions in a person's calendar, overlaps."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from communities.models import Community
from core.markdown_fields import markdown_columns
from schedule.models import Session, Track
from volunteering.models import Task, TaskStatus

from .models import (
    CommunityFollow,
    ContactShare,
    ContactSharing,
    SessionChange,
    SessionStar,
    ShareField,
    TrackFollow,
    share_fields_in_order,
)


@dataclass(frozen=True)
class Kind:
    name: str
    model: type
    follow_model: type
    field: str  # the follow model's foreign key to the target


KINDS: dict[str, Kind] = {
    "community": Kind("community", Community, CommunityFollow, "community"),
    "track": Kind("track", Track, TrackFollow, "track"),
    "session": Kind("session", Session, SessionStar, "session"),
}


def kind_of(target) -> Kind:
    for kind in KINDS.values():
        if isinstance(target, kind.model):
            return kind
    raise TypeError(f"Nothing follows a {type(target).__name__}.")


def following_ids(user, kind: str) -> set[int]:
    """The ids of the communities, tracks or sessions (kind) the person follows or starred: one query."""
    if user is None or not user.is_authenticated:
        return set()
    spec = KINDS[kind]
    return set(spec.follow_model.objects.filter(user=user).values_list(f"{spec.field}_id", flat=True))


def follower_counts(kind: str, ids: Iterable[int]) -> dict[int, int]:
    """How many people follow (or starred) each of these targets, {id: count} with 0s: one query."""
    ids = list(ids)
    spec = KINDS[kind]
    counts = dict.fromkeys(ids, 0)
    if ids:
        rows = (
            spec.follow_model.objects.filter(**{f"{spec.field}_id__in": ids})
            .values_list(f"{spec.field}_id")
            .annotate(n=Count("id"))
            .order_by()
        )
        counts.update(dict(rows))
    return counts


def all_follower_counts(kind: str) -> dict[int, int]:
    """{id: count} for every target of the kind with a follower (or a star): one query."""
    spec = KINDS[kind]
    rows = spec.follow_model.objects.values_list(f"{spec.field}_id").annotate(n=Count("id")).order_by()
    return dict(rows)


def upcoming_open_tasks(*, edition, now=None) -> QuerySet[Task]:
    """Open one-day volunteer tasks of the edition that haven't started yet, soonest first."""
    now = now or timezone.now()
    return Task.objects.filter(edition=edition, status=TaskStatus.OPEN, starts_at__gt=now).order_by("starts_at", "pk")


def upcoming_sessions(*, now=None) -> QuerySet[Session]:
    now = now or timezone.now()
    return (
        Session.objects.filter(is_scheduled=True, starts_at__gte=now)
        .select_related("room")
        .order_by("starts_at", "room__position", "code")
    )


@dataclass
class MyFollows:
    communities: list = field(default_factory=list)  # each with .open_tasks (current edition)
    tracks: list = field(default_factory=list)  # each with .upcoming_sessions
    starred: list = field(default_factory=list)  # sessions, with .track, .room and .edition

    @property
    def is_empty(self) -> bool:
        return not (self.communities or self.tracks or self.starred)


# What My follows shows of a task and of a session (and the keys that tie them to their community, track
# and room): not their descriptions and abstracts, which were most of the bytes read.
MY_FOLLOWS_TASK_COLUMNS = ("pk", "community_id", "title", "starts_at")
MY_FOLLOWS_SESSION_COLUMNS = (
    "pk",
    "title",
    "starts_at",
    "ends_at",
    "is_scheduled",
    "track_id",
    "room__name",
    "room__name_zh_hant",
)


def my_follows(*, user, edition, now=None) -> MyFollows:
    """What the person follows and starred, in five queries whatever the numbers."""
    now = now or timezone.now()
    tasks = Task.objects.none() if edition is None else upcoming_open_tasks(edition=edition, now=now)
    tasks = tasks.only(*MY_FOLLOWS_TASK_COLUMNS)
    communities = list(
        Community.objects.filter(follows__user=user)
        .defer(*markdown_columns(Community))
        .prefetch_related(Prefetch("tasks", queryset=tasks, to_attr="open_tasks"))
        .order_by("name")
    )
    sessions = upcoming_sessions(now=now).only(*MY_FOLLOWS_SESSION_COLUMNS)
    tracks = list(
        Track.objects.filter(follows__user=user)
        .select_related("edition")
        .defer(*markdown_columns(Track))
        .prefetch_related(Prefetch("sessions", queryset=sessions, to_attr="upcoming_sessions"))
        .order_by("-edition__start_date", "name")
    )
    starred = list(
        Session.objects.filter(stars__user=user)
        .select_related("room")
        .only(*MY_FOLLOWS_SESSION_COLUMNS)
        .order_by("starts_at", "room__position", "code")
    )
    return MyFollows(communities=communities, tracks=tracks, starred=starred)


def calendar_sessions(user) -> QuerySet[Session]:
    """Scheduled sessions of the person's followed tracks and their starred sessions, each once: one query."""
    followed = TrackFollow.objects.filter(user=user).values("track_id")
    starred = SessionStar.objects.filter(user=user).values("session_id")
    return (
        Session.objects.filter(Q(track_id__in=followed) | Q(pk__in=starred))
        .filter(is_scheduled=True, starts_at__isnull=False, ends_at__isnull=False)
        .select_related("edition", "room")
        .order_by("starts_at", "code")
    )


def _calendar_titles_sql() -> str:
    sessions = Session._meta.db_table
    return (
        f'SELECT "title" FROM "{sessions}" WHERE "is_scheduled" = %s AND "starts_at" < %s AND "ends_at" > %s '
        f'AND ("track_id" IN (SELECT "track_id" FROM "{TrackFollow._meta.db_table}" WHERE "user_id" = %s) '
        f'OR "id" IN (SELECT "session_id" FROM "{SessionStar._meta.db_table}" WHERE "user_id" = %s)) '
        f'ORDER BY "starts_at", "code"'
    )


_CALENDAR_TITLES_SQL = _calendar_titles_sql()


def calendar_titles_between(user, starts_at, ends_at) -> list[str]:
    """Titles of calendar_sessions(user) overlapping [starts_at, ends_at): a fixed query, read by the
    sign-up box of every task page a person opens (the ORM took longer to build it than to run it)."""
    adapt = connection.ops.adapt_datetimefield_value
    with connection.cursor() as cursor:
        cursor.execute(_CALENDAR_TITLES_SQL, [True, adapt(ends_at), adapt(starts_at), user.pk, user.pk])
        return [title for (title,) in cursor.fetchall()]


def track_sessions(track) -> QuerySet[Session]:
    return (
        Session.objects.filter(track=track, is_scheduled=True, starts_at__isnull=False, ends_at__isnull=False)
        .select_related("edition", "room")
        .order_by("starts_at", "code")
    )


def community_sessions(community, *, edition) -> QuerySet[Session]:
    """Scheduled sessions of the community's tracks in the edition, each once."""
    if edition is None:
        return Session.objects.none()
    tracks = Track.objects.filter(edition=edition, communities=community).values("pk")
    return (
        Session.objects.filter(edition=edition, track_id__in=tracks, is_scheduled=True)
        .filter(starts_at__isnull=False, ends_at__isnull=False)
        .select_related("edition", "room")
        .order_by("starts_at", "code")
    )


def starred_overlaps(user, task) -> list[Session]:
    """Scheduled sessions the person starred or follows (by track) that overlap the task's time."""
    if user is None or not user.is_authenticated:
        return []
    return list(
        calendar_sessions(user).filter(starts_at__lt=task.ends_at, ends_at__gt=task.starts_at).select_related("track")
    )


@dataclass
class Digest:
    tasks: list = field(default_factory=list)  # new open tasks of followed communities/tracks
    changes: list = field(default_factory=list)  # SessionChange of starred/followed sessions

    @property
    def is_empty(self) -> bool:
        return not (self.tasks or self.changes)


def digest_for(user, *, since, now=None) -> Digest:
    """News for the person's digest since `since`: two queries.

    New tasks: open, not started, created after `since`, of a followed community or track.
    Session changes: moves and removals after `since` of sessions the person starred or follows by track.
    """
    now = now or timezone.now()
    communities = CommunityFollow.objects.filter(user=user).values("community_id")
    tracks = TrackFollow.objects.filter(user=user).values("track_id")
    tasks = list(
        Task.objects.filter(Q(community_id__in=communities) | Q(track_id__in=tracks))
        .filter(status=TaskStatus.OPEN, starts_at__gt=now, created_at__gt=since)
        .select_related("edition", "room")
        .order_by("starts_at", "pk")
    )
    starred = SessionStar.objects.filter(user=user).values("session_id")
    changes = list(
        SessionChange.objects.filter(Q(session__track_id__in=tracks) | Q(session_id__in=starred))
        .filter(created_at__gt=since)
        .select_related("session__edition", "session__room")
        .order_by("created_at", "pk")
    )
    return Digest(tasks=tasks, changes=changes)


# Follow codes and contact sharing


def contact_sharing_for(community) -> ContactSharing | None:
    return ContactSharing.objects.filter(community=community).first()


def asked_fields(sharing: ContactSharing | None) -> list[str]:
    """The details the community asks for now ([] when it doesn't ask)."""
    return share_fields_in_order(sharing.fields) if sharing is not None and sharing.is_open else []


def account_value(user, name: str) -> str:
    """One detail as the account holds it now."""
    return {
        ShareField.NAME: lambda: user.display_name,
        ShareField.EMAIL: lambda: user.email,
        ShareField.PHONE: lambda: user.phone,
        ShareField.CHAT_HANDLE: lambda: user.chat_handle,
    }[ShareField(name)]()


@dataclass(frozen=True)
class Detail:
    name: str
    label: str
    value: str


def details_of(user, fields: Iterable[str]) -> list[Detail]:
    """The person's own details for `fields`, as they would be shared (a value may be empty)."""
    return [
        Detail(name, str(ShareField(name).label), account_value(user, name)) for name in share_fields_in_order(fields)
    ]


def active_share(user, community) -> ContactShare | None:
    if user is None or not user.is_authenticated:
        return None
    return ContactShare.objects.filter(user=user, community=community, withdrawn_at__isnull=True).first()


def active_shares_of(user) -> list[ContactShare]:
    """The communities the person shares their contact with now, by community name: one query."""
    return list(
        ContactShare.objects.filter(user=user, withdrawn_at__isnull=True)
        .select_related("community")
        .order_by("community__name", "pk")
    )


@dataclass(frozen=True)
class SharedContact:
    """One person who shares their contact with the community: only the details they chose to share
    (None for a detail not shared), the values as their account holds them now."""

    name: str | None
    email: str | None
    phone: str | None
    chat_handle: str | None
    fields: tuple[str, ...]
    shared_at: object


def shared_contacts(community) -> list[SharedContact]:
    """Active shares with the community of people whose account is active, newest first: one query.
    Withdrawn shares are never in it."""
    shares = (
        ContactShare.objects.filter(community=community, withdrawn_at__isnull=True, user__is_active=True)
        .select_related("user")
        .order_by("-created_at", "-pk")
    )
    rows = []
    for share in shares:
        fields = tuple(share_fields_in_order(share.fields))
        values = {name: (account_value(share.user, name) if name in fields else None) for name in SHARE_FIELD_NAMES}
        rows.append(SharedContact(**values, fields=fields, shared_at=share.created_at))
    return rows


SHARE_FIELD_NAMES = tuple(choice.value for choice in ShareField)
