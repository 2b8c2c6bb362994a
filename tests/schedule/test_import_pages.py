"""The staff pages that preview an import and apply or cancel it."""

import datetime
import re
import time

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from schedule.models import ImportRun, ImportStatus, Session
from schedule.services import import_schedule, preview_import
from tests.factories.editions import EditionFactory
from tests.factories.follows import SessionStarFactory
from tests.schedule.conftest import FakeHttp, api_answers, api_schedule_without, synthetic_schedule
from tests.schedule.test_import import api_source, json_source, snapshot
from tests.schedule.test_import_plan import edited_schedule
from tests.schedule.test_staff_pages import ALLOWED, ROLES

pytestmark = pytest.mark.integration

IMPORTS = reverse("schedule:imports")
TOO_MANY = ("PY3AAE", "PY3AAF", "RS9AAC", "RS9AAD", "KEYN27")


def preview_url(run):
    return reverse("schedule:import-preview", args=[run.pk])


def apply_url(run):
    return reverse("schedule:import-apply", args=[run.pk])


def cancel_url(run):
    return reverse("schedule:import-cancel", args=[run.pk])


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def source_for(schedule=None):
    return api_source(FakeHttp(api_answers(schedule)))


@pytest.fixture
def imported(edition):
    assert import_schedule(edition=edition, source=api_source()).ok
    return edition


@pytest.fixture
def preview(imported, staff_user):
    return preview_import(edition=imported, source=source_for(edited_schedule()), by=staff_user)


@pytest.fixture
def risky_preview(imported, staff_user):
    return preview_import(edition=imported, source=source_for(api_schedule_without(*TOO_MANY)), by=staff_user)


# --- Roles ---


@pytest.mark.parametrize("url", [preview_url, apply_url, cancel_url])
def test_import_pages_send_anonymous_visitors_to_login(client, preview, url):
    response = client.get(url(preview)) if url is preview_url else client.post(url(preview))

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={url(preview)}"


@pytest.mark.parametrize("role", list(ROLES))
def test_import_preview_role_matrix(client, edition, preview, role):
    client.force_login(ROLES[role](edition))

    response = client.get(preview_url(preview))

    assert response.status_code == (200 if role in ALLOWED else 403)


@pytest.mark.parametrize("role", list(ROLES))
def test_import_apply_role_matrix(client, edition, preview, role):
    before = snapshot(edition)
    client.force_login(ROLES[role](edition))

    response = client.post(apply_url(preview), {"fingerprint": preview.fingerprint})

    preview.refresh_from_db()
    assert response.status_code == (302 if role in ALLOWED else 403)
    assert preview.status == (ImportStatus.APPLIED if role in ALLOWED else ImportStatus.PREVIEWED)
    assert (snapshot(edition) == before) is (role not in ALLOWED)


@pytest.mark.parametrize("role", list(ROLES))
def test_import_cancel_role_matrix(client, edition, preview, role):
    client.force_login(ROLES[role](edition))

    response = client.post(cancel_url(preview))

    preview.refresh_from_db()
    assert response.status_code == (302 if role in ALLOWED else 403)
    assert preview.status == (ImportStatus.CANCELLED if role in ALLOWED else ImportStatus.PREVIEWED)


@pytest.mark.parametrize("url", [preview_url, apply_url, cancel_url])
def test_import_pages_of_another_edition_are_404(client, staff_user, url):
    other = EditionFactory(slug="2026")
    run = preview_import(edition=other, source=source_for(), by=None)
    client.force_login(staff_user)

    response = client.get(url(run)) if url is preview_url else client.post(url(run))

    assert response.status_code == 404
    assert ImportRun.objects.get(pk=run.pk).status == ImportStatus.PREVIEWED


@pytest.mark.parametrize("url", [apply_url, cancel_url])
def test_import_apply_and_cancel_need_post(client, staff_user, preview, url):
    client.force_login(staff_user)

    assert client.get(url(preview)).status_code == 405


# --- Preview ---


def test_import_preview_shows_counts_tracks_and_people_affected(client, imported, staff_user):
    SessionStarFactory(session=Session.objects.get(edition=imported, code="PY3AAE"))
    SessionStarFactory(session=Session.objects.get(edition=imported, code="PY3AAE"))
    run = preview_import(edition=imported, source=source_for(edited_schedule()), by=staff_user)
    client.force_login(staff_user)

    content = client.get(preview_url(run)).content.decode()

    figures = dict(re.findall(r"<dt>([^<]+)</dt><dd>(\d+)</dd>", content))
    assert figures == {
        "Added": "1",
        "Changed": "1",
        "Moved": "1",
        "Removed": "4",
        "Unchanged": "15",
        "People affected": "2",
    }
    assert re.findall(r'class="import-plan__track-name">([^<]+)<', content) == [
        "Open Hardware",
        "Python",
        "Rust Taiwan",
        "No track",
    ]
    assert content.count("import-plan__track--removals") == 3
    assert "PY3AAE</span> Packaging Python with uv" in content
    assert "2 people affected" in content
    assert (
        '<time datetime="2026-08-09T15:30:00+08:00">Sun 9 Aug, 15:30</time> TR409-2 → '
        '<time datetime="2026-08-08T11:10:00+08:00">Sat 8 Aug, 11:10</time> TR409-2'
    ) in content
    assert 'name="allow_removals"' not in content
    assert f'value="{run.fingerprint}"' in content
    assert f'formaction="{cancel_url(run)}"' in content
    assert "Apply this import" in content


def test_import_preview_in_chinese_names_tracks_in_chinese(client, preview, staff_user):
    client.force_login(staff_user)
    client.cookies["django_language"] = "zh-hant"

    content = client.get(preview_url(preview)).content.decode()

    assert "開放硬體" in content
    assert "Rust 台灣社群" in content


def test_import_preview_above_the_threshold_warns_and_asks_for_the_checkbox(client, risky_preview, staff_user):
    client.force_login(staff_user)

    content = client.get(preview_url(risky_preview)).content.decode()

    assert "The import would remove 5 of the 21 scheduled sessions (more than 20 %)" in content
    assert 'role="alert"' in content
    assert re.search(r'name="allow_removals"[^>]*>\s*<label[^>]*>Yes, remove 5 sessions</label>', content)


def test_import_preview_of_unchanged_data_says_so(client, imported, staff_user):
    run = preview_import(edition=imported, source=source_for(), by=staff_user)
    client.force_login(staff_user)

    content = client.get(preview_url(run)).content.decode()

    assert "Nothing would change: the schedule is already up to date." in content


def test_import_preview_expired_sends_back_with_a_message(client, preview, staff_user):
    ImportRun.objects.filter(pk=preview.pk).update(started_at=timezone.now() - datetime.timedelta(hours=2))
    client.force_login(staff_user)

    response = client.get(preview_url(preview))

    assert response["Location"] == IMPORTS
    assert messages_of(response) == ["This preview has expired. Import the schedule again to see what it would do now."]
    assert ImportRun.objects.get(pk=preview.pk).status == ImportStatus.EXPIRED


@pytest.mark.parametrize("count", [20, 600])
def test_import_preview_query_count_does_not_grow(
    client, edition, staff_user, django_assert_num_queries, tmp_path, count
):
    run = preview_import(edition=edition, source=json_source(tmp_path, synthetic_schedule(count)), by=staff_user)
    client.force_login(staff_user)

    # session, user, editions, roles, the run with who started and applied it
    with django_assert_num_queries(5):
        response = client.get(preview_url(run))

    assert response.status_code == 200
    assert response.content.decode().count("import-plan__code") == count


def test_import_preview_of_600_sessions_is_quick(client, edition, staff_user, tmp_path):
    path = json_source(tmp_path, synthetic_schedule(600)).location
    client.force_login(staff_user)

    with open(path, "rb") as upload:
        started = time.perf_counter()
        response = client.post(IMPORTS, {"source": "upload", "file": upload}, follow=True)
        elapsed = time.perf_counter() - started

    assert response.status_code == 200
    assert Session.objects.filter(edition=edition).count() == 0
    assert elapsed < 10


# --- Apply and cancel ---


def test_import_apply_applies_and_lists_the_run(client, preview, staff_user, imported):
    client.force_login(staff_user)

    response = client.post(apply_url(preview), {"fingerprint": preview.fingerprint}, follow=True)

    content = response.content.decode()
    assert "The schedule was imported: 1 created, 2 updated, 4 removed, 15 unchanged." in content
    assert re.findall(r'class="card import-run import-run--(\w+)"', content) == ["applied", "applied"]
    assert Session.objects.get(edition=imported, code="PY3AAE").is_scheduled is False


def test_import_apply_submitted_twice_applies_once(client, preview, staff_user, imported):
    client.force_login(staff_user)

    first = client.post(apply_url(preview), {"fingerprint": preview.fingerprint})
    after_first = snapshot(imported)
    second = client.post(apply_url(preview), {"fingerprint": preview.fingerprint})

    assert (first.status_code, second.status_code) == (302, 302)
    assert messages_of(second)[-1] == "This import was already applied."
    assert snapshot(imported) == after_first
    assert ImportRun.objects.filter(edition=imported, status=ImportStatus.APPLIED).count() == 2


def test_import_apply_above_the_threshold_without_the_checkbox_changes_nothing(
    client, risky_preview, staff_user, imported
):
    before = snapshot(imported)
    client.force_login(staff_user)

    response = client.post(apply_url(risky_preview), {"fingerprint": risky_preview.fingerprint})

    assert response.status_code == 400
    assert "Tick this box to remove these sessions, or cancel the import." in response.content.decode()
    assert snapshot(imported) == before
    assert ImportRun.objects.get(pk=risky_preview.pk).status == ImportStatus.PREVIEWED


def test_import_apply_above_the_threshold_with_the_checkbox_removes_them(client, risky_preview, staff_user, imported):
    client.force_login(staff_user)

    response = client.post(apply_url(risky_preview), {"fingerprint": risky_preview.fingerprint, "allow_removals": "on"})

    assert response["Location"] == IMPORTS
    assert Session.objects.filter(edition=imported, is_scheduled=True).count() == 16


def test_import_apply_after_the_schedule_changed_shows_the_new_plan(client, preview, staff_user, imported):
    Session.objects.filter(edition=imported, code="CU8AAA").update(title="Edited meanwhile")
    before = snapshot(imported)
    client.force_login(staff_user)

    response = client.post(apply_url(preview), {"fingerprint": preview.fingerprint})

    assert response["Location"] == preview_url(preview)
    assert messages_of(response) == [
        "The schedule changed since this preview was made, so nothing was applied. Check the new plan below."
    ]
    assert snapshot(imported) == before
    content = client.get(preview_url(preview)).content.decode()
    assert "CU8AAA</span> Wikipedia and Taiwanese languages" in content


def test_import_cancel_drops_the_preview_and_keeps_it_out_of_the_list(client, preview, staff_user, imported):
    before = snapshot(imported)
    client.force_login(staff_user)

    response = client.post(cancel_url(preview), follow=True)

    assert "The import was cancelled; nothing changed." in response.content.decode()
    assert re.findall(r'class="card import-run import-run--(\w+)"', response.content.decode()) == ["applied"]
    assert snapshot(imported) == before
    assert client.post(apply_url(preview), {"fingerprint": preview.fingerprint})["Location"] == IMPORTS
    assert snapshot(imported) == before


def test_imports_page_lists_previews_in_progress_not_among_earlier_imports(client, preview, staff_user):
    client.force_login(staff_user)

    content = client.get(IMPORTS).content.decode()

    assert re.findall(r'class="card import-run import-run--(\w+)"', content) == ["applied"]
    assert re.findall(r'class="card import-pending import-pending--(\w+)"', content) == ["previewed"]
    assert f'href="{preview_url(preview)}">Review and apply</a>' in content
