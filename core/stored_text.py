"""Text that is kept in the database and worded when it is shown, in the reader's language.

An import run's error and its list of changes are read later, by staff in either language: store
the message id and its values (`later(gettext_noop("..."), name=value)`), and `word()` it on the
page. Plain strings pass through unchanged (text from before, or from outside: a server's error).
"""

from django.utils.translation import gettext


def later(msgid: str, **params) -> dict:
    """A message to word later; mark `msgid` with gettext_noop so it is extracted. Values that are
    not numbers, text or other stored messages are kept as text."""
    kept = {
        name: value if isinstance(value, int | float | str | dict) else str(value) for name, value in params.items()
    }
    return {"msgid": msgid, "params": kept}


def word(stored) -> str:
    """The stored message in the active language."""
    if not isinstance(stored, dict):
        return "" if stored is None else str(stored)
    params = {name: word(value) if isinstance(value, dict) else value for name, value in stored["params"].items()}
    text = gettext(stored["msgid"])
    return text % params if params else text
