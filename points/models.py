import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.i18n import localized


class Reward(models.Model):
    """What points buy at the volunteer service desk."""

    edition = models.ForeignKey("editions.Edition", on_delete=models.CASCADE, related_name="rewards")
    name = models.CharField(_("name (English)"), max_length=120)
    name_zh_hant = models.CharField(_("name (Traditional Chinese)"), max_length=120, blank=True)
    cost = models.PositiveIntegerField(_("cost in points"))
    stock = models.PositiveIntegerField(_("stock"), null=True, blank=True, help_text=_("Empty means unlimited."))
    is_active = models.BooleanField(_("active"), default=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("reward")
        verbose_name_plural = _("rewards")
        ordering = ["position", "cost", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(cost__gt=0), name="reward_costs_something"),
            models.CheckConstraint(condition=Q(stock__isnull=True) | Q(stock__gte=0), name="reward_stock_non_negative"),
        ]

    def __str__(self):
        return localized(self, "name")


class Redemption(models.Model):
    """Rewards handed out at the desk in one go, paid for by one ledger debit."""

    edition = models.ForeignKey("editions.Edition", on_delete=models.CASCADE, related_name="redemptions")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="redemptions", verbose_name=_("volunteer")
    )
    total_points = models.PositiveIntegerField(_("points"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("handed out by")
    )
    created_at = models.DateTimeField(_("when"), auto_now_add=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    voided_at = models.DateTimeField(_("voided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("redemption")
        verbose_name_plural = _("redemptions")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.user} · {self.total_points}"


class RedemptionItem(models.Model):
    redemption = models.ForeignKey(Redemption, on_delete=models.CASCADE, related_name="items")
    reward = models.ForeignKey(Reward, on_delete=models.PROTECT, related_name="redemption_items")
    quantity = models.PositiveSmallIntegerField(_("quantity"))
    cost_each = models.PositiveIntegerField(_("cost each"))

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=1), name="redemption_item_quantity_positive"),
            models.UniqueConstraint(fields=["redemption", "reward"], name="one_line_per_reward"),
        ]

    def __str__(self):
        return f"{self.reward} × {self.quantity}"


class EntryKind(models.TextChoices):
    COMPLETION = "completion", _("Task completed")
    REDEMPTION = "redemption", _("Rewards redeemed")
    REVERSAL = "reversal", _("Reversal")
    ADJUSTMENT = "adjustment", _("Adjustment")


class PointsEntry(models.Model):
    """One line of the append-only points ledger. A balance is the sum of a person's entries.

    Nothing here is ever edited or deleted: an undo is a new `REVERSAL` entry pointing at what it
    cancels, and each entry can be reversed once. A sign-up has at most one completion credit; a
    completion confirmed again after an undo reverses the reversal, so the net stays one credit.
    """

    edition = models.ForeignKey("editions.Edition", on_delete=models.PROTECT, related_name="points_entries")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="points_entries", verbose_name=_("volunteer")
    )
    amount = models.IntegerField(_("points"))
    kind = models.CharField(_("kind"), max_length=12, choices=EntryKind.choices)
    sign_up = models.ForeignKey(
        "volunteering.SignUp", on_delete=models.PROTECT, null=True, blank=True, related_name="points_entries"
    )
    redemption = models.ForeignKey(
        Redemption, on_delete=models.PROTECT, null=True, blank=True, related_name="points_entries"
    )
    reverses = models.OneToOneField("self", on_delete=models.PROTECT, null=True, blank=True, related_name="reversed_by")
    # What a person typed (an adjustment, a void); automatic entries say why through kind and links,
    # shown in the viewer's language by `description`.
    reason = models.CharField(_("why"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("points entry")
        verbose_name_plural = _("points entries")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "edition"])]
        constraints = [
            models.CheckConstraint(condition=~Q(amount=0), name="points_entry_not_zero"),
            models.UniqueConstraint(
                fields=["sign_up"], condition=Q(kind="completion"), name="one_completion_credit_per_sign_up"
            ),
            models.CheckConstraint(
                condition=~Q(kind="completion") | (Q(amount__gt=0) & Q(sign_up__isnull=False)),
                name="completion_credit_is_positive_and_linked",
            ),
            models.CheckConstraint(
                condition=~Q(kind="redemption") | (Q(amount__lt=0) & Q(redemption__isnull=False)),
                name="redemption_debit_is_negative_and_linked",
            ),
            models.CheckConstraint(
                condition=~Q(kind="reversal") | Q(reverses__isnull=False), name="reversal_points_at_an_entry"
            ),
        ]

    def __str__(self):
        return f"{self.amount:+d} · {self.user} · {self.get_kind_display()}"

    @property
    def description(self) -> str:
        """Why, in the viewer's language. Needs `sign_up__task` loaded for completion entries and the
        redemption's items with their rewards for redemptions (selectors.history_for)."""
        task = {"task": self.sign_up.task.title} if self.sign_up_id else {}
        if self.kind == EntryKind.COMPLETION:
            text = _("Completed: %(task)s") % task
        elif self.kind == EntryKind.REVERSAL and self.sign_up_id:
            text = (
                _("Completion undone: %(task)s") if self.amount < 0 else _("Completion confirmed again: %(task)s")
            ) % task
        elif self.kind == EntryKind.REDEMPTION and self.redemption_id:
            # Reward names in the viewer's language, from the items: never stored as text.
            names = ", ".join(f"{item.reward} × {item.quantity}" for item in self.redemption.items.all())
            text = _("Rewards redeemed: %(rewards)s") % {"rewards": names}
        elif self.kind == EntryKind.REDEMPTION:
            text = _("Rewards redeemed")
        elif self.kind == EntryKind.REVERSAL:
            text = _("Redemption voided")
        else:
            text = ""
        return " · ".join(part for part in (str(text), self.reason) if part)


def new_desk_code() -> str:
    # No look-alike characters (0/O, 1/I/L): people read it aloud and type it at the desk.
    alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
    return "".join(secrets.choice(alphabet) for _ in range(8))


class DeskCode(models.Model):
    """A volunteer's personal code for the service desk, random so it reveals nothing about the person."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="desk_code")
    code = models.CharField(max_length=8, unique=True, default=new_desk_code)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("desk code")
        verbose_name_plural = _("desk codes")

    def __str__(self):
        return self.code

    @property
    def display(self) -> str:
        return f"{self.code[:4]}-{self.code[4:]}"
