"""Hostile schedule sources (issue 9, point 8): every field the readers use is checked, and a malformed
value is an error that names the session and the field; the import then changes nothing and is recorded."""

import json

import pytest

from schedule.models import ImportStatus
from schedule.pretalx import PretalxError, parse_api, parse_schedule_json
from schedule.services import import_schedule
from tests.schedule.conftest import FIXTURES, load
from tests.schedule.test_import import api_source, snapshot

pytestmark = pytest.mark.unit


def talk_of(data, code):
    days = data["schedule"]["conference"]["days"]
    return next(talk for day in days for talks in day["rooms"].values() for talk in talks if talk["code"] == code)


def schedule_json_error(change) -> str:
    data = load("schedule.json")
    change(data)
    with pytest.raises(PretalxError) as error:
        parse_schedule_json(data)
    return str(error.value)


def set_talk(code, field, value):
    def change(data):
        talk_of(data, code)[field] = value

    return change


def drop_talk_field(code, field):
    def change(data):
        del talk_of(data, code)[field]

    return change


def test_bad_duration_fixture_is_an_error_naming_the_session_and_the_field():
    with pytest.raises(PretalxError) as error:
        parse_schedule_json(load("bad_duration.json"))

    assert str(error.value) == 'Session PY3AAB has an invalid “duration”: "one hour".'
    assert error.value.stored == {
        "msgid": "Session %(code)s has an invalid “%(field)s”: %(value)s.",
        "params": {"code": "PY3AAB", "field": "duration", "value": '"one hour"'},
    }


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (set_talk("PY3AAA", "end", "tomorrow"), 'Session PY3AAA has an invalid “end”: "tomorrow".'),
        (set_talk("PY3AAA", "end", "11:00"), 'Session PY3AAA has an invalid “end”: "11:00".'),
        (set_talk("PY3AAA", "end", 1786154400), "Session PY3AAA has an invalid “end”: 1786154400."),
        (set_talk("PY3AAA", "date", "2026-08-08"), 'Session PY3AAA has an invalid “date”: "2026-08-08".'),
        (set_talk("PY3AAA", "date", "2026-08-32T10:30:00+08:00"), "Session PY3AAA has an invalid “date”"),
        (drop_talk_field("PY3AAA", "date"), "Session PY3AAA has no “date”."),
        (set_talk("PY3AAA", "start", "half past ten"), 'Session PY3AAA has an invalid “start”: "half past ten".'),
        (set_talk("PY3AAA", "duration", "00:75"), 'Session PY3AAA has an invalid “duration”: "00:75".'),
        (set_talk("PY3AAA", "duration", 30), "Session PY3AAA has an invalid “duration”: 30."),
        (set_talk("PY3AAA", "room", ["RB105"]), 'Session PY3AAA has an invalid “room”: ["RB105"].'),
        (set_talk("PY3AAA", "track", {"name": "Python"}), 'Session PY3AAA has an invalid “track”: {"name": "Python"}.'),
        (set_talk("PY3AAA", "track", "x" * 201), "Session PY3AAA has an invalid “track”"),
        (set_talk("PY3AAA", "title", ""), 'Session PY3AAA has an invalid “title”: "".'),
        (set_talk("PY3AAA", "title", 42), "Session PY3AAA has an invalid “title”: 42."),
        (set_talk("PY3AAA", "title", None), "Session PY3AAA has no “title”."),
        (set_talk("PY3AAA", "abstract", ["text"]), 'Session PY3AAA has an invalid “abstract”: ["text"].'),
        (set_talk("PY3AAA", "persons", "Ann"), 'Session PY3AAA has an invalid “persons”: "Ann".'),
        (set_talk("PY3AAA", "persons", [["Ann"]]), 'Session PY3AAA has an invalid “persons”: ["Ann"].'),
        (set_talk("PY3AAA", "persons", [{"name": 7}]), 'Session PY3AAA has an invalid “persons”: {"name": 7}.'),
        (set_talk("PY3AAA", "language", "English (UK)"), 'Session PY3AAA has an invalid “language”: "English (UK)".'),
        (set_talk("PY3AAA", "language", 7), "Session PY3AAA has an invalid “language”: 7."),
        (
            set_talk("PY3AAA", "url", "javascript:alert(1)"),
            'Session PY3AAA has an invalid “url”: "javascript:alert(1)".',
        ),
        (set_talk("PY3AAA", "url", "not an address"), 'Session PY3AAA has an invalid “url”: "not an address".'),
        (set_talk("PY3AAA", "code", "PY 3AAA"), 'A session has an invalid “code”: "PY 3AAA".'),
        (set_talk("PY3AAA", "code", 12345), "A session has an invalid “code”: 12345."),
        (set_talk("PY3AAA", "code", "X" * 33), "A session has an invalid “code”"),
    ],
)
def test_parse_schedule_json_malformed_field_names_the_session_and_the_field(change, message):
    assert schedule_json_error(change).startswith(message)


def test_parse_schedule_json_a_long_value_is_shown_shortened():
    error = schedule_json_error(set_talk("PY3AAA", "duration", "one hour " * 20))

    assert error.startswith('Session PY3AAA has an invalid “duration”: "one hour one hour')
    assert len(error) < 120


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda data: data["schedule"]["conference"]["rooms"][0].update(capacity=-1),
            'Room "AU101 視聽館" has an invalid “capacity”: -1.',
        ),
        (
            lambda data: data["schedule"]["conference"]["rooms"][0].update(guid=5),
            'Room "AU101 視聽館" has an invalid “guid”: 5.',
        ),
        (
            lambda data: data["schedule"]["conference"]["tracks"][0].update(color="red; x: url(y)"),
            'Track "Python 社群議程" has an invalid “color”: "red; x: url(y)".',
        ),
        (
            lambda data: data["schedule"]["conference"]["days"][0].update(rooms=["AU101"]),
            '“rooms” in day 1 is not valid: ["AU101"].',
        ),
        (
            lambda data: data["schedule"]["conference"].update(days={"1": {}}),
            '“days” in conference is not valid: {"1": {}}.',
        ),
    ],
)
def test_parse_schedule_json_malformed_rooms_tracks_and_days(change, message):
    assert schedule_json_error(change) == message


def test_parse_schedule_json_duration_is_checked_and_used_without_end():
    data = load("schedule.json")
    talk = talk_of(data, "HW7AAC")
    del talk["end"]

    session = next(s for s in parse_schedule_json(data).sessions if s.code == "HW7AAC")

    assert (session.ends_at - session.starts_at).total_seconds() == 90 * 60


def test_parse_schedule_json_without_end_or_duration_names_the_session():
    def change(data):
        talk = talk_of(data, "PY3AAA")
        del talk["end"], talk["duration"]

    assert schedule_json_error(change) == "Session PY3AAA has no “duration”."


def test_parse_schedule_json_empty_optional_fields_are_fine():
    data = load("schedule.json")
    talk_of(data, "PY3AAA").update(url="", language="", track=None, abstract=None, persons=None, start=None)

    session = next(s for s in parse_schedule_json(data).sessions if s.code == "PY3AAA")

    assert (session.url, session.language, session.track_key, session.abstract, session.speakers) == (
        "",
        "",
        None,
        "",
        (),
    )


# --- the REST API ---


def slot_of(schedule, code):
    return next(slot for slot in schedule["slots"] if slot["submission"] and slot["submission"]["code"] == code)


def api_error(change) -> str:
    args = {
        "event": load("event.json"),
        "tracks": load("tracks.json")["results"],
        "rooms": load("rooms.json")["results"],
        "schedule": load("schedule.latest.expanded.json"),
    }
    change(args)
    with pytest.raises(PretalxError) as error:
        parse_api(**args)
    return str(error.value)


def set_slot(code, field, value):
    return lambda args: slot_of(args["schedule"], code).update({field: value})


def set_submission(code, field, value):
    return lambda args: slot_of(args["schedule"], code)["submission"].update({field: value})


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (set_slot("PY3AAA", "start", "soon"), 'Session PY3AAA has an invalid “start”: "soon".'),
        (set_slot("PY3AAA", "end", None), "Session PY3AAA has no “end”."),
        (set_slot("PY3AAA", "room", "RB105"), 'Session PY3AAA has an invalid “room”: "RB105".'),
        (set_slot("PY3AAA", "is_visible", "yes"), 'Session PY3AAA has an invalid “is_visible”: "yes".'),
        (set_submission("PY3AAA", "title", 42), "Session PY3AAA has an invalid “title”: 42."),
        (set_submission("PY3AAA", "speakers", "Ann"), 'Session PY3AAA has an invalid “speakers”: "Ann".'),
        (set_submission("PY3AAA", "speakers", [7]), "Session PY3AAA has an invalid “speakers”: 7."),
        (set_submission("PY3AAA", "track", "Python"), 'Session PY3AAA has an invalid “track”: "Python".'),
        (set_submission("PY3AAA", "content_locale", 5), "Session PY3AAA has an invalid “content_locale”: 5."),
        (set_submission("PY3AAA", "abstract", {"en": "x"}), 'Session PY3AAA has an invalid “abstract”: {"en": "x"}.'),
        (set_submission("PY3AAA", "state", None), "Session PY3AAA has an invalid “state”: null."),
        (set_submission("PY3AAA", "code", None), "A session has an invalid “code”: null."),
        (lambda args: args["tracks"][0].update(id="1"), 'Track "Python 社群議程" has an invalid “id”: "1".'),
        (lambda args: args["tracks"][0].update(name={"en": ""}), 'Track 1 has an invalid “name”: {"en": ""}.'),
        (
            lambda args: args["rooms"][0].update(capacity="many"),
            'Room "AU101 視聽館" has an invalid “capacity”: "many".',
        ),
        (lambda args: args["rooms"][0].update(uuid=["x"]), 'Room "AU101 視聽館" has an invalid “uuid”: ["x"].'),
        (lambda args: args["event"].update(locale=["en"]), '“locale” in event is not valid: ["en"].'),
    ],
)
def test_parse_api_malformed_field_names_the_session_and_the_field(change, message):
    assert api_error(change) == message


# --- nothing changes, and the run says why ---


@pytest.mark.integration
def test_import_of_bad_duration_changes_nothing_and_records_why(edition, tmp_path):
    assert import_schedule(edition=edition, source=api_source()).ok
    before = snapshot(edition)

    run = import_schedule(edition=edition, source=str(FIXTURES / "bad_duration.json"))

    assert (run.status, run.ok) == (ImportStatus.FAILED, False)
    assert run.error == 'Session PY3AAB has an invalid “duration”: "one hour".'
    assert run.error_message["msgid"] == "Session %(code)s has an invalid “%(field)s”: %(value)s."
    assert (run.created, run.updated, run.removed, run.unchanged, run.changes) == (0, 0, 0, 0, [])
    assert snapshot(edition) == before


@pytest.mark.integration
def test_import_of_a_valid_export_still_matches_the_recorded_one(edition, tmp_path):
    path = tmp_path / "schedule.json"
    path.write_text(json.dumps(load("schedule.json")), encoding="utf-8")

    run = import_schedule(edition=edition, source=str(path))

    assert (run.ok, run.created) == (True, 21)
