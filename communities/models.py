from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.i18n import localized


class Community(models.Model):
    """An open-source community group. Communities outlive editions."""

    slug = models.SlugField(_("short name"), max_length=60, unique=True)
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
    role_title = models.CharField(_("role title"), max_length=60, blank=True, help_text=_("e.g. organizer, contact"))
    is_public = models.BooleanField(_("name shown publicly"), default=True)

    class Meta:
        verbose_name = _("responsible person")
        verbose_name_plural = _("responsible persons")
        constraints = [
            models.UniqueConstraint(fields=["community", "edition", "user"], name="one_responsibility_per_edition")
        ]

    def __str__(self):
        return f"{self.user} · {self.community} · {self.edition}"
