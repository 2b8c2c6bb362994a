from functools import lru_cache

import segno
from django.utils.safestring import SafeString, mark_safe


@lru_cache(maxsize=2048)
def qr_svg(payload: str, *, title: str = "", css_class: str = "qr") -> SafeString:
    """An inline SVG QR code that scales with CSS (a viewBox, no width or height).

    Encoding is the slow part of a page that shows one (a few ms), and a given payload always gives
    the same picture, so each process keeps the ones it has drawn.
    """
    code = segno.make(payload, error="m")
    svg = code.svg_inline(scale=1, border=4, light="#fff", omitsize=True, title=title or None, svgclass=css_class)
    return mark_safe(svg)  # noqa: S308 - segno's own markup; it XML-escapes the title
