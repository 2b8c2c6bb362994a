"""QR codes are drawn once for every process (issue 10): segno takes about 8 ms a code, and a person's desk
code is shown by whichever worker answers."""

from unittest import mock

import pytest
import segno
from django.core.cache import cache

from core import qr


@pytest.fixture(autouse=True)
def _fresh():
    cache.clear()
    qr.qr_svg.cache_clear()
    yield
    qr.qr_svg.cache_clear()


def test_another_process_takes_the_drawn_code_from_the_shared_cache():
    first = qr.qr_svg("KZEXRG9C:signed", title="My desk code")
    qr.qr_svg.cache_clear()  # as another worker process: nothing kept in memory

    with mock.patch.object(segno, "make", side_effect=AssertionError("drawn again")):
        again = qr.qr_svg("KZEXRG9C:signed", title="My desk code")

    assert again == first
    assert first.startswith("<svg") and "<title>My desk code</title>" in first


def test_payload_title_and_class_each_give_their_own_code():
    codes = {
        qr.qr_svg("A", title="t"),
        qr.qr_svg("B", title="t"),
        qr.qr_svg("A", title="u"),
        qr.qr_svg("A", title="t", css_class="other"),
    }

    assert len(codes) == 4
