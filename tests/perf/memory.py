"""Resident memory of a process, from /proc (Linux): now, and its peak since the last reset."""

import re
from pathlib import Path


def _status(pid: int | str, field: str) -> int:
    text = Path(f"/proc/{pid}/status").read_text()
    found = re.search(rf"{field}:\s+(\d+) kB", text)
    if not found:  # a process on its way out has no memory left to show
        raise ProcessLookupError(f"process {pid} has no {field}")
    return int(found[1]) * 1024


def rss(pid: int | str = "self") -> int:
    """Resident memory now, in bytes."""
    return _status(pid, "VmRSS")


def peak_rss(pid: int | str = "self") -> int:
    """Peak resident memory (VmHWM) since start or since `reset_peak_rss`, in bytes."""
    return _status(pid, "VmHWM")


def reset_peak_rss(pid: int | str = "self") -> bool:
    """Start counting the peak afresh from the current size; False where Linux won't let us."""
    try:
        Path(f"/proc/{pid}/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def children(pid: int) -> list[int]:
    """The direct children of a process (gunicorn's workers, for its master)."""
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            found += [int(p) for p in (task / "children").read_text().split()]
        except OSError:
            continue
    return sorted(set(found))
