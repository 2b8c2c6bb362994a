import copy
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
    def __init__(self, status_code=200, payload=None, text=None):
        self.status_code = status_code
        self._payload = payload
        self._text = text

    def json(self):
        if self._text is not None:
            return json.loads(self._text)
        return copy.deepcopy(self._payload)


class FakeHttp:
    """Stands in for requests.Session: answers from a dict {url: payload | FakeResponse | Exception}."""

    def __init__(self, answers):
        self.answers = answers
        self.calls = []

    def get(self, url, params=None, headers=None, timeout=None):
        self.calls.append({"url": url, "params": params, "headers": headers, "timeout": timeout})
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
def fake_http():
    return FakeHttp(api_answers())


@pytest.fixture
def schedule_json_path(tmp_path):
    path = tmp_path / "schedule.json"
    path.write_text((FIXTURES / "schedule.json").read_text(encoding="utf-8"), encoding="utf-8")
    return path


__all__ = ["BASE", "EVENT", "FakeHttp", "FakeResponse", "api_answers", "load", "requests"]
