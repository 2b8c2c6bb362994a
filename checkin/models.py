from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class CheckIn(models.Model):
    """A person's arrival at a task they hold a place on, scanned from the sheet where it happens, and
    their departure. One per sign-up: scanning again changes nothing."""

    sign_up = models.OneToOneField(
        "volunteering.SignUp", on_delete=models.CASCADE, related_name="check_in", verbose_name=_("sign-up")
    )
    checked_in_at = models.DateTimeField(_("checked in at"))
    checked_out_at = models.DateTimeField(_("checked out at"), null=True, blank=True)
    # Took a free place at the door (no sign-up before).
    walk_in = models.BooleanField(_("walk-in"), default=False)

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        constraints = [
            models.CheckConstraint(
                condition=Q(checked_out_at__isnull=True) | Q(checked_out_at__gte=F("checked_in_at")),
                name="check_out_after_check_in",
            )
        ]

    def __str__(self):
        return f"{self.sign_up_id} · {self.checked_in_at:%Y-%m-%d %H:%M}"
