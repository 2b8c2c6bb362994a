import datetime
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import formats
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.dates import EARLIEST, FIRST_DAY, LAST_DAY, LATEST, day_in_bounds

TIME_ZONE_CHOICES = [(name, name) for name in sorted(zoneinfo.available_timezones())]

# The times typed for an edition (its tasks, their sign-up openings) lie within this margin of its
# days: preparation starts months before the event, follow-up work (subtitles, photos) ends months after.
WINDOW_MARGIN = datetime.timedelta(days=366)
# A conference runs for days, not months; the board offers one filter choice per day.
MAX_EDITION_DAYS = 31


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
            models.CheckConstraint(condition=day_in_bounds("start_date"), name="edition_starts_in_bounds"),
            models.CheckConstraint(condition=day_in_bounds("end_date"), name="edition_ends_in_bounds"),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        errors = {}
        for name in ("start_date", "end_date"):
            day = getattr(self, name)
            if day is not None and not FIRST_DAY <= day <= LAST_DAY:
                errors[name] = ValidationError(
                    _("Choose a date between %(first)s and %(last)s."),
                    code="out_of_bounds",
                    params={
                        "first": formats.date_format(FIRST_DAY, "DATE_FORMAT"),
                        "last": formats.date_format(LAST_DAY, "DATE_FORMAT"),
                    },
                )
        if (
            not errors
            and self.start_date
            and self.end_date
            and (self.end_date - self.start_date).days >= MAX_EDITION_DAYS
        ):
            errors["end_date"] = ValidationError(
                _("An edition lasts at most %(days)s days."), code="too_long", params={"days": MAX_EDITION_DAYS}
            )
        if errors:
            raise ValidationError(errors)

    @property
    def tzinfo(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def window(self) -> tuple[datetime.datetime, datetime.datetime]:
        """[earliest, latest): when this edition's tasks may take place and their sign-ups open, in its
        time zone: from WINDOW_MARGIN before its first day to WINDOW_MARGIN after its last."""
        first, last = max(self.start_date, FIRST_DAY), min(self.end_date, LAST_DAY)
        earliest = datetime.datetime.combine(first, datetime.time.min, tzinfo=self.tzinfo) - WINDOW_MARGIN
        latest = datetime.datetime.combine(last, datetime.time.min, tzinfo=self.tzinfo) + WINDOW_MARGIN
        return max(earliest, EARLIEST), min(latest + datetime.timedelta(days=1), LATEST)

    @property
    def days(self) -> list[datetime.date]:
        """Its days, at most MAX_EDITION_DAYS of them whatever the row says (the board offers each)."""
        count = min((self.end_date - self.start_date).days + 1, MAX_EDITION_DAYS)
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
