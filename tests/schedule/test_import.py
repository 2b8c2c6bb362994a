import copy
import datetime
import json

import pytest
import requests
from django.db import connection
from django.test.utils import CaptureQueriesContext

from schedule.models import ImportRun, PretalxSource, Room, Session, Track
from schedule.pretalx import ApiSource, ScheduleJsonSource
from schedule.services import import_schedule
from tests.factories.editions import EditionFactory
from tests.factories.schedule import RoomFactory, TrackFactory
from tests.factories.volunteering import TaskFactory
from tests.schedule.conftest import BASE, EVENT, FakeHttp, FakeResponse, api_answers, load, synthetic_schedule

pytestmark = pytest.mark.integration

WRITES = ("INSERT", "UPDATE", "DELETE")
SCHEDULE_TABLES = ('"schedule_room"', '"schedule_track"', '"schedule_session"')


def api_source(http=None, token=""):
    return ApiSource(base_url=BASE, event_slug="coscup-2026", token=token, http=http or FakeHttp(api_answers()))


def json_source(tmp_path, data, name="schedule.json"):
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return ScheduleJsonSource(location=str(path))


def snapshot(edition):
    return {
        (
            session.code,
            session.title,
            session.room.pretalx_uuid if session.room else None,
            session.starts_at,
            session.ends_at,
            session.track.pretalx_key if session.track else None,
            session.is_scheduled,
        )
        for session in Session.objects.filter(edition=edition).select_related("room", "track")
    }


def writes(queries, tables=SCHEDULE_TABLES):
    return [
        query["sql"]
        for query in queries
        if query["sql"].lstrip().upper().startswith(WRITES) and any(table in query["sql"] for table in tables)
    ]


def test_import_schedule_api_creates_rooms_tracks_and_sessions(edition, staff_user):
    run = import_schedule(edition=edition, source=api_source(), by=staff_user)

    assert (run.ok, run.error) == (True, "")
    assert (run.created, run.updated, run.removed, run.unchanged) == (21, 0, 0, 0)
    assert run.kind == "api"
    assert run.source == EVENT
    assert run.started_by == staff_user
    assert run.finished_at is not None
    assert Room.objects.filter(edition=edition).count() == 4
    assert Track.objects.filter(edition=edition).count() == 4
    room = Room.objects.get(edition=edition, pretalx_uuid="2cd99451-7c6e-5eba-8d47-f1a46d69b731")
    assert (room.name, room.name_zh_hant, room.capacity, room.position) == ("AU101", "AU101 視聽館", 400, 0)
    rust = Track.objects.get(edition=edition, pretalx_key="rust 台灣社群")
    assert (rust.name, rust.name_zh_hant, rust.color) == ("Rust Taiwan", "Rust 台灣社群", "#DEA584")
    talk = Session.objects.get(edition=edition, code="HW7AAB")
    assert talk.room.name == "TR409-2"
    assert talk.track.name == "Open Hardware"
    assert talk.starts_at == datetime.datetime(2026, 8, 9, 7, 30, tzinfo=datetime.UTC)
    assert talk.is_scheduled is True
    assert talk.url == "https://pretalx.example.org/coscup-2026/talk/HW7AAB/"
    keynote = Session.objects.get(edition=edition, code="KEYN26")
    assert (keynote.track, keynote.speakers) == (None, ["Lu Ming"])


def test_import_schedule_api_and_schedule_json_give_the_same_programme(edition, tmp_path):
    other = EditionFactory(slug="2026-json")

    api_run = import_schedule(edition=edition, source=api_source())
    json_run = import_schedule(edition=other, source=json_source(tmp_path, load("schedule.json")))

    assert (api_run.ok, json_run.ok) == (True, True)
    assert len(snapshot(edition)) == 21
    assert snapshot(edition) == snapshot(other)
    assert set(Room.objects.filter(edition=edition).values_list("pretalx_uuid", flat=True)) == set(
        Room.objects.filter(edition=other).values_list("pretalx_uuid", flat=True)
    )
    assert set(Track.objects.filter(edition=edition).values_list("pretalx_key", flat=True)) == set(
        Track.objects.filter(edition=other).values_list("pretalx_key", flat=True)
    )


def test_import_schedule_json_after_api_keeps_english_names(edition, tmp_path):
    import_schedule(edition=edition, source=api_source())

    run = import_schedule(edition=edition, source=json_source(tmp_path, load("schedule.json")))

    assert run.ok is True
    assert (run.created, run.removed) == (0, 0)
    assert Room.objects.filter(edition=edition).count() == 4
    assert Track.objects.get(edition=edition, pretalx_key="python 社群議程").name == "Python"


def test_import_schedule_same_data_twice_writes_nothing(edition):
    import_schedule(edition=edition, source=api_source())

    with CaptureQueriesContext(connection) as queries:
        run = import_schedule(edition=edition, source=api_source())

    assert (run.ok, run.created, run.updated, run.removed, run.unchanged) == (True, 0, 0, 0, 21)
    assert run.changes == []
    assert writes(queries) == []
    assert len(writes(queries, tables=('"schedule_importrun"',))) == 1
    assert ImportRun.objects.filter(edition=edition).count() == 2


def test_import_schedule_moved_talk_updates_in_place(edition):
    import_schedule(edition=edition, source=api_source())
    before = Session.objects.get(edition=edition, code="HW7AAB")
    schedule = load("schedule.latest.expanded.json")
    slot = next(slot for slot in schedule["slots"] if slot["submission"] and slot["submission"]["code"] == "HW7AAB")
    slot["start"], slot["end"] = "2026-08-08T11:10:00+08:00", "2026-08-08T11:40:00+08:00"
    slot["room"] = copy.deepcopy(next(s["room"] for s in schedule["slots"] if s["room"]["id"] == 3))

    run = import_schedule(edition=edition, source=api_source(FakeHttp(api_answers(schedule))))

    after = Session.objects.get(edition=edition, code="HW7AAB")
    assert (run.created, run.updated, run.removed, run.unchanged) == (0, 1, 0, 20)
    assert after.pk == before.pk
    assert after.room.name == "TR212"
    assert after.starts_at == datetime.datetime(2026, 8, 8, 3, 10, tzinfo=datetime.UTC)
    assert run.change_lines == ["Session moved: HW7AAB Open source keyboards (08-09 15:30 TR409-2 → 08-08 11:10 TR212)"]


def test_import_schedule_dropped_talk_is_marked_unscheduled(edition):
    import_schedule(edition=edition, source=api_source())
    schedule = load("schedule.latest.expanded.json")
    schedule["slots"] = [s for s in schedule["slots"] if not s["submission"] or s["submission"]["code"] != "PY3AAA"]

    run = import_schedule(edition=edition, source=api_source(FakeHttp(api_answers(schedule))))

    assert (run.created, run.updated, run.removed, run.unchanged) == (0, 0, 1, 20)
    assert Session.objects.get(edition=edition, code="PY3AAA").is_scheduled is False
    assert Session.objects.filter(edition=edition, is_scheduled=True).count() == 20
    assert run.change_lines == ["Session no longer scheduled: PY3AAA Typing Python at scale"]


def test_import_schedule_dropped_talk_comes_back(edition):
    import_schedule(edition=edition, source=api_source())
    Session.objects.filter(edition=edition, code="PY3AAA").update(is_scheduled=False)

    run = import_schedule(edition=edition, source=api_source())

    assert (run.created, run.updated, run.removed, run.unchanged) == (0, 1, 0, 20)
    assert Session.objects.get(edition=edition, code="PY3AAA").is_scheduled is True


def test_import_schedule_adopts_hand_made_room_and_track_used_by_tasks(edition):
    room = RoomFactory(edition=edition, name="TR212", name_zh_hant="")
    track = TrackFactory(edition=edition, name="Python", name_zh_hant="")
    task = TaskFactory(edition=edition, room=room, track=track)

    run = import_schedule(edition=edition, source=api_source())

    assert run.ok is True
    assert Room.objects.filter(edition=edition).count() == 4
    assert Track.objects.filter(edition=edition).count() == 4
    room.refresh_from_db()
    track.refresh_from_db()
    task.refresh_from_db()
    assert (room.pretalx_uuid, room.name_zh_hant) == ("1c26d0d7-c1fd-5a40-8de3-61375ff7b853", "TR212 研揚大樓")
    assert (track.pretalx_key, track.name_zh_hant) == ("python 社群議程", "Python 社群議程")
    assert (task.room_id, task.track_id) == (room.pk, track.pk)


def test_import_schedule_does_not_touch_other_editions(edition):
    other = EditionFactory(slug="2026")
    import_schedule(edition=other, source=api_source())

    run = import_schedule(edition=edition, source=api_source())

    assert (run.created, run.unchanged) == (21, 0)
    assert Session.objects.filter(edition=other).count() == 21


def test_import_schedule_accepts_a_pretalx_source_row(edition, monkeypatch):
    http = FakeHttp(api_answers())
    monkeypatch.setattr(requests.Session, "get", lambda self, *args, **kwargs: http.get(*args, **kwargs))
    source = PretalxSource.objects.create(edition=edition, base_url=BASE, event_slug="coscup-2026", api_token="secret")

    run = import_schedule(edition=edition, source=source)

    assert (run.ok, run.created) == (True, 21)
    assert {call["headers"]["Authorization"] for call in http.calls} == {"Token secret"}


def _assert_failed_and_unchanged(edition, run, error, before):
    assert run.ok is False
    assert run.error == error
    assert "\n" not in run.error
    assert (run.created, run.updated, run.removed, run.unchanged) == (0, 0, 0, 0)
    assert ImportRun.objects.get(pk=run.pk).ok is False
    assert snapshot(edition) == before


@pytest.mark.parametrize(
    ("answer", "error"),
    [
        (FakeResponse(500, text="oops"), f"Pretalx answered HTTP 500 for {EVENT}schedules/latest/."),
        (requests.Timeout("slow"), f"Pretalx did not answer in time ({EVENT}schedules/latest/)."),
        (FakeResponse(200, text="<html>"), f"Pretalx did not answer with valid JSON ({EVENT}schedules/latest/)."),
        ({"id": 2, "version": "v2"}, "Missing field “slots” in schedule."),
    ],
)
def test_import_schedule_api_failure_changes_nothing(edition, answer, error):
    import_schedule(edition=edition, source=api_source())
    Session.objects.filter(edition=edition, code="PY3AAA").update(title="Edited")
    before = snapshot(edition)
    answers = api_answers()
    answers[f"{EVENT}schedules/latest/"] = answer

    run = import_schedule(edition=edition, source=api_source(FakeHttp(answers)))

    _assert_failed_and_unchanged(edition, run, error, before)


def test_import_schedule_unknown_time_zone_changes_nothing(edition):
    answers = api_answers()
    answers[EVENT]["timezone"] = "Nowhere/Land"

    run = import_schedule(edition=edition, source=api_source(FakeHttp(answers)))

    _assert_failed_and_unchanged(edition, run, "Unknown time zone “Nowhere/Land”.", set())
    assert Room.objects.filter(edition=edition).count() == 0


def test_import_schedule_slot_in_missing_room_changes_nothing(edition, tmp_path):
    data = load("schedule.json")
    data["schedule"]["conference"]["rooms"] = data["schedule"]["conference"]["rooms"][:2]

    run = import_schedule(edition=edition, source=json_source(tmp_path, data))

    assert run.error.endswith("is in a room that is not in the schedule.")
    assert (run.ok, Room.objects.filter(edition=edition).count()) == (False, 0)


def test_import_schedule_bad_json_file_changes_nothing(edition, tmp_path):
    import_schedule(edition=edition, source=api_source())
    before = snapshot(edition)
    path = tmp_path / "broken.json"
    path.write_text('{"schedule": ', encoding="utf-8")

    run = import_schedule(edition=edition, source=str(path))

    _assert_failed_and_unchanged(edition, run, f"{path} is not valid JSON.", before)
    assert run.kind == "schedule_json"


def test_import_schedule_empty_schedule_is_refused(edition):
    import_schedule(edition=edition, source=api_source())
    before = snapshot(edition)
    schedule = load("schedule.latest.expanded.json")
    schedule["slots"] = []

    run = import_schedule(edition=edition, source=api_source(FakeHttp(api_answers(schedule))))

    _assert_failed_and_unchanged(edition, run, "The schedule has no sessions; nothing was changed.", before)


def test_import_schedule_database_error_rolls_back_rooms_and_records_run(edition, monkeypatch):
    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Session.objects, "bulk_create", explode)

    run = import_schedule(edition=edition, source=api_source())

    assert (run.ok, run.error) == (False, "Unexpected error: disk full")
    assert ImportRun.objects.filter(edition=edition, ok=False).count() == 1
    assert Room.objects.filter(edition=edition).count() == 0
    assert Track.objects.filter(edition=edition).count() == 0


def test_import_schedule_600_sessions_reimport_writes_nothing(edition, tmp_path):
    source = json_source(tmp_path, synthetic_schedule(600))
    first = import_schedule(edition=edition, source=source)

    with CaptureQueriesContext(connection) as queries:
        again = import_schedule(edition=edition, source=source)

    assert (first.ok, first.created) == (True, 600)
    assert (again.ok, again.created, again.updated, again.removed, again.unchanged) == (True, 0, 0, 0, 600)
    assert writes(queries) == []
    assert len(queries) <= 6


def test_import_schedule_600_sessions_query_count_does_not_grow(edition, tmp_path):
    small = EditionFactory(slug="small")
    import_schedule(edition=small, source=json_source(tmp_path, synthetic_schedule(20), "small.json"))
    import_schedule(edition=edition, source=json_source(tmp_path, synthetic_schedule(600), "large.json"))

    with CaptureQueriesContext(connection) as small_queries:
        import_schedule(edition=small, source=json_source(tmp_path, synthetic_schedule(20), "small.json"))
    with CaptureQueriesContext(connection) as large_queries:
        import_schedule(edition=edition, source=json_source(tmp_path, synthetic_schedule(600), "large.json"))

    assert len(large_queries) == len(small_queries)


def test_reimport_keeps_a_locally_edited_track_description(edition):
    answers = api_answers()
    answers[f"{EVENT}tracks/"]["results"][0]["description"] = {"en": "From Pretalx", "zh-hant": "來自 Pretalx"}
    import_schedule(edition=edition, source=api_source(http=FakeHttp(answers)))
    track = Track.objects.get(edition=edition, description="From Pretalx")
    track.description, track.description_zh_hant = "Edited here", "在這裡編輯"
    track.save()

    run = import_schedule(edition=edition, source=api_source(http=FakeHttp(answers)))

    track.refresh_from_db()
    assert (run.ok, track.description, track.description_zh_hant) == (True, "Edited here", "在這裡編輯")
