"""Screenshots for the instruction manual: `make manual-screenshots`.

Builds a throw-away SQLite database with the demo data, serves the real app from it with
`manage.py runserver` on a free port, and photographs the pages listed in SHOTS with the system's
headless Chromium (Playwright's own browser download does not work here), phone- or laptop-sized, in
each language. The images land in manual/static/manual/screenshots/<name>-<language>-<viewport>.png
and are committed; the manual's Markdown refers to them.

To add a screenshot, add a Shot to SHOTS, run `make manual-screenshots`, look at the image, refer to it
from the manual's Markdown in both languages and commit it. A page that answers 404 (not built yet) is
skipped with a warning; any other failure makes the run exit with status 1 after the other shots.
"""

from __future__ import annotations

import os
import sys

PROJECT_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if __name__ == "__main__":
    # Run as a script, Python puts this folder first on sys.path, where selectors.py would hide the
    # standard library's module of that name. Import from the project's root instead, before anything else.
    sys.path[0] = PROJECT_ROOT

import shutil  # noqa: E402
import socket  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import urllib.error  # noqa: E402
import urllib.request  # noqa: E402
from collections.abc import Callable  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from pathlib import Path  # noqa: E402

BASE_DIR = Path(PROJECT_ROOT)

OUTPUT_DIR = BASE_DIR / "manual" / "static" / "manual" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
VIEWPORTS = {"phone": {"width": 360, "height": 800}, "desktop": {"width": 1280, "height": 800}}
LANGUAGES = ("en", "zh-hant")
BROWSER_LOCALES = {"en": "en-US", "zh-hant": "zh-TW"}
SERVER_START_SECONDS = 60
PAGE_TIMEOUT_MS = 20_000


@dataclass(frozen=True)
class Shot:
    """One picture of one page, taken in every language and each of the viewports."""

    name: str  # file name stem: <name>-<language>-<viewport>.png
    path: str | Callable[[], str]  # the address, or a function that finds it in the demo data
    user: str | None = None  # the demo account to log in as; None for a visitor
    viewports: tuple[str, ...] = ("phone",)  # keys of VIEWPORTS
    scroll_to: str | None = None  # CSS selector of an element to bring to the top before the shot


# The demo accounts (demo/services.py).
STAFF = "staff@example.org"
DESK = "desk@example.org"
VOLUNTEER = "volunteer@example.org"
RESPONSIBLE = "responsible@example.org"

# Scene setters: find a page in the demo data, arranging it a little where that shows more.
# They run before Playwright starts (its event loop would make Django refuse database calls here).


def _roster_with_marks() -> str:
    """The busiest open task, with one person marked completed and one as a no-show."""
    from django.db.models import Count

    from accounts.models import User
    from editions.selectors import current_edition
    from volunteering import services
    from volunteering.models import SignUpStatus, Task

    task = (
        Task.objects.filter(edition=current_edition(), status="open")
        .annotate(people=Count("sign_ups"))
        .order_by("-people", "pk")
        .first()
    )
    staff = User.objects.get(email=STAFF)
    confirmed = list(task.sign_ups.filter(status=SignUpStatus.CONFIRMED).order_by("signed_up_at", "pk")[:2])
    if confirmed:
        services.mark_completed(sign_up=confirmed[0], by=staff)
    if len(confirmed) > 1:
        services.mark_no_show(sign_up=confirmed[1], by=staff)
    return f"/one-day/tasks/{task.pk}/roster/"


def _desk_panel_with_a_task_today() -> str:
    """The demo volunteer's desk panel, with a task of theirs that started ten minutes ago."""
    import datetime

    from django.urls import reverse
    from django.utils import timezone

    from accounts.models import User
    from editions.selectors import current_edition
    from points.desk_codes import desk_code_for
    from volunteering.models import SignUp, SignUpStatus, Task

    volunteer = User.objects.get(email=VOLUNTEER)
    now = timezone.now()
    task = (
        Task.objects.filter(edition=current_edition(), status="open", is_remote=False)
        .exclude(sign_ups__user=volunteer)
        .order_by("pk")
        .first()
    )
    Task.objects.filter(pk=task.pk).update(
        starts_at=now - datetime.timedelta(minutes=10), ends_at=now + datetime.timedelta(hours=2)
    )
    SignUp.objects.create(task=task, user=volunteer, status=SignUpStatus.CONFIRMED, signed_up_at=now)
    return reverse("points:person", args=[desk_code_for(volunteer).code])


def _community_history_with_an_edit() -> str:
    """Python Taiwan's history after its responsible person rewrote a line of the introduction."""
    from accounts.models import User
    from communities.models import Community
    from communities.services.pages import community_update
    from editions.selectors import current_edition

    community = Community.objects.get(slug="python-tw")
    introduction = community.introduction.replace("Beginners welcome", "Beginners and students welcome")
    community_update(
        community=community,
        data={"introduction": introduction, "summary": community.summary + " Join us at COSCUP!"},
        by=User.objects.get(email=RESPONSIBLE),
        edition=current_edition(),
    )
    return f"/communities/{community.slug}/history/"


# Only what the manual shows; each entry costs two images (one per language) per viewport.
SHOTS = [
    Shot("login", "/accounts/login/"),
    Shot("profile", "/accounts/profile/", user=VOLUNTEER, scroll_to="main fieldset:nth-of-type(2)"),
    Shot("board", "/one-day/", user=VOLUNTEER),
    Shot("task-new", "/one-day/tasks/new/", user=STAFF, viewports=("desktop",)),
    Shot("roster", _roster_with_marks, user=STAFF, viewports=("desktop",)),
    Shot("desk", "/desk/", user=DESK),
    Shot("desk-person", _desk_panel_with_a_task_today, user=DESK, viewports=("desktop",)),
    Shot("imports", "/tracks/manage/imports/", user=STAFF, viewports=("desktop",)),
    Shot("community-edit", "/communities/python-tw/edit/", user=RESPONSIBLE, viewports=("desktop",)),
    Shot("my-communities", "/communities/mine/", user=RESPONSIBLE),
    Shot("community-history", _community_history_with_an_edit, user=RESPONSIBLE, viewports=("desktop",)),
    Shot(
        "responsible-persons",
        "/communities/editions/2027/responsible-persons/",
        user=STAFF,
        viewports=("desktop",),
        scroll_to="#community-rust-tw",
    ),
    Shot("contacts", "/communities/contacts/", user=STAFF, viewports=("desktop",)),
]


def main() -> int:
    workdir = Path(tempfile.mkdtemp(prefix="manual-screenshots-"))
    env = _environment(workdir)
    os.environ.update(env)
    server = None
    try:
        import django

        django.setup()
        from django.core.management import call_command

        print("Preparing a temporary database with the demo data…")
        call_command("migrate", interactive=False, verbosity=0)
        call_command("seed_demo", verbosity=0)
        jobs = _jobs()
        sessions = _sessions({shot.user for shot in SHOTS if shot.user})

        port = _free_port()
        base_url = f"http://127.0.0.1:{port}"
        server = _start_server(port, env, workdir / "server.log")
        _wait_for(base_url, server, workdir / "server.log")
        return _photograph(base_url, jobs, sessions)
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
        shutil.rmtree(workdir, ignore_errors=True)


def _environment(workdir: Path) -> dict[str, str]:
    """What the script and its server share: the temporary database and media, development settings."""
    return {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": f"sqlite:///{workdir / 'db.sqlite3'}",
        "MEDIA_ROOT": str(workdir / "media"),
        "PRODUCTION": "false",
        "DEBUG": "true",
        "REDIS_URL": "",
        "TASKS_BACKEND": "immediate",
        "EMAIL_URL": "consolemail://",
    }


def _jobs() -> list[tuple[Shot, str]]:
    """Each shot with its address; the demo data answers the functions (before Playwright starts:
    its event loop would make Django refuse database calls in this thread)."""
    return [(shot, shot.path() if callable(shot.path) else shot.path) for shot in SHOTS]


def _sessions(emails: set[str]) -> dict[str, str]:
    """A logged-in session cookie per demo account, as django.test.Client.force_login makes one.

    The accounts' preferred language is cleared so the language cookie decides each shot's language."""
    from django.conf import settings
    from django.test import Client

    from accounts.models import User

    cookies = {}
    for email in sorted(emails):
        user = User.objects.get(email=email)
        User.objects.filter(pk=user.pk).update(preferred_language="")
        client = Client()
        client.force_login(user)
        cookies[email] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return cookies


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _start_server(port: int, env: dict[str, str], log_path: Path) -> subprocess.Popen:
    log = open(log_path, "wb")  # noqa: SIM115 - stays open for the server's lifetime
    return subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=BASE_DIR,
        env={**os.environ, **env},
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def _wait_for(base_url: str, server: subprocess.Popen, log_path: Path) -> None:
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            break
        try:
            with urllib.request.urlopen(f"{base_url}/manual/", timeout=2):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    raise SystemExit(f"The server did not start. Its output:\n{log_path.read_text(errors='replace')[-3000:]}")


def _photograph(base_url: str, jobs: list[tuple[Shot, str]], sessions: dict[str, str]) -> int:
    from playwright.sync_api import sync_playwright

    from tests.e2e.conftest import CHROMIUM_ARGS

    OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
    print(f"Writing to {OUTPUT_DIR}")
    failures = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            for shot, path in jobs:
                for viewport in shot.viewports:
                    for language in LANGUAGES:
                        target = OUTPUT_DIR / f"{shot.name}-{language}-{viewport}.png"
                        outcome = _take(browser, base_url, shot, path, viewport, language, sessions, target)
                        print(f"{outcome:<8} {target.name}  ({path})")
                        if outcome == "FAILED":
                            failures.append(target.name)
        finally:
            browser.close()
    if failures:
        print(f"{len(failures)} screenshot(s) failed: {', '.join(failures)}", file=sys.stderr)
        return 1
    return 0


def _take(browser, base_url, shot: Shot, path: str, viewport: str, language: str, sessions, target: Path) -> str:
    from django.conf import settings

    phone = viewport == "phone"
    context = browser.new_context(
        viewport=VIEWPORTS[viewport],
        is_mobile=phone,
        has_touch=phone,
        device_scale_factor=1,
        locale=BROWSER_LOCALES[language],
        timezone_id="Asia/Taipei",
    )
    try:
        context.set_default_timeout(PAGE_TIMEOUT_MS)
        cookies = [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": base_url}]
        if shot.user:
            cookies.append(
                {"name": settings.SESSION_COOKIE_NAME, "value": sessions[shot.user], "url": base_url, "httpOnly": True}
            )
        context.add_cookies(cookies)
        page = context.new_page()
        response = page.goto(base_url + path, wait_until="networkidle")
        status = response.status if response else 0
        if status == 404:
            print(f"warning: {path} answers 404 (not built yet?); skipping {target.name}", file=sys.stderr)
            return "SKIPPED"
        if status != 200:
            print(f"error: {path} answered {status} for {shot.user or 'a visitor'}", file=sys.stderr)
            return "FAILED"
        if shot.scroll_to:
            page.locator(shot.scroll_to).first.evaluate("element => element.scrollIntoView({block: 'start'})")
        page.screenshot(path=target, full_page=False, animations="disabled", caret="hide")
        _optimise(target)
        return "OK"
    finally:
        context.close()


def _optimise(path: Path) -> None:
    """A 256-colour palette: interface screenshots stay sharp at a third of the size or less."""
    from PIL import Image

    with Image.open(path) as image:
        reduced = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    reduced.save(path, optimize=True)


if __name__ == "__main__":
    sys.exit(main())
