import html
import re

import pytest
from django.urls import reverse

from manual import selectors
from manual.selectors import PAGE_SLUGS, page_for

pytestmark = pytest.mark.integration

LANGUAGES = ["en", "zh-hant"]


@pytest.fixture
def restore_manual_cache():
    selectors.clear_cache()
    yield
    selectors.clear_cache()


@pytest.mark.parametrize("language", LANGUAGES)
def test_index_lists_every_page_in_order(client, edition, language):
    client.cookies["django_language"] = language

    response = client.get(reverse("manual:index"))

    content = response.content.decode()
    assert response.status_code == 200
    assert content.count("<h1") == 1
    links = re.findall(r'href="/manual/([a-z0-9-]+)/"', content)
    assert links == list(PAGE_SLUGS)
    for slug in PAGE_SLUGS:
        assert html.escape(page_for(slug=slug, language=language).title) in content


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("slug", PAGE_SLUGS)
def test_every_page_renders_with_one_h1_and_contents(client, edition, slug, language):
    client.cookies["django_language"] = language
    page = page_for(slug=slug, language=language)

    response = client.get(reverse("manual:page", args=[slug]))

    content = response.content.decode()
    assert response.status_code == 200
    assert [html.unescape(h1) for h1 in re.findall(r"<h1>(.*?)</h1>", content)] == [page.title]
    assert '<article class="manual-page">' in content
    assert response.context["is_translation_missing"] is False
    assert 'class="manual-toc"' in content
    assert f'<a href="{reverse("manual:index")}">' in content


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("slug", PAGE_SLUGS)
def test_contents_links_match_the_pages_heading_ids(client, edition, slug, language):
    client.cookies["django_language"] = language

    content = client.get(reverse("manual:page", args=[slug])).content.decode()

    toc = content.split('class="manual-toc"', 1)[1].split("</nav>", 1)[0]
    body = content.split('class="manual-body"', 1)[1]
    toc_targets = re.findall(r'href="#([^"]+)"', toc)
    heading_ids = re.findall(r'<h[23] id="([^"]+)"', body)
    assert toc_targets == heading_ids
    assert toc_targets


@pytest.mark.parametrize("slug", ["no-such-page", "LOG-IN", "log-in.md", "content"])
def test_unknown_page_is_404(client, edition, slug):
    assert client.get(f"/manual/{slug}/").status_code == 404


def test_path_outside_the_list_is_404(client, edition):
    assert client.get("/manual/../content/en/log-in.md").status_code == 404
    assert page_for(slug="../en/log-in", language="en") is None


def test_missing_translation_falls_back_to_english(client, edition, tmp_path, monkeypatch, restore_manual_cache):
    (tmp_path / "en").mkdir()
    (tmp_path / "zh-hant").mkdir()
    (tmp_path / "en" / "log-in.md").write_text("# Logging in\n\nUse a code.\n\n## Codes {#codes}\n\nTen minutes.\n")
    monkeypatch.setattr(selectors, "CONTENT_DIR", tmp_path)
    client.cookies["django_language"] = "zh-hant"

    response = client.get(reverse("manual:page", args=["log-in"]))

    content = response.content.decode()
    assert response.status_code == 200
    assert '<article class="manual-page" lang="en">' in content
    assert "<h1>Logging in</h1>" in content
    assert response.context["is_translation_missing"] is True


def test_page_missing_in_every_language_is_404_and_left_out_of_the_index(
    client, edition, tmp_path, monkeypatch, restore_manual_cache
):
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "profile.md").write_text("# Your profile\n\nWho sees what.\n")
    monkeypatch.setattr(selectors, "CONTENT_DIR", tmp_path)

    assert client.get(reverse("manual:page", args=["log-in"])).status_code == 404
    links = re.findall(r'href="/manual/([a-z0-9-]+)/"', client.get(reverse("manual:index")).content.decode())
    assert links == ["profile"]


@pytest.mark.parametrize("url", [reverse("manual:index"), reverse("manual:page", args=["staff"])])
def test_manual_pages_cost_at_most_one_query_for_visitors(client, edition, django_assert_max_num_queries, url):
    with django_assert_max_num_queries(1):
        response = client.get(url)

    assert response.status_code == 200


def test_pages_link_to_their_neighbours(client, edition):
    content = client.get(reverse("manual:page", args=[PAGE_SLUGS[1]])).content.decode()

    assert f'rel="prev" href="/manual/{PAGE_SLUGS[0]}/"' in content
    assert f'rel="next" href="/manual/{PAGE_SLUGS[2]}/"' in content


def test_footer_links_to_the_manual(client, edition):
    content = client.get(reverse("pages:home")).content.decode()

    footer = content.split('<footer class="site-footer">', 1)[1]
    assert f'<a href="{reverse("manual:index")}">Instruction manual</a>' in footer


def test_login_page_links_to_how_logging_in_works(client, edition):
    content = client.get(reverse("account_login")).content.decode()

    assert f'<a href="{reverse("manual:page", args=["log-in"])}">How logging in works</a>' in content


def test_profile_links_to_what_is_shared_with_whom(client, user, edition):
    client.force_login(user)

    content = client.get(reverse("accounts:profile")).content.decode()

    href = f"{reverse('manual:page', args=['profile'])}#who-sees-what"
    assert f'<a href="{href}">Exactly what is shared with whom</a>' in content
    assert 'id="who-sees-what"' in client.get(href.split("#")[0]).content.decode()


def test_community_page_manual_has_a_stable_address():
    assert reverse("manual:page", args=["community-page"]) == "/manual/community-page/"
