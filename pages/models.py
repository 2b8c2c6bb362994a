import os

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext_lazy as _

from .images import CleanMap

# What a clean copy may be called (pages.images writes .png or .webp). No SVG: it can carry scripts.
VENUE_MAP_EXTENSIONS = ["png", "jpg", "jpeg", "gif", "webp"]


def validate_venue_map(value):
    """Only a clean copy made by pages.images.process_venue_map is ever stored, never uploaded bytes.

    The forms (guide edit, backstage) and guide_update() make that copy; this check keeps any other
    path from saving a raw upload. Files already stored passed it when they were uploaded.
    """
    if isinstance(value, FieldFile) and value._committed:
        return
    if not isinstance(getattr(value, "file", value), CleanMap):
        raise ValidationError(_("Upload a PNG, JPEG, GIF or WebP image."), code="unsupported_image")


def venue_map_path(instance, filename):
    """MEDIA_ROOT/guide/<edition>-venue-map.<ext> (the storage adds a suffix if the name is taken)."""
    extension = os.path.splitext(filename)[1].lower() or ".png"
    return f"guide/{instance.edition.slug}-venue-map{extension}"


class Guide(models.Model):
    """The venue guide of one edition: where the service desk is, when it is open, where to find tasks, FAQ.

    Every text is kept in English and Traditional Chinese; pages show the viewer's language and fall
    back to the other one, then to a default text.
    """

    edition = models.OneToOneField(
        "editions.Edition", on_delete=models.CASCADE, related_name="guide", verbose_name=_("edition")
    )
    desk_location = models.TextField(
        _("where the volunteer service desk is (English)"),
        blank=True,
        help_text=_("E.g. 'Ground floor of the main building, next to the registration desk.'"),
    )
    desk_location_zh_hant = models.TextField(_("where the volunteer service desk is (Traditional Chinese)"), blank=True)
    opening_hours = models.TextField(
        _("opening hours of the service desk (English)"),
        blank=True,
        help_text=_("One line per day, e.g. 'Saturday 09:00–17:30'."),
    )
    opening_hours_zh_hant = models.TextField(_("opening hours of the service desk (Traditional Chinese)"), blank=True)
    where_to_find_tasks = models.TextField(
        _("where to find tasks (English)"),
        blank=True,
        help_text=_("The board, the venue screens, the posters: where people should look."),
    )
    where_to_find_tasks_zh_hant = models.TextField(_("where to find tasks (Traditional Chinese)"), blank=True)
    faq = models.TextField(
        _("common questions (English)"),
        blank=True,
        help_text=_(
            "Markdown. Start each question with # (e.g. '# Can I bring a friend?') and write its answer below it."
        ),
    )
    faq_zh_hant = models.TextField(_("common questions (Traditional Chinese)"), blank=True)
    venue_map = models.ImageField(
        _("venue map"),
        upload_to=venue_map_path,
        blank=True,
        validators=[FileExtensionValidator(VENUE_MAP_EXTENSIONS), validate_venue_map],
        help_text=_("Optional. A PNG, JPEG, GIF or WebP image of at most 5 MB that shows where the desk is."),
    )
    venue_map_alt = models.CharField(
        _("what the map shows (English)"),
        max_length=300,
        blank=True,
        help_text=_(
            "Read out to people who cannot see the map, e.g. 'The desk is on the ground floor, left of entrance B.'"
        ),
    )
    venue_map_alt_zh_hant = models.CharField(_("what the map shows (Traditional Chinese)"), max_length=300, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )

    class Meta:
        verbose_name = _("venue guide")
        verbose_name_plural = _("venue guides")

    def __str__(self):
        return str(_("Venue guide · %(edition)s") % {"edition": self.edition})
