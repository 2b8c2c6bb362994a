"""The texts a certificate shows in both languages (the PDF and the verification page alike)."""

from django.utils import translation
from django.utils.translation import gettext_lazy as _

# Both languages whatever the reader's: (language code as HTML writes it, language Django activates).
LANGUAGES = (("en", "en"), ("zh-Hant", "zh-hant"))

PROGRAM = _("%(SITE_NAME)s Community Volunteer Participation Program")
TITLE = _("Certificate of service")
CERTIFIES = _("This certifies that")
COMPLETED_AT = _("completed the following one-day volunteer tasks at %(edition)s.")
NAME = _("Name")
EDITION = _("Edition")
DATE = _("Date")
TASK = _("Task")
TIME = _("Time")
HOURS = _("Hours")
TOTAL = _("Total")
TOTAL_HOURS = _("Total hours")
SIGNED_BY = _("Signed by")
AS_OF = _("Tasks confirmed as of %(date)s. The verification address always shows the current record.")
VERIFY = _("Verify this certificate")
NOTHING = _("No completed task is confirmed for this edition.")
VALID = _(
    "This certificate was issued by the organizing team. It lists the one-day volunteer tasks confirmed "
    "as completed, as of now."
)
NOTHING_ANYMORE = _(
    "This certificate lists no confirmed task anymore: the organizing team has undone the completions "
    "it showed. It no longer certifies any volunteering."
)
UNKNOWN_TITLE = _("No certificate at this address")
UNKNOWN = _(
    "This is not, or no longer, the address of a certificate of service. The person may have replaced "
    "it with a new address; ask them for the current one. A mistyped address shows this page too."
)
CURRENT = _(
    "This page always shows the current record: a completion the organizing team undoes disappears from it, "
    "even from certificates printed earlier."
)


def in_each_language(function) -> list[tuple[str, str]]:
    """[(language code, text)] for English and Traditional Chinese, dropping empty texts and a second
    language that says exactly the same (an untranslated text, a name written once)."""
    pairs: list[tuple[str, str]] = []
    for code, language in LANGUAGES:
        with translation.override(language):
            text = str(function())
        if text and text not in (seen for _code, seen in pairs):
            pairs.append((code, text))
    return pairs


def both(message, **params) -> list[tuple[str, str]]:
    return in_each_language(lambda: message % params if params else message)


def texts(pairs: list[tuple[str, str]]) -> list[str]:
    return [text for _code, text in pairs]
