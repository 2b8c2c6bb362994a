import json
import logging
import logging.config
import re

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import OperationalError, connection
from django.urls import reverse

from config.logging import log_format_is_json, logging_config
from core.request_logging import RefusalsWithoutTraceback, RequestIdFilter
from editions.selectors import current_edition

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

GENERATED_ID = re.compile(r"[0-9a-f]{32}")


def _request_lines(caplog) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.name == "cvp.request"]


def _formatter(*, json_logs: bool) -> logging.Formatter:
    config = logging_config(json_logs=json_logs, level="INFO")
    name = config["handlers"]["console"]["formatter"]
    return logging.config.DictConfigurator(config).configure_formatter(config["formatters"][name])


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__()
        self.records = []
        self.addFilter(RequestIdFilter())

    def emit(self, record):
        self.records.append(record)


@pytest.fixture
def collected():
    handler, logger = _Collect(), logging.getLogger()
    logger.addHandler(handler)
    yield handler.records
    logger.removeHandler(handler)


def test_request_id_from_a_sane_header_is_kept(client):
    response = client.get(reverse("health"), headers={"X-Request-ID": "lb-7f3a.2_B"})

    assert response["X-Request-ID"] == "lb-7f3a.2_B"


@pytest.mark.parametrize("incoming", ["two words", "a" * 65, "id\nforged: header", "ünïcode", ""])
def test_request_id_from_an_insane_header_is_replaced(client, incoming):
    response = client.get(reverse("health"), headers={"X-Request-ID": incoming})

    assert GENERATED_ID.fullmatch(response["X-Request-ID"])


def test_request_id_is_generated_without_a_header(client):
    first, second = client.get(reverse("health")), client.get(reverse("health"))

    assert GENERATED_ID.fullmatch(first["X-Request-ID"])
    assert first["X-Request-ID"] != second["X-Request-ID"]


def test_request_log_is_one_line_with_the_fields(client, caplog):
    caplog.set_level(logging.INFO, logger="cvp.request")

    response = client.get(reverse("health") + "?token=s3cret", headers={"X-Request-ID": "req-1"})

    [line] = _request_lines(caplog)
    assert line.levelno == logging.INFO
    assert (line.request_id, line.method, line.path, line.status, line.user_id, line.size) == (
        "req-1",
        "GET",
        "/health/",
        200,
        None,
        len(response.content),
    )
    assert isinstance(line.duration_ms, float) and line.duration_ms == round(line.duration_ms, 1)
    assert "s3cret" not in line.getMessage()


def test_request_log_names_the_logged_in_user(client, caplog, user):
    caplog.set_level(logging.INFO, logger="cvp.request")
    client.force_login(user)

    client.get(reverse("accounts:profile"))  # a page that reads the user (the health probe does not)

    assert [line.user_id for line in _request_lines(caplog)] == [user.pk]


def test_request_log_masks_secret_tokens_in_the_path(client, caplog):
    caplog.set_level(logging.INFO, logger="cvp.request")

    response = client.get(reverse("follows:calendar-feed", args=["Sup3rSecretFeedToken"]))

    [line] = _request_lines(caplog)
    assert (line.path, line.status) == ("/follows/calendar/<token>.ics", response.status_code)
    assert "Sup3rSecretFeedToken" not in line.getMessage()


def test_request_id_is_on_every_line_written_during_the_request(client, collected):
    current_edition()  # the middleware's read of the editions is cached before the database "fails"

    def refuse(execute, sql, params, many, context):
        raise OperationalError("down")

    with connection.execute_wrapper(refuse):
        response = client.get(reverse("health"), headers={"X-Request-ID": "req-2"})

    # The health check's warning and Django's line for the 503 (other loggers, no `extra`) carry it too.
    assert [(record.name, record.request_id) for record in collected] == [
        ("cvp.health", "req-2"),
        ("cvp.request", "req-2"),
        ("django.request", "req-2"),
    ]
    assert response.status_code == 503


def test_request_id_is_none_outside_a_request(client, collected):
    client.get(reverse("health"), headers={"X-Request-ID": "req-4"})

    logging.getLogger("cvp.health").warning("After the request")

    assert [(record.name, record.request_id) for record in collected] == [
        ("cvp.request", "req-4"),
        ("cvp.health", None),
    ]


def test_json_log_line_has_the_fields(client, caplog):
    caplog.set_level(logging.INFO, logger="cvp.request")
    client.get(reverse("health"), headers={"X-Request-ID": "req-3"})
    [line] = _request_lines(caplog)

    written = json.loads(_formatter(json_logs=True).format(line))

    assert sorted(written) == [
        "duration_ms",
        "level",
        "logger",
        "message",
        "method",
        "path",
        "request_id",
        "size",
        "status",
        "timestamp",
        "user_id",
    ]
    assert {key: written[key] for key in ("level", "logger", "request_id", "method", "path", "status", "user_id")} == {
        "level": "INFO",
        "logger": "cvp.request",
        "request_id": "req-3",
        "method": "GET",
        "path": "/health/",
        "status": 200,
        "user_id": None,
    }


def test_json_log_line_leaves_out_djangos_request_object():
    record = logging.LogRecord("django.request", logging.WARNING, __file__, 1, "Not Found: %s", ("/x",), None)
    record.request = object()  # as django.request passes it (its text would show the query string)
    record.status_code = 404

    written = json.loads(_formatter(json_logs=True).format(record))

    assert (written["message"], written["status_code"], "request" in written) == ("Not Found: /x", 404, False)


def test_text_log_line_is_readable(client, caplog):
    caplog.set_level(logging.INFO, logger="cvp.request")
    client.get(reverse("health"))
    [line] = _request_lines(caplog)

    written = _formatter(json_logs=False).format(line)

    assert re.search(r" INFO cvp\.request: GET /health/ 200 \d+\.\d ms$", written)


def test_logging_config_level_and_format():
    config = logging_config(json_logs=True, level="warning")

    assert (config["root"]["level"], config["handlers"]["console"]["formatter"]) == ("WARNING", "json")


@pytest.mark.parametrize(("value", "is_json"), [("json", True), ("JSON", True), ("text", False)])
def test_log_format_values(value, is_json):
    assert log_format_is_json(value) is is_json


def test_log_format_typo_stops_the_start():
    with pytest.raises(ImproperlyConfigured, match="LOG_FORMAT"):
        log_format_is_json("jsno")


def test_a_refusal_is_logged_as_a_line_without_a_traceback(client, collected, user):
    client.force_login(user)

    response = client.get(reverse("figures:index"))  # PermissionDenied: staff only

    assert response.status_code == 403
    refusals = [record for record in collected if record.name == "django.request"]
    assert [(record.status_code, record.exc_info) for record in refusals] == [(403, None)]


def test_a_server_error_keeps_its_traceback():
    record = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "Internal Server Error", (), None)
    record.status_code = 500
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        import sys

        record.exc_info = sys.exc_info()

    assert RefusalsWithoutTraceback().filter(record)
    assert record.exc_info is not None
