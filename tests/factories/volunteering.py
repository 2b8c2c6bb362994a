import datetime

import factory
from django.utils import timezone

from volunteering.models import SignUp, SignUpStatus, Task, TaskCategory, TaskStatus

from .accounts import UserFactory
from .editions import EditionFactory


def in_hours(hours: float) -> datetime.datetime:
    return timezone.now().replace(microsecond=0) + datetime.timedelta(hours=hours)


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Task

    edition = factory.SubFactory(EditionFactory)
    title = factory.Sequence(lambda n: f"Task {n}")
    description = "Help at the **front desk**."
    category = TaskCategory.RECEPTION
    location = "Main entrance"
    starts_at = factory.LazyFunction(lambda: in_hours(48))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=2))
    headcount = 3
    points = 10
    requester = factory.SubFactory(UserFactory)
    status = TaskStatus.OPEN


class SignUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SignUp

    task = factory.SubFactory(TaskFactory)
    user = factory.SubFactory(UserFactory)
    status = SignUpStatus.CONFIRMED
    signed_up_at = factory.LazyFunction(timezone.now)
