from django import template
from django.utils import formats, timezone
from django.utils.translation import pgettext

from core.qr import qr_svg as core_qr_svg

from ..markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text):
    """`{{ task.description|markdown }}`: sanitised HTML."""
    return render_markdown(text)


def _day(moment) -> str:
    # Translators: a short day in a task's time, e.g. "Sat 8/7"; Django date format characters.
    return formats.date_format(moment, pgettext("short task day", "D n/j"))


@register.filter
def task_time(task) -> str:
    """ "Sat 8/7 10:00–12:00" in the active time zone (the edition's); the end day is named if it differs."""
    start, end = timezone.localtime(task.starts_at), timezone.localtime(task.ends_at)
    if start.date() == end.date():
        return f"{_day(start)} {start:%H:%M}–{end:%H:%M}"
    return f"{_day(start)} {start:%H:%M} – {_day(end)} {end:%H:%M}"


@register.filter
def short_moment(moment) -> str:
    """ "Sat 8/7 10:00" in the active time zone."""
    local = timezone.localtime(moment)
    return f"{_day(local)} {local:%H:%M}"


@register.simple_tag
def qr_svg(payload: str, title: str = ""):
    """An inline SVG QR code (scales with CSS: no fixed size, a viewBox)."""
    return core_qr_svg(payload, title=title)
