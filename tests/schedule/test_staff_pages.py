import datetime
import re

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from editions.models import RoleKind
from schedule.models import ImportKind, ImportRun, ImportStatus, PretalxSource, Session
from schedule.track_links import track_communities_set
from tests.factories.accounts import UserFactory
from tests.factories.communities import CommunityFactory, ResponsiblePersonFactory
from tests.factories.editions import EditionFactory, EditionRoleFactory
from tests.factories.schedule import TrackFactory
from tests.schedule.conftest import BASE, EVENT, FIXTURES, FakeHttp, api_answers, load

pytestmark = pytest.mark.integration

LINKS = reverse("schedule:track-links")
IMPORTS = reverse("schedule:imports")


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def responsible_person(edition):
    return ResponsiblePersonFactory(edition=edition).user


def staff_of_another_edition(edition):
    return EditionRoleFactory(edition=EditionFactory(slug="2026"), kind=RoleKind.STAFF).user


ROLES = {
    "user": lambda edition: UserFactory(),
    "desk operator": lambda edition: EditionRoleFactory(edition=edition, kind=RoleKind.DESK).user,
    "responsible person": responsible_person,
    "staff of another edition": staff_of_another_edition,
    "staff": lambda edition: EditionRoleFactory(edition=edition, kind=RoleKind.STAFF).user,
    "superuser": lambda edition: UserFactory(is_superuser=True, is_staff=True),
}
ALLOWED = {"staff", "superuser"}


# --- Role matrix ---


@pytest.mark.parametrize("url", [LINKS, IMPORTS])
def test_staff_pages_send_anonymous_visitors_to_login(client, edition, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={url}"


@pytest.mark.parametrize("url", [LINKS, IMPORTS])
@pytest.mark.parametrize("role", list(ROLES))
def test_staff_pages_role_matrix_get(client, edition, url, role):
    client.force_login(ROLES[role](edition))

    response = client.get(url)

    assert response.status_code == (200 if role in ALLOWED else 403)


@pytest.mark.parametrize("role", list(ROLES))
def test_track_links_role_matrix_post(client, edition, role):
    track = TrackFactory(edition=edition)
    community = CommunityFactory()
    client.force_login(ROLES[role](edition))

    response = client.post(LINKS, {"track": track.pk, f"track-{track.pk}-communities": [community.pk]})

    assert response.status_code == (302 if role in ALLOWED else 403)
    assert list(track.communities.all()) == ([community] if role in ALLOWED else [])


@pytest.mark.parametrize("role", list(ROLES))
def test_imports_role_matrix_post(client, edition, role, monkeypatch):
    monkeypatch.setattr("schedule.pretalx.requests.Session", lambda: FakeHttp(api_answers()))
    client.force_login(ROLES[role](edition))

    response = client.post(IMPORTS, {"source": "api", "base_url": BASE, "event_slug": "coscup-2026"})

    assert response.status_code == (302 if role in ALLOWED else 403)
    assert ImportRun.objects.count() == (1 if role in ALLOWED else 0)


# --- Track links ---


def test_track_links_lists_tracks_of_this_edition_with_active_communities(client, edition, staff_user):
    TrackFactory(edition=edition, name="Python")
    TrackFactory(edition=EditionFactory(slug="2026"), name="Old track")
    CommunityFactory(name="PyCon Taiwan")
    CommunityFactory(name="Sleeping community", is_active=False)
    client.force_login(staff_user)

    content = client.get(LINKS).content.decode()

    assert re.findall(r'<h2 id="track-\d+-heading">([^<]+)</h2>', content) == ["Python"]
    assert "PyCon Taiwan" in content
    assert "Sleeping community" not in content


def test_track_links_checks_the_linked_communities(client, edition, staff_user):
    track = TrackFactory(edition=edition)
    linked, other = CommunityFactory(), CommunityFactory()
    track.communities.add(linked)
    client.force_login(staff_user)

    content = client.get(LINKS).content.decode()

    assert re.search(rf'value="{linked.pk}"[^>]*checked', content)
    assert not re.search(rf'value="{other.pk}"[^>]*checked', content)


def test_track_links_post_replaces_the_communities(client, edition, staff_user):
    track = TrackFactory(edition=edition, name="Python")
    kept, dropped, added = CommunityFactory(), CommunityFactory(), CommunityFactory()
    track.communities.add(kept, dropped)
    client.force_login(staff_user)

    response = client.post(LINKS, {"track": track.pk, f"track-{track.pk}-communities": [kept.pk, added.pk]})

    assert response.status_code == 302
    assert response["Location"] == f"{LINKS}#track-{track.pk}"
    assert sorted(track.communities.values_list("pk", flat=True)) == sorted([kept.pk, added.pk])
    assert messages_of(response) == ["Saved the communities of Python."]


def test_track_links_post_with_nothing_ticked_unlinks_all(client, edition, staff_user):
    track = TrackFactory(edition=edition)
    track.communities.add(CommunityFactory())
    client.force_login(staff_user)

    client.post(LINKS, {"track": track.pk})

    assert list(track.communities.all()) == []


def test_track_links_post_leaves_other_tracks_alone(client, edition, staff_user):
    track, other = TrackFactory(edition=edition), TrackFactory(edition=edition)
    community = CommunityFactory()
    other.communities.add(community)
    client.force_login(staff_user)

    client.post(LINKS, {"track": track.pk, f"track-{track.pk}-communities": [community.pk]})

    assert list(other.communities.all()) == [community]
    assert list(track.communities.all()) == [community]


def test_track_links_post_for_another_edition_track_is_404(client, edition, staff_user):
    track = TrackFactory(edition=EditionFactory(slug="2026"))
    client.force_login(staff_user)

    response = client.post(LINKS, {"track": track.pk, f"track-{track.pk}-communities": [CommunityFactory().pk]})

    assert response.status_code == 404
    assert list(track.communities.all()) == []


def test_track_links_post_refuses_an_inactive_community(client, edition, staff_user):
    track = TrackFactory(edition=edition)
    sleeping = CommunityFactory(is_active=False)
    client.force_login(staff_user)

    response = client.post(LINKS, {"track": track.pk, f"track-{track.pk}-communities": [sleeping.pk]})

    assert response.status_code == 200
    assert list(track.communities.all()) == []


def test_track_links_keeps_an_inactive_community_that_is_already_linked(client, edition, staff_user):
    track = TrackFactory(edition=edition)
    sleeping = CommunityFactory(name="Sleeping", is_active=False)
    track.communities.add(sleeping)
    client.force_login(staff_user)

    content = client.get(LINKS).content.decode()
    client.post(LINKS, {"track": track.pk, f"track-{track.pk}-communities": [sleeping.pk]})

    assert "Sleeping (inactive)" in content
    assert list(track.communities.all()) == [sleeping]


@pytest.mark.parametrize("count", [2, 20])
def test_track_links_query_count_does_not_grow(client, edition, staff_user, django_assert_num_queries, count):
    communities = CommunityFactory.create_batch(5)
    for track in TrackFactory.create_batch(count, edition=edition):
        track.communities.add(*communities[:2])
    client.force_login(staff_user)

    # session, user, editions, roles, tracks, their communities, active communities
    with django_assert_num_queries(7):
        response = client.get(LINKS)

    assert response.status_code == 200


def test_track_communities_set_reports_added_and_removed(edition, staff_user):
    track = TrackFactory(edition=edition)
    kept, dropped, added = CommunityFactory(), CommunityFactory(), CommunityFactory()
    track.communities.add(kept, dropped)

    result = track_communities_set(track=track, communities=[kept, added], by=staff_user)

    assert result == ({added.pk}, {dropped.pk})


# --- Imports ---


def _run(edition, **kwargs):
    fields = {
        "edition": edition,
        "started_at": timezone.now(),
        "source": "https://pretalx.example.org/api/events/coscup-2027/",
        "kind": ImportKind.API,
    }
    return ImportRun.objects.create(**(fields | kwargs))


def test_imports_lists_runs_of_this_edition_newest_first(client, edition, staff_user):
    now = timezone.now()
    starter = UserFactory(display_name="Ann Organizer", email="ann@example.org")
    _run(
        edition,
        started_at=now - datetime.timedelta(days=1),
        status=ImportStatus.FAILED,
        ok=False,
        error_message="Pretalx answered HTTP 500.",
    )
    _run(
        edition,
        started_at=now,
        started_by=starter,
        status=ImportStatus.APPLIED,
        ok=True,
        created=3,
        updated=2,
        removed=1,
        unchanged=40,
        changes=["Added session ABC: Typing"],
    )
    _run(EditionFactory(slug="2026"), source="https://elsewhere.example.org/", ok=True)
    client.force_login(staff_user)

    content = client.get(IMPORTS).content.decode()

    assert re.findall(r'class="card import-run import-run--(\w+)"', content) == ["applied", "failed"]
    assert "Ann Organizer" in content
    assert "ann@example.org" not in content
    assert "3 created, 2 updated, 1 removed, 40 unchanged" in content
    assert "Added session ABC: Typing" in content
    assert "Pretalx answered HTTP 500." in content
    assert "elsewhere.example.org" not in content


def test_imports_form_prefills_the_saved_pretalx_source_without_its_token(client, edition, staff_user):
    PretalxSource.objects.create(edition=edition, base_url=BASE, event_slug="coscup-2026", api_token="s3cret")
    client.force_login(staff_user)

    content = client.get(IMPORTS).content.decode()

    assert f'value="{BASE}"' in content
    assert 'value="coscup-2026"' in content
    assert "s3cret" not in content


def test_imports_upload_schedule_json_previews_then_applies(client, edition, staff_user, run_jobs):
    upload = SimpleUploadedFile("schedule.json", (FIXTURES / "schedule.json").read_bytes(), "application/json")
    client.force_login(staff_user)

    with run_jobs():
        response = client.post(IMPORTS, {"source": "upload", "file": upload})

    run = ImportRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("schedule:import-progress", args=[run.pk])
    assert client.get(response["Location"])["Location"] == reverse("schedule:import-preview", args=[run.pk])
    assert (run.status, run.ok) == (ImportStatus.PREVIEWED, False)
    assert run.kind == ImportKind.SCHEDULE_JSON
    assert run.started_by == staff_user
    assert run.source == "Uploaded file schedule.json"
    assert run.created == 21
    assert (run.upload, run.source_spec) == (None, None)  # the file is not kept once read
    assert Session.objects.filter(edition=edition).count() == 0

    applied = client.post(reverse("schedule:import-apply", args=[run.pk]), {"fingerprint": run.fingerprint})

    run.refresh_from_db()
    assert applied["Location"] == IMPORTS
    assert (run.status, run.ok, run.applied_by) == (ImportStatus.APPLIED, True, staff_user)
    assert Session.objects.filter(edition=edition).count() == 21
    assert messages_of(applied) == ["The schedule was imported: 21 created, 0 updated, 0 removed, 0 unchanged."]


def test_imports_upload_of_bad_json_changes_nothing_and_says_why(client, edition, staff_user, run_jobs):
    upload = SimpleUploadedFile("schedule.json", b"{not json", "application/json")
    client.force_login(staff_user)

    with run_jobs():
        response = client.post(IMPORTS, {"source": "upload", "file": upload})
    page = client.get(response["Location"])

    run = ImportRun.objects.get()
    assert response["Location"] == reverse("schedule:import-progress", args=[run.pk])
    assert (run.status, run.ok, run.error) == (ImportStatus.FAILED, False, "schedule.json is not valid JSON.")
    assert Session.objects.count() == 0
    assert page.status_code == 200
    assert "The import failed and changed nothing: schedule.json is not valid JSON." in page.content.decode()
    assert 'http-equiv="refresh"' not in page.content.decode()


def test_imports_upload_without_a_file_shows_the_form_error(client, edition, staff_user):
    client.force_login(staff_user)

    response = client.post(IMPORTS, {"source": "upload"})

    assert response.status_code == 200
    assert "Choose a schedule.json file to upload." in response.content.decode()
    assert ImportRun.objects.count() == 0


def test_imports_from_a_schedule_json_url(client, edition, staff_user, monkeypatch, run_jobs):
    url = f"{BASE}/coscup-2026/schedule/export/schedule.json"
    monkeypatch.setattr("schedule.pretalx.requests.Session", lambda: FakeHttp({url: load("schedule.json")}))
    client.force_login(staff_user)

    with run_jobs():
        client.post(IMPORTS, {"source": "url", "url": url})

    run = ImportRun.objects.get()
    assert run.status == ImportStatus.PREVIEWED
    assert run.source == url
    assert run.created == 21


def test_imports_url_must_be_a_web_address(client, edition, staff_user):
    client.force_login(staff_user)

    response = client.post(IMPORTS, {"source": "url", "url": "file:///etc/passwd"})

    assert response.status_code == 200
    assert ImportRun.objects.count() == 0


def test_imports_from_the_api_uses_the_given_token(client, edition, staff_user, monkeypatch, run_jobs):
    http = FakeHttp(api_answers())
    monkeypatch.setattr("schedule.pretalx.requests.Session", lambda: http)
    client.force_login(staff_user)

    with run_jobs():
        client.post(IMPORTS, {"source": "api", "base_url": BASE, "event_slug": "coscup-2026", "token": "t0ken"})

    run = ImportRun.objects.get()
    assert run.status == ImportStatus.PREVIEWED
    assert run.source == EVENT
    assert http.calls[0]["headers"]["Authorization"] == "Token t0ken"


def test_imports_from_the_api_falls_back_to_the_saved_token(client, edition, staff_user, monkeypatch, run_jobs):
    PretalxSource.objects.create(edition=edition, base_url=BASE, event_slug="coscup-2026", api_token="s3cret")
    http = FakeHttp(api_answers())
    monkeypatch.setattr("schedule.pretalx.requests.Session", lambda: http)
    client.force_login(staff_user)

    with run_jobs():
        client.post(IMPORTS, {"source": "api", "base_url": BASE, "event_slug": "coscup-2026"})

    assert http.calls[0]["headers"]["Authorization"] == "Token s3cret"
    assert ImportRun.objects.get().source_spec is None  # the token is not kept once used


def test_imports_from_the_api_needs_address_and_slug(client, edition, staff_user):
    client.force_login(staff_user)

    response = client.post(IMPORTS, {"source": "api"})

    content = response.content.decode()
    assert response.status_code == 200
    assert "Enter the Pretalx address." in content
    assert "Enter the event slug." in content
    assert ImportRun.objects.count() == 0


@pytest.mark.parametrize("count", [2, 20])
def test_imports_query_count_does_not_grow(client, edition, staff_user, django_assert_num_queries, count):
    for _ in range(count):
        _run(edition, started_by=UserFactory(), ok=True)
    client.force_login(staff_user)

    # session, user, editions, roles, saved source, failing stale fetches (two updates), held imports,
    # imports in progress, runs with who started and applied them
    with django_assert_num_queries(10):
        response = client.get(IMPORTS)

    assert response.status_code == 200
