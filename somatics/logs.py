"""
Structured logs: one JSON object per line (LOG_FORMAT=json), for a log collector to index.

Used by Django's LOGGING and by gunicorn (gunicorn.conf.py), so that application records and
the access log of every app server arrive in one shape.
"""

import json
import logging
from datetime import UTC, datetime

# gunicorn hands each access record its request "atoms" as a dict; these become fields.
ACCESS_FIELDS = {
    "h": "remote_addr",
    "{x-forwarded-for}i": "forwarded_for",
    "m": "method",
    "U": "path",
    "q": "query",
    "s": "status",
    "B": "bytes",
    "M": "duration_ms",
    "f": "referer",
    "a": "user_agent",
}


class JsonFormatter(logging.Formatter):
    """time, level, logger and message; the request's fields for gunicorn's access log."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.name == "gunicorn.access" and isinstance(record.args, dict):
            for atom, field in ACCESS_FIELDS.items():
                value = record.args.get(atom)
                if isinstance(value, str):
                    value = value.replace('\\"', '"')  # gunicorn escaped it for a text line
                if value not in (None, "", "-"):
                    entry[field] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class QuietStaticFiles(logging.Filter):
    """
    The development server's request log without the static files it served: a page brings a
    stylesheet, scripts and icons, mostly answered 304, which buried the lines worth reading
    (the task worker's, errors, the emails). Failures (4xx, 5xx) of static files stay.
    """

    QUIET_PREFIXES = ("/static/", "/favicon.ico")

    def filter(self, record: logging.LogRecord) -> bool:
        request_line = str(record.args[0]) if isinstance(record.args, tuple) and record.args else ""
        parts = request_line.split(" ")
        path = parts[1] if len(parts) > 1 else ""
        status = getattr(record, "status_code", 0) or 0
        return not (path.startswith(self.QUIET_PREFIXES) and status < 400)
