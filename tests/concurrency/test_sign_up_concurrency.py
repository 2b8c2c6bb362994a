"""Many people signing up for the last places at once, each on a separate PostgreSQL connection."""

import pytest
from django.core.exceptions import ValidationError

from tests.concurrency.conftest import run_at_once
from tests.factories.accounts import UserFactory
from tests.factories.editions import EditionFactory
from tests.factories.volunteering import TaskFactory, in_hours
from volunteering import services
from volunteering.models import SignUp, SignUpStatus

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_concurrent_sign_ups_never_exceed_headcount():
    edition = EditionFactory(slug="2027", is_current=True)
    task = TaskFactory(edition=edition, headcount=10)
    people = [UserFactory() for _ in range(40)]

    results = run_at_once([lambda person=person: services.sign_up(task=task, user=person) for person in people])

    assert [r for r in results if isinstance(r, Exception)] == []
    counts = {status: SignUp.objects.filter(task=task, status=status).count() for status in SignUpStatus.values}
    assert counts == {"confirmed": 10, "waitlisted": 30, "cancelled": 0, "completed": 0, "no_show": 0}


def test_concurrent_cancellations_promote_each_waiting_person_once():
    edition = EditionFactory(slug="2027", is_current=True)
    task = TaskFactory(edition=edition, headcount=5)
    confirmed = [services.sign_up(task=task, user=UserFactory()) for _ in range(5)]
    for _ in range(8):
        services.sign_up(task=task, user=UserFactory())

    results = run_at_once([lambda record=record: services.cancel_sign_up(sign_up=record) for record in confirmed])

    assert [r for r in results if isinstance(r, Exception)] == []
    assert sum(len(promoted) for promoted in results) == 5
    assert SignUp.objects.filter(task=task, status=SignUpStatus.CONFIRMED).count() == 5
    assert SignUp.objects.filter(task=task, status=SignUpStatus.WAITLISTED).count() == 3


def test_one_person_racing_for_two_overlapping_tasks_gets_one():
    edition = EditionFactory(slug="2027", is_current=True)
    person = UserFactory()
    tasks = [TaskFactory(edition=edition, starts_at=in_hours(48), ends_at=in_hours(50)) for _ in range(6)]

    results = run_at_once([lambda task=task: services.sign_up(task=task, user=person) for task in tasks])

    refused = [r for r in results if isinstance(r, ValidationError)]
    assert (len(refused), SignUp.objects.filter(user=person, status=SignUpStatus.CONFIRMED).count()) == (5, 1)
    assert [r for r in results if isinstance(r, Exception) and not isinstance(r, ValidationError)] == []
