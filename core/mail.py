"""Emails to one person, in their language and, for a task, in the edition's time zone.

Templates come in pairs: `<prefix>_subject.txt` (one line) and `<prefix>_message.txt` (plain text).
Login codes and address confirmations go through allauth (accounts.adapters), not through here.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone, translation


def send_to_person(user, template_prefix: str, context: dict) -> None:
    task = context.get("task")
    tz = task.edition.tzinfo if task is not None else timezone.get_default_timezone()
    context = {**context, "user": user, "SITE_NAME": settings.SITE_NAME, "SITE_URL": settings.SITE_URL}
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE), timezone.override(tz):
        subject = " ".join(render_to_string(f"{template_prefix}_subject.txt", context).split())
        message = render_to_string(f"{template_prefix}_message.txt", context)
    send_mail(f"[{settings.SITE_NAME}] {subject}", message, settings.DEFAULT_FROM_EMAIL, [user.email])
