"""`make bench-crowd` (and `make bench` after its own figures): the site loaded like a conference (issue 10).

`make bench` (bench/run.py) measures each page alone: one address, one cookie (or none) for seconds on end,
so after the first request it times the page cache handing the same copy back. This scenario measures
a crowd instead, on the production stack:

- PostgreSQL: a fresh database `bench_crowd_<pid>` (BENCH_POSTGRES_URL, default postgres://postgres@127.0.0.1:5432,
  trust auth), dropped at the end. Redis: BENCH_REDIS_URL (default redis://127.0.0.1:6379/5, a db of its own),
  flushed at the start and at the end; it holds the shared cache, the page copies and the sessions (cached_db).
- Server settings as in production except https: DEBUG=false PRODUCTION=false (plain http with the development
  key; DEBUG=false alone would mean production mode), CONN_MAX_AGE=60, REDIS_URL, TASKS_BACKEND=database (what
  config/settings.py picks in production: a sign-up's email is a job written in the sign-up's transaction, not
  sent inside the request; the task worker and the scheduler run beside gunicorn, as in the Procfile),
  EMAIL_URL=dummymail://.
  gunicorn with BENCH_WORKERS (default 2: this machine has 2 cores) sync workers.
- Data: scale-10 seed_demo (bench/run.py's `manage`) plus the programme of bench/schedule_bench.py
  (`ensure_page_data`: seed_demo's 600 imported sessions, or a synthetic 600-session import) and its feed user.
- People: BENCH_PEOPLE (default 500) distinct accounts, each with a real server-side session (SessionStore
  with Django's auth keys, as a login leaves it) and its own CSRF cookie from a first GET, as a browser gets it;
  anonymous visitors with no cookies at all; calendar apps fetching personal feeds; two desk operators.
- Load: BENCH_CONCURRENCY (default 8) reader threads, closed loop without think time (the server is kept busy;
  latency includes waiting for a free worker), picking pages in the proportions of MIX below; and a writer
  paced at BENCH_WRITES_PER_SECOND (default 20) over BENCH_WRITER_THREADS threads: sign-ups, cancellations,
  community and track follows, session stars (through the JSON answer follows.js asks for) and completions at
  the desk, all real POSTs with the CSRF token, each by a different person; a browser then follows the redirect.
  BENCH_WARMUP_SECONDS (default 5) of the same load first, then BENCH_SECONDS (default 30) measured.
- The minimal view (bench/urls.py) is one of the kinds in the same mix. "vs minimal" compares worker time:
  gunicorn's access log records each request's time in the worker (%(D)s, from the parsed request to the
  last byte, without the wait for a free worker), joined to the load generator's records by an X-Bench-Id
  header the application ignores. minimal's mean worker time / the page's is the share of the minimal
  view's capacity the page would have if it were the only page served (what `make bench`'s ratio means).
- Cache hit rate: the page cache (core/page_cache.py) answers each GET it handles with X-Page-Cache: hit (a
  cached copy) or miss (rendered and stored); no header when the page was not cacheable (a message waiting, no
  CSRF cookie yet, a view without the page cache) and on every 304 (Django keeps only the validators). The load
  generator reads it from each answer: per page kind, hits / (hits + misses) and the count without the header;
  "n/a" when no answer carried it (a version of the page cache without the header). Secondary: the Redis-wide
  hit rate (INFO keyspace_hits and keyspace_misses over the measured run: page copies, version numbers,
  sessions, role answers, queued jobs together) and the page copies stored in Redis during the run, whose
  1 - stored / (200 GETs) is an upper bound of the copies' hit rate.
- Then the uncached render time of each page kind, in this process (the server stopped): the public-pages
  version is bumped before each render, so the page copy and the fragments keyed on it miss.
- Then a burst: 200 people (none of the crowd) POST a sign-up for one 10-place task at the same instant,
  against BENCH_BURST_WORKERS (default 4) workers, with the same settings (TASKS_BACKEND=database); exactly 10 must
  be confirmed.

Figures, not assertions: targets are printed beside the figures and a missed one never fails the run; only a
crash does. The machine is shared (2 cores, other people's tests, and this load generator itself): the figures
are noisy; the load averages are printed with them.
"""

import gc
import gzip
import http.client
import itertools
import math
import os
import random
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from http.cookies import CookieError, SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

SECONDS = int(os.environ.get("BENCH_SECONDS", "30"))
WARMUP_SECONDS = int(os.environ.get("BENCH_WARMUP_SECONDS", "5"))
SCALE = int(os.environ.get("BENCH_SCALE", "10"))
# The machine has 2 cores: 2 workers is one per core. More sync workers on 2 cores only take turns on them.
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
# sync, what a production deployment of this site uses: gunicorn behind the TLS proxy (README), which buffers
# requests and answers, so a slow phone on the venue wifi never holds a worker; the pages are CPU-bound
# (templates), so threads in a worker would only take turns on the GIL. A proxy talks to gunicorn over a new
# connection per request (nginx's default), which is what the load generator does too.
WORKER_CLASS = os.environ.get("BENCH_WORKER_CLASS", "sync")
BURST_WORKERS = int(os.environ.get("BENCH_BURST_WORKERS", "4"))
PEOPLE = int(os.environ.get("BENCH_PEOPLE", "500"))
READERS = int(os.environ.get("BENCH_CONCURRENCY", "8"))
WRITES_PER_SECOND = float(os.environ.get("BENCH_WRITES_PER_SECOND", "20"))
WRITER_THREADS = int(os.environ.get("BENCH_WRITER_THREADS", "10"))
RENDERS = int(os.environ.get("BENCH_RENDERS", "20"))
BURST_PEOPLE, BURST_PLACES = 200, 10
TIMEOUT = float(os.environ.get("BENCH_TIMEOUT", "10"))
PORT = int(os.environ.get("BENCH_CROWD_PORT", "8098"))
POSTGRES_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432").rstrip("/")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/5")
DATABASE_NAME = f"bench_crowd_{os.getpid()}"
DATABASE_URL = f"{POSTGRES_URL}/{DATABASE_NAME}"
ORIGIN = f"http://127.0.0.1:{PORT}"

# Targets (issue 10), printed beside the figures.
TARGET_SHARE = 0.25
TARGET_P95 = 0.250
TARGET_BURST_P95 = 1.5

# The server's environment and this process's (the uncached renders, the seeding commands, the burst's server).
# bench/run.py reads it when imported: its `manage()` then runs on this database with these settings. Its ENV
# forces TASKS_BACKEND=immediate for its own SQLite figures; `use_crowd_environment()` puts these values back
# over it once it is imported.
# TASKS_BACKEND=database, what config/settings.py picks in production: a sign-up's email is a job written in
# the sign-up's own transaction (core.queue), not rendered and sent inside the request. No worker runs during
# the bench: the emails stay queued (the database is dropped at the end).
TASKS_BACKEND = "database"
CROWD_ENV = {
    "BENCH_DATABASE_URL": DATABASE_URL,
    "DATABASE_URL": DATABASE_URL,
    "REDIS_URL": REDIS_URL,
    "DEBUG": "false",
    "PRODUCTION": "false",
    "CONN_MAX_AGE": "60",
    "TASKS_BACKEND": TASKS_BACKEND,
    "EMAIL_URL": "dummymail://",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "ROOT_URLCONF": "bench.urls",
    "LOG_LEVEL": "WARNING",
    "DJANGO_SETTINGS_MODULE": "config.settings",
}
os.environ.update(CROWD_ENV)


def use_crowd_environment() -> None:
    """Import bench/run.py (its manage(), setup_django(), ENV) and put the crowd's settings back over its ENV,
    in its dict (read by manage() and start_server() at each call) and in this process's environment."""
    from bench import run

    run.ENV.update(CROWD_ENV)
    os.environ.update(CROWD_ENV)


ANONYMOUS, LOGGED_IN, CALENDAR_APP, INSTRUMENT = "anonymous", "logged in", "calendar app", "instrument"
# Who asks, in share of the readers' requests: anonymous visitors are 40 % of the people browsing.
AUDIENCES = {ANONYMOUS: 36, LOGGED_IN: 54, CALENDAR_APP: 5, INSTRUMENT: 5}
# What each audience opens, in relative weights: the board and the tasks after an announcement, the schedule
# and the sessions during the talks, the communities, one's own pages.
MIX = {
    ANONYMOUS: {
        "board": 24,
        "board, filtered": 8,
        "task page": 22,
        "community directory": 5,
        "community page": 9,
        "schedule": 14,
        "track page": 6,
        "session page": 12,
    },
    LOGGED_IN: {
        "board": 18,
        "board, filtered": 7,
        "task page": 20,
        "my one-day volunteering": 8,
        "community directory": 3,
        "community page": 7,
        "schedule": 12,
        "track page": 5,
        "session page": 12,
        "my follows": 5,
    },
    CALENDAR_APP: {"personal calendar feed": 1},
    INSTRUMENT: {"minimal view": 1},
}
# The writer's actions, in relative weights (each by a different person; completions by the desk).
WRITES = {
    "sign-up": 35,
    "cancellation": 15,
    "community follow": 10,
    "track follow": 10,
    "session star": 20,
    "completion (desk)": 10,
}
AFTER_WRITE = "page after a write (redirect, message)"
HOT_TASKS, HOT_SESSIONS = 20, 30
SEARCH_WORDS = ["room", "reception", "recording", "booth", "photo", "setup", "party"]


def log(text: str = "") -> None:
    print(text, flush=True)


# --- HTTP: a small browser-like client ---


@dataclass
class Client:
    """One browser (or calendar app): its cookies, its language, the person behind it."""

    name: str
    person: int | None = None  # user pk; None for anonymous visitors and the instrument
    cookies: dict[str, str] | None = None  # None: never keeps a cookie (anonymous visitors, calendar apps)
    language: str = "en-US,en;q=0.9"
    csrf_token: str = ""  # the masked token of the forms on its pages
    etags: dict[str, str] | None = None  # calendar apps revalidate what they fetched (If-None-Match)

    def cookie_header(self) -> str:
        return "; ".join(f"{name}={value}" for name, value in (self.cookies or {}).items())

    def remember(self, set_cookies: list[str]) -> None:
        if self.cookies is None:
            return
        for header in set_cookies:
            try:
                parsed = SimpleCookie(header)
            except CookieError:
                continue
            for name, morsel in parsed.items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value


@dataclass
class Result:
    kind: str
    audience: str
    sent_at: float  # time.monotonic() when the request went out
    seconds: float
    status: int  # 0: timeout or connection error
    rid: int
    person: int | None
    error: str = ""
    page_cache: str = ""  # the X-Page-Cache header ("hit", "miss"), "" when absent or no answer


_request_ids = itertools.count(1)


def fetch(
    client: Client,
    method: str,
    path: str,
    *,
    kind: str,
    audience: str,
    form: dict | None = None,
    headers: dict | None = None,
    timeout: float = TIMEOUT,
    want_text: bool = False,
) -> tuple[Result, str, str]:
    """One request on a new connection (as a buffering proxy makes them), accepting gzip as browsers do.
    Returns the result, the HTML body (decoded only when `want_text`) and the Location header."""
    rid = next(_request_ids)
    sent = {
        "User-Agent": "bench-crowd",
        "Accept": "text/html,application/xhtml+xml,*/*;q=0.8",
        "Accept-Encoding": "gzip, deflate",
        "Accept-Language": client.language,
        "Connection": "close",
        "X-Bench-Id": str(rid),
        **(headers or {}),
    }
    if client.cookies:
        sent["Cookie"] = client.cookie_header()
    if client.etags is not None and path in client.etags:
        sent["If-None-Match"] = client.etags[path]
    body = None
    if form is not None:
        body = urlencode(form)
        sent["Content-Type"] = "application/x-www-form-urlencoded"
        sent["Origin"] = ORIGIN
        sent["Referer"] = ORIGIN + "/"
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=timeout)
    sent_at = time.monotonic()
    started = time.perf_counter()
    text, location, error, page_cache = "", "", "", ""
    try:
        connection.request(method, path, body=body, headers=sent)
        response = connection.getresponse()
        content = response.read()
        status = response.status
        client.remember(response.headers.get_all("Set-Cookie") or [])
        location = response.getheader("Location") or ""
        page_cache = (response.getheader("X-Page-Cache") or "").strip().lower()
        if client.etags is not None and response.getheader("ETag"):
            client.etags[path] = response.getheader("ETag")
        if want_text and "html" in (response.getheader("Content-Type") or ""):
            if response.getheader("Content-Encoding") == "gzip":
                content = gzip.decompress(content)
            text = content.decode("utf-8", "replace")
    except TimeoutError:
        status, error = 0, "timeout"
    except (OSError, http.client.HTTPException) as exc:
        status, error = 0, type(exc).__name__
    finally:
        connection.close()
    seconds = time.perf_counter() - started
    if not error:
        if status >= 400:
            error = f"HTTP {status}"
        elif client.person is not None and "/accounts/login/" in location:
            error = "sent to the login page"  # the session did not hold
    result = Result(kind, audience, sent_at, seconds, status, rid, client.person, error, page_cache)
    return result, text, location


CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def first_visit(client: Client, path: str = "/one-day/") -> None:
    """A browser's first page: the server sets the CSRF cookie, the forms carry the masked token."""
    _result, text, _location = fetch(client, "GET", path, kind="first visit", audience=LOGGED_IN, want_text=True)
    if not (client.cookies or {}).get("csrftoken"):
        raise RuntimeError(f"{client.name}: no CSRF cookie after a first GET of {path}")
    match = CSRF_INPUT.search(text)
    client.csrf_token = match.group(1) if match else client.cookies["csrftoken"]


def in_parallel(function, items, threads: int = 8) -> None:
    items = list(items)
    lock = threading.Lock()
    failures = []

    def work():
        while True:
            with lock:
                if not items:
                    return
                item = items.pop()
            try:
                function(item)
            except Exception as exc:  # noqa: BLE001 - reported below, after the other threads finish
                failures.append(exc)

    pool = [threading.Thread(target=work) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    if failures:
        raise failures[0]


# --- Database, Redis, server ---


def create_database() -> None:
    import psycopg

    with psycopg.connect(f"{POSTGRES_URL}/postgres", autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{DATABASE_NAME}"')


def drop_database() -> None:
    import psycopg

    with psycopg.connect(f"{POSTGRES_URL}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{DATABASE_NAME}" WITH (FORCE)')


def redis_client():
    import redis

    return redis.Redis.from_url(REDIS_URL)


def page_copies(client) -> int:
    """Page copies in the cache: core.page_cache stores each under "page:<sha256>" (Django adds ":1:")."""
    return sum(1 for _key in client.scan_iter(match="*:page:*", count=1000))


def shared_versions(client) -> dict[str, int]:
    """The shared namespaces' version numbers (core.page_cache): how often each moved during the run says
    which copies the writes threw away (a bump of public-pages empties every page for everybody)."""
    from core.page_cache import FILTER_CHOICES, FOLLOW_COUNTS, PUBLIC_PAGES, STAR_COUNTS, TASK_PLACES
    from editions.roles import ROLES

    names = (PUBLIC_PAGES, TASK_PLACES, FOLLOW_COUNTS, STAR_COUNTS, FILTER_CHOICES, ROLES)
    numbers = {}
    for name in names:
        found = [key for key in client.scan_iter(match=f"*:page-version:{name}", count=1000)]
        numbers[name] = int(client.get(found[0])) if found else 0
    return numbers


def queued_jobs(client) -> int:
    """Jobs ever queued in the database (the emails; the stack's worker sends them meanwhile)."""
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.count()


# The rest of the Procfile's stack runs beside the web server, as on a one-machine deployment: the task
# worker sends the emails the writes queue, the scheduler runs its periodic jobs. BENCH_WITH_WORKER=0 leaves
# them out (the web processes alone, as when the worker runs on another machine).
COMPANIONS: list[subprocess.Popen] = []
WITH_WORKER = os.environ.get("BENCH_WITH_WORKER", "1") != "0"


def start_server(workers: int, access_log: Path | None = None) -> subprocess.Popen:
    """The Procfile's stack: gunicorn with config/gunicorn.conf.py (the bench's workers, port and access log
    given on the command line, which wins over the file), the task worker and the scheduler."""
    use_crowd_environment()
    from bench.run import ENV

    command = [
        str(BASE_DIR / ".venv/bin/gunicorn"),
        "config.wsgi",
        "--config",
        "config/gunicorn.conf.py",
        "--workers",
        str(workers),
        "--worker-class",
        WORKER_CLASS,
        "--bind",
        f"127.0.0.1:{PORT}",
        "--log-level",
        "warning",
    ]
    if access_log is not None:
        command += ["--access-logfile", str(access_log), "--access-logformat", "%({x-bench-id}i)s %(s)s %(D)s"]
    server = subprocess.Popen(command, cwd=BASE_DIR, env=ENV)
    manage = [str(BASE_DIR / ".venv/bin/python"), "manage.py"]
    for companion in (
        ["db_worker", "--worker-id", "bench-worker", "--interval", "1", "--no-reload"],
        ["run_scheduler"],
    ):
        COMPANIONS.append(
            subprocess.Popen(
                [*manage, *companion], cwd=BASE_DIR, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
        )
    # Ready when the workers have answered a few times (a worker's first answer takes a second or more).
    answered = 0
    deadline = time.monotonic() + 60
    while answered < 2 * workers:
        if server.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError("gunicorn did not start")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
            connection.request("GET", "/bench/minimal/")
            if connection.getresponse().status == 200:
                answered += 1
            connection.close()
        except OSError:
            time.sleep(0.1)
    return server


def stop_server(server: subprocess.Popen | None) -> None:
    while COMPANIONS:
        companion = COMPANIONS.pop()
        companion.terminate()
        try:
            companion.wait(timeout=30)
        except subprocess.TimeoutExpired:
            companion.kill()
    if server is None or server.poll() is not None:
        return
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


# --- The crowd: people, pages, writes ---


@dataclass
class Site:
    """What the crowd opens and writes to, read from the seeded database."""

    tasks: list[int]
    hot_tasks: list[int]
    writable_tasks: list[int]
    communities: list[tuple[int, str]]  # (pk, slug)
    tracks: list[int]
    sessions: list[int]
    board_filters: list[dict]
    schedule_filters: list[dict]
    feed_tokens: list[str]
    completions: list[tuple[str, int]]  # (desk code, sign-up pk): confirmed places the desk will confirm as done


@dataclass
class Crowd:
    """The browsers, and what the writer knows of each person's state (shared by its threads, under `lock`)."""

    people: list[Client]
    desk: list[Client]
    anonymous: list[Client]
    calendar_app: Client
    instrument: Client
    # Each person's sign-up, follows and stars, known from the start (prepare() reads them from the database).
    holding: dict[int, int] = field(default_factory=dict)  # person -> task pk of their sign-up
    following: set = field(default_factory=set)  # (person, kind, pk)
    busy: set = field(default_factory=set)  # people with a write in flight
    lock: threading.Lock = field(default_factory=threading.Lock)
    by_person: dict[int, Client] = field(default_factory=dict)
    # Logged-in readers come in turn (a shuffled round), so every person browses during the run.
    turns: object = None

    def __post_init__(self):
        self.by_person = {client.person: client for client in self.people}
        order = list(self.people)
        random.Random(5).shuffle(order)
        self.turns = itertools.cycle(order)

    def next_person(self) -> Client:
        with self.lock:
            return next(self.turns)


def new_session(user) -> str:
    """A logged-in session as django.contrib.auth.login leaves it, made server-side (no code by email)."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return session.session_key


def language(rng: random.Random) -> str:
    # COSCUP's public is mostly from Taiwan: most browsers ask for Traditional Chinese.
    return "zh-TW,zh;q=0.9,en;q=0.8" if rng.random() < 0.6 else "en-US,en;q=0.9"


def prepare(rng: random.Random):
    """The crowd's accounts, sessions, follows and feeds, and the addresses it will open."""
    import datetime

    from django.conf import settings
    from django.db.models import Q
    from django.utils import timezone

    from accounts.models import User
    from communities.models import Community
    from editions.selectors import current_edition
    from follows import services as follows_services
    from follows.models import CommunityFollow, SessionStar, TrackFollow
    from points.desk_codes import desk_code_for
    from schedule.models import Session, Track
    from schedule.selectors import schedule_filter_choices
    from volunteering import selectors as volunteering_selectors
    from volunteering.models import SignUp, SignUpStatus, Task, TaskCategory, TaskStatus

    edition = current_edition()
    now = timezone.now()
    fresh = User.objects.filter(email__startswith="person", is_active=True, sign_ups__isnull=True).order_by("pk")
    users = list(fresh[: PEOPLE + BURST_PEOPLE])
    if len(users) < PEOPLE + BURST_PEOPLE:
        raise RuntimeError(f"only {len(users)} accounts without sign-ups; need {PEOPLE + BURST_PEOPLE}")
    people, burst_people = users[:PEOPLE], users[PEOPLE:]
    desk_users = [User.objects.get(email="desk@example.org"), User.objects.get(email="staff@example.org")]

    upcoming = Task.objects.filter(edition=edition, status=TaskStatus.OPEN, starts_at__gt=now).order_by(
        "starts_at", "pk"
    )
    tasks = list(upcoming.values_list("pk", flat=True))
    cap = edition.max_volunteer_hours_per_day
    writable = [
        task.pk
        for task in upcoming.filter(starts_at__gt=now + datetime.timedelta(days=1)).filter(
            Q(signup_opens_at__isnull=True) | Q(signup_opens_at__lte=now)
        )
        if not cap or task.duration_hours <= cap
    ]
    communities = list(Community.objects.filter(is_active=True).order_by("slug").values_list("pk", "slug"))
    tracks = list(Track.objects.filter(edition=edition).order_by("pk").values_list("pk", flat=True))
    sessions = list(
        Session.objects.filter(edition=edition, is_scheduled=True)
        .order_by("starts_at", "pk")
        .values_list("pk", flat=True)
    )
    board_communities, board_tracks = volunteering_selectors.filter_choices(edition=edition)
    board_filters = (
        [{"day": day.isoformat()} for day in edition.days]
        + [{"category": value} for value in TaskCategory.values]
        + [{"community": pk} for pk, _name in board_communities]
        + [{"track": pk} for pk, _name in board_tracks]
        + [{"time": value} for value in ("morning", "afternoon", "evening")]
        + [{"open": "on"}, {"open": "on", "day": edition.days[0].isoformat()}]
        + [{"q": word} for word in SEARCH_WORDS]
        + [{"page": str(page)} for page in range(2, 6)]
    )
    schedule_tracks, schedule_communities = schedule_filter_choices(edition=edition)
    schedule_filters = [{"track": pk} for pk, _name in schedule_tracks] + [
        {"community": pk} for pk, _name in schedule_communities
    ]

    # What people follow and star before the day (so their own pages and feeds are not empty), on top of
    # what seed_demo gave some of them; the writer then knows every person's state.
    community_follows, track_follows, stars = [], [], []
    for user in people:
        for pk, _slug in rng.sample(communities, rng.randint(0, 2)):
            community_follows.append(CommunityFollow(user=user, community_id=pk))
        for pk in rng.sample(tracks, rng.randint(0, 2)):
            track_follows.append(TrackFollow(user=user, track_id=pk))
        for pk in rng.sample(sessions, rng.randint(2, 6)):
            stars.append(SessionStar(user=user, session_id=pk))
    CommunityFollow.objects.bulk_create(community_follows, ignore_conflicts=True)
    TrackFollow.objects.bulk_create(track_follows, ignore_conflicts=True)
    SessionStar.objects.bulk_create(stars, ignore_conflicts=True)
    following = (
        {
            (user, "community", pk)
            for user, pk in CommunityFollow.objects.filter(user__in=people).values_list("user", "community")
        }
        | {(user, "track", pk) for user, pk in TrackFollow.objects.filter(user__in=people).values_list("user", "track")}
        | {
            (user, "session", pk)
            for user, pk in SessionStar.objects.filter(user__in=people).values_list("user", "session")
        }
    )
    # A third subscribe to their calendar feed, plus bench/schedule_bench.py's feed person (100 items).
    feed_tokens = [follows_services.calendar_feed_for(user).token for user in people[::3]]

    # Confirmed places of other people (seed_demo's), for the desk to confirm as done.
    wanted = int(WRITES_PER_SECOND * (SECONDS + WARMUP_SECONDS) * 2) + 50
    places = (
        SignUp.objects.filter(task__edition=edition, status=SignUpStatus.CONFIRMED)
        .exclude(user__in=people)
        .select_related("user")
        .order_by("pk")[:wanted]
    )
    completions = [(desk_code_for(place.user).code, place.pk) for place in places]
    rng.shuffle(completions)

    clients = []
    for user in people:
        cookies = {settings.SESSION_COOKIE_NAME: new_session(user)}
        clients.append(Client(user.email, user.pk, cookies, language(rng)))
    desk = [Client(user.email, user.pk, {settings.SESSION_COOKIE_NAME: new_session(user)}) for user in desk_users]
    site = Site(
        tasks=tasks,
        hot_tasks=tasks[:HOT_TASKS],
        writable_tasks=writable,
        communities=communities,
        tracks=tracks,
        sessions=sessions,
        board_filters=board_filters,
        schedule_filters=schedule_filters,
        feed_tokens=feed_tokens,
        completions=completions,
    )
    crowd = Crowd(
        people=clients,
        desk=desk,
        anonymous=[Client(f"anonymous {n}", language=language(rng)) for n in range(20)],
        calendar_app=Client("calendar apps", language="en-US,en;q=0.9", etags={}),
        instrument=Client("instrument"),
        following=following,
    )
    return site, crowd, burst_people


def page_path(kind: str, site: Site, rng: random.Random) -> str:
    def task() -> int:
        return rng.choice(site.hot_tasks if rng.random() < 0.5 else site.tasks)

    if kind == "board":
        return "/one-day/"
    if kind == "board, filtered":
        query = dict(rng.choice(site.board_filters))
        if rng.random() < 0.3:
            query.update(rng.choice(site.board_filters))
        return "/one-day/?" + urlencode(query)
    if kind == "task page":
        return f"/one-day/tasks/{task()}/"
    if kind == "my one-day volunteering":
        return "/one-day/mine/"
    if kind == "community directory":
        return "/communities/"
    if kind == "community page":
        return f"/communities/{rng.choice(site.communities)[1]}/"
    if kind == "schedule":
        if site.schedule_filters and rng.random() < 0.25:
            return "/tracks/schedule/?" + urlencode(rng.choice(site.schedule_filters))
        return "/tracks/schedule/"
    if kind == "track page":
        return f"/tracks/{rng.choice(site.tracks)}/"
    if kind == "session page":
        pool = site.sessions[:HOT_SESSIONS] if rng.random() < 0.3 else site.sessions
        return f"/tracks/sessions/{rng.choice(pool)}/"
    if kind == "my follows":
        return "/follows/"
    if kind == "personal calendar feed":
        return f"/follows/calendar/{rng.choice(site.feed_tokens)}.ics"
    if kind == "minimal view":
        return "/bench/minimal/"
    raise ValueError(kind)


def pick(weights: dict, rng: random.Random):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def read_one(site: Site, crowd: Crowd, rng: random.Random) -> Result:
    audience = pick(AUDIENCES, rng)
    kind = pick(MIX[audience], rng)
    client = {
        ANONYMOUS: lambda: rng.choice(crowd.anonymous),
        LOGGED_IN: crowd.next_person,
        CALENDAR_APP: lambda: crowd.calendar_app,
        INSTRUMENT: lambda: crowd.instrument,
    }[audience]()
    return fetch(client, "GET", page_path(kind, site, rng), kind=kind, audience=audience)[0]


class Writer:
    """Writes at a fixed pace (slot n at start + n / rate), on a pool of threads; late slots go at once."""

    def __init__(self, site: Site, crowd: Crowd, rate: float):
        self.site, self.crowd, self.rate = site, crowd, rate
        self.slots = itertools.count()
        self.lock = threading.Lock()
        self.skipped = 0  # slots with nothing to do (no sign-up to cancel, no place left to complete)

    def run(self, started: float, stop_at: float, sink: list, rng: random.Random) -> None:
        while True:
            with self.lock:
                slot = next(self.slots)
            when = started + slot / self.rate
            if when >= stop_at:
                return
            time.sleep(max(0.0, when - time.monotonic()))
            sink.extend(self.write(rng))

    def _free_person(self, rng, *, holding: bool) -> Client | None:
        """Someone who holds a sign-up (or holds none), with no other write in flight; marked busy."""
        crowd = self.crowd
        with crowd.lock:
            if holding:
                candidates = [person for person in crowd.holding if person not in crowd.busy]
                client = crowd.by_person[rng.choice(candidates)] if candidates else None
            else:
                client = None
                for _ in range(50):
                    candidate = rng.choice(crowd.people)
                    if candidate.person not in crowd.busy and candidate.person not in crowd.holding:
                        client = candidate
                        break
            if client is not None:
                crowd.busy.add(client.person)
            return client

    def _post_and_follow(self, client: Client, path: str, kind: str, form: dict) -> list[Result]:
        result, _text, location = fetch(client, "POST", path, kind=kind, audience="writer", form=form)
        results = [result]
        if result.status in (301, 302, 303) and not result.error:
            target = urlsplit(location)
            after = target.path + (f"?{target.query}" if target.query else "")
            results.append(fetch(client, "GET", after, kind=AFTER_WRITE, audience="writer")[0])
        return results

    def write(self, rng: random.Random) -> list[Result]:
        crowd, site = self.crowd, self.site
        action = pick(WRITES, rng)
        with crowd.lock:
            if action == "cancellation" and not crowd.holding:
                action = "sign-up"
        if action == "sign-up":
            client = self._free_person(rng, holding=False)
            if client is None:
                self.skipped += 1
                return []
            task = rng.choice(site.hot_tasks if rng.random() < 0.5 else site.writable_tasks)
            if task not in site.writable_tasks:
                task = rng.choice(site.writable_tasks)
            try:
                results = self._post_and_follow(
                    client,
                    f"/one-day/tasks/{task}/sign-up/",
                    "write: sign-up",
                    {"csrfmiddlewaretoken": client.csrf_token},
                )
                if not results[0].error:
                    with crowd.lock:
                        crowd.holding[client.person] = task
                return results
            finally:
                with crowd.lock:
                    crowd.busy.discard(client.person)
        if action == "cancellation":
            client = self._free_person(rng, holding=True)
            if client is None:
                self.skipped += 1
                return []
            with crowd.lock:
                task = crowd.holding[client.person]
            try:
                results = self._post_and_follow(
                    client,
                    f"/one-day/tasks/{task}/cancel-sign-up/",
                    "write: cancellation",
                    {"csrfmiddlewaretoken": client.csrf_token},
                )
                if not results[0].error:
                    with crowd.lock:
                        del crowd.holding[client.person]
                return results
            finally:
                with crowd.lock:
                    crowd.busy.discard(client.person)
        if action == "completion (desk)":
            with crowd.lock:
                if not site.completions:
                    self.skipped += 1
                    return []
                code, sign_up = site.completions.pop()
            client = rng.choice(crowd.desk)
            return self._post_and_follow(
                client,
                f"/desk/people/{code}/sign-ups/{sign_up}/complete/",
                "write: completion (desk)",
                {"csrfmiddlewaretoken": client.csrf_token},
            )
        # Follows and stars, as follows.js sends them: the form's wanted state, asking for JSON.
        client = rng.choice(crowd.people)
        if action == "community follow":
            kind, pk = "community", rng.choice(site.communities)[0]
            path = f"/follows/communities/{pk}/toggle/"
        elif action == "track follow":
            kind, pk = "track", rng.choice(site.tracks)
            path = f"/follows/tracks/{pk}/toggle/"
        else:
            kind, pk = "session", rng.choice(site.sessions)
            path = f"/follows/sessions/{pk}/star/"
        key = (client.person, kind, pk)
        with crowd.lock:
            want = key not in crowd.following
            # The state is flipped before the answer comes, as the button does: a concurrent click sends the inverse.
            (crowd.following.add if want else crowd.following.discard)(key)
        form = {"csrfmiddlewaretoken": client.csrf_token, "following": "1" if want else "0"}
        headers = {"Accept": "application/json", "X-Requested-With": "fetch"}
        result = fetch(client, "POST", path, kind=f"write: {action}", audience="writer", form=form, headers=headers)[0]
        return [result]


def drive(seconds: float, site: Site, crowd: Crowd, seed: int) -> tuple[list[Result], float, float, Writer]:
    """Readers and the writer together for `seconds`: every result, when it started, how long it took, the writer."""
    sinks: list[list[Result]] = []
    failures: list[BaseException] = []
    started = time.monotonic()
    stop_at = started + seconds
    writer = Writer(site, crowd, WRITES_PER_SECOND)

    def reader(sink, rng):
        while time.monotonic() < stop_at:
            sink.append(read_one(site, crowd, rng))

    def guarded(target, *args):
        try:
            target(*args)
        except BaseException as exc:  # a bug in the instrument: crash after the other threads stop
            failures.append(exc)

    threads = []
    for n in range(READERS):
        sinks.append([])
        rng = random.Random(seed * 1000 + n)
        threads.append(threading.Thread(target=guarded, args=(reader, sinks[-1], rng)))
    for n in range(WRITER_THREADS if WRITES_PER_SECOND > 0 else 0):
        sinks.append([])
        rng = random.Random(seed * 1000 + 500 + n)
        threads.append(threading.Thread(target=guarded, args=(writer.run, started, stop_at, sinks[-1], rng)))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise failures[0]
    return [result for sink in sinks for result in sink], started, time.monotonic() - started, writer


# --- Figures ---


SLOW = 1.0  # seconds: a request this slow at the client counts in the tail line


class GcPauses:
    """The load generator's own garbage-collection pauses (gc.callbacks): every thread of it stops meanwhile,
    and each request in flight looks slower at the client by as much."""

    def __init__(self):
        self.pauses: list[tuple[int, float]] = []
        self._started = None

    def __call__(self, phase, info):
        if phase == "start":
            self._started = time.perf_counter()
        elif self._started is not None:
            self.pauses.append((info["generation"], time.perf_counter() - self._started))
            self._started = None


GC_PAUSES = GcPauses()


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def worker_times(access_log: Path) -> dict[int, float]:
    """request id -> seconds in the worker, from gunicorn's access log."""
    times = {}
    for line in access_log.read_text().splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[0].isdigit() and parts[2].isdigit():
            times[int(parts[0])] = int(parts[2]) / 1e6
    return times


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f}"


def database_counts(people: list[int]) -> dict[str, int]:
    from follows.models import CommunityFollow, SessionStar, TrackFollow
    from volunteering.models import SignUp, SignUpStatus

    counts = {
        f"crowd sign-ups {status}": SignUp.objects.filter(user__in=people, status=status).count()
        for status in (SignUpStatus.CONFIRMED, SignUpStatus.WAITLISTED, SignUpStatus.CANCELLED)
    }
    counts["completed places (all)"] = SignUp.objects.filter(status=SignUpStatus.COMPLETED).count()
    counts["crowd community follows"] = CommunityFollow.objects.filter(user__in=people).count()
    counts["crowd track follows"] = TrackFollow.objects.filter(user__in=people).count()
    counts["crowd session stars"] = SessionStar.objects.filter(user__in=people).count()
    return counts


def cache_counts(rows: list[Result]) -> tuple[int, int, int]:
    """(hits, misses, answered GETs without the header) by the page cache's X-Page-Cache header."""
    gets = [row for row in rows if row.status and not row.kind.startswith("write: ")]
    hits = sum(1 for row in gets if row.page_cache == "hit")
    misses = sum(1 for row in gets if row.page_cache == "miss")
    return hits, misses, len(gets) - hits - misses


def hit_rate(hits: int, misses: int) -> str:
    return f"{hits / (hits + misses):.0%}" if hits + misses else "n/a"


def report_crowd(results, started, elapsed, writer, times, redis_before, redis_after, copies, crowd) -> None:
    by_kind: dict[tuple[str, str], list[Result]] = defaultdict(list)
    for result in results:
        by_kind[(result.kind, result.audience)].append(result)

    def mean_worker(rows: list[Result]) -> float | None:
        found = [times[row.rid] for row in rows if row.rid in times]
        return statistics.fmean(found) if found else None

    minimal = mean_worker(by_kind[("minimal view", INSTRUMENT)])
    log(
        f"\n{'page kind (who)':52} {'n':>5} {'req/s':>6} {'p50':>5} {'p95':>5} {'p99':>5} {'err':>4}"
        f" {'worker':>7} {'vs min':>7} {'cache':>5} {'no':>4}   target: >= {TARGET_SHARE:.0%} of minimal, p95 <= "
        f"{ms(TARGET_P95)} ms, 0 errors"
    )
    log(f"{'':52} {'':>5} {'':>6} {'ms':>5} {'ms':>5} {'ms':>5} {'':>4} {'ms mean':>7} {'':>7} {'hit':>5} {'hdr':>4}")
    order = [
        (kind, audience) for audience in (INSTRUMENT, ANONYMOUS, LOGGED_IN, CALENDAR_APP) for kind in MIX[audience]
    ]
    order += [(f"write: {action}", "writer") for action in WRITES] + [(AFTER_WRITE, "writer")]
    for kind, audience in order:
        rows = by_kind.get((kind, audience), [])
        if not rows:
            continue
        latencies = [row.seconds for row in rows]
        errors = sum(1 for row in rows if row.error)
        worker = mean_worker(rows)
        share = minimal / worker if minimal and worker else None
        p95 = percentile(latencies, 0.95)
        misses = []
        if kind != "minimal view":
            if audience != "writer" and share is not None and share < TARGET_SHARE:
                misses.append("share")
            if p95 > TARGET_P95:
                misses.append("p95")
            if errors:
                misses.append("errors")
        verdict = "" if kind == "minimal view" else ("missed: " + ", ".join(misses) if misses else "met")
        label = f"{kind} ({audience})"
        if kind.startswith("write: "):
            cache_hit, no_header = "-", "-"  # POSTs: the page cache handles GETs only
        else:
            page_hits, page_misses, without = cache_counts(rows)
            cache_hit, no_header = hit_rate(page_hits, page_misses), str(without)
        log(
            f"{label:52} {len(rows):5d} {len(rows) / elapsed:6.1f} {ms(percentile(latencies, 0.5)):>5}"
            f" {ms(p95):>5} {ms(percentile(latencies, 0.99)):>5} {errors:4d}"
            f" {(f'{worker * 1000:.1f}' if worker else '-'):>7} {(f'{share:.0%}' if share else '-'):>7}"
            f" {cache_hit:>5} {no_header:>4}   {verdict}"
        )
    total_errors = [row for row in results if row.error]
    log(f"{'all requests':52} {len(results):5d} {len(results) / elapsed:6.1f} {'':>17} {len(total_errors):4d}")
    if total_errors:
        reasons = Counter(f"{row.kind}: {row.error}" for row in total_errors)
        for reason, count in reasons.most_common(8):
            log(f"    ! {count} x {reason}")
    log(
        "  req/s: achieved in this mix (a kind's share of the load, not its capacity). p50/p95/p99: at the load "
        "generator,\n  including the wait for a free worker. worker ms: gunicorn's time in the worker (access log). "
        "vs min: the minimal\n  view's mean worker time / the page's, i.e. the share of the minimal view's capacity "
        "the page would have alone.\n  cache hit: the page cache's X-Page-Cache header, hits / (hits + misses) of the "
        "answered GETs (n/a: no answer carried it;\n  -: POSTs). no hdr: answered GETs without it (not cacheable: a "
        "message waiting, no CSRF cookie yet, not a page-cached\n  view, an error page; and every 304, which keeps "
        "only the validators)."
    )
    matched = [row for row in results if row.rid in times]
    outside = [row.seconds - times[row.rid] for row in matched]
    log(
        f"  Workers busy {sum(times[row.rid] for row in matched) / (WORKERS * elapsed):.0%} of the run (worker times "
        f"/ {WORKERS} workers x {elapsed:.1f} s); time outside the worker (waiting for a free one, connecting, the "
        f"load\n  generator's own delays): median {ms(statistics.median(outside))} ms, p95 "
        f"{ms(percentile(outside, 0.95))} ms; {len(matched)} of {len(results)} requests found in the access log"
    )
    inside = [times[row.rid] for row in matched]
    slow = [row for row in matched if row.seconds >= SLOW]
    log(
        f"  Tail: in the worker p99 {ms(percentile(inside, 0.99))} ms, max {ms(max(inside))} ms; outside it p99 "
        f"{ms(percentile(outside, 0.99))} ms, max {ms(max(outside))} ms. {len(slow)} requests took {ms(SLOW)} ms or "
        f"more at the client, {sum(1 for row in slow if times[row.rid] >= SLOW / 2)} of them half of it in the worker"
    )
    pauses = [seconds for _generation, seconds in GC_PAUSES.pauses]
    oldest = [seconds for generation, seconds in GC_PAUSES.pauses if generation == 2]
    log(
        f"  The load generator's garbage collection paused it {len(pauses)} times ({ms(sum(pauses))} ms in all, "
        f"longest {ms(max(pauses, default=0))} ms; {len(oldest)} full collections)"
    )

    writes = [row for row in results if row.kind.startswith("write: ")]
    in_window = [row for row in writes if row.sent_at < started + SECONDS]
    writers = {row.person for row in writes if "desk" not in row.kind}
    readers = {row.person for row in results if row.person is not None and row.audience == LOGGED_IN}
    desk = {client.person for client in crowd.desk}
    log(
        f"\nWrites: target {WRITES_PER_SECOND:g}/s, achieved {len(in_window) / SECONDS:.1f}/s ({len(in_window)} POSTs "
        f"sent in the {SECONDS} s window, {len(writes) - len(in_window)} late after it; "
        f"{sum(1 for row in writes if row.error)} errors; {writer.skipped} slots with nothing to do) by "
        f"{len(writers)} different people, completions by {len(desk)} desk operators"
    )
    log(
        f"Distinct logged-in people in the run: {len(readers | writers)} of the {len(crowd.people)} with a session "
        f"({len(readers)} opened pages, {len(writers)} wrote)"
    )

    reads = [row for row in results if row.audience in (ANONYMOUS, LOGGED_IN, CALENDAR_APP)]
    after_writes = [row for row in results if row.kind == AFTER_WRITE]
    page_hits, page_misses, _without = cache_counts(reads + after_writes)
    log("\nCache hit rate (the page cache's X-Page-Cache header, answered GETs of the measured run):")
    if page_hits + page_misses == 0:
        log(
            "  n/a: no answer carried an X-Page-Cache header (the page cache does not send it in this version), so "
            "per page kind it is not known"
        )
    for label, rows in (("people's pages and feeds", reads), ("pages after a write", after_writes)):
        hits, misses, without = cache_counts(rows)
        statuses = Counter(row.status for row in rows if row.status and not row.page_cache)
        log(
            f"  {label}: {hit_rate(hits, misses)} ({hits} hits, {misses} misses; {without} without the header"
            + (f": HTTP {dict(sorted(statuses.items()))}" if statuses else "")
            + ")"
        )
    hits = redis_after["keyspace_hits"] - redis_before["keyspace_hits"]
    misses = redis_after["keyspace_misses"] - redis_before["keyspace_misses"]
    cached_gets = sum(1 for row in reads if row.status == 200)
    stored = copies[1] - copies[0]
    log(
        f"  secondary, Redis-wide (all keys: page copies, version numbers, sessions, roles, queued jobs; every client "
        f"of this Redis server): {hits / max(hits + misses, 1):.1%} ({hits} hits, {misses} misses)\n"
        f"  page copies stored in Redis during the run: {stored}"
        + (f" (the headers counted {page_misses} misses)" if page_hits + page_misses else "")
        + f", for {cached_gets} answered 200 GETs of people's pages and feeds: at most "
        f"{max(0.0, 1 - stored / max(cached_gets, 1)):.0%} served from a copy (upper bound)"
    )


def report_database(before: dict, after: dict) -> None:
    log(
        "Database after the run (what the writes did): "
        + "; ".join(f"{name} {before[name]} -> {after[name]}" for name in before)
    )


RENDER_KINDS = [
    ("board", ANONYMOUS),
    ("board", LOGGED_IN),
    ("board, filtered", ANONYMOUS),
    ("task page", ANONYMOUS),
    ("task page", LOGGED_IN),
    ("my one-day volunteering", LOGGED_IN),
    ("community directory", ANONYMOUS),
    ("community page", ANONYMOUS),
    ("schedule", ANONYMOUS),
    ("track page", ANONYMOUS),
    ("session page", ANONYMOUS),
    ("session page", LOGGED_IN),
    ("my follows", LOGGED_IN),
    ("personal calendar feed", CALENDAR_APP),
]


def uncached_renders(site: Site, crowd: Crowd) -> None:
    """Each page kind rendered RENDERS times in this process with the page cache missing."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client as DjangoClient
    from django.test.utils import CaptureQueriesContext

    from core.page_cache import PUBLIC_PAGES, bump

    rng = random.Random(11)
    log(
        f"\nUncached render time, in-process (Django test client, the server stopped), {RENDERS} renders per kind: "
        "the public-pages\nversion bumped before each, so the page copy and the fragments keyed on it miss (role "
        "answers and sessions stay cached, as on a running worker)"
    )
    log(f"{'page kind (who)':52} {'median':>7} {'p95':>7} {'queries':>8}   status")
    for kind, audience in RENDER_KINDS:
        client = DjangoClient(HTTP_HOST="127.0.0.1")
        if audience == LOGGED_IN:
            person = rng.choice(crowd.people)
            client.cookies[settings.SESSION_COOKIE_NAME] = person.cookies[settings.SESSION_COOKIE_NAME]
            client.get("/one-day/")  # the CSRF cookie, as the crowd's browsers have it
        times, statuses = [], Counter()
        for _ in range(RENDERS):
            path = page_path(kind, site, rng)
            bump(PUBLIC_PAGES)
            started = time.perf_counter()
            response = client.get(path)
            times.append(time.perf_counter() - started)
            statuses[response.status_code] += 1
        bump(PUBLIC_PAGES)
        with CaptureQueriesContext(connection) as queries:
            client.get(page_path(kind, site, rng))
        log(
            f"{kind + f' ({audience})':52} {ms(statistics.median(times)):>7} {ms(percentile(times, 0.95)):>7}"
            f" {len(queries):8d}   {dict(statuses)}"
        )


def burst(burst_people, cache) -> None:
    """BURST_PEOPLE people POST a sign-up for one BURST_PLACES-place task at the same instant."""
    import datetime

    from django.conf import settings
    from django.utils import timezone

    from accounts.models import User
    from editions.selectors import current_edition
    from volunteering.models import SignUp, SignUpStatus, Task

    start = timezone.now() + datetime.timedelta(days=3)
    task = Task.objects.create(
        edition=current_edition(),
        title="Crowd burst",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=1),
        headcount=BURST_PLACES,
        points=10,
        requester=User.objects.get(email="staff@example.org"),
    )
    clients = [Client(user.email, user.pk, {settings.SESSION_COOKIE_NAME: new_session(user)}) for user in burst_people]
    server = start_server(BURST_WORKERS)
    jobs_before = queued_jobs(cache)
    try:
        in_parallel(lambda client: first_visit(client, task.get_absolute_url()), clients)
        barrier = threading.Barrier(len(clients))
        results: list[Result] = []
        lock = threading.Lock()

        def post(client: Client) -> None:
            barrier.wait()
            result = fetch(
                client,
                "POST",
                f"/one-day/tasks/{task.pk}/sign-up/",
                kind="burst",
                audience="writer",
                form={"csrfmiddlewaretoken": client.csrf_token},
                timeout=30,
            )[0]
            with lock:
                results.append(result)

        threads = [threading.Thread(target=post, args=(client,)) for client in clients]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
    finally:
        stop_server(server)
    latencies = [result.seconds for result in results]
    errors = [result for result in results if result.error]
    confirmed = SignUp.objects.filter(task=task, status=SignUpStatus.CONFIRMED).count()
    waitlisted = SignUp.objects.filter(task=task, status=SignUpStatus.WAITLISTED).count()
    p95 = percentile(latencies, 0.95)
    met = p95 <= TARGET_BURST_P95 and not errors and confirmed == BURST_PLACES
    log(
        f"\nBurst: {len(clients)} people (each with their own session and CSRF cookie, none of the crowd) POST a "
        f"sign-up for one {BURST_PLACES}-place task\nat the same instant; gunicorn {BURST_WORKERS} {WORKER_CLASS} "
        f"workers, PostgreSQL, Redis, TASKS_BACKEND={TASKS_BACKEND}; all answered in {elapsed:.2f} s"
    )
    log(
        f"  p50 {ms(percentile(latencies, 0.5))} ms, p95 {ms(p95)} ms, max {ms(max(latencies))} ms; "
        f"HTTP {dict(Counter(result.status for result in results))}; {len(errors)} errors; "
        f"{confirmed} confirmed, {waitlisted} waitlisted; {queued_jobs(cache) - jobs_before} emails queued "
        "(the stack's worker sends them)"
    )
    log(
        f"  target: p95 <= {TARGET_BURST_P95:g} s, 0 errors, exactly {BURST_PLACES} confirmed: "
        + ("met" if met else "missed")
    )
    for reason, count in Counter(result.error for result in errors).most_common(5):
        log(f"    ! {count} x {reason}")


def main() -> None:
    started = time.monotonic()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # clean up on `kill` too (the finally below)
    cache = redis_client()
    server = None
    database_created = False
    workdir = tempfile.TemporaryDirectory(prefix="bench-crowd-")
    try:
        log(f"Crowd benchmark: fresh PostgreSQL database {DATABASE_NAME}, Redis {REDIS_URL} (flushed)")
        cache.flushdb()
        create_database()
        database_created = True
        use_crowd_environment()
        from bench.run import manage, setup_django

        seed_started = time.monotonic()
        manage("migrate", "--noinput", "-v0")
        manage("collectstatic", "--noinput", "-v0")
        manage("seed_demo", "--scale", str(SCALE))
        setup_django()

        from django.conf import settings
        from django.db import connection

        from accounts.models import User
        from bench.schedule_bench import ensure_feed_user, ensure_page_data
        from volunteering.models import SignUp, Task

        programme = ensure_page_data()
        feed_user, feed_token, feed_items = ensure_feed_user()
        rng = random.Random(2027)
        site, crowd, burst_people = prepare(rng)
        site.feed_tokens.append(feed_token)
        with connection.cursor() as cursor:
            # Planner statistics, as autovacuum keeps them on a database that has been running: right after
            # the bulk seed the planner thinks every table has one row and joins the whole board to sort it.
            cursor.execute("ANALYZE")
            cursor.execute("SHOW server_version")
            postgres_version = cursor.fetchone()[0]
        redis_version = cache.info("server")["redis_version"]
        log(
            f"  data: seed_demo --scale {SCALE}: {User.objects.count()} accounts, {Task.objects.count()} tasks, "
            f"{SignUp.objects.count()} sign-ups; {programme.sessions} scheduled sessions in {programme.tracks} "
            f"tracks ({programme.origin}); prepared in {time.monotonic() - seed_started:.0f} s"
        )
        log(
            f"  database: PostgreSQL {postgres_version} (ANALYZE after seeding), "
            f"CONN_MAX_AGE={settings.DATABASES['default']['CONN_MAX_AGE']}; "
            f"cache: Redis {redis_version} (shared cache, page copies, sessions: {settings.SESSION_ENGINE}), "
            f"PAGE_CACHE_SECONDS={settings.PAGE_CACHE_SECONDS}"
        )
        log(
            f"  server: gunicorn, {WORKERS} {WORKER_CLASS} workers on {os.cpu_count()} cores, DEBUG={settings.DEBUG}, "
            f"PRODUCTION=false (http, development key), TASKS_BACKEND={settings.TASKS_BACKEND} (emails queued in "
            f"the database with the sign-up and sent by the stack's worker, as in production), EMAIL_URL=dummymail://"
        )
        if settings.TASKS_BACKEND != TASKS_BACKEND:
            raise RuntimeError(f"TASKS_BACKEND is {settings.TASKS_BACKEND}, not {TASKS_BACKEND}")
        log(
            f"  crowd: {len(crowd.people)} logged-in people (own session + CSRF cookie), anonymous visitors without "
            f"cookies ({AUDIENCES[ANONYMOUS] / (AUDIENCES[ANONYMOUS] + AUDIENCES[LOGGED_IN]):.0%} of people's page "
            f"views), calendar apps on {len(site.feed_tokens)} personal feeds ({feed_user.email}: {feed_items} "
            f"items), 2 desk operators; minimal view: {AUDIENCES[INSTRUMENT]} % of reads"
        )
        log(
            f"  load: {READERS} reader threads (closed loop, no think time) + writer at {WRITES_PER_SECOND:g} "
            f"writes/s on {WRITER_THREADS} threads, Python http.client, a new connection per request, on the same "
            f"machine;\n  {WARMUP_SECONDS} s warm-up, then {SECONDS} s measured; load average {os.getloadavg()[0]:.1f}"
        )

        access_log = Path(workdir.name) / "access.log"
        server = start_server(WORKERS, access_log)
        in_parallel(first_visit, crowd.people + crowd.desk)
        if WARMUP_SECONDS:
            drive(WARMUP_SECONDS, site, crowd, seed=1)
        people_pks = [client.person for client in crowd.people]
        before = database_counts(people_pks)
        redis_before, copies_before, jobs_before = cache.info("stats"), page_copies(cache), queued_jobs(cache)
        versions_before = shared_versions(cache)
        gc.callbacks.append(GC_PAUSES)
        results, run_started, elapsed, writer = drive(SECONDS, site, crowd, seed=2)
        gc.callbacks.remove(GC_PAUSES)
        redis_after, copies_after, jobs_after = cache.info("stats"), page_copies(cache), queued_jobs(cache)
        versions_after = shared_versions(cache)
        load_after = os.getloadavg()[0]
        stop_server(server)
        server = None
        log(
            f"\nCrowd with writes: {elapsed:.1f} s measured, {WORKERS} {WORKER_CLASS} workers, PostgreSQL + Redis; "
            f"load average at the end {load_after:.1f} (2 cores)"
        )
        copies = (copies_before, copies_after)
        times = worker_times(access_log)
        report_crowd(results, run_started, elapsed, writer, times, redis_before, redis_after, copies, crowd)
        report_database(before, database_counts(people_pks))
        log(
            f"Emails queued (database; the stack's worker sends them): {jobs_after - jobs_before} jobs in the run, "
            f"{jobs_after} queued since the start"
        )
        moved = ", ".join(f"{name} {versions_after[name] - versions_before[name]}" for name in versions_after)
        log(f"Shared versions bumped during the run (each bump throws away the copies that follow it): {moved}")

        uncached_renders(site, crowd)
        burst(burst_people, cache)
        log(f"\nCrowd benchmark done in {time.monotonic() - started:.0f} s (figures, not assertions).")
    finally:
        stop_server(server)
        try:
            from django.db import connections

            connections.close_all()
        except Exception:  # noqa: BLE001 - Django may not be set up yet
            pass
        if database_created:
            drop_database()
        cache.flushdb()
        workdir.cleanup()


if __name__ == "__main__":
    main()
