import factory
from django.utils import timezone

from communities.models import Community, InvitationStatus, ResponsiblePerson, ResponsiblePersonInvitation

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
    title_zh_hant = "召集人"


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResponsiblePersonInvitation

    community = factory.SubFactory(CommunityFactory)
    edition = factory.SubFactory(EditionFactory)
    email = factory.Sequence(lambda n: f"invitee{n}@example.net")
    language = "en"
    status = InvitationStatus.PENDING
    last_sent_at = factory.LazyFunction(timezone.now)
    send_count = 1
