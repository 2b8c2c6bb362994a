"""The venue screen on a 1080p TV, in headless Chromium: large type, everything on one screen, and an
in-place refresh that does not reload the page. Selectors use ids and classes."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from pages.selectors import SCREEN_SESSIONS_SHOWN, SCREEN_TASKS_SHOWN
from tests.factories.communities import CommunityFactory
from tests.factories.editions import EditionFactory
from tests.factories.schedule import RoomFactory, SessionFactory, TrackFactory
from tests.factories.volunteering import TaskFactory, in_hours

pytestmark = pytest.mark.e2e

TV = {"width": 1920, "height": 1080}
LONG_TITLE = "Building reproducible, observable and accessible infrastructure for open-source communities"


@pytest.fixture
def busy_edition(db):
    """An edition on today's date whose screen has every list full, with long titles and names."""
    today = timezone.localdate(timezone=datetime.timezone(datetime.timedelta(hours=8)))
    edition = EditionFactory(slug="2027", is_current=True, start_date=today, end_date=today)
    community = CommunityFactory(name="Open Source Hardware Community", name_zh_hant="開放原始碼硬體社群")
    for index in range(SCREEN_SESSIONS_SHOWN + 6):
        room = RoomFactory(edition=edition, name=f"TR{409 + index}-2", name_zh_hant=f"研揚大樓 TR{409 + index}-2 教室")
        track = TrackFactory(edition=edition, name=f"Track of a community {index}", name_zh_hant=f"社群議程軌 {index}")
        SessionFactory(
            edition=edition, title=LONG_TITLE, room=room, track=track, starts_at=in_hours(-0.25), ends_at=in_hours(0.5)
        )
        SessionFactory(edition=edition, title=LONG_TITLE, room=room, track=track, starts_at=in_hours(0.5))
    for index in range(SCREEN_TASKS_SHOWN + 2):
        for start in [-0.5, 1]:
            TaskFactory(
                edition=edition,
                title=f"Room host and timekeeper for the afternoon sessions {index}",
                room=room,
                community=community,
                track=track,
                starts_at=in_hours(start),
                headcount=12,
            )
    return edition


def test_venue_screen_on_a_1080p_tv(new_page, page_errors, live_server, busy_edition):
    page = new_page(viewport=TV, phone=False)
    page.clock.install()  # the page's timers wait for the test to move the clock
    page.goto(f"{live_server.url}/screen/")

    # A kiosk page: no site header, menus or footer.
    for chrome in [".site-header", ".site-footer", ".language-switcher", "a[href*='/accounts/login/']"]:
        expect(page.locator(chrome)).to_have_count(0)

    # Every list is full and says how much more there is.
    now, upcoming = page.locator("#screen-now").locator(".."), page.locator("#screen-next").locator("..")
    expect(now.locator(".screen-row--session")).to_have_count(SCREEN_SESSIONS_SHOWN)
    expect(now.locator(".screen-row--task")).to_have_count(SCREEN_TASKS_SHOWN)
    expect(upcoming.locator(".screen-row--session")).to_have_count(SCREEN_SESSIONS_SHOWN)
    expect(upcoming.locator(".screen-row--task")).to_have_count(SCREEN_TASKS_SHOWN)
    expect(page.locator(".screen__more")).to_have_count(4)

    # Large type: readable from five metres on a 1080p TV.
    sizes = page.evaluate(
        """() => Object.fromEntries(
            ["h1", "h2", ".screen-row__title", ".screen-row__time", ".screen__clock"].map(
                (selector) => [selector, parseFloat(getComputedStyle(document.querySelector(selector)).fontSize)]
            )
        )"""
    )
    assert all(size >= 40 for size in sizes.values()), sizes

    # Nothing overflows the screen, and nothing inside a column is cut off at its bottom.
    overflow = page.evaluate(
        """() => ({
            width: document.documentElement.scrollWidth - innerWidth,
            height: document.documentElement.scrollHeight - innerHeight,
            clipped: [...document.querySelectorAll(".screen__column, .screen__side")]
                .filter((el) => el.scrollHeight > el.clientHeight || el.scrollWidth > el.clientWidth)
                .map((el) => el.className),
        })"""
    )
    assert overflow == {"width": 0, "height": 0, "clipped": []}

    # With JavaScript, a minute later the content is refreshed in place: no reload.
    page.evaluate("window.stillTheSamePage = true")
    TaskFactory(edition=busy_edition, title="Fresh task", starts_at=in_hours(0.1), headcount=2)
    page.clock.run_for(61_000)
    expect(upcoming.locator(".screen-row--task").first).to_contain_text("Fresh task")
    assert page.evaluate("window.stillTheSamePage") is True

    assert page_errors == []
