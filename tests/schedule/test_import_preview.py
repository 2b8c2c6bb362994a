"""Preview, then apply: services.preview_import, apply_pending_import, cancel_import_preview."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from schedule.models import ImportRun, ImportStatus, Room, Session, Track
from schedule.services import (
    Outcome,
    apply_pending_import,
    cancel_import_preview,
    discard_stale_previews,
    import_schedule,
    preview_import,
)
from tests.factories.editions import EditionFactory
from tests.schedule.conftest import FakeHttp, api_answers, api_schedule_without
from tests.schedule.test_import import api_source, json_source, snapshot, writes
from tests.schedule.test_import_plan import edited_schedule

pytestmark = pytest.mark.integration

TOO_MANY = ("PY3AAE", "PY3AAF", "RS9AAC", "RS9AAD", "KEYN27")  # 5 of 21: more than 20 %


def source_for(schedule=None):
    return api_source(FakeHttp(api_answers(schedule)))


def counts(edition):
    return (
        Room.objects.filter(edition=edition).count(),
        Track.objects.filter(edition=edition).count(),
        Session.objects.filter(edition=edition).count(),
        Session.objects.filter(edition=edition, is_scheduled=True).count(),
    )


@pytest.fixture
def imported(edition):
    assert import_schedule(edition=edition, source=api_source()).ok
    return edition


def test_preview_import_changes_nothing_and_keeps_the_data(imported, staff_user):
    before = snapshot(imported)

    with CaptureQueriesContext(connection) as queries:
        run = preview_import(edition=imported, source=source_for(edited_schedule()), by=staff_user)

    assert (run.status, run.ok, run.started_by) == (ImportStatus.PREVIEWED, False, staff_user)
    assert (run.created, run.updated, run.removed, run.unchanged) == (1, 2, 4, 15)
    assert run.data is not None and len(run.data["sessions"]) == 18
    assert run.plan["counts"]["removed"] == 4
    assert snapshot(imported) == before
    assert writes(queries) == []
    # The run itself, and the clean-up of stale previews (an UPDATE and a DELETE that find nothing).
    assert len(writes(queries, tables=('"schedule_importrun"',))) == 3


def test_preview_import_bad_data_changes_nothing_and_is_recorded(imported, staff_user, tmp_path):
    before = snapshot(imported)
    path = tmp_path / "broken.json"
    path.write_text('{"schedule": ', encoding="utf-8")

    run = preview_import(edition=imported, source=str(path), by=staff_user)

    assert (run.status, run.ok, run.error) == (ImportStatus.FAILED, False, f"{path} is not valid JSON.")
    assert (run.data, run.created) == (None, 0)
    assert snapshot(imported) == before


def test_apply_pending_import_applies_exactly_the_plan(imported, staff_user):
    other = EditionFactory(slug="2027-direct")
    assert import_schedule(edition=other, source=api_source()).ok
    run = preview_import(edition=imported, source=source_for(edited_schedule()), by=staff_user)

    result = apply_pending_import(run=run, by=staff_user, fingerprint=run.fingerprint)
    direct = import_schedule(edition=other, source=source_for(edited_schedule()))

    run.refresh_from_db()
    assert result.outcome == Outcome.APPLIED
    assert (run.status, run.ok, run.applied_by, run.data) == (ImportStatus.APPLIED, True, staff_user, None)
    assert (run.created, run.updated, run.removed, run.unchanged) == (1, 2, 4, 15)
    assert snapshot(imported) == snapshot(other)
    assert run.changes == direct.changes
    assert counts(imported) == (4, 4, 22, 18)


def test_apply_pending_import_twice_applies_once(imported, staff_user):
    run = preview_import(edition=imported, source=source_for(edited_schedule()), by=staff_user)

    first = apply_pending_import(run=run, by=staff_user, fingerprint=run.fingerprint)
    after_first = snapshot(imported)
    with CaptureQueriesContext(connection) as queries:
        second = apply_pending_import(run=run, by=staff_user, fingerprint=run.fingerprint)

    assert (first.outcome, second.outcome) == (Outcome.APPLIED, Outcome.ALREADY_APPLIED)
    assert (
        writes(queries, tables=('"schedule_room"', '"schedule_track"', '"schedule_session"', '"schedule_importrun"'))
        == []
    )
    assert snapshot(imported) == after_first
    assert ImportRun.objects.filter(status=ImportStatus.APPLIED).count() == 2  # the first import and this one


def test_apply_pending_import_replans_when_the_database_changed(imported, staff_user):
    run = preview_import(edition=imported, source=source_for(edited_schedule()), by=staff_user)
    seen = run.fingerprint
    Session.objects.filter(edition=imported, code="CU8AAA").update(title="Edited meanwhile")
    before = snapshot(imported)

    result = apply_pending_import(run=run, by=staff_user, fingerprint=seen)

    run.refresh_from_db()
    assert result.outcome == Outcome.PLAN_CHANGED
    assert run.status == ImportStatus.PREVIEWED
    assert run.fingerprint != seen
    assert run.plan["counts"]["changed"] == 2  # PY3AAA and now CU8AAA
    assert snapshot(imported) == before
    # Confirming the new plan applies it.
    assert apply_pending_import(run=run, by=staff_user, fingerprint=run.fingerprint).outcome == Outcome.APPLIED
    assert Session.objects.get(edition=imported, code="CU8AAA").title == "Wikipedia and Taiwanese languages"


def test_apply_pending_import_with_a_wrong_fingerprint_applies_nothing(imported, staff_user):
    run = preview_import(edition=imported, source=source_for(edited_schedule()), by=staff_user)
    before = snapshot(imported)

    result = apply_pending_import(run=run, by=staff_user, fingerprint="")

    assert result.outcome == Outcome.PLAN_CHANGED
    assert snapshot(imported) == before


def test_apply_pending_import_removals_above_the_threshold_need_confirming(imported, staff_user):
    run = preview_import(edition=imported, source=source_for(api_schedule_without(*TOO_MANY)), by=staff_user)
    before = snapshot(imported)

    refused = apply_pending_import(run=run, by=staff_user, fingerprint=run.fingerprint)

    assert refused.outcome == Outcome.REMOVALS_NOT_CONFIRMED
    assert snapshot(imported) == before
    assert ImportRun.objects.get(pk=run.pk).status == ImportStatus.PREVIEWED

    allowed = apply_pending_import(run=run, by=staff_user, fingerprint=run.fingerprint, allow_removals=True)

    assert allowed.outcome == Outcome.APPLIED
    assert counts(imported)[3] == 16


def test_apply_pending_import_expired_preview_applies_nothing(imported, staff_user):
    run = preview_import(edition=imported, source=source_for(edited_schedule()), by=staff_user)
    before = snapshot(imported)

    result = apply_pending_import(
        run=run, by=staff_user, fingerprint=run.fingerprint, now=timezone.now() + datetime.timedelta(hours=2)
    )

    run.refresh_from_db()
    assert result.outcome == Outcome.EXPIRED
    assert (run.status, run.data) == (ImportStatus.EXPIRED, None)
    assert snapshot(imported) == before


def test_apply_pending_import_database_error_changes_nothing_and_records_it(imported, staff_user, monkeypatch):
    run = preview_import(edition=imported, source=source_for(edited_schedule()), by=staff_user)
    before = snapshot(imported)

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Session.objects, "bulk_update", explode)

    result = apply_pending_import(run=run, by=staff_user, fingerprint=run.fingerprint)

    run.refresh_from_db()
    assert result.outcome == Outcome.FAILED
    assert (run.status, run.ok, run.error, run.data) == (
        ImportStatus.FAILED,
        False,
        "Unexpected error: disk full",
        None,
    )
    assert snapshot(imported) == before


def test_cancel_import_preview_drops_it_once(imported, staff_user):
    run = preview_import(edition=imported, source=source_for(edited_schedule()), by=staff_user)

    assert cancel_import_preview(run=run) is True
    assert cancel_import_preview(run=run) is False

    run.refresh_from_db()
    assert (run.status, run.data) == (ImportStatus.CANCELLED, None)
    assert apply_pending_import(run=run, by=staff_user, fingerprint=run.fingerprint).outcome == Outcome.GONE


def test_discard_stale_previews_expires_old_ones_and_deletes_discarded_ones(imported, staff_user):
    now = timezone.now()
    fresh = preview_import(edition=imported, source=source_for(edited_schedule()), by=staff_user)
    stale = preview_import(edition=imported, source=source_for(edited_schedule()), by=staff_user)
    ImportRun.objects.filter(pk=stale.pk).update(started_at=now - datetime.timedelta(hours=2))
    gone = preview_import(edition=imported, source=source_for(edited_schedule()), by=staff_user)
    cancel_import_preview(run=gone)
    ImportRun.objects.filter(pk=gone.pk).update(started_at=now - datetime.timedelta(days=2))

    discard_stale_previews(now=now)

    statuses = dict(ImportRun.objects.values_list("pk", "status"))
    assert statuses[fresh.pk] == ImportStatus.PREVIEWED
    assert statuses[stale.pk] == ImportStatus.EXPIRED
    assert ImportRun.objects.get(pk=stale.pk).data is None
    assert gone.pk not in statuses


def test_import_schedule_refuses_too_many_removals_and_records_why(imported):
    before = snapshot(imported)

    run = import_schedule(edition=imported, source=source_for(api_schedule_without(*TOO_MANY)))

    assert (run.status, run.ok) == (ImportStatus.FAILED, False)
    assert run.error == "The import would remove 5 of the 21 scheduled sessions (more than 20 %); nothing was changed."
    assert (run.created, run.updated, run.removed, run.unchanged) == (0, 0, 0, 0)
    assert run.plan["needs_removal_confirmation"] is True
    assert snapshot(imported) == before


def test_import_schedule_with_allow_removals_applies_them(imported):
    run = import_schedule(edition=imported, source=source_for(api_schedule_without(*TOO_MANY)), allow_removals=True)

    assert (run.status, run.ok, run.removed) == (ImportStatus.APPLIED, True, 5)
    assert counts(imported)[3] == 16


def test_import_schedule_small_schedule_removals_are_not_blocked(edition, tmp_path):
    data = {
        "schedule": {
            "conference": {
                "time_zone_name": "Asia/Taipei",
                "rooms": [{"name": "R1", "guid": "r1"}],
                "days": [{"rooms": {"R1": []}}],
            }
        }
    }
    first = dict(data)
    talks = [
        {"code": f"T{n}", "title": f"T{n}", "date": f"2026-08-08T1{n}:00:00+08:00", "duration": "00:30", "room": "R1"}
        for n in range(4)
    ]
    first["schedule"]["conference"]["days"] = [{"rooms": {"R1": talks}}]
    import_schedule(edition=edition, source=json_source(tmp_path, first, "first.json"))
    first["schedule"]["conference"]["days"] = [{"rooms": {"R1": talks[:1]}}]

    run = import_schedule(edition=edition, source=json_source(tmp_path, first, "second.json"))

    # 3 of 4 is 75 %, but never more than 3: a tiny schedule is not blocked.
    assert (run.ok, run.removed) == (True, 3)
