"""Real-browser test infrastructure: Playwright driving Debian's headless Chromium.

Playwright's own browser download is not used; the system Chromium (`apt-get install chromium`)
is. Without it every e2e test is skipped and the run ends with one loud line saying so.

Fixtures:
- `browser`: one Chromium for the e2e package (stopped before other tests run).
- `page`: a fresh context (cookies, storage) per test, phone-sized (360x800), 10 s timeouts;
  a full-page screenshot is saved (path printed) when the test fails.
- `new_page`: more people's browsers in one test (a fresh context each; phone-sized unless told).
- `page_errors`: JavaScript errors and failed static loads seen by `page`; journeys assert it stays empty.
- `login_by_code`: logs a person in through the real passwordless UI, reading the code from mail.outbox.
- `force_login`: a fast path that puts a logged-in session cookie into the page's context.
"""

import os
import re
import shutil
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core import mail

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # Without these Chromium phones home to Google at start-up and is refused (no network here).
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 360, "height": 800}  # mobile first: the narrowest phone we design for
LAPTOP_VIEWPORT = {"width": 1280, "height": 800}
DEFAULT_TIMEOUT_MS = 10_000

CHROMIUM_MISSING = "Chromium not found (apt-get install chromium)"
_skip_key = pytest.StashKey[str]()


def _skip_browser_tests(config, why: str):
    config.stash[_skip_key] = why
    pytest.skip(f"Browser tests skipped: {why}")


def _chromium_path() -> str | None:
    """CHROMIUM_PATH if set (e.g. a Chrome elsewhere), else `chromium` on PATH (Debian: /usr/bin/chromium)."""
    configured = os.environ.get("CHROMIUM_PATH")
    if configured:
        return configured if os.access(configured, os.X_OK) else None
    return shutil.which("chromium")


@pytest.fixture(scope="package", autouse=True)
def _allow_orm_beside_playwright():
    """Let the test thread use the ORM while Playwright's event loop is registered as running in it.

    Playwright's sync API keeps an asyncio loop "running" in this thread for as long as it is
    started; Django then refuses ORM calls here (SynchronousOnlyOperation) unless
    DJANGO_ALLOW_ASYNC_UNSAFE is set. Set only while the e2e package runs and restored after: set
    for the whole session it would leak into subprocesses, and `manage.py check --deploy` fails on it.
    """
    key = "DJANGO_ALLOW_ASYNC_UNSAFE"
    previous = os.environ.get(key)
    os.environ[key] = "true"
    yield
    if previous is None:
        os.environ.pop(key, None)
    else:
        os.environ[key] = previous


# Package scope, not session: the loop must be gone (Playwright stopped) before tests outside
# tests/e2e run, or their ORM calls would be refused. Still one Chromium for all e2e tests.
@pytest.fixture(scope="package")
def browser(request):
    executable = _chromium_path()
    if executable is None:
        _skip_browser_tests(request.config, CHROMIUM_MISSING)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - requirements.txt installs it
        _skip_browser_tests(request.config, "the playwright package is not installed (pip install -r requirements.txt)")

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page_errors():
    """Problems `page` saw: uncaught JavaScript errors, console errors, failed CSS/JS/image loads."""
    return []


# Browsers ask for /favicon.ico on their own; the site does not serve one (yet).
_IGNORED_MISSING = ("/favicon.ico",)


def _record_console_error(message, errors):
    # "Failed to load resource" lines carry no URL; _record_failed_subresource reports those.
    if message.type == "error" and not message.text.startswith("Failed to load resource"):
        errors.append(f"console: {message.text}")


def _record_failed_subresource(response, errors):
    request = response.request
    if response.status >= 400 and not request.is_navigation_request() and not request.url.endswith(_IGNORED_MISSING):
        errors.append(f"{response.status} {request.resource_type}: {request.url}")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    # Keep each phase's report on the test item, so `page` can tell whether the test failed.
    report = yield
    item.stash.setdefault(_reports_key, {})[report.when] = report
    return report


_reports_key = pytest.StashKey[dict]()


def _open_page(browser, page_errors, *, viewport=VIEWPORT, phone=True):
    """A page in a fresh context (cookies, storage) whose problems are recorded in `page_errors`."""
    context = browser.new_context(
        viewport=viewport,
        is_mobile=phone,
        has_touch=phone,
        device_scale_factor=1,
        locale="en-US",
        timezone_id="Asia/Taipei",
    )
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    context.set_default_navigation_timeout(DEFAULT_TIMEOUT_MS)
    page = context.new_page()
    page.on("pageerror", lambda error: page_errors.append(f"pageerror: {error}"))
    page.on("console", lambda message: _record_console_error(message, page_errors))
    page.on("response", lambda response: _record_failed_subresource(response, page_errors))
    return page


def _close_pages(pages, request, tmp_path_factory):
    """Close the pages' contexts; when the test failed, save a full-page screenshot of each first."""
    call_report = request.node.stash.get(_reports_key, {}).get("call")
    failed = call_report is not None and call_report.failed
    for number, page in enumerate(pages):
        if failed:
            suffix = f"-{number}" if number else ""
            shot = tmp_path_factory.mktemp("e2e-failure") / f"{request.node.name}{suffix}.png"
            try:
                page.screenshot(path=shot, full_page=True)
                print(f"Screenshot of the page at failure ({page.url}): {shot}")
            except Exception as error:  # the page may be gone; the test failure matters more
                print(f"Could not take a failure screenshot: {error}")
        page.context.close()


@pytest.fixture
def page(browser, page_errors, request, tmp_path_factory):
    page = _open_page(browser, page_errors)
    yield page
    _close_pages([page], request, tmp_path_factory)


@pytest.fixture
def new_page(browser, page_errors, request, tmp_path_factory):
    """`new_page(viewport=LAPTOP_VIEWPORT, phone=False)`: one more person's browser (own cookies), e.g.
    a requester at a laptop beside the volunteer's phone. Problems go to the same `page_errors`."""
    pages = []

    def _new_page(*, viewport=VIEWPORT, phone=True):
        pages.append(_open_page(browser, page_errors, viewport=viewport, phone=phone))
        return pages[-1]

    yield _new_page
    _close_pages(pages, request, tmp_path_factory)


# A code line on its own, e.g. "BBKQ-LVFX" (allauth 65's default) or "K7Q2XZ" (older default).
_CODE_PATTERNS = (
    re.compile(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", re.MULTILINE),
    re.compile(r"^\s*([A-Z0-9]{6,10})\s*$", re.MULTILINE),
)


def login_code_from_email(email: str) -> str:
    """The one-time code in the latest email sent to `email`."""
    sent = [message for message in mail.outbox if email in message.to]
    assert sent, f"no email sent to {email}; outbox: {[m.to for m in mail.outbox]}"
    body = sent[-1].body
    for pattern in _CODE_PATTERNS:
        match = pattern.search(body)
        if match:
            return match.group(1)
    raise AssertionError(f"no login code found in the email body:\n{body}")


def _login_by_code(page, live_server, email: str, *, next_url: str | None = None) -> None:
    """Log in through the real UI: request a code, read it from mail.outbox, type it in.

    Starts at the login page unless the page is already on it (e.g. after clicking "Log in").
    Returns once the browser has left the code confirmation page.
    """
    if "/accounts/login/" not in page.url or "/code/" in page.url:
        url = f"{live_server.url}/accounts/login/"
        if next_url:
            url += f"?next={quote(next_url)}"
        page.goto(url)
    already_sent = len(mail.outbox)
    login_form = page.locator("main form[action$='/accounts/login/']")
    login_form.locator("input[name=login]").fill(email)
    with page.expect_navigation():
        login_form.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r"/accounts/login/code/confirm/"))
    assert len(mail.outbox) > already_sent, "no sign-in code email was sent"

    code = login_code_from_email(email)
    confirm_form = page.locator("main form:has(input[name=code])")
    confirm_form.locator("input[name=code]").fill(code)
    with page.expect_navigation():
        # The form also holds a "Cancel" button bound to another form (form="logout-from-stage").
        confirm_form.locator("button[type=submit]:not([form])").click()
    assert "/accounts/login/code/confirm/" not in page.url, "the sign-in code was not accepted"


@pytest.fixture
def login_by_code():
    """`login_by_code(page, live_server, email, next_url=None)`: log in through the passwordless UI."""
    return _login_by_code


@pytest.fixture
def verified_user(user):
    """`user` with a verified, primary email address, as allauth expects of an existing account."""
    from allauth.account.models import EmailAddress

    EmailAddress.objects.update_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
    return user


@pytest.fixture
def force_login(live_server):
    """`force_login(page, user)`: skip the UI and give the page's context a logged-in session."""
    from django.test import Client

    def _force_login(page, user):
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        page.context.add_cookies(
            [{"name": cookie.key, "value": cookie.value, "url": live_server.url, "httpOnly": True}]
        )

    return _force_login


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    reason = config.stash.get(_skip_key, None)
    if reason:
        terminalreporter.write_sep("!", f"BROWSER TESTS SKIPPED: {reason}", yellow=True, bold=True)
