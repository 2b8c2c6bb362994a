"""Background jobs of the one-day volunteer loop (Django tasks framework). Arguments are ids only,
so the database and Redis backends can serialise them.

Each job re-reads the database and sends nothing when the state it was queued for has gone (the
sign-up was cancelled meanwhile, the task was cancelled after a change, ...): a queue may run a job
seconds or minutes after the request that queued it.
"""

import datetime
import logging

from django.conf import settings
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from accounts.models import User
from core.mail import job_key, send_once, send_to_person
from core.urls import absolute_url

from .models import SignUp, SignUpStatus, Task, TaskStatus
from .services import waitlist_position

logger = logging.getLogger(__name__)

TEMPLATES = "volunteering/email/"

# Which sign-up status each sign-up email is about; anything else means the news is stale.
SIGN_UP_KINDS = {
    "confirmed": SignUpStatus.CONFIRMED,
    "waitlisted": SignUpStatus.WAITLISTED,
    "promoted": SignUpStatus.CONFIRMED,
}
ACTIVE = (SignUpStatus.CONFIRMED, SignUpStatus.WAITLISTED)


def _task_context(task_obj: Task) -> dict:
    return {
        "task": task_obj,
        "task_url": absolute_url(task_obj.get_absolute_url()),
        "my_url": absolute_url(reverse("volunteering:my-volunteering")),
        "board_url": absolute_url(reverse("volunteering:board")),
    }


def _send_each(people, template: str, context: dict, job=None) -> int:
    """One email per person, once per job (`job`: its TaskContext); a failing address is logged and
    does not stop the others."""
    sent = 0
    for person in people:
        try:
            if job is None:
                send_to_person(person, template, context)
            else:
                send_once(job_key(job, person.pk), lambda person=person: send_to_person(person, template, context))
        except Exception:
            logger.exception("Could not send %s to person %s", template, person.pk)
        else:
            sent += 1
    return sent


@task(takes_context=True)
def email_sign_up(context, sign_up_id: int, kind: str) -> None:
    """kind: confirmed | waitlisted | promoted. `context`: the job's, for its key (core.mail.send_once)."""
    job = context
    record = SignUp.objects.select_related("task__edition", "task__room", "user").filter(pk=sign_up_id).first()
    if record is None or kind not in SIGN_UP_KINDS:
        return
    if record.status != SIGN_UP_KINDS[kind] or record.task.status == TaskStatus.CANCELLED:
        return
    mail = {**_task_context(record.task), "sign_up": record}
    if kind == "waitlisted":
        mail["position"] = waitlist_position(record)
    send_once(job_key(job, record.user_id), lambda: send_to_person(record.user, f"{TEMPLATES}sign_up_{kind}", mail))


@task(takes_context=True)
def email_task_update(context, task_id: int, user_ids: list[int], kind: str, reason: str) -> None:
    """kind: changed | cancelled. `context`: the job's, for its keys (core.mail.send_once)."""
    task_obj = Task.objects.select_related("edition", "room").filter(pk=task_id).first()
    if task_obj is None:
        return
    if kind == "changed":
        if task_obj.status == TaskStatus.CANCELLED:
            return  # the cancellation email says enough
        # Only people who still hold or wait for a place care about the new time or place.
        people = User.objects.filter(pk__in=user_ids, sign_ups__task=task_obj, sign_ups__status__in=ACTIVE).distinct()
    elif kind == "cancelled":
        if task_obj.status != TaskStatus.CANCELLED:
            return
        people = User.objects.filter(pk__in=user_ids)
    else:
        return
    _send_each(people.order_by("pk"), f"{TEMPLATES}task_{kind}", {**_task_context(task_obj), "reason": reason}, context)


@task()
def send_task_reminders(now: str | datetime.datetime | None = None) -> int:
    """Remind each confirmed person of a task that starts within TASK_REMINDER_HOURS; returns how many.

    Run it every few minutes (cron: `manage.py send_task_reminders`, or enqueue it on the worker).
    Each sign-up is claimed (reminder_sent_at set) in one short transaction before its email goes
    out, so two runs at the same time never send twice; an email that fails is released again and
    retried on the next run. `now` may be an ISO 8601 string so the job can be queued.
    """
    if isinstance(now, str):
        now = datetime.datetime.fromisoformat(now)
    now = now or timezone.now()
    horizon = now + datetime.timedelta(hours=settings.TASK_REMINDER_HOURS)
    with transaction.atomic():
        due = SignUp.objects.filter(
            status=SignUpStatus.CONFIRMED,
            reminder_sent_at__isnull=True,
            task__status__in=(TaskStatus.OPEN, TaskStatus.CLOSED),
            task__starts_at__gt=now,
            task__starts_at__lte=horizon,
        ).order_by("task__starts_at", "pk")
        features = connection.features
        if features.has_select_for_update_skip_locked and features.has_select_for_update_of:
            # PostgreSQL: a second worker skips the rows this one is claiming. SQLite has no row
            # locks; its writing transactions run one at a time (BEGIN IMMEDIATE) anyway.
            due = due.select_for_update(skip_locked=True, of=("self",))
        claimed = list(due.select_related("task__edition", "task__room", "user"))
        SignUp.objects.filter(pk__in=[record.pk for record in claimed]).update(reminder_sent_at=now)

    sent = 0
    for record in claimed:
        try:
            send_to_person(record.user, f"{TEMPLATES}task_reminder", {**_task_context(record.task), "sign_up": record})
        except Exception:
            logger.exception("Could not send the reminder for sign-up %s", record.pk)
            SignUp.objects.filter(pk=record.pk, reminder_sent_at=now).update(reminder_sent_at=None)
        else:
            sent += 1
    return sent
