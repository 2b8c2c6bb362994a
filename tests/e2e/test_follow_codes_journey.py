"""Follow codes, end to end in headless Chromium on a 360 px phone (issue 12).

A logged-out visitor scans a community's follow card (opens the address its QR code holds), logs in
by code, comes back to the same page, follows with one tap and opts in to share their contact (the
box was not ticked). The community's responsible person sees them in the list and the CSV export;
the visitor withdraws the share from "My follows" and is gone from the list and the next export.
"""

from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import expect

from follows.models import CommunityFollow, ContactShare
from follows.services import contact_sharing_update
from tests.factories.accounts import UserFactory
from tests.factories.communities import CommunityFactory, ResponsiblePersonFactory

pytestmark = pytest.mark.e2e

MOBILE_WIDTH = 360
VISITOR = "visitor@example.net"


def _assert_fits_phone(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= MOBILE_WIDTH, f"{page.url} is {width} px wide on a {MOBILE_WIDTH} px phone"


def _download(page, link) -> tuple[str, str]:
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.failure() is None, download.failure()
    return download.suggested_filename, Path(download.path()).read_bytes().decode("utf-8")


def test_follow_codes_journey(page, new_page, page_errors, live_server, edition, login_by_code, force_login, settings):
    settings.SITE_URL = live_server.url
    community = CommunityFactory(slug="pyhug", name="PyHUG", name_zh_hant="高雄 Python 使用者群組")
    contact_sharing_update(community=community, is_enabled=True, fields=["name", "email", "phone"], by=None)
    responsible = ResponsiblePersonFactory(community=community, edition=edition).user
    visitor = UserFactory(email=VISITOR, display_name="Mei", phone="+886 912 000 111", chat_handle="@mei_secret")
    EmailAddress.objects.create(user=visitor, email=VISITOR, verified=True, primary=True)

    # The printed card: its QR code holds the follow page's absolute address.
    page.goto(f"{live_server.url}/follows/communities/pyhug/card/")
    expect(page.locator("h1")).to_contain_text("高雄 Python 使用者群組")
    qr = page.locator("figure[data-qr-url]")
    expect(qr.locator("svg")).to_be_visible()
    scanned = qr.get_attribute("data-qr-url")
    assert scanned == f"{live_server.url}/follows/communities/pyhug/"
    _assert_fits_phone(page)

    # Scanning it as a logged-out visitor: log in by code, and back to the same page.
    page.goto(scanned)
    with page.expect_navigation():
        page.get_by_role("link", name="Log in to follow").click()
    login_by_code(page, live_server, VISITOR)
    assert page.url == scanned, page.url
    _assert_fits_phone(page)

    # One tap to follow; the opt-in says exactly what it shares and is not ticked.
    box = page.get_by_label("Yes, share these details with PyHUG")
    expect(box).not_to_be_checked()
    expect(page.locator("main")).to_contain_text("display name, email address, phone. Nothing else.")
    expect(page.locator("main")).not_to_contain_text("@mei_secret")
    box.check()
    with page.expect_navigation():
        page.get_by_role("button", name="Follow").click()
    expect(page.locator(".follow-code__done")).to_have_text("You follow PyHUG.")
    expect(page.locator("main")).to_contain_text("You share these details with PyHUG")
    assert CommunityFollow.objects.filter(user=visitor, community=community).count() == 1
    assert list(ContactShare.objects.values_list("fields", flat=True)) == [["name", "email", "phone"]]
    _assert_fits_phone(page)

    # The responsible person sees the visitor in the list and in the CSV.
    organizer = new_page()
    force_login(organizer, responsible)
    organizer.goto(f"{live_server.url}/communities/mine/")
    with organizer.expect_navigation():
        organizer.get_by_role("link", name="Shared contacts").click()
    entries = organizer.locator("ul.shared-contacts")
    expect(entries).to_contain_text(VISITOR)
    expect(entries).to_contain_text("+886 912 000 111")
    expect(organizer.locator("main")).not_to_contain_text("@mei_secret")
    _assert_fits_phone(organizer)
    name, text = _download(organizer, organizer.get_by_role("link", name="Export as CSV"))
    assert name == "shared-contacts-pyhug.csv"
    assert text.startswith("\ufeff")
    # A leading "+" is quoted so that a spreadsheet doesn't read the phone number as a formula (core.csv_export).
    assert "Mei,visitor@example.net,'+886 912 000 111,," in text

    # The visitor withdraws from "My follows": gone from the list and the next export.
    page.goto(f"{live_server.url}/follows/")
    with page.expect_navigation():
        page.get_by_role("button", name="Stop sharing with PyHUG").click()
    expect(page.locator(".messages")).to_contain_text("You no longer share your contact with PyHUG.")
    organizer.reload()
    expect(organizer.locator("main")).to_contain_text("Nobody shares their contact with this community yet.")
    expect(organizer.locator("main")).not_to_contain_text(VISITOR)
    assert page_errors == []
