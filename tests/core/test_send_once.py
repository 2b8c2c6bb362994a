"""A job run again (its worker died before marking it done) does not send the same email twice."""

from types import SimpleNamespace

import pytest

from tests.factories.volunteering import SignUpFactory, TaskFactory
from volunteering.models import SignUpStatus
from volunteering.tasks import email_sign_up, email_task_update

pytestmark = pytest.mark.integration


def _job(job_id: str):
    return SimpleNamespace(task_result=SimpleNamespace(id=job_id))


def test_a_sign_up_email_job_run_twice_sends_once(edition, mailoutbox):
    record = SignUpFactory(task=TaskFactory(edition=edition), status=SignUpStatus.CONFIRMED)

    email_sign_up.func(_job("job-1"), record.pk, "confirmed")
    email_sign_up.func(_job("job-1"), record.pk, "confirmed")  # requeued after its worker died

    assert len(mailoutbox) == 1
    email_sign_up.func(_job("job-2"), record.pk, "confirmed")  # another job is another email
    assert len(mailoutbox) == 2


def test_a_task_update_job_run_again_skips_whom_it_reached(edition, mailoutbox):
    task = TaskFactory(edition=edition)
    first, second = (SignUpFactory(task=task, status=SignUpStatus.CONFIRMED) for _ in range(2))
    people = [first.user_id, second.user_id]

    email_task_update.func(_job("job-3"), task.pk, people, "changed", "")
    email_task_update.func(_job("job-3"), task.pk, people, "changed", "")

    assert sorted(message.to[0] for message in mailoutbox) == sorted([first.user.email, second.user.email])
