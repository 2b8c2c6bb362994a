"""Hostile schedule sources (issue 9, point 9): an import has an overall deadline and a size cap, and says
which one it hit. The sources are small HTTP servers on 127.0.0.1 in a thread; nothing leaves the machine."""

import contextlib
import gzip
import http.server
import json
import threading
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from schedule.forms import ImportForm
from schedule.models import ImportStatus, Session
from schedule.pretalx import (
    ApiSource,
    PretalxClient,
    PretalxError,
    ScheduleJsonSource,
    UploadedScheduleJson,
    size_text,
)
from schedule.services import import_schedule
from tests.schedule.conftest import FIXTURES, load

pytestmark = pytest.mark.integration

DEADLINE = 1  # seconds, in these tests
MAX_BYTES = 100 * 1024
SCHEDULE = (FIXTURES / "schedule.json").read_bytes()


@pytest.fixture(autouse=True)
def small_limits(settings, monkeypatch):
    settings.SCHEDULE_IMPORT_DEADLINE_SECONDS = DEADLINE
    settings.SCHEDULE_IMPORT_MAX_BYTES = MAX_BYTES
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")  # never through a proxy someone configured


class Handler(http.server.BaseHTTPRequestHandler):
    """Answers GET with ``self.server.answer(handler)``; stops dripping when the test is over."""

    protocol_version = "HTTP/1.1"

    def do_GET(self):  # noqa: N802 - the name http.server calls
        with contextlib.suppress(OSError):  # the client hung up: what the deadline does
            self.server.answer(self)

    def log_message(self, *args):
        pass

    def drip(self, data: bytes, every: float):
        for byte in data:
            if self.server.over.is_set():
                return
            self.wfile.write(bytes([byte]))
            self.wfile.flush()
            time.sleep(every)

    def send_body(self, body: bytes, *, length=True, headers=()):
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        for name, value in headers:
            self.send_header(name, value)
        if length:
            self.send_header("Content-Length", str(len(body)))
        else:
            self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)
        self.wfile.flush()


@pytest.fixture
def serve():
    """``serve(answer)`` starts a local server answering every GET with ``answer(handler)``; gives its address."""
    servers = []

    def start(answer):
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        server.answer = answer
        server.over = threading.Event()
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield start
    for server in servers:
        server.over.set()
        server.shutdown()
        server.server_close()


def fetch_error(source) -> tuple[str, float]:
    started = time.monotonic()
    with pytest.raises(PretalxError) as error:
        source.fetch()
    return str(error.value), time.monotonic() - started


def too_slow(url):
    return (
        f"The import took longer than {DEADLINE} s (SCHEDULE_IMPORT_DEADLINE_SECONDS) and stopped while reading {url}."
    )


def too_large(url):
    return f"{url} is larger than 100 KB (SCHEDULE_IMPORT_MAX_BYTES)."


# --- the deadline ---


def test_a_source_dripping_from_its_first_byte_stops_at_the_deadline(serve):
    base = serve(lambda handler: handler.drip(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n" * 50, 0.1))
    url = f"{base}/schedule.json"

    error, elapsed = fetch_error(ScheduleJsonSource(location=url))

    assert error == too_slow(url)
    assert elapsed < DEADLINE + 1.5


def test_a_body_dripping_a_byte_at_a_time_stops_at_the_deadline(serve):
    def answer(handler):
        handler.send_response(200)
        handler.send_header("Content-Length", str(len(SCHEDULE)))
        handler.end_headers()
        handler.drip(SCHEDULE, 0.05)

    url = f"{serve(answer)}/schedule.json"

    error, elapsed = fetch_error(ScheduleJsonSource(location=url))

    assert error == too_slow(url)
    assert elapsed < DEADLINE + 1.5


def test_a_source_that_never_answers_stops_at_the_deadline(serve):
    url = f"{serve(lambda handler: handler.server.over.wait(10))}/schedule.json"

    error, elapsed = fetch_error(ScheduleJsonSource(location=url))

    assert error == too_slow(url)
    assert elapsed < DEADLINE + 1.5


def test_the_deadline_covers_every_request_of_an_import(serve):
    event = "/api/events/coscup-2026/"
    answers = {
        event: load("event.json"),
        f"{event}tracks/": load("tracks.json"),
        f"{event}rooms/": load("rooms.json"),
        f"{event}schedules/latest/": load("schedule.latest.expanded.json"),
    }

    def answer(handler):
        time.sleep(0.4)  # each answer is quick enough on its own, all four are not
        handler.send_body(json.dumps(answers[handler.path.split("?")[0]]).encode())

    base = serve(answer)

    error, elapsed = fetch_error(ApiSource(base_url=base, event_slug="coscup-2026"))

    # Rooms is the third answer (1.2 s in); on a loaded machine the second may already be past 1 s. Either
    # way a request that alone was quick enough is cut: the deadline covers the import, not one request.
    assert error in (too_slow(f"{base}{event}tracks/"), too_slow(f"{base}{event}rooms/"))
    assert elapsed < DEADLINE + 1.5


# --- the size cap ---


def test_an_answer_declaring_a_large_body_is_refused_before_it_is_read(serve):
    url = f"{serve(lambda handler: handler.send_body(b' ' * (MAX_BYTES + 1)))}/schedule.json"

    error, _elapsed = fetch_error(ScheduleJsonSource(location=url))

    assert error == too_large(url)


def test_a_large_body_without_a_length_stops_at_the_cap(serve):
    url = f"{serve(lambda handler: handler.send_body(b' ' * (5 * MAX_BYTES), length=False))}/schedule.json"

    error, _elapsed = fetch_error(ScheduleJsonSource(location=url))

    assert error == too_large(url)


def test_a_compressed_body_counts_what_it_unpacks_to(serve):
    bomb = gzip.compress(b" " * (50 * MAX_BYTES))
    assert len(bomb) < MAX_BYTES
    url = f"{serve(lambda handler: handler.send_body(bomb, headers=[('Content-Encoding', 'gzip')]))}/schedule.json"

    error, _elapsed = fetch_error(ScheduleJsonSource(location=url))

    assert error == too_large(url)


def test_a_large_local_file_is_refused(tmp_path):
    path = tmp_path / "schedule.json"
    path.write_bytes(b" " * (MAX_BYTES + 1))

    error, _elapsed = fetch_error(ScheduleJsonSource(location=str(path)))

    assert error == too_large(path)


def test_a_large_upload_is_refused_by_the_form_and_by_the_source():
    content = b" " * (MAX_BYTES + 1)
    form = ImportForm({"source": "upload"}, {"file": SimpleUploadedFile("schedule.json", content, "application/json")})

    assert not form.is_valid()
    assert form.errors["file"] == ["The file is larger than 100 KB, the most an import reads."]
    assert fetch_error(UploadedScheduleJson(name="schedule.json", content=content))[0] == too_large("schedule.json")


def test_the_size_cap_is_worded_as_people_read_it():
    assert [size_text(n) for n in (20 * 1024 * 1024, 100 * 1024, 1536, 12)] == ["20 MB", "100 KB", "1.5 KB", "12 B"]


# --- within the limits, and what an import records ---


def test_a_good_source_is_imported_through_the_real_client(serve, edition, settings):
    settings.SCHEDULE_IMPORT_MAX_BYTES = 20 * 1024 * 1024
    url = f"{serve(lambda handler: handler.send_body(SCHEDULE))}/schedule.json"
    lines = []

    run = import_schedule(edition=edition, source=ScheduleJsonSource(location=url), progress=lines.append)

    assert (run.ok, run.created) == (True, 21)
    assert [line["msgid"] for line in lines] == [
        "Fetching %(url)s",
        "Received %(size)s from %(url)s",
        "Applying %(rooms)s rooms, %(tracks)s tracks and %(sessions)s sessions…",
    ]
    assert lines[1]["params"]["size"] == size_text(len(SCHEDULE))


def test_a_source_over_the_deadline_changes_nothing_and_the_run_says_which_limit(serve, edition):
    base = serve(lambda handler: handler.drip(b"HTTP/1.1 200 OK\r\n" * 50, 0.1))
    url = f"{base}/schedule.json"

    run = import_schedule(edition=edition, source=url)

    assert (run.status, run.ok, run.error) == (ImportStatus.FAILED, False, too_slow(url))
    assert Session.objects.count() == 0


def test_the_client_checks_the_deadline_before_each_request():
    client = PretalxClient(http=object())
    client.limits.ends = time.monotonic() - 1

    with pytest.raises(PretalxError) as error:
        client.get_json("https://x.test/a/")

    assert str(error.value) == too_slow("https://x.test/a/")
