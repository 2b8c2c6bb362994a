"""Check in where the task happens (issue 12), end to end in headless Chromium.

The requester at a laptop prints the sheet and keeps the roster open; the volunteer, on a 360 px
phone and logged out, opens the sheet's address (what the phone camera does with its QR code), logs
in by code and comes back, checks in, and checks out. The roster shows them as here without a
reload (roster-live.js), then as ready to confirm; one tap confirms and credits the points.
"""

import io
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from checkin.models import CheckIn
from points.selectors import balance_for
from tests.e2e.conftest import LAPTOP_VIEWPORT
from tests.factories.volunteering import SignUpFactory, TaskFactory, in_hours
from volunteering.models import SignUpStatus

pytestmark = pytest.mark.e2e

MOBILE_WIDTH = 360


def _assert_fits_phone(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= MOBILE_WIDTH, f"{page.url} is {width} px wide on a {MOBILE_WIDTH} px phone"


def _click_and_wait(page, locator) -> None:
    with page.expect_navigation():
        locator.click()


def test_check_in_journey(
    page, new_page, page_errors, live_server, settings, edition, staff_user, verified_user, login_by_code, force_login
):
    settings.SITE_URL = live_server.url  # the sheet's QR code holds an absolute address
    volunteer = verified_user
    task = TaskFactory(
        edition=edition,
        title="Room host, Hall B",
        location="Hall B",
        starts_at=in_hours(-0.1),
        ends_at=in_hours(2),
        headcount=2,
        points=30,
        requester=staff_user,
    )
    sign_up = SignUpFactory(task=task, user=volunteer)
    base = live_server.url

    # 1. The requester, at a laptop: the sheet, in both languages, with the day's address.
    requester = new_page(viewport=LAPTOP_VIEWPORT, phone=False)
    force_login(requester, staff_user)
    requester.goto(f"{base}/one-day/tasks/{task.pk}/roster/")
    _click_and_wait(requester, requester.locator(f"a[href='/check-in/{task.pk}/sheet/']"))
    expect(requester.locator("main h1 [lang=en]")).to_have_text("Check in here")
    expect(requester.locator("main h1 [lang=zh-Hant]")).to_be_visible()
    expect(requester.locator(".sheet__qr svg")).to_be_visible()
    address = requester.locator(".sheet__url").inner_text()
    assert re.fullmatch(rf"{re.escape(base)}/check-in/{task.pk}/[a-z2-7]{{10}}/", address), address
    path = address.removeprefix(base)
    # Printed, it is one page of the size chosen (A5 unless A4 is asked for), the two languages side by side.
    for size, (width_mm, height_mm) in (("a5", (148, 210)), ("a4", (210, 297))):
        requester.goto(f"{base}/check-in/{task.pk}/sheet/?size={size}")
        pages = PdfReader(io.BytesIO(requester.pdf(prefer_css_page_size=True))).pages
        box = pages[0].mediabox
        assert (len(pages), round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (
            1,
            width_mm,
            height_mm,
        )

    # ...then the roster, left open: nobody is here yet, the task has started.
    requester.goto(f"{base}/one-day/tasks/{task.pk}/roster/")
    person = requester.locator(f"li.card:has(#sign-up-{sign_up.pk})")
    expect(person.locator(".presence")).to_contain_text("Late: not checked in")

    # 2. The volunteer scans the sheet with the phone camera: logged out, the task and a login link that comes back.
    page.goto(address)
    expect(page.locator("main h1")).to_have_text("Check in: Room host, Hall B")
    page.locator("main a.button", has_text="Log in to check in").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next="))
    login_by_code(page, live_server, volunteer.email)
    expect(page).to_have_url(f"{base}{path}")
    expect(page.locator("main h1")).to_have_text("Check in: Room host, Hall B")
    _assert_fits_phone(page)
    assert CheckIn.objects.count() == 0  # opening the page changed nothing

    # 3. Check in: one tap.
    _click_and_wait(page, page.locator("form.check-in__form button[type=submit]"))
    expect(page.locator(".messages .message--success")).to_contain_text("You are checked in")
    expect(page.locator(".check-in__status--here")).to_contain_text("You checked in at")
    _assert_fits_phone(page)

    # The requester's roster shows them as here without a reload (roster-live.js, every 12 s).
    expect(person.locator(".presence--here")).to_contain_text("Here since", timeout=25_000)
    expect(requester.locator(".attendance__groups")).to_contain_text(volunteer.public_name)

    # 4. Leaving: scan again, check out.
    page.goto(address)
    expect(page.locator("form.check-in__form input[name=action]")).to_have_value("check_out")
    _click_and_wait(page, page.locator("form.check-in__form button[type=submit]"))
    expect(page.locator(".messages .message--success")).to_contain_text("You are checked out")
    expect(page.locator(".check-in__status--left")).to_contain_text("You were here from")
    _assert_fits_phone(page)
    sign_up.refresh_from_db()
    assert (sign_up.status, balance_for(user=volunteer, edition=edition)) == (SignUpStatus.CONFIRMED, 0)

    # 5. The requester confirms in one tap; the points are credited then.
    requester.reload()
    expect(person.locator(".presence__ready")).to_contain_text("Ready to confirm")
    _click_and_wait(requester, person.locator("button", has_text="Confirm completion"))
    expect(requester.locator(".messages .message--success")).to_have_text(
        f"{volunteer.public_name}: completed; 30 points credited."
    )
    sign_up.refresh_from_db()
    assert (sign_up.status, balance_for(user=volunteer, edition=edition)) == (SignUpStatus.COMPLETED, 30)
    assert page_errors == []
