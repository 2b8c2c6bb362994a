"""The venue screen speaks both languages at once: each text here is rendered in English and Traditional Chinese.

`{% both "now" %}` renders SCREEN_TEXTS["now"] twice, each in a <span lang>; keyword arguments fill its
placeholders in each language (rooms and tracks name themselves in that language, dates and times are
formatted for it). `{% both_names room %}` shows a record's `name` and `name_zh_hant`, once when they
are the same, one is missing or the Chinese one contains the English one. `{% both_day date %}`
writes a day the way each language does.
"""

import datetime

from django import template
from django.utils import formats, timezone, translation
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy, pgettext_lazy

register = template.Library()

LANGUAGES = (("en", "en"), ("zh-hant", "zh-Hant"))  # (Django's code, the HTML lang attribute)

SCREEN_TEXTS = {
    "title": _("One-day volunteer"),
    # Translators: the venue screen's column of what is happening at this moment.
    "now": pgettext_lazy("venue screen", "Now"),
    # Translators: the venue screen's column of what starts soon.
    "next": pgettext_lazy("venue screen", "Next"),
    "sessions": pgettext_lazy("conference talks", "Sessions"),
    # Translators: on the venue screen, above tasks that have started and still have empty places.
    "short_of_people": _("Short of people: ask at the volunteer service desk"),
    "tasks_soon": ngettext_lazy(
        "Open tasks starting in the next hour", "Open tasks starting in the next %(hours)s hours", "hours"
    ),
    "places_left": ngettext_lazy("%(places)s place left", "%(places)s places left", "places"),
    # Translators: below a list on the venue screen that shows only its first rows.
    "more": ngettext_lazy("and %(count)s more", "and %(count)s more", "count"),
    # Translators: %(when)s is a time such as 13:30, or a day and a time; %(room)s is a room's name.
    "no_sessions_next_in": _("No sessions right now — next at %(when)s in %(room)s"),
    # Translators: %(when)s is a time such as 13:30, or a day and a time.
    "no_sessions_next": _("No sessions right now — next at %(when)s"),
    "no_sessions": _("No sessions right now."),
    "no_sessions_soon": _("No session starts in the next hour."),
    "no_tasks_soon": _("No open task starts in this window. Scan the code to see every task."),
    # Translators: shown on the venue screen before the first event day; %(date)s is that day.
    "before": _("The event starts on %(date)s."),
    "after": _("The event is over. Thank you for taking part!"),
    "scan": _("Scan to sign up"),
    "remote": _("Remote"),
}

# How each language writes a day on the screen's clock: "Saturday, August 7" and "8月7日（星期六）".
DAY_FORMATS = {"en": "l, F j", "zh-hant": "n月j日（l）"}


def _format(value):
    """A placeholder's value in the active language."""
    if isinstance(value, datetime.datetime):
        local = timezone.localtime(value)
        time = formats.time_format(local, "H:i")
        if local.date() == timezone.localdate():
            return time
        return f"{formats.date_format(local, DAY_FORMATS[translation.get_language()])} {time}"
    if isinstance(value, datetime.date):
        return formats.date_format(value, DAY_FORMATS[translation.get_language()])
    return value if isinstance(value, int) else str(value)


def text_in(language: str, key: str, **params) -> str:
    with translation.override(language):
        text = SCREEN_TEXTS[key]
        if not params:
            return str(text)
        return text % {name: _format(value) for name, value in params.items()}


@register.simple_tag
def both(key: str, **params):
    english, chinese = (text_in(code, key, **params) for code, _lang in LANGUAGES)
    return format_html('<span lang="en">{}</span> <span lang="zh-Hant">{}</span>', english, chinese)


@register.simple_tag
def both_names(record, field: str = "name"):
    if record is None:
        return ""
    english = getattr(record, field, "") or ""
    chinese = getattr(record, f"{field}_zh_hant", "") or ""
    if not chinese or english == chinese:
        return format_html("<span>{}</span>", english)
    if not english or english in chinese:  # "AU101 視聽館" already says "AU101"
        return format_html('<span lang="zh-Hant">{}</span>', chinese)
    return format_html('<span lang="en">{}</span> <span lang="zh-Hant">{}</span>', english, chinese)


@register.simple_tag
def both_day(day: datetime.date):
    english, chinese = (_day_in(code, day) for code, _lang in LANGUAGES)
    return format_html('<span lang="en">{}</span> <span lang="zh-Hant">{}</span>', english, chinese)


def _day_in(language: str, day: datetime.date) -> str:
    with translation.override(language):
        return formats.date_format(day, DAY_FORMATS[language])
