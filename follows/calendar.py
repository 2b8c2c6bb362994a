"""The personal calendar feed: one calendar per person, built from a list of event providers.

A provider is a function `provider(user) -> iterable of icalendar.Event` that runs a constant number
of queries whatever the number of events: the person's one-day volunteer tasks, and the sessions of
their followed tracks and their starred sessions. The public feeds of one track or one community are
built from the same session events, so an event has the same UID wherever it is subscribed.
"""

import datetime
import ipaddress
import uuid
from collections.abc import Callable, Iterable
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vDuration

from core.urls import absolute_url
from schedule.models import Session
from volunteering.calendar import add_timezones, site_host, task_event
from volunteering.models import SignUp, SignUpStatus, TaskStatus

from . import selectors

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


def session_uid(session: Session) -> str:
    """Stable across fetches, feeds and imports (the Pretalx code), so calendar apps update the event."""
    return f"session-{session.edition.slug}-{session.code}@{site_host()}"


# Host names a visitor's browser cannot reach (RFC 6761 and friends): a Pretalx address there leads nowhere.
LOCAL_HOST_SUFFIXES = (".localhost", ".local", ".internal", ".invalid", ".test", ".home.arpa")


def pretalx_url(session: Session) -> str:
    """The talk's page on Pretalx as the import recorded it, when that is a public web address; else "".

    Never constructed here: a session without an address from Pretalx (the demo's, a hand-made one)
    has no Pretalx link. Nor is an address used that only works on the importing machine or its
    network (a schedule captured from a local Pretalx), or that is not a web address at all.
    """
    url = session.url or ""
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").rstrip(".").lower()
    except ValueError:
        return ""
    if parts.scheme.lower() not in ("http", "https") or not host:
        return ""
    try:
        public = ipaddress.ip_address(host).is_global
    except ValueError:
        public = "." in host and not host.endswith(LOCAL_HOST_SUFFIXES)
    return url if public else ""


def session_url(session: Session) -> str:
    """The talk's own page (Pretalx, see pretalx_url), else its page here."""
    if pretalx_url(session):
        return session.url
    try:
        return absolute_url(reverse("schedule:session-detail", args=[session.pk]))
    except NoReverseMatch:  # pragma: no cover - the schedule pages are optional for the feed
        return absolute_url(reverse("schedule:track-list"))


def session_event(session: Session) -> Event:
    """One VEVENT for a scheduled session, in the edition's time zone. Needs `session.edition` and `.room`."""
    tz = session.edition.tzinfo
    url = session_url(session)
    speakers = ", ".join(str(name) for name in session.speakers or [])
    return Event.new(
        uid=session_uid(session),
        start=session.starts_at.astimezone(tz),
        end=session.ends_at.astimezone(tz),
        summary=session.title,
        location=str(session.room) if session.room else None,
        description="\n\n".join(part for part in (speakers, url) if part),
        url=url,
        status="CONFIRMED",
    )


def followed_session_events(user) -> Iterable[Event]:
    """Sessions of the person's followed tracks and their starred sessions; a session in both appears once."""
    for session in selectors.calendar_sessions(user):
        yield session_event(session)


PROVIDERS: list[Callable[..., Iterable[Event]]] = [volunteering_events, followed_session_events]


def personal_calendar(user) -> Calendar:
    """Everything from PROVIDERS for this person, in their language, with the VTIMEZONEs it needs."""
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        calendar = Calendar.new(
            prodid=f"-//{settings.SITE_NAME}//Community Volunteer Participation Program//EN",
            name=_("%(site)s · My schedule") % {"site": settings.SITE_NAME},
            # Stable, so a calendar app recognises the feed across fetches and address resets.
            uid=uuid.uuid5(uuid.NAMESPACE_URL, f"{settings.SITE_URL}/follows/calendar/{user.pk}"),
            refresh_interval=REFRESH_INTERVAL,
        )
        calendar.add("X-PUBLISHED-TTL", vDuration(REFRESH_INTERVAL))
        for provider in PROVIDERS:
            for event in provider(user):
                calendar.add_component(event)
    add_timezones(calendar)
    return calendar


def sessions_calendar(*, name: str, uid_key: str, sessions: Iterable[Session]) -> Calendar:
    """A public feed of sessions (one track's, one community's), in the site's default language."""
    calendar = Calendar.new(
        prodid=f"-//{settings.SITE_NAME}//Community Volunteer Participation Program//EN",
        name=name,
        uid=uuid.uuid5(uuid.NAMESPACE_URL, f"{settings.SITE_URL}/follows/{uid_key}"),
        refresh_interval=REFRESH_INTERVAL,
    )
    calendar.add("X-PUBLISHED-TTL", vDuration(REFRESH_INTERVAL))
    for session in sessions:
        calendar.add_component(session_event(session))
    add_timezones(calendar)
    return calendar
