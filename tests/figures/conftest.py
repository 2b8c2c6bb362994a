import pytest

from .data import build_scene


@pytest.fixture
def scene(edition, past_edition, staff_user):
    return build_scene(edition, past_edition, staff_user)
