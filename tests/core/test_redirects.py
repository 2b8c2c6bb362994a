"""Every redirect to a target from the request goes through core.redirects (issue 9, point 4).

`next=foo` or `next=-1` used to reach `redirect()`, which tried it as a view name: the action
happened, then a 500 (NoReverseMatch). Now anything but a path on this site means the fallback.
"""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import RequestFactory
from django.urls import reverse

from core.redirects import MAX_PATH_LENGTH, is_safe_path, safe_next
from editions.models import RoleKind
from tests.factories.accounts import UserFactory
from tests.factories.communities import CommunityFactory
from tests.factories.editions import EditionRoleFactory
from tests.factories.schedule import SessionFactory, TrackFactory
from tests.factories.volunteering import SignUpFactory, TaskFactory, in_hours

LOGIN_CODE = re.compile(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", re.MULTILINE)
HOSTILE_NEXT = [
    "foo",
    "-1",
    "//evil.example",
    "https://evil.example",
    "http://testserver/one-day/",  # this host, but not a path: refused too
    "javascript:alert(1)",
    "/\\evil.example",
    "\\\\evil.example",
    " /one-day/",
    "/one-day/\x00",
    "\x00",
    "/\tevil",
    "/" + "a" * 5000,
]


@pytest.mark.unit
@pytest.mark.parametrize("target", HOSTILE_NEXT + ["", None, 7])
def test_is_safe_path_refuses_anything_but_a_path_on_this_site(target):
    assert is_safe_path(target) is False


@pytest.mark.unit
@pytest.mark.parametrize(
    "target", ["/", "/one-day/mine/", "/one-day/?past=1&q=a+b", "/communities/%E7%A4%BE/", "/tracks/#day-2"]
)
def test_is_safe_path_accepts_paths_on_this_site(target):
    assert is_safe_path(target) is True


@pytest.mark.unit
def test_is_safe_path_accepts_up_to_the_length_limit():
    assert is_safe_path("/" + "a" * (MAX_PATH_LENGTH - 1)) is True
    assert is_safe_path("/" + "a" * MAX_PATH_LENGTH) is False


@pytest.mark.unit
def test_safe_next_prefers_the_form_and_never_falls_back_to_the_query_when_the_form_is_bad():
    factory = RequestFactory()

    good_post = factory.post("/x/?next=/from-query/", {"next": "/from-form/"})
    bad_post = factory.post("/x/?next=/from-query/", {"next": "foo"})
    query_only = factory.post("/x/?next=/from-query/")

    assert safe_next(good_post, "/fallback/") == "/from-form/"
    assert safe_next(bad_post, "/fallback/") == "/fallback/"
    assert safe_next(query_only, "/fallback/") == "/from-query/"


# --- every action that goes back to `next` ----------------------------------------------------------


@pytest.fixture
def world(edition):
    staff = EditionRoleFactory(edition=edition, kind=RoleKind.STAFF).user
    volunteer = UserFactory()
    task = TaskFactory(edition=edition, requester=staff, starts_at=in_hours(30))
    track = TrackFactory(edition=edition)
    return {
        "staff": staff,
        "volunteer": volunteer,
        "task": task,
        "sign_up": SignUpFactory(task=task, user=volunteer),
        "community": CommunityFactory(),
        "track": track,
        "session": SessionFactory(edition=edition, track=track),
    }


# name -> (who acts, the address, the form's other fields, where it goes when `next` is refused)
ACTIONS = {
    "task-cancel-sign-up": (
        "volunteer",
        lambda w: reverse("volunteering:task-cancel-sign-up", args=[w["task"].pk]),
        {},
        lambda w: w["task"].get_absolute_url(),
    ),
    "task-close": (
        "staff",
        lambda w: reverse("volunteering:task-close", args=[w["task"].pk]),
        {},
        lambda w: reverse("volunteering:task-roster", args=[w["task"].pk]),
    ),
    "task-reopen": (
        "staff",
        lambda w: reverse("volunteering:task-reopen", args=[w["task"].pk]),
        {},
        lambda w: reverse("volunteering:task-roster", args=[w["task"].pk]),
    ),
    "task-complete-all": (
        "staff",
        lambda w: reverse("volunteering:task-complete-all", args=[w["task"].pk]),
        {},
        lambda w: reverse("volunteering:task-roster", args=[w["task"].pk]),
    ),
    "sign-up-mark": (
        "staff",
        lambda w: reverse("volunteering:sign-up-mark", args=[w["sign_up"].pk]),
        {"action": "completed"},
        lambda w: reverse("volunteering:task-roster", args=[w["task"].pk]),
    ),
    "sign-up-mark-unknown-action": (
        "staff",
        lambda w: reverse("volunteering:sign-up-mark", args=[w["sign_up"].pk]),
        {"action": "nonsense"},
        lambda w: reverse("volunteering:task-roster", args=[w["task"].pk]),
    ),
    "community-toggle": (
        "volunteer",
        lambda w: reverse("follows:community-toggle", args=[w["community"].pk]),
        {"following": "1"},
        lambda w: reverse("follows:mine"),
    ),
    "track-toggle": (
        "volunteer",
        lambda w: reverse("follows:track-toggle", args=[w["track"].pk]),
        {"following": "1"},
        lambda w: reverse("follows:mine"),
    ),
    "session-star": (
        "volunteer",
        lambda w: reverse("follows:session-star", args=[w["session"].pk]),
        {"following": "1"},
        lambda w: reverse("follows:mine"),
    ),
    "badge-name": (
        "volunteer",
        lambda w: reverse("accounts:badge-name"),
        {"display_name": "Mei"},
        lambda w: "/",
    ),
}


@pytest.mark.integration
@pytest.mark.parametrize("target", HOSTILE_NEXT)
@pytest.mark.parametrize("action", ACTIONS)
def test_action_with_a_bad_next_goes_to_its_fallback(client, world, action, target):
    who, address, data, fallback = ACTIONS[action]
    client.force_login(world[who])

    response = client.post(address(world), {**data, "next": target})

    assert (response.status_code, response["Location"]) == (302, fallback(world))


@pytest.mark.integration
@pytest.mark.parametrize("action", ACTIONS)
def test_action_with_a_path_on_this_site_goes_there(client, world, action):
    who, address, data, _fallback = ACTIONS[action]
    client.force_login(world[who])

    response = client.post(address(world), {**data, "next": "/one-day/mine/?past=1"})

    assert (response.status_code, response["Location"]) == (302, "/one-day/mine/?past=1")


@pytest.mark.integration
@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_anonymous_follow_with_a_bad_next_logs_in_and_comes_back_to_my_follows(client, world, target):
    response = client.post(reverse("follows:community-toggle", args=[world["community"].pk]), {"next": target})

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next=/follows/"


@pytest.mark.integration
@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_badge_name_page_offers_only_a_safe_next(client, world, target):
    client.force_login(UserFactory(display_name=""))

    response = client.get(reverse("accounts:badge-name"), {"next": target})

    assert (response.status_code, response.context["next"]) == (200, "/")


@pytest.mark.integration
@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_backstage_login_passes_on_only_a_safe_next(client, world, target):
    response = client.get(reverse("admin:login"), {"next": target})

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next=%2Fbackstage%2F"


@pytest.mark.integration
@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_login_code_with_a_bad_next_never_follows_it(client, world, target):
    """allauth's `next` goes through the same rule (accounts.adapters.AccountAdapter.is_safe_url)."""
    person = UserFactory(email="mei@example.net", display_name="Mei")
    EmailAddress.objects.create(user=person, email=person.email, verified=True, primary=True)
    client.post(reverse("account_login"), {"login": person.email, "next": target})
    code = LOGIN_CODE.search(mail.outbox[-1].body).group(1)

    response = client.post(reverse("account_confirm_login_code"), {"code": code, "next": target})

    assert (response.status_code, response["Location"]) == (302, "/")
