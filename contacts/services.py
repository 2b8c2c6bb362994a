"""Writes of the community contact side: the audit trail of the contact list, and messages from the
organizing team to responsible persons (one email each, through the task queue)."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from editions.models import Edition

from .models import AccessAction, ContactListAccess, MessageDelivery, ResponsiblePersonMessage
from .selectors import ContactFilter, Recipient


def contact_list_access_record(
    *, edition: Edition, user, action: str, contact_filter: ContactFilter, row_count: int
) -> ContactListAccess:
    return ContactListAccess.objects.create(
        edition=edition, user=user, action=action, filters=contact_filter.as_dict(), row_count=row_count
    )


def _queue_deliveries(delivery_ids: list[int]) -> None:
    from .tasks import send_message_delivery

    def enqueue():
        for delivery_id in delivery_ids:
            send_message_delivery.enqueue(delivery_id)

    transaction.on_commit(enqueue)


def message_send(
    *,
    edition: Edition,
    author,
    subject: str,
    body: str,
    contact_filter: ContactFilter,
    recipients: list[Recipient],
    idempotency_key: uuid.UUID,
) -> tuple[ResponsiblePersonMessage, bool]:
    """Record the message and queue one email per recipient, in the recipient's language.

    (message, True) when sent now; (the earlier message, False) when this form was submitted before
    (a double click, a reload): the key is unique, so nobody gets the email twice."""
    if not recipients:
        raise ValidationError(_("No responsible person matches this filter."))
    existing = ResponsiblePersonMessage.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            message = ResponsiblePersonMessage(
                edition=edition,
                author=author,
                subject=subject,
                body=body,
                filters=contact_filter.as_dict(),
                idempotency_key=idempotency_key,
            )
            message.full_clean(exclude=["author", "edition"])
            message.save()
            deliveries = MessageDelivery.objects.bulk_create(
                [
                    MessageDelivery(
                        message=message,
                        recipient=recipient.user,
                        language=recipient.user.preferred_language or settings.LANGUAGE_CODE,
                    )
                    for recipient in recipients
                ]
            )
            contact_list_access_record(
                edition=edition,
                user=author,
                action=AccessAction.MESSAGE,
                contact_filter=contact_filter,
                row_count=len(deliveries),
            )
            _queue_deliveries([delivery.pk for delivery in deliveries])
    except IntegrityError:
        # The same form, submitted twice at once: the other request holds the key.
        return ResponsiblePersonMessage.objects.get(idempotency_key=idempotency_key), False
    return message, True
