"""Issue 8, point 3: every "see on Pretalx" link and every address in a calendar event leads somewhere."""

import pytest
from django.urls import reverse
from icalendar import Calendar

from follows.calendar import pretalx_url
from schedule.models import Session
from schedule.services import import_schedule
from tests.demo.conftest import real_api_source, real_schedule_json

pytestmark = pytest.mark.integration

SEE_ON_PRETALX = "See this session on Pretalx"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = "https://volunteer.example.org"


def feed_urls(client, session) -> dict[str, str]:
    response = client.get(reverse("follows:track-calendar", args=[session.track_id]))
    assert response.status_code == 200
    return {str(event["SUMMARY"]): str(event["URL"]) for event in Calendar.from_ical(response.content).walk("VEVENT")}


@pytest.mark.unit
@pytest.mark.parametrize(
    ("url", "linked"),
    [
        ("https://pretalx.coscup.org/coscup-2027/talk/ABC123/", True),
        ("http://pretalx.example.org/coscup-2027/talk/ABC123/", True),
        ("https://203.0.113.7/talk/ABC123/", False),  # documentation range, not global
        ("https://8.8.8.8/talk/ABC123/", True),
        ("http://127.0.0.1:8355/coscup-2026/talk/PY3AAA/", False),  # a Pretalx on the importing machine
        ("http://localhost:8000/talk/PY3AAA/", False),
        ("http://[::1]/talk/PY3AAA/", False),
        ("https://192.168.1.20/talk/PY3AAA/", False),
        ("https://pretalx/talk/PY3AAA/", False),  # an intranet name
        ("https://pretalx.local/talk/PY3AAA/", False),
        ("javascript:alert(1)", False),
        ("ftp://pretalx.coscup.org/talk/ABC123/", False),
        ("https://[broken/talk/", False),
        ("", False),
    ],
)
def test_pretalx_url_only_for_public_web_addresses(url, linked):
    assert pretalx_url(Session(url=url)) == (url if linked else "")


def test_session_imported_from_pretalx_links_to_its_real_page(client, edition):
    import_schedule(edition=edition, source=real_api_source())
    session = Session.objects.get(edition=edition, code="PY3AAA")
    talk_page = "https://pretalx.example.org/coscup-2026/talk/PY3AAA/"

    content = client.get(reverse("schedule:session-detail", args=[session.pk])).content.decode()

    assert session.url == talk_page
    assert f'href="{talk_page}"' in content
    assert SEE_ON_PRETALX in content
    assert feed_urls(client, session)[session.title] == talk_page


def test_session_from_a_local_pretalx_capture_has_no_dead_link(client, edition):
    # The recorded export points at the loopback Pretalx it was captured from: nobody else can open it.
    import_schedule(edition=edition, source=real_schedule_json())
    session = Session.objects.get(edition=edition, code="PY3AAA")
    own_page = f"https://volunteer.example.org{reverse('schedule:session-detail', args=[session.pk])}"

    content = client.get(reverse("schedule:session-detail", args=[session.pk])).content.decode()

    assert session.url.startswith("http://127.0.0.1:8355/")
    assert SEE_ON_PRETALX not in content
    assert "127.0.0.1" not in content
    assert feed_urls(client, session)[session.title] == own_page
