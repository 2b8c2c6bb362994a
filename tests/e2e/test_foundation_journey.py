"""The foundation, end to end in a phone-sized headless Chromium.

Selectors avoid translated text (ids, names, classes, URLs), so the journey keeps working after
it switches the site to Traditional Chinese.
"""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

MOBILE_WIDTH = 360


def _horizontal_overflow(page) -> int:
    """How many CSS pixels the document is wider than the viewport (0 when it fits)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def test_foundation_journey(page, page_errors, live_server, edition, verified_user, login_by_code, tmp_path):
    user = verified_user

    # 1. Home at 360 px: the edition is the headline; site.js is running.
    page.goto(f"{live_server.url}/")
    assert page.viewport_size["width"] == MOBILE_WIDTH
    expect(page.locator("main h1")).to_have_text(edition.name)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("html")).to_have_class(re.compile(r"\bjs\b"))

    # 2. Switch to Traditional Chinese from the footer: with JS the select submits itself on change,
    #    so the "Switch" button is hidden.
    switcher = page.locator("form.language-switcher")
    expect(switcher.locator("button[type=submit]")).to_be_hidden()
    with page.expect_navigation():
        switcher.locator("select[name=language]").select_option("zh-hant")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hant")
    expect(page.locator("#language-select")).to_have_value("zh-hant")
    expect(page.locator("#language-select option:checked")).to_have_attribute("value", "zh-hant")
    assert page.url.rstrip("/") == live_server.url, "the switch should return to the page it was made on"
    expect(page.locator("main h1")).to_have_text(edition.name)

    # 3. Log in by emailed code as an existing person, starting from the header's "Log in" link.
    with page.expect_navigation():
        page.locator(".site-account a[href*='/accounts/login/']").click()
    login_by_code(page, live_server, user.email)
    expect(page).to_have_url(f"{live_server.url}/")  # back where "Log in" was clicked (?next=)
    account_name = page.locator(".site-account__name")
    expect(account_name).to_have_text(user.display_name)
    # The person's own pages and "Log out" sit in the menu under their name.
    account_name.click()
    expect(page.locator(".site-account form[action$='/accounts/logout/'] button[type=submit]")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "zh-hant")  # the choice survives logging in

    # 4. Edit the profile: new display name and bio.
    with page.expect_navigation():
        page.locator(".account-menu__list a[href='/accounts/profile/']").click()
    expect(page).to_have_url(f"{live_server.url}/accounts/profile/")
    profile_form = page.locator("main form.form")
    profile_form.locator("#id_display_name").fill("Ada Chen")
    profile_form.locator("#id_bio").fill("Loves badge printers and clear signage.")
    with page.expect_navigation():
        profile_form.locator("button[type=submit]").click()

    expect(page).to_have_url(f"{live_server.url}/accounts/profile/")
    expect(page.locator(".messages .message--success")).to_be_visible()
    expect(account_name).to_have_text("Ada Chen")
    expect(page.locator("#id_display_name")).to_have_value("Ada Chen")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hant")
    user.refresh_from_db()
    assert user.display_name == "Ada Chen"
    assert user.bio == "Loves badge printers and clear signage."

    assert _horizontal_overflow(page) <= 0
    assert page_errors == []

    screenshot = tmp_path / "foundation-journey.png"
    page.screenshot(path=screenshot, full_page=True)
    assert screenshot.exists()
    assert screenshot.stat().st_size > 0


def test_no_horizontal_overflow_at_360px(page, live_server, edition, verified_user, force_login):
    page.goto(f"{live_server.url}/")
    expect(page.locator("main h1")).to_have_text(edition.name)
    assert page.evaluate("document.documentElement.scrollWidth") <= MOBILE_WIDTH, "home is wider than the phone"

    force_login(page, verified_user)
    page.goto(f"{live_server.url}/accounts/profile/")
    expect(page.locator("#id_display_name")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= MOBILE_WIDTH, "profile is wider than the phone"
