"""A volunteer's personal desk code, and the signed QR payload the service desk scans.

The QR code carries the code signed with SECRET_KEY, so a made-up payload is refused; people who type
the short code at the desk ("ABCD-EFGH") are accepted too, as the code itself is random.
"""

import re

from django.core import signing

from .models import DeskCode

SALT = "points.desk-code"
_CODE = re.compile(r"[A-Z0-9]{8}")


def desk_code_for(user) -> DeskCode:
    """The person's desk code, created on first use."""
    return DeskCode.objects.get_or_create(user=user)[0]


def qr_payload(desk_code: DeskCode) -> str:
    return signing.Signer(salt=SALT).sign(desk_code.code)


def code_from_payload(text: str) -> str | None:
    """The bare code (uppercase, no dash) from a scanned payload or a typed code; None if not valid."""
    text = (text or "").strip()
    if ":" in text:
        try:
            text = signing.Signer(salt=SALT).unsign(text)
        except signing.BadSignature:
            return None
    code = re.sub(r"[\s-]", "", text).upper()
    return code if _CODE.fullmatch(code) else None
