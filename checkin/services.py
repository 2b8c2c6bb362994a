"""Check in and out where the task happens, and take a free place at the door.

Every write checks again, under locks, what the check-in page showed (checkin.selectors.visit_for):
the code, the task's status and day, the person's sign-up. A walk-in takes its place through
volunteering.services.sign_up, the board's one write path for places, which locks the task row to
count: two people scanning for the last free place at once get exactly one place between them.
Completion stays the requester's (volunteering.services.mark_completed, which credits the points):
a check-in and check-out only make the sign-up ready to confirm on the roster.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import OperationalError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from volunteering import services as volunteering_services
from volunteering.models import SignUp, SignUpStatus, Task, TaskStatus

from . import selectors
from .models import CheckIn

# A sign-up on the board closes when the task starts; at the door a free place can still be taken
# until it ends. sign_up is asked as of just before the start, then the sign-up gets its real time.
_BEFORE_START = datetime.timedelta(seconds=1)


@dataclass(frozen=True)
class Outcome:
    check_in: CheckIn
    changed: bool  # False when the person had already done this (a second scan, a double tap)


def _refuse(message: str, code: str):
    raise ValidationError(message, code=code)


def _retrying_deadlock(function, **kwargs):
    """Run `function` in a transaction; once more if PostgreSQL ended a lock cycle (as sign_up does)."""
    if transaction.get_connection().in_atomic_block:
        with transaction.atomic():  # a savepoint: a refusal undoes this call's writes, not the caller's
            return function(**kwargs)
    try:
        with transaction.atomic():
            return function(**kwargs)
    except OperationalError as error:
        if getattr(getattr(error, "__cause__", None), "sqlstate", None) != volunteering_services.DEADLOCK_DETECTED:
            raise
    with transaction.atomic():
        return function(**kwargs)


def _fresh_task(task: Task) -> Task:
    return Task.objects.select_related("edition").get(pk=task.pk)


def check_in(*, task: Task, user, code: str, walk_in: bool = False, now: datetime.datetime | None = None) -> Outcome:
    """Check `user` in with the code of the task's sheet. With `walk_in`, someone without a sign-up
    takes a free confirmed place first (never a waitlist place). Raises ValidationError if refused."""
    return _retrying_deadlock(_check_in, task=task, user=user, code=code, walk_in=walk_in, now=now or timezone.now())


def _check_in(*, task: Task, user, code: str, walk_in: bool, now: datetime.datetime) -> Outcome:
    task = _fresh_task(task)
    refusal = selectors.code_refusal(task=task, code=code, now=now)
    if refusal:
        _refuse(refusal, "code")
    # The person's row first, as volunteering.services.sign_up takes it: the order stays person, task.
    list(User.objects.select_for_update().filter(pk=user.pk).values_list("pk", flat=True))
    record = SignUp.objects.select_for_update(of=("self",)).filter(task=task, user=user).first()
    existing = CheckIn.objects.filter(sign_up=record).first() if record else None
    if existing is not None:
        if record.status != SignUpStatus.CANCELLED:
            return Outcome(check_in=existing, changed=False)
        existing.delete()  # checked in, then gave the place back before the start: that visit is over
    refusal = selectors.check_in_window_refusal(task=task, now=now)
    if refusal:
        _refuse(refusal, "window")
    if record is None or record.status == SignUpStatus.CANCELLED:
        if not walk_in:
            _refuse(_("You have not signed up for this task."), "not_signed_up")
        record = _take_free_place(task=task, user=user, now=now)
    elif record.status in selectors.SIGN_UP_REFUSALS:
        _refuse(selectors.SIGN_UP_REFUSALS[record.status](), record.status)
    else:
        walk_in = False  # a place already held: an ordinary check-in
    created = CheckIn(sign_up=record, checked_in_at=now, walk_in=walk_in)
    created.full_clean()
    created.save()
    return Outcome(check_in=created, changed=True)


def _take_free_place(*, task: Task, user, now: datetime.datetime) -> SignUp:
    if task.status != TaskStatus.OPEN:
        _refuse(_("You have not signed up for this task, and it takes no more sign-ups."), "closed")
    if selectors.free_places(task) == 0:
        _refuse(selectors.no_free_place(), "full")
    try:
        return volunteering_services.sign_up(task=task, user=user, now=now, at_the_door=True)
    except ValidationError as error:
        if error.code == "full":  # someone took the last place meanwhile
            _refuse(selectors.no_free_place(), "full")
        raise


def check_out(*, task: Task, user, code: str, now: datetime.datetime | None = None) -> Outcome:
    """Record that `user` left. Raises ValidationError if they never checked in (or the code is refused)."""
    return _retrying_deadlock(_check_out, task=task, user=user, code=code, now=now or timezone.now())


def _check_out(*, task: Task, user, code: str, now: datetime.datetime) -> Outcome:
    task = _fresh_task(task)
    refusal = selectors.code_refusal(task=task, code=code, now=now)
    if refusal:
        _refuse(refusal, "code")
    record = (
        CheckIn.objects.select_for_update(of=("self",))
        .filter(sign_up__task=task, sign_up__user=user)
        .exclude(sign_up__status=SignUpStatus.CANCELLED)
        .first()
    )
    if record is None:
        _refuse(_("You have not checked in, so you cannot check out. Check in first."), "not_checked_in")
    if record.checked_out_at is not None:
        return Outcome(check_in=record, changed=False)
    record.checked_out_at = max(now, record.checked_in_at)
    record.save(update_fields=["checked_out_at"])
    return Outcome(check_in=record, changed=True)
