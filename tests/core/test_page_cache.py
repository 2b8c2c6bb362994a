import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories.accounts import UserFactory
from tests.factories.volunteering import TaskFactory
from volunteering import services

pytestmark = pytest.mark.integration


@pytest.fixture
def task(edition):
    return TaskFactory(edition=edition, title="Welcome desk", headcount=3)


def test_anonymous_board_is_served_from_cache(client, task, django_assert_num_queries):
    assert client.get(reverse("volunteering:board")).headers["X-Page-Cache"] == "miss"

    with django_assert_num_queries(1):  # places left, filled in per response (volunteering.personal)
        response = client.get(reverse("volunteering:board"))

    assert response.headers["X-Page-Cache"] == "hit"
    assert "3 of 3 left" in response.content.decode()


def test_a_sign_up_shows_at_once_on_cached_pages(client, task):
    board, page = reverse("volunteering:board"), task.get_absolute_url()
    client.get(board)
    client.get(page)

    services.sign_up(task=task, user=UserFactory())

    assert "2 of 3 left" in client.get(board).content.decode()
    assert "2 of 3 left" in client.get(page).content.decode()


def test_cached_pages_differ_by_language_and_query(client, task):
    english = client.get(reverse("volunteering:board")).content.decode()
    client.cookies["django_language"] = "zh-hant"
    chinese = client.get(reverse("volunteering:board")).content.decode()
    filtered = client.get(reverse("volunteering:board"), {"q": "nothing like this"}).content.decode()

    assert 'lang="en"' in english
    assert 'lang="zh-hant"' in chinese
    assert "Welcome desk" not in filtered


def test_a_logged_in_person_gets_the_visitors_copy_with_their_own_parts(client, task, user):
    client.get(reverse("volunteering:board"))  # cached for everybody without a role
    client.force_login(user)
    services.sign_up(task=task, user=user)

    response = client.get(reverse("volunteering:board"))
    page = response.content.decode()

    assert response.headers["X-Page-Cache"] == "hit"
    assert user.public_name in page and "Log out" in page and "Log in</a>" not in page
    assert "You're signed up" in page


def test_anonymous_pages_carry_no_csrf_token_or_cookie(client, task):
    response = client.get(task.get_absolute_url())

    assert "csrfmiddlewaretoken" not in response.content.decode()
    assert response.cookies == {}


def test_a_reset_feed_address_stops_working_at_once(client, user, edition):
    from follows.services import calendar_feed_for, calendar_feed_reset

    old = reverse("follows:calendar-feed", args=[calendar_feed_for(user).token])
    assert client.get(old).status_code == 200  # now in the shared cache

    calendar_feed_reset(user)

    assert client.get(old).status_code == 404


def test_track_pages_follow_links_and_follows_at_once(client, edition, user):
    from follows.services import follow_track
    from schedule.track_links import track_communities_set
    from tests.factories.communities import CommunityFactory
    from tests.factories.schedule import SessionFactory, TrackFactory

    track = TrackFactory(edition=edition, name="Rust Track")
    SessionFactory(edition=edition, track=track, title="Borrowing without tears")
    community = CommunityFactory(name="Rust Taiwan")
    url = reverse("schedule:track-detail", args=[track.pk])
    assert "Rust Taiwan" not in client.get(url).content.decode()

    track_communities_set(track=track, communities=[community], by=user)
    follow_track(user=user, track=track)

    page = client.get(url).content.decode()
    assert "Rust Taiwan" in page
    assert "1 follower" in page


def test_people_without_a_role_share_one_copy_each_with_their_own_parts(client, task, django_assert_num_queries):
    alice, bob = UserFactory(display_name="Alice"), UserFactory(display_name="Bob")
    services.sign_up(task=task, user=alice)
    client.force_login(alice)
    assert client.get(reverse("volunteering:board")).headers["X-Page-Cache"] == "miss"
    client.force_login(bob)

    # Session, user, Bob's roles (then kept in the shared cache), places left and Bob's sign-ups.
    with django_assert_num_queries(5):
        response = client.get(reverse("volunteering:board"))
    bobs = response.content.decode()
    client.force_login(alice)
    mine = client.get(reverse("volunteering:board")).content.decode()

    assert response.headers["X-Page-Cache"] == "hit"  # Alice's render, shared
    assert "Bob" in bobs and "Alice" not in bobs and "You're signed up" not in bobs
    assert "Alice" in mine and "You're signed up" in mine and "Bob" not in mine


def test_a_filled_shared_copy_is_the_page_rendered_for_the_person(client, task, monkeypatch):
    import re

    from core import page_cache

    alice = UserFactory(display_name="Alice")
    services.sign_up(task=task, user=alice)
    client.force_login(UserFactory())
    for url in (reverse("volunteering:board"), task.get_absolute_url()):
        client.get(url)  # the shared copy, rendered for the stand-in
    client.force_login(alice)
    shared = {url: client.get(url) for url in (reverse("volunteering:board"), task.get_absolute_url())}
    monkeypatch.setattr(page_cache, "_reader_key_part", lambda request: f"person:{request.user.pk}")
    own = {url: client.get(url) for url in shared}

    def without_token(response):
        return re.sub(r'name="csrfmiddlewaretoken" value="\w+"', "", response.content.decode())

    for url, response in shared.items():
        assert response.headers["X-Page-Cache"] == "hit"
        assert own[url].headers["X-Page-Cache"] == "miss"
        assert without_token(response) == without_token(own[url])
        assert "csrfmiddlewaretoken" in response.content.decode() and "<!--personal" not in without_token(response)


def test_people_with_a_role_get_their_own_copy(client, task, staff_user):
    client.force_login(UserFactory(display_name="Bob"))
    client.get(reverse("volunteering:board"))
    client.force_login(staff_user)

    response = client.get(reverse("volunteering:board"))

    assert response.headers["X-Page-Cache"] == "miss"
    assert "Backstage" in response.content.decode()
    client.force_login(UserFactory())
    assert "Backstage" not in client.get(reverse("volunteering:board")).content.decode()


def test_a_waiting_message_is_filled_into_the_copy_and_shown_once(client, task, user):
    client.force_login(user)
    client.get(task.get_absolute_url())
    client.get(task.get_absolute_url())  # cached without a message

    client.post(reverse("volunteering:task-sign-up", args=[task.pk]))
    with_message = client.get(task.get_absolute_url())
    after = client.get(task.get_absolute_url())

    # The page after the write comes from the copy everyone shares, with the reader's message in it.
    assert with_message.headers["X-Page-Cache"] == "hit"
    assert "signed up for Welcome desk" in with_message.content.decode()
    assert "signed up for Welcome desk" not in after.content.decode()
    assert "You're signed up" in after.content.decode()
    assert "<!--personal" not in with_message.content.decode()


def test_a_message_never_goes_into_a_copy_another_reader_gets(client, task, user):
    client.force_login(user)
    client.post(reverse("volunteering:task-sign-up", args=[task.pk]))
    first = client.get(task.get_absolute_url())  # renders the copy while a message waits
    assert "signed up for Welcome desk" in first.content.decode()

    client.force_login(UserFactory())
    other = client.get(task.get_absolute_url())

    assert other.headers["X-Page-Cache"] == "hit"
    assert "signed up for Welcome desk" not in other.content.decode()
    assert 'class="messages"' not in other.content.decode()


def test_points_show_at_once_on_my_page(client, edition, user, desk_user):
    from points.services import adjust_points

    client.force_login(user)
    client.get(reverse("volunteering:my-volunteering"))
    client.get(reverse("volunteering:my-volunteering"))

    adjust_points(user=user, edition=edition, amount=7, reason="Helped at the desk", by=desk_user)

    assert "Helped at the desk" in client.get(reverse("volunteering:my-volunteering")).content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_transaction_bumps_the_shared_version_once_at_commit():
    from django.core.cache import caches
    from django.db import transaction

    from core.page_cache import bump, version

    def shared():  # what another process reads
        return caches["default"].get("page-version:test-namespace")

    before = version("test-namespace")
    with transaction.atomic():
        for _ in range(50):
            bump("test-namespace")
        connection = transaction.get_connection()
        pending = len(connection.run_on_commit)
        inside = version("test-namespace")
        assert shared() == int(before)  # not yet: other processes still read the old rows

    assert (pending, shared()) == (1, int(before) + 1)
    assert inside != before  # the transaction's own pages show its writes
    assert version("test-namespace") == str(int(before) + 1)


@pytest.mark.django_db(transaction=True)
def test_a_bump_outside_a_transaction_moves_the_shared_version_at_once():
    from core.page_cache import bump, version

    before = version("test-namespace")
    bump("test-namespace")

    assert version("test-namespace") == str(int(before) + 1)


def test_a_lost_version_starts_again_above_every_number_it_had(db):
    from django.core.cache import caches

    from core.page_cache import version

    old = version("test-namespace")
    caches["default"].delete("page-version:test-namespace")  # evicted, culled or cleared

    assert int(version("test-namespace")) > int(old)


_PAGES = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "database-test-pages"}
DATABASE_CACHES = {  # what config/settings.py gives a deployment without Redis
    "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "django_cache"},
    "pages": _PAGES,
    "template_fragments": _PAGES,
}


def test_with_the_database_cache_a_shared_copy_costs_two_primary_key_reads(
    settings, client, task, django_assert_num_queries
):
    from core.page_cache import PUBLIC_PAGES, bump

    settings.CACHES = DATABASE_CACHES  # its table comes with `migrate` (core/migrations/0001_cache_table.py)
    client.get(reverse("volunteering:board"))
    bump(PUBLIC_PAGES)
    with CaptureQueriesContext(connection) as rendering:
        client.get(reverse("volunteering:board"))

    with django_assert_num_queries(3) as served:  # the edition list, the page versions, places left
        response = client.get(reverse("volunteering:board"))

    assert "3 of 3 left" in response.content.decode()
    assert sum("django_cache" in query["sql"] for query in served.captured_queries) == 2
    # Rendering read the versions twice: the page's (kept for its filters fragment too), and the filter
    # choices' own, which a session import does not change.
    assert sum("page-version" in query["sql"] for query in rendering.captured_queries) == 2


# --- writes a crowd makes invalidate only what they change (issue 10) ---------------------------------


def _cached(client, url, django_assert_num_queries=None) -> bool:
    """Whether the anonymous copy of `url` is served from the cache."""
    response = client.get(url)
    assert response.status_code == 200
    return response.headers["X-Page-Cache"] == "hit"


def test_a_sign_up_keeps_every_page_copy_and_shows_at_once(client, edition, django_assert_num_queries):
    signed, other = TaskFactory(edition=edition, headcount=3), TaskFactory(edition=edition, headcount=3)
    board = reverse("volunteering:board")
    for url in (board, signed.get_absolute_url(), other.get_absolute_url()):
        client.get(url)

    services.sign_up(task=signed, user=UserFactory())

    # Places left are filled in per response (volunteering.personal): every copy stays.
    assert _cached(client, other.get_absolute_url(), django_assert_num_queries)
    assert _cached(client, signed.get_absolute_url(), django_assert_num_queries)
    assert _cached(client, board, django_assert_num_queries)
    assert "2 of 3 left" in client.get(signed.get_absolute_url()).content.decode()
    assert "2 of 3 left" in client.get(board).content.decode()


def test_a_star_keeps_the_board_and_task_pages(client, task, edition, django_assert_num_queries):
    from follows.services import star_session
    from tests.factories.schedule import SessionFactory

    starred, other = SessionFactory(edition=edition), SessionFactory(edition=edition)
    pages = {
        "board": reverse("volunteering:board"),
        "task": task.get_absolute_url(),
        "starred": reverse("schedule:session-detail", args=[starred.pk]),
        "other": reverse("schedule:session-detail", args=[other.pk]),
    }
    for url in pages.values():
        client.get(url)

    star_session(user=UserFactory(), session=starred)

    assert _cached(client, pages["board"], django_assert_num_queries)
    assert _cached(client, pages["task"], django_assert_num_queries)
    assert _cached(client, pages["other"], django_assert_num_queries)
    assert _cached(client, pages["starred"], django_assert_num_queries)  # the count is filled in
    assert "1 person starred this" in client.get(pages["starred"]).content.decode()


def test_a_follow_shows_at_once_on_the_community_page(client, edition, user):
    from follows.services import follow_community
    from tests.factories.communities import CommunityFactory

    community = CommunityFactory(name="Rust Taiwan")
    url = community.get_absolute_url()
    assert "1 follower" not in client.get(url).content.decode()

    follow_community(user=user, community=community)

    assert "1 follower" in client.get(url).content.decode()


def test_points_keep_every_public_page(client, task, edition, user, desk_user, django_assert_num_queries):
    from points.services import adjust_points

    client.get(reverse("volunteering:board"))
    client.get(task.get_absolute_url())

    adjust_points(user=user, edition=edition, amount=7, reason="Helped at the desk", by=desk_user)

    assert _cached(client, reverse("volunteering:board"), django_assert_num_queries)
    assert _cached(client, task.get_absolute_url(), django_assert_num_queries)


def test_a_person_sees_their_own_star_at_once_and_others_keep_their_copies(client, edition):
    from follows.services import star_session
    from tests.factories.schedule import SessionFactory

    session = SessionFactory(edition=edition, title="Borrowing without tears")
    url = reverse("schedule:session-detail", args=[session.pk])
    alice = UserFactory(display_name="Alice")
    client.force_login(alice)
    client.get(url)
    client.get(url)  # Alice's copy

    star_session(user=alice, session=session)

    assert 'aria-pressed="true"' in client.get(url).content.decode()


def test_pages_are_compressed_and_revalidate_with_an_etag(client, task):
    url = reverse("volunteering:board")
    client.get(url)

    response = client.get(url, headers={"accept-encoding": "gzip"})
    etag = response.headers["ETag"]
    again = client.get(url, headers={"accept-encoding": "gzip", "if-none-match": etag})

    assert response.headers["Content-Encoding"] == "gzip"
    assert again.status_code == 304


def test_a_calendar_feed_revalidates_with_an_etag(client, user, edition):
    from follows.services import calendar_feed_for

    url = reverse("follows:calendar-feed", args=[calendar_feed_for(user).token])
    etag = client.get(url).headers["ETag"]

    assert client.get(url, headers={"if-none-match": etag}).status_code == 304


def test_a_kept_value_is_computed_once_until_a_write_it_follows(db):
    from core.page_cache import PUBLIC_PAGES, bump, kept_until_changed

    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    assert kept_until_changed("test-value", compute) == 1
    assert kept_until_changed("test-value", compute) == 1
    bump(PUBLIC_PAGES)

    assert kept_until_changed("test-value", compute) == 2


def test_the_board_filter_offers_a_community_as_soon_as_it_has_a_task(client, edition):
    from tests.factories.communities import CommunityFactory

    TaskFactory(edition=edition, community=CommunityFactory(name="First Community"))
    client.get(reverse("volunteering:board"), {"page": "1"})  # choices kept for every board address
    TaskFactory(edition=edition, community=CommunityFactory(name="Second Community"))

    page = client.get(reverse("volunteering:board"), {"page": "2"}).content.decode()

    assert "Second Community" in page.split('name="community"')[1].split("</select>")[0]


def test_text_people_write_never_receives_the_readers_form_token(client, edition, user):
    from core.personal import csrf_placeholder

    task = TaskFactory(
        edition=edition,
        description=f"[Read more](https://example.com/?t={csrf_placeholder()}) personalcsrfplaceholder",
    )
    client.get(task.get_absolute_url())  # the copy, with the form token's placeholder in its forms
    anonymous = client.get(task.get_absolute_url())
    client.force_login(user)
    page = client.get(task.get_absolute_url()).content.decode()

    assert f"https://example.com/?t={csrf_placeholder()}" in page  # left as written, not the token
    assert "personalcsrfplaceholder" in page  # the word the placeholder once was
    assert 'name="csrfmiddlewaretoken" value="' + csrf_placeholder() not in page  # every form filled
    assert "csrftoken" not in anonymous.cookies


def test_filter_choices_outlive_a_session_import_but_not_a_new_task(edition):
    from core.page_cache import FILTER_CHOICES, PUBLIC_PAGES, bump, kept_until_changed

    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    kept_until_changed("test-choices", compute, (FILTER_CHOICES,))
    bump(PUBLIC_PAGES)  # e.g. sessions imported, a text edited
    assert kept_until_changed("test-choices", compute, (FILTER_CHOICES,)) == 1

    TaskFactory(edition=edition)

    assert kept_until_changed("test-choices", compute, (FILTER_CHOICES,)) == 2


def test_a_logged_in_request_reads_its_versions_in_one_round_trip(client, task, user, monkeypatch, settings):
    from django.core.cache import caches

    settings.ROLE_CACHE_SECONDS = 300  # as with Redis, in production
    client.force_login(user)
    client.get(task.get_absolute_url())  # the copy, the person's kept facts
    shared = caches["default"]
    reads = []
    get_many = shared.get_many
    monkeypatch.setattr(shared, "get_many", lambda keys, *args, **kwargs: reads.append(keys) or get_many(keys))

    response = client.get(task.get_absolute_url())

    assert response.headers["X-Page-Cache"] == "hit"
    # Roles, public pages and the person's own version: read together by the first role question.
    assert len(reads) == 1 and len(reads[0]) == 3


def test_a_feed_copy_survives_other_peoples_writes_and_follows_its_owners(client, user, edition):
    from follows.services import calendar_feed_for, star_session
    from tests.factories.schedule import SessionFactory

    url = reverse("follows:calendar-feed", args=[calendar_feed_for(user).token])
    session, starred = SessionFactory(edition=edition), SessionFactory(edition=edition, title="Owner's own star")
    someone, newcomer = UserFactory(), UserFactory()
    client.get(url)
    star_session(user=someone, session=session)
    calendar_feed_for(newcomer)  # a first visit to "My follows" creates a feed: nothing to throw away

    assert client.get(url).headers["X-Page-Cache"] == "hit"

    star_session(user=user, session=starred)
    response = client.get(url)

    assert response.headers["X-Page-Cache"] == "miss"
    assert "Owner's own star" in response.content.decode()
