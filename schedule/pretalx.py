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

Hostile sources: every field the readers use is checked, and a malformed value is an error that
names the session (its code) and the field, so nothing is imported from it. Fetching has a budget
(:class:`Limits`): a wall-clock deadline over everything one fetch does (connecting, every read,
every page; ``SCHEDULE_IMPORT_DEADLINE_SECONDS``) and a cap on the bytes read from one answer, file
or upload (``SCHEDULE_IMPORT_MAX_BYTES``). The error says which of the two was hit.
"""

from __future__ import annotations

import contextlib
import json
import re
import socket
import threading
import time
import unicodedata
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, tzinfo
from urllib.parse import urljoin, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import requests
import urllib3
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext, gettext_noop
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from core.stored_text import later, word

ZH_KEYS = ("zh-hant", "zh-tw", "zh")
SCHEDULE_EXPAND = "slots,slots.room,slots.submission,slots.submission.track,slots.submission.speakers"
DEFAULT_TIMEOUT = 30  # seconds one read may wait (also bounded by the import's deadline)
CONNECT_TIMEOUT = 10
MAX_PAGES = 200
# Defaults of SCHEDULE_IMPORT_DEADLINE_SECONDS and SCHEDULE_IMPORT_MAX_BYTES (a 600-session
# schedule.json is about 350 KB).
DEFAULT_DEADLINE_SECONDS = 60
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
CHUNK_BYTES = 64 * 1024

# What a progress callback receives: a message to word later (core.stored_text.later), so an import
# run can keep its progress and show it in the reader's language.
Progress = Callable[[dict], None] | None


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


def _field(obj, key, where):
    if not isinstance(obj, dict) or key not in obj:
        raise PretalxError(gettext_noop("Missing field “%(field)s” in %(where)s."), field=key, where=where)
    return obj[key]


# --- checking each value -------------------------------------------------------------------------

# Errors that runs recorded before each value named its session: still worded when such a run is shown.
LEGACY_MESSAGES = (gettext_noop("Invalid date and time “%(value)s”."), gettext_noop("Invalid duration “%(value)s”."))

_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$")  # Session.code holds 32 characters
_LANGUAGE = re.compile(r"^[A-Za-z]{1,8}(?:[-_][A-Za-z0-9]{1,8})*$")
_CLOCK = re.compile(r"^(?:[01]?\d|2[0-3]):[0-5]\d$")
_DURATION = re.compile(r"^(\d{1,3}):([0-5]\d)(?::([0-5]\d))?$")
_COLOUR = re.compile(r"^#(?:[0-9A-Fa-f]{3}|[0-9A-Fa-f]{6}|[0-9A-Fa-f]{8})$")
_URL = URLValidator(schemes=("http", "https"))
MAX_VALUE_SHOWN = 60
MAX_ROOM_KEY = 64  # Room.pretalx_uuid
MAX_TRACK_NAME = 200  # Track.pretalx_key
MAX_URL = 500  # Session.url
MAX_LANGUAGE = 20  # Session.language


def _shown(value) -> str:
    """A bad value as the source gave it (JSON), on one short line."""
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(value)
    text = " ".join(text.split())
    return text if len(text) <= MAX_VALUE_SHOWN else text[: MAX_VALUE_SHOWN - 1] + "…"


def _invalid(code, name, value) -> PretalxError:
    return PretalxError(
        gettext_noop("Session %(code)s has an invalid “%(field)s”: %(value)s."),
        code=code,
        field=name,
        value=_shown(value),
    )


def _missing(code, name) -> PretalxError:
    return PretalxError(gettext_noop("Session %(code)s has no “%(field)s”."), code=code, field=name)


def _invalid_in(where, name, value) -> PretalxError:
    """A malformed value outside a session (the event, a room or track list, a day)."""
    return PretalxError(
        gettext_noop("“%(field)s” in %(where)s is not valid: %(value)s."), field=name, where=where, value=_shown(value)
    )


def _invalid_room(room, name, value) -> PretalxError:
    return PretalxError(
        gettext_noop("Room %(room)s has an invalid “%(field)s”: %(value)s."),
        room=_shown(room),
        field=name,
        value=_shown(value),
    )


def _invalid_track(track, name, value) -> PretalxError:
    return PretalxError(
        gettext_noop("Track %(track)s has an invalid “%(field)s”: %(value)s."),
        track=_shown(track),
        field=name,
        value=_shown(value),
    )


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _list(obj, key, where, *, required=True) -> list:
    value = _field(obj, key, where) if required else (obj.get(key) if isinstance(obj, dict) else None)
    if value is None and not required:
        return []
    if not isinstance(value, list):
        raise _invalid_in(where, key, value)
    return value


def _code(value) -> str:
    if not isinstance(value, str) or not _CODE.match(value):
        raise PretalxError(gettext_noop("A session has an invalid “code”: %(value)s."), value=_shown(value))
    return value


def _text(obj, name, code, *, required=False, max_length=None) -> str:
    """A plain string field of a session; "" when absent or null (unless required)."""
    value = obj.get(name)
    if value is None:
        if required:
            raise _missing(code, name)
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise _invalid(code, name, value)
    if max_length is not None and len(value) > max_length:
        raise _invalid(code, name, value)
    return value


def _moment(obj, name, code, tz: tzinfo) -> datetime:
    """A date and time with the day and the time (ISO 8601); the event's time zone when it has none."""
    if name not in obj or obj[name] is None:
        raise _missing(code, name)
    value = obj[name]
    if not isinstance(value, str) or "T" not in value:
        raise _invalid(code, name, value)
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as error:
        raise _invalid(code, name, value) from error
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=tz)


def _duration(value, code) -> timedelta:
    match = _DURATION.match(value) if isinstance(value, str) else None
    if not match:
        raise _invalid(code, "duration", value)
    hours, minutes, seconds = match.groups()
    return timedelta(hours=int(hours), minutes=int(minutes), seconds=int(seconds or 0))


def _language(obj, name, code) -> str:
    value = _text(obj, name, code, max_length=MAX_LANGUAGE)
    if value and not _LANGUAGE.match(value):
        raise _invalid(code, name, value)
    return value


def _url(obj, name, code) -> str:
    value = _text(obj, name, code, max_length=MAX_URL)
    if value:
        try:
            _URL(value)
        except ValidationError as error:
            raise _invalid(code, name, value) from error
    return value


def _i18n(value) -> bool:
    """Whether ``value`` is text, null, or an i18n dict of texts."""
    if value is None or isinstance(value, str):
        return True
    return isinstance(value, dict) and all(
        isinstance(key, str) and (text is None or isinstance(text, str)) for key, text in value.items()
    )


def _colour(value) -> bool:
    return value is None or value == "" or (isinstance(value, str) and bool(_COLOUR.match(value)))


def _count(value) -> bool:
    """Null or a whole number from 0 (a capacity, a position)."""
    return value is None or (_is_int(value) and value >= 0)


def _session(code, title, abstract, speakers, track, room, start, end, language, url):
    if end < start:
        raise PretalxError(gettext_noop("Session %(code)s ends before it starts."), code=code)
    return SessionData(
        code=code,
        title=title[:500],
        abstract=abstract,
        speakers=tuple(speakers),
        track_key=track,
        room_key=room,
        starts_at=start,
        ends_at=end,
        language=language,
        url=url,
    )


def _check_rooms(sessions, rooms):
    known = {room.key for room in rooms}
    for session in sessions:
        if session.room_key is not None and session.room_key not in known:
            raise PretalxError(
                gettext_noop("Session %(code)s is in a room that is not in the schedule."), code=session.code
            )


# --- limits: a deadline and a size cap -------------------------------------------------------------


def import_deadline_seconds() -> float:
    return float(getattr(settings, "SCHEDULE_IMPORT_DEADLINE_SECONDS", DEFAULT_DEADLINE_SECONDS))


def import_max_bytes() -> int:
    return int(getattr(settings, "SCHEDULE_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES))


def size_text(count: int) -> str:
    """A size as people read it: 20 MB, 100 KB."""
    for unit, size in (("MB", 1024 * 1024), ("KB", 1024)):
        if count >= size:
            return f"{round(count / size, 1):g} {unit}"
    return f"{count} B"


def too_large(source, max_bytes: int | None = None) -> PretalxError:
    limit = import_max_bytes() if max_bytes is None else max_bytes
    return PretalxError(
        gettext_noop("%(source)s is larger than %(limit)s (SCHEDULE_IMPORT_MAX_BYTES)."),
        source=str(source),
        limit=size_text(limit),
    )


class Limits:
    """One fetch's budget: ``seconds`` of wall-clock time for everything it does (connecting, every
    read, every page), and at most ``max_bytes`` read from one answer, file or upload.

    A per-read timeout never fires on a source that sends a byte every few seconds, and Python
    blocks on it while it reads headers too; so, besides the checks between reads, a timer shuts
    down the sockets of the fetch at the deadline (see :func:`_watched_session`), which ends the read
    it is waiting in.
    """

    def __init__(self, *, seconds: float | None = None, max_bytes: int | None = None):
        self.seconds = import_deadline_seconds() if seconds is None else float(seconds)
        self.max_bytes = import_max_bytes() if max_bytes is None else int(max_bytes)
        self.ends = time.monotonic() + self.seconds
        self.expired = False
        self._sockets = weakref.WeakSet()
        self._lock = threading.Lock()
        self._timer = None

    def remaining(self) -> float:
        return self.ends - time.monotonic()

    def out_of_time(self) -> bool:
        return self.expired or self.remaining() <= 0

    def too_slow(self, source) -> PretalxError:
        seconds = int(self.seconds) if self.seconds.is_integer() else self.seconds
        return PretalxError(
            gettext_noop(
                "The import took longer than %(seconds)s s (SCHEDULE_IMPORT_DEADLINE_SECONDS) and stopped "
                "while reading %(source)s."
            ),
            seconds=seconds,
            source=str(source),
        )

    def too_large(self, source) -> PretalxError:
        return too_large(source, self.max_bytes)

    def check_time(self, source) -> None:
        if self.out_of_time():
            raise self.too_slow(source)

    # The watchdog.

    def start(self) -> None:
        if self._timer is None:
            self._timer = threading.Timer(max(self.remaining(), 0), self._expire)
            self._timer.daemon = True
            self._timer.start()

    def stop(self) -> None:
        if self._timer is not None:
            self._timer.cancel()

    def watch(self, sock) -> None:
        with self._lock:
            if self.expired:
                _shut(sock)
            else:
                self._sockets.add(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            sockets = list(self._sockets)
        for sock in sockets:
            _shut(sock)


def _shut(sock) -> None:
    # socket.socket's own shutdown, also for a TLS socket: it ends a read waiting in another thread.
    with contextlib.suppress(OSError, TypeError):
        socket.socket.shutdown(sock, socket.SHUT_RDWR)


_current = threading.local()  # the Limits of the fetch running in this thread


class _WatchedConnectionMixin:
    def _new_conn(self):
        sock = super()._new_conn()
        limits = getattr(_current, "limits", None)
        if limits is not None:
            limits.watch(sock)
        return sock


class _WatchedHTTPConnection(_WatchedConnectionMixin, HTTPConnection):
    pass


class _WatchedHTTPSConnection(_WatchedConnectionMixin, HTTPSConnection):
    pass


class _WatchedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _WatchedHTTPConnection


class _WatchedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _WatchedHTTPSConnection


_WATCHED_POOLS = {"http": _WatchedHTTPPool, "https": _WatchedHTTPSPool}


class _WatchedAdapter(HTTPAdapter):
    """Connections whose sockets the running fetch's Limits can shut down at its deadline."""

    def init_poolmanager(self, *args, **kwargs):
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = dict(_WATCHED_POOLS)

    def proxy_manager_for(self, proxy, **proxy_kwargs):
        manager = super().proxy_manager_for(proxy, **proxy_kwargs)
        if not proxy.lower().startswith("socks"):
            manager.pool_classes_by_scheme = dict(_WATCHED_POOLS)
        return manager


def _watched_session() -> requests.Session:
    session = requests.Session()
    if hasattr(session, "mount"):  # tests may put a fake in requests.Session's place
        adapter = _WatchedAdapter()
        session.mount("http://", adapter)
        session.mount("https://", adapter)
    return session


# --- HTTP ----------------------------------------------------------------------------------------


class PretalxClient:
    """A tiny JSON client within one fetch's :class:`Limits`. ``http`` is anything with
    ``get(url, params=, headers=, timeout=, stream=)`` returning a ``requests.Response``-like object
    (tests pass a fake). Use it as a context manager, so the deadline's timer and the connections end
    with the fetch."""

    def __init__(self, *, token="", http=None, timeout=DEFAULT_TIMEOUT, progress: Progress = None, limits=None):
        self.owns_http = http is None
        self.http = http if http is not None else _watched_session()
        self.headers = {"Accept": "application/json"}
        if token:
            self.headers["Authorization"] = f"Token {token}"
        self.timeout = timeout
        self.progress = progress
        self.limits = limits if limits is not None else Limits()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    def close(self):
        self.limits.stop()
        if self.owns_http and hasattr(self.http, "close"):
            self.http.close()

    def get_json(self, url, params=None):
        if self.progress:
            self.progress(later(gettext_noop("Fetching %(url)s"), url=url))
        body = self._get(url, params)
        if self.progress:
            self.progress(later(gettext_noop("Received %(size)s from %(url)s"), size=size_text(len(body)), url=url))
        try:
            return json.loads(body)
        except ValueError as error:
            raise PretalxError(gettext_noop("Pretalx did not answer with valid JSON (%(url)s)."), url=url) from error

    def _get(self, url, params) -> bytearray:
        limits = self.limits
        limits.check_time(url)
        limits.start()
        remaining = limits.remaining()
        timeout = (min(CONNECT_TIMEOUT, remaining), min(self.timeout, remaining))
        _current.limits = limits
        try:
            response = self.http.get(url, params=params, headers=self.headers, timeout=timeout, stream=True)
            try:
                if response.status_code != 200:
                    raise PretalxError(
                        gettext_noop("Pretalx answered HTTP %(status)s for %(url)s."),
                        status=response.status_code,
                        url=url,
                    )
                body = self._read(response, url)
            finally:
                if hasattr(response, "close"):
                    response.close()
        except (requests.Timeout, urllib3.exceptions.TimeoutError, TimeoutError) as error:
            if limits.out_of_time() or remaining <= self.timeout:
                raise limits.too_slow(url) from error
            raise PretalxError(gettext_noop("Pretalx did not answer in time (%(url)s)."), url=url) from error
        except (requests.RequestException, urllib3.exceptions.HTTPError, OSError) as error:
            if limits.out_of_time():
                raise limits.too_slow(url) from error
            raise PretalxError(
                gettext_noop("Could not connect to Pretalx (%(url)s): %(error)s"), url=url, error=error
            ) from error
        finally:
            _current.limits = None
        limits.check_time(url)  # a read the deadline cut short
        return body

    def _read(self, response, url) -> bytearray:
        limits = self.limits
        declared = str(getattr(response, "headers", {}).get("Content-Length") or "").strip()
        if declared.isdigit() and int(declared) > limits.max_bytes:
            raise limits.too_large(url)
        body = bytearray()
        for chunk in _chunks(response):
            body += chunk
            if len(body) > limits.max_bytes:
                raise limits.too_large(url)
            limits.check_time(url)
        return body

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
            following = data.get("next")
            if not following:
                return results
            # Only to the same server: the next page gets the API token too.
            if not isinstance(following, str) or _origin(following) != _origin(url):
                raise _invalid_in(url, "next", following)
            url, params = following, None
        raise PretalxError(gettext_noop("Too many pages from Pretalx (%(url)s)."), url=url)


def _origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme.lower(), parts.netloc.lower()


def _chunks(response):
    """The body as it arrives. ``iter_content`` waits for a whole chunk, which a source sending a byte
    now and then never fills; ``read1`` returns whatever one read brought (decompressed, bounded)."""
    raw = getattr(response, "raw", None)
    if raw is None or not hasattr(raw, "read1"):
        yield from response.iter_content(CHUNK_BYTES)
        return
    while True:
        chunk = raw.read1(CHUNK_BYTES, decode_content=True)
        if not chunk:
            return
        yield chunk


def read_file(location, limits: Limits | None = None) -> bytes:
    """A local file's bytes, at most the size cap."""
    limits = limits or Limits()
    try:
        with open(location, "rb") as file:
            content = file.read(limits.max_bytes + 1)
    except OSError as error:
        raise PretalxError(gettext_noop("Could not read %(file)s: %(error)s"), file=location, error=error) from error
    if len(content) > limits.max_bytes:
        raise limits.too_large(location)
    return content


def _json_of(content: bytes, name):
    try:
        return json.loads(content)
    except ValueError as error:
        raise PretalxError(gettext_noop("%(file)s is not valid JSON."), file=name) from error


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
        with PretalxClient(token=self.token, http=self.http, timeout=self.timeout, progress=progress) as client:
            event = client.get_json(self.event_url)
            tracks = client.get_all(urljoin(self.event_url, "tracks/"))
            rooms = client.get_all(urljoin(self.event_url, "rooms/"))
            schedule = client.get_json(urljoin(self.event_url, "schedules/latest/"), {"expand": SCHEDULE_EXPAND})
        public_url = f"{api_root(self.base_url)}/{self.event_slug}/talk/"
        return parse_api(event=event, tracks=tracks, rooms=rooms, schedule=schedule, talk_url=public_url)


def _api_tracks(tracks, locale) -> dict:
    rows = {}
    for item in tracks:
        track_id = _field(item, "id", "track")
        name = _field(item, "name", "track")
        label = i18n_pick(name, locale) if _i18n(name) else ""
        if not _is_int(track_id):
            raise _invalid_track(label or track_id, "id", track_id)
        if not _i18n(name) or not label.strip() or len(label) > MAX_TRACK_NAME:
            raise _invalid_track(track_id, "name", name)
        description = item.get("description")
        if not _i18n(description):
            raise _invalid_track(label, "description", description)
        if not _colour(item.get("color")):
            raise _invalid_track(label, "color", item.get("color"))
        rows[track_id] = TrackData(
            key=track_key(label) or f"id:{track_id}",
            label=label,
            name=i18n_pick(name, "en"),
            name_zh_hant=i18n_zh(name),
            description=i18n_pick(description, "en"),
            description_zh_hant=i18n_zh(description),
            color=str(item.get("color") or ""),
        )
    return rows


def _api_rooms(rooms, locale) -> tuple[dict, dict]:
    rows, by_id = {}, {}
    for position, item in enumerate(rooms):
        uuid = _field(item, "uuid", "room")
        name = _field(item, "name", "room")
        shown = i18n_pick(name, locale) if _i18n(name) else uuid
        if not uuid:
            raise PretalxError(gettext_noop("Missing field “%(field)s” in %(where)s."), field="uuid", where="room")
        if not isinstance(uuid, str) or len(uuid) > MAX_ROOM_KEY:
            raise _invalid_room(shown, "uuid", uuid)
        if not _i18n(name) or not i18n_pick(name, locale).strip():
            raise _invalid_room(uuid, "name", name)
        for name_of_field in ("capacity", "position"):
            if not _count(item.get(name_of_field)):
                raise _invalid_room(shown, name_of_field, item.get(name_of_field))
        room_id = item.get("id")
        if room_id is not None and not _is_int(room_id):
            raise _invalid_room(shown, "id", room_id)
        rows[uuid] = RoomData(
            key=uuid,
            label=i18n_pick(name, locale),
            name=i18n_pick(name, "en"),
            name_zh_hant=i18n_zh(name),
            capacity=item.get("capacity"),
            position=item["position"] if item.get("position") is not None else position,
        )
        by_id[room_id] = uuid
    return rows, by_id


def _api_speakers(submission, code) -> list[str]:
    speakers = submission.get("speakers")
    if speakers is None:
        return []
    if not isinstance(speakers, list):
        raise _invalid(code, "speakers", speakers)
    names = []
    for person in speakers:
        if isinstance(person, str):  # not expanded: the speaker's code
            names.append(person)
        elif isinstance(person, dict) and all(
            person.get(key) is None or isinstance(person.get(key), str) for key in ("name", "code")
        ):
            names.append(person.get("name") or person.get("code") or "")
        else:
            raise _invalid(code, "speakers", person)
    return names


def parse_api(*, event, tracks, rooms, schedule, talk_url=""):
    """Map the API's answers (event detail, track list, room list, expanded latest schedule)."""
    tz = parse_time_zone(_field(event, "timezone", "event"))
    locale = event.get("locale") or "en"
    if not isinstance(locale, str):
        raise _invalid_in("event", "locale", locale)
    if not isinstance(tracks, list):
        raise _invalid_in("tracks", "results", tracks)
    if not isinstance(rooms, list):
        raise _invalid_in("rooms", "results", rooms)
    track_rows = _api_tracks(tracks, locale)
    room_rows, room_by_id = _api_rooms(rooms, locale)

    sessions = {}
    for slot in _list(schedule, "slots", "schedule"):
        if not isinstance(slot, dict):
            raise PretalxError(gettext_noop("The schedule's slots are not expanded."))
        submission = _field(slot, "submission", "slot")
        if submission is None:
            continue  # a break
        if not isinstance(submission, dict):
            raise PretalxError(gettext_noop("The schedule's slots are not expanded."))
        code = _code(_field(submission, "code", "submission"))
        visible, state = slot.get("is_visible"), submission.get("state", "confirmed")
        if visible is not None and not isinstance(visible, bool):
            raise _invalid(code, "is_visible", visible)
        if not isinstance(state, str):
            raise _invalid(code, "state", state)
        if visible is False or slot.get("start") is None or state != "confirmed":
            continue
        room = slot.get("room")
        room_key = None
        if isinstance(room, dict):
            room_key = room.get("uuid")
            if not isinstance(room_key, str) or not room_key:
                raise _invalid(code, "room", room)
        elif _is_int(room):
            room_key = room_by_id.get(room, f"id:{room}")
        elif room is not None:
            raise _invalid(code, "room", room)
        track = submission.get("track")
        track_id = track.get("id") if isinstance(track, dict) else track
        if track_id is not None and not _is_int(track_id):
            raise _invalid(code, "track", track)
        track_data = None
        if track_id is not None:
            track_data = track_rows.get(track_id)
            if track_data is None:
                raise PretalxError(
                    gettext_noop("Session %(code)s is in a track that is not in the schedule."), code=code
                )
        data = _session(
            code,
            _text(submission, "title", code, required=True),
            _text(submission, "abstract", code),
            _api_speakers(submission, code),
            track_data.key if track_data else None,
            room_key,
            _moment(slot, "start", code, tz),
            _moment(slot, "end", code, tz),
            _language(submission, "content_locale", code),
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
            with PretalxClient(http=self.http, timeout=self.timeout, progress=progress) as client:
                data = client.get_json(location)
        else:
            if progress:
                progress(later(gettext_noop("Reading %(file)s"), file=location))
            data = _json_of(read_file(location), location)
        return parse_schedule_json(data)


@dataclass
class UploadedScheduleJson:
    """An uploaded schedule.json (its bytes), shaped like the other sources (kind, label, fetch)."""

    name: str
    content: bytes
    kind = "schedule_json"

    @property
    def label(self):
        return gettext("Uploaded file %(name)s") % {"name": self.name}

    def fetch(self, progress: Progress = None) -> ScheduleData:
        if progress:
            progress(later(gettext_noop("Reading %(file)s"), file=self.name))
        if len(self.content) > import_max_bytes():
            raise too_large(self.name)
        return parse_schedule_json(_json_of(self.content, self.name))


class ImportSource:
    """Where an import reads from, as a queued job is told (see :func:`source_from_spec`)."""

    UPLOAD = "upload"
    URL = "url"
    API = "api"


def source_from_spec(spec: dict, upload: bytes | None = None):
    """The source described by plain values: ``{"kind": "upload", "name"}`` (with the file's bytes),
    ``{"kind": "url", "location"}`` or ``{"kind": "api", "base_url", "event_slug", "token"}``."""
    kind = spec.get("kind")
    if kind == ImportSource.UPLOAD:
        return UploadedScheduleJson(name=str(spec.get("name") or ""), content=bytes(upload or b""))
    if kind == ImportSource.URL:
        return ScheduleJsonSource(location=str(spec["location"]))
    if kind == ImportSource.API:
        return ApiSource(base_url=spec["base_url"], event_slug=spec["event_slug"], token=spec.get("token") or "")
    raise ValueError(f"Unknown import source {kind!r}")


def _json_rooms(conference) -> tuple[dict, dict]:
    rooms, by_name = {}, {}
    for position, item in enumerate(_list(conference, "rooms", "conference", required=False)):
        guid = _field(item, "guid", "room")
        name = _field(item, "name", "room")
        if not guid:
            raise PretalxError(gettext_noop("Missing field “%(field)s” in %(where)s."), field="guid", where="room")
        if not isinstance(guid, str) or len(guid) > MAX_ROOM_KEY:
            raise _invalid_room(name, "guid", guid)
        if not isinstance(name, str) or not name.strip():
            raise _invalid_room(guid, "name", name)
        if not _count(item.get("capacity")):
            raise _invalid_room(name, "capacity", item.get("capacity"))
        rooms[guid] = RoomData(key=guid, label=name, capacity=item.get("capacity"), position=position)
        by_name[name] = guid
    return rooms, by_name


def _json_tracks(conference) -> dict:
    tracks = {}
    for item in _list(conference, "tracks", "conference", required=False):
        name = _field(item, "name", "track")
        if not isinstance(name, str) or not name.strip() or len(name) > MAX_TRACK_NAME:
            raise _invalid_track(name, "name", name)
        if not _colour(item.get("color")):
            raise _invalid_track(name, "color", item.get("color"))
        tracks[track_key(name)] = TrackData(key=track_key(name), label=name, color=str(item.get("color") or ""))
    return tracks


def _json_speakers(talk, code) -> list[str]:
    persons = talk.get("persons")
    if persons is None:
        return []
    if not isinstance(persons, list):
        raise _invalid(code, "persons", persons)
    names = []
    for person in persons:
        if not isinstance(person, dict) or not all(
            person.get(key) is None or isinstance(person.get(key), str) for key in ("public_name", "name")
        ):
            raise _invalid(code, "persons", person)
        names.append(person.get("public_name") or person.get("name") or "")
    return names


def _json_talk(talk, room_name, room_by_name, tracks, tz) -> SessionData:
    code = _code(_field(talk, "code", "talk"))
    room = talk.get("room")
    if room is None:
        room = room_name
    elif not isinstance(room, str):
        raise _invalid(code, "room", room)
    room_key = room_by_name.get(room or room_name)
    if room_key is None:
        raise PretalxError(gettext_noop("Session %(code)s is in a room that is not in the schedule."), code=code)
    start = _moment(talk, "date", code, tz)
    clock = talk.get("start")
    if clock is not None and not (isinstance(clock, str) and _CLOCK.match(clock)):
        raise _invalid(code, "start", clock)
    # Pretalx gives both; each must be right even when the other is used.
    duration = _duration(talk["duration"], code) if talk.get("duration") is not None else None
    if talk.get("end") is not None:
        end = _moment(talk, "end", code, tz)
    elif duration is not None:
        end = start + duration
    else:
        raise _missing(code, "duration")
    track_name = _text(talk, "track", code, max_length=MAX_TRACK_NAME)
    key = None
    if track_name.strip():
        key = track_key(track_name)
        tracks.setdefault(key, TrackData(key=key, label=track_name))
    return _session(
        code,
        _text(talk, "title", code, required=True),
        _text(talk, "abstract", code),
        _json_speakers(talk, code),
        key,
        room_key,
        start,
        end,
        _language(talk, "language", code),
        _url(talk, "url", code),
    )


def parse_schedule_json(data):
    """Map a frab/c3voc ``schedule.json`` export (single language, no breaks)."""
    schedule = _field(data, "schedule", "schedule.json")
    conference = _field(schedule, "conference", "schedule")
    tz = parse_time_zone(_field(conference, "time_zone_name", "conference"))
    rooms, room_by_name = _json_rooms(conference)
    tracks = _json_tracks(conference)

    sessions = {}
    for number, day in enumerate(_list(conference, "days", "conference"), start=1):
        where = f"day {number}"
        rooms_of_day = _field(day, "rooms", where)
        if rooms_of_day is None:
            continue
        if not isinstance(rooms_of_day, dict):
            raise _invalid_in(where, "rooms", rooms_of_day)
        for room_name, talks in rooms_of_day.items():
            if not isinstance(talks, list):
                raise _invalid_in(where, room_name, talks)
            for talk in talks:
                if not isinstance(talk, dict):
                    raise _invalid_in(where, room_name, talk)
                item = _json_talk(talk, room_name, room_by_name, tracks, tz)
                if item.code not in sessions or item.starts_at < sessions[item.code].starts_at:
                    sessions[item.code] = item

    return ScheduleData(
        time_zone=str(tz),
        version=str(schedule.get("version") or ""),
        rooms=list(rooms.values()),
        tracks=list(tracks.values()),
        sessions=sorted(sessions.values(), key=lambda s: (s.starts_at, s.code)),
    )
