"""Task cards (board, community pages) written out in Python, not a template per card.

A board page holds forty cards; through `{% include %}` and a dozen template variables each they were
most of the board's render time. Places left and the reader's own sign-up are core.personal markers,
filled per response (volunteering.personal). Texts from the database are escaped here.
"""

from html import escape

from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext

from core.personal import marker
from core.urls import address_for_pk

from .models import Task, TaskCategory
from .personal import places_marker_args
from .templatetags.volunteering_tags import task_time

# What a card reads of a task and its room, community and track: the board loads only these columns.
CARD_COLUMNS = (
    "title",
    "category",
    "starts_at",
    "ends_at",
    "points",
    "location",
    "is_remote",
    "headcount",
    "status",
    "signup_opens_at",
    "room__name",
    "room__name_zh_hant",
    "community__name",
    "community__name_zh_hant",
    "track__name",
    "track__name_zh_hant",
)

CARD = (
    '<li><article class="task-card">\n'
    '  <h4 class="task-card__title"><a href="{url}">{title}</a></h4>\n'
    '  <p class="task-card__meta">\n'
    "    <span>{category}</span>{community}{track}\n"
    "  </p>\n"
    '  <p class="task-card__facts">\n'
    '    <span><span class="visually-hidden">{when_label} </span><time datetime="{start_iso}">{when}</time></span>'
    "{place}\n"
    "    <span>{points}</span>\n"
    "  </p>\n"
    '  <p class="task-card__places">{places}{status}</p>\n'
    "</article></li>\n"
)
META = "<span>{}</span>"
PLACE = ' <span><span class="visually-hidden">{label} </span>{place}</span>'


def task_cards(tasks: list[Task]) -> str:
    """The cards of `tasks` (with room, community and track selected) as the items of a list."""
    categories = {value: escape(str(label)) for value, label in TaskCategory.choices}
    when_label, where_label = escape(gettext("When:")), escape(gettext("Where:"))
    points: dict[int, str] = {}
    times: dict[tuple, tuple[str, str]] = {}  # tasks come in shifts: many share their times
    url_of = address_for_pk("volunteering:task-detail")  # reverse() once, not per card
    cards = []
    for task in tasks:
        if task.points not in points:
            text = ngettext("%(counter)s point", "%(counter)s points", task.points) % {"counter": task.points}
            points[task.points] = escape(text)
        place = task.place
        if (task.starts_at, task.ends_at) not in times:
            start = timezone.localtime(task.starts_at).isoformat()
            times[task.starts_at, task.ends_at] = (start, escape(task_time(task)))
        start_iso, when = times[task.starts_at, task.ends_at]
        cards.append(
            CARD.format(
                url=escape(url_of(task.pk)),
                title=escape(task.title),
                category=categories.get(task.category, escape(task.category)),
                community=META.format(escape(str(task.community))) if task.community_id else "",
                track=META.format(escape(str(task.track))) if task.track_id else "",
                when_label=when_label,
                start_iso=start_iso,
                when=when,
                place=PLACE.format(label=where_label, place=escape(place)) if place else "",
                points=points[task.points],
                places=marker("task-places", *places_marker_args(task)),
                status=marker("task-status", task.pk),
            )
        )
    return mark_safe("".join(cards))  # escaped above
