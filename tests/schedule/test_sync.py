from io import StringIO

import pytest
import requests
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from editions.models import RoleKind
from schedule import tasks
from schedule.models import ImportRun, ImportStatus, PretalxSource, Session
from schedule.tasks import email_held_import, sync_pretalx_schedules, sync_sources
from tests.factories.editions import EditionFactory, EditionRoleFactory
from tests.schedule.conftest import BASE, FakeHttp, api_answers, api_schedule_without

pytestmark = pytest.mark.integration


@pytest.fixture
def fake_requests(monkeypatch):
    http = FakeHttp(api_answers())
    monkeypatch.setattr(requests.Session, "get", lambda self, *args, **kwargs: http.get(*args, **kwargs))
    return http


def source_for(edition, *, event="coscup-2026", sync_enabled=True):
    return PretalxSource.objects.create(
        edition=edition, base_url=BASE, event_slug=event, api_token="", sync_enabled=sync_enabled
    )


def run_command():
    out = StringIO()
    call_command("sync_schedules", stdout=out)
    return out.getvalue()


def test_sync_sources_imports_only_sync_enabled_editions(edition):
    other = EditionFactory(slug="2026")
    source_for(edition)
    source_for(other, sync_enabled=False)

    runs = sync_sources(http=FakeHttp(api_answers()))

    assert [(run.edition, run.ok, run.created, run.kind) for run in runs] == [(edition, True, 21, "api")]
    assert ImportRun.objects.count() == 1
    assert Session.objects.filter(edition=edition).count() == 21
    assert Session.objects.filter(edition=other).count() == 0


def test_sync_sources_failed_edition_does_not_stop_the_others(edition):
    earlier = EditionFactory(slug="2026")
    source_for(earlier, event="no-such-event")
    source_for(edition)

    runs = sync_sources(http=FakeHttp(api_answers()))

    assert [(run.edition, run.ok) for run in runs] == [(earlier, False), (edition, True)]
    assert runs[0].error == f"Pretalx answered HTTP 404 for {BASE}/api/events/no-such-event/."
    assert Session.objects.filter(edition=edition).count() == 21


def test_sync_sources_crash_in_one_edition_does_not_stop_the_others(edition, monkeypatch):
    earlier = EditionFactory(slug="2026")
    source_for(earlier)
    source_for(edition)
    real_import = tasks.import_schedule

    def import_or_crash(*, edition, source, **kwargs):
        if edition == earlier:
            raise RuntimeError("database went away")
        return real_import(edition=edition, source=source, **kwargs)

    monkeypatch.setattr(tasks, "import_schedule", import_or_crash)

    runs = sync_sources(http=FakeHttp(api_answers()))

    assert [(run.edition, run.ok) for run in runs] == [(edition, True)]


def test_sync_sources_second_run_changes_nothing(edition):
    source_for(edition)
    sync_sources(http=FakeHttp(api_answers()))

    (run,) = sync_sources(http=FakeHttp(api_answers()))

    assert (run.ok, run.created, run.updated, run.removed, run.unchanged) == (True, 0, 0, 0, 21)


def test_sync_task_enqueued_runs_import_and_returns_run_ids(edition, fake_requests):
    source_for(edition)

    result = sync_pretalx_schedules.enqueue()

    run = ImportRun.objects.get()
    assert result.return_value == [run.pk]
    assert (run.edition, run.ok, run.created) == (edition, True, 21)


def test_sync_schedules_command_prints_one_line_per_edition(edition, fake_requests):
    earlier = EditionFactory(slug="2026")
    source_for(earlier, event="no-such-event")
    source_for(edition)

    out = StringIO()

    with pytest.raises(SystemExit) as exit_info:
        call_command("sync_schedules", stdout=out)

    assert exit_info.value.code == 1
    assert out.getvalue() == (
        f"2026: failed: Pretalx answered HTTP 404 for {BASE}/api/events/no-such-event/.\n"
        "2027: 21 created, 0 updated, 0 removed, 0 unchanged.\n"
    )


def test_sync_schedules_command_output(edition, fake_requests):
    source_for(edition)

    first = run_command()
    second = run_command()

    assert first == "2027: 21 created, 0 updated, 0 removed, 0 unchanged.\n"
    assert second == "2027: 0 created, 0 updated, 0 removed, 21 unchanged.\n"


def test_sync_schedules_command_failure_line(edition, fake_requests):
    out = StringIO()
    source_for(edition, event="no-such-event")

    with pytest.raises(SystemExit):
        call_command("sync_schedules", stdout=out)

    assert out.getvalue() == f"2027: failed: Pretalx answered HTTP 404 for {BASE}/api/events/no-such-event/.\n"


def test_sync_schedules_command_without_sources_says_so(edition, fake_requests):
    source_for(edition, sync_enabled=False)

    assert run_command() == "No edition has automatic Pretalx sync turned on.\n"
    assert ImportRun.objects.count() == 0


# --- Held imports: too many removals are never applied by the sync ---

TOO_MANY = ("PY3AAE", "PY3AAF", "RS9AAC", "RS9AAD", "KEYN27")  # 5 of 21 scheduled: more than 20 %


@pytest.fixture
def synced(edition):
    """The edition synced once from the recorded schedule, with an English and a Chinese staff member
    (and a staff member of another edition, who hears nothing)."""
    source_for(edition)
    sync_sources(http=FakeHttp(api_answers()))
    EditionRoleFactory(
        edition=edition, kind=RoleKind.STAFF, user__email="en@example.org", user__preferred_language="en"
    )
    EditionRoleFactory(
        edition=edition, kind=RoleKind.STAFF, user__email="zh@example.org", user__preferred_language="zh-hant"
    )
    EditionRoleFactory(edition=EditionFactory(slug="2026"), kind=RoleKind.STAFF, user__email="old@example.org")
    EditionRoleFactory(edition=edition, kind=RoleKind.DESK, user__email="desk@example.org")
    mail.outbox.clear()
    return edition


def dropping(*codes):
    return FakeHttp(api_answers(api_schedule_without(*codes)))


def test_sync_holds_an_import_that_removes_too_much(synced):
    (run,) = sync_sources(http=dropping(*TOO_MANY))

    assert (run.status, run.ok) == (ImportStatus.HELD, False)
    assert run.error == "The import would remove 5 of the 21 scheduled sessions (more than 20 %); nothing was changed."
    assert run.plan["counts"]["removed"] == 5
    assert run.data is not None
    assert Session.objects.filter(edition=synced, is_scheduled=True).count() == 21


def test_sync_held_import_emails_the_editions_staff_once_in_their_language(synced):
    sync_sources(http=dropping(*TOO_MANY))

    assert sorted(message.to[0] for message in mail.outbox) == ["en@example.org", "zh@example.org"]
    by_address = {message.to[0]: message for message in mail.outbox}
    english, chinese = by_address["en@example.org"], by_address["zh@example.org"]
    run = ImportRun.objects.get(status=ImportStatus.HELD)
    assert english.subject == "[COSCUP] Schedule sync held back for COSCUP 2027: it would remove 5 sessions"
    assert f"http://127.0.0.1:8000/tracks/manage/imports/{run.pk}/" in english.body
    assert "would remove 5 of the 21 scheduled sessions (more than 20 %)" in english.body
    # Track names, greeting and signature follow the person's language.
    assert "- Python: 2 removed, people affected: 0\n- Rust Taiwan: 2 removed" in english.body
    assert "- Python 社群議程：移除 2 場，受影響人數：0\n- Rust 台灣社群：移除 2 場" in chinese.body
    assert english.body.endswith("The COSCUP organizing team\n")
    assert chinese.body.endswith("COSCUP 籌備團隊\n")
    assert run.staff_notified_at is not None


def test_sync_same_held_plan_again_records_and_emails_nothing_new(synced):
    (first,) = sync_sources(http=dropping(*TOO_MANY))
    mail.outbox.clear()

    (second,) = sync_sources(http=dropping(*TOO_MANY))
    (third,) = sync_sources(http=dropping(*TOO_MANY))

    assert second.pk == first.pk == third.pk
    assert mail.outbox == []
    assert ImportRun.objects.filter(status=ImportStatus.HELD).count() == 1
    assert ImportRun.objects.get(pk=first.pk).finished_at >= first.finished_at


def test_sync_different_held_plan_replaces_the_old_one_and_emails_again(synced):
    (first,) = sync_sources(http=dropping(*TOO_MANY))
    mail.outbox.clear()

    (second,) = sync_sources(http=dropping(*TOO_MANY, "CU8AAA"))

    assert second.pk != first.pk
    assert ImportRun.objects.get(pk=first.pk).status == ImportStatus.SUPERSEDED
    assert ImportRun.objects.get(pk=first.pk).data is None
    assert second.status == ImportStatus.HELD
    assert len(mail.outbox) == 2


def test_sync_that_applies_again_supersedes_the_held_import(synced):
    (held,) = sync_sources(http=dropping(*TOO_MANY))

    (run,) = sync_sources(http=FakeHttp(api_answers()))

    assert (run.status, run.unchanged) == (ImportStatus.APPLIED, 21)
    assert ImportRun.objects.get(pk=held.pk).status == ImportStatus.SUPERSEDED


def test_sync_removals_within_the_threshold_are_applied(synced):
    (run,) = sync_sources(http=dropping("PY3AAE", "PY3AAF"))

    assert (run.status, run.removed) == (ImportStatus.APPLIED, 2)
    assert mail.outbox == []


def test_email_held_import_sends_once_even_if_queued_twice(synced):
    (run,) = sync_sources(http=dropping(*TOO_MANY))
    mail.outbox.clear()

    assert email_held_import.enqueue(run.pk).return_value == 0
    assert mail.outbox == []


def test_email_held_import_skips_a_run_no_longer_held(synced):
    (run,) = sync_sources(http=dropping(*TOO_MANY))
    ImportRun.objects.filter(pk=run.pk).update(status=ImportStatus.SUPERSEDED, staff_notified_at=None)
    mail.outbox.clear()

    assert email_held_import.enqueue(run.pk).return_value == 0
    assert mail.outbox == []


def test_held_import_shows_on_the_imports_page_and_staff_can_apply_it(client, synced):
    (run,) = sync_sources(http=dropping(*TOO_MANY))
    staff = User.objects.get(email="en@example.org")
    client.force_login(staff)

    page = client.get(reverse("schedule:imports")).content.decode()
    preview = client.get(reverse("schedule:import-preview", args=[run.pk])).content.decode()
    applied = client.post(
        reverse("schedule:import-apply", args=[run.pk]), {"fingerprint": run.fingerprint, "allow_removals": "on"}
    )

    assert "The automatic sync is waiting for you" in page
    assert "would remove 5 of the 21 scheduled sessions (more than 20 %)" in page
    assert f'href="/tracks/manage/imports/{run.pk}/">Review and apply' in page
    assert "held it back because it removes many sessions" in preview
    assert 'name="allow_removals"' in preview
    assert "formaction=" not in preview  # a held import has "Not now", not "Cancel"
    assert applied["Location"] == reverse("schedule:imports")
    run.refresh_from_db()
    assert (run.status, run.applied_by, run.started_by) == (ImportStatus.APPLIED, staff, None)
    assert Session.objects.filter(edition=synced, is_scheduled=True).count() == 16
    assert "The automatic sync is waiting for you" not in client.get(reverse("schedule:imports")).content.decode()


def test_sync_schedules_command_reports_a_held_import(synced, fake_requests):
    fake_requests.answers[f"{BASE}/api/events/coscup-2026/schedules/latest/"] = api_schedule_without(*TOO_MANY)

    out = run_command()

    assert out == (
        "2027: held for staff: The import would remove 5 of the 21 scheduled sessions (more than 20 %); "
        "nothing was changed.\n"
    )
