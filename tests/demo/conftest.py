import pytest

from schedule.pretalx import ApiSource, ScheduleJsonSource
from tests.schedule.conftest import BASE, FIXTURES, FakeHttp, api_answers


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    # The demo stores a logo per community: keep them out of the project's media folder.
    settings.MEDIA_ROOT = tmp_path / "media"


def real_api_source():
    """The recorded answers of a real Pretalx (tests/fixtures/pretalx), as the staff import page fetches them."""
    return ApiSource(base_url=BASE, event_slug="coscup-2026", token="", http=FakeHttp(api_answers()))


def real_schedule_json(name="schedule.json"):
    """A real Pretalx schedule.json export (its addresses point at the Pretalx it was captured from)."""
    return ScheduleJsonSource(location=str(FIXTURES / name))
