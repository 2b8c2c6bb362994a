import sys
from io import StringIO

import pytest
import requests
from django.core.management import ManagementUtility, call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from schedule.models import ImportRun, ImportStatus, Session, Track
from tests.factories.follows import SessionStarFactory, TrackFollowFactory
from tests.schedule.conftest import BASE, EVENT, FakeHttp, FakeResponse, api_answers, api_schedule_without

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


# --- --dry-run and --allow-removals ---

TOO_MANY = ("PY3AAE", "PY3AAF", "RS9AAC", "RS9AAD", "KEYN27")  # 5 of 21 scheduled: more than 20 %


def snapshot_counts(edition):
    return (
        ImportRun.objects.count(),
        Session.objects.filter(edition=edition).count(),
        Session.objects.filter(edition=edition, is_scheduled=True).count(),
    )


def test_import_schedule_command_dry_run_prints_the_plan_and_writes_nothing(edition, fake_requests):
    before = snapshot_counts(edition)

    with CaptureQueriesContext(connection) as queries:
        out, _err = run_command("2027", "--pretalx", BASE, "--event", "coscup-2026", "--dry-run")

    assert out == (
        "Sessions: 21 added, 0 changed, 0 moved, 0 removed, 0 unchanged; 4 rooms and 4 tracks added; "
        "people affected: 0.\n"
        "  Open Culture: 4 added, 0 changed, 0 moved, 0 removed; people affected: 0.\n"
        "  Open Hardware: 5 added, 0 changed, 0 moved, 0 removed; people affected: 0.\n"
        "  Python: 6 added, 0 changed, 0 moved, 0 removed; people affected: 0.\n"
        "  Rust Taiwan: 4 added, 0 changed, 0 moved, 0 removed; people affected: 0.\n"
        "  No track: 2 added, 0 changed, 0 moved, 0 removed; people affected: 0.\n"
        "Dry run: nothing was changed.\n"
    )
    assert [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))] == []
    assert snapshot_counts(edition) == before


def test_import_schedule_command_dry_run_names_removals_and_the_people_affected(edition, fake_requests):
    run_command("2027", "--pretalx", BASE, "--event", "coscup-2026")
    python = Track.objects.get(edition=edition, name="Python")
    TrackFollowFactory(track=python)
    SessionStarFactory(session=Session.objects.get(edition=edition, code="KEYN27"))
    fake_requests.answers[f"{EVENT}schedules/latest/"] = api_schedule_without(*TOO_MANY)
    before = snapshot_counts(edition)

    out, _err = run_command("2027", "--pretalx", BASE, "--event", "coscup-2026", "--dry-run", "--verbosity", "2")

    lines = out.splitlines()
    assert lines[0] == (
        "Sessions: 0 added, 0 changed, 0 moved, 5 removed, 16 unchanged; 0 rooms and 0 tracks added; "
        "people affected: 2."
    )
    assert "  Python: 0 added, 0 changed, 0 moved, 2 removed; people affected: 1." in lines
    assert "    removed PY3AAE Packaging Python with uv [people affected: 1]" in lines
    assert "    removed KEYN27 Closing Keynote: What's next [people affected: 1]" in lines
    assert lines[-2:] == [
        "Applying it needs --allow-removals: The import would remove 5 of the 21 scheduled sessions "
        "(more than 20 %); nothing was changed.",
        "Dry run: nothing was changed.",
    ]
    assert snapshot_counts(edition) == before


def test_import_schedule_command_dry_run_failure_exits_with_the_reason(edition, fake_requests):
    fake_requests.answers[f"{EVENT}schedules/latest/"] = FakeResponse(503, text="down")

    with pytest.raises(CommandError) as error:
        run_command("2027", "--pretalx", BASE, "--event", "coscup-2026", "--dry-run")

    assert str(error.value) == f"Import failed: Pretalx answered HTTP 503 for {EVENT}schedules/latest/."
    assert ImportRun.objects.count() == 0


def test_import_schedule_command_refuses_too_many_removals(edition, fake_requests):
    run_command("2027", "--pretalx", BASE, "--event", "coscup-2026")
    fake_requests.answers[f"{EVENT}schedules/latest/"] = api_schedule_without(*TOO_MANY)

    with pytest.raises(CommandError) as error:
        run_command("2027", "--pretalx", BASE, "--event", "coscup-2026")

    assert str(error.value) == (
        "Refused: The import would remove 5 of the 21 scheduled sessions (more than 20 %); nothing was changed. "
        "Check it with --dry-run, then add --allow-removals to apply it."
    )
    assert "\n" not in str(error.value)
    assert Session.objects.filter(edition=edition, is_scheduled=True).count() == 21
    assert ImportRun.objects.order_by("pk").last().status == ImportStatus.FAILED


def test_import_schedule_command_refusal_exits_non_zero(edition, fake_requests, monkeypatch):
    run_command("2027", "--pretalx", BASE, "--event", "coscup-2026")
    fake_requests.answers[f"{EVENT}schedules/latest/"] = api_schedule_without(*TOO_MANY)
    monkeypatch.setattr(sys, "argv", ["manage.py"])

    with pytest.raises(SystemExit) as exit_info:
        ManagementUtility(
            ["manage.py", "import_schedule", "2027", "--pretalx", BASE, "--event", "coscup-2026"]
        ).execute()

    assert exit_info.value.code == 1


def test_import_schedule_command_allow_removals_applies_them(edition, fake_requests):
    run_command("2027", "--pretalx", BASE, "--event", "coscup-2026")
    fake_requests.answers[f"{EVENT}schedules/latest/"] = api_schedule_without(*TOO_MANY)

    out, _err = run_command("2027", "--pretalx", BASE, "--event", "coscup-2026", "--allow-removals")

    assert out == "Imported: 0 created, 0 updated, 5 removed, 16 unchanged.\n"
    assert Session.objects.filter(edition=edition, is_scheduled=True).count() == 16
