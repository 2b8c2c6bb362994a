"""Queueing background work with the write it is about.

With the database queue (the default in production: django-tasks-db, in PostgreSQL) a job is written in
the same transaction as the sign-up or the cancellation it reports: both are committed, or neither.
So no email is lost when Redis or the worker is down, and no email goes out for a change rolled back.
Other queues (rq in Redis, the immediate backend of `make run`) cannot join the transaction: the job is
queued once it has committed.
"""

from django.db import transaction


def enqueue_with(task, *args, **kwargs) -> None:
    """Queue `task(*args, **kwargs)` as part of the surrounding transaction (see above)."""
    from django_tasks_db.backend import DatabaseBackend

    if isinstance(task.get_backend(), DatabaseBackend) and transaction.get_connection().in_atomic_block:
        task.enqueue(*args, **kwargs)
    else:
        transaction.on_commit(lambda: task.enqueue(*args, **kwargs))
