"""The check-in addresses in the URL × role matrix (tests/test_url_matrix.py)."""

from checkin.selectors import sheet_code, task_days
from tests.test_url_matrix import EVERYONE, LOGGED_IN, NOBODY, ROSTER, _url


def _code(world) -> str:
    task = world["task"]
    return sheet_code(task=task, day=task_days(task)[0])


EXPECTED = {
    # The people who run the task or see its roster print the sheet; nobody else sees its code.
    "checkin:sheet": (_url("checkin:sheet", lambda w: w["task"].pk), ROSTER, NOBODY),
    # Whoever holds the code (scanned from the sheet): logged out, which task and a login link back;
    # logged in, the task and one button; a POST checks them in (taking a free place if they have none) or out.
    "checkin:check-in": (_url("checkin:check-in", lambda w: w["task"].pk, _code), EVERYONE, LOGGED_IN),
}
