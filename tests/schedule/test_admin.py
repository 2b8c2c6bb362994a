import pytest
from django.urls import reverse

from schedule.models import ImportRun, PretalxSource

pytestmark = pytest.mark.integration

TOKEN = "coscupsecrettoken0000000000000000000000000000000000000000000000"


@pytest.fixture
def source(edition):
    return PretalxSource.objects.create(
        edition=edition, base_url="https://pretalx.example.org", event_slug="coscup-2026", api_token=TOKEN
    )


def test_pretalx_source_admin_never_shows_the_token(client, superuser, source):
    client.force_login(superuser)

    listing = client.get(reverse("admin:schedule_pretalxsource_changelist"))
    change = client.get(reverse("admin:schedule_pretalxsource_change", args=[source.pk]))

    assert (listing.status_code, change.status_code) == (200, 200)
    assert TOKEN not in listing.content.decode()
    assert TOKEN not in change.content.decode()


def test_pretalx_source_admin_empty_token_keeps_the_saved_one(client, superuser, source, edition):
    client.force_login(superuser)
    data = {
        "edition": edition.pk,
        "base_url": "https://pretalx.example.org",
        "event_slug": "coscup-2027",
        "api_token": "",
    }

    response = client.post(reverse("admin:schedule_pretalxsource_change", args=[source.pk]), data)

    source.refresh_from_db()
    assert response.status_code == 302
    assert (source.event_slug, source.api_token) == ("coscup-2027", TOKEN)


def test_pretalx_source_admin_clear_token_removes_it(client, superuser, source, edition):
    client.force_login(superuser)
    data = {
        "edition": edition.pk,
        "base_url": "https://pretalx.example.org",
        "event_slug": "coscup-2026",
        "api_token": "",
        "clear_api_token": "on",
    }

    client.post(reverse("admin:schedule_pretalxsource_change", args=[source.pk]), data)

    source.refresh_from_db()
    assert source.api_token == ""


def test_import_run_admin_is_read_only(client, superuser, edition):
    run = ImportRun.objects.create(
        edition=edition, started_at="2027-01-01T00:00:00Z", source="schedule.json", kind="schedule_json"
    )
    client.force_login(superuser)

    add = client.get(reverse("admin:schedule_importrun_add"))
    change = client.post(reverse("admin:schedule_importrun_change", args=[run.pk]), {"source": "x"})

    run.refresh_from_db()
    assert add.status_code == 403
    assert change.status_code == 403
    assert run.source == "schedule.json"
