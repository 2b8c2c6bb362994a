import os

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models.fields.files import FieldFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

VENUE_MAP_MAX_BYTES = 5 * 1024 * 1024
# Pillow's format names -> the file extensions we accept. No SVG: it can carry scripts.
VENUE_MAP_FORMATS = {"PNG": "png", "JPEG": "jpg", "GIF": "gif", "WEBP": "webp"}
VENUE_MAP_EXTENSIONS = ["png", "jpg", "jpeg", "gif", "webp"]


def validate_venue_map(value):
    """A new upload must be a PNG, JPEG, GIF or WebP image of at most 5 MB.

    Files already stored passed this check when they were uploaded, so they are not re-read.
    """
    if isinstance(value, FieldFile) and value._committed:
        return
    if value.size > VENUE_MAP_MAX_BYTES:
        raise ValidationError(
            _("The map is larger than %(limit)s. Export it at a lower resolution and upload it again."),
            code="file_too_large",
            params={"limit": filesizeformat(VENUE_MAP_MAX_BYTES)},
        )
    from PIL import Image

    try:
        value.seek(0)
        with Image.open(value) as image:
            image_format = image.format
    except Exception as error:  # Pillow raises many kinds for broken files
        raise ValidationError(_("Upload a PNG, JPEG, GIF or WebP image."), code="unsupported_image") from error
    finally:
        value.seek(0)
    if image_format not in VENUE_MAP_FORMATS:
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
