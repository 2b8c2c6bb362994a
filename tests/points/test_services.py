import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from points.models import EntryKind, PointsEntry, Redemption, Reward
from points.selectors import balance_for
from points.services import adjust_points, redeem_rewards, void_redemption
from tests.factories.accounts import UserFactory
from tests.factories.points import RewardFactory

pytestmark = pytest.mark.unit


@pytest.fixture
def volunteer(edition, desk_user):
    person = UserFactory()
    adjust_points(user=person, edition=edition, amount=30, reason="Opening balance", by=desk_user)
    return person


def test_redeem_debits_ledger_and_stock(edition, volunteer, desk_user):
    shirt = RewardFactory(edition=edition, cost=20, stock=3)
    sticker = RewardFactory(edition=edition, cost=5, stock=None)

    redemption = redeem_rewards(user=volunteer, edition=edition, items=[(shirt, 1), (sticker.pk, 2)], by=desk_user)

    assert redemption.total_points == 30
    assert balance_for(user=volunteer, edition=edition) == 0
    assert Reward.objects.get(pk=shirt.pk).stock == 2
    assert Reward.objects.get(pk=sticker.pk).stock is None
    debit = PointsEntry.objects.get(redemption=redemption)
    assert (debit.kind, debit.amount, debit.created_by) == (EntryKind.REDEMPTION, -30, desk_user)


def test_redeem_refused_when_balance_short(edition, volunteer, desk_user):
    shirt = RewardFactory(edition=edition, cost=40)

    with pytest.raises(ValidationError, match="costs 40 points"):
        redeem_rewards(user=volunteer, edition=edition, items=[(shirt, 1)], by=desk_user)

    assert (Redemption.objects.count(), Reward.objects.get(pk=shirt.pk).stock) == (0, 5)


def test_redeem_refused_when_stock_short(edition, volunteer, desk_user):
    pin = RewardFactory(edition=edition, cost=1, stock=1)

    with pytest.raises(ValidationError, match="Only 1"):
        redeem_rewards(user=volunteer, edition=edition, items=[(pin, 2)], by=desk_user)
    assert balance_for(user=volunteer, edition=edition) == 30


def test_redeem_refused_for_inactive_or_foreign_reward(edition, volunteer, desk_user):
    from tests.factories.editions import EditionFactory

    hidden = RewardFactory(edition=edition, is_active=False)
    foreign = RewardFactory(edition=EditionFactory(slug="2031"))

    with pytest.raises(ValidationError, match="not available"):
        redeem_rewards(user=volunteer, edition=edition, items=[(hidden, 1)], by=desk_user)
    with pytest.raises(ValidationError, match="does not exist"):
        redeem_rewards(user=volunteer, edition=edition, items=[(foreign, 1)], by=desk_user)


def test_redeem_nothing_refused(edition, volunteer, desk_user):
    reward = RewardFactory(edition=edition)

    with pytest.raises(ValidationError, match="at least one"):
        redeem_rewards(user=volunteer, edition=edition, items=[(reward, 0)], by=desk_user)


def test_void_gives_points_and_stock_back_once(edition, volunteer, desk_user):
    shirt = RewardFactory(edition=edition, cost=20, stock=3)
    redemption = redeem_rewards(user=volunteer, edition=edition, items=[(shirt, 1)], by=desk_user)

    void_redemption(redemption=redemption, by=desk_user)

    assert balance_for(user=volunteer, edition=edition) == 30
    assert Reward.objects.get(pk=shirt.pk).stock == 3
    with pytest.raises(ValidationError, match="already voided"):
        void_redemption(redemption=redemption, by=desk_user)


def test_adjustment_needs_reason_and_keeps_balance_non_negative(edition, volunteer, desk_user):
    with pytest.raises(ValidationError, match="Say why"):
        adjust_points(user=volunteer, edition=edition, amount=5, reason=" ", by=desk_user)
    with pytest.raises(ValidationError, match="only 30 points"):
        adjust_points(user=volunteer, edition=edition, amount=-31, reason="Typo", by=desk_user)

    adjust_points(user=volunteer, edition=edition, amount=-30, reason="Typo", by=desk_user)
    assert balance_for(user=volunteer, edition=edition) == 0


def test_balance_is_per_edition(edition, volunteer, desk_user):
    from tests.factories.editions import EditionFactory

    other = EditionFactory(slug="2031")

    assert (balance_for(user=volunteer, edition=edition), balance_for(user=volunteer, edition=other)) == (30, 0)


def test_stock_cannot_go_negative_in_the_database(edition):
    reward = RewardFactory(edition=edition, stock=0)

    with pytest.raises(IntegrityError):
        Reward.objects.filter(pk=reward.pk).update(stock=-1)


def test_entry_reversed_only_once_in_the_database(edition, volunteer, desk_user):
    entry = PointsEntry.objects.get(user=volunteer)
    PointsEntry.objects.create(
        edition=edition,
        user=volunteer,
        amount=-30,
        kind=EntryKind.REVERSAL,
        reverses=entry,
        reason="x",
        created_by=desk_user,
    )

    with pytest.raises(IntegrityError):
        PointsEntry.objects.create(
            edition=edition,
            user=volunteer,
            amount=-30,
            kind=EntryKind.REVERSAL,
            reverses=entry,
            reason="x",
            created_by=desk_user,
        )


def test_history_says_why_in_the_viewers_language(edition, desk_user):
    from django.utils import translation

    from tests.factories.volunteering import SignUpFactory, TaskFactory
    from volunteering.services import mark_completed

    sign_up = SignUpFactory(task=TaskFactory(edition=edition, title="Welcome desk"))
    with translation.override("en"):
        mark_completed(sign_up=sign_up, by=desk_user)
    entry = PointsEntry.objects.select_related("sign_up__task").get(sign_up=sign_up)

    with translation.override("en"):
        english = entry.description
    with translation.override("zh-hant"):
        chinese = entry.description

    assert english == "Completed: Welcome desk"
    assert chinese != english and chinese.endswith("Welcome desk")
