import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.utils import timezone

from tests.factories.volunteering import SignUpFactory, TaskFactory
from volunteering.models import SignUp, SignUpStatus, TaskStatus
from volunteering.tasks import send_task_reminders

pytestmark = pytest.mark.unit

UTC = datetime.UTC
NOW = datetime.datetime(2027, 8, 7, 0, 0, tzinfo=UTC)  # 08:00 in Taipei


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_NAME = "COSCUP"
    settings.TASK_REMINDER_HOURS = 3


class FailingEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError("SMTP is down")


def task_in(edition, hours, **kwargs):
    starts = NOW + datetime.timedelta(hours=hours)
    return TaskFactory(edition=edition, starts_at=starts, ends_at=starts + datetime.timedelta(hours=1), **kwargs)


def test_reminder_sent_for_task_starting_in_two_hours(edition):
    record = SignUpFactory(task=task_in(edition, 2, title="Badge desk"), user__email="ada@example.net")

    count = send_task_reminders.call(now=NOW)

    assert count == 1
    assert [(message.to, message.subject) for message in mail.outbox] == [
        (["ada@example.net"], "[COSCUP] Reminder: Badge desk starts at 10:00")
    ]
    record.refresh_from_db()
    assert record.reminder_sent_at == NOW


def test_reminder_not_sent_for_task_starting_in_five_hours(edition):
    record = SignUpFactory(task=task_in(edition, 5))

    count = send_task_reminders.call(now=NOW)

    assert count == 0
    assert mail.outbox == []
    record.refresh_from_db()
    assert record.reminder_sent_at is None


def test_reminder_sent_once_when_run_twice(edition):
    SignUpFactory(task=task_in(edition, 2))

    counts = [send_task_reminders.call(now=NOW), send_task_reminders.call(now=NOW + datetime.timedelta(minutes=5))]

    assert counts == [1, 0]
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    "status", [SignUpStatus.WAITLISTED, SignUpStatus.CANCELLED, SignUpStatus.COMPLETED, SignUpStatus.NO_SHOW]
)
def test_reminder_only_for_confirmed_sign_ups(edition, status):
    SignUpFactory(task=task_in(edition, 2), status=status)

    assert send_task_reminders.call(now=NOW) == 0
    assert mail.outbox == []


def test_reminder_not_sent_for_cancelled_task(edition):
    SignUpFactory(task=task_in(edition, 2, status=TaskStatus.CANCELLED))

    assert send_task_reminders.call(now=NOW) == 0


def test_reminder_not_sent_for_task_already_started(edition):
    SignUpFactory(task=task_in(edition, -0.5))

    assert send_task_reminders.call(now=NOW) == 0


def test_reminder_window_follows_setting(edition, settings):
    settings.TASK_REMINDER_HOURS = 6
    SignUpFactory(task=task_in(edition, 5))

    assert send_task_reminders.call(now=NOW) == 1


def test_reminder_released_when_email_fails(edition, settings):
    settings.EMAIL_BACKEND = f"{__name__}.FailingEmailBackend"
    record = SignUpFactory(task=task_in(edition, 2))

    count = send_task_reminders.call(now=NOW)

    assert count == 0
    record.refresh_from_db()
    assert record.reminder_sent_at is None


def test_reminder_in_recipients_language(edition):
    SignUpFactory(task=task_in(edition, 2), user__preferred_language="zh-hant")

    send_task_reminders.call(now=NOW)

    assert "2027年8月7日（六）10:00–11:00 (Asia/Taipei)" in mail.outbox[0].body


def test_reminder_task_runs_through_the_tasks_backend(edition):
    starts = timezone.now() + datetime.timedelta(hours=1)
    SignUpFactory(task=TaskFactory(edition=edition, starts_at=starts, ends_at=starts + datetime.timedelta(hours=1)))

    result = send_task_reminders.enqueue()

    assert result.return_value == 1
    assert len(mail.outbox) == 1


def test_reminder_accepts_iso_time_from_a_queue(edition):
    SignUpFactory(task=task_in(edition, 2))

    assert send_task_reminders.call(now=NOW.isoformat()) == 1
    assert SignUp.objects.get().reminder_sent_at == NOW


def test_send_task_reminders_command_prints_count(edition):
    starts = timezone.now() + datetime.timedelta(hours=1)
    task = TaskFactory(edition=edition, starts_at=starts, ends_at=starts + datetime.timedelta(hours=1))
    SignUpFactory.create_batch(2, task=task)
    out = StringIO()

    call_command("send_task_reminders", stdout=out)
    call_command("send_task_reminders", stdout=out)

    assert out.getvalue() == (
        "Sent 2 task reminder(s) (tasks starting within 3 h).\nSent 0 task reminder(s) (tasks starting within 3 h).\n"
    )
    assert len(mail.outbox) == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_reminders_run_at_once_send_each_reminder_once():
    from django.db import connection

    from tests.concurrency.conftest import run_at_once
    from tests.factories.editions import EditionFactory

    if connection.vendor != "postgresql":
        pytest.skip("Row locks with SKIP LOCKED are proven on PostgreSQL (run with DATABASE_URL=postgres://...)")
    edition = EditionFactory(slug="2027", is_current=True)
    task = task_in(edition, 2)
    SignUpFactory.create_batch(20, task=task)

    counts = run_at_once([lambda: send_task_reminders.call(now=NOW) for _ in range(4)])

    assert sum(counts) == 20
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        SignUp.objects.values_list("user__email", flat=True)
    )
