"""The follow digest: at most one email an hour per person who opted in (django-tasks job + command)."""

import datetime
import logging

from django.urls import reverse
from django.utils import formats, timezone
from django_tasks import task

from core.mail import send_to_person
from core.urls import absolute_url

from . import selectors, services
from .models import FollowPreferences

logger = logging.getLogger(__name__)

DIGEST_INTERVAL = datetime.timedelta(hours=1)


def _when(moment, edition, room=None) -> str:
    if moment is None:
        return "–"
    text = formats.date_format(timezone.localtime(moment, edition.tzinfo), "SHORT_DATETIME_FORMAT")
    return f"{text} {room}" if room else text


def _context(digest: selectors.Digest) -> dict:
    tasks = [
        {
            "task": item,
            "when": _when(item.starts_at, item.edition, item.place or None),
            "url": absolute_url(
                item.get_absolute_url(),
            ),
        }
        for item in digest.tasks
    ]
    changes = [
        {
            "change": change,
            "when": _when(change.session.starts_at, change.session.edition, change.session.room),
            "previous": _when(change.previous_starts_at, change.session.edition) if change.previous_starts_at else "",
        }
        for change in digest.changes
    ]
    return {
        "tasks": tasks,
        "changes": changes,
        "total": len(tasks) + len(changes),
        "mine_url": absolute_url(
            reverse("follows:mine"),
        ),
    }


@task()
def send_follow_digests(now: str | datetime.datetime | None = None) -> int:
    """Log session moves and removals, then email each opted-in person their news; returns how many emails.

    Run it every few minutes (cron: `manage.py send_follow_digests`). A person gets at most one digest
    per DIGEST_INTERVAL, and none when there is no news. Each digest is claimed (last_digest_at set
    only if unchanged since it was read) before it goes out, so two runs at once never send twice.
    `now` may be an ISO 8601 string so the job can be queued.
    """
    if isinstance(now, str):
        now = datetime.datetime.fromisoformat(now)
    now = now or timezone.now()
    services.detect_session_changes(now=now)
    due = (
        FollowPreferences.objects.filter(email_digest=True, user__is_active=True)
        .exclude(last_digest_at__gt=now - DIGEST_INTERVAL)
        .select_related("user")
        .order_by("pk")
    )
    sent = 0
    for preferences in due:
        since = preferences.news_since or preferences.last_digest_at or now - DIGEST_INTERVAL
        digest = selectors.digest_for(preferences.user, since=since, now=now)
        if digest.is_empty:
            continue
        # filter(last_digest_at=None) is IS NULL, so a first digest is claimed the same way.
        claimed = FollowPreferences.objects.filter(pk=preferences.pk, last_digest_at=preferences.last_digest_at).update(
            last_digest_at=now, news_since=now
        )
        if not claimed:
            continue
        try:
            send_to_person(preferences.user, "follows/email/digest", _context(digest))
        except Exception:
            logger.exception("Could not send the follow digest to person %s", preferences.user_id)
            FollowPreferences.objects.filter(pk=preferences.pk).update(
                last_digest_at=preferences.last_digest_at, news_since=since
            )
        else:
            sent += 1
    return sent
