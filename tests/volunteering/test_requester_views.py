import datetime
import re

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse

from points.models import EntryKind, PointsEntry
from points.selectors import balance_for
from tests.factories.accounts import UserFactory
from tests.factories.communities import CommunityFactory, ResponsiblePersonFactory
from tests.factories.editions import EditionFactory
from tests.factories.schedule import RoomFactory
from tests.factories.volunteering import SignUpFactory, TaskFactory
from volunteering.models import SignUpStatus, Task, TaskStatus

pytestmark = pytest.mark.integration

UTC = datetime.UTC


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def _utc(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=UTC)


@pytest.fixture
def community(db):
    return CommunityFactory(name="Rust Taiwan")


@pytest.fixture
def task(edition, community):
    return TaskFactory(edition=edition, community=community, title="Room host", headcount=3, points=10)


@pytest.fixture
def responsible(edition, community):
    return ResponsiblePersonFactory(edition=edition, community=community).user


def _task_data(**overrides) -> dict:
    data = {
        "title": "Check-in desk",
        "description": "Scan **badges**.",
        "category": "reception",
        "room": "",
        "location": "Main entrance",
        "is_remote": "",
        "starts_at": "2027-08-07T09:30",
        "ends_at": "2027-08-07T11:00",
        "headcount": "4",
        "points": "20",
        "community": "",
        "track": "",
        "status": "open",
        "signup_opens_at": "",
    }
    data.update(overrides)
    return data


# --- Role matrix (DESIGN.md "Roles and what they may do") ---

ROLES = [
    "anonymous",
    "logged_in",
    "requester",
    "responsible",
    "other_responsible",
    "desk_operator",
    "staff",
    "superuser",
]
LOGIN, DENIED, OK = "login", 403, "ok"
EXPECTED = {
    #                    create  edit    cancel  roster  csv     mark
    "anonymous": (LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN),
    "logged_in": (DENIED, DENIED, DENIED, DENIED, DENIED, DENIED),
    "requester": (DENIED, OK, OK, OK, OK, OK),
    "responsible": (OK, OK, OK, OK, OK, OK),
    "other_responsible": (OK, DENIED, DENIED, DENIED, DENIED, DENIED),
    "desk_operator": (DENIED, DENIED, DENIED, OK, OK, OK),
    "staff": (OK, OK, OK, OK, OK, OK),
    "superuser": (OK, OK, OK, OK, OK, OK),
}
ACTIONS = ["create", "edit", "cancel", "roster", "csv", "mark"]


def _person(role, *, edition, task, request):
    if role == "anonymous":
        return None
    if role == "logged_in":
        return UserFactory()
    if role == "requester":
        return task.requester
    if role == "responsible":
        return ResponsiblePersonFactory(edition=edition, community=task.community).user
    if role == "other_responsible":
        return ResponsiblePersonFactory(edition=edition, community=CommunityFactory()).user
    if role == "desk_operator":
        return request.getfixturevalue("desk_user")
    if role == "staff":
        return request.getfixturevalue("staff_user")
    return request.getfixturevalue("superuser")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", ACTIONS)
def test_role_matrix_answers_per_design(client, edition, task, role, action, request):
    person = _person(role, edition=edition, task=task, request=request)
    if person is not None:
        client.force_login(person)
    sign_up = SignUpFactory(task=task, status=SignUpStatus.CONFIRMED)
    roster_url = reverse("volunteering:task-roster", args=[task.pk])
    if action == "create":
        url = reverse("volunteering:task-create")
        response = client.get(url)
    elif action == "edit":
        url = reverse("volunteering:task-edit", args=[task.pk])
        response = client.get(url)
    elif action == "cancel":
        url = reverse("volunteering:task-cancel", args=[task.pk])
        response = client.get(url)
    elif action == "roster":
        url = roster_url
        response = client.get(url)
    elif action == "csv":
        url = reverse("volunteering:task-roster-csv", args=[task.pk])
        response = client.get(url)
    else:
        url = reverse("volunteering:sign-up-mark", args=[sign_up.pk])
        response = client.post(url, {"action": "completed"})

    expected = EXPECTED[role][ACTIONS.index(action)]
    sign_up.refresh_from_db()
    if expected == LOGIN:
        assert response.status_code == 302
        assert response.url == f"{reverse('account_login')}?next={url}"
    elif expected == DENIED:
        assert response.status_code == 403
    elif action == "mark":
        assert (response.status_code, response.url) == (302, roster_url)
    else:
        assert response.status_code == 200
    assert sign_up.status == (SignUpStatus.COMPLETED if (action, expected) == ("mark", OK) else SignUpStatus.CONFIRMED)


@pytest.mark.parametrize("view", ["task-close", "task-reopen", "task-complete-all"])
def test_post_only_views_refuse_people_who_cannot_manage(client, edition, task, view):
    client.force_login(UserFactory())

    response = client.post(reverse(f"volunteering:{view}", args=[task.pk]))

    assert response.status_code == 403
    task.refresh_from_db()
    assert task.status == TaskStatus.OPEN


def test_desk_operator_cannot_close_a_task(client, edition, task, desk_user):
    client.force_login(desk_user)

    response = client.post(reverse("volunteering:task-close", args=[task.pk]))

    assert response.status_code == 403


def test_mark_view_refuses_get(client, edition, task):
    client.force_login(task.requester)
    sign_up = SignUpFactory(task=task)

    response = client.get(reverse("volunteering:sign-up-mark", args=[sign_up.pk]))

    assert response.status_code == 405


def test_unknown_task_is_404(client, edition, staff_user):
    client.force_login(staff_user)

    assert client.get(reverse("volunteering:task-roster", args=[999999])).status_code == 404


# --- Create and edit ---


def test_create_stores_local_time_typed_as_utc_instant(client, edition, community, responsible):
    client.force_login(responsible)

    response = client.post(reverse("volunteering:task-create"), _task_data(community=community.pk))

    task = Task.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("volunteering:task-roster", args=[task.pk])
    # 09:30 in Asia/Taipei (UTC+8) is 01:30 UTC.
    assert (task.starts_at, task.ends_at) == (_utc(2027, 8, 7, 1, 30), _utc(2027, 8, 7, 3, 0))
    assert (task.edition, task.requester, task.community) == (edition, responsible, community)
    assert (task.title, task.headcount, task.points, task.status) == ("Check-in desk", 4, 20, TaskStatus.OPEN)


def test_create_responsible_person_cannot_post_for_another_community(client, edition, community, responsible):
    other = CommunityFactory(name="Other community")
    client.force_login(responsible)

    response = client.post(reverse("volunteering:task-create"), _task_data(community=other.pk))

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["community"]
    assert Task.objects.count() == 0


def test_create_responsible_person_must_name_the_community(client, edition, community, responsible):
    client.force_login(responsible)

    response = client.post(reverse("volunteering:task-create"), _task_data(community=""))

    assert list(response.context["form"].errors) == ["community"]
    assert Task.objects.count() == 0


def test_create_staff_may_post_without_community(client, edition, staff_user):
    client.force_login(staff_user)

    response = client.post(reverse("volunteering:task-create"), _task_data())

    assert response.status_code == 302
    assert Task.objects.get().community is None


def test_create_ends_before_start_is_a_field_error(client, edition, staff_user):
    client.force_login(staff_user)

    response = client.post(reverse("volunteering:task-create"), _task_data(ends_at="2027-08-07T09:00"))

    assert response.status_code == 200
    assert response.context["form"].errors == {"ends_at": ["The task must end after it starts."]}
    assert Task.objects.count() == 0


def test_create_refuses_room_of_another_edition(client, edition, staff_user):
    own_room = RoomFactory(edition=edition)
    foreign_room = RoomFactory(edition=EditionFactory(slug="2026"))
    client.force_login(staff_user)

    refused = client.post(reverse("volunteering:task-create"), _task_data(room=foreign_room.pk))
    accepted = client.post(reverse("volunteering:task-create"), _task_data(room=own_room.pk))

    assert list(refused.context["form"].errors) == ["room"]
    assert accepted.status_code == 302
    assert [task.room for task in Task.objects.all()] == [own_room]


def test_create_refuses_closed_status_in_the_form(client, edition, staff_user):
    client.force_login(staff_user)

    response = client.post(reverse("volunteering:task-create"), _task_data(status="cancelled"))

    assert list(response.context["form"].errors) == ["status"]
    assert Task.objects.count() == 0


def test_create_form_uses_datetime_local_inputs(client, edition, staff_user):
    client.force_login(staff_user)

    response = client.get(reverse("volunteering:task-create"))

    html = response.content.decode()
    assert html.count('type="datetime-local"') == 3
    assert html.count("<h1>") == 1


def test_edit_shows_times_in_local_time(client, edition, task):
    task.starts_at, task.ends_at = _utc(2027, 8, 7, 1, 30), _utc(2027, 8, 7, 3, 0)
    task.save()
    client.force_login(task.requester)

    response = client.get(reverse("volunteering:task-edit", args=[task.pk]))

    html = response.content.decode()
    assert 'type="datetime-local" name="starts_at" value="2027-08-07T09:30"' in html
    assert 'type="datetime-local" name="ends_at" value="2027-08-07T11:00"' in html


def test_edit_saves_local_times(client, edition, task, responsible):
    client.force_login(responsible)

    response = client.post(
        reverse("volunteering:task-edit", args=[task.pk]),
        _task_data(community=task.community_id, starts_at="2027-08-08T14:00", ends_at="2027-08-08T17:30"),
    )

    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.starts_at, task.ends_at) == (_utc(2027, 8, 8, 6, 0), _utc(2027, 8, 8, 9, 30))
    assert (task.title, task.headcount) == ("Check-in desk", 4)


def test_edit_headcount_below_confirmed_shows_the_message(client, edition, task):
    SignUpFactory.create_batch(3, task=task, status=SignUpStatus.CONFIRMED)
    client.force_login(task.requester)

    response = client.post(
        reverse("volunteering:task-edit", args=[task.pk]), _task_data(community=task.community_id, headcount="2")
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "headcount": ["3 people already hold a place; the headcount cannot go below that. Ask someone to cancel first."]
    }
    task.refresh_from_db()
    assert task.headcount == 3


def test_edit_closed_task_keeps_it_closed(client, edition, task):
    task.status = TaskStatus.CLOSED
    task.save()
    client.force_login(task.requester)

    response = client.post(
        reverse("volunteering:task-edit", args=[task.pk]),
        _task_data(community=task.community_id, status="open", title="Renamed"),
    )

    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.title, task.status) == ("Renamed", TaskStatus.CLOSED)


def test_edit_cancelled_task_redirects_with_message(client, edition, task):
    task.status = TaskStatus.CANCELLED
    task.save()
    client.force_login(task.requester)

    response = client.get(reverse("volunteering:task-edit", args=[task.pk]))

    assert (response.status_code, response.url) == (302, reverse("volunteering:task-roster", args=[task.pk]))
    assert _messages(response) == ["This task was cancelled; it can no longer be edited."]


# --- Close, reopen, cancel ---


def test_close_and_reopen_redirect_to_safe_next(client, edition, task):
    client.force_login(task.requester)
    my_requests = reverse("volunteering:my-requests")

    closed = client.post(reverse("volunteering:task-close", args=[task.pk]), {"next": my_requests})
    task.refresh_from_db()
    status_after_close = task.status
    reopened = client.post(reverse("volunteering:task-reopen", args=[task.pk]), {"next": "https://evil.example/"})
    task.refresh_from_db()

    assert (closed.url, status_after_close) == (my_requests, TaskStatus.CLOSED)
    assert (reopened.url, task.status) == (reverse("volunteering:task-roster", args=[task.pk]), TaskStatus.OPEN)


def test_cancel_get_asks_for_confirmation(client, edition, task):
    SignUpFactory.create_batch(2, task=task)
    client.force_login(task.requester)

    response = client.get(reverse("volunteering:task-cancel", args=[task.pk]))

    assert response.status_code == 200
    assert response.context["to_tell"] == 2
    task.refresh_from_db()
    assert task.status == TaskStatus.OPEN


def test_cancel_post_cancels_and_tells_people(client, edition, task, django_capture_on_commit_callbacks):
    confirmed = SignUpFactory(task=task, status=SignUpStatus.CONFIRMED)
    waiting = SignUpFactory(task=task, status=SignUpStatus.WAITLISTED)
    completed = SignUpFactory(task=task, status=SignUpStatus.COMPLETED)
    client.force_login(task.requester)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("volunteering:task-cancel", args=[task.pk]), {"reason": "Room flooded."})

    assert response.status_code == 302
    assert _messages(response) == ["The task has been cancelled; 2 people signed up or waiting are being told."]
    task.refresh_from_db()
    assert task.status == TaskStatus.CANCELLED
    statuses = [record.status for record in (confirmed, waiting, completed) if not record.refresh_from_db()]
    assert statuses == [SignUpStatus.CANCELLED, SignUpStatus.CANCELLED, SignUpStatus.COMPLETED]
    assert sorted(message.to[0] for message in mail.outbox) == sorted([confirmed.user.email, waiting.user.email])
    assert all("Room flooded." in message.body for message in mail.outbox)


# --- Roster and marks ---


def test_mark_completed_twice_credits_points_once(client, edition, task):
    sign_up = SignUpFactory(task=task, status=SignUpStatus.CONFIRMED)
    client.force_login(task.requester)
    url = reverse("volunteering:sign-up-mark", args=[sign_up.pk])

    client.post(url, {"action": "completed"})
    second = client.post(url, {"action": "completed"})

    sign_up.refresh_from_db()
    assert (sign_up.status, sign_up.marked_by) == (SignUpStatus.COMPLETED, task.requester)
    assert balance_for(user=sign_up.user, edition=edition) == 10
    assert PointsEntry.objects.filter(sign_up=sign_up).count() == 1
    name = sign_up.user.public_name
    assert _messages(second) == [  # the first click's message has not been shown yet
        f"{name}: completed; 10 points credited.",
        f"{name} was already marked as “Completed”; nothing changed.",
    ]


def test_undo_completed_writes_a_reversal(client, edition, task):
    sign_up = SignUpFactory(task=task, status=SignUpStatus.CONFIRMED)
    client.force_login(task.requester)
    url = reverse("volunteering:sign-up-mark", args=[sign_up.pk])

    client.post(url, {"action": "completed"})
    client.post(url, {"action": "undo"})

    sign_up.refresh_from_db()
    assert (sign_up.status, sign_up.marked_by, sign_up.marked_at) == (SignUpStatus.CONFIRMED, None, None)
    kinds = list(PointsEntry.objects.filter(sign_up=sign_up).order_by("pk").values_list("kind", "amount"))
    assert kinds == [(EntryKind.COMPLETION, 10), (EntryKind.REVERSAL, -10)]
    assert balance_for(user=sign_up.user, edition=edition) == 0


def test_mark_no_show(client, edition, task, desk_user):
    sign_up = SignUpFactory(task=task, status=SignUpStatus.CONFIRMED)
    client.force_login(desk_user)

    client.post(reverse("volunteering:sign-up-mark", args=[sign_up.pk]), {"action": "no_show"})

    sign_up.refresh_from_db()
    assert (sign_up.status, sign_up.marked_by) == (SignUpStatus.NO_SHOW, desk_user)
    assert balance_for(user=sign_up.user, edition=edition) == 0


def test_mark_waitlisted_shows_the_service_error(client, edition, task):
    sign_up = SignUpFactory(task=task, status=SignUpStatus.WAITLISTED)
    client.force_login(task.requester)

    response = client.post(reverse("volunteering:sign-up-mark", args=[sign_up.pk]), {"action": "completed"})

    assert response.status_code == 302
    assert _messages(response) == ["Only a confirmed place can be marked as completed."]
    sign_up.refresh_from_db()
    assert sign_up.status == SignUpStatus.WAITLISTED


def test_mark_unknown_action_changes_nothing(client, edition, task):
    sign_up = SignUpFactory(task=task, status=SignUpStatus.CONFIRMED)
    client.force_login(task.requester)

    response = client.post(reverse("volunteering:sign-up-mark", args=[sign_up.pk]), {"action": "delete"})

    assert _messages(response) == ["Unknown action."]
    sign_up.refresh_from_db()
    assert sign_up.status == SignUpStatus.CONFIRMED


@pytest.mark.parametrize(
    ("next_url", "expected"),
    [("/desk/people/7/", "/desk/people/7/"), ("https://evil.example/", None), ("//evil.example/", None)],
)
def test_mark_redirects_only_to_safe_next(client, edition, task, desk_user, next_url, expected):
    sign_up = SignUpFactory(task=task, status=SignUpStatus.CONFIRMED)
    client.force_login(desk_user)

    response = client.post(
        reverse("volunteering:sign-up-mark", args=[sign_up.pk]), {"action": "completed", "next": next_url}
    )

    assert response.url == (expected or reverse("volunteering:task-roster", args=[task.pk]))


def test_complete_all_marks_only_confirmed(client, edition, task):
    confirmed = SignUpFactory.create_batch(2, task=task, status=SignUpStatus.CONFIRMED)
    waiting = SignUpFactory(task=task, status=SignUpStatus.WAITLISTED)
    client.force_login(task.requester)

    response = client.post(reverse("volunteering:task-complete-all", args=[task.pk]))

    assert _messages(response) == ["2 people marked as completed."]
    assert [balance_for(user=record.user, edition=edition) for record in confirmed] == [10, 10]
    waiting.refresh_from_db()
    assert waiting.status == SignUpStatus.WAITLISTED


def test_roster_shows_only_shared_contact_details(client, edition, task):
    sharing = UserFactory(
        display_name="Sharing Sam",
        email="sam@example.net",
        phone="0911000111",
        chat_handle="@sam",
        share_email_with_staff=True,
        share_phone_with_staff=True,
        share_chat_with_staff=True,
    )
    private = UserFactory(
        display_name="Private Pat",
        email="pat-secret@example.net",
        phone="0922000222",
        chat_handle="@pat-secret",
        share_email_with_staff=False,
        share_phone_with_staff=False,
        share_chat_with_staff=False,
    )
    SignUpFactory(task=task, user=sharing)
    SignUpFactory(task=task, user=private, status=SignUpStatus.WAITLISTED)
    client.force_login(task.requester)

    response = client.get(reverse("volunteering:task-roster", args=[task.pk]))

    html = response.content.decode()
    assert ("Sharing Sam" in html, "Private Pat" in html) == (True, True)
    assert ("sam@example.net" in html, "0911000111" in html, "@sam" in html) == (True, True, True)
    assert ("pat-secret" in html, "0922000222" in html) == (False, False)
    assert [s.position for s in response.context["waitlist"]] == [1]
    assert html.count("<h1>") == 1


def _card_text(html: str, name: str) -> str:
    """The text of one person's roster card, tags dropped and spaces squeezed."""
    card = next(card for card in re.findall(r'<li class="card">.*?</li>', html, re.DOTALL) if name in card)
    return " ".join(re.sub(r"<[^>]+>", " ", card).split())


@pytest.mark.parametrize("role", ["requester", "responsible", "desk_operator", "staff"])
def test_roster_shows_each_viewer_exactly_the_shared_fields(client, edition, task, role, request):
    # Shares the phone only: the email address and the chat handle exist and must not leak.
    partial = UserFactory(
        display_name="Partial Pia",
        email="pia-secret@example.net",
        phone="0933000333",
        chat_handle="@pia-secret",
        share_email_with_staff=False,
        share_phone_with_staff=True,
        share_chat_with_staff=False,
    )
    # Shares the chat handle but left it empty.
    empty = UserFactory(display_name="Empty Eli", email="eli-secret@example.net", share_email_with_staff=False)
    empty.share_chat_with_staff = True
    empty.save()
    SignUpFactory(task=task, user=partial)
    SignUpFactory(task=task, user=empty, status=SignUpStatus.WAITLISTED)
    client.force_login(_person(role, edition=edition, task=task, request=request))

    html = client.get(reverse("volunteering:task-roster", args=[task.pk])).content.decode()

    assert "pia-secret" not in html and "eli-secret" not in html
    assert "Email not shared Phone 0933000333 Chat not shared" in _card_text(html, "Partial Pia")
    assert "Email not shared Phone not shared Chat —" in _card_text(html, "Empty Eli")


def test_roster_waitlist_in_order_with_positions(client, edition, task):
    late = SignUpFactory(task=task, status=SignUpStatus.WAITLISTED, signed_up_at=_utc(2027, 8, 1, 3, 0))
    early = SignUpFactory(task=task, status=SignUpStatus.WAITLISTED, signed_up_at=_utc(2027, 8, 1, 2, 0))
    client.force_login(task.requester)

    response = client.get(reverse("volunteering:task-roster", args=[task.pk]))

    assert [(s.pk, s.position) for s in response.context["waitlist"]] == [(early.pk, 1), (late.pk, 2)]


@pytest.mark.parametrize("count", [2, 40])
def test_roster_query_count_does_not_grow(client, edition, task, count, django_assert_num_queries):
    marker = UserFactory()
    for index in range(count):
        status = [SignUpStatus.CONFIRMED, SignUpStatus.COMPLETED, SignUpStatus.WAITLISTED][index % 3]
        SignUpFactory(task=task, status=status, marked_by=marker if status == SignUpStatus.COMPLETED else None)
    client.force_login(task.requester)
    url = reverse("volunteering:task-roster", args=[task.pk])

    with django_assert_num_queries(6):
        response = client.get(url)

    assert len(response.context["holding"]) + len(response.context["waitlist"]) == count


def test_roster_csv_exact_content(client, edition, task):
    task.headcount = 2
    task.save()
    chen = UserFactory(
        display_name="陳小明",
        email="chen@example.net",
        phone="0911000111",
        chat_handle="@chen",
        share_phone_with_staff=True,
        share_chat_with_staff=True,
    )
    private = UserFactory(
        display_name="Private Pat",
        email="pat-secret@example.net",
        phone="0922000222",
        share_email_with_staff=False,
        share_phone_with_staff=False,
    )
    attacker = UserFactory(display_name='=HYPERLINK("http://evil.example")', email="@evil.example", phone="+886")
    SignUpFactory(
        task=task,
        user=chen,
        status=SignUpStatus.COMPLETED,
        signed_up_at=_utc(2027, 8, 1, 2, 0),
        marked_by=task.requester,
        marked_at=_utc(2027, 8, 7, 4, 5),
    )
    SignUpFactory(task=task, user=private, signed_up_at=_utc(2027, 8, 1, 3, 0))
    SignUpFactory(task=task, user=attacker, status=SignUpStatus.WAITLISTED, signed_up_at=_utc(2027, 8, 1, 4, 0))
    SignUpFactory(task=task, status=SignUpStatus.CANCELLED, signed_up_at=_utc(2027, 8, 1, 5, 0))
    client.force_login(task.requester)

    response = client.get(reverse("volunteering:task-roster-csv", args=[task.pk]))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="task-{task.pk}-roster.csv"'
    assert response.content.startswith(b"\xef\xbb\xbf")
    assert response.content.decode("utf-8-sig") == (
        "Display name,Status,Waitlist position,Email,Phone,Chat handle,Signed up at,Marked at\r\n"
        "陳小明,Completed,,chen@example.net,0911000111,'@chen,2027-08-01T10:00:00+08:00,2027-08-07T12:05:00+08:00\r\n"
        "Private Pat,Confirmed,,not shared,not shared,not shared,2027-08-01T11:00:00+08:00,\r\n"
        '"\'=HYPERLINK(""http://evil.example"")",Waitlisted,1,\'@evil.example,not shared,not shared,'
        "2027-08-01T12:00:00+08:00,\r\n"
    )


# --- Tasks I manage ---


def test_my_requests_lists_own_and_community_tasks_only(client, edition, community, responsible):
    own = TaskFactory(edition=edition, requester=responsible, title="Own")
    community_task = TaskFactory(edition=edition, community=community, title="Community")
    TaskFactory(edition=edition, community=CommunityFactory(), title="Other community")
    TaskFactory(edition=EditionFactory(slug="2026"), requester=responsible, title="Last year")
    client.force_login(responsible)

    response = client.get(reverse("volunteering:my-requests"))

    assert list(response.context["tasks"]) == sorted([own, community_task], key=lambda t: (t.starts_at, t.pk))
    assert "Other community" not in response.content.decode()


def test_my_requests_staff_see_all_or_only_mine(client, edition, staff_user):
    mine = TaskFactory(edition=edition, requester=staff_user)
    theirs = TaskFactory(edition=edition)
    client.force_login(staff_user)

    everything = client.get(reverse("volunteering:my-requests"))
    only_mine = client.get(reverse("volunteering:my-requests"), {"mine": "1"})

    assert sorted(t.pk for t in everything.context["tasks"]) == sorted([mine.pk, theirs.pk])
    assert list(only_mine.context["tasks"]) == [mine]


def test_my_requests_counts(client, edition, task):
    SignUpFactory(task=task, status=SignUpStatus.CONFIRMED)
    SignUpFactory(task=task, status=SignUpStatus.COMPLETED)
    SignUpFactory.create_batch(2, task=task, status=SignUpStatus.WAITLISTED)
    SignUpFactory(task=task, status=SignUpStatus.CANCELLED)
    client.force_login(task.requester)

    response = client.get(reverse("volunteering:my-requests"))

    [row] = response.context["tasks"]
    assert (row.taken_count, row.waitlist_count, row.completed_count) == (2, 2, 1)


def test_my_requests_requires_login(client, edition):
    url = reverse("volunteering:my-requests")

    response = client.get(url)

    assert response.url == f"{reverse('account_login')}?next={url}"


@pytest.mark.parametrize("count", [3, 30])
def test_my_requests_query_count_does_not_grow(
    client, edition, community, responsible, count, django_assert_num_queries
):
    room = RoomFactory(edition=edition)
    for task in TaskFactory.create_batch(count, edition=edition, community=community, room=room):
        SignUpFactory(task=task)
    client.force_login(responsible)
    url = reverse("volunteering:my-requests")

    # session, user, edition, roles and responsibilities (one query), the tasks with their counts
    with django_assert_num_queries(5):
        response = client.get(url)

    assert len(response.context["tasks"]) == count
