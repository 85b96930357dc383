"""
Probing: what the upload check learnt, plus the stream details that converting needs, and the
refusal of a video over the length limit.
"""

from dataclasses import asdict, dataclass
from fractions import Fraction
from pathlib import Path

import av

from ..uploads import InvalidVideo, VideoInfo, probe_video
from ..video_problems import NOT_A_VIDEO
from .shared import open_upload


@dataclass(frozen=True)
class VideoDetails(VideoInfo):
    """What the upload check learnt, plus what converting needs to decide and to size things."""

    audio_codec: str | None = None
    pixel_format: str | None = None
    bit_rate: int | None = None  # of the video stream alone: appended junk does not count
    frame_rate: Fraction | None = None
    pixel_aspect: Fraction = Fraction(1)  # not 1 for anamorphic (e.g. HDV) recordings


def probe(path: str | Path) -> VideoDetails:
    """The upload check's findings (it refuses an over-long video) and the stream details."""
    info = probe_video(path)
    try:
        with open_upload(path) as media:
            details = _details(info, media)
    except av.FFmpegError as error:
        raise InvalidVideo(NOT_A_VIDEO, "unreadable") from error
    return details


def _details(info: VideoInfo, media: av.container.InputContainer) -> VideoDetails:
    video = media.streams.video[0]
    audio = media.streams.audio[0] if media.streams.audio else None
    return VideoDetails(
        **asdict(info),
        audio_codec=audio.codec_context.name if audio else None,
        pixel_format=video.codec_context.pix_fmt,
        bit_rate=video.bit_rate or None,
        frame_rate=video.average_rate or video.guessed_rate,
        pixel_aspect=video.sample_aspect_ratio or Fraction(1),
    )
