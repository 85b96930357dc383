"""What an operator relies on: /healthz checks the shared cache too; logs can be JSON lines."""

import json
import logging
import sys

import pytest

from somatics.logs import JsonFormatter

from .conftest import free_port


@pytest.fixture
def shared_cache(settings, tmp_path):
    """A cache outside the process (files here; Redis in production), so /healthz checks it."""
    from django.core.cache import caches

    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "cache"),
        },
    }
    yield
    caches["default"].close()


def test_healthz_reports_a_shared_cache(client, db, shared_cache):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


def test_healthz_is_503_when_the_redis_cache_is_down(client, db, settings):
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        },
    }

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "ok", "cache": "unreachable"}


def test_healthz_does_not_check_a_cache_kept_in_the_database(client, db):
    assert "cache" not in client.get("/healthz").json()


def test_json_log_lines_carry_level_logger_message_and_exception():
    record = logging.LogRecord("somatics", logging.ERROR, __file__, 1, "failed %s", ("x",), None)
    try:
        raise ValueError("boom")
    except ValueError:
        record.exc_info = sys.exc_info()

    entry = json.loads(JsonFormatter().format(record))

    assert entry["level"] == "ERROR" and entry["logger"] == "somatics"
    assert entry["message"] == "failed x"
    assert "ValueError: boom" in entry["exception"]
    assert entry["time"].endswith("+00:00")


def test_json_access_log_lines_carry_the_request():
    atoms = {"m": "GET", "U": "/routines/", "q": "q=psoas", "s": "200", "M": 12, "a": 'ua \\"x\\"'}
    record = logging.LogRecord("gunicorn.access", logging.INFO, "", 0, "%(m)s", (atoms,), None)

    entry = json.loads(JsonFormatter().format(record))

    assert entry["method"] == "GET" and entry["path"] == "/routines/"
    assert entry["query"] == "q=psoas" and entry["status"] == "200"
    assert entry["duration_ms"] == 12 and entry["user_agent"] == 'ua "x"'
