import pytest
from django.urls import reverse

from points.desk_codes import desk_code_for
from points.models import EntryKind, PointsEntry, Reward
from points.selectors import balance_for
from points.services import adjust_points, redeem_rewards
from tests.factories.accounts import UserFactory
from tests.factories.points import RewardFactory

pytestmark = pytest.mark.integration


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture
def volunteer(edition, staff_user):
    person = UserFactory(display_name="Mei Lin", email="mei@example.net")
    adjust_points(user=person, edition=edition, amount=50, reason="Opening balance", by=staff_user)
    return person


@pytest.fixture
def redemption(edition, volunteer, staff_user):
    shirt = RewardFactory(edition=edition, name="T-shirt", cost=20, stock=3)
    return redeem_rewards(user=volunteer, edition=edition, items=[(shirt, 2)], by=staff_user)


def test_reward_list_shows_both_names_and_edits_stock_in_place(staff_client, edition):
    reward = RewardFactory(edition=edition, name="T-shirt", name_zh_hant="T恤", cost=20, stock=3)
    url = reverse("admin:points_reward_changelist")

    html = staff_client.get(url).content.decode()
    assert "T恤" in html
    assert 'name="form-0-stock"' in html

    response = staff_client.post(
        url,
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-0-id": str(reward.pk),
            "form-0-stock": "9",
            "form-0-is_active": "",
            "_save": "Save",
        },
    )

    assert response.status_code == 302
    reward.refresh_from_db()
    assert (reward.stock, reward.is_active) == (9, False)


def test_points_entries_are_read_only(staff_client, volunteer):
    entry = PointsEntry.objects.get(user=volunteer)

    assert staff_client.get(reverse("admin:points_pointsentry_add")).status_code == 403
    assert staff_client.get(reverse("admin:points_pointsentry_delete", args=[entry.pk])).status_code == 403
    change_url = reverse("admin:points_pointsentry_change", args=[entry.pk])
    page = staff_client.get(change_url)
    assert page.status_code == 200
    assert 'name="amount"' not in page.content.decode()
    staff_client.post(change_url, {"amount": "5000", "reason": "free points"})
    entry.refresh_from_db()
    assert (entry.amount, entry.reason) == (50, "Opening balance")


def test_points_entry_list_shows_who_and_why_and_searches_by_person(staff_client, edition, volunteer, staff_user):
    other = UserFactory(display_name="Someone Else")
    adjust_points(user=other, edition=edition, amount=7, reason="Other reason", by=staff_user)
    url = reverse("admin:points_pointsentry_changelist")

    response = staff_client.get(url, {"q": "mei@example.net"})  # staff match whole addresses only

    html = response.content.decode()
    assert list(response.context["cl"].result_list) == [PointsEntry.objects.get(user=volunteer)]
    assert "Opening balance" in html
    assert staff_user.public_name in html
    assert "Other reason" not in html
    assert "delete_selected" not in html


@pytest.mark.parametrize("size", [1, 20])
def test_points_entry_list_query_count_does_not_grow(
    staff_client, edition, staff_user, size, django_assert_num_queries
):
    for person in UserFactory.create_batch(size):
        adjust_points(user=person, edition=edition, amount=3, reason="Bonus", by=UserFactory())

    # The backstage's own (session, user, edition and role checks, uncached so that a removed role
    # ends at once, permissions), then counts,
    # the page of entries with their people, the date hierarchy and the edition filter.
    with django_assert_num_queries(13):
        response = staff_client.get(reverse("admin:points_pointsentry_changelist"))
    assert response.status_code == 200


def test_redemption_is_read_only_with_its_items(staff_client, redemption):
    change_url = reverse("admin:points_redemption_change", args=[redemption.pk])

    page = staff_client.get(change_url)

    html = page.content.decode()
    assert page.status_code == 200
    assert "T-shirt" in html
    assert 'name="total_points"' not in html
    assert 'name="items-0-quantity"' not in html
    assert staff_client.get(reverse("admin:points_redemption_add")).status_code == 403
    assert staff_client.get(reverse("admin:points_redemption_delete", args=[redemption.pk])).status_code == 403


def test_redemption_void_action_uses_the_service(staff_client, edition, volunteer, redemption, staff_user):
    url = reverse("admin:points_redemption_changelist")
    payload = {"action": "void_selected", "_selected_action": [str(redemption.pk)]}

    staff_client.post(url, payload)
    staff_client.post(url, payload)

    redemption.refresh_from_db()
    assert redemption.voided_by == staff_user
    assert balance_for(user=volunteer, edition=edition) == 50
    assert Reward.objects.get(name="T-shirt").stock == 3
    assert PointsEntry.objects.filter(kind=EntryKind.REVERSAL).count() == 1


def test_desk_codes_are_read_only(staff_client, volunteer):
    code = desk_code_for(volunteer)

    assert staff_client.get(reverse("admin:points_deskcode_changelist"), {"q": "mei"}).status_code == 200
    assert staff_client.get(reverse("admin:points_deskcode_add")).status_code == 403
    assert staff_client.get(reverse("admin:points_deskcode_delete", args=[code.pk])).status_code == 403
    assert (
        'name="code"' not in staff_client.get(reverse("admin:points_deskcode_change", args=[code.pk])).content.decode()
    )
