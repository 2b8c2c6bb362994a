import pytest
from django.core.management import call_command

from accounts.models import User
from communities.models import Community, ResponsiblePerson, ResponsiblePersonInvitation
from demo.services import STAFF_EMAIL, seed_demo
from editions.models import Edition, EditionRole
from editions.roles import is_desk_operator, is_staff
from follows.models import CommunityFollow, SessionStar, TrackFollow
from schedule.models import Room, Session, Track

pytestmark = pytest.mark.integration


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


def test_seed_demo_is_idempotent(db):
    call_command("seed_demo")
    first = counts()

    call_command("seed_demo")

    assert counts() == first
    # editions, users, roles, communities, responsible persons (both editions), invitations, rooms,
    # tracks, track-community links, sessions, community follows, track follows, stars
    assert first == (2, 1005, 2, 16, 32, 1, 6, 4, 5, 60, 392, 304, 718)


def test_seed_demo_creates_current_edition_with_roles(db):
    context = seed_demo(scale=1)

    assert list(Edition.objects.filter(is_current=True)) == [context.edition]
    assert is_staff(User.objects.get(email=STAFF_EMAIL), context.edition)
    assert is_desk_operator(context.desk, context.edition)
    assert not is_staff(context.volunteer, context.edition)


def test_seed_demo_scale_multiplies_people(db):
    seed_demo(scale=2)

    assert User.objects.filter(email__startswith="person").count() == 2000


def test_seed_demo_rejects_bad_scale(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("seed_demo", scale=0)
