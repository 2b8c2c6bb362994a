"""Tasks as calendar events: the task's own .ics file, and the personal calendar feed (follows app)."""

import datetime
import functools
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, Timezone

from core.dates import FIRST_DAY, LAST_DAY
from core.urls import absolute_url

from .markdown import html_to_text
from .models import Task, TaskStatus


def site_host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def task_uid(task: Task) -> str:
    """Stable across downloads and feeds, so calendar apps update the event instead of adding a copy."""
    return f"task-{task.pk}@{site_host()}"


@functools.lru_cache(maxsize=64)
def vtimezone(tzid: str, first_date: datetime.date, last_date: datetime.date) -> Timezone | None:
    """The VTIMEZONE of `tzid` from `first_date` to `last_date`, built from zoneinfo once per process
    (10 ms or more each time otherwise); None for a zone zoneinfo does not know.

    Shared by every calendar that adds it: icalendar only reads a component to serialise it (checked in
    tests/follows/test_feed_timezones.py), so no copy is made. Do not change the component it returns."""
    try:
        return Timezone.from_tzid(tzid, first_date=first_date, last_date=last_date)
    except ValueError:
        return None


def add_timezones(
    calendar: Calendar,
    *,
    first_date: datetime.date = Timezone.DEFAULT_FIRST_DATE,
    last_date: datetime.date = Timezone.DEFAULT_LAST_DATE,
) -> None:
    """What `Calendar.add_missing_timezones()` does (a VTIMEZONE for each time zone the events use, before
    them), from the per-process cache of `vtimezone()`. Call it once the events are in."""
    position = len(calendar.timezones)
    for tzid in sorted(calendar.get_missing_tzids()):
        component = vtimezone(tzid, first_date, last_date)
        if component is not None:
            calendar.subcomponents.insert(position, component)
            position += 1


def task_event(task: Task, *, tentative: bool = False) -> Event:
    """One VEVENT for a task, with times in the edition's time zone (call `add_timezones()` on the
    calendar after adding it). `tentative` marks a waitlisted place. Needs `task.edition` and `task.room`."""
    tz = task.edition.tzinfo
    url = absolute_url(task.get_absolute_url())
    description = html_to_text(task.description_html)
    details = _("%(points)s points · One-day volunteer") % {"points": task.points}
    if task.status == TaskStatus.CANCELLED:
        status = "CANCELLED"
    elif tentative:
        status = "TENTATIVE"
    else:
        status = "CONFIRMED"
    return Event.new(
        uid=task_uid(task),
        stamp=task.updated_at,
        last_modified=task.updated_at,
        start=task.starts_at.astimezone(tz),
        end=task.ends_at.astimezone(tz),
        summary=task.title,
        location=task.place or None,
        description="\n\n".join(part for part in (description, details, url) if part),
        url=url,
        status=status,
    )


def task_calendar(task: Task) -> Calendar:
    calendar = Calendar.new(
        prodid=f"-//{settings.SITE_NAME}//One-day volunteer//EN", name=task.title, uid=f"calendar-{task_uid(task)}"
    )
    calendar.add_component(task_event(task))
    # Time zone rules for a year either side are plenty, and keep the file small (and the dates sane,
    # whatever the task holds: core.dates). Whole years, so tasks of the same years share one VTIMEZONE.
    first_year = min(max(task.starts_at.date(), FIRST_DAY), LAST_DAY).year - 1
    last_year = max(min(task.ends_at.date(), LAST_DAY), FIRST_DAY).year + 1
    add_timezones(calendar, first_date=datetime.date(first_year, 1, 1), last_date=datetime.date(last_year + 1, 1, 1))
    return calendar
