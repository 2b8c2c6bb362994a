"""Background jobs of the one-day volunteer loop (Django tasks framework). Arguments are ids only,
so the database and Redis backends can serialise them."""

from django_tasks import task


@task()
def email_sign_up(sign_up_id: int, kind: str) -> None:
    """kind: confirmed | waitlisted | promoted."""
    raise NotImplementedError  # implemented by the notifications work


@task()
def email_task_update(task_id: int, user_ids: list[int], kind: str, reason: str) -> None:
    """kind: changed | cancelled."""
    raise NotImplementedError
