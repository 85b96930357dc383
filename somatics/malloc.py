"""
Keep glibc from handing megabyte buffers back to the kernel after each use.

An upload passes through gunicorn and Django's multipart parser as 1 MB `bytes` objects, made
and freed a thousand times a gigabyte. glibc serves an allocation that large with a fresh mmap
(or trims the heap top it came from as soon as it is free), so every chunk page-faults in and
zero-fills 256 new pages: on `make bench` that doubled the time Django took to parse a 1 GB
upload (2.2 s -> 0.9 s once the buffers were kept). Raising the two thresholds lets those
buffers be reused from the heap, at the cost of a worker keeping up to TRIM_THRESHOLD of free
heap instead of returning it at once.

An operator's own settings win: with GLIBC_TUNABLES or MALLOC_*_ variables set, we do nothing.
Elsewhere than glibc (musl, macOS) there is no mallopt, and nothing happens either.
"""

import ctypes
import ctypes.util
import os

M_TRIM_THRESHOLD = -1
M_MMAP_THRESHOLD = -3
# Above the largest buffer an upload makes (a 1 MB chunk joined with a boundary's worth of the
# last one), below anything that should have pages of its own.
MMAP_THRESHOLD = 4 * 1024 * 1024
TRIM_THRESHOLD = 16 * 1024 * 1024


def keep_large_buffers() -> bool:
    """Tune this process's allocator (and its forks'); True where it was changed."""
    if "GLIBC_TUNABLES" in os.environ or any(
        name.startswith("MALLOC_") and name.endswith("_") for name in os.environ
    ):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes, mallopt.restype = [ctypes.c_int, ctypes.c_int], ctypes.c_int
    return bool(
        mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD) and mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD)
    )
