"""
Serving files with HTTP Range: a private upload to someone already allowed to see it (the
view checks who), and, on a laptop, published media (nginx or object storage do it in production).

Object storage (S3) answers with a short-lived signed URL, so the bytes never pass through
Django. Local disk is streamed here, with HTTP Range support: browsers seek in a video, and
iOS Safari will not play one at all, without `206 Partial Content`.
"""

import mimetypes
import re

from django.http import FileResponse, HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.utils.cache import patch_cache_control

_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
CHUNK = 64 * 1024


def serve_private_file(request, field_file):
    """A file someone may see: object storage's signed URL, or streamed from local disk."""
    try:
        return HttpResponseRedirect(field_file.storage.url(field_file.name))
    except (ValueError, NotImplementedError):
        pass  # local private storage has no URL: stream it ourselves
    return _private(stream_file(request, field_file.storage, field_file.name))


def stream_file(request, storage, name):
    """Stream `name` from `storage`, whole or the one byte range asked for."""
    size = storage.size(name)
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    header = request.headers.get("Range", "")
    if not header:
        response = FileResponse(storage.open(name, "rb"), content_type=content_type)
    else:
        span = _parse_range(header, size)
        if span is None:
            response = HttpResponse(status=416)
            response["Content-Range"] = f"bytes */{size}"
            return response
        start, end = span
        response = StreamingHttpResponse(
            _read(storage.open(name, "rb"), start, end), status=206, content_type=content_type
        )
        response["Content-Length"] = str(end - start + 1)
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
    response["Accept-Ranges"] = "bytes"
    return response


def _parse_range(header: str, size: int) -> tuple[int, int] | None:
    """One byte range (the only kind video players ask for); None when it cannot be served."""
    match = _RANGE.match(header.strip())
    if not match or size == 0:
        return None
    first, last = match.groups()
    if not first:  # "bytes=-500": the last 500 bytes
        if not last or int(last) == 0:
            return None
        return max(size - int(last), 0), size - 1
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    if start >= size or end < start:
        return None
    return start, end


def _read(handle, start: int, end: int):
    with handle:
        handle.seek(start)
        remaining = end - start + 1
        while remaining > 0:
            chunk = handle.read(min(CHUNK, remaining))
            if not chunk:
                break
            remaining -= len(chunk)
            yield chunk


def _private(response):
    patch_cache_control(response, private=True, max_age=0)
    response["X-Content-Type-Options"] = "nosniff"
    return response
