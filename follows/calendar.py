"""The personal calendar feed: one calendar per person, built from a list of event providers.

A provider is a function `provider(user) -> iterable of icalendar.Event` that runs a constant number
of queries whatever the number of events. Followed tracks' sessions and starred sessions will be
more providers in PROVIDERS.
"""

import datetime
import uuid
from collections.abc import Callable, Iterable

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vDuration

from volunteering.calendar import task_event
from volunteering.models import SignUp, SignUpStatus, TaskStatus

# How often calendar apps should fetch the feed again (REFRESH-INTERVAL / X-PUBLISHED-TTL).
REFRESH_INTERVAL = datetime.timedelta(hours=1)

# Sign-ups that put the task in the person's calendar; waitlisted ones appear as tentative.
IN_CALENDAR = (SignUpStatus.CONFIRMED, SignUpStatus.COMPLETED, SignUpStatus.WAITLISTED)


def volunteering_events(user) -> Iterable[Event]:
    """The person's one-day volunteer tasks of every edition, except cancelled tasks and sign-ups."""
    sign_ups = (
        SignUp.objects.filter(user=user, status__in=IN_CALENDAR)
        .exclude(task__status=TaskStatus.CANCELLED)
        .select_related("task__edition", "task__room")
        .order_by("task__starts_at", "task_id")
    )
    for sign_up in sign_ups:
        yield task_event(sign_up.task, tentative=sign_up.status == SignUpStatus.WAITLISTED)


PROVIDERS: list[Callable[..., Iterable[Event]]] = [volunteering_events]


def personal_calendar(user) -> Calendar:
    """Everything from PROVIDERS for this person, in their language, with the VTIMEZONEs it needs."""
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        calendar = Calendar.new(
            prodid=f"-//{settings.SITE_NAME}//Community Volunteer Participation Program//EN",
            name=_("%(site)s · My one-day volunteering") % {"site": settings.SITE_NAME},
            # Stable, so a calendar app recognises the feed across fetches and address resets.
            uid=uuid.uuid5(uuid.NAMESPACE_URL, f"{settings.SITE_URL}/follows/calendar/{user.pk}"),
            refresh_interval=REFRESH_INTERVAL,
        )
        calendar.add("X-PUBLISHED-TTL", vDuration(REFRESH_INTERVAL))
        for provider in PROVIDERS:
            for event in provider(user):
                calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar
