"""Helpers for tests that start real processes (app servers, workers) beside the test run."""

import socket
import subprocess
import time

import requests
from django.db import connection


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_answering(url: str, *, seconds: float = 60, path: str = "/favicon.ico") -> None:
    """Return once the server at `url` answers at all (a worker's first answer can take a while)."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            requests.get(f"{url}{path}", timeout=10)
            return
        except requests.RequestException:
            assert time.monotonic() < deadline, f"{url} did not start"
            time.sleep(0.2)


def stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def this_database_url() -> str:
    """The test run's PostgreSQL database, for processes started beside it."""
    database = connection.settings_dict
    host, port = database["HOST"] or "127.0.0.1", database["PORT"] or "5432"
    return f"postgres://{database['USER']}@{host}:{port}/{database['NAME']}"


def end_other_connections() -> int:
    """End every other connection to the test database (a PostgreSQL restart, or what stopped processes
    still hold); returns how many were ended."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]
