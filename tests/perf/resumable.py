"""
`make bench`, uploads phase: a video sent over the tus protocol as the browser sends it (chunks of
RESUMABLE_CHUNK_BYTES), with the connection cut halfway through the chunk that crosses 50 %:
it must still complete, send at most one chunk twice, keep the worker's memory flat, and reach
70 % of dd's rate to the same disk. The client is plain http.client, streaming from disk in
1 MB writes, so the figures are the server's.
"""

from __future__ import annotations

import base64
import http.client
import os
import time
from pathlib import Path
from urllib.parse import urlencode

MB = 1024 * 1024
CUT_AT = 0.5


def write_video(path: Path, clip: Path, padding_mb: int) -> int:
    """A real, playable MP4 (index first) followed by `padding_mb` MB of noise; its size."""
    noise = os.urandom(MB)
    with path.open("wb") as out:
        out.write(clip.read_bytes())
        for _ in range(padding_mb):
            out.write(noise)
    return path.stat().st_size


class Client:
    """A reader's tus client: their cookies and CSRF token on every request."""

    def __init__(self, port: int, cookies: str, csrf: str):
        self.port = port
        self.headers = {"Cookie": cookies, "X-CSRFToken": csrf, "Tus-Resumable": "1.0.0"}
        self.sent = 0  # bytes of the file put on the wire, resent ones included

    def request(self, method: str, url: str, headers=None, body=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=600)
        try:
            connection.request(method, url, body=body, headers={**self.headers, **(headers or {})})
            response = connection.getresponse()
            response.read()
            return response
        finally:
            connection.close()

    def create(self, size: int, name: str) -> str:
        filename = base64.b64encode(name.encode()).decode()
        response = self.request(
            "POST",
            "/submit/uploads/",
            {"Upload-Length": str(size), "Upload-Metadata": f"filename {filename}"},
        )
        assert response.status == 201, response.status
        return response.getheader("Location")

    def offset(self, url: str) -> int:
        return int(self.request("HEAD", url).getheader("Upload-Offset"))

    def patch(self, url: str, file, offset: int, size: int, *, cut: bool = False):
        """Send `size` bytes at `offset`; with `cut`, close the connection halfway through."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=600)
        try:
            connection.putrequest("PATCH", url)
            headers = {
                **self.headers,
                "Upload-Offset": str(offset),
                "Content-Type": "application/offset+octet-stream",
                "Content-Length": str(size),
            }
            for name, value in headers.items():
                connection.putheader(name, value)
            connection.endheaders()
            file.seek(offset)
            left = size // 2 if cut else size
            try:
                while left:
                    data = file.read(min(MB, left))
                    connection.send(data)
                    self.sent += len(data)
                    left -= len(data)
            except (BrokenPipeError, ConnectionResetError):
                # The server answered before reading it all (423 while the cut request is being
                # wound up) and closed: its answer may still be there to read.
                cut = False
            if cut:
                return None
            try:
                response = connection.getresponse()
                response.read()
            except (OSError, http.client.HTTPException):
                return None  # no answer at all: the caller asks where the upload stands
            return response
        finally:
            connection.close()


def upload(port: int, path: Path, *, cookies: str, csrf: str, chunk: int) -> dict:
    """Send the file in chunks, cutting the one that crosses 50 %: where it ended, what it cost."""
    client = Client(port, cookies, csrf)
    size = path.stat().st_size
    started = time.perf_counter()
    url = client.create(size, "long-take.mp4")
    offset, cut, last = 0, False, None
    with path.open("rb") as file:
        while offset < size:
            length = min(chunk, size - offset)
            if not cut and offset + length > size * CUT_AT:
                client.patch(url, file, offset, length, cut=True)
                cut = True
                offset = resume(client, url)
                continue
            last = client.patch(url, file, offset, length)
            if last is None or last.status in (409, 423):  # the cut one is still being wound up
                time.sleep(0.1)
                offset = resume(client, url)
                continue
            assert last.status == 204, last.status
            offset = int(last.getheader("Upload-Offset"))
    seconds = time.perf_counter() - started
    return {
        "bytes": size,
        "sent": client.sent,
        "resent": client.sent - size,
        "chunk": chunk,
        "seconds": seconds,
        "token": last.getheader("Somatics-Kept-Video") if last else "",
        "url": url,
    }


def resume(client: Client, url: str) -> int:
    """Where the server stands once the cut request is wound up (it holds the upload till then)."""
    deadline = time.monotonic() + 30
    while True:
        offset = client.offset(url)
        held = client.request("PATCH", url, {"Upload-Offset": str(offset),
                                             "Content-Type": "application/offset+octet-stream",
                                             "Content-Length": "0"}, b"")  # fmt: skip
        if held.status == 204 or time.monotonic() > deadline:
            return int(held.getheader("Upload-Offset") or offset)
        time.sleep(0.1)


def send_form(port: int, cookies: str, fields: dict[str, str], token: str) -> tuple[int, str]:
    """The submission form with the upload's kept video, as the browser sends it once whole."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request(
            "POST",
            "/submit/",
            body=urlencode({**fields, "kept_video": token}),
            headers={"Cookie": cookies, "Content-Type": "application/x-www-form-urlencoded"},
        )
        response = connection.getresponse()
        response.read()
        return response.status, response.getheader("Location") or ""
    finally:
        connection.close()
