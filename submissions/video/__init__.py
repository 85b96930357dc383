"""
Turning one uploaded video into what the library serves: a poster, a thumbnail and a web copy.

Readers watch on phones, often over mobile data, so every routine plays from one predictable
file: H.264 and AAC in an MP4 whose index comes first (playback starts before the download
ends), upright (players disagree about rotation metadata, so the pixels themselves are turned),
at most 720p and 30 frames a second. An upload that already is such a file is copied packet by
packet into a fresh MP4 instead: fast, lossless, and it drops anything appended after the video.

Plain functions on files on disk, streaming frame by frame so memory stays flat however long
the video is. They know nothing of models or storage: `processing.process_video`, which a task
worker runs, does. `process` does it all; `probe.py`, `poster.py` and `rendition.py` (the web
copy) do one part each, with what they share in `shared.py`. A refusal is an `InvalidVideo`
with a code and figures, worded by `video_problems.py`.
"""

import logging
from dataclasses import dataclass
from pathlib import Path

from ..uploads import InvalidVideo
from ..video_problems import NOT_CONVERTED, TOO_LONG, Problem, describe_problem, too_long_message
from .poster import PosterInfo, make_poster
from .probe import VideoDetails, probe
from .rendition import (
    AUDIO_BIT_RATE,
    ENCODER_THREADS,
    KEYFRAME_SECONDS,
    MAX_FPS,
    X264_OPTIONS,
    RenditionInfo,
    fit_720p,
    is_web_ready,
    make_web_rendition,
)

__all__ = [
    "AUDIO_BIT_RATE",
    "ENCODER_THREADS",
    "KEYFRAME_SECONDS",
    "MAX_FPS",
    "NOT_CONVERTED",
    "TOO_LONG",
    "X264_OPTIONS",
    "PosterInfo",
    "Problem",
    "ProcessResult",
    "RenditionInfo",
    "VideoDetails",
    "describe_problem",
    "fit_720p",
    "is_web_ready",
    "make_poster",
    "make_web_rendition",
    "probe",
    "process",
    "too_long_message",
]

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ProcessResult:
    """Everything `process` made from one upload."""

    info: VideoDetails
    poster: Path
    thumbnail: Path
    poster_info: PosterInfo
    rendition: RenditionInfo


def process(path: str | Path, workdir: str | Path) -> ProcessResult:
    """
    Probe, poster, thumbnail and web copy, written as poster.jpg, thumb.jpg and web.mp4 in
    `workdir` (replaced on a second run). Any failure is an `InvalidVideo` the reader can act
    on, and leaves none of the three behind, so a half-made set is never published.
    """
    workdir = Path(workdir)
    poster, thumbnail, web = workdir / "poster.jpg", workdir / "thumb.jpg", workdir / "web.mp4"
    try:
        info = probe(path)
        poster_info = make_poster(path, info, poster, thumbnail)
        rendition = make_web_rendition(path, info, web)
    except Exception as error:
        for output in (poster, thumbnail, web):
            output.unlink(missing_ok=True)
        if isinstance(error, InvalidVideo):
            raise
        logger.warning("Could not convert %s", path, exc_info=True)
        figures = {"reason": _reason(error)}
        raise InvalidVideo(
            describe_problem(Problem.CONVERSION, figures), Problem.CONVERSION, figures
        ) from error
    return ProcessResult(info, poster, thumbnail, poster_info, rendition)


def _reason(error: Exception) -> str:
    """FFmpeg's words for what went wrong, without the server path it likes to include."""
    return getattr(error, "strerror", None) or str(error).split(":")[0] or type(error).__name__
