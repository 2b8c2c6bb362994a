"""Path converters for the parts of an address people (or calendar apps) type or paste.

`<token:…>` is a secret token or code as the site makes them (secrets.token_urlsafe, desk codes):
letters, digits, "-" and "_", at most 128. Anything else (a NUL, a space, other control characters)
never reaches a view or the database: the address is simply not found (404).
"""

from django.urls import register_converter


class TokenConverter:
    regex = "[A-Za-z0-9_-]{1,128}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


def register() -> None:
    register_converter(TokenConverter, "token")
