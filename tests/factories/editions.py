import datetime

import factory

from editions.models import Edition, EditionRole, RoleKind

from .accounts import UserFactory


class EditionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Edition
        django_get_or_create = ["slug"]

    # Years after the fixtures' 2026/2027 and inside core.dates' bounds, however many tests ran before.
    slug = factory.Sequence(lambda n: str(2030 + n % 60))
    name = factory.LazyAttribute(lambda o: f"COSCUP {o.slug}")
    start_date = factory.LazyAttribute(lambda o: datetime.date(int(o.slug) if o.slug.isdigit() else 2030, 8, 8))
    end_date = factory.LazyAttribute(lambda o: o.start_date + datetime.timedelta(days=1))
    is_current = False


class EditionRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EditionRole

    edition = factory.SubFactory(EditionFactory)
    user = factory.SubFactory(UserFactory)
    kind = RoleKind.STAFF
