import threading
from collections.abc import Callable

import pytest
from django.db import connection, connections


@pytest.fixture(autouse=True)
def _postgres_only(db):
    if connection.vendor != "postgresql":
        pytest.skip("Concurrency claims are proven on PostgreSQL (run with DATABASE_URL=postgres://...)")


def run_at_once(jobs: list[Callable[[], object]]) -> list[object]:
    """Run each job in its own thread, on its own database connection, released at the same instant.

    Returns each job's result or the exception it raised.
    """
    barrier = threading.Barrier(len(jobs))
    results: list[object] = [None] * len(jobs)

    def worker(index: int, job: Callable[[], object]) -> None:
        try:
            barrier.wait()
            results[index] = job()
        except Exception as error:  # noqa: BLE001 - the test inspects what each thread got
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results
