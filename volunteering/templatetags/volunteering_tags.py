from django import template
from django.utils import formats, timezone

from core.qr import qr_svg as core_qr_svg

from ..markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text):
    """`{{ task.description|markdown }}`: sanitised HTML."""
    return render_markdown(text)


def _moment(moment) -> str:
    return formats.date_format(moment, "SHORT_DATETIME_FORMAT")  # "Sat 7 Aug, 10:00" / "8月7日（六）10:00"


@register.filter
def task_time(task) -> str:
    """ "Sat 7 Aug, 10:00–12:00" in the active time zone (the edition's); the end day is named if it differs."""
    start, end = timezone.localtime(task.starts_at), timezone.localtime(task.ends_at)
    if start.date() == end.date():
        return f"{_moment(start)}–{end:%H:%M}"
    return f"{_moment(start)} – {_moment(end)}"


@register.filter
def short_moment(moment) -> str:
    """ "Sat 7 Aug, 10:00" in the active time zone."""
    return _moment(timezone.localtime(moment))


@register.simple_tag
def qr_svg(payload: str, title: str = ""):
    """An inline SVG QR code (scales with CSS: no fixed size, a viewBox)."""
    return core_qr_svg(payload, title=title)


@register.simple_tag
def places_marker(task):
    """Where a card's places pill goes (volunteering.personal fills it per response)."""
    from core.personal import marker

    from ..personal import places_marker_args

    return marker("task-places", *places_marker_args(task))


@register.filter
def task_cards(tasks):
    """`{{ day_tasks|task_cards }}`: the tasks' cards as list items (volunteering.cards)."""
    from ..cards import task_cards as cards

    return cards(tasks)
