"""`make run`'s log stays readable: no static-file lines, emails saved and announced with links."""

import logging

import pytest
from django.core import mail
from django.test import override_settings

from somatics.logs import QuietStaticFiles


def server_record(request_line: str, status: int) -> logging.LogRecord:
    """A record as runserver's request handler logs it."""
    record = logging.LogRecord(
        "django.server", logging.INFO, __file__, 1, '"%s" %s %s', (request_line, status, 10), None
    )
    record.status_code = status
    return record


@pytest.mark.parametrize(
    "request_line, status, shown",
    [
        ("GET /static/css/site.css HTTP/1.1", 304, False),
        ("GET /static/js/steps.js HTTP/1.1", 200, False),
        ("GET /favicon.ico HTTP/1.1", 200, False),
        ("GET /static/css/missing.css HTTP/1.1", 404, True),
        ("GET /routines/ HTTP/1.1", 200, True),
        ("POST /accounts/signup/ HTTP/1.1", 302, True),
    ],
)
def test_the_server_log_leaves_out_static_files_served_well(request_line, status, shown):
    assert QuietStaticFiles().filter(server_record(request_line, status)) is shown


def test_the_server_logger_uses_the_filter():
    from django.conf import settings

    assert settings.LOGGING["loggers"]["django.server"]["filters"] == ["quiet_static"]


def test_an_email_on_a_laptop_is_saved_and_its_links_logged(tmp_path, caplog):
    with override_settings(
        EMAIL_BACKEND="somatics.mail.DevelopmentEmailBackend", EMAIL_FILE_PATH=str(tmp_path)
    ):
        with caplog.at_level(logging.INFO, logger="somatics.mail"):
            mail.send_mail(
                "Confirm your email address",
                "Hello,\nconfirm here: http://127.0.0.1:8000/accounts/confirm-email/abc-123/\n",
                "Somatics Library <library@localhost>",
                ["mara@example.com"],
            )

    (saved,) = tmp_path.iterdir()
    text = saved.read_text()
    assert "To: mara@example.com" in text
    assert "http://127.0.0.1:8000/accounts/confirm-email/abc-123/" in text  # whole, unbroken
    assert "mara@example.com" in caplog.text
    assert "\n    http://127.0.0.1:8000/accounts/confirm-email/abc-123/" in caplog.text
