import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


def new_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarFeed(models.Model):
    """A person's one personal calendar feed, published at a secret address.

    Whoever knows the address can read the feed, so it can be reset: a new token makes the old
    address answer 404.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed", verbose_name=_("person")
    )
    token = models.CharField(_("secret token"), max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    reset_at = models.DateTimeField(_("address last reset at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self):
        return str(self.user)

    def reset(self) -> None:
        """Give the feed a new secret address; the old one stops working at once."""
        self.token = new_token()
        self.reset_at = timezone.now()
        self.save(update_fields=["token", "reset_at"])


class CommunityFollow(models.Model):
    """A person follows a community: its open tasks show on "My follows"."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="community_follows", verbose_name=_("person")
    )
    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="follows", verbose_name=_("community")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("community follow")
        verbose_name_plural = _("community follows")
        constraints = [models.UniqueConstraint(fields=["user", "community"], name="community_follow_unique")]

    def __str__(self):
        return f"{self.user} → {self.community}"


class TrackFollow(models.Model):
    """A person follows a track: its sessions go into their calendar feed."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="track_follows", verbose_name=_("person")
    )
    track = models.ForeignKey(
        "schedule.Track",
        on_delete=models.CASCADE,
        related_name="follows",
        verbose_name=pgettext_lazy("conference track", "track"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("track follow")
        verbose_name_plural = _("track follows")
        constraints = [models.UniqueConstraint(fields=["user", "track"], name="track_follow_unique")]

    def __str__(self):
        return f"{self.user} → {self.track}"


class SessionStar(models.Model):
    """A person stars a session: it goes into their calendar feed."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="session_stars", verbose_name=_("person")
    )
    session = models.ForeignKey(
        "schedule.Session",
        on_delete=models.CASCADE,
        related_name="stars",
        verbose_name=pgettext_lazy("conference talk", "session"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("starred session")
        verbose_name_plural = _("starred sessions")
        constraints = [models.UniqueConstraint(fields=["user", "session"], name="session_star_unique")]

    def __str__(self):
        return f"{self.user} ★ {self.session}"


class FollowPreferences(models.Model):
    """Opt-in email digest of news about what the person follows; at most one email an hour."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follow_preferences", verbose_name=_("person")
    )
    email_digest = models.BooleanField(
        _("email me a digest"),
        default=False,
        help_text=_(
            "At most one email an hour: new one-day volunteer tasks of the communities and tracks you follow, "
            "and sessions you starred or follow that move or are removed."
        ),
    )
    # News after this moment goes into the next digest: set when opting in and after each digest.
    news_since = models.DateTimeField(_("news since"), null=True, blank=True, editable=False)
    last_digest_at = models.DateTimeField(_("last digest sent at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("follow preferences")
        verbose_name_plural = _("follow preferences")

    def __str__(self):
        return str(self.user)


class SessionChangeKind(models.TextChoices):
    MOVED = "moved", _("moved")
    REMOVED = "removed", _("removed")


class SessionChange(models.Model):
    """A session moved (time or room) or was removed from the programme: news for its followers.

    Written by `follows.services.detect_session_changes()` (which compares sessions with the last
    SessionSnapshot), so any change counts, whether an import or an edit in the admin made it.
    """

    session = models.ForeignKey(
        "schedule.Session",
        on_delete=models.CASCADE,
        related_name="changes",
        verbose_name=pgettext_lazy("conference talk", "session"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=SessionChangeKind.choices)
    previous_starts_at = models.DateTimeField(_("previous start"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("session change")
        verbose_name_plural = _("session changes")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.session} {self.kind}"


class SessionSnapshot(models.Model):
    """Where and when a session was at the last change check, to notice moves and removals."""

    session = models.OneToOneField(
        "schedule.Session", on_delete=models.CASCADE, related_name="follows_snapshot", primary_key=True
    )
    starts_at = models.DateTimeField(null=True, blank=True)
    ends_at = models.DateTimeField(null=True, blank=True)
    room_id = models.IntegerField(null=True, blank=True)
    is_scheduled = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("session snapshot")
        verbose_name_plural = _("session snapshots")

    def __str__(self):
        return str(self.session_id)
