"""The Content-Security-Policy: on every response, strict, and nothing inline in any page's template."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import path

BASE_DIR = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.integration

STRICT = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self'",
    "font-src": "'self'",
    "connect-src": "'self'",
    "media-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}


def policy_of(response) -> dict[str, str]:
    header = response.headers.get("Content-Security-Policy", "")
    return dict(part.strip().split(" ", 1) for part in header.split(";") if part.strip())


def boom(request):
    raise RuntimeError("a bug")


def plain(request):
    return HttpResponse("ok")


# A URLconf of its own for the error page (pytest.mark.urls below).
urlpatterns = [path("boom/", boom), path("plain/", plain)]


@pytest.fixture
def demo(db):
    from demo.services import seed_demo

    seed_demo(scale=1)


def _client_for(email: str | None) -> Client:
    from accounts.models import User

    client = Client()
    if email:
        client.force_login(User.objects.get(email=email))
    return client


def test_every_page_of_every_role_carries_the_strict_policy(demo):
    from communities.models import Community
    from editions.selectors import current_edition
    from schedule.models import Session, Track
    from volunteering.models import Task

    edition = current_edition()
    community = Community.objects.get(slug="python-tw")
    task = Task.objects.filter(edition=edition, community=community).order_by("starts_at").first()
    track = Track.objects.filter(edition=edition).order_by("pk").first()
    session = Session.objects.filter(edition=edition).order_by("starts_at").first()
    public = [
        "/",
        "/one-day/",
        task.get_absolute_url(),
        f"/one-day/tasks/{task.pk}/calendar.ics",
        "/communities/",
        community.get_absolute_url(),
        "/tracks/",
        f"/tracks/{track.pk}/",
        f"/tracks/sessions/{session.pk}/",
        "/tracks/schedule/",
        f"/follows/tracks/{track.pk}/calendar.ics",
        "/manual/",
        "/guide/",
        "/guide/poster/",
        "/screen/",
        "/no-such-page/",
    ]
    pages_of = {
        None: [*public, "/accounts/login/", "/accounts/signup/"],
        "volunteer@example.org": [*public, "/one-day/mine/", "/follows/", "/follows/calendar/", "/accounts/profile/"],
        "responsible@example.org": ["/communities/mine/", f"/communities/{community.slug}/edit/", "/one-day/requests/"],
        "desk@example.org": ["/desk/"],
        "staff@example.org": ["/communities/contacts/", "/tracks/manage/imports/", "/guide/edit/", "/backstage/"],
    }
    answers = []
    for email, paths in pages_of.items():
        client = _client_for(email)
        for url in paths:
            for _ in range(2):  # the second may come from the page cache: it needs the header as well
                response = client.get(url)
                answers.append((email, url, response.status_code, policy_of(response) == STRICT))

    assert [answer for answer in answers if answer[2] not in (200, 404) or not answer[3]] == []


@pytest.mark.urls(__name__)
def test_the_server_error_page_carries_the_policy_too(db):
    response = Client(raise_request_exception=False).get("/boom/")

    assert response.status_code == 500
    assert policy_of(response) == STRICT
    assert "Something went wrong" in response.content.decode()


@pytest.mark.urls(__name__)
def test_a_response_that_is_not_a_page_carries_it_too(db):
    assert policy_of(Client().get("/plain/")) == STRICT


def test_social_login_may_send_the_browser_to_its_provider():
    # Social login posts to our own address, which redirects to the provider: form-action must allow it.
    environment = {key: value for key, value in os.environ.items() if not key.endswith(("_CLIENT_ID", "_SECRET"))}
    environment.update(GOOGLE_CLIENT_ID="id", GOOGLE_CLIENT_SECRET="secret")
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from django.conf import settings; print(settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['form-action'])",
        ],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.stdout.strip().splitlines()[-1] == "[\"'self'\", 'https://accounts.google.com']"


# What the policy refuses: inline <script> (one without src), <style> blocks, style="" attributes,
# on*="" event handlers and javascript: links.
INLINE = re.compile(
    r"<script(?![^>]*\bsrc=)[^>]*>|<style[\s>]|\sstyle=|\son[a-z]+=|javascript:",
    re.IGNORECASE,
)


def _served_templates():
    for folder in [BASE_DIR / "templates", *BASE_DIR.glob("*/templates")]:
        if ".venv" in folder.parts:
            continue
        for template in folder.rglob("*.html"):
            if "email" not in template.relative_to(folder).parts:  # emails are never pages
                yield template


def test_no_page_template_has_inline_script_or_style():
    templates = list(_served_templates())
    found = [
        f"{template.relative_to(BASE_DIR)}: {match.group(0)}"
        for template in templates
        for match in INLINE.finditer(template.read_text())
    ]

    assert len(templates) > 50
    assert found == []
