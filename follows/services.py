"""Follows: the personal calendar feed, following communities and tracks, starring sessions.

Following and starring are idempotent: doing it twice leaves one row, undoing what isn't there is a no-op.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from schedule.models import Session

from .models import (
    CalendarFeed,
    CommunityFollow,
    ContactShare,
    ContactSharing,
    FollowPreferences,
    SessionChange,
    SessionChangeKind,
    SessionSnapshot,
    SessionStar,
    TrackFollow,
    share_fields_in_order,
)


def calendar_feed_for(user) -> CalendarFeed:
    """The person's calendar feed, created on first use."""
    feed, _created = CalendarFeed.objects.get_or_create(user=user)
    return feed


@transaction.atomic
def calendar_feed_reset(user) -> CalendarFeed:
    """Give the person's feed a new secret address; calendar apps using the old one get 404 from now on."""
    feed = CalendarFeed.objects.select_for_update().filter(user=user).first()
    if feed is None:
        return CalendarFeed.objects.create(user=user)
    feed.reset()
    return feed


@transaction.atomic
def follow_community(*, user, community) -> CommunityFollow:
    """Follow an active community (people who already follow one that was retired can still unfollow it)."""
    if not community.is_active:
        raise ValidationError(_("This community is no longer active, so it can't be followed."))
    follow, _created = CommunityFollow.objects.get_or_create(user=user, community=community)
    return follow


@transaction.atomic
def unfollow_community(*, user, community) -> None:
    CommunityFollow.objects.filter(user=user, community=community).delete()


@transaction.atomic
def follow_track(*, user, track) -> TrackFollow:
    follow, _created = TrackFollow.objects.get_or_create(user=user, track=track)
    return follow


@transaction.atomic
def unfollow_track(*, user, track) -> None:
    TrackFollow.objects.filter(user=user, track=track).delete()


@transaction.atomic
def star_session(*, user, session) -> SessionStar:
    star, _created = SessionStar.objects.get_or_create(user=user, session=session)
    return star


@transaction.atomic
def unstar_session(*, user, session) -> None:
    SessionStar.objects.filter(user=user, session=session).delete()


# kind -> (follow, unfollow); the kinds are those of selectors.KINDS.
TOGGLES = {
    "community": (follow_community, unfollow_community),
    "track": (follow_track, unfollow_track),
    "session": (star_session, unstar_session),
}


def set_following(*, user, kind: str, target, following: bool) -> None:
    """Follow (or star) `target` when `following`, else stop; idempotent either way."""
    follow, unfollow = TOGGLES[kind]
    if following:
        follow(user=user, **{kind: target})
    else:
        unfollow(user=user, **{kind: target})


@transaction.atomic
def set_email_digest(*, user, enabled: bool, now=None) -> FollowPreferences:
    """Opt in or out of the digest. Opting in starts the news from now, not from the beginning of time."""
    now = now or timezone.now()
    preferences, _created = FollowPreferences.objects.select_for_update().get_or_create(user=user)
    if enabled and not preferences.email_digest:
        preferences.news_since = now
    preferences.email_digest = enabled
    preferences.save(update_fields=["email_digest", "news_since"])
    return preferences


@transaction.atomic
def detect_session_changes(*, now=None) -> list[SessionChange]:
    """Compare every session with its snapshot, log moves and removals as SessionChange, update the snapshots.

    A session seen for the first time only gets a snapshot. A session that comes back after removal is
    not news (its followers' calendars show it again); one that moves while removed neither.
    """
    now = now or timezone.now()
    snapshots = {snapshot.session_id: snapshot for snapshot in SessionSnapshot.objects.all()}
    fields = ("starts_at", "ends_at", "room_id", "is_scheduled")
    new_snapshots, changed_snapshots, changes = [], [], []
    for session in Session.objects.only("pk", *fields).order_by("pk"):
        snapshot = snapshots.get(session.pk)
        if snapshot is None:
            new_snapshots.append(SessionSnapshot(session=session, **{f: getattr(session, f) for f in fields}))
            continue
        if all(getattr(snapshot, f) == getattr(session, f) for f in fields):
            continue
        if snapshot.is_scheduled and not session.is_scheduled:
            changes.append(
                SessionChange(
                    session=session,
                    kind=SessionChangeKind.REMOVED,
                    previous_starts_at=snapshot.starts_at,
                    created_at=now,
                )
            )
        elif snapshot.is_scheduled and session.is_scheduled:
            changes.append(
                SessionChange(
                    session=session,
                    kind=SessionChangeKind.MOVED,
                    previous_starts_at=snapshot.starts_at,
                    created_at=now,
                )
            )
        for f in fields:
            setattr(snapshot, f, getattr(session, f))
        changed_snapshots.append(snapshot)
    SessionSnapshot.objects.bulk_create(new_snapshots, batch_size=500)
    SessionSnapshot.objects.bulk_update(changed_snapshots, list(fields), batch_size=500)
    return SessionChange.objects.bulk_create(changes, batch_size=500)


# Follow codes: the card's page, and sharing one's contact with a community.


@transaction.atomic
def contact_sharing_update(*, community, is_enabled: bool, fields, by) -> ContactSharing:
    """Set whether the community asks its followers for their contact, and which details.

    Shares already given keep the details chosen then; turning sharing off only stops new ones.
    """
    sharing, _created = ContactSharing.objects.select_for_update().get_or_create(community=community)
    sharing.is_enabled = is_enabled
    sharing.fields = share_fields_in_order(fields)
    sharing.updated_by = by
    sharing.full_clean()
    sharing.save()
    return sharing


def _lock_person(user) -> None:
    # One person's shares change one at a time (two taps at once give one active share, not an error).
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()


@transaction.atomic
def share_contact(*, user, community, now=None) -> ContactShare:
    """Share the details the community asks for now. Sharing again with the same details changes nothing;
    when the community asks for other details since, the old share is withdrawn and a new one recorded."""
    now = now or timezone.now()
    sharing = ContactSharing.objects.filter(community=community).first()
    if not community.is_active or sharing is None or not sharing.is_open:
        raise ValidationError(_("This community does not ask for contacts."))
    fields = share_fields_in_order(sharing.fields)
    _lock_person(user)
    active = ContactShare.objects.filter(user=user, community=community, withdrawn_at__isnull=True).first()
    if active is not None:
        if active.fields == fields:
            return active
        active.withdrawn_at = now
        active.save(update_fields=["withdrawn_at"])
    share = ContactShare(user=user, community=community, fields=fields, created_at=now)
    share.full_clean()
    share.save()
    return share


@transaction.atomic
def withdraw_contact_share(*, user, community, now=None) -> ContactShare | None:
    """Stop sharing one's contact with the community: gone from its list and every later export.
    Withdrawing what isn't shared is a no-op (None)."""
    _lock_person(user)
    active = ContactShare.objects.filter(user=user, community=community, withdrawn_at__isnull=True).first()
    if active is None:
        return None
    active.withdrawn_at = now or timezone.now()
    active.save(update_fields=["withdrawn_at"])
    return active


@transaction.atomic
def follow_community_from_card(*, user, community, share: bool) -> tuple[CommunityFollow, ContactShare | None]:
    """The one tap on a community card's page: follow, and share one's contact if the person ticked it.

    Sharing needs the tick every time (never assumed); without it an existing share is left as it is.
    """
    follow = follow_community(user=user, community=community)
    return follow, (share_contact(user=user, community=community) if share else None)
