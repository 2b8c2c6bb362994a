import datetime
from collections import defaultdict
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command

from accounts.models import User
from communities.models import Community, ResponsiblePerson, ResponsiblePersonInvitation
from communities.permissions import is_responsible_person
from communities.selectors.responsible_persons import carry_over_proposals
from demo.communities import NAMED, generated_communities
from demo.services import RESPONSIBLE_EMAIL, seed_demo
from demo.tracks import demo_schedule, generated_tracks, seed_schedule
from editions.roles import is_staff
from follows.models import CommunityFollow, SessionStar, TrackFollow
from schedule.models import ImportRun, Session, Track
from schedule.pretalx import parse_schedule_json

pytestmark = pytest.mark.integration


@pytest.mark.unit
@pytest.mark.parametrize(("scale", "sessions", "tracks", "rooms"), [(1, 60, 4, 4), (2, 120, 8, 4), (10, 600, 40, 18)])
def test_demo_schedule_sizes_for_scale(scale, sessions, tracks, rooms):
    data = parse_schedule_json(demo_schedule(scale))

    # Rooms: two more (TR209, TR510) come from the volunteer tasks, so scale 10 has 20 in the edition.
    assert (len(data.sessions), len(data.tracks), len(data.rooms)) == (sessions, tracks, rooms)


@pytest.mark.unit
def test_demo_schedule_is_inside_the_edition_without_overlaps_in_a_room():
    data = parse_schedule_json(demo_schedule(10))

    local_days = {session.starts_at.astimezone(data.sessions[0].starts_at.tzinfo).date() for session in data.sessions}
    assert local_days == {datetime.date(2027, 8, 7), datetime.date(2027, 8, 8)}
    assert data.time_zone == "Asia/Taipei"
    by_room = defaultdict(list)
    for session in data.sessions:
        by_room[session.room_key].append((session.starts_at, session.ends_at, session.code))
    overlaps = [
        (first[2], second[2])
        for slots in by_room.values()
        for first, second in zip(sorted(slots), sorted(slots)[1:], strict=False)
        if second[0] < first[1]
    ]
    assert overlaps == []


@pytest.mark.unit
def test_demo_schedule_is_the_same_every_time():
    assert demo_schedule(3) == demo_schedule(3)


def test_seed_demo_imports_schedule_through_the_importer(db):
    context = seed_demo(scale=1).context
    seed_schedule(context)  # the step again, as a run at a larger scale repeats it

    first, second = ImportRun.objects.filter(edition=context.edition).order_by("pk")
    assert (first.ok, first.kind, first.created) == (True, "schedule_json", 60)
    assert (second.ok, second.created, second.updated, second.removed, second.unchanged) == (True, 0, 0, 0, 60)
    assert Session.objects.get(edition=context.edition, code="PY3AAA").starts_at == datetime.datetime(
        2027, 8, 7, 2, 30, tzinfo=datetime.UTC
    )


def test_seed_demo_tracks_have_english_and_chinese_names_and_communities(db):
    context = seed_demo(scale=2).context

    python = Track.objects.get(edition=context.edition, name_zh_hant="Python 社群議程")
    assert python.name == "Python Community Track"
    assert list(python.communities.values_list("slug", flat=True)) == ["python-tw"]
    community_counts = [track.communities.count() for track in Track.objects.filter(edition=context.edition)]
    assert len(community_counts) == 8
    assert set(community_counts) <= {1, 2}
    kubernetes = Track.objects.get(edition=context.edition, name="Kubernetes Track")
    assert kubernetes.name_zh_hant == "Kubernetes 議程軌"
    assert list(kubernetes.communities.values_list("slug", flat=True)) == ["k8s-tw"]


def test_seed_demo_communities_have_both_language_introductions(db):
    seed_demo(scale=1)

    named = Community.objects.filter(slug__in=[community.slug for community in NAMED])
    assert named.count() == 6
    for community in named:
        assert community.website_url.startswith("https://")
    assert Community.objects.count() == 16
    for community in Community.objects.all():
        assert community.summary and community.summary_zh_hant
        assert community.introduction and community.introduction_zh_hant
    kubernetes = Community.objects.get(slug="k8s-tw")
    assert (kubernetes.name, kubernetes.name_zh_hant) == ("Kubernetes Taiwan User Group", "Kubernetes 台灣使用者社群")
    assert kubernetes.website_url == ""  # an invented group: no address that leads nowhere


def test_seed_demo_keeps_communities_edited_by_hand(db):
    seed_demo(scale=1)
    Community.objects.filter(slug="g0v").update(summary="Edited.")

    seed_demo(scale=2)

    assert Community.objects.get(slug="g0v").summary == "Edited."


@pytest.mark.unit
def test_demo_scale_ten_has_a_hundred_distinct_invented_communities():
    communities = generated_communities(100)

    assert len({community.slug for community in communities}) == 100
    assert len({community.name for community in communities}) == 100
    assert len({community.name_zh_hant for community in communities}) == 100
    assert all(len(community.summary) <= 160 and len(community.summary_zh_hant) <= 160 for community in communities)


@pytest.mark.unit
def test_demo_scale_ten_tracks_are_run_by_distinct_communities():
    tracks = generated_tracks(10)

    assert len(tracks) == 36
    assert len({track.key for track in tracks}) == 36
    assert len({track.name for track in tracks}) == 36
    assert len({track.community_slugs[0] for track in tracks}) == 36


def test_seed_demo_responsible_person_account(db):
    context = seed_demo(scale=1).context

    responsible = User.objects.get(email=RESPONSIBLE_EMAIL)
    assert responsible.display_name == "Demo Responsible"
    assert EmailAddress.objects.filter(user=responsible, email=RESPONSIBLE_EMAIL, verified=True, primary=True).exists()
    python = Community.objects.get(slug="python-tw")
    assert is_responsible_person(responsible, context.edition, python)
    assert not is_responsible_person(responsible, context.edition, Community.objects.get(slug="g0v"))
    assert not is_staff(responsible, context.edition)
    assert not ResponsiblePerson.objects.filter(user=context.volunteer).exists()
    assert not is_responsible_person(context.volunteer, context.edition)
    assert is_staff(context.staff, context.edition)
    # Last edition every community had someone; this one a few wait for carry-over, one invitation is pending.
    assert (
        ResponsiblePerson.objects.filter(edition=context.previous_edition).values("community").distinct().count() == 16
    )
    assert ResponsiblePerson.objects.filter(edition=context.edition).values("community").distinct().count() == 14
    assert len(carry_over_proposals(edition=context.edition)) == 2
    invitation = ResponsiblePersonInvitation.objects.get(edition=context.edition)
    assert (invitation.community.slug, invitation.status) == ("rust-tw", "pending")


def test_seed_demo_volunteer_follows_and_stars(db):
    context = seed_demo(scale=1).context
    volunteer = context.volunteer

    assert sorted(CommunityFollow.objects.filter(user=volunteer).values_list("community__slug", flat=True)) == [
        "g0v",
        "python-tw",
    ]
    assert sorted(TrackFollow.objects.filter(user=volunteer).values_list("track__name", flat=True)) == [
        "Open Culture",
        "Python Community Track",
    ]
    assert sorted(SessionStar.objects.filter(user=volunteer).values_list("session__code", flat=True)) == [
        "CU8AAA",
        "PY3AAA",
        "PY3AAB",
    ]
    others = SessionStar.objects.exclude(user=volunteer)
    assert others.values("user").distinct().count() == 200


def test_seed_demo_command_prints_responsible_login(db):
    out = StringIO()

    call_command("seed_demo", stdout=out)

    assert f"responsible person of python-tw {RESPONSIBLE_EMAIL}" in out.getvalue()
