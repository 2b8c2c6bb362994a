import hashlib
from functools import lru_cache

import segno
from django.core.cache import cache
from django.utils.safestring import SafeString, mark_safe

# A drawn code never changes: kept in the shared cache as long as a conference lasts, and beyond.
KEPT_SECONDS = 30 * 24 * 3600


@lru_cache(maxsize=2048)
def qr_svg(payload: str, *, title: str = "", css_class: str = "qr") -> SafeString:
    """An inline SVG QR code that scales with CSS (a viewBox, no width or height).

    Encoding is the slow part of a page that shows one (about 8 ms: segno tries the eight masks and
    keeps the most readable), and a given payload always gives the same picture. So each process keeps
    the ones it has drawn, and the shared cache keeps them for every process: a person's desk code is
    drawn once, not once per worker that shows My one-day volunteering.
    """
    key = "qr:" + hashlib.sha256(f"{payload}\0{title}\0{css_class}".encode()).hexdigest()
    svg = cache.get(key)
    if svg is None:
        code = segno.make(payload, error="m")
        svg = code.svg_inline(scale=1, border=4, light="#fff", omitsize=True, title=title or None, svgclass=css_class)
        cache.set(key, svg, KEPT_SECONDS)
    return mark_safe(svg)  # noqa: S308 - segno's own markup; it XML-escapes the title
