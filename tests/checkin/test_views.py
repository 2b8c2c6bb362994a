import re
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from freezegun import freeze_time

from checkin.models import CheckIn
from editions.models import RoleKind
from tests.checkin.conftest import at, code_for
from tests.factories.accounts import UserFactory
from tests.factories.communities import ResponsiblePersonFactory
from tests.factories.editions import EditionRoleFactory
from tests.factories.volunteering import SignUpFactory
from volunteering.models import SignUp, SignUpStatus

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture
def during_task():
    """Saturday 7 August 2027, 10:05 Taipei: five minutes into the task."""
    with freeze_time(at(7, 10, 5)):
        yield


def _url(task, code=None):
    return reverse("checkin:check-in", args=[task.pk, code or code_for(task)])


def _messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


# --- The page the QR code opens ---


def test_logged_out_visitor_sees_the_task_and_a_login_link_back_here(client, task):
    response = client.get(_url(task))

    assert response.status_code == 200
    assert task.title in response.content.decode()
    assert response.context["login_url"] == f"{reverse('account_login')}?{urlencode({'next': _url(task)})}"
    assert CheckIn.objects.count() == 0


def test_logged_out_post_goes_to_login_and_changes_nothing(client, task, during_task):
    response = client.post(_url(task), {"action": "check_in"})

    assert response.status_code == 302
    assert response.url == f"{reverse('account_login')}?next={_url(task)}"
    assert CheckIn.objects.count() == 0


def test_logged_out_visitor_learns_nothing_of_a_draft(client, task):
    task.status = "draft"
    task.save(update_fields=["status"])

    response = client.get(_url(task))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_get_shows_the_button_and_changes_nothing(client, task, during_task):
    sign_up = SignUpFactory(task=task)
    client.force_login(sign_up.user)

    response = client.get(_url(task))

    html = response.content.decode()
    assert response.status_code == 200
    assert '<input type="hidden" name="action" value="check_in">' in html
    assert response["Cache-Control"].startswith("max-age=0")
    assert CheckIn.objects.count() == 0


def test_post_checks_in_then_out(client, task, during_task):
    sign_up = SignUpFactory(task=task)
    client.force_login(sign_up.user)

    checked_in = client.post(_url(task), {"action": "check_in"}, follow=True)
    checked_out = client.post(_url(task), {"action": "check_out"}, follow=True)

    assert _messages(checked_in) == ["You are checked in (10:05). Scan the sheet again when you leave."]
    assert _messages(checked_out) == [
        "You are checked out (10:05). The requester confirms your completion; your points appear then."
    ]
    assert "You were here from 10:05 to 10:05. Thank you!" in checked_out.content.decode()
    record = CheckIn.objects.get()
    assert (record.sign_up, record.checked_in_at, record.checked_out_at) == (sign_up, at(7, 10, 5), at(7, 10, 5))


def test_walk_in_takes_the_free_place(client, task, during_task):
    person = UserFactory()
    client.force_login(person)

    page = client.get(_url(task)).content.decode()
    response = client.post(_url(task), {"action": "walk_in"}, follow=True)

    assert "Take the free place and check in" in page
    assert _messages(response) == ["You took a free place and are checked in (10:05). Thank you!"]
    assert SignUp.objects.get(user=person).status == SignUpStatus.CONFIRMED


def test_refusals_are_said_clearly(client, task, during_task):
    SignUpFactory(task=task)
    SignUpFactory(task=task)
    person = UserFactory()
    client.force_login(person)

    page = client.get(_url(task)).content.decode()
    refused = client.post(_url(task), {"action": "walk_in"}, follow=True)
    out = client.post(_url(task), {"action": "check_out"}, follow=True)

    assert "You have not signed up for this task, and there is no free place left." in page
    assert _messages(refused) == ["You have not signed up for this task, and there is no free place left."]
    assert _messages(out) == ["You have not checked in, so you cannot check out. Check in first."]
    assert SignUp.objects.filter(user=person).count() == 0


def test_another_tasks_code_shows_why_and_no_button(client, task, during_task):
    sign_up = SignUpFactory(task=task)
    client.force_login(sign_up.user)

    response = client.get(_url(task, code="abcdefghij"))

    html = response.content.decode()
    assert "This check-in code is not for this task." in html
    assert 'name="action"' not in html


def test_unknown_action_changes_nothing(client, task, during_task):
    sign_up = SignUpFactory(task=task)
    client.force_login(sign_up.user)

    response = client.post(_url(task), {}, follow=True)

    assert (_messages(response), CheckIn.objects.count()) == (["Unknown action."], 0)


def test_missing_task_is_404(client, user):
    client.force_login(user)

    assert client.get(reverse("checkin:check-in", args=[999999, "abcdefghij"])).status_code == 404


# --- The sheet ---


@pytest.fixture
def roles(task, edition):
    task.community = ResponsiblePersonFactory(edition=edition).community
    task.save()
    return {
        "requester": task.requester,
        "responsible": ResponsiblePersonFactory(edition=edition, community=task.community).user,
        "desk": EditionRoleFactory(edition=edition, kind=RoleKind.DESK).user,
        "staff": EditionRoleFactory(edition=edition, kind=RoleKind.STAFF).user,
        "volunteer": SignUpFactory(task=task).user,
        "other responsible": ResponsiblePersonFactory(edition=edition).user,
    }


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("requester", 200),
        ("responsible", 200),
        ("desk", 200),
        ("staff", 200),
        ("volunteer", 403),
        ("other responsible", 403),
    ],
)
def test_sheet_for_the_people_who_run_the_task(client, task, roles, role, status):
    client.force_login(roles[role])

    assert client.get(reverse("checkin:sheet", args=[task.pk])).status_code == status


def test_sheet_holds_the_days_absolute_address_in_both_languages(client, task, settings):
    settings.SITE_URL = "https://volunteer.example.org"
    client.force_login(task.requester)

    html = client.get(reverse("checkin:sheet", args=[task.pk])).content.decode()

    url = f"https://volunteer.example.org/check-in/{task.pk}/{code_for(task)}/"
    assert f'<figcaption class="sheet__url">{url}</figcaption>' in html
    assert re.search(r"<svg[^>]*class=\"sheet__qr-code\"", html)
    assert ('lang="en"' in html, 'lang="zh-Hant"' in html) == (True, True)
    assert "checkin/sheet-a5.css" in html


def test_sheet_for_another_day_and_size(client, edition, settings):
    from tests.factories.volunteering import TaskFactory

    two_days = TaskFactory(edition=edition, starts_at=at(7, 9), ends_at=at(8, 17))
    client.force_login(two_days.requester)

    html = client.get(
        reverse("checkin:sheet", args=[two_days.pk]), {"day": "2027-08-08", "size": "a4"}
    ).content.decode()
    wrong = client.get(
        reverse("checkin:sheet", args=[two_days.pk]), {"day": "2031-01-01", "size": "x"}
    ).content.decode()

    assert f"/check-in/{two_days.pk}/{code_for(two_days, 8)}/" in html
    assert "checkin/sheet-a4.css" in html
    assert f"/check-in/{two_days.pk}/{code_for(two_days, 7)}/" in wrong
    assert "checkin/sheet-a5.css" in wrong


def test_sheet_refuses_post(client, task):
    client.force_login(task.requester)

    assert client.post(reverse("checkin:sheet", args=[task.pk])).status_code == 405


# --- The roster ---


def _roster(client, task, **params):
    return client.get(reverse("volunteering:task-roster", args=[task.pk]), params)


def test_roster_shows_who_is_here_late_and_ready(client, task, during_task):
    here = SignUpFactory(task=task, user=UserFactory(display_name="Ada Here"))
    CheckIn.objects.create(sign_up=here, checked_in_at=at(7, 9, 58))
    SignUpFactory(task=task, user=UserFactory(display_name="Bo Late"))
    client.force_login(task.requester)

    html = _roster(client, task).content.decode()

    assert "Here since 09:58" in html
    assert "Late: not checked in" in html
    assert '<noscript><meta http-equiv="refresh" content="30"></noscript>' in html
    assert f'data-live-url="/one-day/tasks/{task.pk}/roster/?part=live"' in html
    assert "volunteering/roster-live.js" in html


def test_roster_offers_one_tap_confirmation_after_check_out(client, task, during_task):
    sign_up = SignUpFactory(task=task)
    CheckIn.objects.create(sign_up=sign_up, checked_in_at=at(7, 9, 58), checked_out_at=at(7, 10, 4))
    client.force_login(task.requester)

    html = _roster(client, task).content.decode()
    confirmed = client.post(reverse("volunteering:sign-up-mark", args=[sign_up.pk]), {"action": "completed"})

    assert "Ready to confirm" in html and "Confirm completion" in html
    assert confirmed.status_code == 302
    sign_up.refresh_from_db()
    assert sign_up.status == SignUpStatus.COMPLETED
    assert "Confirm completion" not in _roster(client, task).content.decode()


def test_roster_is_not_live_days_before(client, task):
    SignUpFactory(task=task)
    client.force_login(task.requester)

    with freeze_time(at(1, 10)):
        html = _roster(client, task).content.decode()

    assert ("http-equiv" in html, "roster-live.js" in html, "Not here yet" in html) == (False, False, False)


def test_roster_live_part_is_a_fragment(client, task, during_task):
    SignUpFactory(task=task, user=UserFactory(display_name="Cy Fragment"))
    client.force_login(task.requester)

    response = _roster(client, task, part="live")

    html = response.content.decode()
    assert "<html" not in html and "Cy Fragment" in html and "Who is here" in html


@pytest.mark.parametrize("count", [2, 20])
def test_roster_query_count_does_not_grow_with_check_ins(client, task, during_task, count, django_assert_num_queries):
    task.headcount = count
    task.save()
    for index in range(count):
        sign_up = SignUpFactory(task=task)
        if index % 2:
            CheckIn.objects.create(sign_up=sign_up, checked_in_at=at(7, 10))
    client.force_login(task.requester)
    _roster(client, task)  # the current edition is cached from here on

    with django_assert_num_queries(5):  # session, user, task, roles, sign-ups with their check-ins
        response = _roster(client, task)
    with django_assert_num_queries(5):
        _roster(client, task, part="live")

    assert len(response.context["attendance"]["here"]) == count // 2


def test_task_page_links_the_sheet_for_the_requester_only(client, task):
    sheet = reverse("checkin:sheet", args=[task.pk])
    client.force_login(task.requester)
    assert sheet in client.get(task.get_absolute_url()).content.decode()

    client.force_login(UserFactory())
    assert sheet not in client.get(task.get_absolute_url()).content.decode()


def test_walk_in_button_for_someone_holding_a_place_is_an_ordinary_check_in(client, task, during_task):
    sign_up = SignUpFactory(task=task)
    client.force_login(sign_up.user)

    response = client.post(_url(task), {"action": "walk_in"}, follow=True)

    assert _messages(response) == ["You are checked in (10:05). Scan the sheet again when you leave."]
    assert CheckIn.objects.get().walk_in is False


def test_sheet_of_a_cancelled_task_says_so(client, task):
    task.status = "cancelled"
    task.save()
    client.force_login(task.requester)

    html = client.get(reverse("checkin:sheet", args=[task.pk])).content.decode()

    assert "This task was cancelled: its code lets nobody check in." in html
