"""Reads of the one-day volunteer board: which tasks, how many places, and where a person stands.

Every function here answers in a fixed number of queries, whatever the number of tasks or sign-ups:
place counts are annotated, related rows are joined, waitlist positions are counted in SQL.
"""

import datetime
import itertools
from dataclasses import dataclass
from types import SimpleNamespace

from django.db import connection
from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, ExtractHour
from django.utils import timezone

from communities.models import Community
from core.i18n import localized
from core.markdown_fields import markdown_columns
from editions.selectors import all_editions
from points.models import PointsEntry
from schedule.models import Track

from . import services
from .models import PLACE_HOLDING, SignUp, SignUpStatus, Task, TaskStatus

BOARD_STATUSES = (TaskStatus.OPEN, TaskStatus.CLOSED)


class BoardWhen:
    """Which part of the edition the board shows: this year's board opens on what is still to come."""

    UPCOMING = "upcoming"
    PAST = "past"


class TimeOfDay:
    MORNING = "morning"  # starts before 12:00 local time
    AFTERNOON = "afternoon"  # 12:00 to 18:00
    EVENING = "evening"  # 18:00 and later


class PlaceState:
    """What a task's card says about its places."""

    OPEN = "open"  # "3 of 5 left"
    FULL = "full"  # "Full — waitlist open"
    OPENS_LATER = "opens_later"  # "Sign-up opens Sat 8/7 12:00"
    CLOSED = "closed"  # closed by the requester, or already started
    CANCELLED = "cancelled"


# What lists of tasks never show: the Markdown texts, and their stored HTML, of the task and of the
# community and track joined to it (tens of kilobytes a row on a board page otherwise).
LIST_DEFERRED = (
    *markdown_columns(Task),
    *markdown_columns(Community, "community__"),
    *markdown_columns(Track, "track__"),
)


def _sign_up_count(*statuses) -> RawSQL:
    # A correlated subquery, not a JOIN + GROUP BY: the database counts only for the rows it returns,
    # so a page of 40 tasks costs the same whether the board holds 50 tasks or 5,000. Written as SQL
    # because the ORM's Subquery took milliseconds to compile on every task page, for a fixed text.
    placeholders = ", ".join(["%s"] * len(statuses))
    sql = (
        f'SELECT COUNT(*) FROM "{SignUp._meta.db_table}" counted '
        f'WHERE counted."task_id" = "{Task._meta.db_table}"."id" AND counted."status" IN ({placeholders})'
    )
    return RawSQL(sql, [str(status) for status in statuses], output_field=IntegerField())


def with_place_counts(tasks: QuerySet) -> QuerySet:
    """`held` (places taken: confirmed, completed, no-show) and `waiting` (waitlist length) per task."""
    return tasks.annotate(held=_sign_up_count(*PLACE_HOLDING), waiting=_sign_up_count(SignUpStatus.WAITLISTED))


def place_state(task: Task, now: datetime.datetime) -> str:
    if task.status == TaskStatus.CANCELLED:
        return PlaceState.CANCELLED
    if task.status != TaskStatus.OPEN or now >= task.starts_at:
        return PlaceState.CLOSED
    if task.signup_opens_at and now < task.signup_opens_at:
        return PlaceState.OPENS_LATER
    if task.held >= task.headcount:
        return PlaceState.FULL
    return PlaceState.OPEN


def _decorate(task: Task, now: datetime.datetime) -> Task:
    task.places_left = max(task.headcount - task.held, 0)
    task.state = place_state(task, now)
    return task


def board_tasks(**filters) -> list[Task]:
    """The whole filtered board as a list (see board_tasks_query): for small boards and tests."""
    now = filters.setdefault("now", timezone.now())
    return decorate(board_tasks_query(**filters), now)


def decorate(tasks, now: datetime.datetime | None = None) -> list[Task]:
    """Add `places_left` and `state` to tasks that carry `held` and `waiting`."""
    now = now or timezone.now()
    return [_decorate(task, now) for task in tasks]


def board_tasks_query(
    *,
    edition,
    day: datetime.date | None = None,
    time_of_day: str = "",
    category: str = "",
    community_id: int | None = None,
    track_id: int | None = None,
    open_places_only: bool = False,
    search: str = "",
    when: str = "",
    now: datetime.datetime | None = None,
    counted: bool = True,
) -> QuerySet:
    """Open and closed tasks of the edition, filtered, each with `held` and `waiting` (unless
    `counted=False`: the board's cards take places left per response, volunteering.personal): by start
    time, or latest first for `when="past"` (tasks that have ended); `when="upcoming"` keeps only tasks
    that have not ended. One query; paginate it, then `decorate()` the page (when counted)."""
    now = now or timezone.now()
    tz = edition.tzinfo
    tasks = Task.objects.filter(edition=edition, status__in=BOARD_STATUSES)
    if day:
        day_start = datetime.datetime.combine(day, datetime.time.min, tzinfo=tz)
        tasks = tasks.filter(starts_at__gte=day_start, starts_at__lt=day_start + datetime.timedelta(days=1))
    if time_of_day:
        tasks = tasks.annotate(local_hour=ExtractHour("starts_at", tzinfo=tz))
        tasks = tasks.filter(
            {
                TimeOfDay.MORNING: Q(local_hour__lt=12),
                TimeOfDay.AFTERNOON: Q(local_hour__gte=12, local_hour__lt=18),
                TimeOfDay.EVENING: Q(local_hour__gte=18),
            }[time_of_day]
        )
    if category:
        tasks = tasks.filter(category=category)
    if community_id:
        tasks = tasks.filter(community_id=community_id)
    if track_id:
        tasks = tasks.filter(track_id=track_id)
    if search:
        tasks = tasks.filter(
            Q(title__icontains=search) | Q(description__icontains=search) | Q(location__icontains=search)
        )
    if when == BoardWhen.UPCOMING:
        tasks = tasks.filter(ends_at__gt=now)
    elif when == BoardWhen.PAST:
        tasks = tasks.filter(ends_at__lte=now)
    if counted or open_places_only:
        tasks = with_place_counts(tasks)
    if open_places_only:
        tasks = tasks.filter(status=TaskStatus.OPEN, starts_at__gt=now, held__lt=F("headcount"))
    order = ("-starts_at", "-pk") if when == BoardWhen.PAST else ("starts_at", "pk")
    return tasks.select_related("room", "community", "track").defer(*LIST_DEFERRED).order_by(*order)


def group_by_day(tasks: list[Task]) -> list[tuple[datetime.date, list[Task]]]:
    """Tasks (sorted by start) grouped by their local start day, in the active time zone."""
    return [
        (day, list(group))
        for day, group in itertools.groupby(tasks, key=lambda task: timezone.localtime(task.starts_at).date())
    ]


def filter_choices(*, edition) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """Communities and tracks that have tasks on the edition's board, (pk, shown name) sorted by name.

    One query: a UNION ALL of the communities and the tracks each kept by an EXISTS on the board's tasks
    (no join over every task and DISTINCT of what it repeats), reading only the keys and the names."""
    on_board = Task.objects.filter(edition=edition, status__in=BOARD_STATUSES)
    columns = ("pk", "name", "name_zh_hant", "kind")
    communities = (
        Community.objects.filter(Exists(on_board.filter(community=OuterRef("pk"))))
        .annotate(kind=Value("community"))
        .values_list(*columns)
        .order_by()
    )
    tracks = (
        Track.objects.filter(edition=edition)
        .filter(Exists(on_board.filter(track=OuterRef("pk"))))
        .annotate(kind=Value("track"))
        .values_list(*columns)
        .order_by()
    )
    choices: dict[str, list[tuple[int, str]]] = {"community": [], "track": []}
    for pk, name, name_zh_hant, kind in communities.union(tracks, all=True):
        choices[kind].append((pk, localized(SimpleNamespace(name=name, name_zh_hant=name_zh_hant), "name")))
    for found in choices.values():
        found.sort(key=lambda choice: choice[1].casefold())
    return choices["community"], choices["track"]


def sign_up_statuses(*, user, edition=None, task_ids=None) -> dict[int, str]:
    """task id -> the person's sign-up status, for the edition's tasks or the given ones (one query;
    empty when anonymous)."""
    if not user.is_authenticated:
        return {}
    if edition is None and task_ids is not None:
        return _statuses_of_tasks(user, list(task_ids))
    sign_ups = SignUp.objects.filter(user=user).exclude(status=SignUpStatus.CANCELLED)
    if edition is not None:
        sign_ups = sign_ups.filter(task__edition=edition)
    if task_ids is not None:
        sign_ups = sign_ups.filter(task_id__in=task_ids)
    return dict(sign_ups.order_by().values_list("task_id", "status"))


# The two reads every list of task cards makes on every request, from its copy or not (volunteering.personal):
# fixed SQL, because the ORM took longer to build them than the database to answer.


def _in(values: list) -> str:
    return ", ".join(["%s"] * len(values))


def _statuses_of_tasks(user, task_ids: list[int]) -> dict[int, str]:
    if not task_ids:
        return {}
    sql = (
        f'SELECT "task_id", "status" FROM "{SignUp._meta.db_table}" '
        f'WHERE "user_id" = %s AND "status" <> %s AND "task_id" IN ({_in(task_ids)})'
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [user.pk, str(SignUpStatus.CANCELLED), *task_ids])
        return dict(cursor.fetchall())


def held_places(task_ids) -> dict[int, int]:
    """task id -> places taken (confirmed, completed, no-show) of the given tasks; absent: none. One query."""
    task_ids, holding = list(task_ids), [str(status) for status in PLACE_HOLDING]
    if not task_ids:
        return {}
    sql = (
        f'SELECT "task_id", COUNT(*) FROM "{SignUp._meta.db_table}" '
        f'WHERE "status" IN ({_in(holding)}) AND "task_id" IN ({_in(task_ids)}) GROUP BY "task_id"'
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*holding, *task_ids])
        return dict(cursor.fetchall())


def _reader_sql() -> str:
    # The reader's columns and both counts in one fixed statement, written once: every task page request,
    # served from its copy or not, reads the task this way, and the ORM took longer to build it than
    # PostgreSQL to answer it.
    table, sign_ups = Task._meta.db_table, SignUp._meta.db_table
    skipped = set(markdown_columns(Task))
    columns = ", ".join(
        f'"{table}"."{field.column}"' for field in Task._meta.concrete_fields if field.name not in skipped
    )
    holding = ", ".join(["%s"] * len(PLACE_HOLDING))
    count = f'SELECT COUNT(*) FROM "{sign_ups}" counted WHERE counted."task_id" = "{table}"."id" AND counted."status"'
    return (
        f'SELECT {columns}, ({count} IN ({holding})) AS "held", ({count} = %s) AS "waiting" '
        f'FROM "{table}" WHERE "{table}"."id" = %s'
    )


_READER_SQL = _reader_sql()


def task_for_reader(*, pk: int, edition=None) -> Task:
    """The task as a page's reader parts need it (places, sign-up box, managers' links): its edition and
    place counts, without the texts and the related rows the page itself shows. One query; the edition
    comes from `edition` when it is the task's (the request's current edition), else from the cached list of
    editions. Raises Task.DoesNotExist."""
    found = list(Task.objects.raw(_READER_SQL, [*map(str, PLACE_HOLDING), str(SignUpStatus.WAITLISTED), pk]))
    if not found:
        raise Task.DoesNotExist(f"No task {pk}")
    task = found[0]
    if edition is None or edition.pk != task.edition_id:
        edition = next((edition for edition in all_editions() if edition.pk == task.edition_id), None)
    if edition is not None:  # else read when used (an edition added a moment ago, not in the cache yet)
        task.edition = edition
    return _decorate(task, timezone.now())


def task_for_page(*, pk: int) -> Task:
    """The task with everything its page shows, in one query. Raises Task.DoesNotExist."""
    task = with_place_counts(Task.objects.select_related("edition", "room", "community", "track", "requester")).get(
        pk=pk
    )
    return _decorate(task, timezone.now())


@dataclass(frozen=True)
class Participation:
    """Where one person stands with one task, for the sign-up box on the task page.

    state: "anonymous", "confirmed", "waitlisted", "completed", "no_show", "refused", "full" or "open".
    """

    state: str
    sign_up: SignUp | None = None
    position: int | None = None
    refusal: str | None = None
    can_cancel: bool = False


@dataclass(frozen=True)
class ReaderFacts:
    """What the database says of one person and one task for the sign-up box: their own sign-up (not a
    cancelled one) and, without one, the clash with their other tasks that stops them (overlap, daily cap).
    Only the person's own sign-ups and the task's edits change it, so it can be kept until those change
    (volunteering.personal); places, time and the waitlist are read fresh."""

    sign_up: SignUp | None
    conflict: str | None


def reader_facts(*, user, task: Task) -> ReaderFacts:
    """Two queries at most; none for a visitor."""
    if not user.is_authenticated:
        return ReaderFacts(sign_up=None, conflict=None)
    record = services.own_sign_up(user=user, task=task)
    if record is not None and record.status == SignUpStatus.CANCELLED:
        record = None
    conflict = None if record is not None else services.conflict_for(user=user, task=task)
    return ReaderFacts(sign_up=record, conflict=conflict)


def participation(
    *, user, task: Task, now: datetime.datetime | None = None, facts: ReaderFacts | None = None
) -> Participation:
    """Where the person stands with the task: `facts` (reader_facts, perhaps kept) plus what changes
    by the minute (the start, the sign-up opening) and with others' sign-ups (full, waitlist place)."""
    now = now or timezone.now()
    if not user.is_authenticated:
        return Participation(state="anonymous", refusal=services.sign_up_refusal(user=user, task=task, now=now))
    facts = facts or reader_facts(user=user, task=task)
    record = facts.sign_up
    before_start = now < task.starts_at
    if record is not None:
        if record.status == SignUpStatus.WAITLISTED:
            return Participation(
                state="waitlisted",
                sign_up=record,
                position=services.waitlist_position(record),
                can_cancel=before_start,
            )
        return Participation(
            state=record.status,
            sign_up=record,
            can_cancel=before_start and record.status == SignUpStatus.CONFIRMED,
        )
    refusal = services.sign_up_refusal(user=user, task=task, now=now) or facts.conflict
    if refusal:
        return Participation(state="refused", refusal=refusal)
    return Participation(state="full" if task.held >= task.headcount else "open")


def my_sign_ups(*, user, edition) -> list[SignUp]:
    """The person's sign-ups in the edition (not the cancelled ones), by task start, each with its task,
    `waitlist_position` (waitlisted ones) and `points_earned` (net ledger credit). One query."""
    ahead = (
        SignUp.objects.filter(task_id=OuterRef("task_id"), status=SignUpStatus.WAITLISTED)
        .filter(
            Q(signed_up_at__lt=OuterRef("signed_up_at"))
            | Q(signed_up_at=OuterRef("signed_up_at"), pk__lt=OuterRef("pk"))
        )
        .order_by()
        .values("task_id")
        .annotate(count=Count("pk"))
        .values("count")
    )
    earned = (
        PointsEntry.objects.filter(sign_up=OuterRef("pk"))
        .order_by()
        .values("sign_up")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    return list(
        SignUp.objects.filter(user=user, task__edition=edition)
        .exclude(status=SignUpStatus.CANCELLED)
        .select_related("task__edition", "task__room", "task__community", "task__track")
        .defer(*(f"task__{name}" for name in LIST_DEFERRED))
        .annotate(
            waitlist_position=Coalesce(Subquery(ahead, output_field=IntegerField()), Value(0)) + 1,
            points_earned=Coalesce(Subquery(earned, output_field=IntegerField()), Value(0)),
        )
        .order_by("task__starts_at", "task__pk")
    )


def split_my_sign_ups(sign_ups: list[SignUp], now: datetime.datetime | None = None) -> dict[str, list[SignUp]]:
    """Sections of "My one-day volunteering": upcoming (confirmed, not ended), waitlisted (not started),
    completed, and past (confirmed but ended and not yet marked, or no-show)."""
    now = now or timezone.now()
    sections: dict[str, list[SignUp]] = {"upcoming": [], "waitlisted": [], "completed": [], "past": []}
    for record in sign_ups:
        if record.status == SignUpStatus.COMPLETED:
            sections["completed"].append(record)
        elif record.status == SignUpStatus.WAITLISTED:
            if now < record.task.starts_at:
                sections["waitlisted"].append(record)
        elif record.status == SignUpStatus.CONFIRMED and now < record.task.ends_at:
            sections["upcoming"].append(record)
        else:
            sections["past"].append(record)
    return sections
