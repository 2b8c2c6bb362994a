"""allauth's pages, messages and emails speak the site's words in both languages (issue 8, point 10).

Expected texts are looked up through gettext, so the tests hold before and after the zh-Hant catalog
translates the new entries; allauth's own wording (English and its zh-Hant catalog) must never show.
"""

import re

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.integration

CODE = re.compile(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", re.MULTILINE)
LANGUAGES = ["en", "zh-hant"]

# allauth's wording the site replaces: its English and its zh-Hant translations.
ALLAUTH_WORDING = [
    "Sign In",
    "Sign in",
    "Sign Up",
    "Signup",
    "Sign-In",
    "sign-in",
    "Sign Out",
    "third-party",
    "Third-Party",
    "We've sent a code",
    "Request Code",
    "Email Addresses",
    "Account Connections",
    "Verification",
    "代碼",
    "此代碼有效期限極短",
    "輸入登入碼",
    "成功以",
    "的身份登入",
    "第三方",
    "驗証",
    "您確定要登出嗎",
]
# Punctuation after a space can be left alone at the start of a line on a narrow phone.
LONE_PUNCTUATION = re.compile(r"\s[。．，、：；！？」）]")


def _main(response) -> str:
    match = re.search(r"<main.*?</main>", response.content.decode(), re.DOTALL)
    assert match, response.content.decode()[:500]
    return match.group(0)


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def _in(language: str, text: str, **values) -> str:
    with translation.override(language):
        translated = gettext(text)
    return translated % values if values else translated


@pytest.fixture
def speaking(client, settings):
    """`speaking(language)`: the client browses in that language (the footer's switch sets this cookie)."""

    def _speaking(language):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        return client

    return _speaking


@pytest.fixture
def ada(db):
    user = UserFactory(email="ada@example.net", display_name="Ada")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def _request_code(client, email="ada@example.net", **extra):
    return client.post(reverse("account_login"), {"login": email, **extra})


def _code(email: str) -> str:
    sent = [message for message in mail.outbox if message.to == [email]]
    return CODE.search(sent[-1].body).group(1)


def _assert_site_wording(html: str, language: str) -> None:
    leaked = [text for text in ALLAUTH_WORDING if text in html]
    assert leaked == [], html
    if language == "zh-hant":
        assert LONE_PUNCTUATION.findall(html) == [], html


# --- every page a visitor or a logged-in person can reach ----------------------------------------


ANONYMOUS_PAGES = ["account_login", "account_signup", "account_inactive", "socialaccount_login_cancelled"]
LOGGED_IN_PAGES = ["account_email", "account_logout", "socialaccount_connections", "accounts:badge-name"]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page", ANONYMOUS_PAGES)
def test_anonymous_allauth_pages_use_site_wording(speaking, edition, language, page):
    response = speaking(language).get(reverse(page))

    assert response.status_code == 200
    _assert_site_wording(_main(response), language)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page", LOGGED_IN_PAGES)
def test_logged_in_allauth_pages_use_site_wording(speaking, edition, ada, language, page):
    client = speaking(language)
    ada.display_name = ""  # so that the badge-name step shows its form
    ada.save()
    client.force_login(ada)

    response = client.get(reverse(page))

    assert response.status_code == 200
    _assert_site_wording(_main(response), language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_confirm_login_code_page_uses_site_wording(speaking, edition, ada, language):
    client = speaking(language)
    _request_code(client)

    response = client.get(reverse("account_confirm_login_code"))

    html = _main(response)
    for text in ("Check your email", "We emailed a one-time code to this address:", "One-time code", "Log in"):
        assert _in(language, text) in html
    _assert_site_wording(html, language)
    # The address stands on its own line, breakable on a phone, with nothing after it to wrap alone.
    assert '<p class="code-recipient"><strong>ada<wbr>@example.<wbr>net</strong></p>' in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_confirm_email_code_page_uses_site_wording(speaking, edition, language):
    client = speaking(language)
    client.post(reverse("account_signup"), {"email": "new@example.net"})

    response = client.get(reverse("account_email_verification_sent"))

    html = _main(response)
    for text in ("Confirm your email address", "We emailed a one-time code to this address:", "One-time code"):
        assert _in(language, text) in html
    _assert_site_wording(html, language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_wrong_code_error_uses_site_wording(speaking, edition, ada, language):
    client = speaking(language)
    _request_code(client)

    response = client.post(reverse("account_confirm_login_code"), {"code": "WRONG-CODE"})

    assert response.context["form"].errors["code"] == [_in(language, "That code is not right. Check it and try again.")]
    _assert_site_wording(_main(response), language)


# --- messages ------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_code_sent_message_names_the_address_without_trailing_punctuation(speaking, edition, ada, language):
    response = _request_code(speaking(language))

    assert _messages(response) == [_in(language, "Code sent to %(recipient)s", recipient="ada@example.net")]


@pytest.mark.parametrize("language", LANGUAGES)
def test_logged_in_message_uses_the_display_name(speaking, edition, ada, language):
    client = speaking(language)
    _request_code(client)

    response = client.post(reverse("account_confirm_login_code"), {"code": _code("ada@example.net")})

    assert _messages(response) == [
        _in(language, "Code sent to %(recipient)s", recipient="ada@example.net"),
        _in(language, "%(name)s, you are logged in.", name="Ada"),
    ]


def test_logged_in_message_without_a_name_names_nobody(client, edition, ada):
    ada.display_name = ""
    ada.save()
    _request_code(client)

    response = client.post(reverse("account_confirm_login_code"), {"code": _code("ada@example.net")})

    assert _messages(response) == ["Code sent to ada@example.net", "You are logged in."]


def test_logged_out_message(client, edition, ada):
    client.force_login(ada)

    response = client.post(reverse("account_logout"))

    assert _messages(response) == ["You are logged out."]


def test_adding_and_removing_an_address_says_so_in_site_words(client, edition, ada):
    client.force_login(ada)

    added = client.post(reverse("account_email"), {"action_add": "", "email": "second@example.net"})
    confirmed = client.post(reverse("account_email_verification_sent"), {"code": _code("second@example.net")})
    removed = client.post(reverse("account_email"), {"action_remove": "", "email": "second@example.net"})

    assert (added.url, confirmed.url, removed.url) == (
        reverse("account_email_verification_sent"),
        reverse("account_email"),
        reverse("account_email"),
    )
    # Messages wait until a page shows them; no page was shown in between.
    assert _messages(removed) == [
        "Code sent to second@example.net",
        "Address confirmed: second@example.net",
        "Address removed: second@example.net",
    ]


# --- emails --------------------------------------------------------------------------------------


def test_login_code_email_in_site_words(client, edition, ada):
    _request_code(client)

    message = mail.outbox[-1]
    code = _code("ada@example.net")
    assert message.subject == f"[{settings.SITE_NAME}] Your login code: {code}"
    assert "it works once, for 10 minutes" in message.body
    assert "sign-in" not in message.body.lower()


def test_sign_up_code_email_does_not_show_a_placeholder_name(client, edition):
    client.post(reverse("account_signup"), {"email": "new@example.net"})

    message = mail.outbox[-1]
    assert message.subject.startswith(f"[{settings.SITE_NAME}] Confirm your email address: ")
    assert "(no name yet)" not in message.body and "Volunteer #" not in message.body


def test_sign_up_with_a_known_address_emails_a_login_link_not_a_password_reset(client, edition, ada):
    response = client.post(reverse("account_signup"), {"email": "ada@example.net"})

    # The same answer as for a new address (no enumeration); the email says how to log in instead.
    assert response.url == reverse("account_email_verification_sent")
    body = mail.outbox[-1].body
    assert f"{settings.SITE_URL}{reverse('account_login')}" in body
    assert "/accounts/password/" not in body and "forgotten" not in body


# --- pages the platform does not use --------------------------------------------------------------


PASSWORDLESS_ADDRESSES = [
    "/accounts/password/reset/",
    "/accounts/password/change/",
    "/accounts/password/set/",
    "/accounts/password/reset/key/1-abc/",
    "/accounts/reauthenticate/",
]


@pytest.mark.parametrize("address", PASSWORDLESS_ADDRESSES)
def test_password_pages_send_visitors_to_the_login(client, edition, address):
    response = client.get(address)

    assert (response.status_code, response.url) == (302, reverse("account_login"))


@pytest.mark.parametrize("address", PASSWORDLESS_ADDRESSES)
def test_password_pages_send_logged_in_people_to_their_profile(client, edition, ada, address):
    client.force_login(ada)

    response = client.get(address)

    assert (response.status_code, response.url) == (302, reverse("accounts:profile"))


def test_separate_code_request_page_is_the_login_page(client, edition):
    response = client.get(reverse("account_request_login_code"), {"next": "/one-day/"})

    assert (response.status_code, response.url) == (302, f"{reverse('account_login')}?next=%2Fone-day%2F")


@pytest.mark.parametrize("provider", ["google", "github"])
@pytest.mark.parametrize("page", ["login/", "login/callback/", "login/token/"])
def test_oauth_pages_without_a_configured_provider_are_not_found(client, edition, provider, page):
    # They answered 500 (issue 9, point 3): the login, the callback and the token endpoint.
    response = (
        client.post(f"/accounts/{provider}/{page}")
        if page == "login/token/"
        else client.get(f"/accounts/{provider}/{page}")
    )

    assert response.status_code == 404


def test_too_many_requests_page_in_site_words(client, edition, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "signup": "1/m/ip"}
    client.post(reverse("account_signup"), {"email": "one@example.net"})
    client.logout()

    response = client.post(reverse("account_signup"), {"email": "two@example.net"})

    assert response.status_code == 429
    assert "<h1>Too many requests</h1>" in _main(response)


@pytest.fixture
def providers(settings):
    settings.SOCIALACCOUNT_PROVIDERS = {
        "github": {"APPS": [{"client_id": "id", "secret": "secret"}]},
        "google": {"APPS": [{"client_id": "id", "secret": "secret"}]},
    }


@pytest.mark.parametrize("language", LANGUAGES)
def test_oauth_pages_use_site_wording_when_providers_are_configured(speaking, edition, ada, providers, language):
    client = speaking(language)
    login = client.get(reverse("account_login"))
    confirm = client.get("/accounts/github/login/")
    client.force_login(ada)
    connections = client.get(reverse("socialaccount_connections"))
    profile = client.get(reverse("accounts:profile"))

    assert (confirm.status_code, connections.status_code) == (200, 200)
    assert _in(language, "Log in with %(provider)s", provider="GitHub") in _main(confirm)
    assert _in(language, "Or log in with") in _main(login)
    assert 'href="/accounts/github/login/?process=connect"' in _main(connections)
    assert f'href="{reverse("socialaccount_connections")}"' in _main(profile)
    for response in (login, confirm, connections):
        _assert_site_wording(_main(response), language)


def test_profile_has_no_connected_accounts_link_without_providers(client, edition, ada):
    client.force_login(ada)

    html = _main(client.get(reverse("accounts:profile")))

    assert reverse("socialaccount_connections") not in html
