import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from editions.models import RoleKind
from tests.factories.accounts import UserFactory
from tests.factories.editions import EditionFactory, EditionRoleFactory


@pytest.fixture(autouse=True)
def _default_language():
    # A request in Chinese leaves its language active in the thread; the next test starts in English.
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


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
