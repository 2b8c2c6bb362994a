import pytest
from django.urls import reverse

from accounts.services import profile_update
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.integration


def test_profile_requires_login(client, edition):
    response = client.get(reverse("accounts:profile"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_profile_edit_saves_fields(client, user, edition):
    client.force_login(user)

    response = client.post(
        reverse("accounts:profile"),
        {
            "display_name": "Ada L.",
            "bio": "Rust and Python.",
            "preferred_language": "zh-hant",
            "chat_handle": "@ada",
            "phone": "0912345678",
            "share_email_with_staff": "",
            "share_phone_with_staff": "on",
            "share_chat_with_staff": "on",
        },
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.display_name, user.bio, user.preferred_language) == ("Ada L.", "Rust and Python.", "zh-hant")
    assert user.shared_contact_details() == {"phone": "0912345678", "chat_handle": "@ada"}


def test_profile_edit_requires_display_name(client, user, edition):
    client.force_login(user)

    response = client.post(reverse("accounts:profile"), {"display_name": "", "preferred_language": "en"})

    assert response.status_code == 200
    assert response.context["form"].errors["display_name"]
    user.refresh_from_db()
    assert user.display_name != ""


def test_profile_edit_cannot_change_email_or_powers(client, user, edition):
    client.force_login(user)
    email = user.email

    client.post(
        reverse("accounts:profile"),
        {"display_name": "X", "email": "evil@example.net", "is_superuser": "on", "preferred_language": "en"},
    )

    user.refresh_from_db()
    assert (user.email, user.is_superuser) == (email, False)


def test_profile_update_ignores_unknown_fields(db):
    user = UserFactory(display_name="Before")

    profile_update(user=user, data={"display_name": "After", "is_superuser": True})

    user.refresh_from_db()
    assert (user.display_name, user.is_superuser) == ("After", False)


def test_public_name_never_shows_email(db):
    user = UserFactory(email="secret@example.net", display_name="")

    assert "secret" not in str(user)
    # Without a name, a label no one could take for a name (not "Volunteer #12").
    assert str(user) == user.public_name == "(no name yet)"


def test_public_name_is_the_display_name(db):
    assert UserFactory(display_name="Ada Chen").public_name == "Ada Chen"


def test_contact_details_tell_not_shared_from_shared_but_empty(db):
    user = UserFactory(
        email="ada@example.net",
        phone="",
        chat_handle="@ada",
        share_email_with_staff=True,
        share_phone_with_staff=True,
        share_chat_with_staff=False,
    )

    assert user.contact_details() == {"email": "ada@example.net", "phone": "", "chat_handle": None}
    assert user.shared_contact_details() == {"email": "ada@example.net"}


def test_profile_says_exactly_who_sees_shared_details(client, user, edition):
    client.force_login(user)

    html = client.get(reverse("accounts:profile")).content.decode()

    assert "the organizing team and the volunteer service desk;" in html
    assert (
        "for each one-day volunteer task you sign up for: the person who posted it and the responsible persons "
        "of its community, on the task" in html
    )
    assert f'href="{reverse("manual:page", args=["profile"])}#who-sees-what"' in html
    labels = ("Share my email address", "Share my phone number", "Share my chat handle")
    assert [label in html for label in labels] == [True, True, True]
