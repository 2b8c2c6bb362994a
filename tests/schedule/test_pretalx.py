import datetime
from zoneinfo import ZoneInfo

import pytest
import requests

from schedule.pretalx import (
    ApiSource,
    PretalxClient,
    PretalxError,
    ScheduleJsonSource,
    i18n_pick,
    i18n_zh,
    parse_api,
    parse_schedule_json,
    track_key,
)
from tests.schedule.conftest import BASE, EVENT, FakeHttp, FakeResponse, load

pytestmark = pytest.mark.unit

TAIPEI = ZoneInfo("Asia/Taipei")


def parse_fixture_api(**overrides):
    args = {
        "event": load("event.json"),
        "tracks": load("tracks.json")["results"],
        "rooms": load("rooms.json")["results"],
        "schedule": load("schedule.latest.expanded.json"),
    }
    args.update(overrides)
    return parse_api(**args)


def test_i18n_pick_zh_tw_counts_as_traditional_chinese():
    assert i18n_pick({"en": "Rust Taiwan", "zh-tw": "Rust 台灣社群"}, "zh-hant") == "Rust 台灣社群"


def test_i18n_pick_falls_back_to_en_then_any_key():
    assert i18n_pick({"en": "Python"}, "zh-hant") == "Python"
    assert i18n_pick({"ja": "パイソン", "en": ""}, "zh-hant") == "パイソン"
    assert i18n_pick({"zh": "開放"}, "en") == "開放"


def test_i18n_zh_has_no_english_fallback():
    assert i18n_zh({"en": "Python"}) == ""
    assert i18n_zh({"en": "Python", "zh": "蟒蛇"}) == "蟒蛇"


def test_track_key_normalises_case_and_whitespace():
    assert track_key("  Python   社群議程 ") == track_key("python 社群議程") == "python 社群議程"


def test_parse_api_maps_confirmed_talks_and_skips_breaks():
    data = parse_fixture_api()

    assert data.time_zone == "Asia/Taipei"
    assert data.version == "v2"
    assert len(data.sessions) == 21
    assert {room.key for room in data.rooms} == {
        "2cd99451-7c6e-5eba-8d47-f1a46d69b731",
        "b7eb7a6f-cef0-51f0-b097-b954f76fa077",
        "1c26d0d7-c1fd-5a40-8de3-61375ff7b853",
        "42ad2162-6cf6-57ea-9a57-e1c7eb44892b",
    }
    moved = next(session for session in data.sessions if session.code == "HW7AAB")
    assert moved.starts_at == datetime.datetime(2026, 8, 9, 15, 30, tzinfo=TAIPEI)
    assert moved.room_key == "42ad2162-6cf6-57ea-9a57-e1c7eb44892b"
    assert moved.track_key == "開放硬體"


def test_parse_api_keynote_has_no_track_and_speaker_names():
    data = parse_fixture_api(talk_url="https://pretalx.example.org/coscup-2026/talk/")
    keynote = next(session for session in data.sessions if session.code == "KEYN26")

    assert keynote.track_key is None
    assert keynote.speakers == ("Lu Ming",)
    assert keynote.starts_at.utcoffset() == datetime.timedelta(hours=8)
    assert keynote.url == "https://pretalx.example.org/coscup-2026/talk/KEYN26/"


def test_parse_api_track_names_with_zh_tw_key():
    data = parse_fixture_api()
    rust = next(track for track in data.tracks if track.name == "Rust Taiwan")

    assert rust.key == "rust 台灣社群"
    assert rust.name_zh_hant == "Rust 台灣社群"
    assert rust.color == "#DEA584"


def test_parse_api_with_token_ignores_unconfirmed_invisible_and_unscheduled_slots():
    schedule = load("schedule.latest.expanded.json")
    slots = [slot for slot in schedule["slots"] if slot["submission"]]
    for slot in schedule["slots"]:
        slot["is_visible"] = True
        if slot["submission"]:
            slot["submission"]["state"] = "confirmed"
    slots[0]["submission"]["state"] = "submitted"
    slots[1]["is_visible"] = False
    slots[2]["start"] = slots[2]["end"] = None

    data = parse_fixture_api(schedule=schedule)

    skipped = {slots[0]["submission"]["code"], slots[1]["submission"]["code"], slots[2]["submission"]["code"]}
    assert len(data.sessions) == 18
    assert skipped & {session.code for session in data.sessions} == set()


def test_parse_api_unknown_time_zone_raises():
    event = load("event.json") | {"timezone": "Mars/Olympus"}

    with pytest.raises(PretalxError) as error:
        parse_fixture_api(event=event)

    assert str(error.value) == "Unknown time zone “Mars/Olympus”."


def test_parse_api_slot_in_missing_room_raises():
    rooms = load("rooms.json")["results"][:3]

    with pytest.raises(PretalxError) as error:
        parse_fixture_api(rooms=rooms)

    assert "is in a room that is not in the schedule" in str(error.value)


def test_parse_api_missing_field_raises():
    schedule = load("schedule.latest.expanded.json")
    del schedule["slots"][1]["submission"]["title"]

    with pytest.raises(PretalxError) as error:
        parse_fixture_api(schedule=schedule)

    assert str(error.value) == "Session PY3AAA has no “title”."


def test_parse_schedule_json_maps_rooms_by_guid_and_tracks_by_name():
    data = parse_schedule_json(load("schedule.json"))

    assert len(data.sessions) == 21
    assert [room.key for room in data.rooms] == [
        "2cd99451-7c6e-5eba-8d47-f1a46d69b731",
        "b7eb7a6f-cef0-51f0-b097-b954f76fa077",
        "1c26d0d7-c1fd-5a40-8de3-61375ff7b853",
        "42ad2162-6cf6-57ea-9a57-e1c7eb44892b",
    ]
    assert sorted(track.key for track in data.tracks) == sorted(
        ["python 社群議程", "開放硬體", "開放文化", "rust 台灣社群"]
    )
    talk = next(session for session in data.sessions if session.code == "RS9AAA")
    assert talk.starts_at == datetime.datetime(2026, 8, 8, 13, 30, tzinfo=TAIPEI)
    assert talk.ends_at == datetime.datetime(2026, 8, 8, 14, 0, tzinfo=TAIPEI)
    assert talk.speakers == ("Chen Wei-Ting",)
    assert talk.language == "en"


def test_parse_schedule_json_end_from_duration_when_end_is_missing():
    data = load("schedule.json")
    talk = next(iter(data["schedule"]["conference"]["days"][0]["rooms"].values()))[0]
    del talk["end"]

    parsed = parse_schedule_json(data)

    session = next(session for session in parsed.sessions if session.code == talk["code"])
    assert session.ends_at - session.starts_at == datetime.timedelta(minutes=50)


def test_parse_schedule_json_talk_in_unknown_room_raises():
    data = load("schedule.json")
    data["schedule"]["conference"]["rooms"].pop()

    with pytest.raises(PretalxError) as error:
        parse_schedule_json(data)

    assert "is in a room that is not in the schedule" in str(error.value)


def test_parse_schedule_json_not_a_schedule_raises():
    with pytest.raises(PretalxError) as error:
        parse_schedule_json({"hello": "world"})

    assert str(error.value) == "Missing field “schedule” in schedule.json."


def test_api_source_fetches_with_token_header_and_expand(fake_http):
    data = ApiSource(base_url=f"{BASE}/api/", event_slug="coscup-2026", token="t0ken", http=fake_http).fetch()

    assert len(data.sessions) == 21
    assert [call["url"] for call in fake_http.calls] == [
        EVENT,
        f"{EVENT}tracks/",
        f"{EVENT}rooms/",
        f"{EVENT}schedules/latest/",
    ]
    assert {call["headers"]["Authorization"] for call in fake_http.calls} == {"Token t0ken"}
    assert fake_http.calls[-1]["params"] == {
        "expand": "slots,slots.room,slots.submission,slots.submission.track,slots.submission.speakers"
    }


def test_api_source_without_token_sends_no_authorization(fake_http):
    ApiSource(base_url=BASE, event_slug="coscup-2026", http=fake_http).fetch()

    assert [call["headers"].get("Authorization") for call in fake_http.calls] == [None, None, None, None]


def test_client_follows_next_pagination():
    first = {"count": 3, "next": "https://x.test/api/t/?page=2", "previous": None, "results": [{"id": 1}, {"id": 2}]}
    second = {"count": 3, "next": None, "previous": "https://x.test/api/t/", "results": [{"id": 3}]}
    http = FakeHttp({"https://x.test/api/t/": first, "https://x.test/api/t/?page=2": second})

    assert PretalxClient(http=http).get_all("https://x.test/api/t/") == [{"id": 1}, {"id": 2}, {"id": 3}]


def test_client_accepts_bare_list():
    http = FakeHttp({"https://x.test/api/events/": [{"slug": "a"}]})

    assert PretalxClient(http=http).get_all("https://x.test/api/events/") == [{"slug": "a"}]


def test_client_http_error_raises_one_line():
    http = FakeHttp({"https://x.test/a/": FakeResponse(401, {"detail": "Invalid token."})})

    with pytest.raises(PretalxError) as error:
        PretalxClient(http=http).get_json("https://x.test/a/")

    assert str(error.value) == "Pretalx answered HTTP 401 for https://x.test/a/."


def test_client_html_404_raises():
    with pytest.raises(PretalxError) as error:
        PretalxClient(http=FakeHttp({})).get_json("https://x.test/api/events/nope/")

    assert str(error.value) == "Pretalx answered HTTP 404 for https://x.test/api/events/nope/."


def test_client_timeout_raises():
    http = FakeHttp({"https://x.test/a/": requests.Timeout("slow")})

    with pytest.raises(PretalxError) as error:
        PretalxClient(http=http).get_json("https://x.test/a/")

    assert str(error.value) == "Pretalx did not answer in time (https://x.test/a/)."


def test_client_invalid_json_raises():
    http = FakeHttp({"https://x.test/a/": FakeResponse(200, text="{not json")})

    with pytest.raises(PretalxError) as error:
        PretalxClient(http=http).get_json("https://x.test/a/")

    assert str(error.value) == "Pretalx did not answer with valid JSON (https://x.test/a/)."


def test_schedule_json_source_reads_url(fake_http):
    url = "https://pretalx.example.org/coscup-2026/schedule.json"
    http = FakeHttp({url: load("schedule.json")})

    data = ScheduleJsonSource(location=url, http=http).fetch()

    assert len(data.sessions) == 21


def test_schedule_json_source_bad_file_raises(tmp_path):
    path = tmp_path / "schedule.json"
    path.write_text("{", encoding="utf-8")

    with pytest.raises(PretalxError) as error:
        ScheduleJsonSource(location=str(path)).fetch()

    assert str(error.value) == f"{path} is not valid JSON."


def test_parse_api_tracks_with_the_same_name_become_one():
    tracks = load("tracks.json")["results"]
    tracks.append(dict(tracks[0], id=99, name={"en": "python", "zh-hant": "Python  社群議程"}))

    data = parse_fixture_api(tracks=tracks)

    assert [track.key for track in data.tracks].count("python 社群議程") == 1
    assert len(data.tracks) == 4


def test_client_follows_next_only_on_the_same_server():
    first = {"count": 3, "next": "https://elsewhere.test/api/t/?page=2", "results": [{"id": 1}]}
    http = FakeHttp({"https://x.test/api/t/": first})

    with pytest.raises(PretalxError) as error:
        PretalxClient(token="t0ken", http=http).get_all("https://x.test/api/t/")

    assert str(error.value) == '“next” in https://x.test/api/t/ is not valid: "https://elsewhere.test/api/t/?page=2".'
    assert [call["url"] for call in http.calls] == ["https://x.test/api/t/"]
