import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from points.models import EntryKind, PointsEntry
from points.selectors import balance_for
from points.services import redeem_rewards
from tests.factories.accounts import UserFactory
from tests.factories.points import RewardFactory
from tests.factories.volunteering import SignUpFactory, TaskFactory, in_hours
from volunteering import services
from volunteering.models import SignUp, SignUpStatus, TaskStatus

pytestmark = pytest.mark.unit


@pytest.fixture
def task(edition):
    return TaskFactory(edition=edition, headcount=2, points=10)


def statuses(task):
    return list(task.sign_ups.order_by("signed_up_at", "pk").values_list("user__display_name", "status"))


def test_sign_up_confirms_until_headcount_then_waitlists(task):
    people = [UserFactory(display_name=name) for name in "ABC"]

    for person in people:
        services.sign_up(task=task, user=person)

    assert statuses(task) == [("A", "confirmed"), ("B", "confirmed"), ("C", "waitlisted")]


def test_sign_up_twice_refused(task, user):
    services.sign_up(task=task, user=user)

    with pytest.raises(ValidationError, match="already signed up"):
        services.sign_up(task=task, user=user)


def test_sign_up_twice_on_waitlist_refused(task, user):
    SignUpFactory.create_batch(2, task=task)
    services.sign_up(task=task, user=user)

    with pytest.raises(ValidationError, match="already on the waitlist"):
        services.sign_up(task=task, user=user)


@pytest.mark.parametrize(
    ("status", "message"),
    [(TaskStatus.CANCELLED, "cancelled"), (TaskStatus.CLOSED, "closed"), (TaskStatus.DRAFT, "closed")],
)
def test_sign_up_refused_unless_open(task, user, status, message):
    task.status = status
    task.save()

    with pytest.raises(ValidationError, match=message):
        services.sign_up(task=task, user=user)
    assert SignUp.objects.count() == 0


def test_sign_up_refused_after_start(edition, user):
    task = TaskFactory(edition=edition, starts_at=in_hours(-1), ends_at=in_hours(1))

    with pytest.raises(ValidationError, match="already started"):
        services.sign_up(task=task, user=user)


def test_sign_up_refused_before_signup_opens(edition, user):
    task = TaskFactory(edition=edition, signup_opens_at=in_hours(2))

    with pytest.raises(ValidationError, match="Sign-up opens on"):
        services.sign_up(task=task, user=user)

    services.sign_up(task=task, user=user, now=in_hours(2))
    assert SignUp.objects.get().status == SignUpStatus.CONFIRMED


def test_overlapping_confirmed_sign_up_refused_naming_the_other_task(edition, user):
    first = TaskFactory(edition=edition, title="Front desk", starts_at=in_hours(48), ends_at=in_hours(50))
    second = TaskFactory(edition=edition, title="Room host", starts_at=in_hours(49), ends_at=in_hours(51))
    services.sign_up(task=first, user=user)

    with pytest.raises(ValidationError, match="Front desk"):
        services.sign_up(task=second, user=user)


def test_back_to_back_tasks_do_not_overlap(edition, user):
    first = TaskFactory(edition=edition, starts_at=in_hours(48), ends_at=in_hours(50))
    second = TaskFactory(edition=edition, starts_at=in_hours(50), ends_at=in_hours(52))
    services.sign_up(task=first, user=user)

    assert services.sign_up(task=second, user=user).status == SignUpStatus.CONFIRMED


def test_daily_hours_cap_refuses_with_the_cap_in_the_message(edition, user):
    edition.max_volunteer_hours_per_day = 4
    edition.save()
    day = datetime.datetime(2099, 8, 7, 9, 0, tzinfo=edition.tzinfo)
    morning = TaskFactory(edition=edition, starts_at=day, ends_at=day + datetime.timedelta(hours=3))
    noon = TaskFactory(
        edition=edition, starts_at=day + datetime.timedelta(hours=4), ends_at=day + datetime.timedelta(hours=6)
    )
    next_day = TaskFactory(
        edition=edition, starts_at=day + datetime.timedelta(days=1), ends_at=day + datetime.timedelta(days=1, hours=3)
    )
    services.sign_up(task=morning, user=user)

    with pytest.raises(ValidationError, match="at most 4 hours"):
        services.sign_up(task=noon, user=user)
    assert services.sign_up(task=next_day, user=user).status == SignUpStatus.CONFIRMED


def test_cancel_promotes_first_in_line(task):
    a, b, c, d = (UserFactory(display_name=name) for name in "ABCD")
    first = services.sign_up(task=task, user=a)
    for person in (b, c, d):
        services.sign_up(task=task, user=person)

    promoted = services.cancel_sign_up(sign_up=first)

    assert [record.user for record in promoted] == [c]
    assert statuses(task) == [("A", "cancelled"), ("B", "confirmed"), ("C", "confirmed"), ("D", "waitlisted")]


def test_promotion_skips_people_who_now_hold_an_overlapping_task(edition):
    task = TaskFactory(edition=edition, headcount=1, starts_at=in_hours(48), ends_at=in_hours(50))
    clash = TaskFactory(edition=edition, headcount=5, starts_at=in_hours(49), ends_at=in_hours(51))
    a, b, c = (UserFactory(display_name=name) for name in "ABC")
    first = services.sign_up(task=task, user=a)
    services.sign_up(task=task, user=b)
    services.sign_up(task=task, user=c)
    # While waiting here, B took a place on another task at the same time.
    SignUpFactory(task=clash, user=b)

    promoted = services.cancel_sign_up(sign_up=first)

    assert [record.user for record in promoted] == [c]
    assert SignUp.objects.get(task=task, user=b).status == SignUpStatus.WAITLISTED


def test_cancel_after_start_refused(edition, user):
    task = TaskFactory(edition=edition, starts_at=in_hours(1), ends_at=in_hours(3))
    record = services.sign_up(task=task, user=user)

    with pytest.raises(ValidationError, match="already started"):
        services.cancel_sign_up(sign_up=record, now=in_hours(2))


def test_sign_up_again_after_cancelling_goes_to_the_back_of_the_line(task):
    a, b, c = (UserFactory(display_name=name) for name in "ABC")
    first = services.sign_up(task=task, user=a)
    services.sign_up(task=task, user=b)
    services.cancel_sign_up(sign_up=first)
    services.sign_up(task=task, user=c)

    again = services.sign_up(task=task, user=a)

    assert again.pk == first.pk
    assert again.status == SignUpStatus.WAITLISTED


def test_waitlist_position(task):
    SignUpFactory.create_batch(2, task=task)
    waiting = [services.sign_up(task=task, user=UserFactory()) for _ in range(3)]

    assert [services.waitlist_position(record) for record in waiting] == [1, 2, 3]


def test_unique_sign_up_per_person_and_task_is_a_database_constraint(task, user):
    SignUpFactory(task=task, user=user)

    with pytest.raises(IntegrityError):
        SignUpFactory(task=task, user=user, status=SignUpStatus.WAITLISTED)


def test_mark_completed_credits_points_once(task, user, staff_user):
    record = services.sign_up(task=task, user=user)

    services.mark_completed(sign_up=record, by=staff_user)
    services.mark_completed(sign_up=record, by=staff_user)

    assert balance_for(user=user, edition=task.edition) == 10
    assert PointsEntry.objects.filter(sign_up=record).count() == 1


def test_undo_completion_writes_a_reversal_and_redo_reverses_it(task, user, staff_user):
    record = services.sign_up(task=task, user=user)
    services.mark_completed(sign_up=record, by=staff_user)

    services.undo_mark(sign_up=record, by=staff_user)
    assert balance_for(user=user, edition=task.edition) == 0
    services.mark_completed(sign_up=record, by=staff_user)

    entries = list(PointsEntry.objects.filter(sign_up=record).order_by("pk").values_list("kind", "amount"))
    assert entries == [(EntryKind.COMPLETION, 10), (EntryKind.REVERSAL, -10), (EntryKind.REVERSAL, 10)]
    assert balance_for(user=user, edition=task.edition) == 10


def test_second_completion_credit_for_a_sign_up_is_a_database_error(task, user, staff_user):
    record = services.sign_up(task=task, user=user)
    services.mark_completed(sign_up=record, by=staff_user)

    with pytest.raises(IntegrityError):
        PointsEntry.objects.create(
            edition=task.edition,
            user=user,
            amount=10,
            kind=EntryKind.COMPLETION,
            sign_up=record,
            reason="x",
            created_by=staff_user,
        )


def test_undo_refused_when_points_already_spent(task, user, staff_user):
    record = services.sign_up(task=task, user=user)
    services.mark_completed(sign_up=record, by=staff_user)
    reward = RewardFactory(edition=task.edition, cost=10)
    redeem_rewards(user=user, edition=task.edition, items=[(reward, 1)], by=staff_user)

    with pytest.raises(ValidationError, match="already spent"):
        services.undo_mark(sign_up=record, by=staff_user)
    assert SignUp.objects.get(pk=record.pk).status == SignUpStatus.COMPLETED


def test_no_show_after_completion_takes_points_back(task, user, staff_user):
    record = services.sign_up(task=task, user=user)
    services.mark_completed(sign_up=record, by=staff_user)

    services.mark_no_show(sign_up=record, by=staff_user)

    assert balance_for(user=user, edition=task.edition) == 0
    assert SignUp.objects.get(pk=record.pk).status == SignUpStatus.NO_SHOW


def test_waitlisted_cannot_be_marked_completed(task, user, staff_user):
    SignUpFactory.create_batch(2, task=task)
    record = services.sign_up(task=task, user=user)

    with pytest.raises(ValidationError):
        services.mark_completed(sign_up=record, by=staff_user)


def test_mark_all_completed(task, staff_user):
    people = [UserFactory() for _ in range(3)]
    for person in people:
        services.sign_up(task=task, user=person)

    assert services.mark_all_completed(task=task, by=staff_user) == 2
    assert [balance_for(user=p, edition=task.edition) for p in people] == [10, 10, 0]


def test_lowering_headcount_below_confirmed_refused(task):
    SignUpFactory.create_batch(2, task=task)

    with pytest.raises(ValidationError) as error:
        services.task_update(task=task, data={"headcount": 1})

    assert "headcount" in error.value.message_dict
    task.refresh_from_db()
    assert task.headcount == 2


def test_raising_headcount_promotes_from_waitlist(task):
    SignUpFactory.create_batch(2, task=task)
    waiting = services.sign_up(task=task, user=UserFactory())

    services.task_update(task=task, data={"headcount": 3})

    assert SignUp.objects.get(pk=waiting.pk).status == SignUpStatus.CONFIRMED


def test_cancel_task_cancels_active_sign_ups_and_keeps_completed(task, staff_user):
    done = SignUpFactory(task=task)
    services.mark_completed(sign_up=done, by=staff_user)
    active = services.sign_up(task=task, user=UserFactory())
    waiting = services.sign_up(task=task, user=UserFactory())

    services.task_cancel(task=task, reason="Rain")

    task.refresh_from_db()
    assert task.status == TaskStatus.CANCELLED
    assert [SignUp.objects.get(pk=r.pk).status for r in (done, active, waiting)] == [
        SignUpStatus.COMPLETED,
        SignUpStatus.CANCELLED,
        SignUpStatus.CANCELLED,
    ]


def test_closed_task_keeps_places_but_takes_no_sign_ups(task, user):
    held = SignUpFactory(task=task)

    services.task_close(task=task)

    with pytest.raises(ValidationError, match="closed"):
        services.sign_up(task=task, user=user)
    assert SignUp.objects.get(pk=held.pk).status == SignUpStatus.CONFIRMED


def test_task_create_validates(edition, staff_user):
    with pytest.raises(ValidationError):
        services.task_create(
            edition=edition,
            requester=staff_user,
            data={"title": "X", "starts_at": in_hours(5), "ends_at": in_hours(4), "headcount": 1, "points": 1},
        )


@pytest.mark.django_db(transaction=True)  # a retry needs the sign-up's own transaction, not the test's
def test_a_sign_up_ended_by_a_deadlock_is_tried_once_more(edition, user, monkeypatch):
    from django.db import OperationalError

    from volunteering import services as volunteering_services

    task = TaskFactory(edition=edition, headcount=2)
    attempts = []
    real = volunteering_services._sign_up

    class Deadlock(Exception):
        sqlstate = volunteering_services.DEADLOCK_DETECTED

    def once_deadlocked(**kwargs):
        attempts.append(1)
        if len(attempts) == 1:
            raise OperationalError("deadlock detected") from Deadlock()
        return real(**kwargs)

    monkeypatch.setattr(volunteering_services, "_sign_up", once_deadlocked)

    record = volunteering_services.sign_up(task=task, user=user)

    assert len(attempts) == 2 and record.status == "confirmed"


def test_other_database_errors_are_not_retried(edition, user, monkeypatch):
    from django.db import OperationalError

    from volunteering import services as volunteering_services

    task = TaskFactory(edition=edition)
    monkeypatch.setattr(
        volunteering_services, "_sign_up", lambda **kwargs: (_ for _ in ()).throw(OperationalError("gone"))
    )

    with pytest.raises(OperationalError):
        volunteering_services.sign_up(task=task, user=user)
