"""The one-day volunteer loop (DESIGN.md flows 1 and 2), end to end in headless Chromium.

Several people, each in a browser of their own: the volunteer on a 360 px phone, the requester at a
laptop, the desk operator on a phone at the service desk. Selectors use URLs, ids, names and classes;
text assertions are English (the contexts' locale).
"""

import re

import pytest
from django.conf import settings
from django.core import mail
from playwright.sync_api import expect

from points import selectors as points_selectors
from points.models import DeskCode, PointsEntry, Redemption, RedemptionItem
from tests.e2e.conftest import LAPTOP_VIEWPORT
from tests.factories.accounts import UserFactory
from tests.factories.points import RewardFactory
from tests.factories.volunteering import SignUpFactory, TaskFactory, in_hours
from volunteering.models import SignUp, SignUpStatus

pytestmark = pytest.mark.e2e

MOBILE_WIDTH = 360
DESK_CODE_TEXT = re.compile(r"^[A-Z0-9]{4}-[A-Z0-9]{4}$")


def _assert_fits_phone(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= MOBILE_WIDTH, f"{page.url} is {width} px wide on a {MOBILE_WIDTH} px phone"


def _click_and_wait(page, locator) -> None:
    with page.expect_navigation():
        locator.click()


def _emails(to: str, subject: str | None = None) -> list:
    """Emails sent to `to`; with `subject`, only those with exactly that subject (after the site prefix)."""
    sent = [m for m in mail.outbox if to in m.to]
    if subject is None:
        return sent
    return [m for m in sent if m.subject == f"[{settings.SITE_NAME}] {subject}"]


def _screenshot(page, path) -> None:
    page.screenshot(path=path, full_page=True)
    assert path.stat().st_size > 0


def test_one_day_volunteer_journey(
    page, new_page, page_errors, live_server, edition, staff_user, desk_user, verified_user, login_by_code,
    force_login, tmp_path,
):  # fmt: skip
    volunteer = verified_user
    task = TaskFactory(
        edition=edition,
        title="Welcome desk shift",
        location="Hall A entrance",
        starts_at=in_hours(2),
        headcount=2,
        points=30,
        requester=staff_user,
    )
    # A full task beside it, so the "open places" filter has something to leave out.
    full_task = TaskFactory(edition=edition, title="Photo walk", starts_at=in_hours(3), headcount=1)
    SignUpFactory(task=full_task)
    reward = RewardFactory(edition=edition, name="Conference T-shirt", cost=20, stock=3)
    base = live_server.url
    task_path = f"/one-day/tasks/{task.pk}/"

    # 1. Volunteer, on a phone, not logged in: the board, filtered to tasks with open places.
    page.goto(f"{base}/one-day/")
    expect(page.locator("main h1")).to_have_text("One-day volunteer")
    expect(page.locator("#board-count")).to_have_text("2 tasks")
    _assert_fits_phone(page)
    page.locator("#id_open").check()  # board.js applies it in place and puts it in the address
    expect(page.locator("#board-count")).to_have_text("1 task")
    expect(page).to_have_url(re.compile(r"/one-day/\?open=on$"))
    cards = page.locator("#board-results .task-card")
    expect(cards).to_have_count(1)
    card = cards.first
    expect(card.locator(".task-card__title")).to_have_text("Welcome desk shift")
    expect(card.locator(".task-card__places .pill--open")).to_have_text("2 of 2 left")
    expect(card).to_contain_text("30 points")
    _assert_fits_phone(page)

    # 2. The task page; "Log in to sign up" logs in by emailed code and comes back (?next=).
    _click_and_wait(page, card.locator(f".task-card__title a[href='{task_path}']"))
    expect(page).to_have_url(f"{base}{task_path}")
    expect(page.locator("main h1")).to_have_text("Welcome desk shift")
    _assert_fits_phone(page)
    _click_and_wait(page, page.locator(".signup-box a[href^='/accounts/login/?next=']"))
    login_by_code(page, live_server, volunteer.email)
    expect(page).to_have_url(f"{base}{task_path}")
    expect(page.locator(".site-account__name")).to_have_text(volunteer.display_name)

    # 3. Sign up: a confirmed place, a message, an email.
    _click_and_wait(page, page.locator(f"form[action$='{task_path}sign-up/'] button[type=submit]"))
    expect(page).to_have_url(f"{base}{task_path}")
    expect(page.locator(".messages .message--success")).to_have_text(
        "You're signed up for Welcome desk shift. See you there!"
    )
    expect(page.locator(".signup-box--confirmed .signup-box__status")).to_have_text("You're signed up.")
    expect(page.locator(f"form[action$='{task_path}cancel-sign-up/'] button[type=submit]")).to_be_visible()
    _assert_fits_phone(page)
    sign_up = SignUp.objects.get(task=task, user=volunteer)
    assert sign_up.status == SignUpStatus.CONFIRMED
    assert len(_emails(volunteer.email, "You're signed up for Welcome desk shift")) == 1

    # 4. Back on the board the card counts the place; then "My one-day volunteering".
    _click_and_wait(page, page.locator(".back-link a[href='/one-day/']"))
    card = page.locator(f"#board-results .task-card:has(a[href='{task_path}'])")
    expect(card.locator(".pill--open")).to_have_text("1 of 2 left")
    expect(card.locator(".pill--mine")).to_have_text("You're signed up")
    page.locator(".account-menu summary").click()  # "My one-day volunteering" is in the menu under the name
    _click_and_wait(page, page.locator(".account-menu__list a[href='/one-day/mine/']"))
    expect(page.locator("main h1")).to_have_text("My one-day volunteering")
    upcoming = page.locator("section[aria-labelledby=upcoming-heading] .mine-item")
    expect(upcoming).to_have_count(1)
    expect(upcoming.locator(".mine-item__title")).to_have_text("Welcome desk shift")
    expect(page.locator(".desk-card__qr svg.qr")).to_be_visible()
    desk_code_text = page.locator(".desk-card__code code").inner_text()
    assert DESK_CODE_TEXT.fullmatch(desk_code_text), desk_code_text
    assert desk_code_text == DeskCode.objects.get(user=volunteer).display
    expect(page.locator(".desk-card__balance strong")).to_have_text("0")
    _assert_fits_phone(page)

    # 5. Requester, at a laptop: the roster, "Completed" for the volunteer.
    requester_page = new_page(viewport=LAPTOP_VIEWPORT, phone=False)
    force_login(requester_page, staff_user)
    requester_page.goto(f"{base}{task_path}roster/")
    person = requester_page.locator(f"li.card:has(#sign-up-{sign_up.pk})")
    expect(person.locator("h3")).to_have_text(volunteer.public_name)
    expect(person.locator(".sign-up-status")).to_have_text("Confirmed")
    completed_button = person.locator(
        f"form[action$='/sign-ups/{sign_up.pk}/mark/']:has(input[name=action][value=completed]) button[type=submit]"
    )
    _click_and_wait(requester_page, completed_button)
    expect(requester_page).to_have_url(f"{base}{task_path}roster/")
    expect(requester_page.locator(".messages .message--success")).to_have_text(
        f"{volunteer.public_name}: completed; 30 points credited."
    )
    expect(person.locator(".sign-up-status--completed")).to_have_text("Completed")
    expect(person.locator("form:has(input[name=action][value=completed])")).to_have_count(0)
    sign_up.refresh_from_db()
    assert sign_up.status == SignUpStatus.COMPLETED
    assert sign_up.marked_by == staff_user
    _screenshot(requester_page, tmp_path / "requester-roster.png")

    # 6. Volunteer: the points have arrived.
    page.reload()
    expect(page.locator(".desk-card__balance strong")).to_have_text("30")
    completed = page.locator("section[aria-labelledby=completed-heading] .mine-item")
    expect(completed).to_have_count(1)
    expect(completed).to_contain_text("30 points earned")
    expect(page.locator("section[aria-labelledby=upcoming-heading] .mine-item")).to_have_count(0)
    expect(page.locator("section[aria-labelledby=history-heading] td.numeric")).to_have_text(["+30"])
    _assert_fits_phone(page)

    # 7. Desk operator, on a phone at the desk: type the code, redeem a T-shirt.
    desk_page = new_page()
    force_login(desk_page, desk_user)
    desk_page.goto(f"{base}/desk/")
    expect(desk_page.locator("main h1")).to_have_text("Volunteer service desk")
    _assert_fits_phone(desk_page)
    find = desk_page.locator("form.desk-find")
    find.locator("input[name=code]").fill(desk_code_text)
    _click_and_wait(desk_page, find.locator("button[type=submit]"))
    code = DeskCode.objects.get(user=volunteer).code
    expect(desk_page).to_have_url(f"{base}/desk/people/{code}/")
    expect(desk_page.locator("main h1")).to_have_text(volunteer.public_name)
    balance = desk_page.locator(".desk-balance__value")
    expect(balance).to_have_text("30 points")
    redeem = desk_page.locator(f"form[action$='/desk/people/{code}/redeem/']")
    expect(redeem.locator(f"label[for=id_reward_{reward.pk}]")).to_contain_text("Conference T-shirt")
    redeem.locator(f"input[name=reward_{reward.pk}]").fill("1")
    expect(redeem.locator("[data-desk-total-value]")).to_have_text("20")  # desk.js adds it up
    expect(redeem.locator("[data-desk-total-warning]")).to_be_hidden()
    _assert_fits_phone(desk_page)
    _click_and_wait(desk_page, redeem.locator("button[type=submit]"))
    expect(desk_page).to_have_url(f"{base}/desk/people/{code}/")
    expect(desk_page.locator(".messages .message--success")).to_have_text(
        "Redeemed Conference T-shirt × 1; new balance 10."
    )
    expect(balance).to_have_text("10 points")
    expect(balance).to_have_attribute("data-desk-balance", "10")
    expect(desk_page.locator(".desk-redemption__items")).to_have_text(["Conference T-shirt × 1"])
    _assert_fits_phone(desk_page)
    _screenshot(desk_page, tmp_path / "desk-person.png")

    reward.refresh_from_db()
    assert reward.stock == 2
    assert points_selectors.balance_for(user=volunteer, edition=edition) == 10
    redemption = Redemption.objects.get(user=volunteer, edition=edition)
    assert (redemption.total_points, redemption.created_by, redemption.voided_at) == (20, desk_user, None)
    assert list(RedemptionItem.objects.values_list("redemption", "reward", "quantity", "cost_each")) == [
        (redemption.pk, reward.pk, 1, 20)
    ]
    assert sorted(PointsEntry.objects.filter(user=volunteer).values_list("amount", flat=True)) == [-20, 30]

    # 8. Volunteer: the balance has dropped.
    page.reload()
    expect(page.locator(".desk-card__balance strong")).to_have_text("10")
    _assert_fits_phone(page)
    _screenshot(page, tmp_path / "volunteer-mine.png")

    assert page_errors == []


def test_waitlist_promotion_journey(page, new_page, page_errors, live_server, edition, force_login, tmp_path):
    task = TaskFactory(edition=edition, title="Badge printing", starts_at=in_hours(5), headcount=1, points=10)
    holder = UserFactory(display_name="Ada Holder")
    holder_sign_up = SignUpFactory(task=task, user=holder)
    waiting = UserFactory(display_name="Bo Waiting")
    base = live_server.url
    task_path = f"/one-day/tasks/{task.pk}/"

    # B, on a phone: the task is full, so the button joins the waitlist.
    force_login(page, waiting)
    page.goto(f"{base}{task_path}")
    expect(page.locator(".signup-box--full")).to_be_visible()
    _click_and_wait(page, page.locator(f"form[action$='{task_path}sign-up/'] button[type=submit]"))
    expect(page.locator(".messages .message--success")).to_have_text(
        "The task is full; you're #1 on the waitlist. We'll email you if a place frees up."
    )
    expect(page.locator(".signup-box--waitlisted .signup-box__status")).to_have_text("You're #1 on the waitlist.")
    _assert_fits_phone(page)
    waiting_sign_up = SignUp.objects.get(task=task, user=waiting)
    assert waiting_sign_up.status == SignUpStatus.WAITLISTED
    assert len(_emails(waiting.email, "You're on the waitlist (#1) for Badge printing")) == 1

    # A, in a browser of their own, gives the place back from the task page.
    holder_page = new_page()
    force_login(holder_page, holder)
    holder_page.goto(f"{base}{task_path}")
    _click_and_wait(holder_page, holder_page.locator(f"form[action$='{task_path}cancel-sign-up/'] button[type=submit]"))
    expect(holder_page.locator(".messages .message--success")).to_have_text(
        "You gave your place on Badge printing back. Thank you for telling us."
    )
    expect(holder_page.locator(".signup-box--full")).to_be_visible()  # B took the place at once
    holder_sign_up.refresh_from_db()
    waiting_sign_up.refresh_from_db()
    assert (holder_sign_up.status, waiting_sign_up.status) == (SignUpStatus.CANCELLED, SignUpStatus.CONFIRMED)
    promoted = _emails(waiting.email, "A place freed up: you're now confirmed for Badge printing")
    assert len(promoted) == 1
    assert _emails(holder.email) == []

    # B sees the confirmed place.
    page.reload()
    expect(page.locator(".signup-box--confirmed .signup-box__status")).to_have_text("You're signed up.")
    _assert_fits_phone(page)
    _screenshot(page, tmp_path / "waitlist-promoted.png")
    assert page_errors == []
