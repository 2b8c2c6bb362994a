"""Tasks as calendar events: the task's own .ics file, and the personal calendar feed (follows app)."""

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from core.dates import FIRST_DAY, LAST_DAY
from core.urls import absolute_url

from .markdown import markdown_to_text
from .models import Task, TaskStatus


def site_host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def task_uid(task: Task) -> str:
    """Stable across downloads and feeds, so calendar apps update the event instead of adding a copy."""
    return f"task-{task.pk}@{site_host()}"


def task_event(task: Task, *, tentative: bool = False) -> Event:
    """One VEVENT for a task, with times in the edition's time zone (call `add_missing_timezones()` on the
    calendar after adding it). `tentative` marks a waitlisted place. Needs `task.edition` and `task.room`."""
    tz = task.edition.tzinfo
    url = absolute_url(task.get_absolute_url())
    description = markdown_to_text(task.description)
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
    # whatever the task holds: core.dates).
    year = datetime.timedelta(days=366)
    calendar.add_missing_timezones(
        first_date=min(max(task.starts_at.date(), FIRST_DAY), LAST_DAY) - year,
        last_date=max(min(task.ends_at.date(), LAST_DAY), FIRST_DAY) + year,
    )
    return calendar
