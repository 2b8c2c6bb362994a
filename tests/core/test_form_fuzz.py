"""A form fuzz over every address of the site (issue 9, "Done means"): 0 × 500.

For each address, as a person who may use it, the test GETs the page, finds every form in its
context (fields, formsets, the backstage's forms) and starts from the values the page would submit.
Then it posts hostile values field by field (NUL and other control characters, 5,000 characters,
huge, negative and odd numbers, dates in year 1 and 9999, lists where one value is expected, a junk
file, bad `next`), all of them at once, and GETs the page with hostile query parameters. No answer may
be a 5xx, and a redirect never leaves the site.

The addresses come from the URL conf: one without an entry in ENDPOINTS or NOT_FUZZED fails
`test_every_address_is_fuzzed`, so a new form cannot be left out. Fields a view reads by hand
(`next`, `action`, …) are listed per address. It runs on SQLite and on PostgreSQL (NUL in text only
fails there). A few variants per field, not every combination, keep it well under a minute.
"""

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
import requests
from django import forms
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms.formsets import BaseFormSet
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from certificates.services import certificates_for
from checkin.selectors import sheet_code
from communities.models import CommunityRevision
from communities.services.pages import community_update
from contacts.models import ResponsiblePersonMessage
from core.backstage import SafeAutocompleteFields
from editions.models import RoleKind
from follows.models import CalendarFeed
from points.desk_codes import desk_code_for
from points.models import Redemption
from points.services import adjust_points, redeem_rewards
from schedule.models import ImportKind, ImportRun, ImportStatus
from tests.factories.accounts import UserFactory
from tests.factories.communities import CommunityFactory, InvitationFactory, ResponsiblePersonFactory
from tests.factories.editions import EditionFactory, EditionRoleFactory
from tests.factories.points import RewardFactory
from tests.factories.schedule import RoomFactory, SessionFactory, TrackFactory
from tests.factories.volunteering import SignUpFactory, TaskFactory, in_hours

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

# --- hostile values ---------------------------------------------------------------------------------

LONG = "x" * 5000
TEXT = ["\x00", LONG, "a\x00b\x01\x1f\x7f\x9f <script>alert(1)</script>' OR 1=1 --\u202e😀中文"]
NUMBER = ["-1", "99999999999999999999", "²", "9" * 5000]
DATETIME = ["0001-01-01T00:00", "9999-12-31T22:00", "\x00"]
DATE = ["0001-01-01", "9999-12-31", "\x00"]
TIME = ["25:61", "\x00"]
CHOICE = ["\x00", LONG, "99999999999999999999"]
NEXT = [
    "foo",
    "-1",
    "//evil.example",
    "https://evil.example",
    "javascript:alert(1)",
    "/\\evil.example",
    "/" + LONG,
    "\x00",
]
ANY = ["\x00", "-1", "99999999999999999999", "²", LONG]
# Query parameters the pages read, besides their forms' fields.
QUERY_PARAMS = ["q", "page", "community", "track", "day", "time", "past", "mine", "without", "hours", "next", "code"]


def junk_file():
    return SimpleUploadedFile("junk.png", b"\x00\x89PNG junk" * 10, content_type="image/png")


def variants_for(formfield) -> list:
    """A few hostile values for a form field, by kind."""
    if isinstance(formfield, forms.SplitDateTimeField):
        return []  # its two parts are fuzzed as date and time (see _fields)
    if isinstance(formfield, forms.DateTimeField):
        return DATETIME
    if isinstance(formfield, forms.DateField):
        return DATE
    if isinstance(formfield, forms.TimeField):
        return TIME
    if isinstance(formfield, forms.FileField):
        return ["\x00", junk_file]
    if isinstance(formfield, forms.IntegerField | forms.DecimalField | forms.FloatField | forms.ModelChoiceField):
        return NUMBER
    if isinstance(formfield, forms.ChoiceField | forms.BooleanField | forms.UUIDField):
        return CHOICE
    return TEXT


# --- the site's addresses ----------------------------------------------------------------------------


def _patterns(patterns, prefix="", namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace
            inner = f"{namespace}:{inner}" if namespace and inner else (inner or namespace)
            yield from _patterns(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = pattern.name or prefix + str(pattern.pattern)
            yield f"{namespace}:{name}" if namespace else name


def address_names() -> set[str]:
    return {name for name in _patterns(get_resolver().url_patterns) if not name.startswith("admin:")}


@dataclass
class Endpoint:
    who: str  # a key of world["people"]
    url: callable  # world -> address
    extra: dict = field(default_factory=dict)  # fields read by hand: name -> hostile values
    base: callable = None  # world -> values to start from, over what the page's forms hold
    # Only fields of these kinds, each with fewer values: (kind, values) pairs. The backstage's pages
    # are slow to render, and its text fields are Django's own, fuzzed on the site's pages.
    kinds: tuple = ()
    # Fewer requests all in all: one hostile query string, fewer "every field" posts.
    light: bool = False


def at(name, *args):
    return lambda w: reverse(name, args=[arg(w) if callable(arg) else arg for arg in args])


def task_pk(w):
    return w["task"].pk


def code(w):
    return w["desk_code"].code


def task_data(w) -> dict:
    return {
        "title": "Check-in desk",
        "category": "reception",
        "location": "Main entrance",
        "starts_at": "2027-08-07T09:30",
        "ends_at": "2027-08-07T11:00",
        "headcount": "4",
        "points": "20",
        "community": str(w["own"].pk),
        "status": "open",
    }


NEXTED = {"next": NEXT}
FOLLOW = {"following": ["0", "1", *ANY], **NEXTED}

ENDPOINTS = {
    "pages:home": Endpoint("volunteer", at("pages:home")),
    "pages:guide": Endpoint("staff", at("pages:guide")),
    "pages:guide-edit": Endpoint("staff", at("pages:guide-edit")),
    "pages:guide-poster": Endpoint("staff", at("pages:guide-poster")),
    "pages:guide-edition": Endpoint("staff", at("pages:guide-edition", "2026")),
    "pages:venue-screen": Endpoint("anonymous", at("pages:venue-screen")),
    "favicon.ico": Endpoint("anonymous", lambda w: "/favicon.ico"),
    # Accounts, and the login system's pages
    "accounts:profile": Endpoint("volunteer", at("accounts:profile")),
    "accounts:badge-name": Endpoint("nameless", at("accounts:badge-name"), NEXTED),
    "accounts:set-language": Endpoint("volunteer", at("accounts:set-language"), {"language": CHOICE, **NEXTED}),
    "accounts:request-login-code": Endpoint("anonymous", at("accounts:request-login-code"), NEXTED),
    "accounts:no-passwords": Endpoint("volunteer", lambda w: "/accounts/password/change/"),
    "accounts:reauthenticate": Endpoint("volunteer", at("accounts:reauthenticate")),
    "account_login": Endpoint("anonymous", at("account_login"), NEXTED, lambda w: {"login": "x@example.org"}),
    "account_logout": Endpoint("volunteer", at("account_logout"), NEXTED),
    "account_inactive": Endpoint("anonymous", at("account_inactive")),
    "account_signup": Endpoint("anonymous", at("account_signup"), NEXTED, lambda w: {"email": "new@example.org"}),
    "account_reauthenticate": Endpoint("volunteer", at("account_reauthenticate")),
    "account_email": Endpoint("volunteer", at("account_email"), {"action_add": ANY, "action_remove": ANY}),
    "account_email_verification_sent": Endpoint("anonymous", at("account_email_verification_sent"), NEXTED),
    "account_change_password": Endpoint("volunteer", at("account_change_password")),
    "account_set_password": Endpoint("volunteer", at("account_set_password")),
    "account_reset_password": Endpoint("anonymous", at("account_reset_password")),
    "account_confirm_login_code": Endpoint("anonymous", at("account_confirm_login_code"), NEXTED),
    "account_reset_password_from_key_done": Endpoint("anonymous", at("account_reset_password_from_key_done")),
    "account_reset_password_from_key": Endpoint("anonymous", lambda w: "/accounts/password/reset/key/1-x/"),
    "account_reset_password_done": Endpoint("anonymous", at("account_reset_password_done")),
    "account_request_login_code": Endpoint("anonymous", at("account_request_login_code"), NEXTED),
    "socialaccount_login_cancelled": Endpoint("anonymous", at("socialaccount_login_cancelled")),
    "socialaccount_login_error": Endpoint("anonymous", at("socialaccount_login_error")),
    "socialaccount_signup": Endpoint("anonymous", at("socialaccount_signup")),
    "socialaccount_connections": Endpoint("volunteer", at("socialaccount_connections"), {"account": NUMBER}),
    # One-day volunteer
    "volunteering:board": Endpoint("volunteer", at("volunteering:board")),
    "volunteering:board-edition": Endpoint("volunteer", at("volunteering:board-edition", "2026")),
    "volunteering:task-detail": Endpoint("volunteer", at("volunteering:task-detail", task_pk)),
    "volunteering:task-ics": Endpoint("volunteer", at("volunteering:task-ics", task_pk)),
    "volunteering:task-sign-up": Endpoint("volunteer", at("volunteering:task-sign-up", task_pk), NEXTED),
    "volunteering:task-cancel-sign-up": Endpoint("volunteer", at("volunteering:task-cancel-sign-up", task_pk), NEXTED),
    "volunteering:my-volunteering": Endpoint("volunteer", at("volunteering:my-volunteering")),
    "volunteering:my-requests": Endpoint("staff", at("volunteering:my-requests")),
    "volunteering:task-create": Endpoint("responsible", at("volunteering:task-create"), base=task_data),
    "volunteering:task-edit": Endpoint("responsible", at("volunteering:task-edit", task_pk)),
    "volunteering:task-close": Endpoint("responsible", at("volunteering:task-close", task_pk), NEXTED),
    "volunteering:task-reopen": Endpoint("responsible", at("volunteering:task-reopen", task_pk), NEXTED),
    "volunteering:task-cancel": Endpoint("responsible", at("volunteering:task-cancel", task_pk)),
    "volunteering:task-roster": Endpoint("responsible", at("volunteering:task-roster", task_pk)),
    "volunteering:task-roster-csv": Endpoint("responsible", at("volunteering:task-roster-csv", task_pk)),
    "volunteering:task-complete-all": Endpoint("desk", at("volunteering:task-complete-all", task_pk), NEXTED),
    "volunteering:sign-up-mark": Endpoint(
        "desk",
        at("volunteering:sign-up-mark", lambda w: w["sign_up"].pk),
        {"action": ["completed", "no_show", "undo", *ANY], **NEXTED},
        lambda w: {"action": "completed"},
    ),
    # Community contact
    "contacts:list": Endpoint("staff", at("contacts:list")),
    "contacts:export-csv": Endpoint("staff", at("contacts:export-csv")),
    "contacts:export-vcard": Endpoint("staff", at("contacts:export-vcard")),
    "contacts:log": Endpoint("staff", at("contacts:log")),
    "contacts:message": Endpoint(
        "staff", at("contacts:message"), {"preview": ["1"]}, lambda w: {"subject": "Hello", "body": "Hi"}
    ),
    "contacts:messages": Endpoint("staff", at("contacts:messages")),
    "contacts:message-detail": Endpoint("staff", at("contacts:message-detail", lambda w: w["message"].pk)),
    # Communities
    "communities:directory": Endpoint("volunteer", at("communities:directory")),
    "communities:mine": Endpoint("responsible", at("communities:mine")),
    "communities:responsible-persons-current": Endpoint("staff", at("communities:responsible-persons-current")),
    "communities:responsible-person-edit": Endpoint(
        "staff", at("communities:responsible-person-edit", lambda w: w["person"].pk)
    ),
    "communities:responsible-person-remove": Endpoint(
        "staff", at("communities:responsible-person-remove", lambda w: w["other_person"].pk)
    ),
    "communities:responsible-persons": Endpoint("staff", at("communities:responsible-persons", "2027")),
    "communities:carry-over": Endpoint("staff", at("communities:carry-over", "2027")),
    "communities:responsible-person-add": Endpoint(
        "staff",
        at("communities:responsible-person-add", "2027", "own"),
        {"action": ["name", "invite", *ANY]},
        lambda w: {"action": "invite", "email": "new@example.org", "language": "en", "user": str(w["volunteer"].pk)},
    ),
    "communities:invitation-resend": Endpoint(
        "staff", at("communities:invitation-resend", lambda w: w["invitation"].pk)
    ),
    "communities:invitation-withdraw": Endpoint(
        "staff", at("communities:invitation-withdraw", lambda w: w["invitation"].pk)
    ),
    "communities:invitation": Endpoint("volunteer", at("communities:invitation", lambda w: w["invitation"].token)),
    "communities:detail": Endpoint("volunteer", at("communities:detail", "own")),
    "communities:edit": Endpoint("responsible", at("communities:edit", "own"), {"preview": ["1"]}),
    "communities:edit-preview": Endpoint("responsible", at("communities:edit-preview", "own"), {"text": TEXT}),
    "communities:history": Endpoint("staff", at("communities:history", "own")),
    "communities:revision-restore": Endpoint(
        "staff", at("communities:revision-restore", "own", lambda w: w["revision"].pk)
    ),
    # Tracks and the schedule
    "schedule:track-list": Endpoint("volunteer", at("schedule:track-list")),
    "schedule:track-detail": Endpoint("volunteer", at("schedule:track-detail", lambda w: w["track"].pk)),
    "schedule:session-detail": Endpoint("volunteer", at("schedule:session-detail", lambda w: w["session"].pk)),
    "schedule:schedule": Endpoint("volunteer", at("schedule:schedule")),
    "schedule:schedule-print": Endpoint("anonymous", at("schedule:schedule-print")),
    "schedule:schedule-json": Endpoint("anonymous", at("schedule:schedule-json"), light=True),
    "schedule:schedule-ics": Endpoint("anonymous", at("schedule:schedule-ics"), light=True),
    "schedule:track-links": Endpoint(
        "staff", at("schedule:track-links"), {"track": NUMBER}, lambda w: {"track": str(w["track"].pk)}
    ),
    "schedule:imports": Endpoint("staff", at("schedule:imports")),
    "schedule:import-preview": Endpoint("staff", at("schedule:import-preview", lambda w: w["import_run"].pk)),
    "schedule:import-progress": Endpoint("staff", at("schedule:import-progress", lambda w: w["import_run"].pk)),
    "schedule:import-apply": Endpoint("staff", at("schedule:import-apply", lambda w: w["import_run"].pk)),
    "schedule:import-cancel": Endpoint("staff", at("schedule:import-cancel", lambda w: w["import_run"].pk)),
    # The volunteer service desk
    "points:desk": Endpoint("desk", at("points:desk")),
    "points:person-open": Endpoint("desk", at("points:person-open", lambda w: w["volunteer"].pk)),
    "points:person": Endpoint("desk", at("points:person", code)),
    "points:redeem": Endpoint(
        "desk",
        at("points:redeem", code),
        {"reward_999999": NUMBER, "reward_²": NUMBER},
        lambda w: {f"reward_{w['reward'].pk}": "1"},
    ),
    "points:adjust": Endpoint("desk", at("points:adjust", code), base=lambda w: {"amount": "5", "reason": "Thanks"}),
    "points:complete": Endpoint("desk", at("points:complete", code, lambda w: w["started_sign_up"].pk)),
    "points:void": Endpoint(
        "desk",
        at("points:void", code, lambda w: w["redemption"].pk),
        {"confirm_step": ["1", *ANY]},
        lambda w: {"confirm_step": "1", "confirm": "on"},
    ),
    # Following
    "follows:mine": Endpoint("volunteer", at("follows:mine")),
    "follows:preferences": Endpoint("volunteer", at("follows:preferences")),
    "follows:calendar": Endpoint("volunteer", at("follows:calendar")),
    "follows:calendar-feed": Endpoint("anonymous", at("follows:calendar-feed", lambda w: w["feed"].token)),
    "follows:community-toggle": Endpoint("volunteer", at("follows:community-toggle", lambda w: w["own"].pk), FOLLOW),
    "follows:community-calendar": Endpoint("anonymous", at("follows:community-calendar", "own")),
    "follows:track-toggle": Endpoint("volunteer", at("follows:track-toggle", lambda w: w["track"].pk), FOLLOW),
    "follows:track-calendar": Endpoint("anonymous", at("follows:track-calendar", lambda w: w["track"].pk)),
    "follows:session-star": Endpoint("volunteer", at("follows:session-star", lambda w: w["session"].pk), FOLLOW),
    # Follow cards and contact sharing
    "follows:community-follow": Endpoint("volunteer", at("follows:community-follow", "own"), NEXTED),
    "follows:community-card": Endpoint("anonymous", at("follows:community-card", "own")),
    "follows:community-share-withdraw": Endpoint("volunteer", at("follows:community-share-withdraw", "own"), NEXTED),
    "follows:contact-sharing": Endpoint("responsible", at("follows:contact-sharing", "own")),
    "follows:shared-contacts": Endpoint("responsible", at("follows:shared-contacts", "own")),
    "follows:shared-contacts-csv": Endpoint("responsible", at("follows:shared-contacts-csv", "own"), light=True),
    "follows:track-follow": Endpoint("volunteer", at("follows:track-follow", lambda w: w["track"].pk), NEXTED),
    "follows:track-card": Endpoint("anonymous", at("follows:track-card", lambda w: w["track"].pk)),
    # Check-in where the task happens
    "checkin:sheet": Endpoint("responsible", at("checkin:sheet", task_pk)),
    "checkin:check-in": Endpoint(
        "volunteer",
        at("checkin:check-in", lambda w: w["started_sign_up"].task.pk, lambda w: w["check_in_code"]),
        {"action": ["check_in", "check_out", *ANY]},
    ),
    # Certificates of service
    "certificates:mine": Endpoint("volunteer", at("certificates:mine")),
    "certificates:signer": Endpoint("staff", at("certificates:signer")),
    "certificates:verify": Endpoint("anonymous", at("certificates:verify", lambda w: w["certificate"].token)),
    "certificates:pdf": Endpoint("volunteer", at("certificates:pdf", "2027"), light=True),
    "certificates:reset-address": Endpoint("volunteer", at("certificates:reset-address", "2027")),
    # Participation figures
    "figures:index": Endpoint("staff", at("figures:index")),
    "figures:edition": Endpoint("staff", at("figures:edition", "2027")),
    "figures:edition-csv": Endpoint("staff", at("figures:edition-csv", "2027"), light=True),
    # The manual
    "manual:index": Endpoint("anonymous", at("manual:index")),
    "manual:page": Endpoint("anonymous", at("manual:page", "log-in")),
}

# The backstage: the forms people type dates, numbers and related rows into (the text fields are
# Django's own ModelForm fields, fuzzed on the site's pages above).
TYPED = (
    (DATETIME, ["0001-01-01T00:00", "9999-12-31T22:00"]),
    (DATE, ["0001-01-01", "9999-12-31"]),
    (TIME, ["25:61"]),
    (NUMBER, ["9" * 5000]),
)


def backstage(name, *args, base=None):
    return Endpoint("superuser", at(name, *args), base=base, kinds=TYPED, light=True)


BACKSTAGE = {
    "admin:editions_edition_add": backstage("admin:editions_edition_add"),
    "admin:editions_editionrole_add": backstage("admin:editions_editionrole_add"),
    "admin:volunteering_task_add": backstage(
        "admin:volunteering_task_add",
        base=lambda w: {
            "edition": str(w["edition"].pk),
            "requester": str(w["staff"].pk),
            "starts_at_0": "2027-08-07",
            "starts_at_1": "09:00",
            "ends_at_0": "2027-08-07",
            "ends_at_1": "10:00",
            "headcount": "1",
            "points": "1",
        },
    ),
    "admin:communities_responsibleperson_add": backstage("admin:communities_responsibleperson_add"),
    "admin:points_reward_add": backstage("admin:points_reward_add"),
}

# Addresses without anything to fuzz, and why.
NOT_FUZZED = {
    # OAuth needs a configured provider; without one every page is a 404 (tests/accounts).
    "github_login": "no provider configured",
    "github_callback": "no provider configured",
    "google_login": "no provider configured",
    "google_callback": "no provider configured",
    "google_login_by_token": "no provider configured",
    "accounts/social/login/cancelled/": "a fixed redirect",
    "accounts/social/login/error/": "a fixed redirect",
    "accounts/social/signup/": "a fixed redirect",
    "accounts/social/connections/": "a fixed redirect",
    "^media/(?P<path>.*)$": "DEBUG only: files, no forms",
    "health": "no form: reads nothing from the request (tests/core/test_health.py)",
}


def test_every_backstage_autocomplete_is_safe():
    """Every backstage page with autocomplete fields uses the widgets that leave odd values out."""
    admins = [*admin.site._registry.values()]
    admins += [inline(model_admin.model, admin.site) for model_admin in admins for inline in model_admin.inlines]
    unsafe = [
        type(item).__name__
        for item in admins
        if item.autocomplete_fields and not isinstance(item, SafeAutocompleteFields)
    ]
    assert unsafe == []


def test_every_address_is_fuzzed():
    assert sorted(address_names() - set(ENDPOINTS) - set(NOT_FUZZED)) == []
    assert sorted(set(ENDPOINTS) - address_names()) == []


# --- the world -------------------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _no_network(monkeypatch, settings, tmp_path):
    """A schedule import from a hostile address must not go out to the network."""

    def refuse(*args, **kwargs):
        raise requests.ConnectionError("no network in tests")

    monkeypatch.setattr(requests.Session, "send", refuse)
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def world(db):
    edition = EditionFactory(slug="2027", name="COSCUP 2027", is_current=True)
    EditionFactory(slug="2026", name="COSCUP 2026")
    own = CommunityFactory(slug="own", name="Own")
    staff = EditionRoleFactory(edition=edition, kind=RoleKind.STAFF).user
    person = ResponsiblePersonFactory(community=own, edition=edition)
    volunteer = UserFactory()
    track = TrackFactory(edition=edition)
    track.communities.add(own)
    room = RoomFactory(edition=edition)
    task = TaskFactory(edition=edition, community=own, track=track, room=room, requester=person.user)
    started = TaskFactory(edition=edition, community=own, requester=person.user, starts_at=in_hours(-1))
    adjust_points(user=volunteer, edition=edition, amount=50, reason="Welcome", by=staff)
    reward = RewardFactory(edition=edition, cost=5, stock=None)
    redeem_rewards(user=volunteer, edition=edition, items=[(reward, 1)], by=staff)
    community_update(community=own, data={"summary": "Changed"}, by=person.user, edition=edition)
    started_sign_up = SignUpFactory(task=started, user=volunteer)
    return {
        "edition": edition,
        "own": own,
        "staff": staff,
        "volunteer": volunteer,
        "task": task,
        "sign_up": SignUpFactory(task=task, user=volunteer),
        "started_sign_up": started_sign_up,
        "check_in_code": sheet_code(task=started, day=timezone.localdate(started.starts_at, edition.tzinfo)),
        "certificate": certificates_for(user=volunteer, editions=[edition])[edition.pk],
        "track": track,
        "session": SessionFactory(edition=edition, track=track, room=room, starts_at=in_hours(30)),
        "person": person,
        "other_person": ResponsiblePersonFactory(community=own, edition=edition),
        "invitation": InvitationFactory(community=own, edition=edition),
        "revision": CommunityRevision.objects.filter(community=own).last(),
        "message": ResponsiblePersonMessage.objects.create(edition=edition, author=staff, subject="S", body="B"),
        "import_run": ImportRun.objects.create(
            edition=edition,
            started_at=task.created_at,
            source="schedule.json",
            kind=ImportKind.SCHEDULE_JSON,
            status=ImportStatus.FAILED,
        ),
        "reward": reward,
        "desk_code": desk_code_for(volunteer),
        "redemption": Redemption.objects.get(user=volunteer),
        "feed": CalendarFeed.objects.get_or_create(user=volunteer)[0],
        "people": {
            "anonymous": None,
            "volunteer": volunteer,
            "nameless": UserFactory(display_name=""),
            "responsible": person.user,
            "desk": EditionRoleFactory(edition=edition, kind=RoleKind.DESK).user,
            "staff": staff,
            "superuser": UserFactory(is_superuser=True, is_staff=True),
        },
    }


# --- finding the forms on a page ----------------------------------------------------------------------


def _forms_in(value, depth=0):
    """Forms in a context value: a form, a formset (with its management form), the backstage's
    wrappers, or a list of those."""
    if depth > 2:
        return
    if isinstance(value, forms.BaseForm):
        yield value
    elif isinstance(value, BaseFormSet):
        yield value.management_form
        yield from value.forms
    elif hasattr(value, "formset") and isinstance(value.formset, BaseFormSet):  # the backstage's inlines
        yield from _forms_in(value.formset, depth + 1)
    elif hasattr(value, "form") and isinstance(value.form, forms.BaseForm):  # the backstage's AdminForm
        yield value.form
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _forms_in(item, depth + 1)


def page_forms(response) -> list[forms.BaseForm]:
    found = {}
    for context in response.context or []:
        for values in context.dicts:
            if not isinstance(values, dict):
                continue
            for value in values.values():
                for form in _forms_in(value):
                    found[id(form)] = form
    return list(found.values())


def _submitted(bound_field) -> dict:
    """What the browser would submit for the field as the page shows it."""
    widget, name = bound_field.field.widget, bound_field.html_name
    value = bound_field.value()
    if isinstance(widget, forms.MultiWidget):
        subwidgets = widget.get_context(name, value, {})["widget"]["subwidgets"]
        return {sub["name"]: sub["value"] or "" for sub in subwidgets}
    if isinstance(widget, forms.CheckboxInput):
        return {name: "on"} if value else {}
    if isinstance(widget, forms.FileInput):
        return {}
    if isinstance(widget, forms.SelectMultiple | forms.CheckboxSelectMultiple):
        return {name: [str(item) for item in value or []]}
    formatted = widget.format_value(value)
    return {} if formatted is None else {name: formatted}


POST_FORM = re.compile(r"<form\b[^>]*method=\"post\"[^>]*>(.*?)</form>", re.IGNORECASE | re.DOTALL)
NAME = re.compile(r"\bname=\"([^\"]+)\"")


def _posted_names(response) -> set[str]:
    """The names of the fields in the page's forms that post."""
    if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
        return set()  # no page, no forms found on it either
    html = response.content.decode(errors="replace")
    return {name for form in POST_FORM.findall(html) for name in NAME.findall(form)}


def _fields(page: list[forms.BaseForm]) -> tuple[dict, dict]:
    """(the values the page would submit, hostile values per field name)."""
    base, hostile = {}, {}
    for form in page:
        for bound_field in form:
            base.update(_submitted(bound_field))
            if isinstance(bound_field.field, forms.SplitDateTimeField):
                hostile[f"{bound_field.html_name}_0"] = DATE
                hostile[f"{bound_field.html_name}_1"] = TIME
            else:
                hostile[bound_field.html_name] = variants_for(bound_field.field)
    return base, hostile


# --- the fuzz ---------------------------------------------------------------------------------------------


def _value(value):
    return value() if callable(value) else value


def _check(method, url, response, problems, what) -> None:
    if response.status_code >= 500:
        problems.append(f"{method} {url} {what}: {response.status_code}")
    location = response.get("Location")
    if location:
        parts = urlsplit(location)
        if location.startswith(("//", "/\\")) or parts.netloc not in ("", "testserver"):
            problems.append(f"{method} {url} {what}: redirects off the site to {location[:80]!r}")


def fuzz(client, world, endpoint: Endpoint) -> list[str]:
    person = world["people"][endpoint.who]
    if person is not None:
        client.force_login(person)
    url = endpoint.url(world)
    problems = []

    page = client.get(url)
    _check("GET", url, page, problems, "as shown")
    base, hostile = _fields(page_forms(page)) if page.status_code == 200 else ({}, {})
    base.update(endpoint.base(world) if endpoint.base else {})
    if endpoint.kinds:
        hostile = {
            name: fewer
            for name, values in hostile.items()
            for kind, fewer in endpoint.kinds
            if values is kind and "-" not in name  # formset fields: on the inline's own page
        }
    hostile.update(endpoint.extra)

    # The query string: every form field and the parameters pages read, in three requests.
    names = [*QUERY_PARAMS, *hostile]
    queries = [
        {name: ANY[index % len(ANY)] for index, name in enumerate(names)},
        dict.fromkeys(names, "\x00"),
        {name: ["1", "\x00"] for name in names},
    ]
    for params in queries[:1] if endpoint.light else queries:
        _check("GET", url, client.get(url, params), problems, f"?{str(params)[:40]}")

    def post(data, what):
        data = {name: _value(value) for name, value in data.items()}
        _check("POST", url, client.post(url, data), problems, what)

    post(base, "as shown")
    # Fields of forms that search (method GET) got their turn in the query string above; field by field
    # posts are for the fields of forms that post, and for what the view reads from a post by hand.
    posted = _posted_names(page) | set(endpoint.extra)
    for name, values in hostile.items():
        if name not in posted:
            continue
        for value in values:
            post({**base, name: value}, f"{name}={str(value)[:20]!r}")
    for value in ("\x00", "-1", "99999999999999999999", LONG, ["1", "\x00"])[: 3 if endpoint.light else 5]:
        post({**base, **dict.fromkeys(hostile, value)}, f"every field={str(value)[:20]!r}")
    return problems


@pytest.mark.parametrize("name", sorted(ENDPOINTS))
def test_fuzz_address(client, world, name):
    assert fuzz(client, world, ENDPOINTS[name]) == []


@pytest.mark.parametrize("name", sorted(BACKSTAGE))
def test_fuzz_backstage_form(client, world, name):
    assert fuzz(client, world, BACKSTAGE[name]) == []
