import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.integration


def test_language_switch_sets_cookie_and_translates(client, edition):
    response = client.post(reverse("accounts:set-language"), {"language": "zh-hant", "next": "/"})

    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "zh-hant"
    page = client.get("/")
    assert page.context["LANGUAGE_CODE"] == "zh-hant"
    assert '<html lang="zh-hant">' in page.content.decode()
    assert "一日志工" in page.content.decode()


def test_language_switch_remembered_on_profile(client, user, edition):
    client.force_login(user)

    client.post(reverse("accounts:set-language"), {"language": "zh-hant", "next": "/"})

    user.refresh_from_db()
    assert user.preferred_language == "zh-hant"


def test_preferred_language_applies_on_a_new_device(client, user, edition):
    user.preferred_language = "zh-hant"
    user.save()
    client.force_login(user)

    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.context["LANGUAGE_CODE"] == "zh-hant"


def test_language_switch_rejects_unknown_language(client, user, edition):
    client.force_login(user)

    client.post(reverse("accounts:set-language"), {"language": "xx", "next": "/"})

    user.refresh_from_db()
    assert user.preferred_language == ""


def test_language_switch_ignores_offsite_next(client, edition):
    response = client.post(reverse("accounts:set-language"), {"language": "en", "next": "https://evil.example/"})

    assert response.url == "/"
