import pytest
from django.core.cache import cache

from editions.models import RoleKind
from tests.factories.accounts import UserFactory
from tests.factories.editions import EditionFactory, EditionRoleFactory


@pytest.fixture(autouse=True)
def _isolated_cache():
    # allauth's rate limits live in the cache; one test's code requests must not throttle the next.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def edition(db):
    return EditionFactory(slug="2027", name="COSCUP 2027", is_current=True)


@pytest.fixture
def past_edition(db):
    return EditionFactory(slug="2026", name="COSCUP 2026")


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def staff_user(edition):
    return EditionRoleFactory(edition=edition, kind=RoleKind.STAFF).user


@pytest.fixture
def desk_user(edition):
    return EditionRoleFactory(edition=edition, kind=RoleKind.DESK).user


@pytest.fixture
def superuser(db):
    return UserFactory(is_superuser=True, is_staff=True)
