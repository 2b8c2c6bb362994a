import datetime
import zoneinfo

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

TIME_ZONE_CHOICES = [(name, name) for name in sorted(zoneinfo.available_timezones())]


class Edition(models.Model):
    """One year of the conference. Tasks, tracks, points and roles belong to an edition."""

    slug = models.SlugField(_("year"), max_length=20, unique=True, help_text=_("Used in addresses, e.g. 2026."))
    name = models.CharField(_("name"), max_length=100)
    start_date = models.DateField(_("first event day"))
    end_date = models.DateField(_("last event day"))
    time_zone = models.CharField(_("time zone"), max_length=64, choices=TIME_ZONE_CHOICES, default="Asia/Taipei")
    max_volunteer_hours_per_day = models.PositiveSmallIntegerField(
        _("one-day volunteer hours cap per person and day"),
        null=True,
        blank=True,
        help_text=_("Leave empty for no cap. Keeps one person from holding a whole day's tasks."),
    )
    is_current = models.BooleanField(
        _("current edition"), default=False, help_text=_("The edition the home page and the board show.")
    )

    class Meta:
        verbose_name = pgettext_lazy("conference year", "edition")
        verbose_name_plural = pgettext_lazy("conference year", "editions")
        ordering = ["-start_date"]
        constraints = [
            models.UniqueConstraint(fields=["is_current"], condition=Q(is_current=True), name="one_current_edition"),
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="edition_ends_after_start"),
        ]

    def __str__(self):
        return self.name

    @property
    def tzinfo(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def days(self) -> list[datetime.date]:
        count = (self.end_date - self.start_date).days + 1
        return [self.start_date + datetime.timedelta(days=offset) for offset in range(count)]


class RoleKind(models.TextChoices):
    STAFF = "staff", _("Organizing team (staff)")
    DESK = "desk", _("Service desk operator")


class EditionRole(models.Model):
    """A person's role for one edition. Responsible persons are named per community instead."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="roles", verbose_name=_("edition"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="edition_roles", verbose_name=_("person")
    )
    kind = models.CharField(_("role"), max_length=10, choices=RoleKind.choices)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [models.UniqueConstraint(fields=["edition", "user", "kind"], name="one_role_kind_per_edition")]

    def __str__(self):
        return f"{self.user} · {self.get_kind_display()} · {self.edition}"
