import datetime
import zoneinfo

import pytest
from django.utils import timezone

from points.models import EntryKind, PointsEntry
from tests.factories.accounts import UserFactory
from tests.factories.communities import CommunityFactory
from tests.factories.schedule import TrackFactory
from tests.factories.volunteering import SignUpFactory, TaskFactory, in_hours
from volunteering import selectors, services
from volunteering.models import SignUpStatus, TaskCategory, TaskStatus

pytestmark = pytest.mark.unit

TAIPEI = zoneinfo.ZoneInfo("Asia/Taipei")


def local(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    """A time on the fixture edition's days (August 2027), Taipei wall time."""
    return datetime.datetime(2027, 8, day, hour, minute, tzinfo=TAIPEI)


def task_at(edition, day, hour, minute=0, **kwargs):
    start = local(day, hour, minute)
    return TaskFactory(edition=edition, starts_at=start, ends_at=start + datetime.timedelta(hours=1), **kwargs)


def titles(tasks):
    return [task.title for task in tasks]


def test_board_tasks_shows_open_and_closed_only_sorted_by_start(edition):
    task_at(edition, 7, 15, title="Late", status=TaskStatus.CLOSED)
    task_at(edition, 7, 9, title="Early")
    task_at(edition, 7, 10, title="Draft", status=TaskStatus.DRAFT)
    task_at(edition, 7, 11, title="Cancelled", status=TaskStatus.CANCELLED)
    TaskFactory(title="Other edition")

    assert titles(selectors.board_tasks(edition=edition)) == ["Early", "Late"]


def test_board_tasks_filters_by_local_day(edition):
    task_at(edition, 7, 23, 30, title="Saturday night")  # 15:30 UTC on the 7th
    task_at(edition, 8, 0, 30, title="Sunday small hours")  # 16:30 UTC on the 7th
    task_at(edition, 8, 10, title="Sunday morning")

    assert titles(selectors.board_tasks(edition=edition, day=datetime.date(2027, 8, 7))) == ["Saturday night"]
    assert titles(selectors.board_tasks(edition=edition, day=datetime.date(2027, 8, 8))) == [
        "Sunday small hours",
        "Sunday morning",
    ]


@pytest.mark.parametrize(
    ("time_of_day", "expected"),
    [("morning", ["At 08:00", "At 11:59"]), ("afternoon", ["At 12:00", "At 17:30"]), ("evening", ["At 18:00"])],
)
def test_board_tasks_filters_by_local_time_of_day(edition, time_of_day, expected):
    for hour, minute in [(8, 0), (11, 59), (12, 0), (17, 30), (18, 0)]:
        task_at(edition, 7, hour, minute, title=f"At {hour:02d}:{minute:02d}")

    assert titles(selectors.board_tasks(edition=edition, time_of_day=time_of_day)) == expected


def test_board_tasks_filters_by_category_community_and_track(edition):
    community, other_community = CommunityFactory(), CommunityFactory()
    track, other_track = TrackFactory(edition=edition), TrackFactory(edition=edition)
    task_at(edition, 7, 9, title="Photo", category=TaskCategory.PHOTO)
    task_at(edition, 7, 10, title="Community", community=community)
    task_at(edition, 7, 11, title="Other community", community=other_community)
    task_at(edition, 7, 12, title="Track", track=track)
    task_at(edition, 7, 13, title="Other track", track=other_track)

    assert titles(selectors.board_tasks(edition=edition, category=TaskCategory.PHOTO)) == ["Photo"]
    assert titles(selectors.board_tasks(edition=edition, community_id=community.pk)) == ["Community"]
    assert titles(selectors.board_tasks(edition=edition, track_id=track.pk)) == ["Track"]


def test_board_tasks_search_looks_at_title_description_and_location(edition):
    task_at(edition, 7, 9, title="Badge printing", description="", location="")
    task_at(edition, 7, 10, title="A", description="Print the BADGES", location="")
    task_at(edition, 7, 11, title="B", description="", location="Badge desk")
    task_at(edition, 7, 12, title="C", description="Nothing here", location="Hall")

    assert titles(selectors.board_tasks(edition=edition, search="badge")) == ["Badge printing", "A", "B"]


def test_board_tasks_open_places_only_skips_full_closed_and_started(edition):
    full = task_at(edition, 7, 9, title="Full", headcount=1)
    SignUpFactory(task=full)
    half = task_at(edition, 7, 10, title="Half", headcount=2)
    SignUpFactory(task=half)
    SignUpFactory(task=half, status=SignUpStatus.CANCELLED)
    task_at(edition, 7, 11, title="Closed", status=TaskStatus.CLOSED)
    started = TaskFactory(edition=edition, title="Started", starts_at=in_hours(-1), ends_at=in_hours(1))

    result = selectors.board_tasks(edition=edition, open_places_only=True)

    assert titles(result) == ["Half"]
    assert started.pk not in [task.pk for task in result]


def test_board_tasks_count_places_and_state(edition):
    task = task_at(edition, 7, 9, headcount=3)
    SignUpFactory(task=task, status=SignUpStatus.CONFIRMED)
    SignUpFactory(task=task, status=SignUpStatus.COMPLETED)
    SignUpFactory(task=task, status=SignUpStatus.WAITLISTED)
    SignUpFactory(task=task, status=SignUpStatus.CANCELLED)

    [result] = selectors.board_tasks(edition=edition)

    assert (result.held, result.waiting, result.places_left, result.state) == (2, 1, 1, "open")


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, "open"),
        ({"headcount": 1}, "full"),
        ({"status": TaskStatus.CLOSED}, "closed"),
        ({"signup_opens_at": in_hours(2)}, "opens_later"),
    ],
)
def test_board_tasks_state(edition, changes, expected):
    task = task_at(edition, 7, 9, **{"headcount": 2, **changes})
    SignUpFactory(task=task)

    [result] = selectors.board_tasks(edition=edition)

    assert result.state == expected


def test_group_by_day_uses_local_days(edition):
    early = task_at(edition, 8, 0, 30)  # still the 7th in UTC
    late = task_at(edition, 7, 22)

    with timezone.override(TAIPEI):
        groups = selectors.group_by_day(selectors.board_tasks(edition=edition))

    assert [(day, [task.pk for task in tasks]) for day, tasks in groups] == [
        (datetime.date(2027, 8, 7), [late.pk]),
        (datetime.date(2027, 8, 8), [early.pk]),
    ]


def test_filter_choices_lists_communities_and_tracks_with_board_tasks(edition):
    with_task = CommunityFactory(name="Zeta")
    second = CommunityFactory(name="alpha")
    CommunityFactory(name="No tasks")
    only_draft = CommunityFactory(name="Draft only")
    track = TrackFactory(edition=edition, name="Rust")
    TrackFactory(edition=edition, name="Idle")
    task_at(edition, 7, 9, community=with_task, track=track)
    task_at(edition, 7, 10, community=second, track=track)
    task_at(edition, 7, 11, community=only_draft, status=TaskStatus.DRAFT)

    communities, tracks = selectors.filter_choices(edition=edition)

    assert communities == [(second.pk, "alpha"), (with_task.pk, "Zeta")]
    assert tracks == [(track.pk, "Rust")]


def test_participation_states(edition, user):
    task = TaskFactory(edition=edition, headcount=1)

    assert selectors.participation(user=user, task=selectors.task_for_page(pk=task.pk)).state == "open"
    SignUpFactory(task=task)
    assert selectors.participation(user=user, task=selectors.task_for_page(pk=task.pk)).state == "full"
    record = services.sign_up(task=task, user=user)
    waiting = selectors.participation(user=user, task=selectors.task_for_page(pk=task.pk))
    assert (waiting.state, waiting.position, waiting.can_cancel, waiting.sign_up) == ("waitlisted", 1, True, record)


def test_participation_refused_with_conflict(edition, user):
    held = TaskFactory(edition=edition, title="Held")
    SignUpFactory(task=held, user=user)
    clash = TaskFactory(edition=edition, starts_at=held.starts_at, ends_at=held.ends_at)

    result = selectors.participation(user=user, task=selectors.task_for_page(pk=clash.pk))

    assert result.state == "refused"
    assert result.refusal.startswith("You already hold “Held” at that time")


def test_participation_confirmed_cannot_cancel_after_start(edition, user):
    task = TaskFactory(edition=edition, starts_at=in_hours(-1), ends_at=in_hours(1))
    SignUpFactory(task=task, user=user)

    result = selectors.participation(user=user, task=selectors.task_for_page(pk=task.pk))

    assert (result.state, result.can_cancel) == ("confirmed", False)


def test_my_sign_ups_waitlist_positions_and_points(edition, user):
    first_task = TaskFactory(edition=edition, headcount=1)
    second_task = TaskFactory(edition=edition, headcount=1, starts_at=in_hours(100), ends_at=in_hours(101))
    done = TaskFactory(edition=edition, starts_at=in_hours(-5), ends_at=in_hours(-4), points=7)
    SignUpFactory(task=first_task, signed_up_at=in_hours(-10))
    SignUpFactory(task=first_task, status=SignUpStatus.WAITLISTED, signed_up_at=in_hours(-9))
    SignUpFactory(task=first_task, status=SignUpStatus.WAITLISTED, signed_up_at=in_hours(-8))
    SignUpFactory(task=first_task, user=user, status=SignUpStatus.WAITLISTED, signed_up_at=in_hours(-7))
    SignUpFactory(task=first_task, status=SignUpStatus.WAITLISTED, signed_up_at=in_hours(-6))
    SignUpFactory(task=second_task, signed_up_at=in_hours(-10))
    SignUpFactory(task=second_task, user=user, status=SignUpStatus.WAITLISTED, signed_up_at=in_hours(-7))
    completed = SignUpFactory(task=done, user=user)
    services.mark_completed(sign_up=completed, by=UserFactory())
    SignUpFactory(task=TaskFactory(), user=user)  # another edition

    records = selectors.my_sign_ups(user=user, edition=edition)

    assert [(r.task_id, r.status, r.waitlist_position, r.points_earned) for r in records] == [
        (done.pk, SignUpStatus.COMPLETED, 1, 7),
        (first_task.pk, SignUpStatus.WAITLISTED, 3, 0),
        (second_task.pk, SignUpStatus.WAITLISTED, 1, 0),
    ]
    assert PointsEntry.objects.get(sign_up=completed).kind == EntryKind.COMPLETION


def test_my_sign_ups_points_earned_is_net_after_undo(edition, user):
    task = TaskFactory(edition=edition, starts_at=in_hours(-5), ends_at=in_hours(-4), points=5)
    record = SignUpFactory(task=task, user=user)
    staff = UserFactory()
    services.mark_completed(sign_up=record, by=staff)
    services.undo_mark(sign_up=record, by=staff)

    [result] = selectors.my_sign_ups(user=user, edition=edition)

    assert (result.status, result.points_earned) == (SignUpStatus.CONFIRMED, 0)


def test_split_my_sign_ups_sections(edition, user):
    upcoming = SignUpFactory(task=TaskFactory(edition=edition), user=user)
    waiting = SignUpFactory(task=TaskFactory(edition=edition), user=user, status=SignUpStatus.WAITLISTED)
    past_task = TaskFactory(edition=edition, starts_at=in_hours(-5), ends_at=in_hours(-4))
    unmarked = SignUpFactory(task=past_task, user=user)
    no_show = SignUpFactory(
        task=TaskFactory(edition=edition, starts_at=in_hours(-7), ends_at=in_hours(-6)),
        user=user,
        status=SignUpStatus.NO_SHOW,
    )
    SignUpFactory(  # waitlisted for a task that has started: nothing to show
        task=TaskFactory(edition=edition, starts_at=in_hours(-1), ends_at=in_hours(1)),
        user=user,
        status=SignUpStatus.WAITLISTED,
    )
    SignUpFactory(task=TaskFactory(edition=edition), user=user, status=SignUpStatus.CANCELLED)

    sections = selectors.split_my_sign_ups(selectors.my_sign_ups(user=user, edition=edition))

    assert {name: [record.pk for record in records] for name, records in sections.items()} == {
        "upcoming": [upcoming.pk],
        "waitlisted": [waiting.pk],
        "completed": [],
        "past": [no_show.pk, unmarked.pk],
    }


def test_sign_up_statuses_maps_tasks_of_the_edition(edition, user):
    confirmed = SignUpFactory(task=TaskFactory(edition=edition), user=user)
    waiting = SignUpFactory(task=TaskFactory(edition=edition), user=user, status=SignUpStatus.WAITLISTED)
    SignUpFactory(task=TaskFactory(edition=edition), user=user, status=SignUpStatus.CANCELLED)
    SignUpFactory(task=TaskFactory(edition=edition))  # someone else
    SignUpFactory(task=TaskFactory(), user=user)  # another edition

    assert selectors.sign_up_statuses(user=user, edition=edition) == {
        confirmed.task_id: "confirmed",
        waiting.task_id: "waitlisted",
    }


def test_task_for_reader_counts_places_in_one_query_with_the_edition_from_its_cache(edition, django_assert_num_queries):
    from editions.selectors import all_editions
    from volunteering.models import Task

    task = TaskFactory(edition=edition, headcount=3)
    SignUpFactory(task=task)
    SignUpFactory(task=task, status=SignUpStatus.COMPLETED)
    SignUpFactory(task=task, status=SignUpStatus.CANCELLED)
    SignUpFactory(task=task, status=SignUpStatus.WAITLISTED)
    SignUpFactory(task=TaskFactory(edition=edition))  # another task's place
    all_editions()  # cached, as on every request (the edition middleware reads it)

    with django_assert_num_queries(1):
        reader = selectors.task_for_reader(pk=task.pk)
        zone = reader.edition.tzinfo

    assert (reader.held, reader.waiting, reader.places_left, reader.state) == (2, 1, 1, selectors.PlaceState.OPEN)
    assert (reader.title, zone) == (task.title, edition.tzinfo)
    with pytest.raises(Task.DoesNotExist):
        selectors.task_for_reader(pk=task.pk + 1000)


def test_held_places_and_statuses_of_a_page_of_tasks(edition, user, django_assert_num_queries):
    first, second, empty = (TaskFactory(edition=edition, headcount=5) for _ in range(3))
    SignUpFactory(task=first, user=user)
    SignUpFactory(task=first, status=SignUpStatus.NO_SHOW)
    SignUpFactory(task=first, status=SignUpStatus.WAITLISTED)
    SignUpFactory(task=second, status=SignUpStatus.COMPLETED)
    SignUpFactory(task=second, user=user, status=SignUpStatus.CANCELLED)
    SignUpFactory(task=TaskFactory(edition=edition), user=user)  # not on the page

    with django_assert_num_queries(2):
        held = selectors.held_places({first.pk, second.pk, empty.pk})
        statuses = selectors.sign_up_statuses(user=user, task_ids=[first.pk, second.pk, empty.pk])

    assert held == {first.pk: 2, second.pk: 1}
    assert statuses == {first.pk: SignUpStatus.CONFIRMED}
    assert selectors.held_places([]) == {} and selectors.sign_up_statuses(user=user, task_ids=[]) == {}
