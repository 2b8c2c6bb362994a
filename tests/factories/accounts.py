import factory

from accounts.models import User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.net")
    display_name = factory.Sequence(lambda n: f"Person {n}")
    password = factory.django.Password(None)
