"""Check-ins and walk-ins at the same instant, each on its own PostgreSQL connection
(run with DATABASE_URL=postgres://...; skipped on SQLite, which serialises every write anyway)."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from checkin import services
from checkin.models import CheckIn
from tests.checkin.conftest import at, code_for
from tests.concurrency.conftest import run_at_once
from tests.factories.accounts import UserFactory
from tests.factories.volunteering import SignUpFactory
from volunteering import services as volunteering_services
from volunteering.models import SignUp, SignUpStatus

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only(db):
    if connection.vendor != "postgresql":
        pytest.skip("Concurrency claims are proven on PostgreSQL (run with DATABASE_URL=postgres://...)")


def _walk_in(task, person):
    return lambda: services.check_in(task=task, user=person, code=code_for(task), walk_in=True, now=at(7, 10, 5))


def _outcomes(results):
    refused = [r for r in results if isinstance(r, ValidationError)]
    errors = [r for r in results if isinstance(r, Exception) and not isinstance(r, ValidationError)]
    return refused, errors


def test_two_walk_ins_for_the_last_place_get_exactly_one(task):
    SignUpFactory(task=task)  # one of the two places taken
    people = [UserFactory(), UserFactory()]

    results = run_at_once([_walk_in(task, person) for person in people])

    refused, errors = _outcomes(results)
    assert errors == []
    assert [error.code for error in refused] == ["full"]
    assert SignUp.objects.filter(task=task, status=SignUpStatus.CONFIRMED).count() == 2
    assert SignUp.objects.filter(task=task).exclude(status=SignUpStatus.CONFIRMED).count() == 0
    assert CheckIn.objects.filter(walk_in=True).count() == 1


def test_many_walk_ins_never_exceed_the_headcount(task):
    task.headcount = 3
    task.save()
    people = [UserFactory() for _ in range(12)]

    results = run_at_once([_walk_in(task, person) for person in people])

    refused, errors = _outcomes(results)
    assert (errors, len(refused)) == ([], 9)
    assert SignUp.objects.filter(task=task, status=SignUpStatus.CONFIRMED).count() == 3
    assert SignUp.objects.filter(task=task, status=SignUpStatus.WAITLISTED).count() == 0
    assert CheckIn.objects.count() == 3


def test_walk_in_racing_a_board_sign_up_for_the_last_place(task):
    SignUpFactory(task=task)
    at_door, online = UserFactory(), UserFactory()

    results = run_at_once(
        [
            lambda: services.check_in(task=task, user=at_door, code=code_for(task), walk_in=True, now=at(7, 9, 30)),
            lambda: volunteering_services.sign_up(task=task, user=online, now=at(7, 9, 30)),
        ]
    )

    refused, errors = _outcomes(results)
    assert errors == []
    confirmed = SignUp.objects.filter(task=task, status=SignUpStatus.CONFIRMED).count()
    waitlisted = list(SignUp.objects.filter(task=task, status=SignUpStatus.WAITLISTED).values_list("user", flat=True))
    if refused:  # the board won: the person at the door took nothing, not even a waitlist place
        assert (confirmed, waitlisted, CheckIn.objects.count()) == (2, [], 0)
        assert not SignUp.objects.filter(user=at_door).exists()
    else:  # the door won: the board's sign-up waits
        assert (confirmed, waitlisted, CheckIn.objects.count()) == (2, [online.pk], 1)


def test_a_double_tap_checks_in_once(task):
    sign_up = SignUpFactory(task=task)
    check_in = lambda: services.check_in(task=task, user=sign_up.user, code=code_for(task), now=at(7, 10))  # noqa: E731

    results = run_at_once([check_in, check_in, check_in])

    assert [r for r in results if isinstance(r, Exception)] == []
    assert sorted(r.changed for r in results) == [False, False, True]
    assert CheckIn.objects.count() == 1
