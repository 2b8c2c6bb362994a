"""The instruction manual on a 360 px phone: no page is wider than the screen, images load, and the
table of contents jumps to its headings."""

import pytest
from playwright.sync_api import expect

from manual.selectors import PAGE_SLUGS

pytestmark = pytest.mark.e2e


def _horizontal_overflow(page) -> int:
    """How many CSS pixels the document is wider than the viewport (0 when it fits)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


@pytest.mark.parametrize("language", ["en", "zh-hant"])
def test_manual_fits_a_phone_in_both_languages(page, page_errors, live_server, edition, language):
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])

    page.goto(f"{live_server.url}/manual/")
    assert _horizontal_overflow(page) == 0
    for slug in PAGE_SLUGS:
        page.goto(f"{live_server.url}/manual/{slug}/")
        # Lazy images: bring every one into view so it loads (and a missing file shows in page_errors).
        for image in page.locator(".manual-body img").all():
            image.scroll_into_view_if_needed()
            expect(image).to_have_js_property("complete", True)
            assert image.evaluate("element => element.naturalWidth") > 0, slug
        assert _horizontal_overflow(page) == 0, slug

    assert page_errors == []


def test_manual_contents_jump_to_their_heading(page, live_server, edition):
    page.goto(f"{live_server.url}/manual/confirm-completions/")

    page.locator(".manual-toc a[href='#undo']").click()

    expect(page).to_have_url(f"{live_server.url}/manual/confirm-completions/#undo")
    expect(page.locator("#undo")).to_be_in_viewport()
