"""Imports started on the staff page run on the task queue (issue 9, point 10): the page shows the run's
progress until the preview is ready or the import failed; staff can leave and come back; a job that never
ran or died leaves the run visibly failed."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django_tasks import default_task_backend

from core.stored_text import later
from schedule import services
from schedule.models import ImportKind, ImportRun, ImportStatus, Session
from schedule.services import fail_stale_fetches, fetch_queued_preview, import_schedule, queue_import_preview
from tests.factories.editions import EditionFactory
from tests.schedule.conftest import BASE, FIXTURES
from tests.schedule.test_import import api_source
from tests.schedule.test_staff_pages import ALLOWED, ROLES

pytestmark = pytest.mark.integration

IMPORTS = reverse("schedule:imports")
DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "QUEUES": ["default"]}}
SCHEDULE = (FIXTURES / "schedule.json").read_bytes()


def progress_url(run):
    return reverse("schedule:import-progress", args=[run.pk])


def preview_url(run):
    return reverse("schedule:import-preview", args=[run.pk])


@pytest.fixture
def queue_only(settings):
    """A task backend that queues jobs and never runs them: the page as staff see it before a worker did."""
    settings.TASKS = DUMMY_TASKS
    default_task_backend.clear()
    return default_task_backend


def upload():
    return SimpleUploadedFile("schedule.json", SCHEDULE, "application/json")


@pytest.fixture
def queued(edition, staff_user, queue_only, run_jobs):
    """An uploaded schedule.json whose job is queued and has not run."""
    with run_jobs():
        run = queue_import_preview(
            edition=edition, spec={"kind": "upload", "name": "schedule.json"}, upload=SCHEDULE, by=staff_user
        )
    return run


def fetching_run(edition, *, started_ago, job_started_ago=None, **fields):
    now = timezone.now()
    return ImportRun.objects.create(
        edition=edition,
        started_at=now - started_ago,
        fetch_started_at=None if job_started_ago is None else now - job_started_ago,
        source=f"{BASE}/api/events/coscup-2027/",
        kind=ImportKind.API,
        status=ImportStatus.FETCHING,
        ok=False,
        source_spec={"kind": "api", "base_url": BASE, "event_slug": "coscup-2027", "token": "s3cret"},
        **fields,
    )


# --- Queueing ---


def test_imports_post_queues_the_job_and_shows_the_run_waiting(client, edition, staff_user, queue_only, run_jobs):
    client.force_login(staff_user)

    with run_jobs():
        response = client.post(IMPORTS, {"source": "upload", "file": upload()})

    run = ImportRun.objects.get()
    assert response["Location"] == progress_url(run)
    assert (run.status, run.ok, run.started_by, run.source) == (
        ImportStatus.FETCHING,
        False,
        staff_user,
        "Uploaded file schedule.json",
    )
    assert (bytes(run.upload), run.source_spec) == (SCHEDULE, {"kind": "upload", "name": "schedule.json"})
    assert [(result.task.name, result.args) for result in queue_only.results] == [("fetch_import_preview", [run.pk])]
    content = client.get(progress_url(run)).content.decode()
    assert "Waiting for the task worker to start the import…" in content
    assert '<meta http-equiv="refresh" content="2">' in content
    assert Session.objects.count() == 0


def test_import_job_fetches_plans_and_keeps_the_preview(client, queued, staff_user):
    client.force_login(staff_user)

    run = fetch_queued_preview(run_id=queued.pk)

    assert (run.status, run.created, run.source_spec, run.upload) == (ImportStatus.PREVIEWED, 21, None, None)
    assert run.fetch_started_at is not None and run.finished_at is not None
    assert [line["msgid"] for line in run.progress] == [
        "Reading %(file)s",
        "Read %(rooms)s rooms, %(tracks)s tracks and %(sessions)s sessions; working out what the import would change…",
    ]
    assert client.get(progress_url(run))["Location"] == preview_url(run)
    assert "Check the import" in client.get(preview_url(run)).content.decode()
    assert Session.objects.count() == 0


def test_import_job_queued_twice_does_the_work_once(queued):
    first = fetch_queued_preview(run_id=queued.pk)

    assert fetch_queued_preview(run_id=queued.pk) is None
    assert ImportRun.objects.get(pk=queued.pk).fingerprint == first.fingerprint


def test_import_job_with_bad_data_leaves_the_run_failed_and_says_why(client, edition, staff_user, run_jobs):
    client.force_login(staff_user)
    bad = SimpleUploadedFile("bad_duration.json", (FIXTURES / "bad_duration.json").read_bytes())

    with run_jobs():
        response = client.post(IMPORTS, {"source": "upload", "file": bad})
    page = client.get(response["Location"])

    run = ImportRun.objects.get()
    assert (run.status, run.ok, run.upload, run.source_spec) == (ImportStatus.FAILED, False, None, None)
    content = page.content.decode()
    assert page.status_code == 200
    assert (
        "The import failed and changed nothing: Session PY3AAB has an invalid “duration”: &quot;one hour&quot;."
        in content
    )
    assert "http-equiv" not in content
    assert Session.objects.count() == 0


def test_import_job_unexpected_error_is_recorded(queued, monkeypatch):
    def explode(**kwargs):
        raise RuntimeError("out of memory")

    monkeypatch.setattr(services.previews, "plan_import", explode)

    run = fetch_queued_preview(run_id=queued.pk)

    assert (run.status, run.error, run.upload) == (ImportStatus.FAILED, "Unexpected error: out of memory", None)


def test_the_immediate_backend_goes_from_the_form_to_the_preview(client, edition, staff_user, run_jobs):
    client.force_login(staff_user)

    with run_jobs():
        response = client.post(IMPORTS, {"source": "upload", "file": upload()})
    followed = client.get(response["Location"], follow=True)

    run = ImportRun.objects.get()
    assert followed.redirect_chain == [(preview_url(run), 302)]
    assert re.search(r"<h1>Check the import</h1>", followed.content.decode())


# --- Leaving and coming back ---


def test_imports_page_lists_imports_in_progress(client, edition, staff_user, queued):
    fetching_run(edition, started_ago=datetime.timedelta(seconds=30), job_started_ago=datetime.timedelta(seconds=20))
    client.force_login(staff_user)

    content = client.get(IMPORTS).content.decode()

    assert re.findall(r'class="card import-pending import-pending--(\w+)"', content) == ["fetching", "fetching"]
    assert f'href="{progress_url(queued)}">Show progress</a>' in content
    assert re.findall(r'class="card import-run import-run--(\w+)"', content) == []
    assert "s3cret" not in content


def test_import_preview_of_a_run_being_fetched_shows_its_progress(client, queued, staff_user):
    client.force_login(staff_user)

    assert client.get(preview_url(queued))["Location"] == progress_url(queued)


def test_progress_page_shows_the_lines_so_far_in_the_readers_language(client, edition, staff_user):
    run = fetching_run(
        edition,
        started_ago=datetime.timedelta(seconds=10),
        job_started_ago=datetime.timedelta(seconds=8),
        progress=[later("Fetching %(url)s", url=f"{BASE}/api/events/coscup-2027/")],
    )
    client.force_login(staff_user)

    english = client.get(progress_url(run)).content.decode()
    client.cookies["django_language"] = "zh-hant"
    chinese = client.get(progress_url(run)).content.decode()

    assert f"<li>Fetching {BASE}/api/events/coscup-2027/</li>" in english
    assert "Fetching the schedule and working out what the import would change." in english
    assert f"<li>正在取得 {BASE}/api/events/coscup-2027/</li>" in chinese
    assert "s3cret" not in english
    assert ImportRun.objects.get(pk=run.pk).status == ImportStatus.FETCHING


def test_progress_page_of_an_applied_run_sends_back_to_the_imports(client, edition, staff_user):
    run = import_schedule(edition=edition, source=api_source(), by=staff_user)
    client.force_login(staff_user)

    response = client.get(progress_url(run))

    assert response["Location"] == IMPORTS


# --- A job that never ran, or died ---


def test_a_job_that_never_started_leaves_the_run_failed(client, edition, staff_user):
    run = fetching_run(edition, started_ago=services.QUEUE_PATIENCE + datetime.timedelta(minutes=1))
    client.force_login(staff_user)

    content = client.get(IMPORTS).content.decode()

    run.refresh_from_db()
    assert (run.status, run.source_spec, run.finished_at is not None) == (ImportStatus.FAILED, None, True)
    assert run.error == (
        "The task worker did not start this import within 15 minutes, so it was dropped. "
        "Check that the task worker is running, then import again."
    )
    assert re.findall(r'class="card import-run import-run--(\w+)"', content) == ["failed"]
    assert "import-pending" not in content
    # The job, if a worker runs it after all, does nothing.
    assert fetch_queued_preview(run_id=run.pk) is None
    assert ImportRun.objects.get(pk=run.pk).status == ImportStatus.FAILED


def test_a_job_that_died_leaves_the_run_failed_on_its_progress_page(client, edition, staff_user, settings):
    settings.SCHEDULE_IMPORT_DEADLINE_SECONDS = 60
    late = datetime.timedelta(seconds=60) + services.FETCH_MARGIN + datetime.timedelta(seconds=5)
    run = fetching_run(edition, started_ago=late, job_started_ago=late)
    client.force_login(staff_user)

    response = client.get(progress_url(run))

    content = response.content.decode()
    assert response.status_code == 200
    assert "This import stopped without finishing (its task worker may have been restarted)." in content
    assert "http-equiv" not in content
    assert ImportRun.objects.get(pk=run.pk).status == ImportStatus.FAILED


def test_a_job_still_within_its_deadline_is_left_alone(edition):
    run = fetching_run(
        edition, started_ago=datetime.timedelta(minutes=1), job_started_ago=datetime.timedelta(minutes=1)
    )
    waiting = fetching_run(edition, started_ago=datetime.timedelta(minutes=5))

    assert fail_stale_fetches(edition=edition) == 0
    assert set(ImportRun.objects.filter(pk__in=[run.pk, waiting.pk]).values_list("status", flat=True)) == {
        ImportStatus.FETCHING
    }


def test_a_result_that_comes_after_the_run_was_given_up_is_thrown_away(queued, monkeypatch):
    real_plan = services.previews.plan_import

    def slow_plan(**kwargs):
        # Meanwhile, the imports page found the job too slow and failed the run.
        ImportRun.objects.filter(pk=queued.pk).update(status=ImportStatus.FAILED, error_message="given up")
        return real_plan(**kwargs)

    monkeypatch.setattr(services.previews, "plan_import", slow_plan)

    run = fetch_queued_preview(run_id=queued.pk)

    assert (run.status, run.error, run.data) == (ImportStatus.FAILED, "given up", None)


# --- Roles and queries ---


def test_progress_page_sends_anonymous_visitors_to_login(client, queued):
    response = client.get(progress_url(queued))

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={progress_url(queued)}"


@pytest.mark.parametrize("role", list(ROLES))
def test_progress_page_role_matrix(client, edition, queued, role):
    client.force_login(ROLES[role](edition))

    response = client.get(progress_url(queued))

    assert response.status_code == (200 if role in ALLOWED else 403)


@pytest.mark.parametrize("role", list(ROLES))
def test_imports_post_role_matrix(client, edition, role, queue_only, run_jobs):
    client.force_login(ROLES[role](edition))

    with run_jobs():
        response = client.post(IMPORTS, {"source": "upload", "file": upload()})

    assert response.status_code == (302 if role in ALLOWED else 403)
    assert ImportRun.objects.count() == (1 if role in ALLOWED else 0)
    assert len(queue_only.results) == (1 if role in ALLOWED else 0)


def test_progress_page_of_another_edition_is_404(client, staff_user):
    run = fetching_run(EditionFactory(slug="2026"), started_ago=datetime.timedelta(seconds=5))
    client.force_login(staff_user)

    assert client.get(progress_url(run)).status_code == 404


@pytest.mark.parametrize("lines", [1, 40])
def test_progress_page_query_count_does_not_grow(client, edition, staff_user, django_assert_num_queries, lines):
    progress = [later("Fetching %(url)s", url=f"{BASE}/page/{n}/") for n in range(lines)]
    run = fetching_run(
        edition,
        started_ago=datetime.timedelta(seconds=5),
        job_started_ago=datetime.timedelta(seconds=4),
        progress=progress,
    )
    client.force_login(staff_user)

    # session, user, editions, roles, the run with who started it
    with django_assert_num_queries(5):
        response = client.get(progress_url(run))

    assert response.content.decode().count("<li>Fetching ") == lines


def test_progress_page_only_shows(client, queued, staff_user):
    client.force_login(staff_user)

    assert client.post(progress_url(queued)).status_code == 405
