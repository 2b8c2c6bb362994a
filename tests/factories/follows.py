import factory

from follows.models import CommunityFollow, SessionStar, TrackFollow

from .accounts import UserFactory
from .communities import CommunityFactory
from .schedule import SessionFactory, TrackFactory


class CommunityFollowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommunityFollow

    user = factory.SubFactory(UserFactory)
    community = factory.SubFactory(CommunityFactory)


class TrackFollowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrackFollow

    user = factory.SubFactory(UserFactory)
    track = factory.SubFactory(TrackFactory)


class SessionStarFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SessionStar

    user = factory.SubFactory(UserFactory)
    session = factory.SubFactory(SessionFactory)
