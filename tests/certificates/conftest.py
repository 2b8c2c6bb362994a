import datetime
import zoneinfo

import pytest

from tests.factories.volunteering import SignUpFactory, TaskFactory
from volunteering import services as volunteering_services

TAIPEI = zoneinfo.ZoneInfo("Asia/Taipei")


def at(day: int, hour: int, minute: int = 0, *, month: int = 8, year: int = 2027) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=TAIPEI)


@pytest.fixture
def complete(staff_user):
    """`complete(user, task=None, **task_fields)`: a sign-up confirmed as completed through the real
    services (status and points ledger), as a requester would."""

    def _complete(user, task=None, **task_fields):
        task = task or TaskFactory(**task_fields)
        sign_up = SignUpFactory(task=task, user=user)
        return volunteering_services.mark_completed(sign_up=sign_up, by=staff_user)

    return _complete
