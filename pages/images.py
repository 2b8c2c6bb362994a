"""The venue map: checked and stored as a clean copy, the way community logos are (communities.images).

The upload is decoded by the logos' reader (formats PNG, JPEG, WebP, GIF; at most 4000 × 4000
pixels; first frame only), turned upright, reduced to MAP_MAX_SIDE pixels and encoded again from
the raw pixels, so no EXIF, XMP, ICC profile, comment or trailing data of the upload is kept. SVG
is refused: it is a document that can carry scripts. Only the size limit and the largest side
differ from a logo: a map must stay legible when zoomed in on a phone.
"""

import io
import uuid

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

# The reader is the logos' own; only the sizes below are the map's.
from communities.images import ACCEPT_ATTRIBUTE
from communities.images import _open as open_picture

MAP_MAX_BYTES = 5 * 1024 * 1024
MAP_MAX_SIDE = 2400

__all__ = ["ACCEPT_ATTRIBUTE", "MAP_MAX_BYTES", "MAP_MAX_SIDE", "CleanMap", "process_venue_map"]


class CleanMap(ContentFile):
    """A venue map that has been through process_venue_map: safe to store as it is."""


def _upload_size(upload) -> int:
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, io.SEEK_END)
        size = upload.tell()
    return size


def process_venue_map(upload) -> CleanMap:
    """Validate an uploaded map and return a re-encoded copy (PNG, or WebP for photographs).

    Raises ValidationError (codes: svg, too_big, invalid_image, too_many_pixels).
    """
    name = (getattr(upload, "name", "") or "").lower()
    content_type = (getattr(upload, "content_type", "") or "").lower()
    if name.endswith((".svg", ".svgz")) or "svg" in content_type:
        raise ValidationError(
            _("SVG maps are not accepted. Export the map as a PNG, JPEG, WebP or GIF picture."), code="svg"
        )
    if _upload_size(upload) > MAP_MAX_BYTES:
        raise ValidationError(
            _("The map is larger than %(limit)s. Export it at a lower resolution and upload it again.")
            % {"limit": filesizeformat(MAP_MAX_BYTES)},
            code="too_big",
        )
    image = open_picture(upload)  # ValidationError for anything that is not a picture we take
    source_format = image.format
    image = ImageOps.exif_transpose(image)  # keep the map upright once its EXIF is gone
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    image = image.convert("RGBA" if has_alpha else "RGB")
    image.thumbnail((MAP_MAX_SIDE, MAP_MAX_SIDE), Image.Resampling.LANCZOS)
    # A fresh image from the raw pixels: no info dictionary, no metadata can follow.
    clean = Image.frombytes(image.mode, image.size, image.tobytes())
    output = io.BytesIO()
    if source_format == "JPEG":
        clean.save(output, format="WEBP", quality=85, method=4)
        extension = "webp"
    else:
        clean.save(output, format="PNG", optimize=True)
        extension = "png"
    return CleanMap(output.getvalue(), name=f"{uuid.uuid4().hex[:16]}.{extension}")
