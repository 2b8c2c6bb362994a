"""One unambiguous date style per language, used everywhere (issue 8, point 12)."""

import datetime
import re
from pathlib import Path

import pytest
from django.utils import formats, translation

from tests.factories.volunteering import TaskFactory

BASE_DIR = Path(__file__).resolve().parents[2]
MOMENT = datetime.datetime(2027, 8, 7, 9, 30)
EXPECTED = {
    "en": ("Sat 7 Aug 2027", "Sat 7 Aug", "Sat 7 Aug 2027, 09:30", "Sat 7 Aug, 09:30"),
    "zh-hant": ("2027年8月7日（六）", "8月7日（六）", "2027年8月7日（六）09:30", "8月7日（六）09:30"),
}
# What templates may pass to |date: the named formats, machine formats for attributes and ids, times.
ALLOWED_TEMPLATE_FORMATS = {
    "DATE_FORMAT",
    "SHORT_DATE_FORMAT",
    "DATETIME_FORMAT",
    "SHORT_DATETIME_FORMAT",
    "c",
    "r",
    "Y-m-d",
    "Ymd",
    "H:i",
}


@pytest.mark.unit
@pytest.mark.parametrize("language", ["en", "zh-hant"])
def test_each_language_has_one_unambiguous_style(language):
    with translation.override(language):
        shown = tuple(
            formats.date_format(MOMENT, name)
            for name in ("DATE_FORMAT", "SHORT_DATE_FORMAT", "DATETIME_FORMAT", "SHORT_DATETIME_FORMAT")
        )

    assert shown == EXPECTED[language]


@pytest.mark.unit
def test_templates_use_the_named_formats_only():
    found = {}
    for path in BASE_DIR.glob("*/templates/**/*.*"):
        if ".venv" in path.parts:
            continue
        for value in re.findall(r"""\|date:["']([^"']+)["']""", path.read_text(encoding="utf-8")):
            if value not in ALLOWED_TEMPLATE_FORMATS:
                found.setdefault(str(path.relative_to(BASE_DIR)), []).append(value)
    assert found == {}


@pytest.mark.integration
def test_the_board_shows_the_day_in_each_language(client, edition):
    start = datetime.datetime(2027, 8, 7, 10, 0, tzinfo=edition.tzinfo)
    TaskFactory(edition=edition, starts_at=start, ends_at=start + datetime.timedelta(hours=2))

    english = client.get("/one-day/?past=1").content.decode() + client.get("/one-day/").content.decode()
    client.cookies["django_language"] = "zh-hant"
    chinese = client.get("/one-day/?past=1").content.decode() + client.get("/one-day/").content.decode()

    assert "Sat 7 Aug, 10:00–12:00" in english
    assert "8月7日（六）10:00–12:00" in chinese
