import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from checkin import services
from checkin.models import CheckIn
from points.models import PointsEntry
from points.selectors import balance_for
from tests.checkin.conftest import at, code_for
from tests.factories.accounts import UserFactory
from tests.factories.volunteering import SignUpFactory, TaskFactory
from volunteering import services as volunteering_services
from volunteering.models import SignUp, SignUpStatus, TaskStatus

pytestmark = [pytest.mark.unit, pytest.mark.django_db]


def _refusal(call) -> tuple[str, str]:
    with pytest.raises(ValidationError) as caught:
        call()
    return caught.value.code, caught.value.messages[0]


# --- Checking in and out ---


def test_check_in_records_the_arrival_of_a_confirmed_place(task):
    sign_up = SignUpFactory(task=task)

    outcome = services.check_in(task=task, user=sign_up.user, code=code_for(task), now=at(7, 9, 55))

    assert (outcome.changed, outcome.check_in.sign_up, outcome.check_in.checked_in_at) == (True, sign_up, at(7, 9, 55))
    assert (outcome.check_in.checked_out_at, outcome.check_in.walk_in) == (None, False)


def test_check_in_twice_keeps_the_first_time(task):
    sign_up = SignUpFactory(task=task)
    services.check_in(task=task, user=sign_up.user, code=code_for(task), now=at(7, 9, 55))

    again = services.check_in(task=task, user=sign_up.user, code=code_for(task), now=at(7, 10, 5))

    assert (again.changed, again.check_in.checked_in_at, CheckIn.objects.count()) == (False, at(7, 9, 55), 1)


def test_check_in_and_out_credits_no_points_until_the_requester_confirms(task):
    sign_up = SignUpFactory(task=task)
    services.check_in(task=task, user=sign_up.user, code=code_for(task), now=at(7, 9, 55))

    outcome = services.check_out(task=task, user=sign_up.user, code=code_for(task), now=at(7, 12, 1))

    sign_up.refresh_from_db()
    assert (outcome.check_in.checked_out_at, sign_up.status, PointsEntry.objects.count()) == (
        at(7, 12, 1),
        SignUpStatus.CONFIRMED,
        0,
    )
    volunteering_services.mark_completed(sign_up=sign_up, by=task.requester)
    assert balance_for(user=sign_up.user, edition=task.edition) == 10


def test_check_out_twice_keeps_the_first_time(task):
    sign_up = SignUpFactory(task=task)
    services.check_in(task=task, user=sign_up.user, code=code_for(task), now=at(7, 9, 55))
    services.check_out(task=task, user=sign_up.user, code=code_for(task), now=at(7, 12))

    again = services.check_out(task=task, user=sign_up.user, code=code_for(task), now=at(7, 12, 30))

    assert (again.changed, again.check_in.checked_out_at) == (False, at(7, 12))


def test_check_out_without_checking_in_is_refused(task):
    sign_up = SignUpFactory(task=task)

    code, message = _refusal(
        lambda: services.check_out(task=task, user=sign_up.user, code=code_for(task), now=at(7, 11))
    )

    assert (code, message) == ("not_checked_in", "You have not checked in, so you cannot check out. Check in first.")
    assert CheckIn.objects.count() == 0


def test_check_out_after_the_task_ended_is_allowed_the_same_day(task):
    sign_up = SignUpFactory(task=task)
    services.check_in(task=task, user=sign_up.user, code=code_for(task), now=at(7, 10))

    outcome = services.check_out(task=task, user=sign_up.user, code=code_for(task), now=at(7, 18))

    assert outcome.check_in.checked_out_at == at(7, 18)


# --- Refusals ---


def test_code_of_another_task_is_refused(task, edition):
    other = TaskFactory(edition=edition, starts_at=at(7, 10), ends_at=at(7, 12))
    sign_up = SignUpFactory(task=task)

    code, message = _refusal(
        lambda: services.check_in(task=task, user=sign_up.user, code=code_for(other), now=at(7, 10))
    )

    assert code == "code"
    assert message.startswith("This check-in code is not for this task.")
    assert CheckIn.objects.count() == 0


def test_altered_code_is_refused(task):
    sign_up = SignUpFactory(task=task)
    good = code_for(task)
    altered = ("b" if good[0] != "b" else "c") + good[1:]

    assert _refusal(lambda: services.check_in(task=task, user=sign_up.user, code=altered, now=at(7, 10)))[0] == "code"


def test_yesterdays_code_does_not_work_today(edition):
    two_days = TaskFactory(edition=edition, starts_at=at(7, 9), ends_at=at(8, 17))
    sign_up = SignUpFactory(task=two_days)

    code, message = _refusal(
        lambda: services.check_in(task=two_days, user=sign_up.user, code=code_for(two_days, 7), now=at(8, 9))
    )

    assert (code, message) == ("code", "This check-in code is for Sat 7 Aug 2027; it does not work today.")
    assert services.check_in(task=two_days, user=sign_up.user, code=code_for(two_days, 8), now=at(8, 9)).changed


def test_code_scanned_on_another_day_is_refused(task):
    sign_up = SignUpFactory(task=task)

    code, message = _refusal(
        lambda: services.check_in(task=task, user=sign_up.user, code=code_for(task), now=at(8, 10))
    )

    assert (code, message) == ("code", "This check-in code is for Sat 7 Aug 2027; it does not work today.")


def test_cancelled_task_refuses_check_in_and_out(task):
    sign_up = SignUpFactory(task=task)
    services.check_in(task=task, user=sign_up.user, code=code_for(task), now=at(7, 10))
    volunteering_services.task_cancel(task=task)

    refused_in = _refusal(lambda: services.check_in(task=task, user=UserFactory(), code=code_for(task), now=at(7, 10)))
    refused_out = _refusal(lambda: services.check_out(task=task, user=sign_up.user, code=code_for(task), now=at(7, 11)))

    assert refused_in == refused_out == ("code", "This task was cancelled.")


def test_check_in_before_the_hour_before_the_start_is_refused(task):
    sign_up = SignUpFactory(task=task)

    refusal = _refusal(lambda: services.check_in(task=task, user=sign_up.user, code=code_for(task), now=at(7, 8, 59)))

    assert refusal == ("window", "Check-in opens at 09:00, an hour before the task starts.")


def test_check_in_after_the_end_is_refused(task):
    sign_up = SignUpFactory(task=task)

    refusal = _refusal(lambda: services.check_in(task=task, user=sign_up.user, code=code_for(task), now=at(7, 12)))

    assert refusal == ("window", "This task has ended; check-in is closed.")


def test_check_in_without_a_sign_up_needs_the_walk_in_choice(task):
    person = UserFactory()

    refusal = _refusal(lambda: services.check_in(task=task, user=person, code=code_for(task), now=at(7, 10)))

    assert refusal == ("not_signed_up", "You have not signed up for this task.")
    assert SignUp.objects.count() == 0


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (
            SignUpStatus.WAITLISTED,
            "You are on the waitlist for this task and no place has come free for you; ask the requester.",
        ),
        (SignUpStatus.NO_SHOW, "The requester marked you as a no-show for this task; please talk to them."),
        (SignUpStatus.COMPLETED, "Your completion of this task is already confirmed; thank you!"),
    ],
)
def test_check_in_refuses_a_place_not_held(task, status, message):
    sign_up = SignUpFactory(task=task, status=status)

    refusal = _refusal(
        lambda: services.check_in(task=task, user=sign_up.user, code=code_for(task), walk_in=True, now=at(7, 10))
    )

    assert refusal == (status, message)
    assert CheckIn.objects.count() == 0


# --- Walk-ins ---


def test_walk_in_takes_a_free_place_after_the_start(task):
    person = UserFactory()

    outcome = services.check_in(task=task, user=person, code=code_for(task), walk_in=True, now=at(7, 10, 20))

    sign_up = SignUp.objects.get(task=task, user=person)
    assert (sign_up.status, sign_up.signed_up_at) == (SignUpStatus.CONFIRMED, at(7, 10, 20))
    assert (outcome.check_in.sign_up, outcome.check_in.walk_in, outcome.changed) == (sign_up, True, True)


def test_walk_in_reuses_a_cancelled_sign_up_and_forgets_its_old_check_in(task):
    sign_up = SignUpFactory(task=task)
    services.check_in(task=task, user=sign_up.user, code=code_for(task), now=at(7, 9, 10))
    volunteering_services.cancel_sign_up(sign_up=sign_up, now=at(7, 9, 20))

    outcome = services.check_in(task=task, user=sign_up.user, code=code_for(task), walk_in=True, now=at(7, 10, 5))

    sign_up.refresh_from_db()
    assert (sign_up.status, outcome.check_in.checked_in_at, outcome.check_in.walk_in) == (
        SignUpStatus.CONFIRMED,
        at(7, 10, 5),
        True,
    )
    assert CheckIn.objects.count() == 1


def test_walk_in_with_a_place_already_held_is_an_ordinary_check_in(task):
    sign_up = SignUpFactory(task=task)

    outcome = services.check_in(task=task, user=sign_up.user, code=code_for(task), walk_in=True, now=at(7, 10))

    assert (outcome.check_in.sign_up, outcome.check_in.walk_in) == (sign_up, False)


def test_walk_in_on_a_full_task_is_refused_and_takes_no_waitlist_place(task):
    SignUpFactory(task=task)
    SignUpFactory(task=task)
    person = UserFactory()

    refusal = _refusal(
        lambda: services.check_in(task=task, user=person, code=code_for(task), walk_in=True, now=at(7, 10))
    )

    assert refusal == ("full", "You have not signed up for this task, and there is no free place left.")
    assert SignUp.objects.filter(user=person).count() == 0


def test_walk_in_that_would_get_a_waitlist_place_is_rolled_back(task, monkeypatch):
    """Someone took the last place between the count and the lock: sign_up gives a waitlist place,
    and the whole walk-in is undone."""
    SignUpFactory(task=task)
    person = UserFactory()
    monkeypatch.setattr("checkin.selectors.free_places", lambda task: 1)
    SignUpFactory(task=task)  # the last place, taken meanwhile

    refusal = _refusal(
        lambda: services.check_in(task=task, user=person, code=code_for(task), walk_in=True, now=at(7, 10))
    )

    assert refusal[0] == "full"
    assert (SignUp.objects.filter(user=person).count(), CheckIn.objects.count()) == (0, 0)


def test_walk_in_on_a_closed_task_is_refused(task):
    volunteering_services.task_close(task=task)

    refusal = _refusal(
        lambda: services.check_in(task=task, user=UserFactory(), code=code_for(task), walk_in=True, now=at(7, 10))
    )

    assert refusal == ("closed", "You have not signed up for this task, and it takes no more sign-ups.")
    task.refresh_from_db()
    assert task.status == TaskStatus.CLOSED


def test_walk_in_refused_for_a_person_busy_elsewhere_at_that_time(task, edition):
    person = UserFactory()
    SignUpFactory(task=TaskFactory(edition=edition, starts_at=at(7, 9), ends_at=at(7, 11)), user=person)

    code, message = _refusal(
        lambda: services.check_in(task=task, user=person, code=code_for(task), walk_in=True, now=at(7, 10))
    )

    assert (code, message.startswith("You already hold")) == ("refused", True)
    assert SignUp.objects.filter(task=task).count() == 0


# --- The model ---


def test_check_out_before_check_in_is_refused_by_the_database(task):
    sign_up = SignUpFactory(task=task)

    with pytest.raises(IntegrityError), transaction.atomic():
        CheckIn.objects.create(
            sign_up=sign_up, checked_in_at=at(7, 10), checked_out_at=at(7, 10) - datetime.timedelta(1)
        )


def test_one_check_in_per_sign_up(task):
    sign_up = SignUpFactory(task=task)
    CheckIn.objects.create(sign_up=sign_up, checked_in_at=at(7, 10))

    with pytest.raises(IntegrityError), transaction.atomic():
        CheckIn.objects.create(sign_up=sign_up, checked_in_at=at(7, 11))
