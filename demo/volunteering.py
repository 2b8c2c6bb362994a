"""Demo one-day volunteer data: tasks on both event days and before them, sign-ups, completions,
rewards and a redemption. 100 tasks and about 500 sign-ups per scale step (scale 10: DESIGN.md's
1,000 tasks and 5,000 sign-ups)."""

import datetime

from django.db.models import Count, Q
from django.utils import timezone

from communities.models import Community
from points.models import EntryKind, PointsEntry, Redemption, Reward
from points.services import redeem_rewards
from schedule.models import Room
from volunteering.models import PLACE_HOLDING, SignUp, SignUpStatus, Task, TaskCategory, TaskStatus

ROOMS = [
    ("AU101", "AU101 視聽館"),
    ("RB105", "RB105 綜合研究大樓"),
    ("TR209", "TR209 研揚大樓"),
    ("TR409-2", "TR409-2 研揚大樓"),
    ("TR510", "TR510 研揚大樓"),
]
COMMUNITIES = [
    ("python-tw", "Python Taiwan", "Python 台灣"),
    ("rust-tw", "Rust Taiwan", "Rust 台灣社群"),
    ("openhardware", "Open Hardware", "開放硬體"),
    ("ubuntu-tw", "Ubuntu Taiwan", "Ubuntu 台灣社群"),
    ("g0v", "g0v", "g0v 零時政府"),
    ("osm-tw", "OpenStreetMap Taiwan", "OpenStreetMap 台灣"),
]
# (category, title, description, hours, headcount, points)
TEMPLATES = [
    (TaskCategory.RECEPTION, "Welcome desk", "Greet attendees at the entrance and point them to rooms.", 2, 4, 20),
    (TaskCategory.TRACK, "Room host", "Open the room, introduce speakers, keep time with the cards.", 3, 2, 30),
    (TaskCategory.RECORDING, "Camera operator", "Run the room camera for the afternoon sessions.", 4, 1, 40),
    (
        TaskCategory.PHOTO,
        "Track photographer",
        "Take photos of the track and upload them to the shared album.",
        2,
        1,
        20,
    ),
    (TaskCategory.SETUP, "Venue setup", "Carry signs, tape cables and set up booths before doors open.", 2, 6, 20),
    (TaskCategory.BOOTH, "Service desk helper", "Hand out rewards and answer questions at the service desk.", 2, 2, 20),
    (TaskCategory.PARTY, "Evening party crew", "Help set up drinks and clean up after the party.", 3, 5, 30),
    (TaskCategory.TRANSLATION, "Subtitle a talk", "Proofread the auto subtitles of one recorded talk.", 1, 3, 10),
]
PREPARATION = [
    (TaskCategory.PREPARATION, "Review track proposals", "Read and comment on this year's track proposals.", 2, 5, 20),
    (
        TaskCategory.PREPARATION,
        "Translate the track page",
        "Translate a community's track page into English.",
        1,
        2,
        10,
    ),
    (TaskCategory.PREPARATION, "Design the track banner", "Make the banner image for the community track.", 3, 1, 30),
]
REWARDS = [
    ("Sticker pack", "貼紙包", 10, None),
    ("Volunteer badge lanyard", "志工識別證吊繩", 20, 300),
    ("Conference T-shirt", "大會 T 恤", 60, 120),
    ("Tote bag", "帆布袋", 40, 150),
    ("Evening party ticket", "晚會入場券", 80, 40),
]


def seed_volunteering(context) -> None:
    edition = context.edition
    rooms = [
        Room.objects.get_or_create(edition=edition, name=name, defaults={"name_zh_hant": zh, "position": i})[0]
        for i, (name, zh) in enumerate(ROOMS)
    ]
    communities = [
        Community.objects.get_or_create(slug=slug, defaults={"name": name, "name_zh_hant": zh})[0]
        for slug, name, zh in COMMUNITIES
    ]
    _seed_tasks(context, rooms, communities)
    _seed_sign_ups(context)
    _seed_preparation_done(context, communities)
    for position, (name, zh, cost, stock) in enumerate(REWARDS):
        Reward.objects.get_or_create(
            edition=edition,
            name=name,
            defaults={"name_zh_hant": zh, "cost": cost, "stock": stock, "position": position},
        )
    if not Redemption.objects.filter(user=context.volunteer, edition=edition).exists():
        sticker = Reward.objects.get(edition=edition, name="Sticker pack")
        redeem_rewards(user=context.volunteer, edition=edition, items=[(sticker, 1)], by=context.desk)


def _seed_tasks(context, rooms, communities) -> None:
    edition = context.edition
    tz = edition.tzinfo
    existing = set(Task.objects.filter(edition=edition).values_list("title", flat=True))
    tasks = []
    for index in range(100 * context.scale):
        category, title, description, hours, headcount, points = TEMPLATES[index % len(TEMPLATES)]
        title = f"{title} #{index + 1}"
        if title in existing:
            continue
        day = edition.days[index % len(edition.days)]
        start = datetime.datetime.combine(day, datetime.time(8 + (index * 3) % 11, 0 if index % 2 else 30), tzinfo=tz)
        community = communities[index % len(communities)] if index % 3 == 0 else None
        tasks.append(
            Task(
                edition=edition,
                title=title,
                description=description,
                category=category,
                room=rooms[index % len(rooms)] if category != TaskCategory.TRANSLATION else None,
                location="" if category != TaskCategory.TRANSLATION else "Online",
                is_remote=category == TaskCategory.TRANSLATION,
                starts_at=start,
                ends_at=start + datetime.timedelta(hours=hours),
                headcount=headcount,
                points=points,
                requester=context.staff,
                community=community,
                status=TaskStatus.DRAFT if index % 25 == 24 else TaskStatus.OPEN,
                signup_opens_at=(
                    datetime.datetime.combine(edition.start_date - datetime.timedelta(days=30), datetime.time(20), tz)
                    if index % 10 == 9
                    else None
                ),
            )
        )
    Task.objects.bulk_create(tasks, batch_size=500)


def _seed_sign_ups(context) -> None:
    """About five sign-ups per task: confirmed up to the headcount, the rest waitlisted."""
    volunteers = context.volunteers
    if not volunteers:
        return
    tasks = (
        Task.objects.filter(edition=context.edition, status=TaskStatus.OPEN, signup_opens_at__isnull=True)
        .annotate(held=Count("sign_ups", filter=Q(sign_ups__status__in=PLACE_HOLDING)), total=Count("sign_ups"))
        .filter(total=0)
        .order_by("pk")
    )
    now = timezone.now()
    rows = []
    for task_index, task in enumerate(tasks):
        wanted = 5 if task_index % 4 else 7
        for offset in range(wanted):
            person = volunteers[(task_index * 7 + offset * 131) % len(volunteers)]
            status = SignUpStatus.CONFIRMED if offset < task.headcount else SignUpStatus.WAITLISTED
            rows.append(
                SignUp(task=task, user=person, status=status, signed_up_at=now + datetime.timedelta(seconds=offset))
            )
    # A person may land on two overlapping tasks here; demo data need not pass the sign-up rules.
    SignUp.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)
    first = tasks.first()
    if first is not None:
        SignUp.objects.get_or_create(
            task=first, user=context.volunteer, defaults={"status": SignUpStatus.WAITLISTED, "signed_up_at": now}
        )


def _seed_preparation_done(context, communities) -> None:
    """Track preparation already done before the event: completed, confirmed and credited."""
    edition, volunteer = context.edition, context.volunteer
    now = timezone.now()
    for index, (category, title, description, hours, headcount, points) in enumerate(PREPARATION):
        start = (now - datetime.timedelta(days=10 - index * 3)).replace(minute=0, second=0, microsecond=0)
        task, _ = Task.objects.get_or_create(
            edition=edition,
            title=title,
            defaults={
                "description": description,
                "category": category,
                "location": "Online",
                "is_remote": True,
                "starts_at": start,
                "ends_at": start + datetime.timedelta(hours=hours),
                "headcount": headcount,
                "points": points,
                "requester": context.staff,
                "community": communities[index % len(communities)],
                "status": TaskStatus.CLOSED,
            },
        )
        sign_up, created = SignUp.objects.get_or_create(
            task=task,
            user=volunteer,
            defaults={
                "status": SignUpStatus.COMPLETED,
                "signed_up_at": start - datetime.timedelta(days=2),
                "marked_by": context.staff,
                "marked_at": task.ends_at,
            },
        )
        if created:
            PointsEntry.objects.create(
                edition=edition,
                user=volunteer,
                amount=task.points,
                kind=EntryKind.COMPLETION,
                sign_up=sign_up,
                reason="",
                created_by=context.staff,
            )
