"""The task page's sign-up box keeps the reader's own facts (their sign-up, clash, overlapping sessions)
until one of their own writes or an edit changes them, and still reads places and time fresh."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from follows import services as follows_services
from tests.factories.accounts import UserFactory
from tests.factories.schedule import SessionFactory
from tests.factories.volunteering import TaskFactory, in_hours
from volunteering import services

pytestmark = pytest.mark.integration


@pytest.fixture
def task(edition):
    return TaskFactory(edition=edition, title="Welcome desk", headcount=1, starts_at=in_hours(48), ends_at=in_hours(50))


def _box(client, task) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        page = client.get(task.get_absolute_url()).content.decode()
    return page[page.index('class="signup-box') :], len(queries)


def test_a_second_visit_reads_none_of_the_readers_facts_again(client, task, user):
    client.force_login(user)
    first, first_queries = _box(client, task)

    second, second_queries = _box(client, task)

    assert ">Sign up</button>" in first and ">Sign up</button>" in second
    # Their sign-up on the task and their clashes (conflict_for) and starred overlaps: kept.
    assert second_queries <= first_queries - 3


def test_the_readers_own_sign_up_elsewhere_shows_as_a_clash_at_once(client, edition, task, user):
    clash = TaskFactory(edition=edition, title="Badge printing", starts_at=task.starts_at, ends_at=task.ends_at)
    client.force_login(user)
    _box(client, task)

    services.sign_up(task=clash, user=user)
    box, _queries = _box(client, task)

    assert "You already hold “Badge printing” at that time" in box


def test_a_star_on_an_overlapping_session_shows_at_once(client, edition, task, user):
    session = SessionFactory(edition=edition, title="Rust in prod", starts_at=task.starts_at, ends_at=task.ends_at)
    client.force_login(user)
    _box(client, task)

    follows_services.star_session(user=user, session=session)
    box, _queries = _box(client, task)

    assert "This task overlaps sessions you starred or follow: Rust in prod." in box


def test_someone_else_taking_the_last_place_shows_as_full_at_once(client, task, user):
    client.force_login(user)
    _box(client, task)

    services.sign_up(task=task, user=UserFactory())
    box, _queries = _box(client, task)

    assert ">Join the waitlist</button>" in box


def test_the_readers_own_sign_up_shows_at_once(client, task, user):
    client.force_login(user)
    _box(client, task)

    services.sign_up(task=task, user=user)
    box, _queries = _box(client, task)

    assert "You're signed up." in box


def test_kept_facts_are_per_person(client, task):
    alice, bob = UserFactory(), UserFactory()
    services.sign_up(task=task, user=alice)
    client.force_login(alice)
    _box(client, task)
    client.force_login(bob)

    box, _queries = _box(client, task)

    assert "You're signed up." not in box and ">Join the waitlist</button>" in box
