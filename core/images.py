"""Pictures people upload (community logos, the venue map): check them, then keep a clean copy.

Nothing of the uploaded bytes is kept. The picture is decoded by Pillow (PNG, JPEG, WebP or GIF; the
first frame only), turned upright, reduced and encoded again from the raw pixels, which drops EXIF,
XMP, ICC profiles, comments and anything smuggled after the image data. SVG is refused by the
callers: it is a document that can carry scripts.
"""

import io
import uuid

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

MAX_SOURCE_SIDE = 4000
ACCEPTED_FORMATS = {"PNG", "JPEG", "WEBP", "GIF"}
ACCEPT_ATTRIBUTE = "image/png,image/jpeg,image/webp,image/gif"


def is_svg(upload) -> bool:
    name = (getattr(upload, "name", "") or "").lower()
    content_type = (getattr(upload, "content_type", "") or "").lower()
    return name.endswith((".svg", ".svgz")) or "svg" in content_type


def upload_size(upload) -> int:
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, io.SEEK_END)
        size = upload.tell()
    return size


def open_picture(upload) -> Image.Image:
    """The first frame of the upload, decoded; ValidationError for anything that is not a picture we take."""
    not_a_picture = ValidationError(
        _("This file is not a picture we can read. Please upload a PNG, JPEG, WebP or GIF picture."),
        code="invalid_image",
    )
    too_many_pixels = ValidationError(
        _("The picture is too large: at most %(max)s × %(max)s pixels, please.") % {"max": MAX_SOURCE_SIDE},
        code="too_many_pixels",
    )
    upload.seek(0)
    try:
        image = Image.open(upload, formats=sorted(ACCEPTED_FORMATS))
    except Image.DecompressionBombError as error:
        raise too_many_pixels from error
    except (OSError, SyntaxError, ValueError) as error:
        raise not_a_picture from error
    width, height = image.size
    if width > MAX_SOURCE_SIDE or height > MAX_SOURCE_SIDE:
        raise too_many_pixels  # read from the header, before the pixels are decoded
    try:
        image.seek(0)  # an animated GIF or WebP keeps only its first frame
        image.load()
    except (OSError, SyntaxError, ValueError, EOFError, Image.DecompressionBombError) as error:
        raise not_a_picture from error
    return image


def clean_copy(image: Image.Image, *, max_side: int) -> tuple[bytes, str]:
    """The picture upright, at most `max_side` pixels, re-encoded with no metadata: (bytes, name).
    PNG, or WebP for photographs."""
    source_format = image.format
    image = ImageOps.exif_transpose(image)  # keep the picture upright once its EXIF is gone
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    image = image.convert("RGBA" if has_alpha else "RGB")
    image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    # A fresh image from the raw pixels: no info dictionary, no metadata can follow.
    clean = Image.frombytes(image.mode, image.size, image.tobytes())
    output = io.BytesIO()
    if source_format == "JPEG":
        clean.save(output, format="WEBP", quality=85, method=4)
        extension = "webp"
    else:
        clean.save(output, format="PNG", optimize=True)
        extension = "png"
    return output.getvalue(), f"{uuid.uuid4().hex[:16]}.{extension}"
