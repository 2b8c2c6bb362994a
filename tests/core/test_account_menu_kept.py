"""The header's account menu is kept per person and what it shows; the form token is each request's own."""

import re

import pytest
from django.urls import reverse

from core.personal import _account_menus, csrf_placeholder
from editions.models import RoleKind
from tests.factories.editions import EditionRoleFactory

pytestmark = pytest.mark.integration

LOGOUT_TOKEN = re.compile(r'action="/accounts/logout/".*?name="csrfmiddlewaretoken" value="([^"]+)"', re.S)


@pytest.fixture(autouse=True)
def _empty():
    _account_menus.clear()
    yield
    _account_menus.clear()


def _page(client) -> str:
    return client.get(reverse("follows:mine")).content.decode()


def test_the_menu_is_rendered_once_and_each_response_gets_its_own_form_token(client, user):
    client.force_login(user)

    first, second = _page(client), _page(client)

    assert len(_account_menus) == 1
    tokens = [LOGOUT_TOKEN.search(page).group(1) for page in (first, second)]
    assert csrf_placeholder() not in first + second
    assert all(len(token) == 64 for token in tokens)  # a masked token, not the placeholder
    assert client.cookies["csrftoken"]


def test_a_new_display_name_shows_at_once(client, user):
    client.force_login(user)
    _page(client)
    user.display_name = "Renamed Person"
    user.save()

    assert "Renamed Person" in _page(client)


def test_a_new_staff_role_shows_its_links_at_once(client, user, edition):
    client.force_login(user)
    assert "Who signs the certificates" not in _page(client)

    EditionRoleFactory(edition=edition, user=user, kind=RoleKind.STAFF)

    assert "Who signs the certificates" in _page(client)


def test_the_current_page_is_marked_in_each_page_s_menu(client, user):
    client.force_login(user)
    follows = _page(client)
    profile = client.get(reverse("accounts:profile")).content.decode()

    assert re.search(r'class="site-account__follows" aria-current="page"', follows)
    assert not re.search(r'class="site-account__follows" aria-current="page"', profile)
