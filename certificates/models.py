import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def new_token() -> str:
    # 32 random bytes: the address is the only key to the certificate, so it must not be guessable.
    return secrets.token_urlsafe(32)


class Certificate(models.Model):
    """A person's certificate of service for one edition: only an address with a secret token.

    What it says is never stored: it is read from the person's completed sign-ups whenever it is shown
    (selectors.certificate_content), so an undone completion disappears from it.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="certificates", verbose_name=_("volunteer")
    )
    edition = models.ForeignKey(
        "editions.Edition", on_delete=models.CASCADE, related_name="certificates", verbose_name=_("edition")
    )
    token = models.CharField(_("secret token"), max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    reset_at = models.DateTimeField(_("address changed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("certificate of service")
        verbose_name_plural = _("certificates of service")
        ordering = ["-edition__start_date", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "edition"], name="one_certificate_per_person_and_edition")
        ]

    def __str__(self):
        return f"{self.user} · {self.edition}"

    def get_absolute_url(self):
        return reverse("certificates:verify", args=[self.token])


class CertificateSettings(models.Model):
    """Who signs an edition's certificates, as the organizing team names itself (both languages)."""

    edition = models.OneToOneField(
        "editions.Edition", on_delete=models.CASCADE, related_name="certificate_settings", verbose_name=_("edition")
    )
    signed_by = models.CharField(
        _("signed by (English)"), max_length=120, help_text=_("For example: COSCUP 2027 Organizing Team")
    )
    signed_by_zh_hant = models.CharField(_("signed by (Traditional Chinese)"), max_length=120, blank=True)
    signer_title = models.CharField(
        _("title (English)"), max_length=120, blank=True, help_text=_("Optional, for example: Volunteer coordinator")
    )
    signer_title_zh_hant = models.CharField(_("title (Traditional Chinese)"), max_length=120, blank=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("last changed by"),
    )

    class Meta:
        verbose_name = _("certificate signer")
        verbose_name_plural = _("certificate signers")

    def __str__(self):
        return f"{self.edition} · {self.signed_by}"
