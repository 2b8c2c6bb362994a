"""Every main page, as every role, runs under the strict Content-Security-Policy with nothing refused.

The demo data gives each role something to show. Each page is loaded, its small scripts are used (the
board's filters, follow buttons, the live preview, the account menu, the language switcher, the
backstage's date shortcuts, the desk's camera scan), and the browser's console must hold no CSP
violation and no JavaScript error.
"""

import json
import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

CSP_WORDS = ("Content Security Policy", "Refused to")
# Reports every violation on the console too (Playwright's init scripts are not subject to the policy).
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`Content Security Policy violation: ${event.violatedDirective} ${event.blockedURI}`);
});
"""

FAKE_DETECTOR = """
window.BarcodeDetector = class {
  static async getSupportedFormats() { return ["qr_code"]; }
  async detect(video) { return video.videoWidth > 0 ? [{ rawValue: PAYLOAD }] : []; }
};
"""


@pytest.fixture
def demo(db):
    from demo.services import seed_demo

    seed_demo(scale=1)


def _watch(page, seen: list, role: str) -> None:
    page.add_init_script(REPORT_VIOLATIONS)
    page.on(
        "console",
        lambda message: (
            seen.append(f"{role} {page.url}: {message.text}")
            if any(word in message.text for word in CSP_WORDS)
            else None
        ),
    )


def _user(email):
    from accounts.models import User

    return User.objects.get(email=email)


def _visit(page, live_server, path: str) -> None:
    response = page.goto(f"{live_server.url}{path}")
    assert response is not None and response.status in (200, 404), (path, response and response.status)
    assert "default-src 'self'" in response.headers.get("content-security-policy", ""), path


def _paths():
    from communities.models import Community
    from editions.selectors import current_edition
    from manual.selectors import PAGE_SLUGS
    from schedule.models import Session, Track
    from volunteering.models import Task

    edition = current_edition()
    python_tw = Community.objects.get(slug="python-tw")
    task = Task.objects.filter(edition=edition, community=python_tw, status="open").order_by("starts_at").first()
    session = Session.objects.filter(edition=edition, track__isnull=False).order_by("starts_at").first()
    return {
        "edition": edition,
        "task": task,
        "community": python_tw,
        "track": Track.objects.filter(edition=edition).order_by("pk").first(),
        "session": session,
        "manual": sorted(PAGE_SLUGS)[0],
    }


def test_every_main_page_runs_under_the_policy(page, new_page, page_errors, live_server, force_login, demo):
    from django.utils import timezone

    from checkin.selectors import sheet_code

    objects = _paths()
    task, community, track, session = objects["task"], objects["community"], objects["track"], objects["session"]
    check_in = f"/check-in/{task.pk}/{sheet_code(task=task, day=timezone.localtime(task.starts_at).date())}/"
    public = [
        "/",
        "/one-day/",
        task.get_absolute_url(),
        "/communities/",
        community.get_absolute_url(),
        "/tracks/",
        f"/tracks/{track.pk}/",
        f"/tracks/sessions/{session.pk}/",
        "/tracks/schedule/",
        f"/follows/communities/{community.slug}/",
        f"/follows/tracks/{track.pk}/card/",
        "/manual/",
        f"/manual/{objects['manual']}/",
        "/guide/",
        "/guide/poster/",
        "/screen/",
        "/no-such-page/",
    ]
    pages_of = {
        None: [*public, "/accounts/login/", "/accounts/signup/"],
        "volunteer@example.org": [
            *public,
            "/one-day/mine/",
            "/follows/",
            "/follows/calendar/",
            "/accounts/profile/",
            "/accounts/email/",
            "/certificates/",
            check_in,
        ],
        "responsible@example.org": [
            "/communities/mine/",
            f"/communities/{community.slug}/edit/",
            f"/communities/{community.slug}/history/",
            "/one-day/requests/",
            "/one-day/tasks/new/",
            f"/one-day/tasks/{task.pk}/edit/",
            f"/one-day/tasks/{task.pk}/roster/",
            f"/check-in/{task.pk}/sheet/",
            f"/follows/communities/{community.slug}/card/",
            f"/follows/communities/{community.slug}/contact-sharing/",
            f"/follows/communities/{community.slug}/shared-contacts/",
        ],
        "desk@example.org": ["/desk/", "/desk/?q=volunteer%40example.org"],
        "staff@example.org": [
            "/one-day/",
            "/communities/contacts/",
            "/communities/contacts/log/",
            "/communities/contacts/message/",
            f"/communities/editions/{objects['edition'].slug}/responsible-persons/",
            "/tracks/manage/imports/",
            "/tracks/manage/links/",
            "/guide/edit/",
            f"/figures/{objects['edition'].slug}/",
            "/certificates/signer/",
            "/backstage/",
            "/backstage/volunteering/task/",
            f"/backstage/volunteering/task/{task.pk}/change/",
        ],
        "admin@example.org": [
            "/backstage/",
            "/backstage/accounts/user/",
            "/backstage/accounts/user/?q=example.org",
            "/backstage/editions/edition/add/",
        ],
    }
    violations: list[str] = []
    browsers = {}
    for role, paths in pages_of.items():
        browser_page = page if role is None else new_page()
        _watch(browser_page, violations, role or "anonymous")
        if role:
            force_login(browser_page, _user(role))
        for path in paths:
            _visit(browser_page, live_server, path)
        browsers[role] = browser_page

    # Anonymous: the board's filters apply in place (fetch + history), the language switcher submits itself.
    anonymous = browsers[None]
    _visit(anonymous, live_server, "/one-day/")
    anonymous.locator("form[data-board-filters] input[type=search]").fill("zzz-nothing-matches")
    expect(anonymous).to_have_url(re.compile(r"\?q=zzz-nothing-matches"))
    expect(anonymous.locator("#board-results")).not_to_contain_text(task.title)
    with anonymous.expect_navigation():
        anonymous.locator("form.language-switcher select[name=language]").select_option("zh-hant")
    expect(anonymous.locator("html")).to_have_attribute("lang", "zh-hant")

    # A volunteer: the account menu opens and closes; a follow button toggles without leaving the page.
    volunteer = browsers["volunteer@example.org"]
    _visit(volunteer, live_server, community.get_absolute_url())
    menu = volunteer.locator("details[data-account-menu]")
    menu.locator("summary").click()
    expect(menu).to_have_attribute("open", "")
    volunteer.keyboard.press("Escape")
    expect(menu).not_to_have_attribute("open", "")
    button = volunteer.locator("main [data-follow-form] [data-follow-button]").first
    before = button.get_attribute("aria-pressed")
    url = volunteer.url
    button.click()
    expect(button).not_to_have_attribute("aria-pressed", before or "")
    assert volunteer.url == url

    # A responsible person: the live preview renders the typed Markdown.
    responsible = browsers["responsible@example.org"]
    _visit(responsible, live_server, f"/communities/{community.slug}/edit/")
    preview = responsible.locator("[data-preview-for]").first
    field = responsible.locator(f"#{preview.get_attribute('data-preview-for')}")
    field.fill("Hello **bold** world")
    expect(preview.locator("strong")).to_have_text("bold")

    # The venue screen's clock runs.
    _visit(anonymous, live_server, "/screen/")
    expect(anonymous.locator("time[data-clock]")).to_have_text(re.compile(r"^\d\d:\d\d$"))

    # The backstage's own scripts: the date shortcut fills today's date.
    admin = browsers["admin@example.org"]
    _visit(admin, live_server, "/backstage/editions/edition/add/")
    admin.locator("#id_start_date").locator("xpath=..").locator(".datetimeshortcuts a").first.click()
    expect(admin.locator("#id_start_date")).not_to_have_value("")

    assert violations == []
    assert page_errors == []


def test_the_desk_camera_scan_works_under_the_policy(browser, page_errors, live_server, force_login, demo):
    from points.desk_codes import desk_code_for, qr_payload
    from tests.e2e.conftest import CHROMIUM_ARGS, _chromium_path

    volunteer = _user("volunteer@example.org")
    payload = qr_payload(desk_code_for(volunteer))
    # Chromium's fake camera; and a stand-in for the browser's QR detector (Linux builds have none) that
    # "reads" the code once the <video> shows frames from the camera.
    camera_browser = browser.browser_type.launch(
        executable_path=_chromium_path(),
        headless=True,
        args=[*CHROMIUM_ARGS, "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"],
    )
    try:
        context = camera_browser.new_context(viewport={"width": 360, "height": 800}, is_mobile=True, has_touch=True)
        context.grant_permissions(["camera"], origin=live_server.url)
        context.add_init_script(FAKE_DETECTOR.replace("PAYLOAD", json.dumps(payload)))
        desk = context.new_page()
        violations: list[str] = []
        _watch(desk, violations, "desk@example.org")
        desk.on("pageerror", lambda error: page_errors.append(f"pageerror: {error}"))
        force_login(desk, _user("desk@example.org"))

        _visit(desk, live_server, "/desk/")
        start = desk.locator("[data-desk-scan-start]")
        expect(start).to_be_visible()
        with desk.expect_navigation():
            start.click()

        expect(desk).to_have_url(re.compile(r"/desk/people/"))
        expect(desk.locator("main")).to_contain_text(volunteer.display_name)
        assert violations == []
        assert page_errors == []
    finally:
        camera_browser.close()
