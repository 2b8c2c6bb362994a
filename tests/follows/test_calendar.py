import datetime

import pytest
from django.urls import reverse
from icalendar import Calendar, Event

from follows import calendar as follows_calendar
from follows.models import CalendarFeed
from follows.services import calendar_feed_for, calendar_feed_reset
from tests.factories.accounts import UserFactory
from tests.factories.editions import EditionFactory
from tests.factories.schedule import RoomFactory
from tests.factories.volunteering import SignUpFactory, TaskFactory
from volunteering.models import SignUpStatus, TaskStatus

pytestmark = pytest.mark.integration

UTC = datetime.UTC
STARTS = datetime.datetime(2027, 8, 7, 2, 0, tzinfo=UTC)  # 10:00 in Taipei


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_NAME = "COSCUP"
    settings.SITE_URL = "https://volunteer.example.org"


def feed_url(user) -> str:
    return reverse("follows:calendar-feed", args=[calendar_feed_for(user).token])


def fetch(client, user) -> Calendar:
    response = client.get(feed_url(user))
    assert response.status_code == 200
    return Calendar.from_ical(response.content)


def events_by_summary(calendar: Calendar) -> dict[str, Event]:
    return {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}


def test_feed_is_public_by_token_with_calendar_headers(client, user, edition):
    SignUpFactory(task=TaskFactory(edition=edition), user=user)

    response = client.get(feed_url(user))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Cache-Control"] == "private, max-age=300"
    calendar = Calendar.from_ical(response.content)
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"]) == "-//COSCUP//Community Volunteer Participation Program//EN"
    assert str(calendar["X-WR-CALNAME"]) == "COSCUP · My schedule"
    assert [timezone.tz_name for timezone in calendar.timezones] == ["Asia/Taipei"]
    assert (calendar["REFRESH-INTERVAL"].to_ical(), calendar["X-PUBLISHED-TTL"].to_ical()) == (b"PT1H", b"PT1H")


def test_feed_holds_confirmed_completed_and_waitlisted_tasks(client, user, edition):
    room = RoomFactory(edition=edition, name="TR411")
    confirmed = TaskFactory(edition=edition, title="Confirmed", starts_at=STARTS, room=room, location="")
    SignUpFactory(task=confirmed, user=user)
    SignUpFactory(task=TaskFactory(edition=edition, title="Completed"), user=user, status=SignUpStatus.COMPLETED)
    SignUpFactory(task=TaskFactory(edition=edition, title="Waiting"), user=user, status=SignUpStatus.WAITLISTED)
    SignUpFactory(task=TaskFactory(edition=edition, title="Gave up"), user=user, status=SignUpStatus.CANCELLED)
    SignUpFactory(task=TaskFactory(edition=edition, title="Missed"), user=user, status=SignUpStatus.NO_SHOW)
    SignUpFactory(task=TaskFactory(edition=edition, title="Called off", status=TaskStatus.CANCELLED), user=user)
    last_year = EditionFactory(slug="2026")
    SignUpFactory(task=TaskFactory(edition=last_year, title="Last year"), user=user, status=SignUpStatus.COMPLETED)

    events = events_by_summary(fetch(client, user))

    assert sorted(events) == ["Completed", "Confirmed", "Last year", "Waiting"]
    assert {name: str(event["STATUS"]) for name, event in events.items()} == {
        "Completed": "CONFIRMED",
        "Confirmed": "CONFIRMED",
        "Last year": "CONFIRMED",
        "Waiting": "TENTATIVE",
    }
    event = events["Confirmed"]
    assert str(event["UID"]) == f"task-{confirmed.pk}@volunteer.example.org"
    assert event.start == datetime.datetime(2027, 8, 7, 10, 0, tzinfo=edition.tzinfo)
    assert event.start.tzinfo.key == "Asia/Taipei"
    assert str(event["LOCATION"]) == "TR411"
    assert str(event["URL"]) == f"https://volunteer.example.org/one-day/tasks/{confirmed.pk}/"


def test_feed_uids_stable_across_fetches(client, user, edition):
    SignUpFactory.create_batch(3, user=user, task__edition=edition)

    first = [str(event["UID"]) for event in fetch(client, user).walk("VEVENT")]
    second = [str(event["UID"]) for event in fetch(client, user).walk("VEVENT")]

    assert len(first) == 3
    assert first == second
    assert fetch(client, user)["UID"] == fetch(client, user)["UID"]


def test_feed_shows_only_its_owners_tasks(client, edition):
    ada, bob = UserFactory(), UserFactory()
    shared = TaskFactory(edition=edition, title="Shared")
    SignUpFactory(task=shared, user=ada)
    SignUpFactory(task=shared, user=bob)
    SignUpFactory(task=TaskFactory(edition=edition, title="Ada only"), user=ada)
    SignUpFactory(task=TaskFactory(edition=edition, title="Bob only"), user=bob)

    assert sorted(events_by_summary(fetch(client, ada))) == ["Ada only", "Shared"]
    assert sorted(events_by_summary(fetch(client, bob))) == ["Bob only", "Shared"]


def test_feed_unknown_token_is_404(client, db):
    response = client.get(reverse("follows:calendar-feed", args=["no-such-token"]))

    assert response.status_code == 404


def test_feed_of_deactivated_person_is_404(client, user):
    url = feed_url(user)
    user.is_active = False
    user.save()

    assert client.get(url).status_code == 404


def test_reset_makes_old_address_404(client, user, edition):
    old_url = feed_url(user)
    client.force_login(user)

    response = client.post(reverse("follows:calendar"))

    assert response.status_code == 302
    assert response.url == reverse("follows:calendar")
    client.logout()
    assert client.get(old_url).status_code == 404
    new_url = feed_url(user)
    assert new_url != old_url
    assert client.get(new_url).status_code == 200


def test_calendar_feed_reset_creates_feed_when_missing(user):
    feed = calendar_feed_reset(user)

    assert CalendarFeed.objects.get(user=user).token == feed.token
    assert len(feed.token) == 32


def test_calendar_feed_for_returns_the_same_feed(user):
    assert calendar_feed_for(user).token == calendar_feed_for(user).token
    assert CalendarFeed.objects.filter(user=user).count() == 1


def test_manage_page_requires_login(client, edition):
    response = client.get(reverse("follows:calendar"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_manage_page_reset_requires_login(client, user, edition):
    token = calendar_feed_for(user).token

    response = client.post(reverse("follows:calendar"))

    assert response.status_code == 302
    assert CalendarFeed.objects.get(user=user).token == token


def test_manage_page_shows_secret_and_webcal_address(client, user, edition):
    client.force_login(user)

    response = client.get(reverse("follows:calendar"))

    token = CalendarFeed.objects.get(user=user).token
    content = response.content.decode()
    assert response.status_code == 200
    assert f'value="https://volunteer.example.org/follows/calendar/{token}.ics"' in content
    assert f'href="webcal://volunteer.example.org/follows/calendar/{token}.ics"' in content
    assert "Reset the secret address" in content
    assert content.count("<h1") == 1


def test_manage_page_does_not_show_another_persons_token(client, user, edition):
    other_token = calendar_feed_for(UserFactory()).token
    client.force_login(user)

    response = client.get(reverse("follows:calendar"))

    assert other_token not in response.content.decode()


def test_personal_calendar_adds_events_from_every_provider(user, edition, monkeypatch):
    SignUpFactory(task=TaskFactory(edition=edition, title="Task"), user=user)

    def sessions(person):
        yield Event.new(uid="session-1@example.org", summary="A talk", start=STARTS, end=STARTS)

    monkeypatch.setattr(follows_calendar, "PROVIDERS", [follows_calendar.volunteering_events, sessions])

    calendar = follows_calendar.personal_calendar(user)

    assert sorted(str(event["SUMMARY"]) for event in calendar.walk("VEVENT")) == ["A talk", "Task"]


@pytest.mark.parametrize("count", [1, 30])
def test_feed_query_count_does_not_grow(client, user, edition, django_assert_num_queries, count):
    other_edition = EditionFactory(slug="2026", time_zone="Europe/Berlin")
    room = RoomFactory(edition=edition)
    for _ in range(count):
        SignUpFactory(task=TaskFactory(edition=edition, room=room), user=user)
        SignUpFactory(task=TaskFactory(edition=other_edition), user=user, status=SignUpStatus.WAITLISTED)
    url = feed_url(user)

    # The current edition (middleware), the feed with its owner, the sign-ups with tasks, editions and rooms,
    # the followed and starred sessions.
    # Plus, on a first request in a process, whose feed the address is (the copy follows their writes).
    with django_assert_num_queries(5):
        response = client.get(url)

    assert len(Calendar.from_ical(response.content).walk("VEVENT")) == 2 * count


def test_feed_without_tasks_is_an_empty_calendar(client, user):
    calendar = fetch(client, user)

    assert calendar.walk("VEVENT") == []
    assert str(calendar["X-WR-CALNAME"]) == "COSCUP · My schedule"
