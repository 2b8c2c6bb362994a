"""Writes to the points ledger. Every function runs in one transaction and records who, when and why."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User

from .models import EntryKind, PointsEntry, Redemption, RedemptionItem, Reward
from .selectors import balance_for


def _lock_person(user) -> None:
    # Serialises every balance-changing write for one person (a no-op on SQLite, which serialises all writes).
    list(User.objects.select_for_update().filter(pk=user.pk).values_list("pk", flat=True))


def credit_completion(*, sign_up, by, reason: str = "") -> PointsEntry | None:
    """Credit a completed sign-up's points. Idempotent: a sign-up's net credit is never more than one.

    The first completion writes the sign-up's only COMPLETION entry (a database constraint says so);
    a completion confirmed again after an undo reverses the undo.
    """
    task = sign_up.task
    chain = list(PointsEntry.objects.filter(sign_up=sign_up).order_by("pk"))
    if not chain:
        return PointsEntry.objects.create(
            edition=task.edition,
            user=sign_up.user,
            amount=task.points,
            kind=EntryKind.COMPLETION,
            sign_up=sign_up,
            reason=reason,
            created_by=by,
        )
    if sum(entry.amount for entry in chain) > 0:
        return None
    return _reverse_last(sign_up=sign_up, chain=chain, by=by, reason=reason)


def _reverse_last(*, sign_up, chain: list[PointsEntry], by, reason: str) -> PointsEntry:
    """Cancel the last entry of a sign-up's chain; a OneToOne makes a second reversal of it impossible."""
    tail = chain[-1]
    return PointsEntry.objects.create(
        edition=sign_up.task.edition,
        user=sign_up.user,
        amount=-tail.amount,
        kind=EntryKind.REVERSAL,
        sign_up=sign_up,
        reverses=tail,
        reason=reason,
        created_by=by,
    )


def reverse_completion(*, sign_up, by, reason: str = "") -> PointsEntry | None:
    """Take a completion's points back with a reversal entry. Refused if the points are already spent."""
    task = sign_up.task
    _lock_person(sign_up.user)
    chain = list(PointsEntry.objects.filter(sign_up=sign_up).order_by("pk"))
    net = sum(entry.amount for entry in chain)
    if net <= 0:
        return None
    balance = balance_for(user=sign_up.user, edition=task.edition)
    if balance - net < 0:
        raise ValidationError(
            _(
                "%(name)s has already spent these points (balance %(balance)s). "
                "Void a redemption at the service desk first."
            )
            % {"name": sign_up.user.public_name, "balance": balance},
            code="points_spent",
        )
    return _reverse_last(sign_up=sign_up, chain=chain, by=by, reason=reason)


@transaction.atomic
def redeem_rewards(*, user, edition, items: Iterable[tuple[Reward | int, int]], by) -> Redemption:
    """Hand out rewards for points: one debit, stock decremented, all or nothing.

    Refused with a readable message when a reward is inactive, out of stock or the balance is short,
    also when two desks redeem for the same person or the last items of a reward at once.
    """
    wanted: dict[int, int] = {}
    for reward, quantity in items:
        if quantity:
            reward_id = reward if isinstance(reward, int) else reward.pk
            wanted[reward_id] = wanted.get(reward_id, 0) + int(quantity)
    if not wanted:
        raise ValidationError(_("Choose at least one reward."), code="empty")
    if any(quantity < 0 for quantity in wanted.values()):
        raise ValidationError(_("Quantities cannot be negative."), code="negative")

    _lock_person(user)
    # Lock rewards in id order so two desks never wait on each other in a cycle.
    rewards = {
        reward.pk: reward
        for reward in Reward.objects.select_for_update().filter(pk__in=wanted, edition=edition).order_by("pk")
    }
    if set(rewards) != set(wanted):
        raise ValidationError(_("That reward does not exist in this edition."), code="unknown_reward")

    total = 0
    for reward_id, quantity in wanted.items():
        reward = rewards[reward_id]
        if not reward.is_active:
            raise ValidationError(_("%(reward)s is not available.") % {"reward": reward}, code="inactive")
        if reward.stock is not None and reward.stock < quantity:
            raise ValidationError(
                _("Only %(stock)s of %(reward)s left.") % {"stock": reward.stock, "reward": reward},
                code="out_of_stock",
            )
        total += reward.cost * quantity

    balance = balance_for(user=user, edition=edition)
    if total > balance:
        raise ValidationError(
            _("This costs %(total)s points but %(name)s has %(balance)s.")
            % {"total": total, "name": user.public_name, "balance": balance},
            code="balance_short",
        )

    redemption = Redemption.objects.create(edition=edition, user=user, total_points=total, created_by=by)
    RedemptionItem.objects.bulk_create(
        [
            RedemptionItem(
                redemption=redemption, reward=rewards[reward_id], quantity=quantity, cost_each=rewards[reward_id].cost
            )
            for reward_id, quantity in wanted.items()
        ]
    )
    for reward_id, quantity in wanted.items():
        if rewards[reward_id].stock is not None:
            Reward.objects.filter(pk=reward_id).update(stock=F("stock") - quantity)
    # No reason text: the history names the rewards from the items, in the viewer's language.
    PointsEntry.objects.create(
        edition=edition, user=user, amount=-total, kind=EntryKind.REDEMPTION, redemption=redemption, created_by=by
    )
    return redemption


@transaction.atomic
def void_redemption(*, redemption: Redemption, by, reason: str = "") -> Redemption:
    """Undo a redemption: a reversal entry gives the points back and the stock returns."""
    redemption = Redemption.objects.select_for_update().get(pk=redemption.pk)
    if redemption.voided_at is not None:
        raise ValidationError(_("This redemption was already voided."), code="already_voided")
    _lock_person(redemption.user)
    debit = PointsEntry.objects.get(redemption=redemption, kind=EntryKind.REDEMPTION)
    PointsEntry.objects.create(
        edition=redemption.edition,
        user=redemption.user,
        amount=-debit.amount,
        kind=EntryKind.REVERSAL,
        redemption=redemption,
        reverses=debit,
        reason=reason,
        created_by=by,
    )
    for item in redemption.items.select_related("reward"):
        if item.reward.stock is not None:
            Reward.objects.filter(pk=item.reward_id).update(stock=F("stock") + item.quantity)
    redemption.voided_at = timezone.now()
    redemption.voided_by = by
    redemption.save(update_fields=["voided_at", "voided_by"])
    return redemption


@transaction.atomic
def adjust_points(*, user, edition, amount: int, reason: str, by) -> PointsEntry:
    """A manual correction at the desk. A reason is required; the balance cannot go below zero."""
    if not amount:
        raise ValidationError(_("An adjustment needs a non-zero number of points."), code="zero")
    if not reason.strip():
        raise ValidationError(_("Say why the points are adjusted."), code="no_reason")
    _lock_person(user)
    balance = balance_for(user=user, edition=edition)
    if balance + amount < 0:
        raise ValidationError(
            _("%(name)s has only %(balance)s points.") % {"name": user.public_name, "balance": balance},
            code="balance_short",
        )
    return PointsEntry.objects.create(
        edition=edition, user=user, amount=amount, kind=EntryKind.ADJUSTMENT, reason=reason.strip(), created_by=by
    )
