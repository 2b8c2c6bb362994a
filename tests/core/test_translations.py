import gettext
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

pytestmark = pytest.mark.unit

LOCALE = Path(__file__).resolve().parents[2] / "locale" / "zh_Hant" / "LC_MESSAGES"


@pytest.fixture(scope="module")
def catalog():
    with open(LOCALE / "django.po", "rb") as po:
        return read_po(po)


def test_every_message_is_translated(catalog):
    untranslated = [message.id for message in catalog if message.id and not message.string]
    fuzzy = [message.id for message in catalog if message.id and message.fuzzy]

    assert (untranslated, fuzzy) == ([], [])


def test_compiled_catalog_matches_source(catalog):
    # The .mo is committed so no machine needs gettext; it must not lag behind the .po.
    with open(LOCALE / "django.mo", "rb") as mo:
        compiled = gettext.GNUTranslations(mo)

    for message in catalog:
        if not message.id or isinstance(message.id, tuple):
            continue
        key = f"{message.context}\x04{message.id}" if message.context else message.id
        assert compiled._catalog.get(key) == message.string, message.id


def test_translations_keep_placeholders(catalog):
    import re

    placeholder = re.compile(r"%\(\w+\)s|\{\{\s*\w+\s*\}\}")
    for message in catalog:
        if message.id and isinstance(message.id, str):
            assert sorted(placeholder.findall(message.id)) == sorted(placeholder.findall(message.string)), message.id
