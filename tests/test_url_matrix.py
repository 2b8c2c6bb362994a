"""Every URL pattern of the URL conf × every role (issue 9, "Done means").

The list of addresses comes from the resolver, not from this file: a new URL pattern without an entry
in EXPECTED fails `test_every_url_pattern_has_an_expectation`. For each role the test GETs every
address, then POSTs an empty form to it, and checks:

- no answer is a 5xx;
- only the roles listed for an address get a 2xx on GET (the others get the login page, 403, 404 or
  405), and on POST a role that may not act gets no 2xx or redirect other than to the login page;
- the email, phone and chat handle of a person who shares them with the organizing team appear only
  where they are meant to: the contact list and its exports, the roster of a task the person signed
  up for, and the desk's page of that person.

The backstage (/backstage/) has a matrix of its own (tests/editions/test_backstage.py).
"""

import importlib

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from communities.models import CommunityRevision
from communities.services.pages import community_update
from contacts.models import ResponsiblePersonMessage
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
from tests.factories.schedule import SessionFactory, TrackFactory
from tests.factories.volunteering import SignUpFactory, TaskFactory, in_hours

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

ANONYMOUS, VOLUNTEER, OWN, OTHER, DESK, STAFF, SUPERUSER = (
    "anonymous",
    "volunteer",
    "responsible (own community)",
    "responsible (other community)",
    "desk",
    "staff",
    "superuser",
)
ROLES = [ANONYMOUS, VOLUNTEER, OWN, OTHER, DESK, STAFF, SUPERUSER]
EVERYONE = frozenset(ROLES)
LOGGED_IN = EVERYONE - {ANONYMOUS}
STAFF_ONLY = frozenset({STAFF, SUPERUSER})
NOBODY = frozenset()
RESPONSIBLE = frozenset({OWN, OTHER})
OWN_COMMUNITY = frozenset({OWN, STAFF, SUPERUSER})
TASK_MANAGERS = OWN_COMMUNITY
POSTERS = frozenset({OWN, OTHER, STAFF, SUPERUSER})
DESK_PEOPLE = frozenset({DESK, STAFF, SUPERUSER})
ROSTER = frozenset({OWN, DESK, STAFF, SUPERUSER})

SECRET = {"email": "secret.sharer@example.net", "phone": "+886 955 123 456", "chat_handle": "@secret_sharer"}


def _patterns(patterns, prefix="", namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace
            inner = f"{namespace}:{inner}" if namespace and inner else (inner or namespace)
            yield from _patterns(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = pattern.name or prefix + str(pattern.pattern)
            yield (f"{namespace}:{name}" if namespace else name), prefix + str(pattern.pattern)


def url_patterns() -> dict[str, str]:
    """Every named address outside the backstage, by name."""
    return {name: route for name, route in _patterns(get_resolver().url_patterns) if not name.startswith("admin:")}


def _url(name, *args):
    return lambda world: reverse(name, args=[arg(world) if callable(arg) else arg for arg in args])


def _fixed(path):
    return lambda world: path


# name -> (how to build the address from the world, roles that may GET a 2xx, roles that may POST)
# Routes that are not names (allauth's old addresses, media) are listed by their pattern.
EXPECTED = {
    "pages:home": (_url("pages:home"), EVERYONE, NOBODY),
    "pages:guide": (_url("pages:guide"), EVERYONE, NOBODY),
    "pages:guide-edit": (_url("pages:guide-edit"), STAFF_ONLY, STAFF_ONLY),
    "pages:guide-poster": (_url("pages:guide-poster"), EVERYONE, NOBODY),
    "pages:guide-edition": (_url("pages:guide-edition", "2026"), EVERYONE, NOBODY),
    "pages:venue-screen": (_url("pages:venue-screen"), EVERYONE, NOBODY),
    "favicon.ico": (_fixed("/favicon.ico"), NOBODY, NOBODY),
    # For load balancers: public, and shows no one's data (only which dependencies answer).
    "health": (_url("health"), EVERYONE, NOBODY),
    # Accounts: the login system's own pages show nothing about anyone else.
    "accounts:profile": (_url("accounts:profile"), LOGGED_IN, LOGGED_IN),
    "accounts:badge-name": (_url("accounts:badge-name"), LOGGED_IN, LOGGED_IN),
    "accounts:set-language": (_url("accounts:set-language"), NOBODY, EVERYONE),
    "accounts:request-login-code": (_url("accounts:request-login-code"), EVERYONE, EVERYONE),
    "accounts:no-passwords": (_fixed("/accounts/password/change/"), EVERYONE, EVERYONE),
    "accounts:reauthenticate": (_url("accounts:reauthenticate"), EVERYONE, EVERYONE),
    "account_login": (_url("account_login"), EVERYONE, EVERYONE),
    "account_logout": (_url("account_logout"), EVERYONE, EVERYONE),
    "account_inactive": (_url("account_inactive"), EVERYONE, EVERYONE),
    "account_signup": (_url("account_signup"), EVERYONE, EVERYONE),
    "account_reauthenticate": (_url("account_reauthenticate"), EVERYONE, EVERYONE),
    "account_email": (_url("account_email"), LOGGED_IN, LOGGED_IN),
    "account_email_verification_sent": (_url("account_email_verification_sent"), EVERYONE, EVERYONE),
    "account_change_password": (_url("account_change_password"), EVERYONE, EVERYONE),
    "account_set_password": (_url("account_set_password"), EVERYONE, EVERYONE),
    "account_reset_password": (_url("account_reset_password"), EVERYONE, EVERYONE),
    "account_confirm_login_code": (_url("account_confirm_login_code"), EVERYONE, EVERYONE),
    "account_reset_password_from_key_done": (_url("account_reset_password_from_key_done"), EVERYONE, EVERYONE),
    "account_reset_password_from_key": (_fixed("/accounts/password/reset/key/1-x/"), EVERYONE, EVERYONE),
    "account_reset_password_done": (_url("account_reset_password_done"), EVERYONE, EVERYONE),
    "account_request_login_code": (_url("account_request_login_code"), EVERYONE, EVERYONE),
    "socialaccount_login_cancelled": (_url("socialaccount_login_cancelled"), EVERYONE, EVERYONE),
    "socialaccount_login_error": (_url("socialaccount_login_error"), EVERYONE, EVERYONE),
    "socialaccount_signup": (_url("socialaccount_signup"), EVERYONE, EVERYONE),
    "socialaccount_connections": (_url("socialaccount_connections"), LOGGED_IN, LOGGED_IN),
    "accounts/social/login/cancelled/": (_fixed("/accounts/social/login/cancelled/"), NOBODY, NOBODY),
    "accounts/social/login/error/": (_fixed("/accounts/social/login/error/"), NOBODY, NOBODY),
    "accounts/social/signup/": (_fixed("/accounts/social/signup/"), NOBODY, NOBODY),
    "accounts/social/connections/": (_fixed("/accounts/social/connections/"), NOBODY, NOBODY),
    # No OAuth provider is configured in the tests: every one of their pages is a 404.
    "github_login": (_url("github_login"), NOBODY, NOBODY),
    "github_callback": (_url("github_callback"), NOBODY, NOBODY),
    "google_login": (_url("google_login"), NOBODY, NOBODY),
    "google_callback": (_url("google_callback"), NOBODY, NOBODY),
    "google_login_by_token": (_url("google_login_by_token"), NOBODY, NOBODY),
    # One-day volunteer
    "volunteering:board": (_url("volunteering:board"), EVERYONE, NOBODY),
    "volunteering:board-edition": (_url("volunteering:board-edition", "2026"), EVERYONE, NOBODY),
    "volunteering:task-detail": (_url("volunteering:task-detail", lambda w: w["task"].pk), EVERYONE, NOBODY),
    "volunteering:task-ics": (_url("volunteering:task-ics", lambda w: w["task"].pk), EVERYONE, NOBODY),
    "volunteering:task-sign-up": (_url("volunteering:task-sign-up", lambda w: w["task"].pk), NOBODY, LOGGED_IN),
    "volunteering:task-cancel-sign-up": (
        _url("volunteering:task-cancel-sign-up", lambda w: w["task"].pk),
        NOBODY,
        LOGGED_IN,
    ),
    "volunteering:my-volunteering": (_url("volunteering:my-volunteering"), LOGGED_IN, NOBODY),
    # Everyone's own tasks (a former responsible person may still have some); empty for most.
    "volunteering:my-requests": (_url("volunteering:my-requests"), LOGGED_IN, NOBODY),
    "volunteering:task-create": (_url("volunteering:task-create"), POSTERS, POSTERS),
    "volunteering:task-edit": (_url("volunteering:task-edit", lambda w: w["task"].pk), TASK_MANAGERS, TASK_MANAGERS),
    "volunteering:task-close": (_url("volunteering:task-close", lambda w: w["task"].pk), NOBODY, TASK_MANAGERS),
    "volunteering:task-reopen": (_url("volunteering:task-reopen", lambda w: w["task"].pk), NOBODY, TASK_MANAGERS),
    "volunteering:task-cancel": (
        _url("volunteering:task-cancel", lambda w: w["task"].pk),
        TASK_MANAGERS,
        TASK_MANAGERS,
    ),
    "volunteering:task-roster": (_url("volunteering:task-roster", lambda w: w["task"].pk), ROSTER, NOBODY),
    "volunteering:task-roster-csv": (_url("volunteering:task-roster-csv", lambda w: w["task"].pk), ROSTER, NOBODY),
    "volunteering:task-complete-all": (
        _url("volunteering:task-complete-all", lambda w: w["task"].pk),
        NOBODY,
        ROSTER,
    ),
    "volunteering:sign-up-mark": (_url("volunteering:sign-up-mark", lambda w: w["sign_up"].pk), NOBODY, ROSTER),
    # Community contact
    "contacts:list": (_url("contacts:list"), STAFF_ONLY, NOBODY),
    "contacts:export-csv": (_url("contacts:export-csv"), STAFF_ONLY, NOBODY),
    "contacts:export-vcard": (_url("contacts:export-vcard"), STAFF_ONLY, NOBODY),
    "contacts:log": (_url("contacts:log"), STAFF_ONLY, NOBODY),
    "contacts:message": (_url("contacts:message"), STAFF_ONLY, STAFF_ONLY),
    "contacts:messages": (_url("contacts:messages"), STAFF_ONLY, NOBODY),
    "contacts:message-detail": (_url("contacts:message-detail", lambda w: w["message"].pk), STAFF_ONLY, NOBODY),
    # Communities
    "communities:directory": (_url("communities:directory"), EVERYONE, NOBODY),
    "communities:mine": (_url("communities:mine"), RESPONSIBLE, NOBODY),
    "communities:responsible-persons-current": (_url("communities:responsible-persons-current"), NOBODY, NOBODY),
    "communities:responsible-person-edit": (
        _url("communities:responsible-person-edit", lambda w: w["person"].pk),
        STAFF_ONLY,
        STAFF_ONLY,
    ),
    "communities:responsible-person-remove": (
        _url("communities:responsible-person-remove", lambda w: w["person"].pk),
        STAFF_ONLY,
        STAFF_ONLY,
    ),
    "communities:responsible-persons": (_url("communities:responsible-persons", "2027"), STAFF_ONLY, NOBODY),
    "communities:carry-over": (_url("communities:carry-over", "2027"), STAFF_ONLY, STAFF_ONLY),
    "communities:responsible-person-add": (
        _url("communities:responsible-person-add", "2027", "own"),
        STAFF_ONLY,
        STAFF_ONLY,
    ),
    "communities:invitation-resend": (
        _url("communities:invitation-resend", lambda w: w["invitation"].pk),
        NOBODY,
        STAFF_ONLY,
    ),
    "communities:invitation-withdraw": (
        _url("communities:invitation-withdraw", lambda w: w["invitation"].pk),
        NOBODY,
        STAFF_ONLY,
    ),
    "communities:invitation": (_url("communities:invitation", lambda w: w["invitation"].token), EVERYONE, LOGGED_IN),
    "communities:detail": (_url("communities:detail", "own"), EVERYONE, NOBODY),
    "communities:edit": (_url("communities:edit", "own"), OWN_COMMUNITY, OWN_COMMUNITY),
    "communities:edit-preview": (_url("communities:edit-preview", "own"), NOBODY, OWN_COMMUNITY),
    "communities:history": (_url("communities:history", "own"), OWN_COMMUNITY, NOBODY),
    "communities:revision-restore": (
        _url("communities:revision-restore", "own", lambda w: w["revision"].pk),
        NOBODY,
        STAFF_ONLY,
    ),
    # Tracks and the schedule
    "schedule:track-list": (_url("schedule:track-list"), EVERYONE, NOBODY),
    "schedule:track-detail": (_url("schedule:track-detail", lambda w: w["track"].pk), EVERYONE, NOBODY),
    "schedule:session-detail": (_url("schedule:session-detail", lambda w: w["session"].pk), EVERYONE, NOBODY),
    "schedule:schedule": (_url("schedule:schedule"), EVERYONE, NOBODY),
    "schedule:schedule-print": (_url("schedule:schedule-print"), EVERYONE, NOBODY),
    "schedule:schedule-json": (_url("schedule:schedule-json"), EVERYONE, NOBODY),
    "schedule:schedule-ics": (_url("schedule:schedule-ics"), EVERYONE, NOBODY),
    "schedule:track-links": (_url("schedule:track-links"), STAFF_ONLY, STAFF_ONLY),
    "schedule:imports": (_url("schedule:imports"), STAFF_ONLY, STAFF_ONLY),
    "schedule:import-progress": (_url("schedule:import-progress", lambda w: w["import_run"].pk), STAFF_ONLY, NOBODY),
    "schedule:import-preview": (_url("schedule:import-preview", lambda w: w["import_run"].pk), STAFF_ONLY, NOBODY),
    "schedule:import-apply": (_url("schedule:import-apply", lambda w: w["import_run"].pk), NOBODY, STAFF_ONLY),
    "schedule:import-cancel": (_url("schedule:import-cancel", lambda w: w["import_run"].pk), NOBODY, STAFF_ONLY),
    # The volunteer service desk
    "points:desk": (_url("points:desk"), DESK_PEOPLE, NOBODY),
    "points:person-open": (_url("points:person-open", lambda w: w["secret"].pk), NOBODY, NOBODY),
    "points:person": (_url("points:person", lambda w: w["desk_code"].code), DESK_PEOPLE, NOBODY),
    "points:redeem": (_url("points:redeem", lambda w: w["desk_code"].code), NOBODY, DESK_PEOPLE),
    "points:adjust": (_url("points:adjust", lambda w: w["desk_code"].code), NOBODY, DESK_PEOPLE),
    "points:complete": (
        _url("points:complete", lambda w: w["desk_code"].code, lambda w: w["sign_up"].pk),
        NOBODY,
        DESK_PEOPLE,
    ),
    "points:void": (
        _url("points:void", lambda w: w["desk_code"].code, lambda w: w["redemption"].pk),
        DESK_PEOPLE,
        DESK_PEOPLE,
    ),
    # Following
    "follows:mine": (_url("follows:mine"), LOGGED_IN, NOBODY),
    "follows:preferences": (_url("follows:preferences"), NOBODY, LOGGED_IN),
    "follows:calendar": (_url("follows:calendar"), LOGGED_IN, LOGGED_IN),
    # A secret address: whoever holds it reads the feed, which holds no contact details.
    "follows:calendar-feed": (_url("follows:calendar-feed", lambda w: w["feed"].token), EVERYONE, NOBODY),
    "follows:community-toggle": (_url("follows:community-toggle", lambda w: w["own"].pk), NOBODY, LOGGED_IN),
    "follows:community-calendar": (_url("follows:community-calendar", "own"), EVERYONE, NOBODY),
    "follows:track-toggle": (_url("follows:track-toggle", lambda w: w["track"].pk), NOBODY, LOGGED_IN),
    "follows:track-calendar": (_url("follows:track-calendar", lambda w: w["track"].pk), EVERYONE, NOBODY),
    "follows:session-star": (_url("follows:session-star", lambda w: w["session"].pk), NOBODY, LOGGED_IN),
    # The manual
    "manual:index": (_url("manual:index"), EVERYONE, NOBODY),
    "manual:page": (_url("manual:page", "log-in"), EVERYONE, NOBODY),
    # Uploaded files are served by the web server in production, by Django only with DEBUG on.
    "^media/(?P<path>.*)$": (_fixed("/media/nothing.png"), NOBODY, NOBODY),
}

# Where the sharing person's details may appear, and for whom.
CONTACT_DETAILS_SHOWN = {
    "contacts:list": STAFF_ONLY,
    "contacts:export-csv": STAFF_ONLY,
    "contacts:export-vcard": STAFF_ONLY,
    "volunteering:task-roster": ROSTER,
    "volunteering:task-roster-csv": ROSTER,
    "points:person": DESK_PEOPLE,
    "points:void": DESK_PEOPLE,
}


# Patterns that exist only in some configurations.
OPTIONAL = {"^media/(?P<path>.*)$"}  # DEBUG only

# Later parts keep their addresses' expectations beside their own tests, in tests/<part>/matrix.py:
# EXPECTED (same shape as above), and optionally CONTACT_DETAILS_SHOWN and extend_world(world), which adds
# the objects their addresses need. A part without the module is caught by the completeness test below.
PARTS = ["tests.checkin.matrix", "tests.certificates.matrix", "tests.follow_codes.matrix", "tests.figures.matrix"]


def _parts():
    for name in PARTS:
        try:
            yield importlib.import_module(name)
        except ModuleNotFoundError as error:
            if error.name != name:
                raise


for _part in _parts():
    EXPECTED.update(_part.EXPECTED)
    CONTACT_DETAILS_SHOWN.update(getattr(_part, "CONTACT_DETAILS_SHOWN", {}))


def test_every_url_pattern_has_an_expectation():
    assert sorted(set(url_patterns()) - set(EXPECTED)) == []
    assert sorted(set(EXPECTED) - set(url_patterns()) - OPTIONAL) == []


@pytest.fixture
def world(db):
    edition = EditionFactory(slug="2027", name="COSCUP 2027", is_current=True)
    EditionFactory(slug="2026", name="COSCUP 2026")
    own, other = CommunityFactory(slug="own", name="Own"), CommunityFactory(slug="other", name="Other")
    staff = EditionRoleFactory(edition=edition, kind=RoleKind.STAFF).user
    secret = UserFactory(
        display_name="Secret Sharer",
        email=SECRET["email"],
        phone=SECRET["phone"],
        chat_handle=SECRET["chat_handle"],
        share_email_with_staff=True,
        share_phone_with_staff=True,
        share_chat_with_staff=True,
    )
    own_person = ResponsiblePersonFactory(community=own, edition=edition)
    ResponsiblePersonFactory(community=own, edition=edition, user=secret)
    track = TrackFactory(edition=edition)
    track.communities.add(own)
    task = TaskFactory(edition=edition, community=own, track=track, requester=staff, starts_at=in_hours(-1))
    sign_up = SignUpFactory(task=task, user=secret)
    adjust_points(user=secret, edition=edition, amount=20, reason="Welcome", by=staff)
    reward = RewardFactory(edition=edition, cost=5, stock=None)
    redeem_rewards(user=secret, edition=edition, items=[(reward, 1)], by=staff)
    community_update(community=own, data={"summary": "Changed"}, by=own_person.user, edition=edition)
    world = {
        "edition": edition,
        "own": own,
        "secret": secret,
        "task": task,
        "sign_up": sign_up,
        "track": track,
        "session": SessionFactory(edition=edition, track=track, starts_at=in_hours(30), ends_at=in_hours(31)),
        "person": own_person,
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
        "desk_code": desk_code_for(secret),
        "redemption": Redemption.objects.get(user=secret),
        "feed": CalendarFeed.objects.get_or_create(user=secret)[0],
        "people": {
            ANONYMOUS: None,
            VOLUNTEER: UserFactory(),
            OWN: own_person.user,
            OTHER: ResponsiblePersonFactory(community=other, edition=edition).user,
            DESK: EditionRoleFactory(edition=edition, kind=RoleKind.DESK).user,
            STAFF: staff,
            SUPERUSER: UserFactory(is_superuser=True, is_staff=True),
        },
    }
    for part in _parts():
        if hasattr(part, "extend_world"):
            part.extend_world(world)
    return world


def _leaks(name, role, response) -> list[str]:
    if role in CONTACT_DETAILS_SHOWN.get(name, NOBODY):
        return []
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = body.decode("utf-8", errors="replace")
    return [value for value in SECRET.values() if value in text]


# What a POST that did something answers: the page, or a redirect after the action. (A permanent
# redirect, 301/308, only says the address moved.)
ACTED = {200, 201, 204, 302, 303}


def _is_login_redirect(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("role", ROLES)
def test_every_address_for_every_role(client, world, role):
    person = world["people"][role]
    if person is not None:
        client.force_login(person)
    present = url_patterns()
    addresses = {
        name: (build(world), get_ok, post_ok) for name, (build, get_ok, post_ok) in EXPECTED.items() if name in present
    }
    problems = []
    for name, (url, get_ok, _post_ok) in addresses.items():
        response = client.get(url)
        if response.status_code >= 500:
            problems.append(f"GET {url} ({name}): {response.status_code}")
        elif 200 <= response.status_code < 300 and role not in get_ok:
            problems.append(f"GET {url} ({name}): unexpected {response.status_code}")
        problems += [f"GET {url} ({name}) shows {value}" for value in _leaks(name, role, response)]
    # POSTs last: an allowed one may change what a later GET would show.
    for name, (url, get_ok, post_ok) in addresses.items():
        response = client.post(url, {})
        status = response.status_code
        if status >= 500:
            problems.append(f"POST {url} ({name}): {status}")
        elif role not in post_ok | get_ok and status in ACTED and not _is_login_redirect(response):
            problems.append(f"POST {url} ({name}): {status} for a role that may not act")
        problems += [f"POST {url} ({name}) shows {value}" for value in _leaks(name, role, response)]
    assert problems == [], "\n".join(problems)
