"""
Request bodies read from gunicorn's socket once, not copied through three buffers.

gunicorn gives the application a body through its socket reader's buffer and its body's buffer,
and Django's LimitedStream reads from those: every byte of an upload was copied four or five
times in Python, which `make bench` found to be most of a 1 GB upload's time. For a body of
known length (a Content-Length, as browsers and tus clients send), `SocketBody` hands over the
bytes gunicorn has already read past the headers, then receives the rest from the socket
straight into the caller's buffer, and keeps gunicorn's count of what is left true.

Chunked bodies, and every other server (runserver, the test client), keep the server's reader.
"""

import io
from collections.abc import Callable

from gunicorn.http.body import Body, LengthReader


class SocketBody(io.RawIOBase):
    """`wsgi.input` for a gunicorn request with a Content-Length."""

    def __init__(self, body: Body, sock):
        super().__init__()
        self.body, self.sock, self.reader = body, sock, body.reader

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        """Some bytes of the body (at most as many as `buffer` holds); 0 at its end."""
        view = memoryview(buffer).cast("B")
        wanted = min(len(view), self.reader.length)
        if wanted <= 0:
            return 0
        try:
            held = self.reader.unreader.take_buffered()
            if held:
                count = min(len(held), wanted)
                view[:count] = held[:count]
                if len(held) > count:  # a pipelined request's first bytes: give them back
                    self.reader.unreader.unread(held[count:])
            else:
                count = self.sock.recv_into(view, wanted)
        except Exception:
            self.body.failed = True  # gunicorn no longer knows where the next request starts
            raise
        self.reader.length -= count
        return count

    def read(self, size: int | None = -1) -> bytes:
        """`size` bytes, fewer only at the body's end: LimitedStream reads once and believes it."""
        left = self.reader.length
        size = left if size is None or size < 0 else min(size, left)
        buffer = bytearray(size)
        with memoryview(buffer) as view:
            received = 0
            while received < size and (count := self.readinto(view[received:])):
                received += count
        del buffer[received:]
        return bytes(buffer)


def lean_body(application):
    """Wrap a WSGI application: its gunicorn requests with a Content-Length read a `SocketBody`."""

    def wrapped(environ, start_response):
        body, sock = environ.get("wsgi.input"), environ.get("gunicorn.socket")
        if sock is not None and isinstance(body, Body) and isinstance(body.reader, LengthReader):
            environ["wsgi.input"] = SocketBody(body, sock)
        return application(environ, start_response)

    return wrapped


def body_readinto(request) -> Callable[[memoryview], int]:
    """
    Read the request's body into a buffer, `readinto`-style: straight from the socket under
    gunicorn, through `request.read` elsewhere. For views that take a raw body (tus chunks).
    """
    body = request.environ.get("wsgi.input")
    if isinstance(body, SocketBody):
        return body.readinto

    def readinto(view: memoryview) -> int:
        data = request.read(len(view))
        view[: len(data)] = data
        return len(data)

    return readinto
