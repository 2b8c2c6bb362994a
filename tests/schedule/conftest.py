import copy
import datetime
import json
from pathlib import Path

import pytest
import requests

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "pretalx"
BASE = "https://pretalx.example.org"
EVENT = f"{BASE}/api/events/coscup-2026/"


def load(name):
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


class FakeResponse:
    """A streamed requests.Response: the body comes from ``iter_content``."""

    def __init__(self, status_code=200, payload=None, text=None, headers=None):
        self.status_code = status_code
        self._payload = payload
        self._text = text
        self.headers = headers or {}
        self.raw = None
        self.closed = False

    @property
    def content(self) -> bytes:
        if self._text is not None:
            return self._text.encode("utf-8")
        return json.dumps(copy.deepcopy(self._payload), ensure_ascii=False).encode("utf-8")

    def iter_content(self, chunk_size=1):
        content = self.content
        for start in range(0, len(content), chunk_size):
            yield content[start : start + chunk_size]

    def close(self):
        self.closed = True


class FakeHttp:
    """Stands in for requests.Session: answers from a dict {url: payload | FakeResponse | Exception}."""

    def __init__(self, answers):
        self.answers = answers
        self.calls = []

    def get(self, url, params=None, headers=None, timeout=None, stream=False):
        self.calls.append({"url": url, "params": params, "headers": headers, "timeout": timeout, "stream": stream})
        answer = self.answers.get(url)
        if answer is None:
            return FakeResponse(404, text="<html>Page not found</html>")
        if isinstance(answer, Exception):
            raise answer
        if isinstance(answer, FakeResponse):
            return answer
        return FakeResponse(200, answer)


def api_answers(schedule=None):
    return {
        EVENT: load("event.json"),
        f"{EVENT}tracks/": load("tracks.json"),
        f"{EVENT}rooms/": load("rooms.json"),
        f"{EVENT}schedules/latest/": schedule if schedule is not None else load("schedule.latest.expanded.json"),
    }


@pytest.fixture
def run_jobs(django_capture_on_commit_callbacks):
    """Run what a block queues once its transaction commits: the test's transaction never commits, and
    the "immediate" task backend then runs each job inline, as a worker would."""

    def capture():
        return django_capture_on_commit_callbacks(execute=True)

    return capture


@pytest.fixture
def fake_http():
    return FakeHttp(api_answers())


@pytest.fixture
def schedule_json_path(tmp_path):
    path = tmp_path / "schedule.json"
    path.write_text((FIXTURES / "schedule.json").read_text(encoding="utf-8"), encoding="utf-8")
    return path


def api_schedule_without(*codes, schedule=None):
    """The recorded expanded schedule without the slots of the sessions ``codes``."""
    schedule = schedule if schedule is not None else load("schedule.latest.expanded.json")
    schedule["slots"] = [
        slot for slot in schedule["slots"] if not slot["submission"] or slot["submission"]["code"] not in codes
    ]
    return schedule


def slot_of(schedule, code):
    return next(slot for slot in schedule["slots"] if slot["submission"] and slot["submission"]["code"] == code)


def synthetic_schedule(count):
    rooms = [{"name": f"Room {n}", "guid": f"00000000-0000-0000-0000-{n:012d}", "capacity": 50} for n in range(10)]
    tracks = [{"name": f"Track {n}", "color": "#123456"} for n in range(12)]
    start = datetime.datetime(2026, 8, 8, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))
    by_room = {room["name"]: [] for room in rooms}
    for n in range(count):
        room = rooms[n % 10]
        begin = start + datetime.timedelta(minutes=40 * (n // 10))
        by_room[room["name"]].append(
            {
                "guid": f"talk-{n}",
                "code": f"C{n:05d}",
                "date": begin.isoformat(),
                "start": begin.strftime("%H:%M"),
                "end": (begin + datetime.timedelta(minutes=30)).isoformat(),
                "duration": "00:30",
                "room": room["name"],
                "track": tracks[n % 12]["name"] if n % 7 else None,
                "language": "en",
                "title": f"Talk number {n}",
                "abstract": f"Abstract {n} " * 20,
                "persons": [{"code": f"P{n}", "name": f"Speaker {n}"}, {"code": f"Q{n}", "name": f"Co {n}"}],
                "url": f"https://pretalx.example.org/x/talk/C{n:05d}/",
            }
        )
    return {
        "schedule": {
            "version": "v1",
            "conference": {
                "time_zone_name": "Asia/Taipei",
                "rooms": rooms,
                "tracks": tracks,
                "days": [{"index": 1, "rooms": by_room}],
            },
        }
    }


__all__ = [
    "BASE",
    "EVENT",
    "FakeHttp",
    "FakeResponse",
    "api_answers",
    "api_schedule_without",
    "load",
    "requests",
    "slot_of",
    "synthetic_schedule",
]
