"""Sending the organizing team's messages to responsible persons, one job per recipient."""

import logging

from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from communities.models import ResponsiblePerson
from core.mail import send_in_language
from core.urls import absolute_url
from volunteering.markdown import render_markdown

from .models import DeliveryStatus, MessageDelivery

logger = logging.getLogger(__name__)


@task()
def send_message_delivery(delivery_id: int) -> None:
    """Send one recipient's copy. The delivery is claimed (queued → sending) before the email goes
    out, so a job that runs twice sends once; the outcome is recorded for staff to see."""
    claimed = MessageDelivery.objects.filter(pk=delivery_id, status=DeliveryStatus.QUEUED).update(
        status=DeliveryStatus.SENDING
    )
    if not claimed:
        return
    delivery = MessageDelivery.objects.select_related("message__edition", "message__author", "recipient").get(
        pk=delivery_id
    )
    message = delivery.message
    communities = [
        person.community
        for person in ResponsiblePerson.objects.filter(edition=message.edition, user=delivery.recipient)
        .select_related("community")
        .order_by("community__name")
    ]
    context = {
        "message": message,
        "user": delivery.recipient,
        "communities": communities,
        "body_html": render_markdown(message.body),
        "backstage_url": absolute_url(reverse("communities:mine")),
    }
    try:
        send_in_language(
            delivery.recipient.email,
            delivery.language,
            "contacts/email/responsible_message",
            context,
            html=True,
            tz=message.edition.tzinfo,
        )
    except Exception as error:
        logger.exception("Could not send message %s to person %s", message.pk, delivery.recipient_id)
        MessageDelivery.objects.filter(pk=delivery_id).update(status=DeliveryStatus.FAILED, error=str(error)[:300])
    else:
        MessageDelivery.objects.filter(pk=delivery_id).update(status=DeliveryStatus.SENT, sent_at=timezone.now())
