"""The language switcher names each language in its own words."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.integration


@pytest.mark.parametrize("language", ["en", "zh-hant"])
def test_each_language_is_offered_in_its_own_words(client, edition, language):
    client.cookies["django_language"] = language

    page = client.get(reverse("volunteering:board")).content.decode()
    switcher = page.split('id="language-select"')[1].split("</select>")[0]

    assert '<option value="en" lang="en"' in switcher and ">English</option>" in switcher
    assert '<option value="zh-hant" lang="zh-hant"' in switcher and ">繁體中文</option>" in switcher
