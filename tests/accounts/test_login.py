import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from accounts.models import User
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.integration

CODE = re.compile(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", re.MULTILINE)


def code_from(message) -> str:
    match = CODE.search(message.body)
    assert match, message.body
    return match.group(1)


@pytest.fixture
def verified_user(db):
    user = UserFactory(email="ada@example.net")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def test_login_by_code_end_to_end(client, verified_user, edition):
    response = client.post(reverse("account_login"), {"login": "ada@example.net"})

    assert response.status_code == 302
    assert response.url == reverse("account_confirm_login_code")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ada@example.net"]

    response = client.post(reverse("account_confirm_login_code"), {"code": code_from(mail.outbox[0])})

    assert response.status_code == 302
    assert response.url == reverse("pages:home")
    assert client.get(reverse("pages:home")).context["user"] == verified_user


def test_login_by_code_rejects_wrong_code(client, verified_user, edition):
    client.post(reverse("account_login"), {"login": "ada@example.net"})

    response = client.post(reverse("account_confirm_login_code"), {"code": "WRONG1"})

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_login_code_request_does_not_reveal_unknown_email(client, verified_user, edition):
    known = client.post(reverse("account_login"), {"login": "ada@example.net"})
    client.logout()
    unknown = client.post(reverse("account_login"), {"login": "nobody@example.net"})

    # Same answer for both; the unknown address gets a "no account, sign up here" email instead.
    assert (known.status_code, known.url) == (unknown.status_code, unknown.url)
    assert [message.to for message in mail.outbox] == [["ada@example.net"], ["nobody@example.net"]]
    assert not CODE.search(mail.outbox[1].body)


def test_login_code_requests_are_rate_limited(client, verified_user, edition):
    responses = []
    for _ in range(5):
        client.cookies.clear()
        responses.append(client.post(reverse("account_login"), {"login": "ada@example.net"}))

    # Three codes per address per five minutes; then the form refuses without sending.
    assert [response.status_code for response in responses] == [302, 302, 302, 200, 200]
    assert "Too many" in str(responses[-1].context["form"].errors)
    assert len(mail.outbox) == 3


def test_signup_with_email_only_logs_in_after_code(client, edition):
    response = client.post(reverse("account_signup"), {"email": "new@example.net"})

    assert response.status_code == 302
    user = User.objects.get(email="new@example.net")
    assert not user.has_usable_password()
    code = code_from(mail.outbox[-1])

    response = client.post(reverse("account_email_verification_sent"), {"code": code})

    # Logged in; the badge-name step comes first, then the profile (ACCOUNT_SIGNUP_REDIRECT_URL).
    assert response.status_code == 302
    assert response.url == f"{reverse('accounts:badge-name')}?next=%2Faccounts%2Fprofile%2F"
    assert client.session["_auth_user_id"] == str(user.pk)


def test_oauth_providers_hidden_without_client_ids(client, edition):
    response = client.get(reverse("account_login"))

    assert "GitHub" not in response.content.decode()
    assert "Google" not in response.content.decode()


def test_oauth_providers_shown_when_client_ids_configured(client, edition, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {
        "github": {"APPS": [{"client_id": "id", "secret": "secret"}]},
        "google": {"APPS": [{"client_id": "id", "secret": "secret"}]},
    }

    content = client.get(reverse("account_login")).content.decode()

    assert "GitHub" in content
    assert "Google" in content


def test_unknown_address_gets_a_sign_up_link_back_to_where_it_was_going(client, edition):
    # E.g. a newcomer invited as a responsible person who chose "Log in" instead of "Create your account".
    target = "/communities/invitations/abc/"

    client.post(reverse("account_login"), {"login": "newcomer@example.net", "next": target})
    client.logout()
    client.post(reverse("account_login"), {"login": "other@example.net", "next": "https://evil.example/"})

    bodies = [message.body for message in mail.outbox]
    assert "/accounts/signup/?next=%2Fcommunities%2Finvitations%2Fabc%2F" in bodies[0]
    assert "/accounts/signup/" in bodies[1] and "evil" not in bodies[1]
