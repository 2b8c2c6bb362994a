from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.i18n import localized


class Room(models.Model):
    """A room of an edition's venue, usually imported from Pretalx."""

    edition = models.ForeignKey("editions.Edition", on_delete=models.CASCADE, related_name="rooms")
    name = models.CharField(_("name (English)"), max_length=120)
    name_zh_hant = models.CharField(_("name (Traditional Chinese)"), max_length=120, blank=True)
    pretalx_id = models.PositiveIntegerField(_("Pretalx id"), null=True, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        ordering = ["position", "name"]
        constraints = [models.UniqueConstraint(fields=["edition", "pretalx_id"], name="room_pretalx_id_unique")]

    def __str__(self):
        return localized(self, "name")


class Track(models.Model):
    """A community track: organized by one or more communities, per edition."""

    edition = models.ForeignKey("editions.Edition", on_delete=models.CASCADE, related_name="tracks")
    name = models.CharField(_("name (English)"), max_length=200)
    name_zh_hant = models.CharField(_("name (Traditional Chinese)"), max_length=200, blank=True)
    pretalx_id = models.PositiveIntegerField(_("Pretalx id"), null=True, blank=True)
    communities = models.ManyToManyField(
        "communities.Community", related_name="tracks", blank=True, verbose_name=_("communities")
    )

    class Meta:
        verbose_name = pgettext_lazy("conference track", "track")
        verbose_name_plural = pgettext_lazy("conference track", "tracks")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["edition", "pretalx_id"], name="track_pretalx_id_unique")]

    def __str__(self):
        return localized(self, "name")
