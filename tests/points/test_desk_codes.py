import pytest
from django.core import signing

from points.desk_codes import SALT, code_from_payload, desk_code_for, qr_payload
from points.models import DeskCode

pytestmark = pytest.mark.unit


def test_desk_code_for_creates_once(user):
    first = desk_code_for(user)
    second = desk_code_for(user)

    assert first.pk == second.pk
    assert DeskCode.objects.filter(user=user).count() == 1
    assert len(first.code) == 8


def test_qr_payload_round_trips_to_the_code(user):
    desk_code = desk_code_for(user)

    payload = qr_payload(desk_code)

    assert payload.startswith(desk_code.code + ":")
    assert code_from_payload(payload) == desk_code.code


def test_code_from_payload_rejects_a_tampered_signature(user):
    desk_code = desk_code_for(user)
    payload = qr_payload(desk_code)
    other_code = "ABCDEFGH" if desk_code.code != "ABCDEFGH" else "HGFEDCBA"

    assert code_from_payload(other_code + payload[8:]) is None
    assert code_from_payload(payload[:-1] + ("A" if payload[-1] != "A" else "B")) is None


def test_code_from_payload_rejects_another_salt(user):
    desk_code = desk_code_for(user)
    forged = signing.Signer(salt="something-else").sign(desk_code.code)

    assert SALT == "points.desk-code"
    assert code_from_payload(forged) is None


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("ABCD-EFGH", "ABCDEFGH"), ("abcdefgh", "ABCDEFGH"), (" abcd efgh ", "ABCDEFGH"), ("2345-6789", "23456789")],
)
def test_code_from_payload_accepts_typed_codes(typed, expected):
    assert code_from_payload(typed) == expected


@pytest.mark.parametrize("typed", ["", "ABC", "ABCD-EFGHJ", "ABCD_EFGH", "<script>"])
def test_code_from_payload_rejects_malformed_codes(typed):
    assert code_from_payload(typed) is None
