import datetime

import pytest

from checkin import selectors
from checkin.models import CheckIn
from checkin.selectors import Action, Presence
from tests.checkin.conftest import at, code_for
from tests.factories.accounts import UserFactory
from tests.factories.volunteering import SignUpFactory, TaskFactory
from volunteering.models import SignUpStatus

pytestmark = [pytest.mark.unit, pytest.mark.django_db]


# --- The code ---


def test_code_is_short_and_differs_by_task_and_day(task, edition):
    other = TaskFactory(edition=edition, starts_at=at(7, 10), ends_at=at(7, 12))

    codes = {code_for(task, 7), code_for(task, 8), code_for(other, 7)}

    assert (len(codes), {len(code) for code in codes}) == (3, {10})
    assert all(code.isalnum() and code == code.lower() for code in codes)


def test_code_depends_on_the_secret_key(task, settings):
    before = code_for(task)
    settings.SECRET_KEY = "another secret key for this test only, long enough to be one"

    assert code_for(task) != before


def test_code_day_finds_the_task_day_and_nothing_else(edition):
    two_days = TaskFactory(edition=edition, starts_at=at(7, 9), ends_at=at(8, 17))

    found = [selectors.code_day(task=two_days, code=code_for(two_days, day)) for day in (6, 7, 8, 9)]

    assert found == [None, datetime.date(2027, 8, 7), datetime.date(2027, 8, 8), None]
    assert selectors.code_day(task=two_days, code=code_for(two_days, 7).upper()) == datetime.date(2027, 8, 7)
    assert selectors.code_day(task=two_days, code="") is None


def test_task_days_in_the_editions_time_zone(edition):
    # 23:00–01:00 Taipei runs on two days; a task ending at midnight runs on one.
    late = TaskFactory(edition=edition, starts_at=at(7, 23), ends_at=at(8, 1))
    to_midnight = TaskFactory(edition=edition, starts_at=at(7, 22), ends_at=at(8, 0))

    assert selectors.task_days(late) == [datetime.date(2027, 8, 7), datetime.date(2027, 8, 8)]
    assert selectors.task_days(to_midnight) == [datetime.date(2027, 8, 7)]


def test_check_in_url_is_absolute_and_holds_the_days_code(task, settings):
    settings.SITE_URL = "https://volunteer.example.org"

    url = selectors.check_in_url(task=task, day=datetime.date(2027, 8, 7))

    assert url == f"https://volunteer.example.org/check-in/{task.pk}/{code_for(task)}/"


# --- What a person may do ---


def test_visit_offers_check_in_then_check_out_then_nothing(task):
    sign_up = SignUpFactory(task=task)
    visit = selectors.visit_for(task=task, user=sign_up.user, code=code_for(task), now=at(7, 10))
    assert (visit.action, visit.refusal) == (Action.CHECK_IN, None)

    record = CheckIn.objects.create(sign_up=sign_up, checked_in_at=at(7, 10))
    visit = selectors.visit_for(task=task, user=sign_up.user, code=code_for(task), now=at(7, 11))
    assert (visit.action, visit.check_in) == (Action.CHECK_OUT, record)

    record.checked_out_at = at(7, 12)
    record.save()
    visit = selectors.visit_for(task=task, user=sign_up.user, code=code_for(task), now=at(7, 12))
    assert (visit.action, visit.refusal) == (None, None)


def test_visit_offers_a_walk_in_only_while_a_place_is_free(task):
    person = UserFactory()
    assert selectors.visit_for(task=task, user=person, code=code_for(task), now=at(7, 10)).action == Action.WALK_IN

    SignUpFactory(task=task)
    SignUpFactory(task=task)
    visit = selectors.visit_for(task=task, user=person, code=code_for(task), now=at(7, 10))

    assert (visit.action, visit.refusal) == (
        None,
        "You have not signed up for this task, and there is no free place left.",
    )


def test_visit_reads_in_one_or_two_queries(task, django_assert_num_queries):
    sign_up, walk_in = SignUpFactory(task=task), UserFactory()

    with django_assert_num_queries(1):
        selectors.visit_for(task=task, user=sign_up.user, code=code_for(task), now=at(7, 10))
    with django_assert_num_queries(2):  # the sign-up, the free places
        selectors.visit_for(task=task, user=walk_in, code=code_for(task), now=at(7, 10))


# --- The roster ---


def _attendance(task, now):
    sign_ups = list(task.sign_ups.select_related("check_in").order_by("pk"))
    groups = selectors.roster_attendance(task=task, sign_ups=sign_ups, now=now)
    return {name: [s.user.display_name for s in people] for name, people in groups.items() if people}


def test_roster_attendance_before_during_and_after(task):
    here = SignUpFactory(task=task, user=UserFactory(display_name="Here"))
    CheckIn.objects.create(sign_up=here, checked_in_at=at(7, 9, 50))
    SignUpFactory(task=task, user=UserFactory(display_name="Missing"))
    gone = SignUpFactory(task=task, user=UserFactory(display_name="Gone"))
    CheckIn.objects.create(sign_up=gone, checked_in_at=at(7, 9, 40), checked_out_at=at(7, 9, 58))
    SignUpFactory(task=task, user=UserFactory(display_name="Marked"), status=SignUpStatus.NO_SHOW)

    assert _attendance(task, at(7, 9, 59)) == {
        "here": ["Here"],
        "expected": ["Missing"],
        "left": ["Gone"],
        "ready": ["Gone"],
    }
    assert _attendance(task, at(7, 10, 15))["late"] == ["Missing"]
    assert _attendance(task, at(7, 12, 30))["absent"] == ["Missing"]


def test_completed_sign_up_is_no_longer_ready_to_confirm(task):
    done = SignUpFactory(task=task, status=SignUpStatus.COMPLETED)
    CheckIn.objects.create(sign_up=done, checked_in_at=at(7, 10), checked_out_at=at(7, 12))
    done = task.sign_ups.select_related("check_in").get()

    attendance = selectors.attendance_of(sign_up=done, task=task, now=at(7, 13))

    assert (attendance.presence, attendance.ready_to_confirm) == (Presence.LEFT, False)


@pytest.mark.parametrize(
    ("now", "live"),
    [(at(7, 8, 59), False), (at(7, 9), True), (at(7, 13), True), (at(7, 13, 1), False)],
)
def test_roster_is_live_from_an_hour_before_to_an_hour_after(task, now, live):
    assert selectors.is_live(task=task, now=now) is live
