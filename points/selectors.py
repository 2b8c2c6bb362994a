from django.db.models import Prefetch, Sum

from .models import PointsEntry, RedemptionItem, Reward


def balance_for(*, user, edition) -> int:
    """A person's points in an edition: the sum of their ledger entries, never a stored number."""
    return PointsEntry.objects.filter(user=user, edition=edition).aggregate(total=Sum("amount"))["total"] or 0


def history_for(*, user, edition):
    items = RedemptionItem.objects.select_related("reward").order_by("pk")
    return (
        PointsEntry.objects.filter(user=user, edition=edition)
        .select_related("created_by", "sign_up__task", "redemption")
        .prefetch_related(Prefetch("redemption__items", queryset=items))
        .order_by("-created_at", "-pk")
    )


def rewards_for(*, edition, active_only: bool = True):
    rewards = Reward.objects.filter(edition=edition)
    if active_only:
        rewards = rewards.filter(is_active=True)
    return rewards


# Reads for the volunteer service desk (points.views). Each is one query (two with prefetches).


def desk_people_search(*, query: str, limit: int = 20):
    """Active people whose display name contains `query`, or whose email address is `query` as a whole
    (any case), with their desk code if they have one. Part of an address finds nobody: the desk must
    not be a way to list addresses."""
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(display_name__icontains=query) | Q(email__iexact=query))
        .select_related("desk_code")
        .order_by("display_name", "pk")[:limit]
    )


def desk_sign_ups_for(*, user, edition, day_start, day_end, now):
    """One query for the desk panel: sign-ups starting today (confirmed or completed) and
    confirmed ones whose task has started (pending completion). Split them with `split_desk_sign_ups`."""
    from django.db.models import Q

    from volunteering.models import SignUp, SignUpStatus, TaskStatus

    return (
        SignUp.objects.filter(user=user, task__edition=edition)
        .exclude(task__status=TaskStatus.CANCELLED)
        .filter(
            Q(
                status__in=[SignUpStatus.CONFIRMED, SignUpStatus.COMPLETED],
                task__starts_at__gte=day_start,
                task__starts_at__lt=day_end,
            )
            | Q(status=SignUpStatus.CONFIRMED, task__starts_at__lte=now)
        )
        .select_related("task__room", "marked_by")
        .order_by("task__starts_at", "pk")
    )


def recent_redemptions_for(*, user, edition, limit: int = 10):
    """A person's latest redemptions in an edition, with their lines and who handed out or voided them."""
    from django.db.models import Prefetch

    from .models import Redemption, RedemptionItem

    return (
        Redemption.objects.filter(user=user, edition=edition)
        .select_related("created_by", "voided_by")
        .prefetch_related(Prefetch("items", queryset=RedemptionItem.objects.select_related("reward").order_by("pk")))
        .order_by("-created_at", "-pk")[:limit]
    )
