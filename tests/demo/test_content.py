"""Issue 8, points 3, 5 and 6: the demo looks like a real conference, and its board is joinable."""

import datetime
import re
from collections import defaultdict

import pytest
from django.core.management import call_command
from django.db.models import Count, Q
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from communities.models import Community
from demo.services import VOLUNTEER_EMAIL, seed_demo
from demo.tracks import demo_schedule
from points.models import EntryKind, PointsEntry
from schedule.models import Room, Session, Track
from volunteering.models import PLACE_HOLDING, SignUp, SignUpStatus, Task, TaskCategory, TaskStatus

pytestmark = pytest.mark.integration

PLACEHOLDERS = re.compile(r"Community \d|Demo community|示範社群|#\d|Abstract of|Description of|\(\d+\)$")
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def demo_media(tmp_path_factory):
    return tmp_path_factory.mktemp("media")


@pytest.fixture(autouse=True)
def _media(settings, demo_media):
    settings.MEDIA_ROOT = demo_media  # where the module's demo stored its logos


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, demo_media):
    """Scale 1 seeded once for this module (seeding takes seconds), removed again afterwards."""
    with override_settings(MEDIA_ROOT=demo_media), django_db_blocker.unblock():
        context = seed_demo(scale=1).context
        yield context
        call_command("flush", interactive=False, verbosity=0)


def local(moment, edition) -> datetime.datetime:
    return moment.astimezone(edition.tzinfo)


def test_demo_texts_have_no_placeholders(demo, db):
    texts = [
        *Community.objects.values_list("name", "name_zh_hant", "summary", "summary_zh_hant"),
        *Community.objects.values_list("introduction", "introduction_zh_hant", "slug", "slug"),
        *Track.objects.values_list("name", "name_zh_hant"),
        *Session.objects.values_list("title", "abstract"),
        *Task.objects.values_list("title", "description"),
        *Room.objects.values_list("name", "name_zh_hant"),
    ]

    found = [text for row in texts for text in row if PLACEHOLDERS.search(text)]

    assert found == []


def test_demo_session_titles_are_unique_and_chinese_talks_have_both_languages(demo, db):
    sessions = list(Session.objects.filter(edition=demo.edition))

    assert len({session.title for session in sessions}) == len(sessions) == 60
    for session in sessions:
        english = session.abstract.split("\n\n")[-1]
        assert 2 <= len(re.findall(r"[.!?](\s|$)", english)) <= 3, session.code  # two or three sentences
        if session.language == "zh-hant":
            chinese, english = session.abstract.split("\n\n")
            assert CJK.search(chinese) and not CJK.search(english), session.code
        else:
            assert not CJK.search(session.abstract), session.code


def test_demo_sessions_have_no_pretalx_address_and_no_link(demo, db, client):
    session = Session.objects.filter(edition=demo.edition).exclude(track=None).first()

    content = client.get(reverse("schedule:session-detail", args=[session.pk])).content.decode()
    feed = client.get(reverse("follows:track-calendar", args=[session.track_id])).content.decode()

    assert list(Session.objects.exclude(url="").values_list("code", flat=True)) == []
    assert "See this session on Pretalx" not in content
    assert "8355" not in feed  # the port of the Pretalx the fixture was captured from


@pytest.mark.unit
def test_demo_scale_ten_programme_reads_like_a_real_one_without_pretalx_addresses():
    data = demo_schedule(10)

    talks = [talk for day in data["schedule"]["conference"]["days"] for room in day["rooms"].values() for talk in room]
    assert len(talks) == 600
    assert {talk["url"] for talk in talks} == {""}
    assert len({talk["title"] for talk in talks}) == 600
    assert [talk["title"] for talk in talks if PLACEHOLDERS.search(talk["title"] + talk["abstract"])] == []
    for talk in talks:
        english = talk["abstract"].split("\n\n")[-1]
        assert 2 <= len(re.findall(r"[.!?](\s|$)", english)) <= 3, talk["title"]
        assert bool(CJK.search(talk["title"])) == (talk["language"] == "zh-hant") or talk["code"][0] != "D"


def test_demo_tasks_happen_at_times_that_fit_them(demo, db):
    edition = demo.edition
    sessions = defaultdict(list)
    for session in Session.objects.filter(edition=edition, is_scheduled=True):
        sessions[local(session.starts_at, edition).date()].append(session)
    first = {day: min(local(s.starts_at, edition) for s in day_sessions) for day, day_sessions in sessions.items()}
    last = {day: max(local(s.ends_at, edition) for s in day_sessions) for day, day_sessions in sessions.items()}

    for task in Task.objects.filter(edition=edition):
        start, end = local(task.starts_at, edition), local(task.ends_at, edition)
        day = start.date()
        if task.category == TaskCategory.PARTY:
            assert start.time() >= datetime.time(17), task.title
        if task.category == TaskCategory.SETUP and day in first:
            assert end <= first[day] or start >= last[day], task.title
        if task.category == TaskCategory.RECEPTION:
            assert datetime.time(7, 30) <= start.time() <= datetime.time(16), task.title
        if task.category in (TaskCategory.TRANSLATION, TaskCategory.PREPARATION):
            assert day not in first, task.title  # before or after the event, not during it
        if "morning" in task.title:
            assert start.time() < datetime.time(12), task.title
        if "evening" in task.title.lower():
            assert start.time() >= datetime.time(17), task.title


def test_demo_room_tasks_cover_sessions_in_their_room(demo, db):
    room_tasks = Task.objects.filter(
        edition=demo.edition, category__in=[TaskCategory.TRACK, TaskCategory.RECORDING], room__isnull=False
    )

    assert room_tasks.count() >= 10
    for task in room_tasks:
        during = Session.objects.filter(room=task.room, starts_at__lt=task.ends_at, ends_at__gt=task.starts_at)
        assert during.exists(), task.title
        if task.track_id is not None:
            assert during.filter(track_id=task.track_id).exists(), task.title


def test_demo_upcoming_tasks_mostly_have_open_places(demo, db):
    joinable = (
        Task.objects.filter(
            edition=demo.edition, status=TaskStatus.OPEN, signup_opens_at__isnull=True, starts_at__gt=timezone.now()
        )
        .annotate(
            held=Count("sign_ups", filter=Q(sign_ups__status__in=PLACE_HOLDING)),
            waiting=Count("sign_ups", filter=Q(sign_ups__status=SignUpStatus.WAITLISTED)),
        )
        .values_list("headcount", "held", "waiting")
    )
    with_places = [row for row in joinable if row[1] < row[0]]
    full_with_waitlist = [row for row in joinable if row[1] >= row[0] and row[2]]
    filled = [row for row in joinable if row[1]]

    assert len(joinable) >= 70
    assert len(with_places) >= 0.7 * len(joinable)
    assert 1 <= len(full_with_waitlist) <= 0.25 * len(joinable)
    assert len(filled) >= 0.6 * len(joinable)  # alive: most have someone signed up already
    assert all(held <= headcount for headcount, held, _waiting in joinable)
    assert all(held == headcount for headcount, held, waiting in joinable if waiting)


def test_demo_nobody_holds_two_overlapping_tasks(demo, db):
    by_person = defaultdict(list)
    for user_id, start, end in SignUp.objects.filter(
        status__in=[SignUpStatus.CONFIRMED, SignUpStatus.WAITLISTED]
    ).values_list("user_id", "task__starts_at", "task__ends_at"):
        by_person[user_id].append((start, end))

    overlapping = [
        user_id
        for user_id, slots in by_person.items()
        for first, second in zip(sorted(slots), sorted(slots)[1:], strict=False)
        if second[0] < first[1]
    ]

    assert overlapping == []


def test_demo_past_tasks_are_completed_and_credited(demo, db):
    past = Task.objects.filter(edition=demo.edition, ends_at__lt=timezone.now())
    completed = SignUp.objects.filter(task__in=past, status=SignUpStatus.COMPLETED)

    assert past.count() == 6
    assert set(past.values_list("status", flat=True)) == {TaskStatus.CLOSED}
    assert completed.count() >= 15
    assert PointsEntry.objects.filter(kind=EntryKind.COMPLETION, sign_up__in=completed).count() == completed.count()


def test_demo_volunteer_has_two_tasks_ahead_and_waits_for_a_third(demo, db):
    mine = SignUp.objects.filter(user__email=VOLUNTEER_EMAIL, task__starts_at__gt=timezone.now())

    confirmed = sorted(mine.filter(status=SignUpStatus.CONFIRMED).values_list("task__starts_at", "task__ends_at"))
    (waiting,) = mine.filter(status=SignUpStatus.WAITLISTED)

    assert len(confirmed) == 2
    assert confirmed[0][1] <= confirmed[1][0]
    assert waiting.task.sign_ups.filter(status__in=PLACE_HOLDING).count() == waiting.task.headcount


def test_demo_every_community_has_a_logo_that_opens(demo, db):
    communities = list(Community.objects.all())

    assert len(communities) == 16
    for community in communities:
        with Image.open(community.logo.path) as logo:
            logo.verify()
            assert (logo.format, logo.size) == ("PNG", (192, 192))
