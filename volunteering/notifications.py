"""What the one-day volunteer loop tells people by email. Each function queues the email with the
surrounding transaction (core.queue), so a rolled-back sign-up sends nothing, a committed one is never
without its email, and no request waits for SMTP."""

from core.queue import enqueue_with

from .models import SignUpStatus


def sign_up_received(sign_up) -> None:
    from .tasks import email_sign_up

    kind = "confirmed" if sign_up.status == SignUpStatus.CONFIRMED else "waitlisted"
    enqueue_with(email_sign_up, sign_up.pk, kind)


def promoted_from_waitlist(sign_up) -> None:
    from .tasks import email_sign_up

    enqueue_with(email_sign_up, sign_up.pk, "promoted")


def task_changed(task) -> None:
    from .tasks import email_task_update

    user_ids = list(
        task.sign_ups.filter(status__in=(SignUpStatus.CONFIRMED, SignUpStatus.WAITLISTED)).values_list(
            "user_id", flat=True
        )
    )
    if user_ids:
        enqueue_with(email_task_update, task.pk, user_ids, "changed", "")


def task_cancelled(task, affected_sign_ups, reason: str) -> None:
    from .tasks import email_task_update

    user_ids = [record.user_id for record in affected_sign_ups]
    if user_ids:
        enqueue_with(email_task_update, task.pk, user_ids, "cancelled", reason)
