from io import StringIO

import pytest
import requests
from django.core.management import call_command

from schedule import tasks
from schedule.models import ImportRun, PretalxSource, Session
from schedule.tasks import sync_pretalx_schedules, sync_sources
from tests.factories.editions import EditionFactory
from tests.schedule.conftest import BASE, FakeHttp, api_answers

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
