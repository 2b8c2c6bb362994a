"""What a schedule import would do, worked out without writing anything.

``plan_import(edition=, data=)`` compares a fetched schedule (:class:`schedule.pretalx.ScheduleData`)
with the edition's rooms, tracks and sessions and returns an :class:`ImportPlan`: the rooms and
tracks to add or update (model instances, not saved), and every session that is added, changed,
moved (time or room) or removed (leaves the schedule), each with the number of people it affects
(they starred it or follow its track). The staff preview shows a plan's :meth:`ImportPlan.summary`;
``schedule.services.apply_import`` writes exactly that plan, so preview and import cannot disagree.

A plan's :attr:`ImportPlan.fingerprint` names what it would change (not who it affects): two plans
with the same fingerprint write the same rows. A preview is applied only if re-planning it against
the database gives the fingerprint staff saw.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import math
import re
from dataclasses import asdict, dataclass, field
from functools import cached_property
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import formats, timezone
from django.utils.translation import get_language, gettext_noop, pgettext
from django.utils.translation import gettext as _

from core.stored_text import later, word
from follows.models import SessionStar, TrackFollow

from .models import Room, Session, Track
from .pretalx import PretalxError, RoomData, ScheduleData, SessionData, TrackData, normalise

ADDED, CHANGED, MOVED, REMOVED = "added", "changed", "moved", "removed"
KINDS = (REMOVED, MOVED, CHANGED, ADDED)  # the order the preview lists them in
MOVE_FIELDS = frozenset({"starts_at", "ends_at", "room_id"})
# What a new row gets from the data (and so what the fingerprint of an added row covers).
ROOM_FIELDS = ("name", "name_zh_hant", "capacity", "position")
TRACK_FIELDS = ("name", "name_zh_hant", "description", "description_zh_hant", "color")
SESSION_FIELDS = ("title", "abstract", "speakers", "starts_at", "ends_at", "language", "url", "room_id", "track_id")
# Removing up to this many sessions never needs confirming, whatever the share: small schedules stay easy.
MIN_GUARDED_REMOVALS = 3
DEFAULT_MAX_REMOVAL_SHARE = 0.2
_CJK = re.compile(r"[\u3000-\u9fff\uf900-\ufaff]")


def max_removal_share() -> float:
    return float(getattr(settings, "SCHEDULE_IMPORT_MAX_REMOVAL_SHARE", DEFAULT_MAX_REMOVAL_SHARE))


def allowed_removals(scheduled: int, share: float | None = None) -> int:
    """How many of ``scheduled`` sessions an import may remove without an explicit confirmation."""
    share = max_removal_share() if share is None else share
    return max(MIN_GUARDED_REMOVALS, math.floor(share * scheduled))


# --- the plan ------------------------------------------------------------------------------------


@dataclass
class RowChange:
    """A room or track the import adds (``created``, ``fields`` all it gets) or updates (``fields`` changed)."""

    row: Room | Track
    created: bool
    fields: list[str] = field(default_factory=list)


@dataclass
class PlannedSession:
    """A session the import adds, changes, moves or removes.

    ``session`` is a new instance, or the existing row with its new scalar values already set; ``room``
    and ``track`` are where it goes (instances, maybe new ones, resolved to ids when applied).
    ``group`` is the track it is listed under: its new track, or for a removal the one it leaves.
    """

    kind: str
    session: Session
    fields: list[str]
    room: Room | None = None
    track: Track | None = None
    group: Track | None = None
    before: str = ""  # "08-09 15:30 TR409-2": where and when, for the run's list of changes
    after: str = ""
    before_at: datetime.datetime | None = None  # the same, for pages that format dates per language
    before_room: Room | None = None
    previous_track_id: int | None = None
    existed: bool = True  # False for a new row (its pk is set once applied, so it cannot tell)
    affected: int = 0
    people: set = field(default_factory=set, repr=False)


@dataclass
class ImportPlan:
    edition: object
    data: ScheduleData
    rooms: list[RowChange]
    tracks: list[RowChange]
    sessions: list[PlannedSession]
    unchanged: int
    scheduled: int  # sessions in the edition's schedule before the import
    share: float = field(default_factory=max_removal_share)
    affected_people: int = 0

    @cached_property
    def counts(self) -> dict[str, int]:
        counts = {kind: 0 for kind in (ADDED, CHANGED, MOVED, REMOVED)}
        for item in self.sessions:
            counts[item.kind] += 1
        counts["unchanged"] = self.unchanged
        counts["rooms_added"] = sum(change.created for change in self.rooms)
        counts["rooms_updated"] = len(self.rooms) - counts["rooms_added"]
        counts["tracks_added"] = sum(change.created for change in self.tracks)
        counts["tracks_updated"] = len(self.tracks) - counts["tracks_added"]
        return counts

    @property
    def row_counts(self) -> dict[str, int]:
        """Session rows, as ImportRun records them: created, updated (a returning session too), removed."""
        created = sum(not item.existed for item in self.sessions)
        removed = self.counts[REMOVED]
        return {
            "created": created,
            "updated": len(self.sessions) - created - removed,
            "removed": removed,
            "unchanged": self.unchanged,
        }

    @property
    def has_changes(self) -> bool:
        return bool(self.rooms or self.tracks or self.sessions)

    @property
    def removals(self) -> int:
        return self.counts[REMOVED]

    @property
    def allowed_removals(self) -> int:
        return allowed_removals(self.scheduled, self.share)

    @property
    def needs_removal_confirmation(self) -> bool:
        return self.removals > self.allowed_removals

    def removal_message(self) -> dict:
        """Why this plan is not applied without an explicit "yes, remove them", to keep on a run."""
        return removal_message(removed=self.removals, scheduled=self.scheduled, share=self.share)

    def removal_reason(self) -> str:
        """The same, as one line in the active language."""
        return word(self.removal_message())

    @cached_property
    def fingerprint(self) -> str:
        def row(change, key):
            values = {name: getattr(change.row, name) for name in change.fields}
            return [key, change.created, values]

        rooms = sorted((row(change, change.row.pretalx_uuid) for change in self.rooms), key=lambda entry: entry[0])
        tracks = sorted((row(change, change.row.pretalx_key) for change in self.tracks), key=lambda entry: entry[0])
        sessions = []
        for item in self.sessions:
            values = {name: getattr(item.session, name) for name in item.fields if name not in ("room_id", "track_id")}
            if "room_id" in item.fields:
                values["room"] = item.room.pretalx_uuid if item.room else None
            if "track_id" in item.fields:
                values["track"] = item.track.pretalx_key if item.track else None
            sessions.append([item.session.code, item.kind, values])
        sessions.sort(key=lambda entry: entry[0])
        text = json.dumps([rooms, tracks, sessions], sort_keys=True, default=_canonical, ensure_ascii=False)
        return hashlib.sha256(text.encode()).hexdigest()

    def summary(self) -> dict:
        """The plan for the preview and the records, as JSON: counts, rooms and tracks added, and per
        track the sessions with what changes and how many people each affects."""
        groups = {}
        for item in self.sessions:
            track = item.group
            key = (track.pretalx_key or f"pk:{track.pk}") if track is not None else ""
            group = groups.get(key)
            if group is None:
                group = groups[key] = {
                    "key": key,
                    "name": track.name if track else "",
                    "name_zh_hant": track.name_zh_hant if track else "",
                    "is_new": track is not None and track.pk is None,
                    "counts": {kind: 0 for kind in (ADDED, CHANGED, MOVED, REMOVED)},
                    "affected": 0,
                    "_people": set(),
                    **{kind: [] for kind in KINDS},
                }
            group["counts"][item.kind] += 1
            group["_people"].update(item.people)
            entry = {"code": item.session.code, "title": item.session.title}
            if item.kind != REMOVED:
                entry.update(after_at=_iso(item.session.starts_at), after_room=_room_name(item.room))
            if item.existed:
                entry.update(
                    before_at=_iso(item.before_at), before_room=_room_name(item.before_room), affected=item.affected
                )
            if item.kind in (CHANGED, MOVED):
                entry["fields"] = [name for name in item.fields if name != "is_scheduled"]
            if item.kind == ADDED and item.existed:
                entry["returning"] = True
            group[item.kind].append(entry)
        for group in groups.values():
            group["affected"] = len(group.pop("_people"))
        ordered = sorted(
            groups.values(), key=lambda group: (group["key"] == "", normalise(group["name"] or group["name_zh_hant"]))
        )
        return {
            "counts": self.counts,
            "time_zone": self.edition.time_zone,
            "scheduled": self.scheduled,
            "share": self.share,
            "allowed_removals": self.allowed_removals,
            "needs_removal_confirmation": self.needs_removal_confirmation,
            "has_changes": self.has_changes,
            "affected": self.affected_people,
            "rooms_added": [change.row.name for change in self.rooms if change.created],
            "tracks_added": [change.row.name for change in self.tracks if change.created],
            "tracks": ordered,
        }

    def change_messages(self) -> list[dict]:
        """One message per change, as ImportRun.changes keeps them: worded when shown, in the reader's
        language (core.stored_text)."""
        lines = []
        for change in self.rooms:
            msgid = gettext_noop("Room added: %(name)s") if change.created else gettext_noop("Room updated: %(name)s")
            lines.append(later(msgid, name=change.row.name))
        for change in self.tracks:
            msgid = gettext_noop("Track added: %(name)s") if change.created else gettext_noop("Track updated: %(name)s")
            lines.append(later(msgid, name=change.row.name))
        for item in self.sessions:
            names = {"code": item.session.code, "title": item.session.title}
            if item.kind == REMOVED:
                lines.append(later(gettext_noop("Session no longer scheduled: %(code)s %(title)s"), **names))
            elif item.kind == ADDED and item.existed:
                lines.append(later(gettext_noop("Session back in the schedule: %(code)s %(title)s"), **names))
            elif item.kind == ADDED:
                lines.append(later(gettext_noop("Session added: %(code)s %(title)s"), **names))
            elif item.kind == MOVED:
                lines.append(
                    later(
                        gettext_noop("Session moved: %(code)s %(title)s (%(before)s → %(after)s)"),
                        before=item.before,
                        after=item.after,
                        **names,
                    )
                )
            else:
                lines.append(later(gettext_noop("Session updated: %(code)s %(title)s"), **names))
        return lines


def removal_message(*, removed: int, scheduled: int, share: float) -> dict:
    # Never singular: the threshold needs more than three removals.
    return later(
        gettext_noop(
            "The import would remove %(removed)s of the %(scheduled)s scheduled sessions "
            "(more than %(share)s %%); nothing was changed."
        ),
        removed=removed,
        scheduled=scheduled,
        share=_percent(share),
    )


def _iso(moment) -> str | None:
    return moment.astimezone(datetime.UTC).isoformat() if moment is not None else None


def _room_name(room) -> str:
    return room.name if room is not None else ""


def _canonical(value):
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat()
    return str(value)


def _percent(share: float) -> str:
    return f"{share * 100:g}"


# --- planning ------------------------------------------------------------------------------------


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


def _plan_rooms(edition, data: ScheduleData):
    existing = list(Room.objects.filter(edition=edition))
    by_key = {room.pretalx_uuid: room for room in existing if room.pretalx_uuid}
    orphans = _adoptable(existing, "pretalx_uuid")
    changes, result = [], {}
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
            changes.append(RowChange(room, created=True, fields=list(ROOM_FIELDS)))
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
                changes.append(RowChange(room, created=False, fields=changed))
        result[item.key] = room
    return existing, changes, result


def _plan_tracks(edition, data: ScheduleData):
    existing = list(Track.objects.filter(edition=edition))
    by_key = {track.pretalx_key: track for track in existing if track.pretalx_key}
    orphans = _adoptable(existing, "pretalx_key")
    changes, result = [], {}
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
            changes.append(RowChange(track, created=True, fields=list(TRACK_FIELDS)))
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
                changes.append(RowChange(track, created=False, fields=changed))
        result[item.key] = track
    return existing, changes, result


def _when(starts_at, room, edition) -> str:
    if starts_at is None:
        return "–"
    start = timezone.localtime(starts_at, edition.tzinfo)
    return f"{start:%m-%d %H:%M} {room.name if room else '–'}"


def _points_elsewhere(current_id, target) -> bool:
    """Whether a foreign key holding ``current_id`` must change to point at ``target`` (maybe a new row)."""
    if target is None:
        return current_id is not None
    return target.pk is None or target.pk != current_id


def plan_import(*, edition, data: ScheduleData) -> ImportPlan:
    """What importing ``data`` into ``edition`` would do. Reads only; raises PretalxError for data
    that cannot be imported (an empty schedule over a scheduled one, a session in an unknown room)."""
    sessions = list(Session.objects.filter(edition=edition))
    existing = {session.code: session for session in sessions}
    scheduled = sum(session.is_scheduled for session in sessions)
    if not data.sessions and scheduled:
        raise PretalxError(gettext_noop("The schedule has no sessions; nothing was changed."))
    all_rooms, room_changes, rooms = _plan_rooms(edition, data)
    all_tracks, track_changes, tracks = _plan_tracks(edition, data)
    rooms_by_id = {room.pk: room for room in all_rooms}
    tracks_by_id = {track.pk: track for track in all_tracks}

    planned, unchanged = [], 0
    for item in data.sessions:
        room = rooms.get(item.room_key) if item.room_key else None
        track = tracks.get(item.track_key) if item.track_key else None
        if item.room_key and room is None:
            raise PretalxError(
                gettext_noop("Session %(code)s is in a room that is not in the schedule."), code=item.code
            )
        wanted = {
            "title": item.title,
            "abstract": item.abstract,
            "speakers": list(item.speakers),
            "starts_at": item.starts_at,
            "ends_at": item.ends_at,
            "language": item.language,
            "url": item.url,
            "is_scheduled": True,
        }
        after = _when(item.starts_at, room, edition)
        session = existing.pop(item.code, None)
        if session is None:
            session = Session(edition=edition, code=item.code, **wanted)
            planned.append(
                PlannedSession(
                    ADDED, session, list(SESSION_FIELDS), room, track, group=track, after=after, existed=False
                )
            )
            continue
        was_scheduled = session.is_scheduled
        before_at, before_room = session.starts_at, rooms_by_id.get(session.room_id)
        before = _when(before_at, before_room, edition)
        previous_track_id = session.track_id
        changed = _differences(session, wanted)
        if _points_elsewhere(session.room_id, room):
            changed.append("room_id")
        if _points_elsewhere(session.track_id, track):
            changed.append("track_id")
        if not changed:
            unchanged += 1
            continue
        if not was_scheduled:
            kind = ADDED
        elif MOVE_FIELDS.intersection(changed):
            kind = MOVED
        else:
            kind = CHANGED
        planned.append(
            PlannedSession(
                kind,
                session,
                changed,
                room,
                track,
                group=track,
                before=before,
                after=after,
                before_at=before_at,
                before_room=before_room,
                previous_track_id=previous_track_id,
            )
        )
    for session in existing.values():
        if session.is_scheduled:
            room = rooms_by_id.get(session.room_id)
            planned.append(
                PlannedSession(
                    REMOVED,
                    session,
                    ["is_scheduled"],
                    group=tracks_by_id.get(session.track_id),
                    before=_when(session.starts_at, room, edition),
                    before_at=session.starts_at,
                    before_room=room,
                    previous_track_id=session.track_id,
                )
            )

    plan = ImportPlan(
        edition=edition,
        data=data,
        rooms=room_changes,
        tracks=track_changes,
        sessions=planned,
        unchanged=unchanged,
        scheduled=scheduled,
    )
    _count_affected(plan)
    return plan


def _count_affected(plan: ImportPlan) -> None:
    """Set ``affected`` on each changed, moved and removed session (and the plan's total): the people who
    starred it or follow its track, before or after the import. Two queries, only when there is such a session."""
    touched = [item for item in plan.sessions if item.existed and item.kind in (CHANGED, MOVED, REMOVED)]
    if not touched:
        return
    stars, followers = {}, {}
    for session_id, user_id in SessionStar.objects.filter(
        session__edition=plan.edition, user__is_active=True
    ).values_list("session_id", "user_id"):
        stars.setdefault(session_id, set()).add(user_id)
    for track_id, user_id in TrackFollow.objects.filter(track__edition=plan.edition, user__is_active=True).values_list(
        "track_id", "user_id"
    ):
        followers.setdefault(track_id, set()).add(user_id)
    everyone = set()
    for item in touched:
        people = set(stars.get(item.session.pk, ()))
        people |= followers.get(item.previous_track_id, set())
        if item.track is not None and item.track.pk is not None:
            people |= followers.get(item.track.pk, set())
        item.affected = len(people)
        item.people = people
        everyone |= people
    plan.affected_people = len(everyone)


# --- the fetched schedule, kept between preview and apply ------------------------------------------


def data_to_json(data: ScheduleData) -> dict:
    def session(item: SessionData):
        return {
            **asdict(item),
            "speakers": list(item.speakers),
            "starts_at": item.starts_at.isoformat(),
            "ends_at": item.ends_at.isoformat(),
        }

    return {
        "time_zone": data.time_zone,
        "version": data.version,
        "rooms": [asdict(room) for room in data.rooms],
        "tracks": [asdict(track) for track in data.tracks],
        "sessions": [session(item) for item in data.sessions],
    }


def data_from_json(value: dict) -> ScheduleData:
    try:
        return ScheduleData(
            time_zone=value["time_zone"],
            version=value.get("version", ""),
            rooms=[RoomData(**room) for room in value["rooms"]],
            tracks=[TrackData(**track) for track in value["tracks"]],
            sessions=[
                SessionData(
                    **{
                        **item,
                        "speakers": tuple(item["speakers"]),
                        "starts_at": datetime.datetime.fromisoformat(item["starts_at"]),
                        "ends_at": datetime.datetime.fromisoformat(item["ends_at"]),
                    }
                )
                for item in value["sessions"]
            ],
        )
    except (KeyError, TypeError, ValueError) as error:
        raise PretalxError(gettext_noop("The stored schedule could not be read; import it again.")) from error


# --- showing a stored plan -------------------------------------------------------------------------

FIELD_LABELS = {
    "title": lambda: Session._meta.get_field("title").verbose_name,
    "abstract": lambda: Session._meta.get_field("abstract").verbose_name,
    "speakers": lambda: Session._meta.get_field("speakers").verbose_name,
    "track_id": lambda: pgettext("conference track", "track"),
    "room_id": lambda: Session._meta.get_field("room").verbose_name,
    "starts_at": lambda: Session._meta.get_field("starts_at").verbose_name,
    "ends_at": lambda: Session._meta.get_field("ends_at").verbose_name,
    "language": lambda: Session._meta.get_field("language").verbose_name,
    "url": lambda: Session._meta.get_field("url").verbose_name,
}


def _entry_for_display(entry: dict) -> dict:
    shown = {**entry, "field_labels": [str(FIELD_LABELS[name]()) for name in entry.get("fields", [])]}
    for key in ("before_at", "after_at"):
        if entry.get(key):
            shown[key] = datetime.datetime.fromisoformat(entry[key])
    return shown


def _where(at, room, tz) -> str:
    """When and where, as the command line prints it: "Sun 9 Aug, 15:30 TR409-2"."""
    when = formats.date_format(timezone.localtime(at, tz), "SHORT_DATETIME_FORMAT") if at else "–"
    return f"{when} {room or '–'}"


def plan_for_display(summary: dict) -> dict:
    """A stored summary made ready for a template in the active language: track names picked, field
    names translated. Returns a new dict."""
    chinese = (get_language() or "").lower().startswith("zh")
    tracks = []
    for group in summary.get("tracks", []):
        name = (group["name_zh_hant"] if chinese else group["name"]) or group["name"] or group["name_zh_hant"]
        shown = {**group, "name": name, "is_no_track": group["key"] == ""}
        for kind in KINDS:
            shown[kind] = [_entry_for_display(entry) for entry in group.get(kind, [])]
        tracks.append(shown)
    shown = {**summary, "tracks": tracks, "share_percent": _percent(summary.get("share", 0))}
    if summary.get("needs_removal_confirmation"):
        shown["removal_reason"] = word(
            removal_message(removed=summary["counts"][REMOVED], scheduled=summary["scheduled"], share=summary["share"])
        )
    return shown


def report_lines(summary: dict, *, verbose: bool = False) -> list[str]:
    """The plan as lines of text for the command line: totals, then one line per track (and its
    sessions when ``verbose``)."""
    counts = summary["counts"]
    lines = [
        _(
            "Sessions: %(added)s added, %(changed)s changed, %(moved)s moved, %(removed)s removed, "
            "%(unchanged)s unchanged; %(rooms)s rooms and %(tracks)s tracks added; people affected: %(people)s."
        )
        % {
            **counts,
            "rooms": counts["rooms_added"],
            "tracks": counts["tracks_added"],
            "people": summary["affected"],
        }
    ]
    tz = ZoneInfo(summary.get("time_zone") or settings.TIME_ZONE)
    for group in plan_for_display(summary)["tracks"]:
        name = group["name"] if not group["is_no_track"] else _("No track")
        lines.append(
            "  "
            + _(
                "%(track)s: %(added)s added, %(changed)s changed, %(moved)s moved, %(removed)s removed; "
                "people affected: %(people)s."
            )
            % {**group["counts"], "track": name, "people": group["affected"]}
        )
        if not verbose:
            continue
        for kind in KINDS:
            for entry in group[kind]:
                line = f"    {kind} {entry['code']} {entry['title']}"
                if kind == MOVED:
                    before = _where(entry["before_at"], entry["before_room"], tz)
                    line += f" ({before} → {_where(entry['after_at'], entry['after_room'], tz)})"
                elif kind == CHANGED:
                    line += f" ({', '.join(entry['field_labels'])})"
                if "affected" in entry and kind != ADDED:
                    line += " " + _("[people affected: %(people)s]") % {"people": entry["affected"]}
                lines.append(line)
    return lines
