"""Demo rooms, schedule, responsible persons, follows and stars.

The schedule goes through the real Pretalx import (``schedule.services.import_schedule``): the
built-in ``fixtures/schedule-2027.json`` (the captured 2026 export moved by 364 days, so weekdays
match, with abstracts written for the demo) plus, per scale step, generated sessions, and above
scale 1 generated tracks and rooms, added to the JSON in memory. Scale 10 gives DESIGN.md's 600
sessions, 40 tracks, 20 rooms and 100+ communities. There is no Pretalx behind the demo, so its
sessions carry no Pretalx address (a link would lead nowhere). Everything is keyed on natural keys
and generated deterministically, so a second run with the same scale imports the same data (all
sessions unchanged) and adds no rows.
"""

import copy
import datetime
import functools
import json
import random
import uuid
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from accounts.models import User
from communities.models import InvitationStatus, ResponsiblePerson, ResponsiblePersonInvitation
from follows.models import CommunityFollow, SessionStar, TrackFollow
from follows.services import contact_sharing_update, follow_community, follow_track, share_contact, star_session
from schedule.models import Room, Session, Track
from schedule.pretalx import ScheduleData, parse_schedule_json, track_key
from schedule.services import import_schedule

from .communities import EXTRA_COMMUNITIES_PER_SCALE, generated_communities, spaced
from .services import RESPONSIBLE_EMAIL
from .talks import TalkWriter, TrackProfile

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "schedule-2027.json"
# The source every demo import records: how the demo recognises its own import runs.
IMPORT_LABEL = f"{FIXTURE.name} (demo"
RESPONSIBLE_NAME = "Demo Responsible"

SESSIONS_PER_SCALE = 60
TRACKS_PER_SCALE = 4
ROOMS_PER_SCALE = 2
SLOT_MINUTES = 30
FIRST_SLOT = datetime.time(9)
SLOTS_PER_DAY = 19  # 09:00 .. 18:30
LUNCH = (datetime.time(12), datetime.time(13))
DAY_SLOTS = SLOTS_PER_DAY - 2  # a room-day's slots outside the lunch hour
# Generated sessions: D00001, D00002, ... (Pretalx codes never contain 0 or 1); see selectors.py.
CODE_PREFIX = "D"

# Rooms as the volunteer tasks know them, made before the import so it adopts them with their
# English names; TR209 and TR510 hold tasks only.
ROOMS = [
    ("AU101", "AU101 視聽館"),
    ("RB105", "RB105 綜合研究大樓"),
    ("TR209", "TR209 研揚大樓"),
    ("TR409-2", "TR409-2 研揚大樓"),
    ("TR510", "TR510 研揚大樓"),
]


@dataclass(frozen=True)
class DemoTrack:
    label: str  # its name in schedule.json (the event's default language, Chinese)
    name: str
    name_zh_hant: str
    community_slugs: tuple[str, ...]
    profile: TrackProfile
    colour: str = ""

    @property
    def key(self) -> str:
        return track_key(self.label)


# The fixture's tracks (schedule.json names them in the event's default language only).
FIXTURE_TRACKS = [
    DemoTrack(
        "Python 社群議程",
        "Python Community Track",
        "Python 社群議程",
        ("python-tw",),
        TrackProfile("lang", "Python", "Python"),
    ),
    DemoTrack(
        "開放硬體",
        "Open Hardware",
        "開放硬體",
        ("openhardware",),
        TrackProfile("hardware", "open hardware", "開放硬體"),
    ),
    DemoTrack(
        "開放文化", "Open Culture", "開放文化", ("g0v", "osm-tw"), TrackProfile("culture", "open culture", "開放文化")
    ),
    DemoTrack("Rust 台灣社群", "Rust Taiwan", "Rust 台灣社群", ("rust-tw",), TrackProfile("lang", "Rust", "Rust")),
]
TRACK_NAMES = [
    ("{topic} Community Day", "{topic}社群日"),
    ("{topic} Track", "{topic}議程軌"),
    ("All Things {topic}", "{topic}大小事"),
    ("{topic} in Practice", "{topic}實戰"),
]
COLOURS = ["#3572A5", "#D2691E", "#8E44AD", "#DEA584", "#2E8B57", "#C0392B", "#1F618D", "#B7950B"]
SMALL_WORDS = {"of", "and", "in", "the", "for"}
PARTNERS_FROM = 40


def _title_case(topic: str) -> str:
    words = topic.removeprefix("the ").split()
    return " ".join(
        word if word in SMALL_WORDS and index else (word[:1].upper() + word[1:]) for index, word in enumerate(words)
    )


def generated_tracks(scale: int) -> list[DemoTrack]:
    """Tracks run by invented communities; every third shares its track with another group of its kind."""
    count = TRACKS_PER_SCALE * (scale - 1)
    communities = generated_communities(max(count, EXTRA_COMMUNITIES_PER_SCALE * scale))
    tracks = []
    for number, owner in enumerate(communities[:count], start=1):
        english, chinese = TRACK_NAMES[number % len(TRACK_NAMES)]
        label = spaced(chinese.format(topic=owner.topic_zh_hant))
        slugs = [owner.slug]
        # Partners come from the groups past PARTNERS_FROM, which run no track of their own up to scale 10.
        partners = [c for c in communities[PARTNERS_FROM:] if c.kind == owner.kind and c.slug != owner.slug]
        if number % 3 == 0 and partners:
            slugs.append(partners[(number // 3) % len(partners)].slug)
        tracks.append(
            DemoTrack(
                label=label,
                name=english.format(topic=_title_case(owner.topic)),
                name_zh_hant=label,
                community_slugs=tuple(slugs),
                profile=TrackProfile(owner.kind, owner.topic, owner.topic_zh_hant),
                colour=COLOURS[number % len(COLOURS)],
            )
        )
    return tracks


def demo_tracks(scale: int) -> list[DemoTrack]:
    return [*FIXTURE_TRACKS, *generated_tracks(scale)]


@functools.cache
def fixture_codes() -> frozenset[str]:
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    days = data["schedule"]["conference"]["days"]
    return frozenset(talk["code"] for day in days for talks in day["rooms"].values() for talk in talks)


class DemoScheduleSource:
    """A schedule.json already in memory; read by the same parser as an exported file."""

    kind = "schedule_json"

    def __init__(self, data, label):
        self.data = data
        self.label = label

    def fetch(self, progress=None) -> ScheduleData:
        return parse_schedule_json(self.data)


def seed_schedule(context) -> None:
    edition = context.edition
    for position, (name, zh) in enumerate(ROOMS):
        Room.objects.get_or_create(edition=edition, name=name, defaults={"name_zh_hant": zh, "position": position})
    tracks = demo_tracks(context.scale)
    data = demo_schedule(context.scale)
    source = DemoScheduleSource(data, label=f"{IMPORT_LABEL}, scale {context.scale})")
    run = import_schedule(edition=edition, source=source, by=context.staff)
    if not run.ok:
        raise RuntimeError(f"Demo schedule import failed: {run.error}")
    # schedule.json names tracks in the event's language only; the import keeps names set here.
    for track in tracks:
        Track.objects.filter(edition=edition, pretalx_key=track.key).exclude(name=track.name).update(
            name=track.name, name_zh_hant=track.name_zh_hant
        )
    _link_tracks(context, tracks)


def demo_schedule(scale: int) -> dict:
    """The fixture plus generated tracks, rooms and sessions for ``scale`` (same result every time)."""
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    conference = data["schedule"]["conference"]
    fixture_talks = sum(len(talks) for day in conference["days"] for talks in day["rooms"].values())
    # Six rooms at scale 1: the fixture's four plus two that only the volunteer tasks use; more rooms
    # with the scale, and always enough that no two talks share a room (lunch hours aside).
    extra_rooms = max(0, ROOMS_PER_SCALE * scale - 6)
    fixture_rooms = len(conference["rooms"])
    while (fixture_rooms + extra_rooms) * len(conference["days"]) * DAY_SLOTS < SESSIONS_PER_SCALE * scale + 10:
        extra_rooms += 1
    for number in range(1, extra_rooms + 1):
        conference["rooms"].append(
            {
                "name": f"RB{200 + number} 綜合研究大樓",
                "slug": f"demo-rb{200 + number}",
                "guid": str(uuid.uuid5(uuid.NAMESPACE_URL, f"coscup-2027-demo-room-{number}")),
                "description": None,
                "capacity": 40 + (number * 20) % 100,
            }
        )
    for track in generated_tracks(scale):
        conference["tracks"].append({"name": track.label, "slug": f"demo-{track.key}", "color": track.colour})
    _add_sessions(conference, scale, wanted=max(0, SESSIONS_PER_SCALE * scale - fixture_talks))
    # No Pretalx serves the demo: an address would be a dead link on the session page and in calendars.
    for day in conference["days"]:
        for talks in day["rooms"].values():
            for talk in talks:
                talk["url"] = ""
                talk.pop("feedback_url", None)
                talk.pop("origin_url", None)
    return data


def _slot_start(day, slot) -> datetime.datetime:
    date = datetime.date.fromisoformat(day["date"])
    midnight = datetime.datetime.combine(date, FIRST_SLOT, datetime.timezone(datetime.timedelta(hours=8)))
    return midnight + datetime.timedelta(minutes=SLOT_MINUTES * slot)


class _Rooms:
    """Free slots per (day, room). As at COSCUP a track has a room for the day: the fixture's tracks
    keep their rooms on both days, each generated track gets a room-day of its own (the generated
    rooms first); talks follow each other from the morning, and a full room-day spills into the
    emptiest one of the same day. The lunch hour is used only when nothing else is free."""

    def __init__(self, conference):
        self.days = conference["days"]
        rooms = [room["name"] for room in conference["rooms"]]
        self.busy = set()
        where = Counter()
        for day_index, day in enumerate(self.days):
            for room, talks in day["rooms"].items():
                for talk in talks:
                    where[(talk["track"], room)] += 1
                    start = datetime.datetime.fromisoformat(talk["date"])
                    end = datetime.datetime.fromisoformat(talk["end"])
                    for slot in range(SLOTS_PER_DAY):
                        begin = _slot_start(day, slot)
                        if begin < end and start < begin + datetime.timedelta(minutes=SLOT_MINUTES):
                            self.busy.add((day_index, slot, room))
        self.fixture_rooms = {}
        for (track, room), _count in where.most_common():
            if track is not None:
                self.fixture_rooms.setdefault(track, room)
        taken = set(self.fixture_rooms.values())
        days = range(len(self.days))
        self.room_days = [(d, room) for room in rooms if room not in taken for d in days]
        self.room_days += [(d, room) for room in rooms if room in taken for d in days]
        lunch = {slot for slot in range(SLOTS_PER_DAY) if LUNCH[0] <= _slot_start(self.days[0], slot).time() < LUNCH[1]}
        self.slots = [slot for slot in range(SLOTS_PER_DAY) if slot not in lunch]
        self.lunch = sorted(lunch)
        self.spilled = {}  # track -> room-days outside its home it already uses

    def home(self, track, index) -> list[tuple[int, str]]:
        if track in self.fixture_rooms:
            return [(d, self.fixture_rooms[track]) for d in range(len(self.days))]
        return [self.room_days[(index - len(self.fixture_rooms)) % len(self.room_days)]]

    def _free(self, room_day, slots) -> list[int]:
        day_index, room = room_day
        return [slot for slot in slots if (day_index, slot, room) not in self.busy]

    def take(self, track, index) -> tuple[int, int, str]:
        homes = self.home(track, index)
        spilled = self.spilled.setdefault(track, [])
        for slots in (self.slots, self.lunch):
            # The home room-day with the most room left (a two-day track alternates between its days),
            # then a room it already spilled into, then the emptiest room-day, the same day first.
            candidates = sorted(homes, key=lambda room_day: -len(self._free(room_day, slots)))
            spill = sorted(self.room_days, key=lambda rd: (rd[0] != homes[0][0], -len(self._free(rd, slots))))
            for room_day in [*candidates, *spilled, *spill]:
                free = self._free(room_day, slots)
                if free:
                    if room_day not in homes and room_day not in spilled:
                        spilled.append(room_day)
                    self.busy.add((room_day[0], free[0], room_day[1]))
                    return room_day[0], free[0], room_day[1]
        raise RuntimeError("The demo programme has more sessions than its rooms have slots.")


def _add_sessions(conference, scale, *, wanted) -> None:
    days = conference["days"]
    profiles = {track.label: track.profile for track in demo_tracks(scale)}
    tracks = [track["name"] for track in conference["tracks"]]
    template = copy.deepcopy(next(iter(days[0]["rooms"].values()))[0])
    rooms = _Rooms(conference)
    writer = TalkWriter()
    for number in range(1, wanted + 1):
        index = number % len(tracks)
        track = tracks[index]
        day_index, slot, room = rooms.take(track, index)
        day = days[day_index]
        start = _slot_start(day, slot)
        code = f"{CODE_PREFIX}{number:05d}"
        language = "en" if number % 3 == 0 else "zh-hant"
        talk_text = writer.write(profiles[track], chinese=language != "en", seed=f"coscup-2027-{code}")
        talk = copy.deepcopy(template)
        talk.update(
            {
                "guid": str(uuid.uuid5(uuid.NAMESPACE_URL, f"coscup-2027-demo-talk-{number}")),
                "code": code,
                "id": 10000 + number,
                "date": start.isoformat(),
                "start": f"{start:%H:%M}",
                "end": (start + datetime.timedelta(minutes=SLOT_MINUTES)).isoformat(),
                "duration": f"00:{SLOT_MINUTES:02d}",
                "room": room,
                "slug": f"coscup-2027-{code.lower()}",
                "title": talk_text.title,
                "track": track,
                "type": "演講",
                "language": language,
                "abstract": talk_text.abstract,
                "description": "",
                "persons": [{"name": name, "public_name": name, "biography": ""} for name in talk_text.speakers],
            }
        )
        day["rooms"].setdefault(room, []).append(talk)


def _link_tracks(context, tracks: list[DemoTrack]) -> None:
    by_slug = {community.slug: community for community in context.communities}
    by_key = dict(Track.objects.filter(edition=context.edition).values_list("pretalx_key", "pk"))
    links = [
        Track.communities.through(track_id=by_key[track.key], community_id=by_slug[slug].pk)
        for track in tracks
        if track.key in by_key
        for slug in track.community_slugs
        if slug in by_slug
    ]
    Track.communities.through.objects.bulk_create(links, batch_size=500, ignore_conflicts=True)


def seed_people_around_communities(context) -> None:
    _seed_responsible_persons(context, context.communities)
    _seed_follows(context, context.communities)


# Titles in both languages, as staff type them on the responsible persons page.
TITLES = [("organizer", "召集人"), ("contact", "聯絡人"), ("track host", "議程軌主持人")]
# An invitation nobody has answered yet: the responsible persons page and the contact list show it
# as pending.
PENDING_INVITATION = ("rust-tw", "new.organizer@example.org")
# Communities left without anyone this edition, so staff see what carry-over and the filters do.
UNNAMED_EVERY = 6


def _seed_responsible_persons(context, communities) -> None:
    edition, previous = context.edition, context.previous_edition
    responsible, _ = User.objects.get_or_create(
        email=RESPONSIBLE_EMAIL,
        defaults={
            "display_name": RESPONSIBLE_NAME,
            "password": make_password(None),
            "preferred_language": "",
            "chat_handle": "@demo_responsible",
            "share_chat_with_staff": True,
        },
    )
    EmailAddress.objects.get_or_create(
        user=responsible, email=RESPONSIBLE_EMAIL, defaults={"verified": True, "primary": True}
    )
    python = next(community for community in communities if community.slug == "python-tw")
    for year in (previous, edition):
        ResponsiblePerson.objects.get_or_create(
            community=python,
            edition=year,
            user=responsible,
            defaults={"title": "organizer", "title_zh_hant": "召集人", "is_public": True, "named_by": context.staff},
        )
    volunteers = context.volunteers
    if volunteers:
        persons = []
        for index, community in enumerate(communities):
            title, title_zh = TITLES[index % len(TITLES)]
            person = volunteers[(index * 37 + 11) % len(volunteers)]
            common = {"community": community, "title": title, "title_zh_hant": title_zh, "named_by": context.staff}
            # Last year everyone had someone; this year some communities wait for carry-over.
            persons.append(ResponsiblePerson(edition=previous, user=person, is_public=True, **common))
            if index % UNNAMED_EVERY != UNNAMED_EVERY - 1:
                persons.append(ResponsiblePerson(edition=edition, user=person, is_public=index % 5 != 4, **common))
        ResponsiblePerson.objects.bulk_create(persons, batch_size=500, ignore_conflicts=True)
    slug, email = PENDING_INVITATION
    community = next((community for community in communities if community.slug == slug), None)
    if community is not None:
        ResponsiblePersonInvitation.objects.get_or_create(
            community=community,
            edition=edition,
            email=email,
            status=InvitationStatus.PENDING,
            defaults={
                "title": "contact",
                "title_zh_hant": "聯絡人",
                "language": "zh-hant",
                "invited_by": context.staff,
                "last_sent_at": timezone.now(),
                "send_count": 1,
            },
        )


def _seed_follows(context, communities) -> None:
    edition, volunteer = context.edition, context.volunteer
    by_slug = {community.slug: community for community in communities}
    for slug in ("python-tw", "g0v"):
        follow_community(user=volunteer, community=by_slug[slug])
    for name in ("Python Community Track", "Open Culture"):
        follow_track(user=volunteer, track=Track.objects.get(edition=edition, name=name))
    for code in ("PY3AAA", "PY3AAB", "CU8AAA"):
        star_session(user=volunteer, session=Session.objects.get(edition=edition, code=code))
    # Python Taiwan asks at its booth for the contact of those who follow it (follow cards): a few said yes,
    # so its responsible person has a list and an export to look at.
    contact_sharing_update(community=by_slug["python-tw"], is_enabled=True, fields=["name", "email"], by=None)
    for person in context.volunteers[:3]:
        follow_community(user=person, community=by_slug["python-tw"])
        share_contact(user=person, community=by_slug["python-tw"])

    tracks = list(Track.objects.filter(edition=edition).order_by("pretalx_key", "name"))
    sessions = list(Session.objects.filter(edition=edition, is_scheduled=True).order_by("code"))
    rng = random.Random(2027)
    community_follows, track_follows, stars = [], [], []
    for person in context.volunteers[::5]:
        community_follows += [
            CommunityFollow(user=person, community=community)
            for community in rng.sample(communities, min(len(communities), rng.randint(1, 3)))
        ]
        track_follows += [
            TrackFollow(user=person, track=track) for track in rng.sample(tracks, min(len(tracks), rng.randint(1, 2)))
        ]
        stars += [
            SessionStar(user=person, session=session)
            for session in rng.sample(sessions, min(len(sessions), rng.randint(2, 5)))
        ]
    CommunityFollow.objects.bulk_create(community_follows, batch_size=1000, ignore_conflicts=True)
    TrackFollow.objects.bulk_create(track_follows, batch_size=1000, ignore_conflicts=True)
    SessionStar.objects.bulk_create(stars, batch_size=1000, ignore_conflicts=True)
