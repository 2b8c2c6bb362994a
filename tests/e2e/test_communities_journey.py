"""Community tracks, end to end in headless Chromium: import a schedule as staff, link a track to a
community, follow it as an attendee, see its sessions in the attendee's calendar feed.

Staff work at a laptop; the attendee uses a 360 px phone. The schedule is the captured Pretalx
export in tests/fixtures/pretalx/schedule.json (COSCUP 2026, 2026-08-08..09, Asia/Taipei).
"""

import datetime
import re
import zoneinfo
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from editions.models import RoleKind
from follows.models import TrackFollow
from schedule.models import ImportRun, Session, Track
from tests.e2e.conftest import LAPTOP_VIEWPORT
from tests.factories.accounts import UserFactory
from tests.factories.communities import CommunityFactory
from tests.factories.editions import EditionFactory, EditionRoleFactory

pytestmark = pytest.mark.e2e

MOBILE_WIDTH = 360
SCHEDULE_JSON = Path(__file__).resolve().parent.parent / "fixtures" / "pretalx" / "schedule.json"
TAIPEI = zoneinfo.ZoneInfo("Asia/Taipei")
TRACK_NAME = "Python 社群議程"  # the export has one language only, so both names are this label
PYTHON_TITLES = {
    "Typing Python at scale",
    "Django 6 新功能巡禮",
    "用 pandas 分析公開資料",
    "Async Python in production",
    "Packaging Python with uv",
    "PyCon TW 社群經營經驗分享",
}


def _assert_fits_phone(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= MOBILE_WIDTH, f"{page.url} is {width} px wide on a {MOBILE_WIDTH} px phone"


def _click_and_wait(page, locator) -> None:
    with page.expect_navigation():
        locator.click()


def _screenshot(page, path) -> None:
    page.screenshot(path=path, full_page=True)
    assert path.stat().st_size > 0


def _fetch_calendar(page, url: str) -> Calendar:
    response = page.request.get(url)
    assert response.status == 200, f"{url} answered {response.status}"
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.body())


def _events_by_summary(calendar: Calendar) -> dict:
    events = [component for component in calendar.walk("VEVENT")]
    by_summary = {str(event["SUMMARY"]): event for event in events}
    assert len(by_summary) == len(events), "two events with the same summary"
    return by_summary


def test_community_track_follow_journey(page, new_page, page_errors, live_server, force_login, settings, tmp_path):
    # The feed address on the calendar page is built from SITE_URL; point it at the test server.
    settings.SITE_URL = live_server.url
    base = live_server.url
    edition = EditionFactory(
        slug="2026",
        name="COSCUP 2026",
        start_date=datetime.date(2026, 8, 8),
        end_date=datetime.date(2026, 8, 9),
        is_current=True,
    )
    staff = EditionRoleFactory(edition=edition, kind=RoleKind.STAFF).user
    community = CommunityFactory(slug="python-tw", name="Python Taiwan", name_zh_hant="Python 台灣", is_active=True)
    CommunityFactory(slug="rust-tw", name="Rust Taiwan", name_zh_hant="Rust 台灣", is_active=True)  # not ticked
    attendee = UserFactory(display_name="Ada Attendee")

    # 1. Staff, at a laptop: import the schedule from an uploaded schedule.json.
    staff_page = new_page(viewport=LAPTOP_VIEWPORT, phone=False)
    force_login(staff_page, staff)
    staff_page.goto(f"{base}/tracks/manage/imports/")
    expect(staff_page.locator("main h1")).to_have_text("Schedule imports")
    form = staff_page.locator("form.import-form")
    form.locator("input[name=source][value=upload]").check()
    form.locator("input[name=file]").set_input_files(SCHEDULE_JSON)
    _click_and_wait(staff_page, form.locator("button[type=submit]"))
    # A queued job fetches the schedule (the "immediate" task backend runs it at once), and the progress
    # page hands over to the preview: the import shows what it would do first; nothing changes until
    # staff apply it.
    expect(staff_page.locator("main h1")).to_have_text("Check the import")
    expect(staff_page).to_have_url(re.compile(r"/tracks/manage/imports/\d+/$"))
    assert not Session.objects.filter(edition=edition).exists()
    _click_and_wait(staff_page, staff_page.get_by_role("button", name="Apply this import"))
    expect(staff_page).to_have_url(f"{base}/tracks/manage/imports/")
    expect(staff_page.locator(".messages .message--success")).to_have_text(
        "The schedule was imported: 21 created, 0 updated, 0 removed, 0 unchanged."
    )
    run_card = staff_page.locator("article.import-run")
    expect(run_card).to_have_count(1)
    expect(run_card.locator(".label--ok")).to_have_text("Succeeded")
    expect(run_card.locator(".import-run__source")).to_contain_text("schedule.json")
    run = ImportRun.objects.get(edition=edition)
    assert (run.ok, run.started_by, run.created, run.kind) == (True, staff, 21, "schedule_json")
    assert Session.objects.filter(edition=edition, is_scheduled=True).count() == 21
    track = Track.objects.get(edition=edition, name=TRACK_NAME)
    assert set(Session.objects.filter(track=track).values_list("title", flat=True)) == PYTHON_TITLES
    _screenshot(staff_page, tmp_path / "staff-imports.png")

    # 2. Staff: link the Python track to the community.
    _click_and_wait(staff_page, staff_page.locator(".back-link a[href='/tracks/']"))
    _click_and_wait(staff_page, staff_page.locator("main a[href='/tracks/manage/links/']"))
    expect(staff_page.locator("main h1")).to_have_text("Link tracks to communities")
    section = staff_page.locator(f"section#track-{track.pk}")
    expect(section.locator("h2")).to_have_text(TRACK_NAME)
    section.get_by_label("Python Taiwan", exact=True).check()
    _click_and_wait(staff_page, section.locator("button[type=submit]"))
    expect(staff_page).to_have_url(f"{base}/tracks/manage/links/#track-{track.pk}")
    expect(staff_page.locator(".messages .message--success")).to_have_text(f"Saved the communities of {TRACK_NAME}.")
    expect(staff_page.locator(f"section#track-{track.pk}").get_by_label("Python Taiwan", exact=True)).to_be_checked()
    assert list(track.communities.all()) == [community]
    assert Track.objects.filter(edition=edition, communities__isnull=False).count() == 1
    _screenshot(staff_page, tmp_path / "staff-track-links.png")

    # 3. Attendee, on a phone: the community page lists the track; the track page has the follow button.
    force_login(page, attendee)
    page.goto(f"{base}/communities/{community.slug}/")
    expect(page.locator("main h1")).to_have_text("Python Taiwan")
    expect(page.locator("section[aria-labelledby='community-tracks'] h3")).to_have_text([TRACK_NAME])
    _assert_fits_phone(page)
    page.goto(f"{base}/tracks/")
    card = page.locator(f"li.track-card:has(a[href='/tracks/{track.pk}/'])")
    expect(card.locator(".track-card__meta")).to_have_text("6 sessions")
    expect(card.locator(".track-card__communities a")).to_have_text(["Python Taiwan"])
    _assert_fits_phone(page)
    _click_and_wait(page, card.locator(f".track-card__title a[href='/tracks/{track.pk}/']"))
    expect(page).to_have_url(f"{base}/tracks/{track.pk}/")
    expect(page.locator("main h1")).to_have_text(TRACK_NAME)
    expect(page.locator(".track-communities a")).to_have_text(["Python Taiwan"])
    expect(page.locator(".session-list > li")).to_have_count(6)
    _assert_fits_phone(page)

    # 4. Follow: follows.js posts the form and flips the button in place (no page load).
    follow = page.locator(f".track-follow form[action='/follows/tracks/{track.pk}/toggle/']")
    button = follow.locator("[data-follow-button]")
    expect(button).to_have_attribute("aria-pressed", "false")
    expect(button).to_have_text("Follow")
    expect(follow.locator("[data-follow-count]")).to_have_text("0 followers")
    page.evaluate("window.__sameDocument = true")
    with page.expect_response(re.compile(rf"/follows/tracks/{track.pk}/toggle/$")) as toggle:
        button.click()
    assert toggle.value.status == 200
    assert toggle.value.headers["content-type"] == "application/json"
    expect(button).to_have_attribute("aria-pressed", "true")
    expect(button).to_have_text("Following")
    expect(follow.locator("[data-follow-count]")).to_have_text("1 follower")
    expect(follow.locator("input[name=following]")).to_have_value("0")
    assert page.evaluate("window.__sameDocument") is True, "the follow button reloaded the page"
    assert list(TrackFollow.objects.filter(user=attendee).values_list("track", flat=True)) == [track.pk]
    page.reload()  # the state survives a reload: it comes from the database
    expect(button).to_have_attribute("aria-pressed", "true")
    _assert_fits_phone(page)
    _screenshot(page, tmp_path / "attendee-track.png")

    # 5. The calendar page gives a secret feed address; the feed has the track's sessions.
    page.goto(f"{base}/follows/calendar/")
    expect(page.locator("main h1")).to_have_text("Your calendar feed")
    feed_url = page.locator("#feed-url").input_value()
    assert re.fullmatch(rf"{re.escape(base)}/follows/calendar/[^/]+\.ics", feed_url), feed_url
    _assert_fits_phone(page)
    _screenshot(page, tmp_path / "attendee-calendar.png")

    first = _events_by_summary(_fetch_calendar(page, feed_url))
    assert set(first) == PYTHON_TITLES  # the followed track's sessions, no other track's
    typing = first["Typing Python at scale"]
    dtstart = typing["DTSTART"]
    assert dtstart.params["TZID"] == "Asia/Taipei"
    assert dtstart.dt == datetime.datetime(2026, 8, 8, 10, 30, tzinfo=TAIPEI)
    assert str(dtstart.dt.tzinfo) == "Asia/Taipei"
    assert typing["DTEND"].params["TZID"] == "Asia/Taipei"
    assert all(event["DTSTART"].params["TZID"] == "Asia/Taipei" for event in first.values())
    assert str(typing["LOCATION"]).startswith("RB105")

    second = _events_by_summary(_fetch_calendar(page, feed_url))
    first_uids = {title: str(event["UID"]) for title, event in first.items()}
    second_uids = {title: str(event["UID"]) for title, event in second.items()}
    assert first_uids == second_uids
    assert len(set(first_uids.values())) == len(PYTHON_TITLES)
    session = Session.objects.get(edition=edition, title="Typing Python at scale")
    assert first_uids["Typing Python at scale"] == f"session-2026-{session.code}@{urlsplit(base).hostname}"

    # The address is secret but public: a browser that is not logged in gets the same feed.
    stranger = new_page()
    anonymous = _events_by_summary(_fetch_calendar(stranger, feed_url))
    assert {title: str(event["UID"]) for title, event in anonymous.items()} == first_uids

    assert page_errors == []
