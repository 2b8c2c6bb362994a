"""`make bench`: pages served by gunicorn (2 workers) against a minimal Django view, at scale-10 data.

Prints, per page: requests per second, the ratio to the minimal view, SQL queries; then the peak
memory of a worker, a burst of 200 concurrent sign-ups on one 10-place task, and the time to import
a 600-session schedule.json (first import and an unchanged re-import). Figures, not assertions:
compare them with the targets printed beside them. bench/schedule_bench.py prepares the programme,
the calendar-feed person and the import timing.

Uses `wrk` when installed (apt-get install wrk), else a small Python load generator.
Database: BENCH_DATABASE_URL, default a separate SQLite file bench.sqlite3.
"""

import http.client
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

BASE_DIR = Path(__file__).resolve().parent.parent
PORT = int(os.environ.get("BENCH_PORT", "8099"))
# A logged-in browser carries the CSRF cookie it got on its first page; so does the load generator.
BROWSER_CSRF = "benchbenchbenchbenchbenchbench32"
DURATION = int(os.environ.get("BENCH_SECONDS", "5"))
SCALE = int(os.environ.get("BENCH_SCALE", "10"))
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{BASE_DIR / 'bench.sqlite3'}")

ENV = {
    **os.environ,
    "DATABASE_URL": DATABASE_URL,
    "DEBUG": "false",
    # A local run over http with the development key: DEBUG off alone would mean production.
    "PRODUCTION": "false",
    # ... but with production's persistent database connections: without Redis every page reads the
    # shared cache in the database, and opening an SQLite connection per request would dominate.
    "CONN_MAX_AGE": "60",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "ROOT_URLCONF": "bench.urls",
    "EMAIL_URL": "dummymail://",
    "TASKS_BACKEND": "immediate",
    "LOG_LEVEL": "WARNING",
}
os.environ.update({k: v for k, v in ENV.items() if k != "ROOT_URLCONF"})
os.environ["ROOT_URLCONF"] = "bench.urls"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
sys.path.insert(0, str(BASE_DIR))


def manage(*args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=BASE_DIR, env=ENV, check=True)


def setup_django():
    import django

    django.setup()


def session_cookie_for(user) -> str:
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return session.session_key


def query_count(path: str, user=None) -> int:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from core.page_cache import PUBLIC_PAGES, bump

    client = Client(HTTP_HOST="127.0.0.1")
    if user is not None:
        client.force_login(user)
    client.get(path)  # warm caches the way a running worker has them
    bump(PUBLIC_PAGES)  # ... but count the queries of a page that is not in the page cache
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return len(queries)


def wrk(path: str, cookie: str | None) -> float:
    command = ["wrk", "-t2", "-c8", f"-d{DURATION}s", f"http://127.0.0.1:{PORT}{path}"]
    if cookie:
        command[1:1] = ["-H", f"Cookie: sessionid={cookie}; csrftoken={BROWSER_CSRF}"]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if non_2xx:
        print(f"    ! {non_2xx.group(1)} error responses on {path}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))


def python_load(path: str, cookie: str | None) -> float:
    headers = {"Cookie": f"sessionid={cookie}; csrftoken={BROWSER_CSRF}"} if cookie else {}
    done = [0]
    stop = time.monotonic() + DURATION
    lock = threading.Lock()

    def worker():
        count = 0
        while time.monotonic() < stop:
            connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
            connection.request("GET", path, headers=headers)
            connection.getresponse().read()
            connection.close()
            count += 1
        with lock:
            done[0] += count

    threads = [threading.Thread(target=worker) for _ in range(8)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return done[0] / (time.monotonic() - started)


def requests_per_second(path: str, cookie: str | None = None) -> float:
    return wrk(path, cookie) if shutil.which("wrk") else python_load(path, cookie)


def worker_peak_memory_mb(master_pid: int) -> list[float]:
    children = subprocess.run(["pgrep", "-P", str(master_pid)], capture_output=True, text=True).stdout.split()
    peaks = []
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        peaks.append(int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024)
    return peaks


def sign_up_burst(people: int = 200, headcount: int = 10) -> tuple[dict[int, int], dict[str, int]]:
    """`people` logged-in volunteers POST a sign-up for one task at the same instant."""
    import datetime

    from django.middleware.csrf import _get_new_csrf_string
    from django.utils import timezone

    from accounts.models import User
    from editions.selectors import current_edition
    from volunteering.models import SignUp, Task

    edition = current_edition()
    requester = User.objects.get(email="staff@example.org")
    start = timezone.now() + datetime.timedelta(days=3)
    task = Task.objects.create(
        edition=edition,
        title=f"Burst {time.time():.0f}",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=1),
        headcount=headcount,
        points=10,
        requester=requester,
    )
    volunteers = list(User.objects.filter(email__startswith="person", sign_ups__isnull=True).order_by("pk")[:people])
    cookies = [session_cookie_for(user) for user in volunteers]
    csrf = _get_new_csrf_string()
    barrier = threading.Barrier(people)
    statuses: dict[int, int] = {}
    lock = threading.Lock()

    def post(cookie: str) -> None:
        body = urlencode({"csrfmiddlewaretoken": csrf})
        headers = {
            "Cookie": f"sessionid={cookie}; csrftoken={csrf}",
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": f"http://127.0.0.1:{PORT}/",
        }
        barrier.wait()
        try:
            connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=120)
            connection.request("POST", f"/one-day/tasks/{task.pk}/sign-up/", body=body, headers=headers)
            status = connection.getresponse().status
        except OSError:
            status = 0
        with lock:
            statuses[status] = statuses.get(status, 0) + 1

    threads = [threading.Thread(target=post, args=(cookie,)) for cookie in cookies]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    outcome = {}
    for status in ("confirmed", "waitlisted"):
        outcome[status] = SignUp.objects.filter(task=task, status=status).count()
    return statuses, outcome


def main() -> None:
    print(f"Preparing scale-{SCALE} data in {DATABASE_URL} ...", flush=True)
    manage("migrate", "--noinput", "-v0")
    manage("collectstatic", "--noinput", "-v0")
    started = time.monotonic()
    manage("seed_demo", "--scale", str(SCALE))
    print(f"  seed_demo --scale {SCALE}: {time.monotonic() - started:.1f} s")
    setup_django()

    from accounts.models import User
    from bench.schedule_bench import ensure_feed_user, ensure_page_data, time_import
    from volunteering.models import Task

    programme = ensure_page_data()
    feed_user, feed_token, feed_items = ensure_feed_user()
    print(
        f"  programme: {programme.sessions} scheduled sessions in {programme.tracks} tracks ({programme.origin}); "
        f"{feed_user.email} has {feed_items} items in their calendar feed"
    )

    from communities.models import ResponsiblePerson
    from contacts.selectors import ContactFilter, contact_rows
    from editions.selectors import current_edition

    volunteer = User.objects.get(email="volunteer@example.org")
    responsible = User.objects.get(email="responsible@example.org")
    staff = User.objects.get(email="staff@example.org")
    staff_rows = ResponsiblePerson.objects.filter(edition=current_edition()).count()
    contact_rows_count = len(contact_rows(edition=current_edition(), contact_filter=ContactFilter()))
    task = Task.objects.filter(edition__is_current=True, status="open").order_by("pk")[40]
    track_sessions = programme.track_sessions
    # (name, path, logged-in user or None, target share of the minimal view's req/s)
    pages = [
        ("minimal Django view", "/bench/minimal/", None, None),
        ("board, anonymous", "/one-day/", None, 0.5),
        ("board, logged in", "/one-day/", volunteer, 0.5),
        ("task page, anonymous", task.get_absolute_url(), None, 0.5),
        ("task page, logged in", task.get_absolute_url(), volunteer, 0.5),
        ("my one-day volunteering", "/one-day/mine/", volunteer, 0.5),
        ("community directory", "/communities/", None, 0.5),
        ("community page", f"/communities/{programme.community_slug}/", None, 0.5),
        (f"track page, {track_sessions} sessions", f"/tracks/{programme.track_pk}/", None, 0.5),
        (f"personal feed, {feed_items} items", f"/follows/calendar/{feed_token}.ics", None, 0.25),
        (f"track feed, {track_sessions} sessions", f"/follows/tracks/{programme.track_pk}/calendar.ics", None, 0.5),
        # Back office (about 100 responsible persons and a dozen staff, never a crowd): rendered per
        # request, never shared or cached; the contact list also writes its audit row each time.
        ("my communities (responsible)", "/communities/mine/", responsible, None),
        (f"responsible persons, {staff_rows} rows", "/communities/editions/2027/responsible-persons/", staff, None),
        (f"contact list, {contact_rows_count} rows", "/communities/contacts/", staff, None),
    ]
    cookies = {user.pk: session_cookie_for(user) for user in (volunteer, responsible, staff)}

    gunicorn = subprocess.Popen(
        [
            str(BASE_DIR / ".venv/bin/gunicorn"),
            "config.wsgi",
            "-w",
            "2",
            "-b",
            f"127.0.0.1:{PORT}",
            "--log-level",
            "warning",
        ],
        cwd=BASE_DIR,
        env=ENV,
    )
    try:
        # Ready when both workers have answered (the first answer of a worker takes a second or more,
        # which a short BENCH_SECONDS would otherwise count as no requests at all).
        answered = 0
        for _ in range(300):
            try:
                connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
                connection.request("GET", "/bench/minimal/")
                connection.getresponse().read()
                answered += 1
                if answered >= 4:
                    break
            except OSError:
                time.sleep(0.1)
        print(
            f"\nLoad: {'wrk -t2 -c8' if shutil.which('wrk') else 'Python, 8 threads'}, {DURATION} s per page, "
            "gunicorn 2 sync workers, same machine (2 cores)\n"
            "One address and one cookie (or none) per page, over and over: the public pages' figures are the page "
            "cache's\ncached copy, same cookie, not a crowd (that is bench/crowd.py, `make bench-crowd`).\n"
        )
        print(f"{'page':28} {'req/s':>8} {'vs minimal':>11} {'queries':>8}   target (queries: uncached page)")
        baseline = None
        for name, path, user, share in pages:
            cookie = cookies[user.pk] if user else None
            requests_per_second(path, cookie)  # warm-up
            rps = requests_per_second(path, cookie)
            queries = query_count(path, user)
            baseline = baseline or rps
            if share is None:
                target = "" if baseline == rps else "back office: no crowd target, <= 15 queries [same cookie]"
            else:
                target = f">= {share:.0%}, <= 10 queries".replace("%", " %") + " [cached copy, same cookie]"
            print(f"{name:28} {rps:8.0f} {rps / baseline:10.0%} {queries:8d}   {target}")
        peaks = worker_peak_memory_mb(gunicorn.pid)
        print(f"\nPeak memory per worker: {', '.join(f'{p:.0f} MB' for p in peaks)}   target < 150 MB")
        statuses, outcome = sign_up_burst()
        print(
            f"\nBurst of 200 concurrent sign-ups on one 10-place task: HTTP {statuses}; "
            f"{outcome['confirmed']} confirmed, {outcome['waitlisted']} waitlisted   "
            "target: no error response, exactly 10 confirmed"
        )
    finally:
        gunicorn.send_signal(signal.SIGTERM)
        gunicorn.wait(timeout=30)

    timing = time_import()  # with the server stopped, so the load does not blur the figure
    print(
        f"\nImport of {timing.created} sessions: first {timing.first:.2f} s, unchanged re-import "
        f"{timing.again:.2f} s with {len(timing.writes)} writes (targets < 2 s, < 0.5 s, 0 writes)"
    )
    for sql in timing.writes[:3]:
        print(f"    ! {sql[:150]}")


if __name__ == "__main__":
    main()
