"""Desks redeeming at the same time never push a balance or a stock below zero."""

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Sum

from points.models import PointsEntry, Redemption, RedemptionItem, Reward
from points.selectors import balance_for
from points.services import adjust_points, redeem_rewards
from tests.concurrency.conftest import run_at_once
from tests.factories.accounts import UserFactory
from tests.factories.editions import EditionFactory
from tests.factories.points import RewardFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_concurrent_redemptions_for_one_person_never_overdraw():
    edition = EditionFactory(slug="2027", is_current=True)
    desk = UserFactory()
    person = UserFactory()
    adjust_points(user=person, edition=edition, amount=50, reason="Tasks", by=desk)
    reward = RewardFactory(edition=edition, cost=10, stock=None)

    results = run_at_once(
        [lambda: redeem_rewards(user=person, edition=edition, items=[(reward, 1)], by=desk) for _ in range(12)]
    )

    succeeded = [r for r in results if isinstance(r, Redemption)]
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert (len(succeeded), len(refused), len(results)) == (5, 7, 12)
    assert balance_for(user=person, edition=edition) == 0


def test_concurrent_redemptions_of_the_last_items_never_oversell():
    edition = EditionFactory(slug="2027", is_current=True)
    desk = UserFactory()
    people = [UserFactory() for _ in range(15)]
    for person in people:
        adjust_points(user=person, edition=edition, amount=20, reason="Tasks", by=desk)
    shirt = RewardFactory(edition=edition, cost=10, stock=4)
    sticker = RewardFactory(edition=edition, cost=5, stock=100)

    results = run_at_once(
        [
            lambda person=person: redeem_rewards(
                user=person, edition=edition, items=[(sticker, 1), (shirt, 1)], by=desk
            )
            for person in people
        ]
    )

    assert [r for r in results if isinstance(r, Exception) and not isinstance(r, ValidationError)] == []
    assert len([r for r in results if isinstance(r, Redemption)]) == 4
    shirt.refresh_from_db()
    sticker.refresh_from_db()
    assert (shirt.stock, sticker.stock) == (0, 96)
    # The ledger, the redemptions and the stock tell the same story.
    debits = PointsEntry.objects.filter(redemption__isnull=False).aggregate(total=Sum("amount"))["total"]
    redeemed = Redemption.objects.aggregate(total=Sum("total_points"))["total"]
    assert debits == -redeemed == -60
    assert RedemptionItem.objects.filter(reward=shirt).aggregate(n=Sum("quantity"))["n"] == 4
    assert all(balance_for(user=person, edition=edition) >= 0 for person in people)
    assert Reward.objects.filter(stock__lt=0).count() == 0
