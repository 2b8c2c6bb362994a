import factory

from schedule.models import Room, Track

from .editions import EditionFactory


class RoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Room

    edition = factory.SubFactory(EditionFactory)
    name = factory.Sequence(lambda n: f"TR{400 + n}")


class TrackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Track

    edition = factory.SubFactory(EditionFactory)
    name = factory.Sequence(lambda n: f"Track {n}")
    name_zh_hant = factory.Sequence(lambda n: f"議程軌 {n}")
