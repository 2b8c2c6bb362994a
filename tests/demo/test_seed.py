from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts.models import User
from communities.models import Community, ResponsiblePerson, ResponsiblePersonInvitation
from demo.models import DemoSeed
from demo.selectors import DEMO_VERSION
from demo.services import STAFF_EMAIL, Outcome, seed_demo
from editions.models import Edition, EditionRole
from editions.roles import is_desk_operator, is_staff
from editions.selectors import current_edition
from follows.models import CommunityFollow, SessionStar, TrackFollow
from points.models import PointsEntry
from schedule.models import ImportRun, Room, Session, Track
from schedule.services import import_schedule
from tests.demo.conftest import real_api_source, real_schedule_json
from tests.factories.accounts import UserFactory
from tests.factories.communities import CommunityFactory
from tests.factories.editions import EditionFactory
from volunteering.models import SignUp, Task

pytestmark = pytest.mark.integration

LOADED = "Demo data loaded (scale 1)."
PRESENT = "Demo data already present, left as is."
OWN_DATA = "This database holds your own data: no demo data added"


def counts():
    return (
        Edition.objects.count(),
        User.objects.count(),
        EditionRole.objects.count(),
        Community.objects.count(),
        ResponsiblePerson.objects.count(),
        ResponsiblePersonInvitation.objects.count(),
        Room.objects.count(),
        Track.objects.count(),
        Track.communities.through.objects.count(),
        Session.objects.count(),
        CommunityFollow.objects.count(),
        TrackFollow.objects.count(),
        SessionStar.objects.count(),
    )


def everything():
    """Every row the demo or an import writes, to show that nothing changed."""
    return (
        *counts(),
        ImportRun.objects.count(),
        Task.objects.count(),
        SignUp.objects.count(),
        PointsEntry.objects.count(),
        DemoSeed.objects.count(),
        sorted(Session.objects.values_list("code", "title", "url", "starts_at")),
        sorted(Track.objects.values_list("pretalx_key", "name", "name_zh_hant")),
    )


def seed_command(*args) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def test_seed_demo_is_idempotent(db):
    call_command("seed_demo", stdout=StringIO())
    first = everything()

    output = seed_command()

    assert everything() == first
    assert output.splitlines()[0] == PRESENT
    # editions, users, roles, communities, responsible persons (both editions), invitations, rooms,
    # tracks, track-community links, sessions, community follows (3 of them from follow cards), track follows, stars
    assert counts() == (2, 1005, 2, 16, 32, 1, 6, 4, 5, 60, 395, 304, 718)


def test_seed_demo_into_an_empty_database_says_it_loaded(db):
    output = seed_command()

    assert output.splitlines()[0] == LOADED
    assert "responsible person of python-tw responsible@example.org" in output
    assert list(DemoSeed.objects.values_list("version", "scale")) == [(DEMO_VERSION, 1)]


def test_seed_demo_creates_current_edition_with_roles(db):
    context = seed_demo(scale=1).context

    assert list(Edition.objects.filter(is_current=True)) == [context.edition]
    assert is_staff(User.objects.get(email=STAFF_EMAIL), context.edition)
    assert is_desk_operator(context.desk, context.edition)
    assert not is_staff(context.volunteer, context.edition)


def test_seed_demo_scale_multiplies_people(db):
    seed_demo(scale=2)

    assert User.objects.filter(email__startswith="person").count() == 2000


def test_seed_demo_larger_scale_adds_what_it_has_more(db):
    seed_demo(scale=1)

    result = seed_demo(scale=2)

    assert result.outcome is Outcome.LOADED
    assert User.objects.filter(email__startswith="person").count() == 2000
    assert Session.objects.filter(is_scheduled=True).count() == 120
    assert seed_demo(scale=2).outcome is Outcome.PRESENT
    assert seed_demo(scale=1).outcome is Outcome.PRESENT


def test_seed_demo_rejects_bad_scale(db):
    with pytest.raises(CommandError):
        call_command("seed_demo", scale=0)


# --- a database that holds someone's own data is never written to ----------------------------------


@pytest.mark.parametrize(
    "source",
    [real_api_source, real_schedule_json, lambda: real_schedule_json("schedule.lang-en.json")],
    ids=["pretalx-api", "schedule-json", "schedule-json-english"],
)
def test_seed_demo_after_a_real_import_into_the_demo_edition_refuses_and_changes_nothing(db, settings, source):
    # Issue 8: make run, import a real schedule into the current edition, make run again.
    settings.SCHEDULE_IMPORT_MAX_REMOVAL_SHARE = 1  # the real programme replaces the demo's
    seed_demo(scale=1)
    run = import_schedule(edition=current_edition(), source=source())
    assert run.ok
    before = everything()

    output = seed_command()

    (line,) = output.splitlines()  # no demo logins either: they may not exist here
    assert line.startswith(f"{OWN_DATA} (found: schedule imports")
    assert everything() == before


def test_seed_demo_refuses_a_database_with_a_real_account(db):
    UserFactory(email="organizer@coscup.org")

    result = seed_demo(scale=1)

    assert (result.outcome, result.context) == (Outcome.OWN_DATA, None)
    assert result.message == f"{OWN_DATA} (found: accounts)."
    assert (Edition.objects.count(), Community.objects.count(), User.objects.count()) == (0, 0, 1)


@pytest.mark.parametrize(
    ("make", "found"),
    [
        (lambda: EditionFactory(slug="2030", name="COSCUP 2030"), "editions"),
        (lambda: CommunityFactory(slug="pycon-apac"), "communities"),
    ],
)
def test_seed_demo_refuses_other_editions_and_communities(db, make, found):
    seed_demo(scale=1)
    make()
    before = everything()

    result = seed_demo(scale=1)

    assert (result.outcome, result.message) == (Outcome.OWN_DATA, f"{OWN_DATA} (found: {found}).")
    assert everything() == before


def test_seed_demo_refuses_a_hand_made_track(db):
    context = seed_demo(scale=1).context
    Track.objects.create(edition=context.edition, name="Lightning talks")

    assert seed_demo(scale=1).message == f"{OWN_DATA} (found: tracks)."


def test_seed_demo_leaves_the_demo_of_an_earlier_version_as_it_is(db):
    seed_demo(scale=1)
    DemoSeed.objects.all().delete()  # as a database seeded before the demo marked its data
    before = everything()

    result = seed_demo(scale=2)

    assert result.outcome is Outcome.PRESENT
    assert result.message.startswith(f"{PRESENT[:-1]} (made by an earlier version of the demo")
    assert everything() == before
