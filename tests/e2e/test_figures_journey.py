"""Participation figures, end to end in headless Chromium on a 360 px phone.

A staff member opens the figures from the address they were given, lands on the current edition's
page, reads the charts (SVG images named and described for screen readers) with their tables beside
them, switches to an earlier edition and back with the edition picker, and downloads the CSV (UTF-8
with a BOM) holding the same numbers. A one-day volunteer who types the address is refused.
"""

import csv
import io
from pathlib import Path

import pytest
from playwright.sync_api import expect

from editions.models import RoleKind
from tests.factories.editions import EditionRoleFactory
from tests.figures.data import build_scene

pytestmark = pytest.mark.e2e

MOBILE_WIDTH = 360


def _assert_fits_phone(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= MOBILE_WIDTH, f"{page.url} is {width} px wide on a {MOBILE_WIDTH} px phone"


def test_figures_journey(page, new_page, page_errors, live_server, edition, past_edition, staff_user, force_login):
    scene = build_scene(edition, past_edition, staff_user)
    EditionRoleFactory(edition=past_edition, user=staff_user, kind=RoleKind.STAFF)
    base = live_server.url

    # 1. Staff open /figures/ and land on the current edition's figures.
    force_login(page, staff_user)
    page.goto(f"{base}/figures/")
    expect(page).to_have_url(f"{base}/figures/2027/")
    expect(page.locator("main h1")).to_have_text("Participation figures of COSCUP 2027")
    _assert_fits_phone(page)

    # 2. The roadmap chart: an image with its title and a description that holds every number, drawn
    # with text labels, and the same numbers in the table beside it.
    section = page.locator("section[aria-labelledby=figures-volunteers]")
    chart = section.get_by_role("img", name="One-day volunteers and how they stay involved")
    expect(chart).to_be_visible()
    expect(chart.locator("desc")).to_contain_text("One-day volunteers: 2; … who follow a community: 2 (100%)")
    expect(chart.locator("text.figures-chart__value").first).to_have_text("2")
    box = chart.bounding_box()
    assert box["width"] <= MOBILE_WIDTH and box["height"] > 100
    table = section.locator("table")
    expect(table).to_be_visible()
    expect(table.get_by_role("row", name="… who shared their contact")).to_contain_text("1 (50%)")
    expect(table.get_by_role("row", name="… who returned from an earlier edition")).to_contain_text("1 (50%)")
    expect(page.get_by_role("img")).to_have_count(5)
    outcomes = page.locator("section[aria-labelledby=figures-outcomes] table")
    expect(outcomes.get_by_role("row", name="Completion rate")).to_contain_text("33.3%")
    communities = page.locator("section[aria-labelledby=figures-communities]")
    expect(communities.get_by_role("img", name="One-day volunteers per community")).to_be_visible()
    expect(communities.locator("tbody tr").first.locator("th")).to_have_text(scene.alpha.name)
    _assert_fits_phone(page)

    # 3. The edition picker: the earlier edition's figures, and back.
    picker = page.get_by_role("navigation", name="Editions")
    with page.expect_navigation():
        picker.get_by_role("link", name="COSCUP 2026").click()
    expect(page.locator("main h1")).to_have_text("Participation figures of COSCUP 2026")
    expect(picker.get_by_role("link", name="COSCUP 2026")).to_have_attribute("aria-current", "page")
    with page.expect_navigation():
        picker.get_by_role("link", name="COSCUP 2027").click()

    # 4. The CSV holds the same numbers, with a BOM for Excel.
    with page.expect_download() as info:
        page.get_by_role("link", name="Download the figures (CSV)").click()
    download = info.value
    assert download.failure() is None, download.failure()
    assert download.suggested_filename == "participation-figures-2027.csv"
    text = Path(download.path()).read_bytes().decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:])))
    assert ["One-day volunteers and how they stay involved", "One-day volunteers", "2"] in rows
    assert ["Sign-ups due", "Completion rate", "33.3%"] in rows
    assert page_errors == []

    # 5. A one-day volunteer is refused.
    volunteer = new_page()
    force_login(volunteer, scene.ann)
    response = volunteer.goto(f"{base}/figures/2027/")
    assert response.status == 403
    expect(volunteer.get_by_role("img")).to_have_count(0)
    assert volunteer.request.get(f"{base}/figures/2027/figures.csv").status == 403
