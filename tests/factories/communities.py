import factory

from communities.models import Community, ResponsiblePerson

from .accounts import UserFactory
from .editions import EditionFactory


class CommunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Community
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"community-{n}")
    name = factory.Sequence(lambda n: f"Community {n}")
    name_zh_hant = factory.Sequence(lambda n: f"社群 {n}")


class ResponsiblePersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResponsiblePerson

    community = factory.SubFactory(CommunityFactory)
    edition = factory.SubFactory(EditionFactory)
    user = factory.SubFactory(UserFactory)
    title = "organizer"
