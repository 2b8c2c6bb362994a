"""Reads for checking in where the task happens: the sheet's daily code, what a person scanning it
may do, and who is here on the roster.

The code on a sheet is an HMAC (SECRET_KEY) of the task and one local day in the edition's time zone:
it opens that task on that day only, so a code copied yesterday, or from another task's sheet, does
not work. Nothing is stored for it; rotating SECRET_KEY changes every code.
"""

import base64
import datetime
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from volunteering.models import PLACE_HOLDING, SignUp, SignUpStatus, Task, TaskStatus

from .models import CheckIn

CODE_SALT = "checkin.sheet-code"
CODE_LENGTH = 10  # base32 characters: 50 bits
# Check-in opens this long before the task starts; the roster refreshes itself from then until this
# long after it ends.
OPENS_BEFORE = datetime.timedelta(hours=1)
LIVE_AFTER = datetime.timedelta(hours=1)


class Action:
    CHECK_IN = "check_in"
    WALK_IN = "walk_in"
    CHECK_OUT = "check_out"


# --- The sheet's code ---


def sheet_code(*, task: Task, day: datetime.date) -> str:
    digest = salted_hmac(CODE_SALT, f"{task.pk}:{day.isoformat()}", algorithm="sha256").digest()
    return base64.b32encode(digest).decode("ascii")[:CODE_LENGTH].lower()


def local_day(*, task: Task, moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment, task.edition.tzinfo).date()


def task_days(task: Task) -> list[datetime.date]:
    """The local days the task runs on (a task ending at midnight does not run on the next day)."""
    first = local_day(task=task, moment=task.starts_at)
    last = local_day(task=task, moment=task.ends_at - datetime.timedelta(microseconds=1))
    return [first + datetime.timedelta(days=n) for n in range((last - first).days + 1)]


def code_day(*, task: Task, code: str) -> datetime.date | None:
    """The task's day this code belongs to, or None when it is not this task's (altered, another task's)."""
    code = (code or "").lower()
    found = None
    for day in task_days(task):
        # Every day is compared, in constant time, so the answer's timing says nothing about the code.
        if constant_time_compare(sheet_code(task=task, day=day), code):
            found = day
    return found


def check_in_path(*, task: Task, day: datetime.date) -> str:
    return reverse("checkin:check-in", args=[task.pk, sheet_code(task=task, day=day)])


def check_in_url(*, task: Task, day: datetime.date) -> str:
    """The absolute address a sheet's QR code holds (settings.SITE_URL, as printed posters use)."""
    return settings.SITE_URL + check_in_path(task=task, day=day)


def code_refusal(*, task: Task, code: str, now: datetime.datetime) -> str | None:
    """Why this code opens nothing right now: not this task's, the task cancelled, or another day."""
    day = code_day(task=task, code=code)
    if day is None:
        return _(
            "This check-in code is not for this task. Scan the sheet posted where the task happens, "
            "or ask the requester."
        )
    if task.status == TaskStatus.CANCELLED:
        return _("This task was cancelled.")
    if day != local_day(task=task, moment=now):
        return _("This check-in code is for %(day)s; it does not work today.") % {
            "day": formats.date_format(day, "DATE_FORMAT")
        }
    return None


def _time(moment: datetime.datetime, task: Task) -> str:
    return f"{timezone.localtime(moment, task.edition.tzinfo):%H:%M}"


def check_in_window_refusal(*, task: Task, now: datetime.datetime) -> str | None:
    if now < task.starts_at - OPENS_BEFORE:
        return _("Check-in opens at %(time)s, an hour before the task starts.") % {
            "time": _time(task.starts_at - OPENS_BEFORE, task)
        }
    if now >= task.ends_at:
        return _("This task has ended; check-in is closed.")
    return None


def free_places(task: Task) -> int:
    return max(task.headcount - task.sign_ups.filter(status__in=PLACE_HOLDING).count(), 0)


# --- What the person scanning may do ---


@dataclass(frozen=True)
class Visit:
    """What the check-in page shows one person: their sign-up and check-in, and the one action open
    to them (or why none is)."""

    sign_up: SignUp | None
    check_in: CheckIn | None
    action: str | None
    refusal: str | None


SIGN_UP_REFUSALS = {
    SignUpStatus.WAITLISTED: lambda: _(
        "You are on the waitlist for this task and no place has come free for you; ask the requester."
    ),
    SignUpStatus.NO_SHOW: lambda: _("The requester marked you as a no-show for this task; please talk to them."),
    SignUpStatus.COMPLETED: lambda: _("Your completion of this task is already confirmed; thank you!"),
}


def no_free_place() -> str:
    return _("You have not signed up for this task, and there is no free place left.")


def visit_for(*, task: Task, user, code: str, now: datetime.datetime) -> Visit:
    """Read-only: what `user` may do with this code now. The services check it all again under locks."""
    sign_up = SignUp.objects.filter(task=task, user=user).select_related("check_in").first()
    active = sign_up is not None and sign_up.status != SignUpStatus.CANCELLED
    check_in = getattr(sign_up, "check_in", None) if active else None

    def visit(action=None, refusal=None):
        return Visit(sign_up=sign_up, check_in=check_in, action=action, refusal=refusal)

    refusal = code_refusal(task=task, code=code, now=now)
    if refusal:
        return visit(refusal=refusal)
    if check_in is not None:
        return visit() if check_in.checked_out_at else visit(action=Action.CHECK_OUT)
    refusal = check_in_window_refusal(task=task, now=now)
    if refusal:
        return visit(refusal=refusal)
    if sign_up is None or sign_up.status == SignUpStatus.CANCELLED:
        if task.status != TaskStatus.OPEN:
            return visit(refusal=_("You have not signed up for this task, and it takes no more sign-ups."))
        return visit(action=Action.WALK_IN) if free_places(task) else visit(refusal=no_free_place())
    if sign_up.status in SIGN_UP_REFUSALS:
        return visit(refusal=SIGN_UP_REFUSALS[sign_up.status]())
    return visit(action=Action.CHECK_IN)


# --- The roster ---


class Presence:
    HERE = "here"  # checked in, not out
    LEFT = "left"  # checked in and out
    LATE = "late"  # the task has started, not checked in
    EXPECTED = "expected"  # not started yet, not checked in
    ABSENT = "absent"  # the task is over, never checked in


@dataclass(frozen=True)
class Attendance:
    presence: str | None
    checked_in_at: datetime.datetime | None = None
    checked_out_at: datetime.datetime | None = None
    walk_in: bool = False
    # Checked in and out, completion not confirmed yet: one tap for the requester.
    ready_to_confirm: bool = False


def is_live(*, task: Task, now: datetime.datetime) -> bool:
    """Whether the roster is worth refreshing by itself: around the time the task happens."""
    return task.status != TaskStatus.CANCELLED and task.starts_at - OPENS_BEFORE <= now <= task.ends_at + LIVE_AFTER


def attendance_of(*, sign_up: SignUp, task: Task, now: datetime.datetime) -> Attendance:
    """Needs sign_up.check_in loaded (select_related("check_in")): no query."""
    check_in = getattr(sign_up, "check_in", None)
    if check_in is not None:
        left = check_in.checked_out_at is not None
        return Attendance(
            presence=Presence.LEFT if left else Presence.HERE,
            checked_in_at=check_in.checked_in_at,
            checked_out_at=check_in.checked_out_at,
            walk_in=check_in.walk_in,
            ready_to_confirm=left and sign_up.status == SignUpStatus.CONFIRMED,
        )
    if sign_up.status != SignUpStatus.CONFIRMED:
        return Attendance(presence=None)  # already marked (or waiting): nothing to watch
    if now < task.starts_at:
        return Attendance(presence=Presence.EXPECTED)
    return Attendance(presence=Presence.LATE if now < task.ends_at else Presence.ABSENT)


def roster_attendance(*, task: Task, sign_ups: list[SignUp], now: datetime.datetime) -> dict[str, list[SignUp]]:
    """Sets `.attendance` on each sign-up holding a place and groups them by presence (no query)."""
    groups = {name: [] for name in (Presence.HERE, Presence.LATE, Presence.EXPECTED, Presence.ABSENT, Presence.LEFT)}
    for sign_up in sign_ups:
        sign_up.attendance = attendance_of(sign_up=sign_up, task=task, now=now)
        if sign_up.attendance.presence:
            groups[sign_up.attendance.presence].append(sign_up)
    groups["ready"] = [s for s in sign_ups if s.attendance.ready_to_confirm]
    return groups
