import datetime
import zoneinfo

import pytest

from checkin.selectors import sheet_code
from tests.factories.editions import EditionFactory
from tests.factories.volunteering import TaskFactory

TAIPEI = zoneinfo.ZoneInfo("Asia/Taipei")


def at(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    """A moment in August 2027, Taipei time (the edition's zone)."""
    return datetime.datetime(2027, 8, day, hour, minute, tzinfo=TAIPEI)


@pytest.fixture
def edition(db):
    return EditionFactory(slug="2027", name="COSCUP 2027", is_current=True, time_zone="Asia/Taipei")


@pytest.fixture
def task(edition):
    """Saturday 7 August 2027, 10:00–12:00 Taipei, two places."""
    return TaskFactory(edition=edition, starts_at=at(7, 10), ends_at=at(7, 12), headcount=2, points=10)


def code_for(task, day: int = 7) -> str:
    return sheet_code(task=task, day=datetime.date(2027, 8, day))
