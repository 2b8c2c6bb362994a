"""One date style per language, unambiguous and used everywhere (pages, emails, the board's filters):
"Sat 7 Aug 2027, 09:30" and "2027年8月7日（六）09:30". Django reads these modules before its own
locale formats (FORMAT_MODULE_PATH); input formats still come from Django.

In Chinese the weekday in brackets is one character, as people write it: the project catalog
translates Django's weekday abbreviations ("Sat" → "六"), marked here so they are extracted.
"""

from django.utils.translation import gettext_noop

# Translators: weekday abbreviations in dates such as "Sat 7 Aug" / "8月7日（六）": one character in Chinese.
WEEKDAY_ABBREVIATIONS = [
    gettext_noop("Mon"),
    gettext_noop("Tue"),
    gettext_noop("Wed"),
    gettext_noop("Thu"),
    gettext_noop("Fri"),
    gettext_noop("Sat"),
    gettext_noop("Sun"),
]
