"""`as_list`: lists written the way each language writes them."""

import pytest
from django.template import Context, Template
from django.utils import translation

pytestmark = pytest.mark.unit

TEMPLATE = Template("{% load core_tags %}{{ items|as_list }}")


@pytest.mark.parametrize(
    ("language", "expected"), [("en", "name, email &lt;a&gt;"), ("zh-hant", "name、email &lt;a&gt;")]
)
def test_items_are_joined_in_the_language_and_escaped(language, expected):
    with translation.override(language):
        assert TEMPLATE.render(Context({"items": ["name", "email <a>"]})) == expected
