"""
What the probe, the poster and the web copy all need: opening an upload safely, its upright
size in square pixels, and writing a file so that it appears only once whole.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import av

from ..uploads import OPEN_OPTIONS, VideoInfo


def display_size(info: VideoInfo) -> tuple[float, float]:
    """The upright size in square pixels: the probe's size, stretched by any pixel aspect."""
    aspect = float(getattr(info, "pixel_aspect", 1))
    if quarter_turns(info.rotation) % 2:
        return info.width, info.height * aspect
    return info.width * aspect, info.height


def stored_size(info: VideoInfo, upright: tuple[int, int]) -> tuple[int, int]:
    """An upright size as the frames are stored, before they are turned."""
    return upright[::-1] if quarter_turns(info.rotation) % 2 else upright


def fit(size: tuple[float, float], max_width: float, max_height: float) -> tuple[int, int]:
    scale = min(1.0, max_width / size[0], max_height / size[1])
    return max(1, round(size[0] * scale)), max(1, round(size[1] * scale))


def quarter_turns(rotation: int) -> int:
    """Counter-clockwise quarter turns, 0 to 3; phones store -90 (clockwise) for portrait."""
    return round(rotation / 90) % 4


def open_upload(path: str | Path) -> av.container.InputContainer:
    """Open an upload with the same demuxer allow-list as the upload check."""
    return av.open(str(path), container_options=OPEN_OPTIONS)


@contextmanager
def replacing(target: str | Path) -> Iterator[Path]:
    """
    A scratch path beside `target` that replaces it only once written in full, so a crash or a
    refusal never leaves a half-written file where a finished one is expected.
    """
    target = Path(target)
    partial = target.with_name(f".{target.name}.partial")
    try:
        yield partial
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
