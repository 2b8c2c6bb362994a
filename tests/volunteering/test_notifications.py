"""Sign-up and task emails, sent through the real path: service -> on_commit -> django-tasks -> core.mail."""

import datetime

import pytest
from django.core import mail

from tests.factories.accounts import UserFactory
from tests.factories.editions import EditionFactory
from tests.factories.volunteering import SignUpFactory, TaskFactory
from volunteering import services
from volunteering.models import SignUp, SignUpStatus, TaskStatus
from volunteering.tasks import email_sign_up, email_task_update

pytestmark = pytest.mark.integration

UTC = datetime.UTC
# Saturday 7 August 2027, 10:00-12:00 in Taipei.
STARTS = datetime.datetime(2027, 8, 7, 2, 0, tzinfo=UTC)
BEFORE = datetime.datetime(2027, 8, 1, 0, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_NAME = "COSCUP"
    settings.SITE_URL = "https://volunteer.example.org"


@pytest.fixture
def task(edition):
    return TaskFactory(
        edition=edition,
        title="Badge desk",
        starts_at=STARTS,
        ends_at=STARTS + datetime.timedelta(hours=2),
        headcount=1,
        points=10,
        location="Main entrance",
    )


def sent():
    return [(message.to, message.subject) for message in mail.outbox]


def test_sign_up_confirmed_emails_the_person(django_capture_on_commit_callbacks, task):
    person = UserFactory(email="ada@example.net", display_name="Ada")

    with django_capture_on_commit_callbacks(execute=True):
        services.sign_up(task=task, user=person, now=BEFORE)

    assert sent() == [(["ada@example.net"], "[COSCUP] You're signed up for Badge desk")]
    body = mail.outbox[0].body
    assert body.startswith("Hello Ada,\n\nYou're signed up for “Badge desk”.")
    assert "When: Sat 7 Aug 2027, 10:00–12:00 (Asia/Taipei)\n" in body
    assert "Where: Main entrance\n" in body
    assert "Points: 10\n" in body
    assert f"Task page: https://volunteer.example.org/one-day/tasks/{task.pk}/\n" in body
    assert "https://volunteer.example.org/one-day/mine/" in body
    assert "cancel your sign-up" in body
    assert mail.outbox[0].from_email == "One-day Volunteer <volunteer@localhost>"


def test_sign_up_when_full_emails_the_waitlist_position(django_capture_on_commit_callbacks, task):
    first, second, third = (UserFactory(email=f"{name}@example.net") for name in ("first", "second", "third"))

    with django_capture_on_commit_callbacks(execute=True):
        for person in (first, second, third):
            services.sign_up(task=task, user=person, now=BEFORE)

    assert sent() == [
        (["first@example.net"], "[COSCUP] You're signed up for Badge desk"),
        (["second@example.net"], "[COSCUP] You're on the waitlist (#1) for Badge desk"),
        (["third@example.net"], "[COSCUP] You're on the waitlist (#2) for Badge desk"),
    ]
    assert "you're number 2 on its waitlist" in mail.outbox[2].body


def test_cancel_sign_up_emails_the_promoted_person(django_capture_on_commit_callbacks, task):
    holder = SignUpFactory(task=task, user__email="holder@example.net", signed_up_at=BEFORE)
    SignUpFactory(task=task, user__email="waiting@example.net", status=SignUpStatus.WAITLISTED, signed_up_at=BEFORE)

    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_sign_up(sign_up=holder, now=BEFORE)

    assert sent() == [(["waiting@example.net"], "[COSCUP] A place freed up: you're now confirmed for Badge desk")]
    assert "You're now confirmed." in mail.outbox[0].body


def test_task_update_time_moved_emails_active_sign_ups(django_capture_on_commit_callbacks, task):
    SignUpFactory(task=task, user__email="confirmed@example.net")
    SignUpFactory(task=task, user__email="waiting@example.net", status=SignUpStatus.WAITLISTED)
    SignUpFactory(task=task, user__email="gone@example.net", status=SignUpStatus.CANCELLED)
    later = STARTS + datetime.timedelta(hours=3)

    with django_capture_on_commit_callbacks(execute=True):
        services.task_update(task=task, data={"starts_at": later, "ends_at": later + datetime.timedelta(hours=1)})

    assert sorted(sent()) == [
        (["confirmed@example.net"], "[COSCUP] New time or place for Badge desk"),
        (["waiting@example.net"], "[COSCUP] New time or place for Badge desk"),
    ]
    assert "When: Sat 7 Aug 2027, 13:00–14:00 (Asia/Taipei)\n" in mail.outbox[0].body


def test_task_update_without_time_or_place_change_sends_nothing(django_capture_on_commit_callbacks, task):
    SignUpFactory(task=task)

    with django_capture_on_commit_callbacks(execute=True):
        services.task_update(task=task, data={"title": "Badge and info desk"})

    assert mail.outbox == []


def test_task_cancel_emails_everyone_signed_up_with_the_reason(django_capture_on_commit_callbacks, task):
    SignUpFactory(task=task, user__email="confirmed@example.net")
    SignUpFactory(task=task, user__email="waiting@example.net", status=SignUpStatus.WAITLISTED)
    SignUpFactory(task=task, user__email="gone@example.net", status=SignUpStatus.CANCELLED)

    with django_capture_on_commit_callbacks(execute=True):
        services.task_cancel(task=task, reason="The sponsor booth moved online.")

    assert sorted(sent()) == [
        (["confirmed@example.net"], "[COSCUP] Cancelled: Badge desk"),
        (["waiting@example.net"], "[COSCUP] Cancelled: Badge desk"),
    ]
    assert "Reason: The sponsor booth moved online.\n" in mail.outbox[0].body
    assert "https://volunteer.example.org/one-day/" in mail.outbox[0].body


def test_task_cancel_without_reason_leaves_the_reason_line_out(django_capture_on_commit_callbacks, task):
    SignUpFactory(task=task)

    with django_capture_on_commit_callbacks(execute=True):
        services.task_cancel(task=task)

    assert len(mail.outbox) == 1
    assert "Reason" not in mail.outbox[0].body


def test_email_in_recipients_language_and_edition_time_zone(django_capture_on_commit_callbacks, db):
    berlin = EditionFactory(slug="2031", time_zone="Europe/Berlin")
    starts = datetime.datetime(2031, 8, 9, 8, 0, tzinfo=UTC)  # Saturday, 10:00 in Berlin, 16:00 in Taipei
    task = TaskFactory(edition=berlin, starts_at=starts, ends_at=starts + datetime.timedelta(hours=1))
    english = UserFactory(email="en@example.net", preferred_language="en")
    chinese = UserFactory(email="zh@example.net", preferred_language="zh-hant")
    nothing_set = UserFactory(email="none@example.net", preferred_language="")

    with django_capture_on_commit_callbacks(execute=True):
        for person in (english, chinese, nothing_set):
            services.sign_up(task=task, user=person, now=BEFORE)

    bodies = {message.to[0]: message.body for message in mail.outbox}
    # Django ships the day and month names, so the date shows which language the email was rendered in.
    assert "Sat 9 Aug 2031, 10:00–11:00 (Europe/Berlin)" in bodies["en@example.net"]
    assert "2031年8月9日（六）10:00–11:00 (Europe/Berlin)" in bodies["zh@example.net"]
    assert "Sat 9 Aug 2031, 10:00–11:00 (Europe/Berlin)" in bodies["none@example.net"]


def test_email_text_is_not_html_escaped(django_capture_on_commit_callbacks, edition):
    task = TaskFactory(edition=edition, title="Tea & <snacks>", location='Hall "A" & B')

    with django_capture_on_commit_callbacks(execute=True):
        services.sign_up(task=task, user=UserFactory())

    assert mail.outbox[0].subject == "[COSCUP] You're signed up for Tea & <snacks>"
    assert "“Tea & <snacks>”" in mail.outbox[0].body
    assert 'Where: Hall "A" & B\n' in mail.outbox[0].body


def test_promoted_email_skipped_when_sign_up_cancelled_meanwhile(task):
    record = SignUpFactory(task=task, status=SignUpStatus.CANCELLED)

    email_sign_up.enqueue(record.pk, "promoted")

    assert mail.outbox == []


def test_confirmed_email_skipped_when_now_waitlisted(task):
    record = SignUpFactory(task=task, status=SignUpStatus.WAITLISTED)

    email_sign_up.enqueue(record.pk, "confirmed")

    assert mail.outbox == []


def test_sign_up_email_skipped_when_the_sign_up_is_gone(task):
    record = SignUpFactory(task=task)
    record_id = record.pk
    SignUp.objects.filter(pk=record_id).delete()

    email_sign_up.enqueue(record_id, "confirmed")

    assert mail.outbox == []


def test_changed_email_skipped_when_task_cancelled_meanwhile(task):
    record = SignUpFactory(task=task)
    task.status = TaskStatus.CANCELLED
    task.save()

    email_task_update.enqueue(task.pk, [record.user_id], "changed", "")

    assert mail.outbox == []


def test_changed_email_skipped_for_someone_who_cancelled_meanwhile(task):
    record = SignUpFactory(task=task, status=SignUpStatus.CANCELLED)

    email_task_update.enqueue(task.pk, [record.user_id], "changed", "")

    assert mail.outbox == []


def test_task_email_skipped_when_the_task_is_gone(task):
    record = SignUpFactory(task=task)
    task_id, user_id = task.pk, record.user_id
    task.delete()

    email_task_update.enqueue(task_id, [user_id], "cancelled", "")

    assert mail.outbox == []


def test_a_person_without_a_name_is_greeted_without_a_placeholder(edition, django_capture_on_commit_callbacks):
    person = UserFactory(display_name="", preferred_language="en")
    task = TaskFactory(edition=edition, title="Badge desk")

    with django_capture_on_commit_callbacks(execute=True):
        services.sign_up(task=task, user=person)

    assert mail.outbox[0].body.startswith("Hello,\n")
    assert "no name yet" not in mail.outbox[0].body
