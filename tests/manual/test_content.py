"""The manual's own text: every page in both languages, anchors that match, links and screenshots that exist."""

import re

import pytest

from manual.rendering import static_file
from manual.selectors import CONTENT_DIR, LANGUAGES, PAGE_SLUGS, page_for

pytestmark = pytest.mark.unit

PAGES = [(slug, language) for slug in PAGE_SLUGS for language in LANGUAGES]
_ID = re.compile(r'\bid="([^"]+)"')
_HREF = re.compile(r'\bhref="([^"]*)"')
_SRC = re.compile(r'\bsrc="([^"]*)"')
_MANUAL_LINK = re.compile(r"/manual/(?:(?P<slug>[a-z0-9-]+)/)?(?:#(?P<anchor>.+))?\Z")


def _ids(slug: str, language: str) -> set[str]:
    return set(_ID.findall(page_for(slug=slug, language=language).html))


def _toc_ids(entries) -> list[str]:
    return [id_ for entry in entries for id_ in (entry.id, *_toc_ids(entry.children))]


@pytest.mark.parametrize(("slug", "language"), PAGES)
def test_every_page_has_its_own_file_in_every_language(slug, language):
    page = page_for(slug=slug, language=language)

    assert (CONTENT_DIR / language / f"{slug}.md").is_file()
    assert page.language == language
    assert page.title
    assert page.lead


@pytest.mark.parametrize("slug", PAGE_SLUGS)
def test_both_languages_have_the_same_anchors(slug):
    assert _ids(slug, "zh-hant") == _ids(slug, "en")


@pytest.mark.parametrize(("slug", "language"), PAGES)
def test_table_of_contents_links_match_heading_ids(slug, language):
    page = page_for(slug=slug, language=language)
    headings = re.findall(r'<h[23] id="([^"]+)">', page.html)

    assert _toc_ids(page.toc) == headings
    assert len(headings) == len(set(headings))


@pytest.mark.parametrize(("slug", "language"), PAGES)
def test_every_heading_has_an_anchor(slug, language):
    html = page_for(slug=slug, language=language).html

    assert re.findall(r"<h[2-4]>", html) == []


@pytest.mark.parametrize(("slug", "language"), PAGES)
def test_screenshots_exist_and_have_alt_text(slug, language):
    html = page_for(slug=slug, language=language).html
    images = re.findall(r"<img [^>]*>", html)

    for image in images:
        assert 'alt="' in image and 'alt=""' not in image, image
    for src in _SRC.findall(html):
        path = static_file(src)
        assert path is not None and path.is_file(), f"{slug} ({language}) shows a missing image: {src}"


@pytest.mark.parametrize(("slug", "language"), PAGES)
def test_screenshots_are_in_the_pages_language(slug, language):
    for src in _SRC.findall(page_for(slug=slug, language=language).html):
        assert re.search(rf"-{language}-(?:phone|desktop)\.png\Z", src), src


@pytest.mark.parametrize(("slug", "language"), PAGES)
def test_links_to_the_manual_reach_an_existing_page_and_anchor(slug, language):
    for href in _HREF.findall(page_for(slug=slug, language=language).html):
        if href.startswith("#"):
            target_slug, anchor = slug, href[1:]
        elif href.startswith("/manual/"):
            match = _MANUAL_LINK.match(href)
            assert match, f"{slug} ({language}) links to a manual address that is not a page: {href}"
            target_slug, anchor = match["slug"], match["anchor"]
            assert target_slug is None or target_slug in PAGE_SLUGS, f"{slug} ({language}) links to {href}"
        else:
            continue
        if anchor:
            assert anchor in _ids(target_slug, language), f"{slug} ({language}) links to a missing anchor: {href}"


@pytest.mark.parametrize(("slug", "language"), PAGES)
def test_links_to_the_site_resolve(slug, language):
    from django.urls import Resolver404, resolve

    for href in _HREF.findall(page_for(slug=slug, language=language).html):
        if href.startswith("/"):
            try:
                resolve(href.split("#")[0])
            except Resolver404:
                pytest.fail(f"{slug} ({language}) links to an address the site does not have: {href}")


def test_rendered_pages_are_cached_per_slug_and_language():
    assert page_for(slug="log-in", language="en") is page_for(slug="log-in", language="en")
    assert page_for(slug="log-in", language="zh-hant") is not page_for(slug="log-in", language="en")
