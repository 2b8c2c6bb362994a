import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.integration


def test_home_shows_current_edition(client, edition):
    response = client.get(reverse("pages:home"))

    assert response.status_code == 200
    assert "<h1>COSCUP 2027</h1>" in response.content.decode()


def test_home_works_without_any_edition(client, db):
    assert client.get(reverse("pages:home")).status_code == 200


@pytest.mark.parametrize("language", ["en", "zh-hant"])
def test_no_dead_links_from_home(client, edition, language):
    client.cookies["django_language"] = language
    content = client.get(reverse("pages:home")).content.decode()
    links = set(re.findall(r'href="(/[^"#]*)"', content))

    assert {"/one-day/", "/communities/", "/tracks/"} <= links
    for link in links:
        assert client.get(link).status_code == 200, link


def test_every_page_has_one_h1_and_labelled_fields(client, user, edition):
    client.force_login(user)

    for url in ["/", "/one-day/", "/communities/", "/tracks/", reverse("accounts:profile")]:
        content = client.get(url).content.decode()
        assert content.count("<h1") == 1, url
        for field_id in re.findall(r'<(?:input|select|textarea)[^>]*\bid="([^"]+)"', content):
            assert f'for="{field_id}"' in content, (url, field_id)


def test_missing_page_answers_404_in_site_layout(client, edition):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_times_render_in_edition_time_zone(client, edition):
    from django.utils import timezone

    client.get("/")  # the middleware activates the zone per request and resets it afterwards

    assert timezone.get_current_timezone_name() == "Asia/Taipei"  # server default is also Taipei
    edition.time_zone = "Europe/Berlin"
    edition.save()
    response = client.get("/")
    assert response.context["TIME_ZONE"] == "Europe/Berlin"
