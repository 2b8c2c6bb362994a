from django.db.models import Sum

from .models import PointsEntry, Reward


def balance_for(*, user, edition) -> int:
    """A person's points in an edition: the sum of their ledger entries, never a stored number."""
    return PointsEntry.objects.filter(user=user, edition=edition).aggregate(total=Sum("amount"))["total"] or 0


def history_for(*, user, edition):
    return (
        PointsEntry.objects.filter(user=user, edition=edition)
        .select_related("created_by", "sign_up__task", "redemption")
        .order_by("-created_at", "-pk")
    )


def rewards_for(*, edition, active_only: bool = True):
    rewards = Reward.objects.filter(edition=edition)
    if active_only:
        rewards = rewards.filter(is_active=True)
    return rewards
