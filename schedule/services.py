"""Write a Pretalx schedule into an edition (see schedule.pretalx for reading it)."""

from __future__ import annotations

import logging
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import ImportRun, PretalxSource, Room, Session, Track
from .pretalx import ApiSource, PretalxError, Progress, ScheduleData, ScheduleJsonSource, normalise

logger = logging.getLogger(__name__)

MAX_CHANGE_LINES = 50
BATCH_SIZE = 200
_CJK = re.compile(r"[\u3000-\u9fff\uf900-\ufaff]")


class _Counts:
    def __init__(self):
        self.created = self.updated = self.removed = self.unchanged = 0
        self.changes = []
        self.hidden = 0

    def line(self, text):
        if len(self.changes) < MAX_CHANGE_LINES:
            self.changes.append(text)
        else:
            self.hidden += 1


def as_source(source):
    """Accept a PretalxSource row, an ApiSource/ScheduleJsonSource, or a schedule.json path or URL."""
    if isinstance(source, PretalxSource):
        return ApiSource(base_url=source.base_url, event_slug=source.event_slug, token=source.api_token)
    if isinstance(source, str):
        return ScheduleJsonSource(location=source)
    return source


def import_schedule(*, edition, source, by=None, progress: Progress = None) -> ImportRun:
    """Import an edition's schedule from Pretalx and record the attempt as an ImportRun.

    Everything is written in one transaction; on any error nothing changes and the returned run
    has ``ok=False`` and a one-line ``error``. The run itself is saved outside that transaction.
    An import of unchanged data writes nothing but the run.
    """
    source = as_source(source)
    run = ImportRun(
        edition=edition, started_at=timezone.now(), started_by=by, source=str(source.label)[:500], kind=source.kind
    )
    try:
        data = source.fetch(progress=progress)
        if progress:
            progress(
                _("Applying %(rooms)s rooms, %(tracks)s tracks and %(sessions)s sessions…")
                % {"rooms": len(data.rooms), "tracks": len(data.tracks), "sessions": len(data.sessions)}
            )
        with transaction.atomic():
            counts = _apply(edition=edition, data=data)
    except (PretalxError, ValidationError) as error:
        message = error.messages[0] if isinstance(error, ValidationError) else str(error)
        run.error = " ".join(message.split())
    except Exception as error:  # noqa: BLE001 - a failed import must still be recorded
        logger.exception("Schedule import for %s failed", edition)
        run.error = " ".join((_("Unexpected error: %(error)s") % {"error": error}).split())
    else:
        run.ok = True
        run.created, run.updated = counts.created, counts.updated
        run.removed, run.unchanged = counts.removed, counts.unchanged
        run.changes = counts.changes
        if counts.hidden:
            run.changes.append(_("… and %(count)s more changes.") % {"count": counts.hidden})
    run.finished_at = timezone.now()
    run.save()
    return run


def _differences(obj, wanted):
    """Set the fields of ``obj`` that differ from ``wanted`` and return their names."""
    changed = []
    for name, value in wanted.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed.append(name)
    return changed


def _known(**fields):
    return {name: value for name, value in fields.items() if value is not None}


def _label_names(label, name, name_zh_hant, max_length):
    """Names for a new row; a single-language source (schedule.json) only gives a label."""
    if name is None:
        name = label
    if name_zh_hant is None:
        name_zh_hant = label if _CJK.search(label or "") else ""
    return (name or label)[:max_length], (name_zh_hant or "")[:max_length]


def _adoptable(rows, key_field):
    """Rows created by hand (no Pretalx key yet), by normalised name, so an import can claim them
    instead of creating a duplicate (tasks may already point at them)."""
    by_name = {}
    for row in rows:
        if not getattr(row, key_field):
            for text in (row.name, row.name_zh_hant):
                if text:
                    by_name.setdefault(normalise(text), row)
    return by_name


def _claim(by_name, data):
    for text in (data.name, data.name_zh_hant, data.label):
        row = by_name.pop(normalise(text), None) if text else None
        if row is not None:
            for other in [key for key, value in by_name.items() if value is row]:
                del by_name[other]
            return row
    return None


def _save(model, created, updated, fields):
    if created:
        model.objects.bulk_create(created, batch_size=BATCH_SIZE)
    if updated:
        model.objects.bulk_update(updated, sorted(fields), batch_size=BATCH_SIZE)


def _sync_rooms(edition, data: ScheduleData, counts):
    existing = list(Room.objects.filter(edition=edition))
    by_key = {room.pretalx_uuid: room for room in existing if room.pretalx_uuid}
    orphans = _adoptable(existing, "pretalx_uuid")
    created, updated, fields, result = [], [], set(), {}
    for item in data.rooms:
        room = by_key.get(item.key) or _claim(orphans, item)
        if room is None:
            name, name_zh_hant = _label_names(item.label, item.name, item.name_zh_hant, 120)
            room = Room(
                edition=edition,
                pretalx_uuid=item.key,
                name=name,
                name_zh_hant=name_zh_hant,
                capacity=item.capacity,
                position=item.position or 0,
            )
            created.append(room)
            counts.line(_("Room added: %(name)s") % {"name": room.name})
        else:
            wanted = _known(
                pretalx_uuid=item.key,
                name=item.name[:120] if item.name else None,
                name_zh_hant=item.name_zh_hant[:120] if item.name_zh_hant is not None else None,
                capacity=item.capacity,
                position=item.position,
            )
            changed = _differences(room, wanted)
            if changed:
                updated.append(room)
                fields.update(changed)
                counts.line(_("Room updated: %(name)s") % {"name": room.name})
        result[item.key] = room
    _save(Room, created, updated, fields)
    return result


def _sync_tracks(edition, data: ScheduleData, counts):
    existing = list(Track.objects.filter(edition=edition))
    by_key = {track.pretalx_key: track for track in existing if track.pretalx_key}
    orphans = _adoptable(existing, "pretalx_key")
    created, updated, fields, result = [], [], set(), {}
    for item in data.tracks:
        track = by_key.get(item.key) or _claim(orphans, item)
        if track is None:
            name, name_zh_hant = _label_names(item.label, item.name, item.name_zh_hant, 200)
            track = Track(
                edition=edition,
                pretalx_key=item.key,
                name=name,
                name_zh_hant=name_zh_hant,
                description=item.description or "",
                description_zh_hant=item.description_zh_hant or "",
                color=(item.color or "")[:20],
            )
            created.append(track)
            counts.line(_("Track added: %(name)s") % {"name": track.name})
        else:
            wanted = _known(
                pretalx_key=item.key,
                name=item.name[:200] if item.name else None,
                name_zh_hant=item.name_zh_hant[:200] if item.name_zh_hant is not None else None,
                # Descriptions are edited locally (both languages); an import only fills empty ones.
                description=None if track.description else item.description,
                description_zh_hant=None if track.description_zh_hant else item.description_zh_hant,
                color=item.color[:20] if item.color is not None else None,
            )
            changed = _differences(track, wanted)
            if changed:
                updated.append(track)
                fields.update(changed)
                counts.line(_("Track updated: %(name)s") % {"name": track.name})
        result[item.key] = track
    _save(Track, created, updated, fields)
    return result


def _when(session, edition, rooms_by_id):
    if session.starts_at is None:
        return "–"
    start = timezone.localtime(session.starts_at, edition.tzinfo)
    room = rooms_by_id.get(session.room_id)
    return f"{start:%m-%d %H:%M} {room.name if room else '–'}"


def _apply(*, edition, data: ScheduleData):
    counts = _Counts()
    existing = {session.code: session for session in Session.objects.filter(edition=edition)}
    if not data.sessions and any(session.is_scheduled for session in existing.values()):
        raise PretalxError(_("The schedule has no sessions; nothing was changed."))
    rooms = _sync_rooms(edition, data, counts)
    tracks = _sync_tracks(edition, data, counts)
    rooms_by_id = {room.pk: room for room in rooms.values()}

    created, updated, fields = [], [], set()
    for item in data.sessions:
        room = rooms.get(item.room_key) if item.room_key else None
        track = tracks.get(item.track_key) if item.track_key else None
        if item.room_key and room is None:
            raise PretalxError(_("Session %(code)s is in a room that is not in the schedule.") % {"code": item.code})
        wanted = {
            "title": item.title,
            "abstract": item.abstract,
            "speakers": list(item.speakers),
            "track_id": track.pk if track else None,
            "room_id": room.pk if room else None,
            "starts_at": item.starts_at,
            "ends_at": item.ends_at,
            "language": item.language,
            "url": item.url,
            "is_scheduled": True,
        }
        session = existing.pop(item.code, None)
        if session is None:
            created.append(Session(edition=edition, code=item.code, **wanted))
            counts.created += 1
            counts.line(_("Session added: %(code)s %(title)s") % {"code": item.code, "title": item.title})
            continue
        before = _when(session, edition, rooms_by_id)
        changed = _differences(session, wanted)
        if not changed:
            counts.unchanged += 1
            continue
        updated.append(session)
        fields.update(changed)
        counts.updated += 1
        if {"starts_at", "ends_at", "room_id"} & set(changed):
            counts.line(
                _("Session moved: %(code)s %(title)s (%(before)s → %(after)s)")
                % {
                    "code": item.code,
                    "title": item.title,
                    "before": before,
                    "after": _when(session, edition, rooms_by_id),
                }
            )
        else:
            counts.line(_("Session updated: %(code)s %(title)s") % {"code": item.code, "title": item.title})

    for session in existing.values():
        if session.is_scheduled:
            session.is_scheduled = False
            updated.append(session)
            fields.add("is_scheduled")
            counts.removed += 1
            counts.line(
                _("Session no longer scheduled: %(code)s %(title)s") % {"code": session.code, "title": session.title}
            )
    _save(Session, created, updated, fields)
    return counts
