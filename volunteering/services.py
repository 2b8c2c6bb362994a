"""The one-day volunteer loop: sign up, cancel, waitlist promotion, completion marks, task changes.

Concurrency: every write that changes who holds a place locks the task row and the person's row. On
PostgreSQL that makes "never more confirmed than the headcount" hold under any number of concurrent
sign-ups; SQLite serialises all writing transactions anyway (BEGIN IMMEDIATE). Cancellations and
promotions lock the task, then the people; a sign-up locks the person first, so that a burst on one
task holds the task's lock only to count and write (see sign_up), and retries the rare deadlock.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import OperationalError, connection, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.markdown_fields import markdown_columns
from points import services as points_services

from . import notifications
from .models import SignUp, SignUpStatus, Task, TaskStatus

HOLDING_TIME = (SignUpStatus.CONFIRMED, SignUpStatus.COMPLETED)


def _lock_task(task: Task) -> Task:
    """The task read again under its row lock, whole: edits save it (and its texts' HTML) afterwards."""
    return Task.objects.select_for_update(of=("self",)).select_related("edition").get(pk=task.pk)


def _lock_task_to_sign_up(task: Task) -> Task:
    """The task read again under its row lock for a sign-up: what decides it, not its texts (a burst of
    sign-ups queues on this lock, so what is read while holding it counts). Never saved afterwards, so the
    texts left unread cannot be lost. The edition is the one the caller read."""
    query = Task.objects.select_for_update(of=("self",)).defer(*markdown_columns(Task))
    if not Task.edition.is_cached(task):
        return query.select_related("edition").get(pk=task.pk)
    locked = query.get(pk=task.pk)
    if locked.edition_id == task.edition.pk:
        locked.edition = task.edition
    return locked


def _lock_person(user) -> None:
    if not connection.features.has_select_for_update:
        return  # SQLite: a writing transaction holds the whole database
    with connection.cursor() as cursor:
        cursor.execute(_LOCK_PERSON_SQL, [user.pk])


_LOCK_PERSON_SQL = f'SELECT "id" FROM "{User._meta.db_table}" WHERE "id" = %s FOR UPDATE'


def _held(task: Task) -> int:
    # Read under the task's lock by every sign-up of a burst: the selectors' fixed SQL keeps the time the
    # lock is held short (the ORM took longer to build the count than the database to answer it).
    from .selectors import held_places  # selectors builds on this module

    return held_places([task.pk]).get(task.pk, 0)


def _local(moment: datetime.datetime, task: Task) -> datetime.datetime:
    return timezone.localtime(moment, task.edition.tzinfo)


def _time_range(task: Task) -> str:
    start, end = _local(task.starts_at, task), _local(task.ends_at, task)
    return f"{formats.date_format(start, 'SHORT_DATE_FORMAT')} {start:%H:%M}–{end:%H:%M}"


def conflict_for(*, user, task: Task) -> str | None:
    """Why this person could not hold a place on the task right now (overlap or daily cap), or None.

    One fixed query (_held_near): the person's held tasks that overlap this one or start on its day (the
    cap's window), with only the columns the checks and the message use. It runs on every task page a
    person reads and in every sign-up, and the ORM took longer to build it than the database to answer.
    """
    cap = task.edition.max_volunteer_hours_per_day
    tz = task.edition.tzinfo
    day = _local(task.starts_at, task).date()
    day_start = datetime.datetime.combine(day, datetime.time.min, tzinfo=tz)
    day_end = day_start + datetime.timedelta(days=1)
    # Without a cap the day's window is the overlap's own, so the same statement serves both.
    window = (day_start, day_end) if cap else (task.starts_at, task.starts_at)
    held = _held_near(user=user, task=task, window=window)
    for other in held:
        if other.starts_at < task.ends_at and other.ends_at > task.starts_at:
            return _("You already hold “%(task)s” at that time (%(when)s).") % {
                "task": other.title,
                "when": _time_range(other),
            }
    if cap:
        hours = sum((other.duration_hours for other in held if day_start <= other.starts_at < day_end), 0.0)
        hours += task.duration_hours
        if hours > cap:
            return _(
                "One person can hold at most %(cap)s hours of one-day volunteering per day; "
                "with this task you would hold %(hours)s hours on %(day)s."
            ) % {"cap": cap, "hours": f"{hours:g}", "day": formats.date_format(day, "SHORT_DATE_FORMAT")}
    return None


def _own_sign_up_sql() -> str:
    columns = ", ".join(f'"{field.column}"' for field in SignUp._meta.concrete_fields)
    return f'SELECT {columns} FROM "{SignUp._meta.db_table}" WHERE "task_id" = %s AND "user_id" = %s'


_OWN_SIGN_UP_SQL = _own_sign_up_sql()


def own_sign_up(*, user, task: Task) -> SignUp | None:
    """The person's sign-up on the task, cancelled or not (one per person and task), or None: a fixed
    query, read by every sign-up and by the sign-up box of every task page a person opens."""
    found = list(SignUp.objects.raw(_OWN_SIGN_UP_SQL, [task.pk, user.pk]))
    return found[0] if found else None


def _held_near_sql() -> str:
    tasks, sign_ups = Task._meta.db_table, SignUp._meta.db_table
    return (
        f'SELECT t."id", t."edition_id", t."title", t."starts_at", t."ends_at" FROM "{tasks}" t '
        f'JOIN "{sign_ups}" s ON s."task_id" = t."id" '
        f'WHERE s."user_id" = %s AND s."status" IN (%s, %s) AND t."id" <> %s '
        f'AND ((t."starts_at" < %s AND t."ends_at" > %s) OR (t."starts_at" >= %s AND t."starts_at" < %s)) '
        f'ORDER BY t."starts_at", s."id"'
    )


_HELD_NEAR_SQL = _held_near_sql()


def _held_near(*, user, task: Task, window: tuple[datetime.datetime, datetime.datetime]) -> list[Task]:
    """The tasks the person holds time on (confirmed, completed) that overlap `task` or start in `window`.
    A task of the same edition (nearly always: they are hours apart) shares `task`'s edition."""
    adapt = connection.ops.adapt_datetimefield_value
    moments = [task.ends_at, task.starts_at, *window]
    params = [user.pk, *map(str, HOLDING_TIME), task.pk, *map(adapt, moments)]
    held = list(Task.objects.raw(_HELD_NEAR_SQL, params))
    for other in held:
        if other.edition_id == task.edition_id:
            other.edition = task.edition
    return held


def sign_up_refusal(*, user, task: Task, now: datetime.datetime | None = None, at_the_door: bool = False) -> str | None:
    """Why the task takes no sign-up from this person at the moment, or None. Does not lock.
    At the door (check-in, a walk-in) a task that has started still takes people."""
    now = now or timezone.now()
    if task.status == TaskStatus.CANCELLED:
        return _("This task was cancelled.")
    if task.status != TaskStatus.OPEN:
        return _("Sign-ups for this task are closed.")
    if now >= task.starts_at and not at_the_door:
        return _("This task has already started.")
    if task.signup_opens_at and now < task.signup_opens_at:
        opens = _local(task.signup_opens_at, task)
        return _("Sign-up opens on %(day)s at %(time)s.") % {
            "day": formats.date_format(opens, "SHORT_DATE_FORMAT"),
            "time": f"{opens:%H:%M}",
        }
    return None


def sign_up(*, task: Task, user, now: datetime.datetime | None = None, at_the_door: bool = False) -> SignUp:
    """Take a confirmed place, or a waitlist place when the task is full. Raises ValidationError if refused.

    `at_the_door`: a walk-in at check-in (checkin.services) takes a free place after the start too, and is
    refused (code "full") rather than waitlisted when there is none: nobody waits at the door.

    A sign-up burst queues on the task's row: only counting the places and writing the sign-up happen
    under that lock. What depends on the person alone (an existing sign-up, overlaps, the daily cap) is
    read before, under the person's lock, which keeps it true: the person's sign-ups change only under
    it. Taking the person first means a rare cycle with two waitlist promotions is possible;
    PostgreSQL ends it (deadlock detected) and the sign-up is tried once more.
    """
    if transaction.get_connection().in_atomic_block:
        return _sign_up(task=task, user=user, now=now, at_the_door=at_the_door)
    try:
        with transaction.atomic():
            return _sign_up(task=task, user=user, now=now, at_the_door=at_the_door)
    except OperationalError as error:
        if getattr(getattr(error, "__cause__", None), "sqlstate", None) != DEADLOCK_DETECTED:
            raise
    with transaction.atomic():
        return _sign_up(task=task, user=user, now=now, at_the_door=at_the_door)


DEADLOCK_DETECTED = "40P01"


def _sign_up(*, task: Task, user, now: datetime.datetime | None, at_the_door: bool = False) -> SignUp:
    now = now or timezone.now()
    _lock_person(user)
    existing = own_sign_up(user=user, task=task)
    active = existing is not None and existing.status != SignUpStatus.CANCELLED
    conflict = None if active else conflict_for(user=user, task=task)
    seen = (task.starts_at, task.ends_at)
    task = _lock_task_to_sign_up(task)
    refusal = sign_up_refusal(user=user, task=task, now=now, at_the_door=at_the_door)
    if refusal is None and active:
        refusal = (
            _("You are already on the waitlist for this task.")
            if existing.status == SignUpStatus.WAITLISTED
            else _("You are already signed up for this task.")
        )
    if refusal is None and (task.starts_at, task.ends_at) != seen:
        conflict = conflict_for(user=user, task=task)  # moved meanwhile: check the new times
    refusal = refusal or conflict
    if refusal:
        raise ValidationError(refusal, code="refused")

    holding = _held(task)
    status = SignUpStatus.CONFIRMED if holding < task.headcount else SignUpStatus.WAITLISTED
    if status == SignUpStatus.WAITLISTED and at_the_door:
        raise ValidationError(_("There is no free place left on this task."), code="full")
    if existing:
        existing.status, existing.signed_up_at = status, now
        existing.marked_by = existing.marked_at = existing.reminder_sent_at = None
        existing.save(update_fields=["status", "signed_up_at", "marked_by", "marked_at", "reminder_sent_at"])
        record = existing
    else:
        record = SignUp.objects.create(task=task, user=user, status=status, signed_up_at=now)
    notifications.sign_up_received(record)
    return record


def _promote(task: Task) -> list[SignUp]:
    """Fill free places from the waitlist, first come first served, skipping people who now conflict."""
    free = task.headcount - _held(task)
    promoted = []
    if free <= 0:
        return promoted
    for candidate in (
        task.sign_ups.filter(status=SignUpStatus.WAITLISTED).select_related("user").order_by("signed_up_at", "pk")
    ):
        _lock_person(candidate.user)
        if conflict_for(user=candidate.user, task=task):
            continue
        candidate.status = SignUpStatus.CONFIRMED
        candidate.save(update_fields=["status"])
        promoted.append(candidate)
        notifications.promoted_from_waitlist(candidate)
        free -= 1
        if free == 0:
            break
    return promoted


@transaction.atomic
def cancel_sign_up(*, sign_up: SignUp, now: datetime.datetime | None = None) -> list[SignUp]:
    """The person gives their place back (until the task starts); returns whoever was promoted."""
    now = now or timezone.now()
    task = _lock_task(sign_up.task)
    record = SignUp.objects.select_for_update().get(pk=sign_up.pk)
    if record.status not in (SignUpStatus.CONFIRMED, SignUpStatus.WAITLISTED):
        raise ValidationError(_("There is no active sign-up to cancel."), code="not_active")
    if now >= task.starts_at:
        raise ValidationError(
            _("This task has already started; ask the requester if you cannot make it."), code="started"
        )
    was_confirmed = record.status == SignUpStatus.CONFIRMED
    record.status = SignUpStatus.CANCELLED
    record.save(update_fields=["status"])
    return _promote(task) if was_confirmed else []


def waitlist_position(sign_up: SignUp) -> int | None:
    if sign_up.status != SignUpStatus.WAITLISTED:
        return None
    at = connection.ops.adapt_datetimefield_value(sign_up.signed_up_at)
    with connection.cursor() as cursor:
        cursor.execute(_AHEAD_SQL, [sign_up.task_id, str(SignUpStatus.WAITLISTED), at, at, sign_up.pk])
        return cursor.fetchone()[0] + 1


# The people ahead on the waitlist (first come, first served; the earlier row on a tie), after every
# waitlisted sign-up of a burst.
_AHEAD_SQL = (
    f'SELECT COUNT(*) FROM "{SignUp._meta.db_table}" WHERE "task_id" = %s AND "status" = %s '
    f'AND ("signed_up_at" < %s OR ("signed_up_at" = %s AND "id" < %s))'
)


# --- Completion, marked by the requester or at the service desk ---


@transaction.atomic
def mark_completed(*, sign_up: SignUp, by, now: datetime.datetime | None = None) -> SignUp:
    """Confirm the person did the task and credit its points (once per sign-up, whatever the clicks)."""
    record = SignUp.objects.select_for_update().select_related("task__edition", "user").get(pk=sign_up.pk)
    if record.status == SignUpStatus.COMPLETED:
        return record
    if record.status not in (SignUpStatus.CONFIRMED, SignUpStatus.NO_SHOW):
        raise ValidationError(_("Only a confirmed place can be marked as completed."), code="not_confirmed")
    record.status, record.marked_by, record.marked_at = SignUpStatus.COMPLETED, by, now or timezone.now()
    record.save(update_fields=["status", "marked_by", "marked_at"])
    points_services.credit_completion(sign_up=record, by=by)
    return record


@transaction.atomic
def mark_no_show(*, sign_up: SignUp, by, now: datetime.datetime | None = None) -> SignUp:
    record = SignUp.objects.select_for_update().select_related("task__edition", "user").get(pk=sign_up.pk)
    if record.status == SignUpStatus.NO_SHOW:
        return record
    if record.status not in (SignUpStatus.CONFIRMED, SignUpStatus.COMPLETED):
        raise ValidationError(_("Only a confirmed place can be marked as a no-show."), code="not_confirmed")
    if record.status == SignUpStatus.COMPLETED:
        points_services.reverse_completion(sign_up=record, by=by)
    record.status, record.marked_by, record.marked_at = SignUpStatus.NO_SHOW, by, now or timezone.now()
    record.save(update_fields=["status", "marked_by", "marked_at"])
    return record


@transaction.atomic
def undo_mark(*, sign_up: SignUp, by) -> SignUp:
    """Back to confirmed; a completion's points are taken back with a reversal entry."""
    record = SignUp.objects.select_for_update().select_related("task__edition", "user").get(pk=sign_up.pk)
    if record.status not in (SignUpStatus.COMPLETED, SignUpStatus.NO_SHOW):
        raise ValidationError(_("There is no mark to undo."), code="not_marked")
    if record.status == SignUpStatus.COMPLETED:
        points_services.reverse_completion(sign_up=record, by=by)
    record.status, record.marked_by, record.marked_at = SignUpStatus.CONFIRMED, None, None
    record.save(update_fields=["status", "marked_by", "marked_at"])
    return record


@transaction.atomic
def mark_all_completed(*, task: Task, by) -> int:
    records = list(task.sign_ups.filter(status=SignUpStatus.CONFIRMED))
    for record in records:
        mark_completed(sign_up=record, by=by)
    return len(records)


# --- Requesters: create, edit, close, cancel ---

TASK_FIELDS = (
    "title",
    "description",
    "category",
    "room",
    "location",
    "is_remote",
    "starts_at",
    "ends_at",
    "headcount",
    "points",
    "community",
    "track",
    "status",
    "signup_opens_at",
)


@transaction.atomic
def task_create(*, edition, requester, data: dict) -> Task:
    task = Task(edition=edition, requester=requester, **{k: v for k, v in data.items() if k in TASK_FIELDS})
    task.full_clean()
    task.save()
    return task


@transaction.atomic
def task_update(*, task: Task, data: dict, by=None) -> Task:
    """Edit a task. Lowering the headcount below the confirmed count is refused; moving the time tells
    the people signed up; raising the headcount promotes from the waitlist."""
    task = _lock_task(task)
    before = (task.starts_at, task.ends_at, task.room_id, task.location)
    for name, value in data.items():
        if name in TASK_FIELDS:
            setattr(task, name, value)
    holding = _held(task)
    if task.headcount < holding:
        raise ValidationError(
            {
                "headcount": _(
                    "%(count)s people already hold a place; the headcount cannot go below that. "
                    "Ask someone to cancel first."
                )
                % {"count": holding}
            },
            code="headcount_below_confirmed",
        )
    task.full_clean()
    if task.status == TaskStatus.CANCELLED:
        raise ValidationError(_("Use “cancel task” to cancel it, so the people signed up are told."))
    task.save()
    if (task.starts_at, task.ends_at, task.room_id, task.location) != before:
        notifications.task_changed(task)
    _promote(task)
    return task


@transaction.atomic
def task_close(*, task: Task) -> Task:
    """No more sign-ups; places already held stay."""
    task = _lock_task(task)
    if task.status == TaskStatus.CANCELLED:
        raise ValidationError(_("This task was cancelled."))
    task.status = TaskStatus.CLOSED
    task.save(update_fields=["status", "updated_at"])
    return task


@transaction.atomic
def task_reopen(*, task: Task) -> Task:
    task = _lock_task(task)
    if task.status == TaskStatus.CANCELLED:
        raise ValidationError(_("This task was cancelled."))
    task.status = TaskStatus.OPEN
    task.save(update_fields=["status", "updated_at"])
    _promote(task)
    return task


@transaction.atomic
def task_cancel(*, task: Task, reason: str = "") -> Task:
    """Cancel the task and tell everyone signed up or waiting. Completed sign-ups keep their points."""
    task = _lock_task(task)
    if task.status == TaskStatus.CANCELLED:
        return task
    task.status = TaskStatus.CANCELLED
    task.save(update_fields=["status", "updated_at"])
    affected = list(
        task.sign_ups.filter(status__in=(SignUpStatus.CONFIRMED, SignUpStatus.WAITLISTED)).select_related("user")
    )
    SignUp.objects.filter(pk__in=[record.pk for record in affected]).update(status=SignUpStatus.CANCELLED)
    notifications.task_cancelled(task, affected, reason)
    return task
