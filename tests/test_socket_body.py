"""
Request bodies read from gunicorn's socket (somatics/socket_body.py): every byte, once, in order,
never past the body's end; then the same through a real gunicorn and Django's own readers.
"""

import hashlib
import http.client
import io
import json
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.core.handlers.wsgi import WSGIRequest
from gunicorn.config import Config
from gunicorn.http.parser import RequestParser
from gunicorn.http.wsgi import create

from somatics.socket_body import SocketBody, body_readinto, lean_body

ROOT = Path(__file__).resolve().parent.parent
MB = 1024 * 1024


def head(length: int | None, path: str = "/", **headers: str) -> bytes:
    lines = [f"PATCH {path} HTTP/1.1", "Host: localhost"]
    if length is not None:
        lines.append(f"Content-Length: {length}")
    lines += [f"{name}: {value}" for name, value in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


class Connection:
    """A client socket and the server end as gunicorn sees it: its parser, its environ."""

    def __init__(self):
        self.client, self.server = socket.socketpair()
        self.server.settimeout(5)  # a reader waiting for bytes that never come fails, not hangs
        self.config = Config()

    def send(self, *pieces: bytes, pause: float = 0) -> threading.Thread:
        """Send the pieces from another thread (a body bigger than the socket's buffer)."""

        def run():
            for piece in pieces:
                self.client.sendall(piece)
                time.sleep(pause)

        thread = threading.Thread(target=run)
        thread.start()
        return thread

    def environ(self) -> dict:
        request = next(RequestParser(self.config, self.server, ("127.0.0.1", 1)))
        _, environ = create(request, self.server, ("127.0.0.1", 1), ("127.0.0.1", 80), self.config)
        return environ

    def close(self):
        self.client.close()
        self.server.close()


@pytest.fixture
def connection():
    made = Connection()
    yield made
    made.close()


def lean_environ(environ: dict) -> dict:
    """The environ the application sees behind `lean_body`."""
    seen = {}

    def application(environ, start_response):
        seen.update(environ)
        return []

    lean_body(application)(environ, None)
    return seen


def test_a_body_comes_whole_and_in_order_the_bytes_read_with_the_headers_first(connection):
    body = os.urandom(3 * MB + 17)
    sending = connection.send(head(len(body)) + body[:5000], body[5000:])

    environ = lean_environ(connection.environ())
    received = environ["wsgi.input"].read(len(body))
    sending.join()

    assert isinstance(environ["wsgi.input"], SocketBody)
    assert received == body
    assert environ["wsgi.input"].read(10) == b""


def test_read_fills_what_was_asked_though_the_bytes_arrive_in_pieces(connection):
    # Django's LimitedStream reads once and believes the answer: a short read would cut
    # request.body short, so read() waits for the bytes asked for.
    body = os.urandom(256 * 1024)
    pieces = [body[i : i + 4096] for i in range(0, len(body), 4096)]
    sending = connection.send(head(len(body)), *pieces, pause=0.0005)

    stream = lean_environ(connection.environ())["wsgi.input"]

    assert stream.read(200_000) == body[:200_000]
    assert stream.read() == body[200_000:]
    sending.join()


def test_readinto_never_reads_past_the_body_and_leaves_the_next_request_to_gunicorn(connection):
    body, after = b"x" * 1000, head(0, "/next/")
    connection.send(head(len(body)) + body + after).join()

    environ = lean_environ(connection.environ())
    buffer = bytearray(MB)
    counts = []
    while count := environ["wsgi.input"].readinto(buffer):
        counts.append(count)

    assert sum(counts) == len(body) and bytes(buffer[:1000]) == body
    unreader = environ["wsgi.input"].reader.unreader
    assert unreader.read(len(after)) == after  # still there for gunicorn's next request


def test_a_dropped_connection_ends_the_body_early_with_what_arrived(connection):
    body = os.urandom(100_000)
    connection.send(head(len(body)) + body[:60_000]).join()
    connection.client.close()

    stream = lean_environ(connection.environ())["wsgi.input"]

    assert stream.read() == body[:60_000]
    assert stream.readinto(bytearray(10)) == 0


def test_a_socket_error_tells_gunicorn_the_connection_cannot_be_reused(connection):
    connection.send(head(10)).join()
    environ = lean_environ(connection.environ())
    connection.server.settimeout(0.01)

    with pytest.raises(TimeoutError):  # the client sent its headers and nothing more
        environ["wsgi.input"].read(10)

    assert environ["wsgi.input"].body.failed


def test_chunked_bodies_keep_gunicorns_reader(connection):
    connection.send(head(None, **{"Transfer-Encoding": "chunked"}) + b"3\r\nabc\r\n0\r\n\r\n")

    environ = lean_environ(connection.environ())

    assert not isinstance(environ["wsgi.input"], SocketBody)
    assert environ["wsgi.input"].read() == b"abc"


def test_other_servers_keep_their_own_reader():
    environ = lean_environ({"wsgi.input": io.BytesIO(b"abc")})

    assert not isinstance(environ["wsgi.input"], SocketBody)


def test_body_readinto_takes_the_socket_under_gunicorn_and_request_read_elsewhere(connection):
    body = os.urandom(5000)
    connection.send(head(len(body)) + body).join()
    environ = lean_environ(connection.environ())
    under_gunicorn = WSGIRequest(environ)
    elsewhere = WSGIRequest({**environ, "wsgi.input": io.BytesIO(body)})

    for request in (under_gunicorn, elsewhere):
        readinto, buffer = body_readinto(request), bytearray(8192)
        received = bytearray()
        while count := readinto(memoryview(buffer)):
            received += buffer[:count]
        assert received == body

    assert body_readinto(under_gunicorn) == environ["wsgi.input"].readinto


# Through a real gunicorn ------------------------------------------------------------------------

# A WSGI application as the site's wsgi.py makes it (lean_body around Django's handler), with
# views that report what they received: the raw body through body_readinto, a form's fields
# and file through Django's multipart parser.
APP = """
import hashlib, json
from django.conf import settings
settings.configure(
    ROOT_URLCONF=__name__, ALLOWED_HOSTS=["*"], SECRET_KEY="x" * 50,
    FILE_UPLOAD_TEMP_DIR={tmp!r}, DATA_UPLOAD_MAX_MEMORY_SIZE=None,
)
import django
django.setup()
from django.core.handlers.wsgi import WSGIHandler
from django.http import JsonResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from somatics.socket_body import body_readinto, lean_body

@csrf_exempt
def raw(request):
    readinto, buffer, digest, size = body_readinto(request), bytearray(1 << 20), hashlib.sha256(), 0
    while count := readinto(memoryview(buffer)):
        digest.update(buffer[:count]); size += count
    return JsonResponse({{"sha256": digest.hexdigest(), "size": size}})

@csrf_exempt
def form(request):
    video = request.FILES["video"]
    digest = hashlib.sha256()
    for chunk in video.chunks():
        digest.update(chunk)
    return JsonResponse({{"title": request.POST["title"], "sha256": digest.hexdigest(),
                          "size": video.size, "on_disk": hasattr(video, "temporary_file_path")}})

@csrf_exempt
def body(request):
    return JsonResponse({{"sha256": hashlib.sha256(request.body).hexdigest()}})

urlpatterns = [path("raw/", raw), path("form/", form), path("body/", body)]
application = lean_body(WSGIHandler())
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def gunicorn(tmp_path_factory):
    folder = tmp_path_factory.mktemp("gunicorn")
    (folder / "lean_app.py").write_text(APP.format(tmp=str(folder)))
    port = free_port()
    log = folder / "gunicorn.log"
    env = {**os.environ, "PYTHONPATH": f"{folder}:{ROOT}"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    command = [
        *(sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers", "1"),
        "lean_app:application",
    ]
    with log.open("w") as output:
        process = subprocess.Popen(command, cwd=folder, env=env, stdout=output, stderr=output)
    deadline = time.monotonic() + 20
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"gunicorn did not start:\n{log.read_text()[-3000:]}")
            time.sleep(0.1)
    yield port
    process.terminate()
    process.wait(timeout=10)


def post(port: int, path: str, body: bytes, content_type: str) -> dict:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    try:
        connection.request("POST", path, body=body, headers={"Content-Type": content_type})
        response = connection.getresponse()
        assert response.status == 200, response.read()[:2000]
        return json.loads(response.read())
    finally:
        connection.close()


def test_gunicorn_hands_a_raw_body_over_byte_for_byte(gunicorn):
    body = os.urandom(40 * MB + 3)

    received = post(gunicorn, "/raw/", body, "application/offset+octet-stream")

    assert received == {"sha256": hashlib.sha256(body).hexdigest(), "size": len(body)}


def test_gunicorn_and_djangos_parser_take_a_form_with_a_big_file_byte_for_byte(gunicorn):
    video, boundary = os.urandom(30 * MB), "lean-body-boundary"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\nLong take\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="video"; filename="a.mp4"\r\n'
            f"Content-Type: video/mp4\r\n\r\n"
        ).encode()
        + video
        + f"\r\n--{boundary}--\r\n".encode()
    )

    received = post(gunicorn, "/form/", body, f"multipart/form-data; boundary={boundary}")

    assert received == {
        "title": "Long take",
        "sha256": hashlib.sha256(video).hexdigest(),
        "size": len(video),
        "on_disk": True,
    }


def test_gunicorn_gives_request_body_whole(gunicorn):
    body = os.urandom(3 * MB)

    received = post(gunicorn, "/body/", body, "application/octet-stream")

    assert received == {"sha256": hashlib.sha256(body).hexdigest()}
