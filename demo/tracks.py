"""Demo communities, schedule, responsible persons, follows and stars.

The schedule goes through the real Pretalx import (``schedule.services.import_schedule``): the
built-in ``fixtures/schedule-2027.json`` (the captured 2026 export moved by 364 days, so weekdays
match) plus, per scale step, synthetic sessions, and above scale 1 synthetic tracks and rooms, added
to the JSON in memory. Scale 10 gives DESIGN.md's 600 sessions, 40 tracks, 20 rooms and 100+
communities. Everything is keyed on natural keys and generated deterministically, so a second run
with the same scale imports the same data (all sessions unchanged) and adds no rows.
"""

import copy
import datetime
import json
import random
import uuid
from pathlib import Path

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from accounts.models import User
from communities.models import Community, InvitationStatus, ResponsiblePerson, ResponsiblePersonInvitation
from follows.models import CommunityFollow, SessionStar, TrackFollow
from follows.services import follow_community, follow_track, star_session
from schedule.models import Session, Track
from schedule.pretalx import ScheduleData, parse_schedule_json
from schedule.services import import_schedule

from .services import RESPONSIBLE_EMAIL, _name

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "schedule-2027.json"
RESPONSIBLE_NAME = "Demo Responsible"

SESSIONS_PER_SCALE = 60
TRACKS_PER_SCALE = 4
ROOMS_PER_SCALE = 2
EXTRA_COMMUNITIES_PER_SCALE = 10
SLOT_MINUTES = 30
SLOTS_PER_DAY = 19  # 09:00 .. 18:30

# slug -> (summary, summary_zh_hant, introduction, introduction_zh_hant, website)
COMMUNITY_DETAILS = {
    "python-tw": (
        "Python users in Taiwan: meetups, PyCon Taiwan and a friendly chat group.",
        "台灣的 Python 使用者社群：聚會、PyCon Taiwan 與友善的聊天群組。",
        "## Python Taiwan\n\nWe run monthly **meetups** in Taipei, Taichung and Kaohsiung and organize "
        "[PyCon Taiwan](https://tw.pycon.org).\n\n- Beginners welcome\n- Talks in Mandarin and English",
        "## Python 台灣\n\n我們每月在台北、台中與高雄舉辦**聚會**，並籌辦 "
        "[PyCon Taiwan](https://tw.pycon.org)。\n\n- 歡迎初學者\n- 議程有華語也有英語",
        "https://python.tw",
    ),
    "rust-tw": (
        "Rustaceans in Taiwan sharing systems programming, WebAssembly and embedded Rust.",
        "在台灣的 Rustacean：分享系統程式、WebAssembly 與嵌入式 Rust。",
        "## Rust Taiwan\n\nA study group that became a community. We read *The Book* together, "
        "translate documentation and hack on open-source crates.",
        "## Rust 台灣社群\n\n從讀書會長成的社群。我們一起讀 *The Book*、翻譯文件，並參與開源 crate 的開發。",
        "https://rust.tw",
    ),
    "openhardware": (
        "Makers building open hardware: boards, firmware and the tools around them.",
        "打造開放硬體的創客：電路板、韌體與相關工具。",
        "## Open Hardware\n\nBring your boards! We host a **hardware corner** with soldering irons and "
        "logic analysers, and talks about KiCad, RISC-V and firmware.",
        "## 開放硬體\n\n帶著你的板子來！我們設有**硬體角落**，提供烙鐵與邏輯分析儀，議程涵蓋 KiCad、RISC-V 與韌體。",
        "https://openhardware.tw",
    ),
    "ubuntu-tw": (
        "Ubuntu and Linux desktop users helping each other since 2005.",
        "自 2005 年起互相幫忙的 Ubuntu 與 Linux 桌面使用者。",
        "## Ubuntu Taiwan\n\nInstall parties, translation sprints for Ubuntu in Traditional Chinese and "
        "a release party every April and October.",
        "## Ubuntu 台灣社群\n\n安裝派對、Ubuntu 正體中文翻譯衝刺，每年四月與十月還有發布派對。",
        "https://www.ubuntu-tw.org",
    ),
    "g0v": (
        "Civic tech: citizens forking the government with open data and open source.",
        "公民科技：用開放資料與開源軟體「fork 政府」。",
        "## g0v\n\ng0v is a decentralised civic tech community. Join a **hackathon**, pick a project from "
        "the board and start contributing — no permission needed.",
        "## g0v 零時政府\n\ng0v 是去中心化的公民科技社群。"
        "來參加**黑客松**，從提案看板挑一個專案就能開始貢獻，不必等誰許可。",
        "https://g0v.tw",
    ),
    "osm-tw": (
        "Mapping Taiwan together in OpenStreetMap, the free map of the world.",
        "一起在 OpenStreetMap 這份自由的世界地圖上繪製台灣。",
        "## OpenStreetMap Taiwan\n\nMapping parties, tools for mappers and open geodata. Bring a phone "
        "and we'll show you how to add your neighbourhood to the map.",
        "## OpenStreetMap 台灣\n\n圖聚、製圖工具與開放地理資料。帶著手機來，我們教你把自己的社區畫上地圖。",
        "https://osm.tw",
    ),
}
# Tracks of the fixture (schedule.json names them in the event's default language only):
# name -> (English name, community slugs).
FIXTURE_TRACKS = {
    "Python 社群議程": ("Python Community Track", ["python-tw"]),
    "開放硬體": ("Open Hardware", ["openhardware"]),
    "開放文化": ("Open Culture", ["g0v", "osm-tw"]),
    "Rust 台灣社群": ("Rust Taiwan", ["rust-tw"]),
}
COLOURS = ["#3572A5", "#D2691E", "#8E44AD", "#DEA584", "#2E8B57", "#C0392B", "#1F618D", "#B7950B"]
VERBS = ["Building", "Testing", "Scaling", "Packaging", "Debugging", "Documenting", "Securing", "Teaching"]
SUBJECTS = [
    "a small web service",
    "embedded firmware",
    "open data pipelines",
    "vector map tiles",
    "a Linux desktop",
    "command-line tools",
    "a civic tech project",
    "community meetups",
    "WebAssembly modules",
    "a translation workflow",
    "an open hardware board",
]


class DemoScheduleSource:
    """A schedule.json already in memory; read by the same parser as an exported file."""

    kind = "schedule_json"

    def __init__(self, data, label):
        self.data = data
        self.label = label

    def fetch(self, progress=None) -> ScheduleData:
        return parse_schedule_json(self.data)


def seed_tracks(context) -> None:
    communities = _seed_communities(context)
    _seed_schedule(context)
    _link_tracks(context, communities)
    _seed_responsible_persons(context, communities)
    _seed_follows(context, communities)


def _seed_communities(context) -> list[Community]:
    for slug, (summary, summary_zh, intro, intro_zh, website) in COMMUNITY_DETAILS.items():
        community = Community.objects.filter(slug=slug).first()
        if community is None or community.summary:  # keep what someone edited by hand
            continue
        community.summary, community.summary_zh_hant = summary, summary_zh
        community.introduction, community.introduction_zh_hant = intro, intro_zh
        community.website_url = community.website_url or website
        community.save()
    Community.objects.bulk_create(
        [
            Community(
                slug=f"community-{number:03d}",
                name=f"Community {number:03d}",
                name_zh_hant=f"社群 {number:03d}",
                summary=f"Demo community number {number} working on open source in Taiwan.",
                summary_zh_hant=f"第 {number} 個示範社群，在台灣參與開源。",
                introduction=f"We are demo community **{number}**. Come to our track and say hello!",
                introduction_zh_hant=f"我們是第 **{number}** 個示範社群。歡迎來我們的議程軌打招呼！",
                website_url=f"https://community-{number:03d}.example.org",
            )
            for number in range(1, EXTRA_COMMUNITIES_PER_SCALE * context.scale + 1)
        ],
        batch_size=500,
        ignore_conflicts=True,
    )
    return list(Community.objects.filter(is_active=True).order_by("slug"))


def demo_schedule(scale: int) -> dict:
    """The fixture plus synthetic tracks, rooms and sessions for ``scale`` (same result every time)."""
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    conference = data["schedule"]["conference"]
    for number in range(1, max(0, ROOMS_PER_SCALE * scale - 6) + 1):
        # Six rooms at scale 1: the fixture's four plus two that only the volunteer tasks use.
        conference["rooms"].append(
            {
                "name": f"RB{200 + number} 綜合研究大樓",
                "slug": f"demo-rb{200 + number}",
                "guid": str(uuid.uuid5(uuid.NAMESPACE_URL, f"coscup-2027-demo-room-{number}")),
                "description": None,
                "capacity": 40 + (number * 20) % 100,
            }
        )
    for number in range(1, TRACKS_PER_SCALE * (scale - 1) + 1):
        conference["tracks"].append(
            {
                "name": f"Community {number:03d} Track",
                "slug": f"demo-{number}",
                "color": COLOURS[number % len(COLOURS)],
            }
        )
    _add_sessions(conference, scale)
    return data


def _add_sessions(conference, scale) -> None:
    days = conference["days"]
    rooms = [room["name"] for room in conference["rooms"]]
    tracks = [track["name"] for track in conference["tracks"]]
    template = copy.deepcopy(next(iter(days[0]["rooms"].values()))[0])
    existing = sum(len(talks) for day in days for talks in day["rooms"].values())
    wanted = max(0, SESSIONS_PER_SCALE * scale - existing)

    def slot_start(day, slot):
        date = datetime.date.fromisoformat(day["date"])
        return datetime.datetime.combine(date, datetime.time(9), datetime.timezone(datetime.timedelta(hours=8))) + (
            datetime.timedelta(minutes=SLOT_MINUTES * slot)
        )

    busy = set()
    for day_index, day in enumerate(days):
        for room, talks in day["rooms"].items():
            for talk in talks:
                start = datetime.datetime.fromisoformat(talk["date"])
                end = datetime.datetime.fromisoformat(talk["end"])
                for slot in range(SLOTS_PER_DAY):
                    begin = slot_start(day, slot)
                    if begin < end and start < begin + datetime.timedelta(minutes=SLOT_MINUTES):
                        busy.add((day_index, slot, room))
    # Slots in a scattered order (7 and 19 are coprime) so a small scale still spreads over the day.
    slots = sorted(range(SLOTS_PER_DAY), key=lambda slot: (slot * 7) % SLOTS_PER_DAY)
    free = [
        (day_index, slot, room)
        for slot in slots
        for day_index in range(len(days))
        for room in rooms
        if (day_index, slot, room) not in busy
    ]
    for number in range(1, wanted + 1):
        day_index, slot, room = free[(number - 1) % len(free)]
        day = days[day_index]
        start = slot_start(day, slot)
        code = f"D{number:05d}"
        title = f"{VERBS[number % len(VERBS)]} {SUBJECTS[(number // len(VERBS)) % len(SUBJECTS)]} ({number})"
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
                "url": f"http://127.0.0.1:8355/coscup-2027/talk/{code}/",
                "title": title,
                "track": tracks[number % len(tracks)],
                "type": "演講",
                "language": "en" if number % 3 == 0 else "zh-hant",
                "abstract": f"Abstract of {title}.",
                "description": f"Description of {title}.",
                "persons": [{"name": _speaker(number), "public_name": _speaker(number), "biography": ""}],
                "feedback_url": f"http://127.0.0.1:8355/coscup-2027/talk/{code}/feedback/",
                "origin_url": f"http://127.0.0.1:8355/coscup-2027/talk/{code}/",
            }
        )
        day["rooms"].setdefault(room, []).append(talk)


def _speaker(number) -> str:
    return _name(number * 5 + 3)


def _seed_schedule(context) -> None:
    data = demo_schedule(context.scale)
    source = DemoScheduleSource(data, label=f"{FIXTURE.name} (demo, scale {context.scale})")
    run = import_schedule(edition=context.edition, source=source, by=context.staff)
    if not run.ok:
        raise RuntimeError(f"Demo schedule import failed: {run.error}")
    # schedule.json names tracks in the event's language only; the import keeps names set here.
    for name, (english, _slugs) in FIXTURE_TRACKS.items():
        Track.objects.filter(edition=context.edition, name=name).update(name=english, name_zh_hant=name)


def _link_tracks(context, communities) -> None:
    by_slug = {community.slug: community for community in communities}
    tracks = list(Track.objects.filter(edition=context.edition).order_by("name"))
    links = []
    for index, track in enumerate(tracks):
        fixture = next((slugs for zh, (en, slugs) in FIXTURE_TRACKS.items() if track.name_zh_hant == zh), None)
        if fixture is not None:
            chosen = [by_slug[slug] for slug in fixture if slug in by_slug]
        else:
            own = by_slug.get(track.name.removesuffix(" Track").lower().replace(" ", "-"))
            chosen = [own or communities[index % len(communities)]]
            if index % 3 == 0:
                chosen.append(communities[(index * 7 + 1) % len(communities)])
        links += [Track.communities.through(track_id=track.pk, community_id=community.pk) for community in set(chosen)]
    Track.communities.through.objects.bulk_create(links, batch_size=500, ignore_conflicts=True)


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
