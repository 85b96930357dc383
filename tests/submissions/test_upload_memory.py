"""
Posting a 200 MB video through the real submit view keeps the process's memory growth under
32 MB: the request body streams from the socket to a temporary file, never into memory.

Django's test Client builds a multipart body in memory (200 MB of its own), which would swamp
the measurement. So the body is written to disk here, as a browser would send it, and handed to
Django's request handler as `wsgi.input`, the way a WSGI server hands over its socket. The
handler is the test Client's own (it keeps the test's database connection open) with CSRF checks
on, so the request passes through every middleware and decorator the real site has.

Two measures, both around the one request after a warm-up: Python's own allocations
(tracemalloc, peak minus start) and, on Linux, the process's peak resident memory (VmHWM, reset
through /proc/self/clear_refs), which also counts FFmpeg's buffers while the file is probed.
"""

import html
import os
import sys
import tracemalloc
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.test.client import ClientHandler

from submissions import uploads
from submissions.models import Submission
from tests.perf.memory import peak_rss, reset_peak_rss, rss

from .forms import written
from .videos import make_video

pytestmark = pytest.mark.django_db

MB = 1024 * 1024
UPLOAD_SIZE = 200 * MB
GROWTH_LIMIT = 32 * MB
BOUNDARY = "----somatics-memory-test-boundary"
CSRF_SECRET = "m" * 32  # a CSRF cookie's secret; the form may send it unmasked
FRIENDLY = [
    str(message)
    for message in (
        uploads.WRONG_TYPE,
        uploads.NOT_A_VIDEO,
        uploads.NO_PICTURE,
        uploads.INCOMPLETE,
        uploads.EMPTY,
    )
] + ["This file is too large"]


def pattern_fields(title: str) -> dict[str, str]:
    """A complete pattern on video as the browser posts it, but for the file itself."""
    return written(csrfmiddlewaretoken=CSRF_SECRET, kind="video", title=title)


def write_body(body: Path, fields: dict[str, str], video: Path, padding_mb: int = 0) -> int:
    """
    Write a multipart/form-data body to `body`: the fields, then `video` as the file part,
    followed by `padding_mb` MB of noise (one random MB written over and over), so the upload
    is a real, playable MP4 (its index at the front) with a long tail. Returns the file's size.
    """
    noise = os.urandom(MB)
    with body.open("wb") as out:
        for name, value in fields.items():
            out.write(
                f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                f"{value}\r\n".encode()
            )
        out.write(
            f"--{BOUNDARY}\r\n"
            f'Content-Disposition: form-data; name="video"; filename="{video.name}"\r\n'
            "Content-Type: video/mp4\r\n\r\n".encode()
        )
        out.write(video.read_bytes())
        for _ in range(padding_mb):
            out.write(noise)
        out.write(f"\r\n--{BOUNDARY}--\r\n".encode())
    return body.stat().st_size


def post_body(handler: ClientHandler, body: Path, cookies: str):
    """POST the body on disk to /submit/, streamed from the open file as a WSGI server would."""
    with body.open("rb") as stream:
        environ = {
            "REQUEST_METHOD": "POST",
            "PATH_INFO": "/submit/",
            "SCRIPT_NAME": "",
            "QUERY_STRING": "",
            "SERVER_NAME": "testserver",
            "SERVER_PORT": "80",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "REMOTE_ADDR": "127.0.0.1",
            "HTTP_HOST": "testserver",
            "HTTP_COOKIE": cookies,
            "CONTENT_TYPE": f"multipart/form-data; boundary={BOUNDARY}",
            "CONTENT_LENGTH": str(body.stat().st_size),
            "wsgi.version": (1, 0),
            "wsgi.url_scheme": "http",
            "wsgi.input": stream,
            "wsgi.errors": sys.stderr,
            "wsgi.multithread": False,
            "wsgi.multiprocess": True,
            "wsgi.run_once": False,
        }
        # ClientHandler closes the response itself, with Django's connection cleanup held off;
        # closing it again here would end the test's database connection.
        response = handler(environ)
    return response


@pytest.fixture
def big_upload(settings, tmp_path, reader, private_media):
    """
    A verified reader, a limit well above the file (so the whole body streams through), and
    temporary uploads in a folder of their own, to see that none is left behind. Afterwards the
    big files go at once: pytest keeps the last few runs' tmp_path folders.
    """
    settings.SUBMISSION_MAX_UPLOAD_BYTES = 300 * MB
    upload_dir = tmp_path / "uploads"
    upload_dir.mkdir()
    settings.FILE_UPLOAD_TEMP_DIR = str(upload_dir)
    body = tmp_path / "request-body"
    yield reader, upload_dir, private_media, body
    body.unlink(missing_ok=True)
    for folder in (upload_dir, private_media):
        for leftover in folder.rglob("*"):
            if leftover.is_file():
                leftover.unlink()


def test_posting_a_200_mb_video_keeps_memory_growth_under_32_mb(big_upload, tmp_path):
    reader, upload_dir, private_media, body = big_upload
    client = Client()
    client.force_login(reader)
    cookies = (
        f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}; "
        f"{settings.CSRF_COOKIE_NAME}={CSRF_SECRET}"
    )
    handler = ClientHandler(enforce_csrf_checks=True)
    clip = make_video(tmp_path / "clip.mp4", faststart=True)

    # A small post first: imports, templates, FFmpeg's libraries and the database warm up.
    write_body(body, pattern_fields("Warm-up"), clip)
    warm = post_body(handler, body, cookies)
    assert warm.status_code == 302, warm.content.decode()[:2000]

    size = write_body(body, pattern_fields("Knee rocking, the long take"), clip, padding_mb=200)
    video_size = clip.stat().st_size + UPLOAD_SIZE
    assert size > UPLOAD_SIZE

    measure_rss = reset_peak_rss()
    rss_before = rss() if measure_rss else 0
    tracemalloc.start()
    try:
        start, _ = tracemalloc.get_traced_memory()
        response = post_body(handler, body, cookies)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    rss_growth = peak_rss() - rss_before if measure_rss else 0
    body.unlink()

    growth = peak - start
    print(
        f"\n{size / MB:.1f} MB body: Python peak growth {growth / MB:.2f} MB"
        + (f", peak RSS growth {rss_growth / MB:.2f} MB" if measure_rss else "")
    )
    assert growth < GROWTH_LIMIT, f"Python allocations grew by {growth / MB:.1f} MB"
    if measure_rss:
        assert rss_growth < GROWTH_LIMIT, f"resident memory grew by {rss_growth / MB:.1f} MB"

    assert response.status_code in (200, 302), response.status_code
    if response.status_code == 302:
        # Accepted: the whole file reached private storage, and no temporary copy is left.
        submission = Submission.objects.get(title="Knee rocking, the long take")
        assert response["Location"] == f"/submissions/{submission.pk}/sent/"
        assert submission.video.size == video_size
        assert (private_media / submission.video.name).stat().st_size == video_size
    else:
        # Refused: the reader is told why in words, and nothing is kept.
        page = html.unescape(response.content.decode())
        assert "Please check the highlighted fields" in page
        assert any(message in page for message in FRIENDLY), page
        assert not Submission.objects.filter(title="Knee rocking, the long take").exists()
    assert list(upload_dir.iterdir()) == []
