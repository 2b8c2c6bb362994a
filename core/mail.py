"""Emails to one person, in their language and, for a task, in the edition's time zone.

Templates come in pairs: `<prefix>_subject.txt` (one line) and `<prefix>_message.txt` (plain text),
plus an optional `<prefix>_message.html` alternative. Login codes and address confirmations go
through allauth (accounts.adapters), not through here.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone, translation


def send_in_language(
    address: str, language: str, template_prefix: str, context: dict, *, html: bool = False, tz=None
) -> None:
    """Render the templates in `language` (and time zone `tz`) and send them to `address`."""
    context = {**context, "SITE_NAME": settings.SITE_NAME, "SITE_URL": settings.SITE_URL}
    with (
        translation.override(language or settings.LANGUAGE_CODE),
        timezone.override(tz or timezone.get_default_timezone()),
    ):
        subject = " ".join(render_to_string(f"{template_prefix}_subject.txt", context).split())
        message = render_to_string(f"{template_prefix}_message.txt", context)
        html_message = render_to_string(f"{template_prefix}_message.html", context) if html else None
    email = EmailMultiAlternatives(f"[{settings.SITE_NAME}] {subject}", message, settings.DEFAULT_FROM_EMAIL, [address])
    if html_message is not None:
        email.attach_alternative(html_message, "text/html")
    email.send()


def send_to_person(user, template_prefix: str, context: dict, *, html: bool = False) -> None:
    task = context.get("task")
    send_in_language(
        user.email,
        user.preferred_language,
        template_prefix,
        {**context, "user": user},
        html=html,
        tz=task.edition.tzinfo if task is not None else None,
    )


def send_once(key: str, send) -> bool:
    """Call `send()` unless an email under `key` (a job and its recipient) went out already, and record
    it as soon as the mail server has taken it: a job run again after its worker died does not send
    twice. False when it had been sent."""
    from .models import SentEmail

    if SentEmail.objects.filter(key=key).exists():
        return False
    send()
    # Two runs of one job at once (requeued while still running) record it once, without an error.
    SentEmail.objects.bulk_create([SentEmail(key=key)], ignore_conflicts=True)
    return True


def job_key(context, recipient) -> str:
    """The key of one job's email to one person (`context`: the job's TaskContext)."""
    return f"{context.task_result.id}:{recipient}"
