"""Community logos: a real, reasonably sized picture, stored as a clean copy (core.images)."""

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from core.images import ACCEPT_ATTRIBUTE, MAX_SOURCE_SIDE, clean_copy, is_svg, open_picture, upload_size

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
LOGO_MAX_SIDE = 512

__all__ = ["ACCEPT_ATTRIBUTE", "LOGO_MAX_SIDE", "MAX_SOURCE_SIDE", "MAX_UPLOAD_BYTES", "CleanLogo", "process_logo"]


class CleanLogo(ContentFile):
    """A logo that has been through process_logo: safe to store as it is."""


def process_logo(upload) -> CleanLogo:
    """Validate an uploaded logo and return a re-encoded copy (PNG, or WebP for photographs)."""
    if is_svg(upload):
        raise ValidationError(
            _("SVG logos are not accepted. Please upload a PNG, JPEG, WebP or GIF picture."), code="svg"
        )
    if upload_size(upload) > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The file is too big: at most %(max)s, please.") % {"max": filesizeformat(MAX_UPLOAD_BYTES)},
            code="too_big",
        )
    content, name = clean_copy(open_picture(upload), max_side=LOGO_MAX_SIDE)
    return CleanLogo(content, name=name)
