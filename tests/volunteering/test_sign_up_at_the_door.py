"""sign_up(at_the_door=True): a walk-in at check-in takes a free place after the start, never a waitlist place."""

import pytest
from django.core.exceptions import ValidationError

from volunteering import services
from volunteering.models import SignUp, SignUpStatus

from ..factories.accounts import UserFactory
from ..factories.volunteering import SignUpFactory, TaskFactory, in_hours

pytestmark = pytest.mark.django_db


def test_a_started_task_takes_a_walk_in_at_the_door_only():
    task = TaskFactory(starts_at=in_hours(-1), ends_at=in_hours(2), headcount=2)

    with pytest.raises(ValidationError):
        services.sign_up(task=task, user=UserFactory())
    record = services.sign_up(task=task, user=UserFactory(), at_the_door=True)

    assert record.status == SignUpStatus.CONFIRMED


def test_a_full_task_refuses_at_the_door_instead_of_waitlisting():
    task = TaskFactory(starts_at=in_hours(-1), ends_at=in_hours(2), headcount=1)
    SignUpFactory(task=task)
    walk_in = UserFactory()

    with pytest.raises(ValidationError) as refused:
        services.sign_up(task=task, user=walk_in, at_the_door=True)

    assert refused.value.code == "full"
    assert not SignUp.objects.filter(task=task, user=walk_in).exists()


def test_a_cancelled_task_refuses_at_the_door_too():
    task = TaskFactory(starts_at=in_hours(-1), ends_at=in_hours(2), status="cancelled")

    with pytest.raises(ValidationError):
        services.sign_up(task=task, user=UserFactory(), at_the_door=True)
