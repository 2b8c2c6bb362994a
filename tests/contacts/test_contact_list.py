"""The contact list of responsible persons: consent, filters, exports and the audit log."""

import csv
import datetime
import io

import pytest
import vobject
from django.urls import reverse
from django.utils import timezone

from contacts.models import AccessAction, ContactListAccess
from contacts.selectors import ContactFilter, contact_rows
from tests.factories.accounts import UserFactory
from tests.factories.communities import CommunityFactory, InvitationFactory, ResponsiblePersonFactory
from tests.factories.schedule import TrackFactory

LIST = reverse("contacts:list")
CSV = reverse("contacts:export-csv")
VCARD = reverse("contacts:export-vcard")


@pytest.fixture
def community(db):
    return CommunityFactory(slug="pyhug", name="PyHUG", name_zh_hant="高雄 Python 使用者群組")


@pytest.fixture
def sharer(edition, community):
    user = UserFactory(
        display_name="Ann Sharer",
        email="ann@example.net",
        phone="0912 345 678",
        chat_handle="@ann",
        share_email_with_staff=True,
        share_phone_with_staff=True,
        share_chat_with_staff=True,
    )
    return ResponsiblePersonFactory(community=community, edition=edition, user=user, title="organizer")


@pytest.fixture
def private(edition, community):
    # Filled in every field, shared none: the values must never show.
    user = UserFactory(
        display_name="Bo Private",
        email="bo.private@example.net",
        phone="0987 654 321",
        chat_handle="@bo_private",
        share_email_with_staff=False,
        share_phone_with_staff=False,
        share_chat_with_staff=False,
    )
    return ResponsiblePersonFactory(community=community, edition=edition, user=user, title="contact")


# --- Selector ---


@pytest.mark.unit
def test_rows_carry_only_what_each_person_shared(edition, sharer, private):
    rows = {row.name: row for row in contact_rows(edition=edition, contact_filter=ContactFilter())}

    assert (rows["Ann Sharer"].email, rows["Ann Sharer"].phone, rows["Ann Sharer"].chat_handle) == (
        "ann@example.net",
        "0912 345 678",
        "@ann",
    )
    assert (rows["Bo Private"].email, rows["Bo Private"].phone, rows["Bo Private"].chat_handle) == (None, None, None)


@pytest.mark.unit
def test_filters(edition, past_edition, community, sharer, private):
    other = ResponsiblePersonFactory(edition=edition, community=CommunityFactory(name="Other"))
    ResponsiblePersonFactory(edition=past_edition, community=community)  # another year: never listed
    invitation = InvitationFactory(community=community, edition=edition, email="new@example.net")
    track = TrackFactory(edition=edition)
    track.communities.add(other.community)
    sharer.user.last_login = timezone.now()
    sharer.user.save()
    private.user.last_login = private.named_at - datetime.timedelta(days=30)  # before being named
    private.user.save()

    def names(**kwargs):
        return [row.name for row in contact_rows(edition=edition, contact_filter=ContactFilter(**kwargs))]

    assert names() == [other.user.public_name, "Ann Sharer", "Bo Private", "new@example.net"]
    assert names(community=community) == ["Ann Sharer", "Bo Private", "new@example.net"]
    assert names(track=track) == [other.user.public_name]
    assert names(pending_only=True) == ["new@example.net"]
    assert names(not_logged_in=True) == [other.user.public_name, "Bo Private", "new@example.net"]
    assert names(search="ann") == ["Ann Sharer"]
    assert invitation.email in names(search="new@")


# --- The page ---


@pytest.mark.integration
def test_list_shows_not_shared_never_the_value(client, staff_user, sharer, private):
    client.force_login(staff_user)

    response = client.get(LIST)

    body = response.content.decode()
    assert response.status_code == 200
    assert "ann@example.net" in body and "0912 345 678" in body and "@ann" in body
    assert "bo.private" not in body and "0987 654 321" not in body and "@bo_private" not in body
    assert body.count("not shared") >= 3
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.integration
def test_bad_filter_values_are_errors_not_crashes(client, staff_user, sharer):
    client.force_login(staff_user)

    response = client.get(LIST, {"community": "nope", "track": "abc", "q": "x\x00y"})

    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"community", "track", "q"}


@pytest.mark.integration
@pytest.mark.parametrize("count", [1, 4])
def test_list_query_count_does_not_grow(client, edition, staff_user, count, django_assert_num_queries):
    for _ in range(count):
        community = CommunityFactory()
        ResponsiblePersonFactory.create_batch(2, community=community, edition=edition)
        InvitationFactory(community=community, edition=edition)
        TrackFactory(edition=edition).communities.add(community)
    client.force_login(staff_user)

    # session, user, edition, roles, filter choices (communities, tracks), persons, invitations, audit row
    with django_assert_num_queries(9):
        response = client.get(LIST)
    assert response.context["row_count"] == 3 * count


# --- Exports ---


@pytest.mark.integration
def test_csv_export_has_a_bom_and_no_formulas(client, edition, community, staff_user, private):
    trap = UserFactory(display_name='=HYPERLINK("http://evil")', email="trap@example.net")
    ResponsiblePersonFactory(community=community, edition=edition, user=trap, title="+cmd")
    client.force_login(staff_user)

    response = client.get(CSV)

    raw = response.content.decode("utf-8")
    assert raw.startswith("\ufeff")
    assert response["Content-Disposition"] == f'attachment; filename="responsible-persons-{edition.slug}.csv"'
    rows = list(csv.reader(io.StringIO(raw.removeprefix("\ufeff"))))
    by_email = {row[3]: row for row in rows[1:]}
    assert by_email["trap@example.net"][1:3] == ['\'=HYPERLINK("http://evil")', "'+cmd"]
    assert by_email["not shared"][1:6] == ["Bo Private", "contact", "not shared", "not shared", "not shared"]
    assert "bo.private" not in raw
    assert rows[1][0] == "PyHUG"


@pytest.mark.integration
def test_csv_export_in_chinese(client, staff_user, sharer):
    client.force_login(staff_user)
    client.cookies["django_language"] = "zh-hant"

    rows = list(csv.reader(io.StringIO(client.get(CSV).content.decode("utf-8-sig"))))

    assert rows[1][0] == "高雄 Python 使用者群組"
    assert rows[1][2] == "召集人"


@pytest.mark.integration
def test_vcard_export_parses_back_with_only_shared_details(client, edition, staff_user, sharer, private):
    InvitationFactory(community=sharer.community, edition=edition)  # pending: no card
    second = CommunityFactory(name="Second")
    ResponsiblePersonFactory(community=second, edition=edition, user=sharer.user, title="host")
    client.force_login(staff_user)

    response = client.get(VCARD)

    assert response["Content-Type"] == "text/vcard; charset=utf-8"
    cards = {card.fn.value: card for card in vobject.readComponents(response.content.decode())}
    assert sorted(cards) == ["Ann Sharer", "Bo Private"]
    ann, bo = cards["Ann Sharer"], cards["Bo Private"]
    assert (ann.version.value, ann.email.value, ann.tel.value, ann.note.value) == (
        "3.0",
        "ann@example.net",
        "0912 345 678",
        "Chat: @ann",
    )
    assert ann.org.value == ["PyHUG, Second"] or ann.org.value == ["Second, PyHUG"]
    assert ann.title.value in ("organizer, host", "host, organizer")
    assert not any(hasattr(bo, name) for name in ("email", "tel", "note"))
    assert bo.uid.value.startswith("urn:uuid:") and bo.uid.value != ann.uid.value


# --- Audit log ---


@pytest.mark.integration
def test_every_view_and_export_is_logged_with_filter_and_size(client, edition, community, staff_user, sharer, private):
    client.force_login(staff_user)

    client.get(LIST)
    client.get(CSV, {"community": community.slug})
    client.get(VCARD, {"q": "Ann"})
    log = client.get(reverse("contacts:log"))

    entries = [
        (entry.user, entry.action, entry.filters, entry.row_count) for entry in ContactListAccess.objects.order_by("pk")
    ]
    assert entries == [
        (staff_user, AccessAction.VIEW, {}, 2),
        (staff_user, AccessAction.EXPORT_CSV, {"community": "pyhug"}, 2),
        (staff_user, AccessAction.EXPORT_VCARD, {"q": "Ann"}, 1),
    ]
    body = log.content.decode()
    assert "exported CSV" in body and "community=pyhug" in body and "exported vCard" in body
