"""Demo one-day volunteer data: the tasks a conference like COSCUP posts, timed around the imported
schedule, with a realistic mix of sign-ups; track preparation already done and credited; rewards and
a redemption. 100 tasks per scale step (scale 10: DESIGN.md's 1,000 tasks and about 5,000 sign-ups).

Each kind of task has its own times: setup before the first session, the welcome desk from the
morning, room hosts, session chairs and camera operators during the sessions of their room, the
evening party crew in the evening, teardown after the last session, subtitles after the event. Most
upcoming tasks still have places; a few are full with a waitlist. Everything is generated the same
way every time (seeded), and a task is keyed on its title, start, room and place.
"""

import datetime
import random
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.utils import timezone

from communities.models import Community
from points.models import EntryKind, PointsEntry, Redemption, Reward
from points.services import redeem_rewards
from schedule.models import Room, Session, Track
from volunteering.models import SignUp, SignUpStatus, Task, TaskCategory, TaskStatus

TASKS_PER_SCALE = 100
# Who signs up: the first 70 % of the demo people, so plenty of accounts have no sign-up at all.
SIGNING_SHARE = 0.7

REWARDS = [
    ("Sticker pack", "貼紙包", 10, None),
    ("Volunteer badge lanyard", "志工識別證吊繩", 20, 300),
    ("Conference T-shirt", "大會 T 恤", 60, 120),
    ("Tote bag", "帆布袋", 40, 150),
    ("Evening party ticket", "晚會入場券", 80, 40),
]
# Session blocks of a room: (name, from, to) in local time.
BLOCKS = [("morning", (8, 0), (12, 30)), ("afternoon", (12, 30), (16, 0)), ("late afternoon", (16, 0), (19, 30))]
SHIFTS = [
    ("morning shift", (8, 0), (10, 30)),
    ("midday shift", (10, 30), (13, 0)),
    ("afternoon shift", (13, 0), (15, 30)),
    ("late shift", (15, 30), (18, 0)),
]
ENTRANCES = [("main entrance", 8), ("RB building lobby", 5), ("TR building lobby", 5)]
BUILDINGS = [("AU building", "AU 視聽館"), ("RB building", "RB 綜合研究大樓"), ("TR building", "TR 研揚大樓")]
FLOORS = {"AU building": ["1F", "2F"], "RB building": ["1F", "2F", "3F"], "TR building": ["2F", "3F", "4F", "5F"]}
SETUP_AREAS = [
    "registration area",
    "signage",
    "community booths",
    "sponsor booths",
    "AU building rooms",
    "RB building rooms",
    "TR building rooms",
    "volunteer room",
]


def _both(english: str, chinese: str) -> str:
    return f"{english}\n\n{chinese}"


DESCRIPTIONS = {
    "welcome": _both(
        "Greet attendees, hand out badges and lanyards, and point people to their rooms. The shift lead "
        "gives a ten-minute briefing at the start; no experience needed.",
        "迎接與會者、發放識別證與掛繩，並為大家指引議程教室。每班開始時組長會做十分鐘說明，不需要經驗。",
    ),
    "room_host": _both(
        "A team of five or six: open the room, check the projector and microphones with each speaker, hold up "
        "the time cards, run the Q&A microphones, count heads and keep the doors quiet during talks. Stay until the "
        "last session of the block ends.",
        "五到六人一組：開門、和每位講者確認投影與麥克風、舉時間提示牌、在問答時遞麥克風、清點人數，演講進行中留意門口安靜。"
        "請待到這個時段最後一場結束。",
    ),
    "registration": _both(
        "Scan attendees' tickets, print their badges and hand over the welcome bag. Busy for the first hour "
        "of the morning shifts, calm after that.",
        "掃描與會者的票券、列印識別證並交付迎賓袋。早班的第一個小時最忙，之後就輕鬆多了。",
    ),
    "notes": _both(
        "Take shared notes of each talk on the room's collaborative notes page, so people who missed it "
        "can catch up. Links, quotes and the questions asked are the most useful parts.",
        "在這間教室的共筆頁面記錄每場演講，讓錯過的人也能跟上。連結、講者金句與現場提問最有用。",
    ),
    "info": _both(
        "Answer questions about rooms, the schedule, food and lost property, with the venue map and the "
        "schedule page at hand.",
        "帶著場地地圖與議程表，回答與會者關於教室、議程、餐點與失物的問題。",
    ),
    "cloakroom": _both(
        "Take in bags and coats, hand out numbered tags and give everything back at the end of the day.",
        "收取包包與外套、發放號碼牌，並在一天結束時歸還。",
    ),
    "recycling": _both(
        "Help people sort their cups, bottles and lunch boxes at the recycling station, and swap full bags "
        "for empty ones.",
        "在回收站協助大家分類杯子、瓶罐與餐盒，並更換裝滿的垃圾袋。",
    ),
    "chair": _both(
        "Two chairs take turns: introduce each speaker, keep the Q&A moving and make sure the next talk "
        "starts on time. The track's organisers meet you 15 minutes before the first talk.",
        "兩位主持人輪流：介紹每位講者、主持問答，並確保下一場準時開始。議程軌負責人會在第一場開始前 15 分鐘與你碰面。",
    ),
    "camera": _both(
        "Three of you: one runs the camera, one the audio recorder and one checks the live stream and "
        "each recording right after the talk. A 15-minute briefing in the broadcast room comes first.",
        "三人一組：一人操作攝影機、一人負責錄音、一人檢查直播畫面並在每場結束後檢查錄影檔。"
        "開始前先到轉播室接受 15 分鐘說明。",
    ),
    "stream": _both(
        "Watch the live streams of every room, switch to the slides when a camera drops and tell the room "
        "host when the sound fails.",
        "監看各教室的直播畫面，攝影機斷線時切換到投影片，聲音出問題時通知教室主持人。",
    ),
    "photo": (
        "Take photos of talks, booths and hallway moments in the {building}, then upload your best twenty "
        "to the shared album the same evening. Bring your own camera or a good phone.\n\n"
        "拍攝{building_zh}的演講、攤位與走廊上的片刻，當晚把最好的二十張上傳到共享相簿。請自備相機或拍照效果好的手機。"
    ),
    "hallway": _both(
        "Stand where people get lost, point them to rooms, lifts and water, and keep the corridors clear "
        "between sessions.",
        "站在大家容易迷路的地方，指引教室、電梯與飲水機的位置，並在場次之間維持走廊通暢。",
    ),
    "lunch": _both(
        "Hand out lunch boxes against the list, keep the vegetarian boxes aside and sort the recycling afterwards.",
        "依名單發放餐盒、保留素食餐盒，並在結束後做好資源回收分類。",
    ),
    "setup": _both(
        "Carry boxes, put up signs and lay out tables before the doors open. Gloves are provided; wear "
        "shoes you can carry things in.",
        "在開門前搬運物資、張貼指標、擺放桌椅。現場提供手套，請穿方便搬東西的鞋子。",
    ),
    "teardown": _both(
        "Take down signs, pack the equipment into labelled boxes and leave the rooms as we found them.",
        "拆除指標、把設備裝進貼好標籤的箱子，讓教室恢復原狀。",
    ),
    "subtitles": _both(
        "One talk each: watch the recording and fix the automatic subtitles, about 30 minutes of video. "
        "The link to the subtitle editor and your talk come by email after you sign up.",
        "每人一場：觀看錄影並修正自動字幕，影片約 30 分鐘。報名後會以 email 寄送字幕編輯器連結與分配到的場次。",
    ),
    "booth": (
        "Talk to visitors about {community}, hand out stickers and keep the table tidy. Someone from the "
        "community is there with you.\n\n向來訪者介紹{community_zh}、發貼紙並整理攤位。社群成員會和你一起顧攤。"
    ),
    "desk": _both(
        "Help volunteers check in, confirm completed tasks with the desk app and hand out rewards. The desk "
        "operator shows you how the app works.",
        "協助志工報到、用服務台系統確認完成的任務並發放獎勵。服務台值班人員會教你怎麼操作系統。",
    ),
}
PARTY = [
    (
        "Evening party crew — set-up",
        (17, 30),
        (19, 0),
        10,
        _both("Set up tables, lights and the drinks counter in the courtyard.", "在中庭擺設桌子、燈光與飲料吧台。"),
    ),
    (
        "Evening party crew — check-in",
        (18, 30),
        (20, 0),
        4,
        _both("Check party tickets at the entrance and hand out wristbands.", "在入口查驗晚會入場券並發放手環。"),
    ),
    (
        "Evening party crew — drinks and snacks",
        (19, 0),
        (21, 0),
        8,
        _both("Keep the drinks cold and the snack tables full.", "確保飲料冰涼、點心桌補滿。"),
    ),
    (
        "Evening party crew — clean-up",
        (21, 0),
        (22, 30),
        10,
        _both("Clear the tables, sort the recycling and pack up the lights.", "收拾桌面、做好資源回收並收起燈具。"),
    ),
]
# Track preparation before the event: (title, weeks before the event, hours, headcount, points, description).
PREPARATION = [
    (
        "Translate the {track} page into English",
        3,
        2,
        3,
        20,
        _both(
            "Translate the track's introduction and the session abstracts that have no English version yet.",
            "翻譯議程軌介紹，以及還沒有英文版本的議程摘要。",
        ),
    ),
    (
        "Design the {track} banner",
        4,
        3,
        1,
        30,
        _both(
            "Make the banner shown at the room door and on the live stream, from the track's logo and colours.",
            "用議程軌的標誌與配色，製作教室門口與直播畫面使用的橫幅。",
        ),
    ),
    (
        "Check the slides of the {track} talks",
        1,
        2,
        2,
        20,
        _both(
            "Open every speaker's slides on the room's laptop and tell us about missing fonts or videos.",
            "在教室電腦上開啟每位講者的投影片，回報缺字型或影片無法播放的問題。",
        ),
    ),
]
# Done before today, completed and credited: (title, days ago, hours, headcount, points, description).
PAST = [
    (
        "Review track proposals",
        40,
        2,
        5,
        20,
        _both(
            "Read this year's community track proposals and comment on them in the review sheet.",
            "閱讀今年的社群議程軌提案，並在審查表單上留下意見。",
        ),
    ),
    (
        "Translate the call for volunteers",
        30,
        1,
        2,
        10,
        _both("Translate the call for volunteers into English.", "把志工招募公告翻譯成英文。"),
    ),
    (
        "Design the volunteer T-shirt",
        25,
        3,
        1,
        30,
        _both("Design this year's volunteer T-shirt with the visual team.", "和視覺組一起設計今年的志工 T 恤。"),
    ),
    (
        "Proofread the attendee guide",
        14,
        2,
        3,
        20,
        _both("Proofread the attendee guide in both languages.", "校對中英文版的與會者手冊。"),
    ),
    (
        "Pack the welcome bags",
        8,
        3,
        12,
        30,
        _both("Pack stickers, the guide and the badge into the welcome bags.", "把貼紙、手冊與識別證裝進迎賓袋。"),
    ),
    (
        "Test the live stream setup",
        5,
        2,
        4,
        20,
        _both(
            "Test cameras, encoders and the stream on site with the recording team.",
            "和錄影組一起到現場測試攝影機、編碼器與直播。",
        ),
    ),
]


@dataclass
class TaskSpec:
    title: str
    description: str
    category: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    headcount: int
    points: int
    room: Room | None = None
    location: str = ""
    is_remote: bool = False
    community: Community | None = None
    track: Track | None = None

    @property
    def key(self) -> tuple:
        return (self.title, self.starts_at, self.room.pk if self.room else None, self.location)


def _points(start, end, per_hour=10) -> int:
    hours = (end - start).total_seconds() / 3600
    return max(10, int(round(hours)) * per_hour)


class TaskPlanner:
    """Every task each kind could post for this edition and programme, in a stable order."""

    def __init__(self, context):
        self.context = context
        self.edition = context.edition
        self.tz = self.edition.tzinfo
        self.days = self.edition.days
        sessions = list(
            Session.objects.filter(edition=self.edition, is_scheduled=True, starts_at__isnull=False)
            .select_related("room", "track")
            .prefetch_related("track__communities")
            .order_by("starts_at", "code")
        )
        self.sessions = sessions
        self.by_room_block = defaultdict(list)
        self.by_track_half = defaultdict(list)
        for session in sessions:
            local = session.starts_at.astimezone(self.tz)
            if session.room is not None:
                self.by_room_block[(local.date(), self._block(local), session.room)].append(session)
            if session.track is not None:
                half = "morning" if local.time() < datetime.time(12, 30) else "afternoon"
                self.by_track_half[(local.date(), half, session.track)].append(session)
        self.tracks = list(Track.objects.filter(edition=self.edition).prefetch_related("communities").order_by("pk"))
        self.track_communities = {community.pk for track in self.tracks for community in track.communities.all()}

    def at(self, day: datetime.date, hour_minute: tuple[int, int]) -> datetime.datetime:
        return datetime.datetime.combine(day, datetime.time(*hour_minute), tzinfo=self.tz)

    @staticmethod
    def _block(local: datetime.datetime) -> str:
        for name, start, end in BLOCKS:
            if datetime.time(*start) <= local.time() < datetime.time(*end):
                return name
        return BLOCKS[-1][0]

    @staticmethod
    def _community(track):
        if track is None:
            return None
        # The track's own community (created first), not the one that co-organises it.
        communities = sorted(track.communities.all(), key=lambda community: community.pk)
        return communities[0] if communities else None

    # --- kinds: each returns its tasks, in the order they are taken --------------------------------

    def welcome(self):
        for place, headcount in ENTRANCES:
            for name, start, end in SHIFTS:
                for day in self.days:
                    yield TaskSpec(
                        title=f"Welcome desk — {name}, {place}",
                        description=DESCRIPTIONS["welcome"],
                        category=TaskCategory.RECEPTION,
                        starts_at=self.at(day, start),
                        ends_at=self.at(day, end),
                        headcount=headcount,
                        points=20,
                        location=place[:1].upper() + place[1:],
                    )

    def registration(self):
        for counter in "ABCDEF":
            for name, start, end in SHIFTS:
                for day in self.days:
                    yield TaskSpec(
                        title=f"Registration — {name}, counter {counter}",
                        description=DESCRIPTIONS["registration"],
                        category=TaskCategory.RECEPTION,
                        starts_at=self.at(day, start),
                        ends_at=self.at(day, end),
                        headcount=6,
                        points=20,
                        location=f"Registration counter {counter}, RB building 1F",
                    )

    def _room_blocks(self):
        keys = sorted(
            self.by_room_block, key=lambda key: (key[1] != "morning", key[0], key[1], key[2].position, key[2].pk)
        )
        for day, block, room in keys:
            sessions = self.by_room_block[(day, block, room)]
            start = min(session.starts_at for session in sessions) - datetime.timedelta(minutes=15)
            end = max(session.ends_at for session in sessions)
            tracks = Counter(session.track for session in sessions if session.track is not None)
            track = tracks.most_common(1)[0][0] if tracks else None
            yield block, room, start, end, track

    def room_host(self):
        for block, room, start, end, track in self._room_blocks():
            yield TaskSpec(
                title=f"Room host — {block} sessions",
                description=DESCRIPTIONS["room_host"],
                category=TaskCategory.TRACK,
                starts_at=start,
                ends_at=end,
                headcount=6 if (room.capacity or 0) >= 100 else 5,
                points=_points(start, end),
                room=room,
                community=self._community(track),
                track=track,
            )

    def notes(self):
        for block, room, start, end, track in self._room_blocks():
            yield TaskSpec(
                title=f"Shared notes — {block} sessions",
                description=DESCRIPTIONS["notes"],
                category=TaskCategory.TRACK,
                starts_at=start + datetime.timedelta(minutes=15),
                ends_at=end,
                headcount=4,
                points=_points(start, end),
                room=room,
                community=self._community(track),
                track=track,
            )

    def camera(self):
        for block, room, start, end, track in self._room_blocks():
            yield TaskSpec(
                title=f"Recording crew — {block} sessions",
                description=DESCRIPTIONS["camera"],
                category=TaskCategory.RECORDING,
                starts_at=start,
                ends_at=end,
                headcount=3,
                points=_points(start, end) + 10,
                room=room,
                track=track,
            )

    def chair(self):
        keys = sorted(self.by_track_half, key=lambda key: (key[0], key[1], key[2].pk))
        for day, half, track in keys:
            sessions = self.by_track_half[(day, half, track)]
            if len(sessions) < 2:
                continue
            start = sessions[0].starts_at - datetime.timedelta(minutes=15)
            end = max(session.ends_at for session in sessions)
            yield TaskSpec(
                title=f"Session chairs — {track.name}, {half}",
                description=DESCRIPTIONS["chair"],
                category=TaskCategory.TRACK,
                starts_at=start,
                ends_at=end,
                headcount=2,
                points=_points(start, end) + 10,
                room=sessions[0].room,
                community=self._community(track),
                track=track,
            )

    def stream(self):
        for name, start, end in BLOCKS:
            for day in self.days:
                yield TaskSpec(
                    title=f"Live stream desk — {name}",
                    description=DESCRIPTIONS["stream"],
                    category=TaskCategory.RECORDING,
                    starts_at=self.at(day, (start[0] + 1, 0) if name == "morning" else start),
                    ends_at=self.at(day, (19, 0) if name == "late afternoon" else end),
                    headcount=2,
                    points=30,
                    location="Broadcast room, RB building",
                )

    def photo(self):
        for building, building_zh in BUILDINGS:
            for name, start, end in BLOCKS:
                for day in self.days:
                    yield TaskSpec(
                        title=f"Photographer — {name}, {building}",
                        description=DESCRIPTIONS["photo"].format(building=building, building_zh=building_zh),
                        category=TaskCategory.PHOTO,
                        starts_at=self.at(day, (start[0] + 1, 0) if name == "morning" else start),
                        ends_at=self.at(day, (19, 0) if name == "late afternoon" else end),
                        headcount=2 if building == "AU building" else 1,
                        points=30,
                        location=building,
                    )

    def hallway(self):
        shifts = [("morning", (9, 0), (12, 0)), ("afternoon", (13, 0), (16, 0)), ("late afternoon", (16, 0), (18, 30))]
        # Ground floors of every building first, then the floors above.
        places = sorted(
            ((building, floor) for building, floors in FLOORS.items() for floor in floors),
            key=lambda place: (FLOORS[place[0]].index(place[1]), place[0]),
        )
        for building, floor in places:
            for name, start, end in shifts:
                for day in self.days:
                    yield TaskSpec(
                        title=f"Hallway guide — {name}, {building} {floor}",
                        description=DESCRIPTIONS["hallway"],
                        category=TaskCategory.OTHER,
                        starts_at=self.at(day, start),
                        ends_at=self.at(day, end),
                        headcount=4,
                        points=30 if name != "late afternoon" else 20,
                        location=f"{building}, {floor}",
                    )

    def info(self):
        for building, _zh in BUILDINGS:
            for name, start, end in SHIFTS:
                for day in self.days:
                    yield TaskSpec(
                        title=f"Information point — {name}, {building}",
                        description=DESCRIPTIONS["info"],
                        category=TaskCategory.RECEPTION,
                        starts_at=self.at(day, start),
                        ends_at=self.at(day, end),
                        headcount=4,
                        points=20,
                        location=f"{building} lobby",
                    )

    def cloakroom(self):
        for name, start, end in SHIFTS:
            for day in self.days:
                yield TaskSpec(
                    title=f"Cloakroom — {name}",
                    description=DESCRIPTIONS["cloakroom"],
                    category=TaskCategory.OTHER,
                    starts_at=self.at(day, start),
                    ends_at=self.at(day, end),
                    headcount=3,
                    points=20,
                    location="Cloakroom, RB building 1F",
                )

    def recycling(self):
        for building, _zh in BUILDINGS:
            for name, start, end in BLOCKS:
                for day in self.days:
                    yield TaskSpec(
                        title=f"Recycling station — {name}, {building}",
                        description=DESCRIPTIONS["recycling"],
                        category=TaskCategory.OTHER,
                        starts_at=self.at(day, (start[0] + 1, 0) if name == "morning" else start),
                        ends_at=self.at(day, (18, 30) if name == "late afternoon" else end),
                        headcount=3,
                        points=30,
                        location=building,
                    )

    def lunch(self):
        for place, headcount in [("courtyard", 10), ("volunteer room", 5), ("speakers' lounge", 3)]:
            for day in self.days:
                yield TaskSpec(
                    title=f"Lunch handout — {place}",
                    description=DESCRIPTIONS["lunch"],
                    category=TaskCategory.OTHER,
                    starts_at=self.at(day, (11, 30)),
                    ends_at=self.at(day, (13, 30)),
                    headcount=headcount,
                    points=20,
                    location=place[:1].upper() + place[1:],
                )

    def party(self):
        for title, start, end, headcount, description in PARTY:
            yield TaskSpec(
                title=title,
                description=description,
                category=TaskCategory.PARTY,
                starts_at=self.at(self.days[0], start),
                ends_at=self.at(self.days[0], end),
                headcount=headcount,
                points=_points(self.at(self.days[0], start), self.at(self.days[0], end)),
                location="Party venue, courtyard",
            )

    def setup(self):
        day_before = self.days[0] - datetime.timedelta(days=1)
        for area in SETUP_AREAS:
            yield TaskSpec(
                title=f"Venue setup — day before, {area}",
                description=DESCRIPTIONS["setup"],
                category=TaskCategory.SETUP,
                starts_at=self.at(day_before, (14, 0)),
                ends_at=self.at(day_before, (18, 0)),
                headcount=15,
                points=40,
                location=area[:1].upper() + area[1:],
            )
            for day in self.days:
                yield TaskSpec(
                    title=f"Morning setup — {area}",
                    description=DESCRIPTIONS["setup"],
                    category=TaskCategory.SETUP,
                    starts_at=self.at(day, (7, 30)),
                    ends_at=self.at(day, (9, 0)),
                    headcount=10,
                    points=20,
                    location=area[:1].upper() + area[1:],
                )

    def teardown(self):
        for area in SETUP_AREAS:
            for day in self.days:
                last = day == self.days[-1]
                yield TaskSpec(
                    title=f"{'Teardown' if last else 'End-of-day reset'} — {area}",
                    description=DESCRIPTIONS["teardown"],
                    category=TaskCategory.SETUP,
                    starts_at=self.at(day, (19, 30)),
                    ends_at=self.at(day, (21, 30) if last else (20, 30)),
                    headcount=15 if last else 8,
                    points=20 if last else 10,
                    location=area[:1].upper() + area[1:],
                )

    def subtitles(self):
        batches = defaultdict(list)
        for session in self.sessions:
            batches[(session.track, session.starts_at.astimezone(self.tz).date())].append(session)
        keys = sorted(batches, key=lambda key: (key[0] is None, key[0].pk if key[0] else 0, key[1]))
        for index, (track, day) in enumerate(keys):
            talks = batches[(track, day)]
            when = self.days[-1] + datetime.timedelta(days=2 + index % 10)
            start = self.at(when, (20, 0))
            subject = track.name if track is not None else "keynotes"
            yield TaskSpec(
                title=f"Subtitle proofreading — {subject}, {day:%A}'s talks",
                description=DESCRIPTIONS["subtitles"],
                category=TaskCategory.TRANSLATION,
                starts_at=start,
                ends_at=start + datetime.timedelta(hours=1),
                headcount=max(2, min(12, len(talks))),
                points=10,
                location="Online",
                is_remote=True,
                community=self._community(track),
                track=track,
            )

    def preparation(self):
        # Each track's own preparation, on its own evenings (weekend afternoons on Saturdays and Sundays).
        for index, track in enumerate(self.tracks):
            for title, weeks, hours, headcount, points, description in PREPARATION:
                day = self.days[0] - datetime.timedelta(weeks=weeks) + datetime.timedelta(days=index % 6)
                start = self.at(day, (14, 0) if day.weekday() >= 5 else (19, 30))
                yield TaskSpec(
                    title=title.format(track=track.name),
                    description=description,
                    category=TaskCategory.PREPARATION,
                    starts_at=start,
                    ends_at=start + datetime.timedelta(hours=hours),
                    headcount=headcount,
                    points=points,
                    location="Online",
                    is_remote=True,
                    community=self._community(track),
                    track=track,
                )

    def booth(self):
        communities = [
            community
            for community in sorted(self.context.communities, key=lambda community: community.slug)
            if community.pk in self.track_communities
        ]
        for name, start, end in [("morning shift", (10, 0), (13, 0)), ("afternoon shift", (13, 0), (16, 0))]:
            for day in self.days:
                for community in communities:
                    yield TaskSpec(
                        title=f"{community.name} booth — {name}",
                        description=DESCRIPTIONS["booth"].format(
                            community=community.name, community_zh=community.name_zh_hant or community.name
                        ),
                        category=TaskCategory.BOOTH,
                        starts_at=self.at(day, start),
                        ends_at=self.at(day, end),
                        headcount=4,
                        points=30,
                        location="Community booths, courtyard",
                        community=community,
                    )

    def desk(self):
        for name, start, end in [
            ("morning", (9, 0), (12, 0)),
            ("midday", (12, 0), (15, 0)),
            ("afternoon", (15, 0), (18, 0)),
        ]:
            for day in self.days:
                yield TaskSpec(
                    title=f"Volunteer service desk — {name}",
                    description=DESCRIPTIONS["desk"],
                    category=TaskCategory.BOOTH,
                    starts_at=self.at(day, start),
                    ends_at=self.at(day, end),
                    headcount=4,
                    points=30,
                    location="Volunteer service desk, RB building lobby",
                )

    # (kind, how many of each round)
    def kinds(self):
        return [
            (self.welcome, 1),
            (self.registration, 2),
            (self.room_host, 3),
            (self.notes, 1),
            (self.camera, 1),
            (self.chair, 1),
            (self.setup, 2),
            (self.info, 1),
            (self.hallway, 2),
            (self.lunch, 1),
            (self.party, 1),
            (self.stream, 1),
            (self.photo, 1),
            (self.teardown, 1),
            (self.subtitles, 1),
            (self.preparation, 1),
            (self.booth, 1),
            (self.recycling, 1),
            (self.cloakroom, 1),
            (self.desk, 1),
        ]

    def plan(self, count: int) -> list[TaskSpec]:
        """``count`` tasks, taking from each kind in turn so that every scale has a bit of everything."""
        sources = [(iter(kind()), weight) for kind, weight in self.kinds()]
        chosen, seen = [], set()
        while len(chosen) < count and sources:
            remaining = []
            for source, weight in sources:
                taken = 0
                for spec in source:
                    if spec.key in seen:
                        continue
                    seen.add(spec.key)
                    chosen.append(spec)
                    taken += 1
                    if taken == weight or len(chosen) == count:
                        break
                if taken == weight:
                    remaining.append((source, weight))
                if len(chosen) == count:
                    break
            sources = remaining
        return chosen


def seed_volunteering(context) -> None:
    edition = context.edition
    created = _seed_tasks(context)
    _seed_sign_ups(context, created)
    _seed_past_tasks(context)
    for position, (name, zh, cost, stock) in enumerate(REWARDS):
        Reward.objects.get_or_create(
            edition=edition,
            name=name,
            defaults={"name_zh_hant": zh, "cost": cost, "stock": stock, "position": position},
        )
    if not Redemption.objects.filter(user=context.volunteer, edition=edition).exists():
        sticker = Reward.objects.get(edition=edition, name="Sticker pack")
        redeem_rewards(user=context.volunteer, edition=edition, items=[(sticker, 1)], by=context.desk)


def _seed_tasks(context) -> list[Task]:
    edition = context.edition
    specs = TaskPlanner(context).plan(TASKS_PER_SCALE * context.scale)
    existing = {
        (title, starts_at, room_id, location)
        for title, starts_at, room_id, location in Task.objects.filter(edition=edition).values_list(
            "title", "starts_at", "room_id", "location"
        )
    }
    tasks = []
    for index, spec in enumerate(specs):
        if spec.key in existing:
            continue
        announced_later = index % 12 == 11 and spec.category != TaskCategory.PREPARATION
        tasks.append(
            Task(
                edition=edition,
                title=spec.title,
                description=spec.description,
                category=spec.category,
                room=spec.room,
                location=spec.location,
                is_remote=spec.is_remote,
                starts_at=spec.starts_at,
                ends_at=spec.ends_at,
                headcount=spec.headcount,
                points=spec.points,
                requester=context.staff,
                community=spec.community,
                track=spec.track,
                status=TaskStatus.DRAFT if index % 25 == 24 else TaskStatus.OPEN,
                # A batch announced in advance: sign-up opens a month before the event.
                signup_opens_at=(
                    datetime.datetime.combine(
                        edition.start_date - datetime.timedelta(days=30), datetime.time(20), edition.tzinfo
                    )
                    if announced_later
                    else None
                ),
            )
        )
    return Task.objects.bulk_create(tasks, batch_size=500)


def _fill(rng: random.Random, headcount: int) -> tuple[int, int]:
    """(confirmed, waitlisted) for a task: most keep open places, about one in eight is full with a waitlist."""
    draw = rng.random()
    if headcount == 1:
        if draw < 0.12:
            return 1, rng.randint(1, 2)
        return (1, 0) if draw < 0.4 else (0, 0)
    if draw < 0.12:  # the popular ones draw a queue
        return headcount, rng.randint(1, min(10, max(2, headcount * 2)))
    if draw < 0.19:
        return headcount, 0
    if draw < 0.94:
        return max(1, min(headcount - 1, round(headcount * rng.uniform(0.65, 0.95)))), 0
    return rng.randint(0, 1), 0


class _People:
    """Hands out demo people for sign-ups so that nobody holds two overlapping tasks."""

    def __init__(self, volunteers, rng):
        self.pool = volunteers[: max(1, int(len(volunteers) * SIGNING_SHARE))] if volunteers else []
        self.rng = rng
        self.busy = defaultdict(list)

    def take(self, task) -> object | None:
        for _attempt in range(20):
            person = self.rng.choice(self.pool)
            if all(task.ends_at <= start or end <= task.starts_at for start, end in self.busy[person.pk]):
                self.busy[person.pk].append((task.starts_at, task.ends_at))
                return person
        return None


def _seed_sign_ups(context, tasks: list[Task]) -> None:
    if not tasks or not context.volunteers:
        return
    rng = random.Random(f"sign-ups-{context.scale}")
    now = timezone.now()
    joinable = [task for task in tasks if task.status == TaskStatus.OPEN and task.signup_opens_at is None]
    people = _People(context.volunteers, rng)
    mine = _volunteer_choices(joinable)
    rows = []
    for task in joinable:
        confirmed, waitlisted = _fill(rng, task.headcount)
        if mine.get(task.pk) == SignUpStatus.CONFIRMED:
            confirmed = min(confirmed, task.headcount - 1)
        if mine.get(task.pk) == SignUpStatus.WAITLISTED:
            confirmed, waitlisted = task.headcount, max(1, waitlisted)
        signed_up_at = now - datetime.timedelta(days=rng.randint(2, 20), minutes=rng.randint(0, 600))
        statuses = [SignUpStatus.CONFIRMED] * confirmed + [SignUpStatus.WAITLISTED] * waitlisted
        for _cancelled in range(rng.choice([0, 0, 0, 1, 1, 1, 2])):  # signed up, then cancelled again
            statuses.insert(rng.randint(0, len(statuses)), SignUpStatus.CANCELLED)
        for status in statuses:
            person = people.take(task)
            if person is None:
                continue
            signed_up_at += datetime.timedelta(minutes=rng.randint(1, 240))
            rows.append(SignUp(task=task, user=person, status=status, signed_up_at=signed_up_at))
        if task.pk in mine:
            rows.append(
                SignUp(
                    task=task,
                    user=context.volunteer,
                    status=mine[task.pk],
                    signed_up_at=now - datetime.timedelta(hours=3),
                )
            )
    SignUp.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)


def _volunteer_choices(tasks: list[Task]) -> dict[int, str]:
    """The demo volunteer: signed up for a welcome desk and a room on the other day, waiting for a third."""
    choices: dict[int, str] = {}
    taken: list[Task] = []

    def free(task):
        return all(task.ends_at <= other.starts_at or other.ends_at <= task.starts_at for other in taken)

    wanted = [
        (TaskCategory.RECEPTION, 1, SignUpStatus.CONFIRMED),
        (TaskCategory.TRACK, 2, SignUpStatus.CONFIRMED),
        (TaskCategory.PHOTO, 1, SignUpStatus.WAITLISTED),
    ]
    for category, min_headcount, status in wanted:
        candidates = [task for task in tasks if task.category == category and task.headcount >= min_headcount]
        task = next((task for task in sorted(candidates, key=lambda task: task.starts_at) if free(task)), None)
        if task is not None and task.pk not in choices:
            choices[task.pk] = status
            taken.append(task)
    return choices


def _seed_past_tasks(context) -> None:
    """Preparation done before today: completed, each completion credited in the points ledger."""
    edition, volunteer = context.edition, context.volunteer
    now = timezone.now()
    existing = set(
        Task.objects.filter(edition=edition, title__in=[row[0] for row in PAST]).values_list("title", flat=True)
    )
    rng = random.Random("past-tasks")
    people = _People(context.volunteers, rng) if context.volunteers else None
    for title, days_ago, hours, headcount, points, description in PAST:
        if title in existing:
            continue
        start = (now - datetime.timedelta(days=days_ago)).astimezone(edition.tzinfo)
        start = start.replace(hour=19, minute=30, second=0, microsecond=0)
        task = Task.objects.create(
            edition=edition,
            title=title,
            description=description,
            category=TaskCategory.PREPARATION,
            location="Online" if headcount < 10 else "Volunteer room, RB building",
            is_remote=headcount < 10,
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=hours),
            headcount=headcount,
            points=points,
            requester=context.staff,
            status=TaskStatus.CLOSED,
        )
        doers = [volunteer] if days_ago >= 25 else []
        while people is not None and len(doers) < max(1, headcount - rng.randint(0, 1)):
            person = people.take(task)
            if person is None:
                break
            doers.append(person)
        sign_ups = SignUp.objects.bulk_create(
            [
                SignUp(
                    task=task,
                    user=person,
                    status=SignUpStatus.COMPLETED,
                    signed_up_at=start - datetime.timedelta(days=3, minutes=index * 17),
                    marked_by=context.staff,
                    marked_at=task.ends_at,
                )
                for index, person in enumerate(doers)
            ]
        )
        PointsEntry.objects.bulk_create(
            [
                PointsEntry(
                    edition=edition,
                    user=sign_up.user,
                    amount=points,
                    kind=EntryKind.COMPLETION,
                    sign_up=sign_up,
                    reason="",
                    created_by=context.staff,
                )
                for sign_up in sign_ups
            ]
        )
