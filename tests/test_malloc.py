"""Megabyte buffers are reused, not page-faulted in afresh each time (somatics/malloc.py)."""

import os
import platform
import subprocess
import sys
from pathlib import Path

import pytest

from somatics.malloc import keep_large_buffers

ROOT = Path(__file__).resolve().parent.parent

# Django's multipart parser reads a 100 MB upload a megabyte at a time, as the upload view
# does; the child prints how many pages the kernel had to fault in meanwhile.
PARSE_UPLOAD = """
import os, resource, sys
import django
django.setup()
from django.core.files.uploadhandler import FileUploadHandler
from django.http.multipartparser import MultiPartParser
from somatics.malloc import keep_large_buffers

if sys.argv[1] == "tuned":
    assert keep_large_buffers()
MB, BOUNDARY = 1024 * 1024, "somatics-boundary"
parts = [
    f'--{BOUNDARY}\\r\\nContent-Disposition: form-data; name="video"; filename="a.mp4"\\r\\n'
    f"Content-Type: video/mp4\\r\\n\\r\\n".encode(),
    *[b"v" * MB] * 100,
    f"\\r\\n--{BOUNDARY}--\\r\\n".encode(),
]
size = sum(map(len, parts))

class Socket:
    def read(self, n=-1):
        return parts.pop(0) if parts else b""

class Drop(FileUploadHandler):
    chunk_size = MB
    def receive_data_chunk(self, raw_data, start):
        return None
    def file_complete(self, file_size):
        return None

meta = {"CONTENT_TYPE": f"multipart/form-data; boundary={BOUNDARY}", "CONTENT_LENGTH": str(size)}
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
MultiPartParser(meta, Socket(), [Drop()]).parse()
print(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
"""


def page_faults(mode: str) -> int:
    env = {k: v for k, v in os.environ.items() if k != "GLIBC_TUNABLES" and "MALLOC_" not in k}
    env.update(DJANGO_SETTINGS_MODULE="somatics.settings", SECRET_KEY="x" * 50)
    result = subprocess.run(
        [sys.executable, "-c", PARSE_UPLOAD, mode],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return int(result.stdout)


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="tunes glibc's allocator only")
def test_upload_buffers_are_reused_instead_of_faulted_in_afresh():
    plain, tuned = page_faults("plain"), page_faults("tuned")
    assert plain > 100 * 256  # every megabyte's pages faulted in at least once: the cost avoided
    assert tuned < plain / 20


def test_an_operators_own_allocator_settings_win(monkeypatch):
    monkeypatch.setenv("GLIBC_TUNABLES", "glibc.malloc.mmap_threshold=65536")
    assert keep_large_buffers() is False
    monkeypatch.delenv("GLIBC_TUNABLES")
    monkeypatch.setenv("MALLOC_ARENA_MAX_", "2")
    assert keep_large_buffers() is False


def test_gunicorn_workers_tune_their_allocator_before_serving():
    """somatics.wsgi, which each gunicorn worker imports, tunes the allocator it runs in."""
    code = (
        "import somatics.malloc as m; calls = []; m.keep_large_buffers = lambda: calls.append(1)\n"
        "import somatics.wsgi; print(len(calls))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "somatics.settings", "SECRET_KEY": "x" * 50}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.stdout.strip() == "1", result.stderr
