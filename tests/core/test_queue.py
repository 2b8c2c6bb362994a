"""Jobs queued with the change they report (core.queue): the database queue joins the transaction."""

import pytest
from django.db import transaction
from django.test import override_settings

from tests.factories.accounts import UserFactory
from tests.factories.volunteering import TaskFactory
from volunteering import services

pytestmark = pytest.mark.integration

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@override_settings(TASKS=DATABASE_QUEUE)
def test_a_sign_up_and_its_email_are_committed_together(edition):
    from django_tasks_db.models import DBTaskResult

    task = TaskFactory(edition=edition)
    with transaction.atomic():
        services.sign_up(task=task, user=UserFactory())
        assert DBTaskResult.objects.count() == 1  # written inside the transaction, not after it

    job = DBTaskResult.objects.get()
    assert job.task_path == "volunteering.tasks.email_sign_up"


@override_settings(TASKS=DATABASE_QUEUE)
def test_a_rolled_back_sign_up_leaves_no_email(edition):
    from django_tasks_db.models import DBTaskResult

    task = TaskFactory(edition=edition)

    class Abort(Exception):
        pass

    with pytest.raises(Abort), transaction.atomic():
        services.sign_up(task=task, user=UserFactory())
        raise Abort

    assert DBTaskResult.objects.count() == 0


def test_other_queues_get_the_job_once_committed(edition, django_capture_on_commit_callbacks, mailoutbox):
    task = TaskFactory(edition=edition)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.sign_up(task=task, user=UserFactory())

    assert len(callbacks) >= 1 and mailoutbox == []  # the immediate queue waits for the commit
