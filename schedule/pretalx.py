"""Read a Pretalx schedule, from the REST API or from an exported frab ``schedule.json``.

Both readers return the same plain dataclasses (:class:`ScheduleData`); ``schedule.services``
writes them to the database. Nothing here touches the database.

Keys (identical for both readers, so the two paths produce the same rows):

- rooms: the Pretalx room uuid (the API's ``uuid``, which schedule.json calls ``guid``);
- sessions: the submission code;
- tracks: Pretalx tracks have only a numeric id (differs between instances and is absent from
  schedule.json) and an i18n name, while schedule.json has a single-language name (the event's
  default locale unless exported with ``?lang=``). The key is therefore the track name in the
  event's default locale, Unicode-NFKC-normalised, whitespace-collapsed and case-folded
  (see :func:`track_key`). Import schedule.json in the event's default language (no ``?lang=``).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, tzinfo
from pathlib import Path
from urllib.parse import urljoin
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import requests
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from core.stored_text import later, word

ZH_KEYS = ("zh-hant", "zh-tw", "zh")
SCHEDULE_EXPAND = "slots,slots.room,slots.submission,slots.submission.track,slots.submission.speakers"
DEFAULT_TIMEOUT = 30
MAX_PAGES = 200

Progress = Callable[[str], None] | None


class PretalxError(Exception):
    """The schedule could not be read. The message is kept as an id and values (core.stored_text), so
    an import run words it in the reader's language; str() gives one line in the active language."""

    def __init__(self, msgid: str, **params):
        self.stored = later(msgid, **params)
        super().__init__(msgid)

    def __str__(self):
        return " ".join(word(self.stored).split())


@dataclass(frozen=True)
class RoomData:
    key: str  # Pretalx room uuid
    label: str  # best name we have, used when the room is created
    name: str | None = None  # English name; None when the source does not say
    name_zh_hant: str | None = None
    capacity: int | None = None
    position: int | None = None


@dataclass(frozen=True)
class TrackData:
    key: str  # see track_key()
    label: str
    name: str | None = None
    name_zh_hant: str | None = None
    description: str | None = None
    description_zh_hant: str | None = None
    color: str | None = None


@dataclass(frozen=True)
class SessionData:
    code: str
    title: str
    abstract: str
    speakers: tuple[str, ...]
    track_key: str | None
    room_key: str | None
    starts_at: datetime
    ends_at: datetime
    language: str = ""
    url: str = ""


@dataclass
class ScheduleData:
    time_zone: str
    version: str = ""
    rooms: list[RoomData] = field(default_factory=list)
    tracks: list[TrackData] = field(default_factory=list)
    sessions: list[SessionData] = field(default_factory=list)


# --- helpers -------------------------------------------------------------------------------------


def normalise(text):
    return " ".join(unicodedata.normalize("NFKC", text or "").split()).casefold()


def track_key(name):
    """The import key of a track: its name in the event's default locale, normalised."""
    return normalise(name)


def _is_zh(locale):
    return (locale or "").lower().replace("_", "-") in ZH_KEYS


def i18n_pick(value, locale="en"):
    """Pick ``locale`` from an i18n dict (zh-hant/zh-tw/zh count as one), then en, then any key."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if not isinstance(value, dict):
        return str(value)
    wanted = ZH_KEYS if _is_zh(locale) else (locale,)
    for key in (*wanted, "en"):
        if value.get(key):
            return value[key]
    for text in value.values():
        if text:
            return text
    return ""


def i18n_zh(value):
    """The Traditional Chinese text of an i18n dict, or "" (no fallback: the English field has it)."""
    if isinstance(value, dict):
        for key in ZH_KEYS:
            if value.get(key):
                return value[key]
    return ""


def parse_time_zone(name):
    try:
        return ZoneInfo(str(name))
    except (ZoneInfoNotFoundError, ValueError, TypeError) as error:
        raise PretalxError(gettext_noop("Unknown time zone “%(name)s”."), name=name) from error


def parse_datetime(value, tz: tzinfo):
    if not isinstance(value, str):
        raise PretalxError(gettext_noop("Invalid date and time “%(value)s”."), value=value)
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError as error:
        raise PretalxError(gettext_noop("Invalid date and time “%(value)s”."), value=value) from error
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=tz)
    return parsed


def _field(obj, key, where):
    if not isinstance(obj, dict) or key not in obj:
        raise PretalxError(gettext_noop("Missing field “%(field)s” in %(where)s."), field=key, where=where)
    return obj[key]


def _session(code, title, abstract, speakers, track, room, start, end, language, url):
    if end < start:
        raise PretalxError(gettext_noop("Session %(code)s ends before it starts."), code=code)
    return SessionData(
        code=str(code),
        title=str(title or "")[:500],
        abstract=str(abstract or ""),
        speakers=tuple(speakers),
        track_key=track,
        room_key=room,
        starts_at=start,
        ends_at=end,
        language=str(language or "")[:20],
        url=str(url or "")[:500],
    )


def _check_rooms(sessions, rooms):
    known = {room.key for room in rooms}
    for session in sessions:
        if session.room_key is not None and session.room_key not in known:
            raise PretalxError(
                gettext_noop("Session %(code)s is in a room that is not in the schedule."), code=session.code
            )


# --- HTTP ----------------------------------------------------------------------------------------


class PretalxClient:
    """A tiny JSON client. ``http`` is anything with ``get(url, params=, headers=, timeout=)``
    returning a ``requests.Response``-like object (tests pass a fake)."""

    def __init__(self, *, token="", http=None, timeout=DEFAULT_TIMEOUT, progress: Progress = None):
        self.http = http if http is not None else requests.Session()
        self.headers = {"Accept": "application/json"}
        if token:
            self.headers["Authorization"] = f"Token {token}"
        self.timeout = timeout
        self.progress = progress

    def get_json(self, url, params=None):
        if self.progress:
            self.progress(_("Fetching %(url)s") % {"url": url})
        try:
            response = self.http.get(url, params=params, headers=self.headers, timeout=self.timeout)
        except requests.Timeout as error:
            raise PretalxError(gettext_noop("Pretalx did not answer in time (%(url)s)."), url=url) from error
        except requests.RequestException as error:
            raise PretalxError(
                gettext_noop("Could not connect to Pretalx (%(url)s): %(error)s"), url=url, error=error
            ) from error
        if response.status_code != 200:
            raise PretalxError(
                gettext_noop("Pretalx answered HTTP %(status)s for %(url)s."), status=response.status_code, url=url
            )
        try:
            return response.json()
        except ValueError as error:
            raise PretalxError(gettext_noop("Pretalx did not answer with valid JSON (%(url)s)."), url=url) from error

    def get_all(self, url, params=None):
        """All results of a paginated list, following ``next`` (also accepts a bare list)."""
        results = []
        for _page in range(MAX_PAGES):
            data = self.get_json(url, params)
            if isinstance(data, list):
                return results + data
            page = _field(data, "results", url)
            if not isinstance(page, list):
                raise PretalxError(gettext_noop("Unexpected answer from Pretalx (%(url)s)."), url=url)
            results.extend(page)
            url, params = data.get("next"), None
            if not url:
                return results
        raise PretalxError(gettext_noop("Too many pages from Pretalx (%(url)s)."), url=url)


# --- REST API ------------------------------------------------------------------------------------


def api_root(base_url):
    base = base_url.strip().rstrip("/")
    if base.endswith("/api"):
        base = base[: -len("/api")]
    return base


@dataclass
class ApiSource:
    base_url: str
    event_slug: str
    token: str = ""
    http: object = None
    timeout: int = DEFAULT_TIMEOUT
    kind = "api"

    @property
    def event_url(self):
        return f"{api_root(self.base_url)}/api/events/{self.event_slug}/"

    @property
    def label(self):
        return self.event_url

    def fetch(self, progress: Progress = None) -> ScheduleData:
        client = PretalxClient(token=self.token, http=self.http, timeout=self.timeout, progress=progress)
        event = client.get_json(self.event_url)
        tracks = client.get_all(urljoin(self.event_url, "tracks/"))
        rooms = client.get_all(urljoin(self.event_url, "rooms/"))
        schedule = client.get_json(urljoin(self.event_url, "schedules/latest/"), {"expand": SCHEDULE_EXPAND})
        public_url = f"{api_root(self.base_url)}/{self.event_slug}/talk/"
        return parse_api(event=event, tracks=tracks, rooms=rooms, schedule=schedule, talk_url=public_url)


def parse_api(*, event, tracks, rooms, schedule, talk_url=""):
    """Map the API's answers (event detail, track list, room list, expanded latest schedule)."""
    tz = parse_time_zone(_field(event, "timezone", "event"))
    locale = event.get("locale") or "en"

    track_rows = {}
    for item in tracks:
        track_id = _field(item, "id", "track")
        name = _field(item, "name", "track")
        label = i18n_pick(name, locale)
        description = item.get("description")
        track_rows[track_id] = TrackData(
            key=track_key(label) or f"id:{track_id}",
            label=label,
            name=i18n_pick(name, "en"),
            name_zh_hant=i18n_zh(name),
            description=i18n_pick(description, "en"),
            description_zh_hant=i18n_zh(description),
            color=str(item.get("color") or ""),
        )

    room_rows = {}
    room_by_id = {}
    for position, item in enumerate(rooms):
        uuid = _field(item, "uuid", "room")
        name = _field(item, "name", "room")
        if not uuid:
            raise PretalxError(gettext_noop("Missing field “%(field)s” in %(where)s."), field="uuid", where="room")
        room_rows[uuid] = RoomData(
            key=str(uuid),
            label=i18n_pick(name, locale),
            name=i18n_pick(name, "en"),
            name_zh_hant=i18n_zh(name),
            capacity=item.get("capacity"),
            position=item["position"] if item.get("position") is not None else position,
        )
        room_by_id[item.get("id")] = str(uuid)

    sessions = {}
    for slot in _field(schedule, "slots", "schedule"):
        if not isinstance(slot, dict):
            raise PretalxError(gettext_noop("The schedule's slots are not expanded."))
        submission = _field(slot, "submission", "slot")
        if submission is None:
            continue  # a break
        if not isinstance(submission, dict):
            raise PretalxError(gettext_noop("The schedule's slots are not expanded."))
        if slot.get("is_visible") is False or slot.get("start") is None:
            continue
        if submission.get("state", "confirmed") != "confirmed":
            continue
        code = _field(submission, "code", "submission")
        room = slot.get("room")
        room_key = None
        if isinstance(room, dict):
            room_key = str(_field(room, "uuid", "room"))
        elif room is not None:
            room_key = room_by_id.get(room, f"id:{room}")
        track = submission.get("track")
        track_id = track.get("id") if isinstance(track, dict) else track
        track_data = None
        if track_id is not None:
            track_data = track_rows.get(track_id)
            if track_data is None:
                raise PretalxError(
                    gettext_noop("Session %(code)s is in a track that is not in the schedule."), code=code
                )
        speakers = [
            str(person.get("name") or person.get("code") or "") if isinstance(person, dict) else str(person)
            for person in submission.get("speakers") or []
        ]
        data = _session(
            code,
            _field(submission, "title", "submission"),
            submission.get("abstract"),
            speakers,
            track_data.key if track_data else None,
            room_key,
            parse_datetime(_field(slot, "start", "slot"), tz),
            parse_datetime(_field(slot, "end", "slot"), tz),
            submission.get("content_locale"),
            f"{talk_url}{code}/" if talk_url else "",
        )
        # A talk with several slots: keep its earliest one.
        if code not in sessions or data.starts_at < sessions[code].starts_at:
            sessions[code] = data

    result = ScheduleData(
        time_zone=str(tz),
        version=str(schedule.get("version") or ""),
        rooms=list(room_rows.values()),
        # Two tracks with the same name share one key, so they become one track here.
        tracks=list({track.key: track for track in track_rows.values()}.values()),
        sessions=sorted(sessions.values(), key=lambda s: (s.starts_at, s.code)),
    )
    _check_rooms(result.sessions, result.rooms)
    return result


# --- schedule.json -------------------------------------------------------------------------------


_DURATION = re.compile(r"^(\d+):(\d{2})(?::(\d{2}))?$")


def _parse_duration(value):
    match = _DURATION.match(str(value or ""))
    if not match:
        raise PretalxError(gettext_noop("Invalid duration “%(value)s”."), value=value)
    hours, minutes, seconds = match.groups()
    return timedelta(hours=int(hours), minutes=int(minutes), seconds=int(seconds or 0))


@dataclass
class ScheduleJsonSource:
    location: str  # a file path or an http(s) URL
    http: object = None
    timeout: int = DEFAULT_TIMEOUT
    kind = "schedule_json"

    @property
    def label(self):
        return str(self.location)

    def fetch(self, progress: Progress = None) -> ScheduleData:
        location = str(self.location)
        if location.startswith(("http://", "https://")):
            data = PretalxClient(http=self.http, timeout=self.timeout, progress=progress).get_json(location)
        else:
            if progress:
                progress(_("Reading %(file)s") % {"file": location})
            try:
                text = Path(location).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as error:
                raise PretalxError(
                    gettext_noop("Could not read %(file)s: %(error)s"), file=location, error=error
                ) from error
            try:
                data = json.loads(text)
            except ValueError as error:
                raise PretalxError(gettext_noop("%(file)s is not valid JSON."), file=location) from error
        return parse_schedule_json(data)


def parse_schedule_json(data):
    """Map a frab/c3voc ``schedule.json`` export (single language, no breaks)."""
    schedule = _field(data, "schedule", "schedule.json")
    conference = _field(schedule, "conference", "schedule")
    tz = parse_time_zone(_field(conference, "time_zone_name", "conference"))

    rooms = {}
    room_by_name = {}
    for position, item in enumerate(conference.get("rooms") or []):
        guid = _field(item, "guid", "room")
        name = str(_field(item, "name", "room") or "")
        if not guid:
            raise PretalxError(gettext_noop("Missing field “%(field)s” in %(where)s."), field="guid", where="room")
        rooms[guid] = RoomData(key=str(guid), label=name, capacity=item.get("capacity"), position=position)
        room_by_name[name] = str(guid)

    tracks = {}
    for item in conference.get("tracks") or []:
        name = str(_field(item, "name", "track") or "")
        tracks[track_key(name)] = TrackData(key=track_key(name), label=name, color=str(item.get("color") or ""))

    sessions = {}
    for day in _field(conference, "days", "conference"):
        for room_name, talks in (_field(day, "rooms", "day") or {}).items():
            for talk in talks:
                code = _field(talk, "code", "talk")
                room_key = room_by_name.get(talk.get("room") or room_name)
                if room_key is None:
                    raise PretalxError(
                        gettext_noop("Session %(code)s is in a room that is not in the schedule."), code=code
                    )
                start = parse_datetime(_field(talk, "date", "talk"), tz)
                end_text = talk.get("end")
                if isinstance(end_text, str) and "T" in end_text:
                    end = parse_datetime(end_text, tz)
                else:
                    end = start + _parse_duration(_field(talk, "duration", "talk"))
                track_name = talk.get("track")
                key = None
                if track_name:
                    key = track_key(track_name)
                    tracks.setdefault(key, TrackData(key=key, label=str(track_name)))
                speakers = [
                    str(person.get("public_name") or person.get("name") or "")
                    for person in talk.get("persons") or []
                    if isinstance(person, dict)
                ]
                item = _session(
                    code,
                    _field(talk, "title", "talk"),
                    talk.get("abstract"),
                    speakers,
                    key,
                    room_key,
                    start,
                    end,
                    talk.get("language"),
                    talk.get("url"),
                )
                if code not in sessions or item.starts_at < sessions[code].starts_at:
                    sessions[code] = item

    return ScheduleData(
        time_zone=str(tz),
        version=str(schedule.get("version") or ""),
        rooms=list(rooms.values()),
        tracks=list(tracks.values()),
        sessions=sorted(sessions.values(), key=lambda s: (s.starts_at, s.code)),
    )
