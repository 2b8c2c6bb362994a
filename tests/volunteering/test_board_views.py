import datetime
import itertools
import re
import zoneinfo

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from editions.models import RoleKind
from points.models import DeskCode, EntryKind, PointsEntry
from tests.factories.accounts import UserFactory
from tests.factories.communities import CommunityFactory, ResponsiblePersonFactory
from tests.factories.editions import EditionFactory, EditionRoleFactory
from tests.factories.follows import SessionStarFactory, TrackFollowFactory
from tests.factories.schedule import RoomFactory, SessionFactory, TrackFactory
from tests.factories.volunteering import SignUpFactory, TaskFactory, in_hours
from volunteering import services
from volunteering.models import SignUp, SignUpStatus, Task, TaskCategory, TaskStatus
from volunteering.views.board import BOARD_PAGE_SIZE

pytestmark = pytest.mark.integration

TAIPEI = zoneinfo.ZoneInfo("Asia/Taipei")
BOARD = "/one-day/"


def task_url(task, name="task-detail"):
    return reverse(f"volunteering:{name}", args=[task.pk])


def local(day, hour, minute=0, tz=TAIPEI):
    return datetime.datetime(2027, 8, day, hour, minute, tzinfo=tz)


def task_at(edition, day, hour, **kwargs):
    start = local(day, hour)
    return TaskFactory(edition=edition, starts_at=start, ends_at=start + datetime.timedelta(hours=2), **kwargs)


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def card_titles(response):
    return re.findall(r'<h4 class="task-card__title"><a href="[^"]+">([^<]+)</a>', response.content.decode())


# --- The board ---


def test_board_explains_one_day_volunteering(client, edition):
    content = client.get(BOARD).content.decode()

    assert "<h1>One-day volunteer</h1>" in content
    assert "four to six months" in content
    assert re.findall(r"<li>([^<]+)</li>", content.split('class="board-steps"')[1].split("</ol>")[0]) == [
        "Find a task that suits you.",
        "Sign up for it.",
        "Do it.",
        "Get it confirmed by the person who posted it.",
        "Collect your points at the volunteer service desk.",
        "Exchange them for rewards.",
    ]
    assert "Volunteer Task" not in content


def test_board_shows_open_and_closed_tasks_of_the_current_edition_only(client, edition):
    task_at(edition, 7, 14, title="Closed one", status=TaskStatus.CLOSED)
    task_at(edition, 7, 10, title="Open one")
    task_at(edition, 7, 11, title="Draft one", status=TaskStatus.DRAFT)
    task_at(edition, 7, 12, title="Cancelled one", status=TaskStatus.CANCELLED)
    TaskFactory(edition=EditionFactory(slug="2026"), title="Last year")

    response = client.get(BOARD)

    assert response.status_code == 200
    assert card_titles(response) == ["Open one", "Closed one"]
    assert "2 tasks" in response.content.decode()


def test_board_card_shows_time_place_points_and_places(client, edition):
    room = RoomFactory(edition=edition, name="TR411")
    community = CommunityFactory(name="Rust Taiwan")
    task = task_at(
        edition, 7, 10, title="Room host", room=room, location="", headcount=5, points=15, community=community
    )
    SignUpFactory.create_batch(2, task=task)
    SignUpFactory(task=task, status=SignUpStatus.CANCELLED)

    content = client.get(BOARD).content.decode()

    assert "Sat 7 Aug, 10:00–12:00" in content
    assert "TR411" in content
    assert "15 points" in content
    assert "3 of 5 left" in content
    meta = content.split('<p class="task-card__meta">')[1].split("</p>")[0]
    assert re.findall(r"<span>([^<]+)</span>", meta) == ["Reception and check-in", "Rust Taiwan"]


@pytest.mark.parametrize(
    ("changes", "sign_ups", "expected"),
    [
        ({"headcount": 1}, 1, "Full — waitlist open"),
        ({"signup_opens_at": local(1, 12)}, 0, "Sign-up opens Sun 1 Aug, 12:00"),
        ({"status": TaskStatus.CLOSED}, 0, "Closed"),
    ],
)
def test_board_card_place_states(client, edition, changes, sign_ups, expected):
    task = task_at(edition, 7, 10, **changes)
    SignUpFactory.create_batch(sign_ups, task=task)

    content = client.get(BOARD).content.decode()

    assert re.findall(r'<span class="pill pill--\w+">([^<]+)</span>', content) == [expected]


def test_board_marks_my_sign_ups(client, edition, user):
    mine = task_at(edition, 7, 10, title="Mine")
    task_at(edition, 7, 12, title="Not mine")
    SignUpFactory(task=mine, user=user)
    client.force_login(user)

    content = client.get(BOARD).content.decode()

    assert content.count("You're signed up") == 1


def test_board_groups_tasks_by_local_day(client, edition):
    task_at(edition, 8, 0, title="Small hours")  # still the 7th in UTC
    task_at(edition, 7, 10, title="Saturday")

    content = client.get(BOARD).content.decode()

    assert re.findall(r'<h3 class="board-day__heading"[^>]*>([^<]+)</h3>', content) == [
        "Sat 7 Aug 2027",
        "Sun 8 Aug 2027",
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["Morning photo", "Afternoon desk", "Evening party", "Sunday track", "Full task"]),
        ("?day=2027-08-08", ["Sunday track", "Full task"]),
        ("?time=morning", ["Morning photo", "Sunday track"]),
        ("?time=afternoon", ["Afternoon desk", "Full task"]),
        ("?time=evening", ["Evening party"]),
        ("?category=photo", ["Morning photo"]),
        ("?q=DESK", ["Afternoon desk"]),
        ("?q=balloons", ["Evening party"]),
        ("?open=on", ["Morning photo", "Afternoon desk", "Evening party", "Sunday track"]),
        ("?day=2027-08-08&open=on", ["Sunday track"]),
    ],
)
def test_board_filters_narrow_exactly(client, edition, query, expected):
    task_at(edition, 7, 9, title="Morning photo", category=TaskCategory.PHOTO, description="")
    task_at(edition, 7, 13, title="Afternoon desk", category=TaskCategory.BOOTH, description="")
    task_at(edition, 7, 19, title="Evening party", category=TaskCategory.PARTY, description="Blow up balloons")
    task_at(edition, 8, 10, title="Sunday track", category=TaskCategory.TRACK, description="")
    full = task_at(edition, 8, 14, title="Full task", headcount=1, description="")
    SignUpFactory(task=full)

    response = client.get(BOARD + query)

    assert response.status_code == 200
    assert card_titles(response) == expected


def test_board_filters_by_community_and_track(client, edition):
    community = CommunityFactory(name="PyCon Taiwan")
    track = TrackFactory(edition=edition, name="Python track")
    task_at(edition, 7, 9, title="Community task", community=community)
    task_at(edition, 7, 10, title="Track task", track=track)
    task_at(edition, 7, 11, title="Neither")

    by_community = client.get(f"{BOARD}?community={community.pk}")
    by_track = client.get(f"{BOARD}?track={track.pk}")

    assert card_titles(by_community) == ["Community task"]
    assert card_titles(by_track) == ["Track task"]
    assert f'<option value="{community.pk}">PyCon Taiwan</option>' in by_track.content.decode()


def test_board_filter_choices_follow_new_communities(client, edition):
    # The filter form is a fragment kept until its choices change, not thrown away with every page copy.
    task_at(edition, 7, 9, title="First")
    assert "New community" not in client.get(BOARD).content.decode()

    task_at(edition, 7, 10, title="Second", community=CommunityFactory(name="New community"))

    assert ">New community</option>" in client.get(BOARD).content.decode()


def test_board_day_choices_follow_the_editions_dates(client, edition):
    task_at(edition, 7, 9, title="First")
    new_day = edition.end_date + datetime.timedelta(days=1)
    assert f'<option value="{new_day.isoformat()}">' not in client.get(BOARD).content.decode()

    edition.end_date = new_day
    edition.save()

    assert f'<option value="{new_day.isoformat()}">' in client.get(BOARD).content.decode()


def test_board_filter_with_bad_value_is_ignored_not_an_error(client, edition):
    task_at(edition, 7, 9, title="Only task")

    response = client.get(f"{BOARD}?day=yesterday&time=noon&community=abc&q=")

    assert response.status_code == 200
    assert card_titles(response) == ["Only task"]


def test_board_no_match_says_so(client, edition):
    task_at(edition, 7, 9, title="Only task")

    content = client.get(f"{BOARD}?q=nothing-like-this").content.decode()

    assert "No tasks match these filters." in content
    assert "0 tasks" in content


def test_board_links_for_logged_in_and_task_posters(client, edition, user, staff_user):
    anonymous = client.get(BOARD).content.decode()
    client.force_login(user)
    volunteer = client.get(BOARD).content.decode()
    client.force_login(staff_user)
    staff = client.get(BOARD).content.decode()

    mine, post, manage = "/one-day/mine/", "/one-day/tasks/new/", "/one-day/requests/"
    assert [link in anonymous for link in (mine, post, manage)] == [False, False, False]
    assert [link in volunteer for link in (mine, post, manage)] == [True, False, False]
    assert [link in staff for link in (mine, post, manage)] == [True, True, True]


def test_board_responsible_person_may_post(client, edition, user):
    ResponsiblePersonFactory(edition=edition, user=user)
    client.force_login(user)

    assert "/one-day/tasks/new/" in client.get(BOARD).content.decode()


def test_board_without_edition_is_a_friendly_404(client, db):
    response = client.get(BOARD)

    assert response.status_code == 404
    assert "There is no conference edition yet" in response.content.decode()


def test_board_of_an_earlier_edition_in_its_time_zone(client, edition):
    berlin = zoneinfo.ZoneInfo("Europe/Berlin")
    earlier = EditionFactory(
        slug="2026",
        start_date=datetime.date(2026, 8, 1),
        end_date=datetime.date(2026, 8, 2),
        time_zone="Europe/Berlin",
    )
    start = datetime.datetime(2026, 8, 1, 9, 0, tzinfo=berlin)
    TaskFactory(edition=earlier, title="Old task", starts_at=start, ends_at=start + datetime.timedelta(hours=1))
    task_at(edition, 7, 9, title="This year")

    response = client.get("/one-day/editions/2026/")

    assert response.status_code == 200
    assert card_titles(response) == ["Old task"]
    assert "Sat 1 Aug, 09:00–10:00" in response.content.decode()
    assert "/one-day/editions/2026/" in client.get(BOARD).content.decode()


def test_board_of_the_current_edition_slug_redirects_to_the_board(client, edition):
    response = client.get("/one-day/editions/2027/?day=2027-08-07")

    assert response.status_code == 302
    assert response["Location"] == "/one-day/?day=2027-08-07"


def test_board_of_an_unknown_edition_is_404(client, edition):
    assert client.get("/one-day/editions/1999/").status_code == 404


def _many_tasks(edition, count):
    rooms = [RoomFactory(edition=edition) for _ in range(3)]
    communities = [CommunityFactory() for _ in range(3)]
    tracks = [TrackFactory(edition=edition) for _ in range(3)]
    requesters = [UserFactory() for _ in range(3)]
    volunteers = [UserFactory() for _ in range(4)]
    start = local(7, 9)
    tasks = Task.objects.bulk_create(
        Task(
            edition=edition,
            title=f"Bulk {number}",
            description="Help **out**.",
            room=rooms[number % 3],
            community=communities[number % 3],
            track=tracks[number % 3],
            requester=requesters[number % 3],
            starts_at=start + datetime.timedelta(minutes=number),
            ends_at=start + datetime.timedelta(minutes=number + 60),
            headcount=4,
            points=5,
            status=TaskStatus.OPEN,
        )
        for number in range(count)
    )
    statuses = itertools.cycle([SignUpStatus.CONFIRMED, SignUpStatus.WAITLISTED, SignUpStatus.CANCELLED])
    SignUp.objects.bulk_create(
        SignUp(task=task, user=volunteer, status=next(statuses), signed_up_at=timezone.now())
        for task in tasks
        for volunteer in volunteers
    )
    return tasks, volunteers


@pytest.mark.parametrize("count", [10, 500])
def test_board_query_count_does_not_grow_anonymous(client, edition, django_assert_num_queries, count):
    _many_tasks(edition, count)

    # edition (cached after the first request), communities and tracks (one query), count, one page of
    # tasks; places left, filled in per response (volunteering.personal)
    with django_assert_num_queries(5):
        response = client.get(BOARD + "?open=on")

    assert len(card_titles(response)) == min(count, BOARD_PAGE_SIZE)


@pytest.mark.parametrize("count", [10, 500])
def test_board_query_count_does_not_grow_logged_in(client, edition, django_assert_num_queries, count):
    _, volunteers = _many_tasks(edition, count)
    client.force_login(volunteers[0])

    # + session, user, roles and responsibilities (one query), my sign-ups on the page's cards
    with django_assert_num_queries(9):
        response = client.get(BOARD)

    assert len(card_titles(response)) == min(count, BOARD_PAGE_SIZE)


def test_board_pages_through_tasks_in_start_order_keeping_filters(client, edition):
    _many_tasks(edition, BOARD_PAGE_SIZE + 5)

    first = client.get(BOARD, {"open": "on"})
    second = client.get(BOARD, {"open": "on", "page": 2})

    assert len(card_titles(first)) == BOARD_PAGE_SIZE
    assert len(card_titles(second)) == 5
    assert set(card_titles(first)).isdisjoint(card_titles(second))
    assert f"{BOARD_PAGE_SIZE + 5} tasks" in first.content.decode()
    assert 'href="?open=on&amp;page=2"' in first.content.decode()


# --- The task page ---


def test_task_page_shows_everything_but_the_requesters_email(client, edition, user):
    requester = UserFactory(email="secret.requester@example.net", display_name="Mei")
    task = TaskFactory(
        edition=edition,
        requester=requester,
        description="Bring **water**.",
        community=CommunityFactory(name="GNOME Taiwan"),
        track=TrackFactory(edition=edition, name="Desktop track"),
        headcount=4,
    )
    SignUpFactory(task=task)

    for viewer in (None, user):
        if viewer:
            client.force_login(viewer)
        content = client.get(task_url(task)).content.decode()
        assert "secret.requester" not in content
        assert "<dt>Posted by</dt><dd>Mei</dd>" in content
        assert "<strong>water</strong>" in content
        assert "GNOME Taiwan" in content
        assert "Desktop track" in content
        assert "3 of 4 left" in content
        assert f'href="{task_url(task, "task-ics")}"' in content


def test_task_page_sanitises_the_description(client, edition):
    task = TaskFactory(edition=edition, description='<script>alert(1)</script><a href="javascript:x()">x</a>')

    content = client.get(task_url(task)).content.decode()

    assert "alert(1)" not in content
    assert "javascript:x()" not in content


def test_task_page_anonymous_gets_login_link_with_next(client, edition):
    task = TaskFactory(edition=edition)

    content = client.get(task_url(task)).content.decode()

    assert f'href="/accounts/login/?next=/one-day/tasks/{task.pk}/"' in content
    assert "Log in to sign up" in content


def test_task_page_states_for_a_volunteer(client, edition, user):
    task = TaskFactory(edition=edition, headcount=1)
    client.force_login(user)

    assert "Sign up</button>" in client.get(task_url(task)).content.decode()

    SignUpFactory(task=task)
    assert "Join the waitlist</button>" in client.get(task_url(task)).content.decode()

    SignUpFactory(task=task, status=SignUpStatus.WAITLISTED, signed_up_at=in_hours(-1))
    services.sign_up(task=task, user=user)
    content = client.get(task_url(task)).content.decode()
    assert "You're #2 on the waitlist." in content
    assert "Leave the waitlist</button>" in content


def test_task_page_signed_up_can_cancel(client, edition, user):
    task = TaskFactory(edition=edition)
    SignUpFactory(task=task, user=user)
    client.force_login(user)

    content = client.get(task_url(task)).content.decode()

    assert "You're signed up." in content
    assert f'action="{task_url(task, "task-cancel-sign-up")}"' in content


def test_task_page_shows_refusal_reason(client, edition, user):
    held = TaskFactory(edition=edition, title="Badge desk")
    SignUpFactory(task=held, user=user)
    clash = TaskFactory(edition=edition, starts_at=held.starts_at, ends_at=held.ends_at)
    closed = TaskFactory(edition=edition, status=TaskStatus.CLOSED)
    client.force_login(user)

    clash_content = client.get(task_url(clash)).content.decode()
    closed_content = client.get(task_url(closed)).content.decode()

    assert "You already hold “Badge desk” at that time" in clash_content
    assert "Sign up</button>" not in clash_content
    assert "Sign-ups for this task are closed." in closed_content
    assert "Sign up</button>" not in closed_content


def test_task_page_cancelled_task_says_so(client, edition):
    task = TaskFactory(edition=edition, status=TaskStatus.CANCELLED)

    response = client.get(task_url(task))

    assert response.status_code == 200
    assert "This task was cancelled." in response.content.decode()


@pytest.mark.parametrize(
    ("viewer", "status_code"),
    [("anonymous", 404), ("volunteer", 404), ("desk", 404), ("requester", 200), ("responsible", 200), ("staff", 200)],
)
def test_task_page_draft_visible_only_to_managers(client, edition, viewer, status_code):
    community = CommunityFactory()
    task = TaskFactory(edition=edition, status=TaskStatus.DRAFT, community=community)
    people = {
        "volunteer": UserFactory(),
        "desk": EditionRoleFactory(edition=edition, kind=RoleKind.DESK).user,
        "requester": task.requester,
        "responsible": ResponsiblePersonFactory(edition=edition, community=community).user,
        "staff": EditionRoleFactory(edition=edition, kind=RoleKind.STAFF).user,
    }
    if viewer != "anonymous":
        client.force_login(people[viewer])

    assert client.get(task_url(task)).status_code == status_code
    assert client.get(task_url(task, "task-ics")).status_code == status_code


@pytest.mark.parametrize(
    ("viewer", "edit", "roster"),
    [("volunteer", False, False), ("desk", False, True), ("requester", True, True), ("staff", True, True)],
)
def test_task_page_manage_links_by_role(client, edition, viewer, edit, roster):
    task = TaskFactory(edition=edition)
    people = {
        "volunteer": UserFactory(),
        "desk": EditionRoleFactory(edition=edition, kind=RoleKind.DESK).user,
        "requester": task.requester,
        "staff": EditionRoleFactory(edition=edition, kind=RoleKind.STAFF).user,
    }
    client.force_login(people[viewer])

    content = client.get(task_url(task)).content.decode()

    assert (f'href="{task_url(task, "task-edit")}"' in content) == edit
    assert (f'href="{task_url(task, "task-roster")}"' in content) == roster


def test_task_page_unknown_task_is_404(client, edition):
    assert client.get("/one-day/tasks/999999/").status_code == 404


OVERLAP_WARNING = re.compile(
    r'<p class="message message--warning">This task overlaps sessions you starred or follow: ([^<]*)\.</p>'
)


def test_task_page_warns_about_starred_overlapping_sessions(client, edition, user):
    start = in_hours(48)  # one clock reading: "ends as the task starts" must be exact
    hours = datetime.timedelta(hours=1)
    task = TaskFactory(edition=edition, starts_at=start, ends_at=start + 2 * hours)
    overlapping = SessionFactory(
        edition=edition, title="Rust & friends", starts_at=start + hours, ends_at=start + 2 * hours
    )
    before = SessionFactory(edition=edition, title="Earlier talk", starts_at=start - 2 * hours, ends_at=start)
    SessionStarFactory(user=user, session=overlapping)
    SessionStarFactory(user=user, session=before)  # ends as the task starts: no overlap
    client.force_login(user)

    content = client.get(task_url(task)).content.decode()

    assert OVERLAP_WARNING.findall(content) == ["Rust &amp; friends"]


def test_task_page_warns_about_sessions_of_followed_tracks(client, edition, user):
    task = TaskFactory(edition=edition, starts_at=in_hours(48))
    track = TrackFactory(edition=edition)
    SessionFactory(edition=edition, track=track, title="Track talk", starts_at=in_hours(47), ends_at=in_hours(48.5))
    SessionFactory(edition=edition, track=track, title="Unscheduled", starts_at=in_hours(48), is_scheduled=False)
    TrackFollowFactory(user=user, track=track)
    client.force_login(user)

    content = client.get(task_url(task)).content.decode()

    assert OVERLAP_WARNING.findall(content) == ["Track talk"]


def test_task_page_overlap_warning_is_only_for_the_person_who_starred(client, edition, user):
    task = TaskFactory(edition=edition, starts_at=in_hours(48))
    session = SessionFactory(edition=edition, title="Someone else's star", starts_at=in_hours(49), ends_at=in_hours(50))
    SessionStarFactory(session=session)  # another person
    client.force_login(user)

    content = client.get(task_url(task)).content.decode()

    assert (OVERLAP_WARNING.findall(content), "Someone else" in content) == ([], False)


def test_task_page_anonymous_sees_no_overlap_warning(client, edition):
    task = TaskFactory(edition=edition, starts_at=in_hours(48))
    SessionStarFactory(session=SessionFactory(edition=edition, starts_at=in_hours(49), ends_at=in_hours(50)))

    content = client.get(task_url(task)).content.decode()

    assert OVERLAP_WARNING.findall(content) == []


@pytest.mark.parametrize("sign_ups", [1, 200])
def test_task_page_query_count_does_not_grow(client, edition, user, django_assert_num_queries, sign_ups):
    task = TaskFactory(edition=edition, headcount=300, community=CommunityFactory(), room=RoomFactory(edition=edition))
    volunteers = UserFactory.create_batch(sign_ups)
    SignUp.objects.bulk_create(
        SignUp(task=task, user=volunteer, status=SignUpStatus.CONFIRMED, signed_up_at=timezone.now())
        for volunteer in volunteers
    )
    client.force_login(user)

    # session, user, edition, task, my sign-up, roles and responsibilities (one query), overlap check,
    # starred or followed sessions overlapping the task
    with django_assert_num_queries(8):
        response = client.get(task_url(task))

    assert response.status_code == 200


# --- Sign up and cancel ---


def test_sign_up_anonymous_redirects_to_login_with_next(client, edition):
    task = TaskFactory(edition=edition)

    response = client.post(task_url(task, "task-sign-up"))

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next=/one-day/tasks/{task.pk}/"
    assert SignUp.objects.count() == 0


def test_sign_up_get_is_not_allowed(client, edition, user):
    task = TaskFactory(edition=edition)
    client.force_login(user)

    assert client.get(task_url(task, "task-sign-up")).status_code == 405
    assert SignUp.objects.count() == 0


def test_sign_up_confirms_with_message(client, edition, user):
    task = TaskFactory(edition=edition, title="Badge desk")
    client.force_login(user)

    response = client.post(task_url(task, "task-sign-up"))

    assert response.status_code == 302
    assert response["Location"] == task_url(task)
    assert messages_of(response) == ["You're signed up for Badge desk. See you there!"]
    assert SignUp.objects.get(task=task, user=user).status == SignUpStatus.CONFIRMED


def test_sign_up_full_task_waitlists_with_position(client, edition, user):
    task = TaskFactory(edition=edition, headcount=1)
    SignUpFactory(task=task)
    SignUpFactory(task=task, status=SignUpStatus.WAITLISTED, signed_up_at=in_hours(-1))
    client.force_login(user)

    response = client.post(task_url(task, "task-sign-up"))

    assert messages_of(response) == [
        "The task is full; you're #2 on the waitlist. We'll email you if a place frees up."
    ]
    assert SignUp.objects.get(task=task, user=user).status == SignUpStatus.WAITLISTED


def test_sign_up_refused_shows_reason(client, edition, user):
    task = TaskFactory(edition=edition, status=TaskStatus.CLOSED)
    client.force_login(user)

    response = client.post(task_url(task, "task-sign-up"))

    assert response.status_code == 302
    assert response["Location"] == task_url(task)
    assert messages_of(response) == ["Sign-ups for this task are closed."]
    assert SignUp.objects.count() == 0


def test_sign_up_twice_is_refused_not_an_error(client, edition, user):
    task = TaskFactory(edition=edition)
    client.force_login(user)
    client.post(task_url(task, "task-sign-up"))

    response = client.post(task_url(task, "task-sign-up"), follow=True)

    assert response.status_code == 200
    assert "You are already signed up for this task." in response.content.decode()
    assert SignUp.objects.filter(task=task).count() == 1


def test_sign_up_for_a_draft_is_404(client, edition, user):
    task = TaskFactory(edition=edition, status=TaskStatus.DRAFT)
    client.force_login(user)

    assert client.post(task_url(task, "task-sign-up")).status_code == 404
    assert SignUp.objects.count() == 0


def test_cancel_sign_up_gives_place_back_and_promotes(client, edition, user):
    task = TaskFactory(edition=edition, headcount=1, title="Badge desk")
    SignUpFactory(task=task, user=user)
    waiting = SignUpFactory(task=task, status=SignUpStatus.WAITLISTED)
    client.force_login(user)

    response = client.post(task_url(task, "task-cancel-sign-up"))

    assert response["Location"] == task_url(task)
    assert messages_of(response) == ["You gave your place on Badge desk back. Thank you for telling us."]
    assert SignUp.objects.get(task=task, user=user).status == SignUpStatus.CANCELLED
    waiting.refresh_from_db()
    assert waiting.status == SignUpStatus.CONFIRMED


def test_cancel_waitlist_place_with_next(client, edition, user):
    task = TaskFactory(edition=edition, headcount=1, title="Badge desk")
    SignUpFactory(task=task)
    SignUpFactory(task=task, user=user, status=SignUpStatus.WAITLISTED)
    client.force_login(user)

    response = client.post(task_url(task, "task-cancel-sign-up"), {"next": "/one-day/mine/"})

    assert response["Location"] == "/one-day/mine/"
    assert messages_of(response) == ["You left the waitlist for Badge desk."]


def test_cancel_ignores_an_unsafe_next(client, edition, user):
    task = TaskFactory(edition=edition)
    SignUpFactory(task=task, user=user)
    client.force_login(user)

    response = client.post(task_url(task, "task-cancel-sign-up"), {"next": "https://evil.example/"})

    assert response["Location"] == task_url(task)


def test_cancel_without_own_sign_up_is_404_and_leaves_others_alone(client, edition, user):
    task = TaskFactory(edition=edition)
    other = SignUpFactory(task=task)
    client.force_login(user)

    response = client.post(task_url(task, "task-cancel-sign-up"))

    assert response.status_code == 404
    other.refresh_from_db()
    assert other.status == SignUpStatus.CONFIRMED


def test_cancel_after_start_is_refused_with_message(client, edition, user):
    task = TaskFactory(edition=edition, starts_at=in_hours(-1), ends_at=in_hours(1))
    SignUpFactory(task=task, user=user)
    client.force_login(user)

    response = client.post(task_url(task, "task-cancel-sign-up"))

    assert response.status_code == 302
    assert messages_of(response) == ["This task has already started; ask the requester if you cannot make it."]
    assert SignUp.objects.get(task=task, user=user).status == SignUpStatus.CONFIRMED


def test_cancel_anonymous_redirects_to_login(client, edition):
    task = TaskFactory(edition=edition)
    record = SignUpFactory(task=task)

    response = client.post(task_url(task, "task-cancel-sign-up"))

    assert response["Location"] == f"/accounts/login/?next=/one-day/tasks/{task.pk}/"
    record.refresh_from_db()
    assert record.status == SignUpStatus.CONFIRMED


# --- Calendar file ---


def test_task_ics_parses_back_with_the_edition_time_zone(client, edition, settings):
    settings.SITE_URL = "https://volunteer.example.org"
    room = RoomFactory(edition=edition, name="TR212")
    task = task_at(edition, 7, 10, title="Room host", room=room, location="", description="Keep **time**.")

    response = client.get(task_url(task, "task-ics"))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    [event] = calendar.events
    assert event.start == local(7, 10)
    assert event.start.tzinfo.key == "Asia/Taipei"
    assert event.end == local(7, 12)
    assert b"DTSTART;TZID=Asia/Taipei:20270807T100000" in response.content
    assert [tz.tz_name for tz in calendar.timezones] == ["Asia/Taipei"]
    assert str(event["UID"]) == f"task-{task.pk}@volunteer.example.org"
    assert str(event["SUMMARY"]) == "Room host"
    assert str(event["LOCATION"]) == "TR212"
    assert str(event["URL"]) == f"https://volunteer.example.org/one-day/tasks/{task.pk}/"
    assert str(event["DESCRIPTION"]).startswith("Keep time.")
    assert str(event["STATUS"]) == "CONFIRMED"


def test_task_ics_uses_another_editions_time_zone(client, edition):
    berlin = zoneinfo.ZoneInfo("Europe/Berlin")
    earlier = EditionFactory(slug="2026", time_zone="Europe/Berlin")
    start = datetime.datetime(2026, 8, 1, 9, 0, tzinfo=berlin)
    task = TaskFactory(edition=earlier, starts_at=start, ends_at=start + datetime.timedelta(hours=1))

    event = Calendar.from_ical(client.get(task_url(task, "task-ics")).content).events[0]

    assert event.start == start
    assert event.start.tzinfo.key == "Europe/Berlin"


def test_task_ics_of_a_cancelled_task_is_cancelled(client, edition):
    task = TaskFactory(edition=edition, status=TaskStatus.CANCELLED)

    event = Calendar.from_ical(client.get(task_url(task, "task-ics")).content).events[0]

    assert str(event["STATUS"]) == "CANCELLED"


# --- My one-day volunteering ---

MINE = "/one-day/mine/"


def test_my_volunteering_needs_login(client, edition):
    response = client.get(MINE)

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/one-day/mine/"


def test_my_volunteering_sections_points_and_desk_code(client, edition, user):
    other = UserFactory()
    upcoming = TaskFactory(edition=edition, title="Upcoming task")
    SignUpFactory(task=upcoming, user=user)
    SignUpFactory(task=upcoming, user=other)
    full = TaskFactory(edition=edition, title="Full task", headcount=1)
    SignUpFactory(task=full, user=other)
    SignUpFactory(task=full, status=SignUpStatus.WAITLISTED, signed_up_at=in_hours(-2))
    SignUpFactory(task=full, user=user, status=SignUpStatus.WAITLISTED, signed_up_at=in_hours(-1))
    done = TaskFactory(edition=edition, title="Done task", points=12, starts_at=in_hours(-5), ends_at=in_hours(-4))
    services.mark_completed(sign_up=SignUpFactory(task=done, user=user), by=other)
    others_only = TaskFactory(edition=edition, title="Someone else's task")
    SignUpFactory(task=others_only, user=other)
    client.force_login(user)

    response = client.get(MINE)
    content = response.content.decode()

    assert response.status_code == 200
    assert "Upcoming task" in content
    assert "Full task" in content and "You're #2 on the waitlist" in content
    assert "Done task" in content and "12 points earned" in content
    assert "Someone else&#x27;s task" not in content
    assert "<strong>12</strong> points" in content
    desk_code = DeskCode.objects.get(user=user)
    assert f"<code>{desk_code.display}</code>" in content
    assert re.search(r'<svg viewBox="0 0 \d+ \d+" class="qr"><title>My desk code</title>', content)
    assert "Completed: Done task" in content  # the history entry


def test_my_volunteering_history_shows_ten_latest(client, edition, user):
    task = TaskFactory(edition=edition, starts_at=in_hours(-5), ends_at=in_hours(-4))
    record = SignUpFactory(task=task, user=user)
    staff = UserFactory()
    PointsEntry.objects.bulk_create(
        PointsEntry(
            edition=edition, user=user, amount=1, kind=EntryKind.ADJUSTMENT, reason=f"Entry {n}", created_by=staff
        )
        for n in range(12)
    )
    assert record.pk
    client.force_login(user)

    content = client.get(MINE).content.decode()

    assert len(re.findall(r"<td>Entry \d+</td>", content)) == 10
    assert "<strong>12</strong> points" in content


def test_my_volunteering_qr_payload_is_signed(client, edition, user):
    from points.desk_codes import code_from_payload, qr_payload

    client.force_login(user)
    response = client.get(MINE)

    desk_code = DeskCode.objects.get(user=user)
    assert response.context["qr_payload"] == qr_payload(desk_code)
    assert code_from_payload(response.context["qr_payload"]) == desk_code.code


@pytest.mark.parametrize("count", [1, 40])
def test_my_volunteering_query_count_does_not_grow(client, edition, user, django_assert_num_queries, count):
    staff = UserFactory()
    for number in range(count):
        start = in_hours(24 + 3 * number)
        task = TaskFactory(edition=edition, starts_at=start, ends_at=start + datetime.timedelta(hours=1), headcount=1)
        SignUpFactory(task=task, status=SignUpStatus.CONFIRMED)
        SignUpFactory(task=task, user=user, status=SignUpStatus.WAITLISTED)
        past = TaskFactory(edition=edition, starts_at=in_hours(-50 + number), ends_at=in_hours(-49.5 + number))
        services.mark_completed(sign_up=SignUpFactory(task=past, user=user), by=staff)
    client.force_login(user)
    client.get(MINE)  # creates the desk code

    # session, user, roles, sign-ups (with positions and points), desk code, balance, history (edition cached)
    with django_assert_num_queries(7):
        response = client.get(MINE)

    assert len(response.context["waitlisted"]) == count
    assert len(response.context["completed"]) == count


# --- What the board opens on (issue 8, points 6, 7 and 9) ---


def test_board_opens_on_tasks_to_come_and_keeps_past_ones_a_link_away(client, edition):
    TaskFactory(edition=edition, title="Ended", starts_at=in_hours(-5), ends_at=in_hours(-3))
    TaskFactory(edition=edition, title="Ended earlier", starts_at=in_hours(-30), ends_at=in_hours(-28))
    TaskFactory(edition=edition, title="Happening now", starts_at=in_hours(-1), ends_at=in_hours(1))
    TaskFactory(edition=edition, title="Tomorrow", starts_at=in_hours(24), ends_at=in_hours(26))

    board = client.get(BOARD)
    past = client.get(BOARD, {"past": "1"})

    assert card_titles(board) == ["Happening now", "Tomorrow"]
    assert card_titles(past) == ["Ended", "Ended earlier"]  # latest first
    assert 'href="?past=1"' in board.content.decode()
    assert "Back to the tasks to come" in past.content.decode()


def test_an_earlier_editions_board_shows_all_its_tasks(client, edition):
    earlier = EditionFactory(slug="2025")
    TaskFactory(edition=earlier, title="Long ago", starts_at=in_hours(-9000), ends_at=in_hours(-8998))

    response = client.get(reverse("volunteering:board-edition", args=[earlier.slug]))

    assert card_titles(response) == ["Long ago"]


def test_a_filter_with_nothing_to_choose_is_not_offered(client, edition):
    community = CommunityFactory(name="PyHUG")
    TaskFactory(edition=edition, community=community, starts_at=in_hours(24))

    content = client.get(BOARD).content.decode()

    assert 'name="community"' in content
    assert 'name="track"' not in content


def test_my_pages_are_in_the_navigation(client, edition, user, staff_user):
    client.force_login(user)
    volunteer_page = client.get(reverse("pages:home")).content.decode()
    client.force_login(staff_user)
    staff_page = client.get(reverse("pages:home")).content.decode()

    my_volunteering, my_requests = reverse("volunteering:my-volunteering"), reverse("volunteering:my-requests")
    header = volunteer_page.split("</header>")[0]
    assert f'href="{my_volunteering}"' in header and f'href="{my_requests}"' not in header
    assert f'href="{my_requests}"' in staff_page.split("</header>")[0]
