"""The venue map: checked and stored as a clean copy, like community logos (core.images). Only the
size limit and the largest side differ: a map must stay legible when zoomed in on a phone."""

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from core.images import ACCEPT_ATTRIBUTE, clean_copy, is_svg, open_picture, upload_size

MAP_MAX_BYTES = 5 * 1024 * 1024
MAP_MAX_SIDE = 2400

__all__ = ["ACCEPT_ATTRIBUTE", "MAP_MAX_BYTES", "MAP_MAX_SIDE", "CleanMap", "process_venue_map"]


class CleanMap(ContentFile):
    """A venue map that has been through process_venue_map: safe to store as it is."""


def process_venue_map(upload) -> CleanMap:
    """Validate an uploaded map and return a re-encoded copy (PNG, or WebP for photographs).

    Raises ValidationError (codes: svg, too_big, invalid_image, too_many_pixels).
    """
    if is_svg(upload):
        raise ValidationError(
            _("SVG maps are not accepted. Export the map as a PNG, JPEG, WebP or GIF picture."), code="svg"
        )
    if upload_size(upload) > MAP_MAX_BYTES:
        raise ValidationError(
            _("The map is larger than %(limit)s. Export it at a lower resolution and upload it again.")
            % {"limit": filesizeformat(MAP_MAX_BYTES)},
            code="too_big",
        )
    content, name = clean_copy(open_picture(upload), max_side=MAP_MAX_SIDE)
    return CleanMap(content, name=name)
