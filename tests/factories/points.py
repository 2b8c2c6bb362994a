import factory

from points.models import Reward

from .editions import EditionFactory


class RewardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reward

    edition = factory.SubFactory(EditionFactory)
    name = factory.Sequence(lambda n: f"Reward {n}")
    name_zh_hant = factory.Sequence(lambda n: f"獎品 {n}")
    cost = 10
    stock = 5
