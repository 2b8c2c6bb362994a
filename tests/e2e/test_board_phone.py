"""The board on a 360 px phone (issue 8, point 8): the first task is on the first screen, and no
filter menu cuts its choices off, in both languages."""

import pytest
from playwright.sync_api import expect

from tests.factories.communities import CommunityFactory
from tests.factories.volunteering import TaskFactory, in_hours

pytestmark = pytest.mark.e2e

# The widest option text of each select, measured in the select's own font, against the room the
# select leaves for text (its width minus padding and the arrow).
WIDEST_OPTION_VS_ROOM = """
(select) => {
  const style = getComputedStyle(select);
  const context = document.createElement("canvas").getContext("2d");
  context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
  const widest = Math.max(...[...select.options].map((option) => context.measureText(option.text).width));
  const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 20;
  return [widest, room];
}
"""


@pytest.mark.parametrize("language", ["en", "zh-hant"])
def test_first_task_on_the_first_screen_and_filters_not_cut(page, page_errors, live_server, edition, language):
    community = CommunityFactory(name="Open Source Hardware Taiwan", name_zh_hant="台灣開源硬體社群")
    for hours in (24, 26, 30):
        TaskFactory(edition=edition, community=community, starts_at=in_hours(hours), ends_at=in_hours(hours + 2))
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])

    page.goto(f"{live_server.url}/one-day/")

    first_card = page.locator(".task-card").first
    expect(first_card).to_be_visible()
    box = first_card.bounding_box()
    assert box["y"] + 60 <= page.viewport_size["height"], f"the first task starts at {box['y']} px"
    page.locator(".board-filters__more summary").click()
    for select in page.locator(".board-filters select").all():
        widest, room = select.evaluate(WIDEST_OPTION_VS_ROOM)
        assert widest <= room, f"{select.get_attribute('name')}: {widest:.0f} px of text in {room:.0f} px"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert page_errors == []
