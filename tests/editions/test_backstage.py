import pytest
from django.urls import reverse

from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.integration


@pytest.mark.parametrize(
    ("who", "status"),
    [("user", 403), ("desk_user", 403), ("staff_user", 200), ("superuser", 200)],
)
def test_backstage_access_by_role(who, status, request, client, edition):
    client.force_login(request.getfixturevalue(who))

    assert client.get(reverse("admin:index")).status_code == status


def test_backstage_sends_anonymous_to_code_login(client, edition):
    response = client.get(reverse("admin:index"))

    assert response.status_code == 302
    login = client.get(response.url)
    assert login.status_code == 302
    assert login.url.startswith(reverse("account_login"))


def test_backstage_staff_can_open_every_model_list(client, staff_user, edition):
    from django.contrib import admin

    client.force_login(staff_user)

    for model in admin.site._registry:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        assert client.get(url).status_code == 200, url


def test_staff_of_past_edition_has_no_backstage(client, edition):
    from editions.models import RoleKind
    from tests.factories.editions import EditionFactory, EditionRoleFactory

    past = EditionFactory(slug="2020")
    person = EditionRoleFactory(edition=past, kind=RoleKind.STAFF).user
    client.force_login(person)

    assert client.get(reverse("admin:index")).status_code == 403


def test_backstage_staff_cannot_edit_superuser(client, staff_user, edition):
    boss = UserFactory(is_superuser=True)
    client.force_login(staff_user)

    url = reverse("admin:accounts_user_change", args=[boss.pk])
    client.post(url, {"email": "taken@example.net", "display_name": "x"})

    boss.refresh_from_db()
    assert boss.email != "taken@example.net"


def test_backstage_staff_cannot_grant_superuser(client, staff_user, edition):
    person = UserFactory()
    client.force_login(staff_user)

    response = client.get(reverse("admin:accounts_user_change", args=[person.pk]))

    assert response.status_code == 200
    assert 'name="is_superuser"' not in response.content.decode()
