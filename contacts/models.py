"""Community contact: who looked at or exported the responsible persons' contact details, and the
emails the organizing team sent them."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AccessAction(models.TextChoices):
    VIEW = "view", _("viewed the list")
    EXPORT_CSV = "csv", _("exported CSV")
    EXPORT_VCARD = "vcard", _("exported vCard")
    MESSAGE = "message", _("sent a message")


class ContactListAccess(models.Model):
    """The audit log of the contact list: every view and export, with its filter and size."""

    edition = models.ForeignKey(
        "editions.Edition", on_delete=models.CASCADE, related_name="+", verbose_name=_("edition")
    )
    # PROTECT: the trail of who read contact details must not vanish with an account.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("person")
    )
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    action = models.CharField(_("action"), max_length=10, choices=AccessAction.choices)
    filters = models.JSONField(_("filter"), default=dict, blank=True)
    row_count = models.PositiveIntegerField(_("rows"))

    class Meta:
        verbose_name = _("contact list access")
        verbose_name_plural = _("contact list accesses")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.user} · {self.get_action_display()} · {self.at:%Y-%m-%d %H:%M}"


class ResponsiblePersonMessage(models.Model):
    """One email the organizing team wrote to responsible persons; one delivery per recipient."""

    edition = models.ForeignKey(
        "editions.Edition", on_delete=models.CASCADE, related_name="+", verbose_name=_("edition")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("author")
    )
    subject = models.CharField(_("subject"), max_length=150)
    body = models.TextField(_("message"), max_length=20_000)
    filters = models.JSONField(_("filter"), default=dict, blank=True)
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    # The compose form carries a fresh key: a second submit of the same form finds this message.
    idempotency_key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        verbose_name = _("message to responsible persons")
        verbose_name_plural = _("messages to responsible persons")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.subject


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    SENDING = "sending", _("being sent")
    SENT = "sent", _("handed to the mail server")
    FAILED = "failed", _("failed")


class MessageDelivery(models.Model):
    message = models.ForeignKey(
        ResponsiblePersonMessage, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("message")
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("recipient")
    )
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    status = models.CharField(_("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.QUEUED)
    sent_at = models.DateTimeField(_("handed to the mail server at"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [models.UniqueConstraint(fields=["message", "recipient"], name="one_delivery_per_recipient")]

    def __str__(self):
        return f"{self.message} → {self.recipient}"
