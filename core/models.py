from django.db import models
from django.utils.translation import gettext_lazy as _


class SentEmail(models.Model):
    """An email a background job has sent, under a key naming the job and the recipient.

    A worker killed between the mail server's answer and marking its job done leaves the job to be
    run again (`recover_tasks`); the key makes that second run skip whom it already reached.
    """

    key = models.CharField(_("key"), max_length=200, unique=True)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("sent email")
        verbose_name_plural = _("sent emails")

    def __str__(self) -> str:
        return self.key
