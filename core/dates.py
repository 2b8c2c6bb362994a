"""The span every date and time a person types must fall in, whatever it is for.

Python's dates end in year 9999 and start in year 1; PostgreSQL stores years Python cannot read back,
and moving a time near either end to another time zone overflows. One such row (a task "starting"
0001-01-01) made every page showing it fail. So typed dates are checked against these absolute bounds
by the forms and services, and database constraints (`moment_in_bounds`, `day_in_bounds`) hold them
too. Narrower windows (a task around its edition: editions.models.Edition.window) sit inside them.
"""

import datetime

from django.db.models import Q

FIRST_DAY = datetime.date(2000, 1, 1)
LAST_DAY = datetime.date(2099, 12, 31)
EARLIEST = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
LATEST = datetime.datetime(2100, 1, 1, tzinfo=datetime.UTC)  # excluded


def is_between(value: datetime.datetime, earliest: datetime.datetime, latest: datetime.datetime) -> bool:
    """`earliest <= value < latest`, also for a value near year 1 or 9999 (no time zone arithmetic on it)."""
    if not earliest.year - 1 <= value.year <= latest.year + 1:
        return False
    return earliest <= value < latest


def moment_in_bounds(name: str, *, null: bool = False) -> Q:
    """A check constraint's condition: the datetime field `name` lies in [EARLIEST, LATEST)."""
    condition = Q(**{f"{name}__gte": EARLIEST, f"{name}__lt": LATEST})
    return condition | Q(**{f"{name}__isnull": True}) if null else condition


def day_in_bounds(name: str) -> Q:
    """A check constraint's condition: the date field `name` lies in [FIRST_DAY, LAST_DAY]."""
    return Q(**{f"{name}__gte": FIRST_DAY, f"{name}__lte": LAST_DAY})
