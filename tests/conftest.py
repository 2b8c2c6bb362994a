import pytest
from django.conf import settings
from django.core.cache import caches
from django.test import override_settings
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


# The suite runs in one process, where a per-process cache is shared by everything it tests, and the
# query counts it asserts are the application's own. That the real shared cache (the database without
# Redis) holds across processes is shown by tests/core/test_shared_cache.py, with two servers.
ONE_PROCESS_CACHES = {
    alias: {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": location}
    for alias, location in (("default", "shared"), ("pages", "pages"), ("template_fragments", "pages"))
}


@pytest.fixture(scope="session", autouse=True)
def _one_process_caches():
    with override_settings(CACHES=ONE_PROCESS_CACHES):
        yield


@pytest.fixture(autouse=True)
def _isolated_cache(_one_process_caches):
    # allauth's rate limits live in the cache; one test's code requests must not throttle the next.
    for cache in caches.all():
        cache.clear()
    yield
    for cache in caches.all():
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
