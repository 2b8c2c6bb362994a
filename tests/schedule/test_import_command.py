from io import StringIO

import pytest
import requests
from django.core.management import call_command
from django.core.management.base import CommandError

from schedule.models import ImportRun, Session
from tests.schedule.conftest import BASE, EVENT, FakeHttp, FakeResponse, api_answers

pytestmark = pytest.mark.integration


@pytest.fixture
def fake_requests(monkeypatch):
    http = FakeHttp(api_answers())
    monkeypatch.setattr(requests.Session, "get", lambda self, *args, **kwargs: http.get(*args, **kwargs))
    return http


def run_command(*args):
    out, err = StringIO(), StringIO()
    call_command("import_schedule", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_schedule_command_schedule_json_prints_counts(edition, schedule_json_path):
    out, err = run_command("2027", "--schedule-json", str(schedule_json_path))

    assert out == "Imported: 21 created, 0 updated, 0 removed, 0 unchanged.\n"
    assert f"Reading {schedule_json_path}" in err
    assert Session.objects.filter(edition=edition).count() == 21
    assert ImportRun.objects.get(edition=edition).kind == "schedule_json"


def test_import_schedule_command_pretalx_api_with_token(edition, fake_requests):
    out, err = run_command("2027", "--pretalx", BASE, "--event", "coscup-2026", "--token", "abc")

    assert out == "Imported: 21 created, 0 updated, 0 removed, 0 unchanged.\n"
    assert f"Fetching {EVENT}schedules/latest/" in err
    assert {call["headers"]["Authorization"] for call in fake_requests.calls} == {"Token abc"}


def test_import_schedule_command_second_run_reports_unchanged(edition, fake_requests):
    run_command("2027", "--pretalx", BASE, "--event", "coscup-2026")

    out, _err = run_command("2027", "--pretalx", BASE, "--event", "coscup-2026")

    assert out == "Imported: 0 created, 0 updated, 0 removed, 21 unchanged.\n"


def test_import_schedule_command_failure_exits_with_one_line_reason(edition, fake_requests):
    fake_requests.answers[f"{EVENT}schedules/latest/"] = FakeResponse(503, text="down")

    with pytest.raises(CommandError) as error:
        run_command("2027", "--pretalx", BASE, "--event", "coscup-2026")

    assert str(error.value) == f"Import failed: Pretalx answered HTTP 503 for {EVENT}schedules/latest/."
    assert ImportRun.objects.get(edition=edition).ok is False
    assert Session.objects.filter(edition=edition).count() == 0


def test_import_schedule_command_unknown_edition_fails(db, schedule_json_path):
    with pytest.raises(CommandError) as error:
        run_command("1999", "--schedule-json", str(schedule_json_path))

    assert str(error.value) == "No edition “1999”."


def test_import_schedule_command_pretalx_needs_event(edition):
    with pytest.raises(CommandError) as error:
        run_command("2027", "--pretalx", BASE)

    assert str(error.value) == "--event is required with --pretalx."
    assert ImportRun.objects.count() == 0


def test_import_schedule_command_verbose_lists_changes(edition, schedule_json_path):
    out, _err = run_command("2027", "--schedule-json", str(schedule_json_path), "--verbosity", "2")

    assert "Room added: AU101 視聽館\n" in out
    assert out.endswith("Imported: 21 created, 0 updated, 0 removed, 0 unchanged.\n")
