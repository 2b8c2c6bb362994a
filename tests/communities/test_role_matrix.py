"""Every address of the community contact side × every role (DESIGN.md's matrix): who gets in, who
gets 403 (or the login page), and that no other person's contact details appear anywhere outside the
contact list and its exports."""

import pytest
from django.urls import reverse

from communities.models import CommunityRevision
from communities.services.pages import community_update
from contacts.models import ResponsiblePersonMessage
from editions.models import RoleKind
from tests.factories.accounts import UserFactory
from tests.factories.communities import CommunityFactory, InvitationFactory, ResponsiblePersonFactory
from tests.factories.editions import EditionRoleFactory

pytestmark = pytest.mark.integration

ROLES = [
    "anonymous",
    "volunteer",
    "responsible (own)",
    "responsible (other)",
    "responsible (past edition)",
    "desk",
    "staff",
]
# Contact details of someone who shares everything with the organizing team: they must still show
# only on the contact list and its exports.
SECRET = {"email": "secret.person@example.net", "phone": "+886 900 111 222", "chat_handle": "@secret_handle"}


@pytest.fixture
def world(edition, past_edition, community):
    secret = UserFactory(
        display_name="Secret Person",
        email=SECRET["email"],
        phone=SECRET["phone"],
        chat_handle=SECRET["chat_handle"],
        share_email_with_staff=True,
        share_phone_with_staff=True,
        share_chat_with_staff=True,
    )
    own = ResponsiblePersonFactory(community=community, edition=edition)
    ResponsiblePersonFactory(community=community, edition=edition, user=secret)
    other_community = CommunityFactory(slug="other")
    other = ResponsiblePersonFactory(community=other_community, edition=edition)
    past = ResponsiblePersonFactory(community=community, edition=past_edition)
    staff = EditionRoleFactory(edition=edition, kind=RoleKind.STAFF).user
    invitation = InvitationFactory(community=community, edition=edition)
    community_update(community=community, data={"summary": "v1"}, by=own.user, edition=edition)
    message = ResponsiblePersonMessage.objects.create(edition=edition, author=staff, subject="Hi", body="Hello")
    return {
        "people": {
            "anonymous": None,
            "volunteer": UserFactory(),
            "responsible (own)": own.user,
            "responsible (other)": other.user,
            "responsible (past edition)": past.user,
            "desk": EditionRoleFactory(edition=edition, kind=RoleKind.DESK).user,
            "staff": staff,
        },
        "person": own,
        "invitation": invitation,
        "revision": CommunityRevision.objects.filter(community=community).last(),
        "message": message,
    }


def _addresses(world, edition, past_edition, community):
    """(method, url, {role: expected status}); roles not listed get 403, anonymous gets the login page."""
    slug = community.slug
    own_page = {"responsible (own)": 200, "staff": 200}
    staff_only = {"staff": 200}
    return [
        ("get", reverse("communities:mine"), {"responsible (own)": 200, "responsible (other)": 200}),
        ("get", reverse("communities:edit", args=[slug]), own_page),
        ("post", reverse("communities:edit-preview", args=[slug]), own_page),
        ("get", reverse("communities:history", args=[slug]), own_page),
        ("post", reverse("communities:revision-restore", args=[slug, world["revision"].pk]), {"staff": 302}),
        ("get", reverse("communities:responsible-persons-current"), {"staff": 302}),
        ("get", reverse("communities:responsible-persons", args=[edition.slug]), staff_only),
        ("get", reverse("communities:responsible-persons", args=[past_edition.slug]), staff_only),
        ("get", reverse("communities:carry-over", args=[edition.slug]), staff_only),
        ("get", reverse("communities:responsible-person-add", args=[edition.slug, slug]) + "?q=Secret", staff_only),
        ("get", reverse("communities:responsible-person-edit", args=[world["person"].pk]), staff_only),
        ("get", reverse("communities:responsible-person-remove", args=[world["person"].pk]), staff_only),
        ("post", reverse("communities:invitation-resend", args=[world["invitation"].pk]), {"staff": 302}),
        ("get", reverse("contacts:list"), staff_only),
        ("get", reverse("contacts:export-csv"), staff_only),
        ("get", reverse("contacts:export-vcard"), staff_only),
        ("get", reverse("contacts:log"), staff_only),
        ("get", reverse("contacts:message"), staff_only),
        ("get", reverse("contacts:messages"), staff_only),
        ("get", reverse("contacts:message-detail", args=[world["message"].pk]), staff_only),
        ("get", world["invitation"].get_absolute_url(), dict.fromkeys(ROLES, 200)),
        ("get", reverse("communities:detail", args=[slug]), dict.fromkeys(ROLES, 200)),
    ]


CONTACT_LIST_PAGES = ("/communities/contacts/", "/communities/contacts/export.csv", "/communities/contacts/export.vcf")


@pytest.mark.parametrize("role", ROLES)
def test_role_matrix_and_no_contact_details_outside_the_contact_list(
    client, edition, past_edition, community, world, role
):
    person = world["people"][role]
    if person is not None:
        client.force_login(person)
    for method, url, expected in _addresses(world, edition, past_edition, community):
        response = getattr(client, method)(url)

        want = expected.get(role, 302 if role == "anonymous" else 403)
        assert response.status_code == want, f"{role} {method.upper()} {url}"
        if role == "anonymous" and want == 302 and "revision-restore" not in url:
            assert response.url.startswith(reverse("account_login")), url
        body = response.content.decode()
        if not (role == "staff" and url.startswith(CONTACT_LIST_PAGES)):
            leaked = [value for value in SECRET.values() if value in body]
            assert leaked == [], f"{role} sees {leaked} on {url}"


def test_the_contact_list_does_show_shared_details_to_staff(client, world):
    client.force_login(world["people"]["staff"])

    body = client.get(reverse("contacts:list")).content.decode()

    assert [value in body for value in SECRET.values()] == [True, True, True]
