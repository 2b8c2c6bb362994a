"""The whole schedule for other programs: JSON shaped like Pretalx's schedule.json, and iCalendar.

Both hold every scheduled session of the edition (filters of the pages do not apply), with names in
the language of the request, like the pages. They are served at /tracks/schedule/export.json and
/tracks/schedule/export.ics (schedule.views) and cached like the public pages.

JSON (``schedule_json``), a stable shape close to the frab/c3voc ``schedule.json`` Pretalx exports,
so programs that read that read this too (our own import does, see tests)::

    {"schedule": {
        "url": "https://…/tracks/schedule/",          # the schedule page
        "conference": {
            "acronym": "2027",                         # the edition's slug
            "title": "COSCUP 2027",
            "start": "2027-08-07", "end": "2027-08-08",  # the edition's first and last day
            "daysCount": 2,                            # days with sessions, as in "days"
            "time_zone_name": "Asia/Taipei",
            "url": "https://…/tracks/schedule/",
            "rooms": [{"name": "TR409", "guid": "…"}],   # every room of the edition, in the venue's order
            "tracks": [{"name": "Python", "color": "#3572A5"}],  # every track, by name
            "days": [{
                "index": 1,                            # from 1
                "date": "2027-08-07",                  # local day (time_zone_name)
                "rooms": {"TR409": [talk, …]},         # rooms with sessions that day, in the venue's order,
                                                       # by start; sessions without a room under ""
            }],
        },
    }}

    talk = {
        "code": "ABC123",                             # the Pretalx code: stable, unique in the edition
        "title": "…",
        "date": "2027-08-07T10:00:00+08:00",          # start, ISO 8601 with the local offset (as Pretalx)
        "start": "10:00",                             # start, local "HH:MM" (as Pretalx)
        "end": "2027-08-07T10:40:00+08:00",           # ISO 8601, or null when not known
        "duration": "00:40",                          # "HH:MM", or null when the end is not known
        "room": "TR409",                              # or null
        "track": "Python",                            # or null
        "language": "en",                             # or ""
        "speakers": ["Ann", "Bo"],
        "persons": [{"name": "Ann"}, {"name": "Bo"}],   # the same, as Pretalx spells it
        "url": "https://…/tracks/sessions/12/",         # the session's page here
    }

iCalendar (``schedule_ics``): one VEVENT per session that has an end, built by
follows.calendar.session_event, so each has the same UID (and updates the same event) as in the track,
community and personal feeds; times in the edition's time zone with its VTIMEZONE.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from core.urls import absolute_url
from follows.calendar import sessions_calendar

from . import selectors
from .models import Room, Track


def _room_guid(room: Room) -> str:
    """Pretalx's room uuid when the room came from Pretalx, else one derived from this site and the room."""
    return room.pretalx_uuid or str(uuid.uuid5(uuid.NAMESPACE_URL, f"{settings.SITE_URL}/rooms/{room.pk}"))


def _duration(row: dict) -> str | None:
    if row["ends_at"] is None:
        return None
    minutes = max(int((row["ends_at"] - row["starts_at"]).total_seconds() // 60), 0)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _talk(row: dict) -> dict:
    return {
        "code": row["code"],
        "title": row["title"],
        "date": row["start_iso"],
        "start": row["start"],
        "end": row["end_iso"] or None,
        "duration": _duration(row),
        "room": row["room"] or None,
        "track": row["track"] or None,
        "language": row["language"],
        "speakers": row["speakers"],
        "persons": [{"name": name} for name in row["speakers"]],
        "url": absolute_url(row["url"]),
    }


def schedule_json(*, edition) -> dict:
    """The whole schedule of the edition in the shape documented above: three queries."""
    rooms = list(Room.objects.filter(edition=edition).order_by("position", "name", "pk"))
    tracks = sorted(Track.objects.filter(edition=edition), key=lambda track: str(track).lower())
    room_order = {room.pk: index for index, room in enumerate(rooms)}
    days = []
    names = selectors.ScheduleNames(
        rooms=[(room.pk, str(room)) for room in rooms], tracks=[(track.pk, str(track)) for track in tracks]
    )
    for index, day in enumerate(selectors.schedule_programme(edition=edition, names=names), start=1):
        by_room: dict = {}
        for row in day["sessions"]:
            by_room.setdefault(row["room_id"], (row["room"], []))[1].append(_talk(row))
        ordered = sorted(by_room.items(), key=lambda item: room_order.get(item[0], len(room_order)))
        day_rooms: dict[str, list] = {}
        for _room_id, (name, talks) in ordered:
            day_rooms.setdefault(name, []).extend(talks)
        days.append({"index": index, "date": day["day"].isoformat(), "rooms": day_rooms})
    url = absolute_url(reverse("schedule:schedule"))
    return {
        "schedule": {
            "url": url,
            "conference": {
                "acronym": edition.slug,
                "title": edition.name,
                "start": edition.start_date.isoformat(),
                "end": edition.end_date.isoformat(),
                "daysCount": len(days),
                "time_zone_name": edition.time_zone,
                "url": url,
                "rooms": [{"name": str(room), "guid": _room_guid(room)} for room in rooms],
                "tracks": [{"name": str(track), "color": track.color} for track in tracks],
                "days": days,
            },
        }
    }


def schedule_ics(*, edition) -> bytes:
    """The whole schedule of the edition as an iCalendar file (see above): one query."""
    calendar = sessions_calendar(
        name=_("%(edition)s · Schedule") % {"edition": edition.name},
        uid_key=f"schedule/{edition.slug}",
        sessions=selectors.schedule_calendar_sessions(edition=edition),
    )
    return calendar.to_ical()
