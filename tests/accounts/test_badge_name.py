"""After the first login, the name on the badge (issue 8, point 11)."""

import re
from types import SimpleNamespace

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse
from django.utils.http import urlencode

from accounts.adapters import SUGGESTED_NAME_SESSION_KEY, SocialAccountAdapter, suggested_name
from accounts.models import User
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.integration

CODE = re.compile(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", re.MULTILINE)
BADGE_NAME = reverse("accounts:badge-name")


def _latest_code() -> str:
    return CODE.search(mail.outbox[-1].body).group(1)


def _step(next_url: str) -> str:
    return f"{BADGE_NAME}?{urlencode({'next': next_url})}"


def _log_in_by_code(client, email: str, next_url: str = ""):
    data = {"login": email, **({"next": next_url} if next_url else {})}
    client.post(reverse("account_login"), data)
    return client.post(reverse("account_confirm_login_code"), {"code": _latest_code(), **data})


def test_new_sign_up_is_asked_for_the_badge_name_then_goes_where_it_was_going(client, edition):
    client.post(f"{reverse('account_signup')}?next=/one-day/", {"email": "new@example.net", "next": "/one-day/"})

    confirmed = client.post(reverse("account_email_verification_sent"), {"code": _latest_code(), "next": "/one-day/"})
    step = client.get(confirmed.url)
    saved = client.post(BADGE_NAME, {"display_name": "  Mei Lin  ", "next": "/one-day/"})

    assert confirmed.url == _step("/one-day/")
    assert step.status_code == 200
    assert step.context["form"]["display_name"].value() in ("", None)
    assert 'value="new' not in step.content.decode()  # never prefilled from the private address
    assert saved.url == "/one-day/"
    assert User.objects.get(email="new@example.net").display_name == "Mei Lin"


def test_badge_name_step_is_not_shown_again_once_the_name_is_set(client, edition):
    person = UserFactory(email="mei@example.net", display_name="")
    EmailAddress.objects.create(user=person, email=person.email, verified=True, primary=True)
    first = _log_in_by_code(client, "mei@example.net", "/follows/")
    client.post(BADGE_NAME, {"display_name": "Mei", "next": "/follows/"})
    client.logout()

    second = _log_in_by_code(client, "mei@example.net", "/follows/")

    assert (first.url, second.url) == (_step("/follows/"), "/follows/")


def test_badge_name_step_with_a_name_already_goes_straight_on(client, user, edition):
    client.force_login(user)

    response = client.get(BADGE_NAME, {"next": "/one-day/"})

    assert response.url == "/one-day/"


def test_badge_name_is_required(client, edition):
    person = UserFactory(display_name="")
    client.force_login(person)

    response = client.post(BADGE_NAME, {"display_name": "   ", "next": "/one-day/"})

    assert response.status_code == 200
    assert response.context["form"].errors["display_name"]
    person.refresh_from_db()
    assert person.display_name == ""


def test_badge_name_step_ignores_an_offsite_next(client, edition):
    client.force_login(UserFactory(display_name=""))

    response = client.post(BADGE_NAME, {"display_name": "Mei", "next": "https://evil.example/"})

    assert response.url == reverse("pages:home")


def test_badge_name_step_offers_the_name_google_or_github_gave(client, edition):
    client.force_login(UserFactory(display_name=""))
    session = client.session
    session[SUGGESTED_NAME_SESSION_KEY] = "The Octocat"
    session.save()

    response = client.get(BADGE_NAME)

    assert response.context["form"]["display_name"].value() == "The Octocat"


def test_social_login_stashes_the_profile_name_for_the_badge_step(rf, db):
    request = rf.get("/")
    request.session = {}
    sociallogin = SimpleNamespace(account=SimpleNamespace(extra_data={"login": "octocat", "name": "The Octocat"}))

    SocialAccountAdapter(request).pre_social_login(request, sociallogin)

    assert request.session == {SUGGESTED_NAME_SESSION_KEY: "The Octocat"}


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"name": "The Octocat", "login": "octocat", "email": "octo@example.net"}, "The Octocat"),
        ({"name": None, "login": "octocat", "email": "octo@example.net"}, "octocat"),
        ({"given_name": "Ada", "family_name": "Chen", "email": "ada@example.net"}, "Ada Chen"),
        ({"name": "octo@example.net"}, ""),
        ({"email": "octo@example.net"}, ""),
    ],
)
def test_suggested_name_is_never_an_email_address(data, expected):
    assert suggested_name(data) == expected


def test_person_without_a_name_is_shown_with_a_label_not_a_made_up_name(client, edition, staff_user):
    from tests.factories.volunteering import SignUpFactory, TaskFactory

    task = TaskFactory(edition=edition)
    nameless = UserFactory(display_name="")
    SignUpFactory(task=task, user=nameless)
    client.force_login(staff_user)

    html = client.get(reverse("volunteering:task-roster", args=[task.pk])).content.decode()

    assert "(no name yet)" in html
    assert f"#{nameless.pk}" not in html and "Volunteer #" not in html
