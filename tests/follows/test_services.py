import pytest

from follows import selectors, services
from follows.models import CommunityFollow, SessionStar, TrackFollow
from tests.factories.accounts import UserFactory
from tests.factories.communities import CommunityFactory
from tests.factories.follows import CommunityFollowFactory, SessionStarFactory, TrackFollowFactory
from tests.factories.schedule import SessionFactory, TrackFactory

pytestmark = pytest.mark.integration


def test_follow_community_twice_keeps_one_row(user):
    community = CommunityFactory()

    services.follow_community(user=user, community=community)
    services.follow_community(user=user, community=community)

    assert CommunityFollow.objects.filter(user=user, community=community).count() == 1


def test_unfollow_community_when_not_following_is_a_no_op(user):
    community = CommunityFactory()
    other = CommunityFollowFactory(community=community)

    services.unfollow_community(user=user, community=community)
    services.follow_community(user=user, community=community)
    services.unfollow_community(user=user, community=community)
    services.unfollow_community(user=user, community=community)

    assert list(CommunityFollow.objects.all()) == [other]


def test_follow_and_unfollow_track_are_idempotent(user, edition):
    track = TrackFactory(edition=edition)

    services.follow_track(user=user, track=track)
    services.follow_track(user=user, track=track)
    assert TrackFollow.objects.filter(user=user, track=track).count() == 1

    services.unfollow_track(user=user, track=track)
    services.unfollow_track(user=user, track=track)
    assert TrackFollow.objects.count() == 0


def test_star_and_unstar_session_are_idempotent(user, edition):
    session = SessionFactory(edition=edition)

    services.star_session(user=user, session=session)
    services.star_session(user=user, session=session)
    assert SessionStar.objects.filter(user=user, session=session).count() == 1

    services.unstar_session(user=user, session=session)
    services.unstar_session(user=user, session=session)
    assert SessionStar.objects.count() == 0


def test_set_following_follows_then_stops(user, edition):
    track = TrackFactory(edition=edition)

    services.set_following(user=user, kind="track", target=track, following=True)
    assert selectors.following_ids(user, "track") == {track.pk}

    services.set_following(user=user, kind="track", target=track, following=False)
    assert selectors.following_ids(user, "track") == set()


def test_following_ids_are_the_persons_own_in_one_query(user, edition, django_assert_num_queries):
    mine = SessionStarFactory(user=user, session=SessionFactory(edition=edition)).session
    SessionStarFactory(session=SessionFactory(edition=edition))  # someone else's star

    with django_assert_num_queries(1):
        ids = selectors.following_ids(user, "session")

    assert ids == {mine.pk}


def test_following_ids_for_anonymous_is_empty(db, django_assert_num_queries):
    from django.contrib.auth.models import AnonymousUser

    with django_assert_num_queries(0):
        assert selectors.following_ids(AnonymousUser(), "community") == set()


def test_follower_counts_include_zeros_in_one_query(edition, django_assert_num_queries):
    popular, quiet = TrackFactory(edition=edition), TrackFactory(edition=edition)
    for person in UserFactory.create_batch(3):
        TrackFollowFactory(user=person, track=popular)

    with django_assert_num_queries(1):
        counts = selectors.follower_counts("track", [popular.pk, quiet.pk])

    assert counts == {popular.pk: 3, quiet.pk: 0}


def test_follow_inactive_community_is_refused(user):
    from django.core.exceptions import ValidationError

    community = CommunityFactory(is_active=False)

    with pytest.raises(ValidationError) as error:
        services.follow_community(user=user, community=community)

    assert error.value.messages == ["This community is no longer active, so it can't be followed."]
    assert CommunityFollow.objects.count() == 0
