import copy
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from core.stored_text import word
from schedule.import_plan import (
    ADDED,
    CHANGED,
    MOVED,
    REMOVED,
    allowed_removals,
    data_from_json,
    data_to_json,
    plan_for_display,
    plan_import,
)
from schedule.models import Room, Session, Track
from schedule.pretalx import PretalxError
from schedule.services import import_schedule
from tests.factories.accounts import UserFactory
from tests.factories.follows import SessionStarFactory, TrackFollowFactory
from tests.factories.schedule import SessionFactory
from tests.schedule.conftest import FakeHttp, api_answers, api_schedule_without, load, slot_of
from tests.schedule.test_import import api_source

pytestmark = pytest.mark.integration

WRITES = ("INSERT", "UPDATE", "DELETE")


def fetched(schedule=None):
    return api_source(FakeHttp(api_answers(schedule))).fetch()


def edited_schedule():
    """The recorded schedule with, against itself: PY3AAE, PY3AAF, RS9AAC and KEYN27 dropped, HW7AAB
    moved to day 1, PY3AAA retitled and a new Python talk PY3NEW."""
    schedule = api_schedule_without("PY3AAE", "PY3AAF", "RS9AAC", "KEYN27")
    moved = slot_of(schedule, "HW7AAB")
    moved["start"], moved["end"] = "2026-08-08T11:10:00+08:00", "2026-08-08T11:40:00+08:00"
    slot_of(schedule, "PY3AAA")["submission"]["title"] = "Typing Python at a larger scale"
    new = copy.deepcopy(slot_of(schedule, "PY3AAB"))
    new["submission"]["code"], new["submission"]["title"] = "PY3NEW", "A new Python talk"
    new["start"], new["end"] = "2026-08-09T16:00:00+08:00", "2026-08-09T16:30:00+08:00"
    schedule["slots"].append(new)
    return schedule


def by_track(summary):
    return {
        group["key"]: {kind: [entry["code"] for entry in group[kind]] for kind in (ADDED, CHANGED, MOVED, REMOVED)}
        for group in summary["tracks"]
    }


@pytest.fixture
def imported(edition):
    run = import_schedule(edition=edition, source=api_source())
    assert run.ok is True
    return edition


@pytest.fixture
def followers(imported):
    """Ann stars PY3AAA, Bob follows Python, Cid follows Python and stars PY3AAE, Dan follows Rust,
    Eve stars KEYN27, Fay stars HW7AAB; Gus (inactive) follows Python and counts for nothing."""
    sessions = {session.code: session for session in Session.objects.filter(edition=imported)}
    python = Track.objects.get(edition=imported, pretalx_key="python 社群議程")
    rust = Track.objects.get(edition=imported, pretalx_key="rust 台灣社群")
    SessionStarFactory(user=UserFactory(display_name="Ann"), session=sessions["PY3AAA"])
    TrackFollowFactory(user=UserFactory(display_name="Bob"), track=python)
    cid = UserFactory(display_name="Cid")
    TrackFollowFactory(user=cid, track=python)
    SessionStarFactory(user=cid, session=sessions["PY3AAE"])
    TrackFollowFactory(user=UserFactory(display_name="Dan"), track=rust)
    SessionStarFactory(user=UserFactory(display_name="Eve"), session=sessions["KEYN27"])
    SessionStarFactory(user=UserFactory(display_name="Fay"), session=sessions["HW7AAB"])
    TrackFollowFactory(user=UserFactory(display_name="Gus", is_active=False), track=python)


def test_plan_import_first_import_adds_everything_per_track(edition):
    plan = plan_import(edition=edition, data=fetched())

    summary = plan.summary()
    assert summary["counts"] == {
        "added": 21,
        "changed": 0,
        "moved": 0,
        "removed": 0,
        "unchanged": 0,
        "rooms_added": 4,
        "rooms_updated": 0,
        "tracks_added": 4,
        "tracks_updated": 0,
    }
    assert [(group["name"], group["counts"]["added"], group["is_new"]) for group in summary["tracks"]] == [
        ("Open Culture", 4, True),
        ("Open Hardware", 5, True),
        ("Python", 6, True),
        ("Rust Taiwan", 4, True),
        ("", 2, False),
    ]
    assert summary["rooms_added"] == ["AU101", "RB105", "TR212", "TR409-2"]
    assert summary["needs_removal_confirmation"] is False


def test_plan_import_counts_per_track_with_the_people_affected(imported, followers):
    plan = plan_import(edition=imported, data=fetched(edited_schedule()))

    summary = plan.summary()
    assert by_track(summary) == {
        "開放硬體": {ADDED: [], CHANGED: [], MOVED: ["HW7AAB"], REMOVED: []},
        "python 社群議程": {ADDED: ["PY3NEW"], CHANGED: ["PY3AAA"], MOVED: [], REMOVED: ["PY3AAE", "PY3AAF"]},
        "rust 台灣社群": {ADDED: [], CHANGED: [], MOVED: [], REMOVED: ["RS9AAC"]},
        "": {ADDED: [], CHANGED: [], MOVED: [], REMOVED: ["KEYN27"]},
    }
    python = next(group for group in summary["tracks"] if group["key"] == "python 社群議程")
    assert python["counts"] == {ADDED: 1, CHANGED: 1, MOVED: 0, REMOVED: 2}
    assert python["affected"] == 3  # Ann, Bob, Cid; not the inactive Gus
    assert [(entry["code"], entry["affected"]) for entry in python[REMOVED]] == [("PY3AAE", 2), ("PY3AAF", 2)]
    assert python[CHANGED] == [
        {
            "code": "PY3AAA",
            "title": "Typing Python at a larger scale",
            "before_at": "2026-08-08T02:30:00+00:00",
            "before_room": "RB105",
            "after_at": "2026-08-08T02:30:00+00:00",
            "after_room": "RB105",
            "affected": 3,
            "fields": ["title"],
        }
    ]
    hardware = next(group for group in summary["tracks"] if group["key"] == "開放硬體")
    assert hardware[MOVED] == [
        {
            "code": "HW7AAB",
            "title": "Open source keyboards",
            "before_at": "2026-08-09T07:30:00+00:00",
            "before_room": "TR409-2",
            "after_at": "2026-08-08T03:10:00+00:00",
            "after_room": "TR409-2",
            "affected": 1,
            "fields": ["starts_at", "ends_at"],
        }
    ]
    assert [entry.get("after_at") for entry in python[REMOVED]] == [None, None]
    assert summary["affected"] == 6
    assert (summary["counts"]["unchanged"], summary["scheduled"]) == (15, 21)


def test_plan_import_writes_nothing(imported, followers):
    before = list(Session.objects.filter(edition=imported).order_by("code").values())

    with CaptureQueriesContext(connection) as queries:
        plan_import(edition=imported, data=fetched(edited_schedule()))

    assert [query["sql"] for query in queries if query["sql"].lstrip().upper().startswith(WRITES)] == []
    # sessions, rooms, tracks, stars, track follows
    assert len(queries) == 5
    assert list(Session.objects.filter(edition=imported).order_by("code").values()) == before


def test_plan_import_unchanged_data_has_no_changes_and_skips_the_follower_queries(imported, followers):
    with CaptureQueriesContext(connection) as queries:
        plan = plan_import(edition=imported, data=fetched())

    assert (plan.has_changes, plan.sessions, plan.unchanged) == (False, [], 21)
    assert len(queries) == 3


def test_plan_import_removal_threshold_counts_scheduled_sessions(imported):
    four = plan_import(edition=imported, data=fetched(api_schedule_without("PY3AAE", "PY3AAF", "RS9AAC", "KEYN27")))
    five = plan_import(
        edition=imported, data=fetched(api_schedule_without("PY3AAE", "PY3AAF", "RS9AAC", "RS9AAD", "KEYN27"))
    )

    # 20 % of 21 scheduled sessions is 4.2: removing 4 is fine, 5 needs confirming.
    assert (four.removals, four.allowed_removals, four.needs_removal_confirmation) == (4, 4, False)
    assert (five.removals, five.needs_removal_confirmation) == (5, True)
    assert five.removal_reason() == (
        "The import would remove 5 of the 21 scheduled sessions (more than 20 %); nothing was changed."
    )


def test_plan_import_removal_threshold_follows_the_setting(imported, settings):
    settings.SCHEDULE_IMPORT_MAX_REMOVAL_SHARE = 0.5

    plan = plan_import(
        edition=imported, data=fetched(api_schedule_without("PY3AAE", "PY3AAF", "RS9AAC", "RS9AAD", "KEYN27"))
    )

    assert (plan.allowed_removals, plan.needs_removal_confirmation) == (10, False)


@pytest.mark.parametrize(("scheduled", "allowed"), [(0, 3), (3, 3), (15, 3), (20, 4), (60, 12), (600, 120)])
def test_allowed_removals_never_below_the_small_absolute_number(scheduled, allowed):
    assert allowed_removals(scheduled, 0.2) == allowed


def test_plan_import_unscheduled_sessions_do_not_count_towards_the_threshold(edition):
    SessionFactory.create_batch(3, edition=edition)
    SessionFactory.create_batch(30, edition=edition, is_scheduled=False)

    plan = plan_import(edition=edition, data=fetched())

    assert (plan.scheduled, plan.removals, plan.needs_removal_confirmation) == (3, 3, False)


def test_plan_import_session_back_in_the_schedule_is_added(imported):
    Session.objects.filter(edition=imported, code="PY3AAA").update(is_scheduled=False)

    plan = plan_import(edition=imported, data=fetched())

    assert [(item.kind, item.session.code, item.existed) for item in plan.sessions] == [(ADDED, "PY3AAA", True)]
    assert plan.row_counts == {"created": 0, "updated": 1, "removed": 0, "unchanged": 20}
    assert [word(line) for line in plan.change_messages()] == [
        "Session back in the schedule: PY3AAA Typing Python at scale"
    ]


def test_plan_import_session_into_a_new_track_is_changed_and_counts_both_tracks_followers(imported):
    schedule = load("schedule.latest.expanded.json")
    tracks = load("tracks.json")
    tracks["results"].append({"id": 99, "name": {"en": "Brand new"}, "description": {"en": ""}, "color": "#000000"})
    slot_of(schedule, "PY3AAA")["submission"]["track"] = {"id": 99, "name": {"en": "Brand new"}}
    python = Track.objects.get(edition=imported, pretalx_key="python 社群議程")
    TrackFollowFactory(track=python)
    answers = api_answers(schedule)
    answers[next(url for url in answers if url.endswith("tracks/"))] = tracks

    plan = plan_import(edition=imported, data=api_source(FakeHttp(answers)).fetch())

    (item,) = plan.sessions
    assert (item.kind, item.fields, item.affected) == (CHANGED, ["track_id"], 1)
    summary = plan.summary()
    assert summary["tracks_added"] == ["Brand new"]
    assert [(group["name"], group["is_new"]) for group in summary["tracks"]] == [("Brand new", True)]


def test_plan_import_empty_schedule_over_a_scheduled_one_is_an_error(imported):
    with pytest.raises(PretalxError, match="The schedule has no sessions"):
        plan_import(
            edition=imported, data=fetched(api_schedule_without(*Session.objects.values_list("code", flat=True)))
        )


def test_plan_fingerprint_names_what_changes_not_who_is_affected(imported):
    data = fetched(edited_schedule())
    first = plan_import(edition=imported, data=data)
    SessionStarFactory(session=Session.objects.get(edition=imported, code="PY3AAA"))

    again = plan_import(edition=imported, data=data)
    other = plan_import(edition=imported, data=fetched(api_schedule_without("PY3AAE")))

    assert again.fingerprint == first.fingerprint
    assert other.fingerprint != first.fingerprint
    assert plan_import(edition=imported, data=fetched()).fingerprint != first.fingerprint


def test_fetched_data_survives_the_round_trip_through_json(imported):
    data = fetched(edited_schedule())

    restored = data_from_json(data_to_json(data))

    assert restored == data
    assert (
        plan_import(edition=imported, data=restored).fingerprint == plan_import(edition=imported, data=data).fingerprint
    )


def test_data_from_json_rejects_what_it_cannot_read():
    with pytest.raises(PretalxError):
        data_from_json({"rooms": []})


def test_plan_for_display_picks_the_language_and_translates_field_names(imported):
    plan = plan_import(edition=imported, data=fetched(edited_schedule()))
    summary = plan.summary()

    with translation.override("zh-hant"):
        chinese = plan_for_display(summary)
    english = plan_for_display(summary)

    assert [group["name"] for group in english["tracks"]] == ["Open Hardware", "Python", "Rust Taiwan", ""]
    assert [group["name"] for group in chinese["tracks"]][:3] == ["開放硬體", "Python 社群議程", "Rust 台灣社群"]
    python = english["tracks"][1]
    assert python[CHANGED][0]["field_labels"] == ["title"]
    assert "removal_reason" not in english


def test_plan_for_display_gives_the_removal_reason_in_the_active_language(imported):
    plan = plan_import(
        edition=imported, data=fetched(api_schedule_without("PY3AAE", "PY3AAF", "RS9AAC", "RS9AAD", "KEYN27"))
    )

    shown = plan_for_display(plan.summary())

    assert shown["removal_reason"] == plan.removal_reason()
    assert shown["share_percent"] == "20"


def test_plan_moved_session_lists_times_in_the_edition_time_zone(imported):
    schedule = load("schedule.latest.expanded.json")
    moved = slot_of(schedule, "HW7AAB")
    moved["start"], moved["end"] = "2026-08-09T08:00:00+00:00", "2026-08-09T08:30:00+00:00"

    (item,) = plan_import(edition=imported, data=fetched(schedule)).sessions

    assert imported.time_zone == "Asia/Taipei"
    assert (item.kind, item.before, item.after) == (MOVED, "08-09 15:30 TR409-2", "08-09 16:00 TR409-2")
    assert item.session.starts_at == datetime.datetime(2026, 8, 9, 8, 0, tzinfo=datetime.UTC)


def test_plan_rows_are_not_saved(edition):
    plan = plan_import(edition=edition, data=fetched())

    assert (Room.objects.count(), Track.objects.count(), Session.objects.count()) == (0, 0, 0)
    assert all(change.row.pk is None for change in plan.rooms + plan.tracks)
