import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.i18n import localized
from core.markdown_fields import MarkdownHtmlModel, markdown_html_field

# Addresses under /communities/ that are not community pages (communities.urls lists them first).
RESERVED_SLUGS = frozenset({"mine", "contacts", "editions", "invitations", "responsible-persons", "manage"})


def validate_not_reserved(value: str) -> None:
    if value.lower() in RESERVED_SLUGS:
        raise ValidationError(
            _("“%(value)s” is a reserved address; choose another short name."), params={"value": value}
        )


class Community(MarkdownHtmlModel):
    """An open-source community group. Communities outlive editions."""

    MARKDOWN_HTML = {"introduction": "introduction_html", "introduction_zh_hant": "introduction_html_zh_hant"}

    slug = models.SlugField(_("short name"), max_length=60, unique=True, validators=[validate_not_reserved])
    name = models.CharField(_("name (English)"), max_length=120)
    name_zh_hant = models.CharField(_("name (Traditional Chinese)"), max_length=120, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    summary = models.CharField(
        _("one-line summary (English)"),
        max_length=160,
        blank=True,
        help_text=_("Shown in the directory. One sentence, at most 160 characters."),
    )
    summary_zh_hant = models.CharField(_("one-line summary (Traditional Chinese)"), max_length=160, blank=True)
    introduction = models.TextField(
        _("introduction (English)"),
        blank=True,
        help_text=_("Markdown: **bold**, *italic*, [links](https://example.org), lists and headings."),
    )
    introduction_zh_hant = models.TextField(_("introduction (Traditional Chinese)"), blank=True)
    # The introductions as the community page shows them: sanitised HTML, filled on every write
    # (core.markdown_fields). Named so that localized(community, "introduction_html") works.
    introduction_html = markdown_html_field(_("introduction (English)"))
    introduction_html_zh_hant = markdown_html_field(_("introduction (Traditional Chinese)"))
    logo = models.ImageField(
        _("logo"),
        upload_to="communities/logos/",
        blank=True,
        help_text=_("PNG, JPEG, WebP or GIF, at most 2 MB. It is resized to 512 pixels at most."),
    )
    website_url = models.URLField(_("website"), blank=True)
    chat_url = models.URLField(
        _("chat group"), blank=True, help_text=_("e.g. a Telegram, Matrix, Discord or Slack invite")
    )
    code_url = models.URLField(_("source code"), blank=True, help_text=_("e.g. GitHub or GitLab"))
    social_url = models.URLField(_("social media"), blank=True, help_text=_("e.g. Mastodon, Facebook or X"))

    class Meta:
        verbose_name = _("community")
        verbose_name_plural = _("communities")
        ordering = ["name"]

    def __str__(self):
        return localized(self, "name")

    def get_absolute_url(self):
        return reverse("communities:detail", args=[self.slug])

    @property
    def display_name(self) -> str:
        return localized(self, "name")


class ResponsiblePerson(models.Model):
    """A person responsible for a community in one edition ("annual responsible person")."""

    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, related_name="responsible_persons", verbose_name=_("community")
    )
    edition = models.ForeignKey(
        "editions.Edition", on_delete=models.CASCADE, related_name="responsible_persons", verbose_name=_("edition")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="responsibilities", verbose_name=_("person")
    )
    title = models.CharField(_("title (English)"), max_length=60, blank=True, help_text=_("e.g. organizer, contact"))
    title_zh_hant = models.CharField(_("title (Traditional Chinese)"), max_length=60, blank=True)
    is_public = models.BooleanField(
        _("name shown publicly"), default=True, help_text=_("Shown on the community page with the title.")
    )
    named_at = models.DateTimeField(_("named at"), default=timezone.now)
    named_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("named by"),
    )

    class Meta:
        verbose_name = _("responsible person")
        verbose_name_plural = _("responsible persons")
        constraints = [
            models.UniqueConstraint(fields=["community", "edition", "user"], name="one_responsibility_per_edition")
        ]

    def __str__(self):
        return f"{self.user} · {self.community} · {self.edition}"

    @property
    def display_title(self) -> str:
        return localized(self, "title")


def new_invitation_token() -> str:
    return secrets.token_urlsafe(32)


class InvitationStatus(models.TextChoices):
    PENDING = "pending", _("pending")
    ACCEPTED = "accepted", _("accepted")
    WITHDRAWN = "withdrawn", _("withdrawn")


class ResponsiblePersonInvitation(models.Model):
    """Staff named someone by email address; the role applies the first time they log in with it.

    The token only opens the invitation's page: accepting needs a login with the invited address."""

    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("community")
    )
    edition = models.ForeignKey(
        "editions.Edition",
        on_delete=models.CASCADE,
        related_name="responsible_person_invitations",
        verbose_name=_("edition"),
    )
    email = models.EmailField(_("email address"))
    title = models.CharField(_("title (English)"), max_length=60, blank=True)
    title_zh_hant = models.CharField(_("title (Traditional Chinese)"), max_length=60, blank=True)
    is_public = models.BooleanField(_("name shown publicly"), default=True)
    language = models.CharField(_("language of the invitation"), max_length=10, choices=settings.LANGUAGES)
    token = models.CharField(max_length=64, unique=True, default=new_invitation_token, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=InvitationStatus.choices, default=InvitationStatus.PENDING
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("invited by")
    )
    created_at = models.DateTimeField(_("invited at"), default=timezone.now)
    last_sent_at = models.DateTimeField(_("last sent at"), null=True, blank=True)
    send_count = models.PositiveSmallIntegerField(_("times sent"), default=0)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )
    closed_at = models.DateTimeField(_("accepted or withdrawn at"), null=True, blank=True)

    class Meta:
        verbose_name = _("responsible person invitation")
        verbose_name_plural = _("responsible person invitations")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                "community",
                "edition",
                Lower("email"),
                condition=Q(status="pending"),
                name="one_pending_invitation_per_address",
            )
        ]

    def __str__(self):
        return f"{self.email} · {self.community} · {self.edition}"

    def get_absolute_url(self):
        return reverse("communities:invitation", args=[self.token])

    @property
    def is_pending(self) -> bool:
        return self.status == InvitationStatus.PENDING

    @property
    def display_title(self) -> str:
        return localized(self, "title")


class RevisionKind(models.TextChoices):
    BASELINE = "baseline", _("page before the first recorded change")
    EDIT = "edit", _("edit")
    RESTORE = "restore", _("restore")


class CommunityRevision(models.Model):
    """One change to a community page: who, when, which fields with old and new values, and the page
    as it stood afterwards (`snapshot`), so any revision can be restored."""

    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("community")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    created_at = models.DateTimeField(_("when"), default=timezone.now)
    kind = models.CharField(_("kind"), max_length=10, choices=RevisionKind.choices, default=RevisionKind.EDIT)
    changes = models.JSONField(_("changes"), default=dict, help_text=_("field name: [old value, new value]"))
    snapshot = models.JSONField(_("page after the change"), default=dict)
    restored_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("restored from")
    )

    class Meta:
        verbose_name = _("community page revision")
        verbose_name_plural = _("community page revisions")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["community", "-created_at"], name="revision_community_latest")]

    def __str__(self):
        return f"{self.community} · {self.created_at:%Y-%m-%d %H:%M}"
