"""Messages kept in the database are worded when shown, in the reader's language (issue 8, point 13)."""

import json

import pytest
from django.utils import translation

from core.stored_text import later, word
from schedule.pretalx import PretalxError

pytestmark = pytest.mark.unit


def test_a_stored_message_is_worded_in_each_readers_language():
    stored = json.loads(json.dumps(PretalxError("%(file)s is not valid JSON.", file="schedule.json").stored))

    with translation.override("en"):
        english = word(stored)
    with translation.override("zh-hant"):
        chinese = word(stored)

    assert english == "schedule.json is not valid JSON."
    assert chinese != english and "schedule.json" in chinese


def test_plain_text_and_nested_messages():
    nested = later("Unexpected error: %(error)s", error=later("%(file)s is not valid JSON.", file="a.json"))

    assert (word("written before"), word(None), word(nested)) == (
        "written before",
        "",
        "Unexpected error: a.json is not valid JSON.",
    )
    assert later("x %(error)s", error=ValueError("boom"))["params"] == {"error": "boom"}
