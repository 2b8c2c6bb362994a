import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from follows import services
from follows.models import FollowPreferences, SessionChange
from follows.tasks import send_follow_digests
from tests.factories.accounts import UserFactory
from tests.factories.communities import CommunityFactory
from tests.factories.follows import CommunityFollowFactory, SessionStarFactory, TrackFollowFactory
from tests.factories.schedule import RoomFactory, SessionFactory, TrackFactory
from tests.factories.volunteering import TaskFactory
from volunteering.models import TaskStatus

pytestmark = pytest.mark.integration

UTC = datetime.UTC
STARTS = datetime.datetime(2027, 8, 7, 2, 0, tzinfo=UTC)  # 10:00 in Taipei


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_NAME = "COSCUP"
    settings.SITE_URL = "https://volunteer.example.org"


def opt_in(user, at):
    return services.set_email_digest(user=user, enabled=True, now=at)


def test_set_email_digest_starts_news_at_opt_in(user):
    at = timezone.now() - datetime.timedelta(hours=3)

    preferences = opt_in(user, at)
    opt_in(user, at + datetime.timedelta(hours=1))  # already in: keeps its start

    preferences.refresh_from_db()
    assert (preferences.email_digest, preferences.news_since) == (True, at)
    services.set_email_digest(user=user, enabled=False)
    preferences.refresh_from_db()
    assert preferences.email_digest is False


def test_digest_lists_new_tasks_of_followed_community_and_track(user, edition):
    before = timezone.now() - datetime.timedelta(minutes=5)
    community = CommunityFactory()
    track = TrackFactory(edition=edition)
    CommunityFollowFactory(user=user, community=community)
    TrackFollowFactory(user=user, track=track)
    opt_in(user, before)
    TaskFactory(edition=edition, community=community, title="Community booth")
    TaskFactory(edition=edition, track=track, title="Room host")
    TaskFactory(edition=edition, community=community, title="Draft", status=TaskStatus.DRAFT)
    TaskFactory(edition=edition, community=CommunityFactory(), title="Not followed")

    assert send_follow_digests.call() == 1

    (email,) = mail.outbox
    assert email.to == [user.email]
    assert email.subject == "[COSCUP] 2 updates about what you follow"
    assert "Community booth" in email.body
    assert "Room host" in email.body
    assert "Draft" not in email.body
    assert "Not followed" not in email.body
    assert "https://volunteer.example.org/follows/" in email.body


def test_digest_at_most_once_an_hour(user, edition):
    community = CommunityFactory()
    CommunityFollowFactory(user=user, community=community)
    opt_in(user, timezone.now() - datetime.timedelta(minutes=1))
    TaskFactory(edition=edition, community=community, title="First")
    start = timezone.now()
    assert send_follow_digests.call(now=start) == 1

    TaskFactory(edition=edition, community=community, title="Second")
    assert send_follow_digests.call(now=start + datetime.timedelta(minutes=30)) == 0
    assert send_follow_digests.call(now=start + datetime.timedelta(minutes=61)) == 1

    assert len(mail.outbox) == 2
    assert "Second" in mail.outbox[1].body
    assert "First" not in mail.outbox[1].body


def test_no_digest_without_news_or_without_opt_in(user, edition):
    community = CommunityFactory()
    CommunityFollowFactory(user=user, community=community)
    other = UserFactory()
    CommunityFollowFactory(user=other, community=community)  # follows but did not opt in
    opt_in(user, timezone.now() - datetime.timedelta(minutes=1))

    assert send_follow_digests.call() == 0

    TaskFactory(edition=edition, community=community)
    services.set_email_digest(user=user, enabled=False)
    assert send_follow_digests.call() == 0
    assert mail.outbox == []
    assert FollowPreferences.objects.get(user=user).last_digest_at is None


def test_digest_reports_moved_and_removed_starred_or_followed_sessions(user, edition):
    track = TrackFactory(edition=edition)
    TrackFollowFactory(user=user, track=track)
    starred = SessionFactory(edition=edition, title="Starred talk", starts_at=STARTS)
    SessionStarFactory(user=user, session=starred)
    in_track = SessionFactory(edition=edition, track=track, title="Track talk", starts_at=STARTS)
    other = SessionFactory(edition=edition, title="Nobody's talk", starts_at=STARTS)
    start = timezone.now()
    opt_in(user, start - datetime.timedelta(minutes=10))
    services.detect_session_changes(now=start - datetime.timedelta(minutes=5))  # first snapshot: no news
    assert SessionChange.objects.count() == 0

    starred.starts_at = STARTS + datetime.timedelta(hours=2)
    starred.ends_at = starred.starts_at + datetime.timedelta(minutes=30)
    starred.room = RoomFactory(edition=edition, name="TR313")
    starred.save()
    in_track.is_scheduled = False
    in_track.save()
    other.starts_at = STARTS + datetime.timedelta(hours=1)
    other.save()

    assert send_follow_digests.call(now=start) == 1

    body = mail.outbox[0].body
    assert "Moved: “Starred talk” is now at Sat 7 Aug, 12:00 TR313 (was Sat 7 Aug, 10:00)" in body
    assert "Removed from the programme: “Track talk” (was Sat 7 Aug, 10:00)" in body
    assert "Nobody" not in body
    assert sorted(SessionChange.objects.values_list("session__title", "kind")) == [
        ("Nobody's talk", "moved"),
        ("Starred talk", "moved"),
        ("Track talk", "removed"),
    ]


def test_digest_is_in_the_persons_language(edition):
    user = UserFactory(preferred_language="zh-hant")
    community = CommunityFactory()
    CommunityFollowFactory(user=user, community=community)
    opt_in(user, timezone.now() - datetime.timedelta(minutes=1))
    TaskFactory(edition=edition, community=community, title="Booth")

    send_follow_digests.call()

    # The greeting's translation already exists in the catalog (shared with the volunteering emails).
    assert mail.outbox[0].body.startswith(f"{user.public_name} 您好：")
    assert "Booth" in mail.outbox[0].body


def test_command_sends_digests(user, edition, capsys):
    community = CommunityFactory()
    CommunityFollowFactory(user=user, community=community)
    opt_in(user, timezone.now() - datetime.timedelta(minutes=1))
    TaskFactory(edition=edition, community=community)

    call_command("send_follow_digests")

    assert capsys.readouterr().out == "Sent 1 follow digest(s).\n"
    assert len(mail.outbox) == 1


def test_preferences_view_opts_in_and_out(client, user, edition):
    client.force_login(user)

    response = client.post(reverse("follows:preferences"), {"email_digest": "on"})

    assert response["Location"] == "/follows/"
    assert FollowPreferences.objects.get(user=user).email_digest is True
    page = client.get("/follows/").content.decode()
    assert 'id="id_email_digest" checked>' in page

    client.post(reverse("follows:preferences"), {})
    assert FollowPreferences.objects.get(user=user).email_digest is False


def test_preferences_view_needs_login_and_post(client, user, edition):
    assert client.post(reverse("follows:preferences"), {"email_digest": "on"})["Location"].startswith(
        "/accounts/login/"
    )
    client.force_login(user)
    assert client.get(reverse("follows:preferences")).status_code == 405
    assert FollowPreferences.objects.count() == 0
