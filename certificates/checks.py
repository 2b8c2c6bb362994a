"""A configured certificate font that cannot be read is said at start-up, not found by a volunteer."""

from pathlib import Path

from django.conf import settings
from django.core.checks import Warning, register


@register()
def certificate_font(app_configs, **kwargs):
    path = settings.CERTIFICATE_CJK_FONT
    if not path or Path(path).is_file():
        return []
    return [
        Warning(
            f"CERTIFICATE_CJK_FONT is {path!r}, which is not a file.",
            hint="Point it at a TrueType font with Traditional Chinese (e.g. fonts-arphic-uming's uming.ttc), "
            "or leave it empty: certificates then use the built-in CID font.",
            id="certificates.W001",
        )
    ]
