import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
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


class ShareField(models.TextChoices):
    """The details of an account a community may ask its followers to share, in the order shown."""

    NAME = "name", _("display name")
    EMAIL = "email", _("email address")
    PHONE = "phone", _("phone")
    CHAT_HANDLE = "chat_handle", _("chat handle")


SHARE_FIELD_ORDER = [choice.value for choice in ShareField]


def share_fields_in_order(fields) -> list[str]:
    """`fields` without duplicates or unknown names, in the order of ShareField."""
    wanted = set(fields or ())
    return [name for name in SHARE_FIELD_ORDER if name in wanted]


def validate_share_fields(value) -> None:
    if not isinstance(value, list) or any(name not in SHARE_FIELD_ORDER for name in value):
        raise ValidationError(_("Choose details among: display name, email address, phone, chat handle."))


class ContactSharing(models.Model):
    """A community's choice: may its followers share their contact with it, and which details it asks for.

    Its responsible persons of the current edition and the organizing team set it. Turning it off stops
    new shares; the shares already given stay until each person withdraws theirs.
    """

    community = models.OneToOneField(
        "communities.Community",
        on_delete=models.CASCADE,
        related_name="contact_sharing",
        verbose_name=_("community"),
    )
    is_enabled = models.BooleanField(_("ask followers to share their contact"), default=False)
    fields = models.JSONField(_("details asked for"), default=list, blank=True, validators=[validate_share_fields])
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )

    class Meta:
        verbose_name = _("contact sharing setting")
        verbose_name_plural = _("contact sharing settings")

    def __str__(self):
        return str(self.community)

    def clean(self):
        if self.is_enabled and not self.fields:
            raise ValidationError({"fields": _("Choose at least one detail to ask for.")})

    @property
    def is_open(self) -> bool:
        """People can share their contact now."""
        return self.is_enabled and bool(self.fields)


class ContactShare(models.Model):
    """A person chose to share their contact with a community: which details, when, and when withdrawn.

    The details shared are those the community asked for at that moment; the values come from the
    account when the community looks (so a changed phone number is the current one). A withdrawn share
    stays as a record and is never shown or exported again. At most one share per person and community
    is active.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="contact_shares", verbose_name=_("person")
    )
    community = models.ForeignKey(
        "communities.Community",
        on_delete=models.CASCADE,
        related_name="contact_shares",
        verbose_name=_("community"),
    )
    fields = models.JSONField(_("details shared"), default=list, validators=[validate_share_fields])
    created_at = models.DateTimeField(_("shared at"), default=timezone.now, db_index=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        verbose_name = _("contact share")
        verbose_name_plural = _("contact shares")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "community"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="contact_share_one_active",
            )
        ]

    def __str__(self):
        return f"{self.user} → {self.community}"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None
