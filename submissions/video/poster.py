"""
The poster and the thumbnail: a representative, upright still of the video, as JPEG.
"""

from dataclasses import dataclass
from pathlib import Path

import av
from PIL import Image, ImageStat

from ..uploads import InvalidVideo, VideoInfo
from ..video_problems import NOT_A_VIDEO
from .shared import display_size, fit, open_upload, quarter_turns, replacing, stored_size

POSTER_LONG_SIDE = 1280
POSTER_MOMENTS = (0.1, 0.25, 0.5)  # fractions of the length: past fades in, before the end
POSTER_MAX_DECODED = 300  # frames decoded to reach one moment, when keyframes are far apart
JPEG_OPTIONS = {"format": "JPEG", "quality": 82, "progressive": True, "optimize": True}


@dataclass(frozen=True)
class PosterInfo:
    """Sizes of the poster and thumbnail, for `width`/`height` attributes that stop layout shift."""

    width: int
    height: int
    thumb_width: int
    thumb_height: int


def make_poster(
    path: str | Path,
    info: VideoInfo,
    poster_path: str | Path,
    thumb_path: str | Path,
    *,
    thumb_width: int = 480,
) -> PosterInfo:
    """
    A JPEG poster from a representative moment, upright and at most 1280 px on its long side,
    and a thumbnail `thumb_width` wide for cards. Several moments are tried and the liveliest
    kept, because videos often open on black, a fade or a hand over the lens. Neither image is
    ever enlarged: a small video makes a small thumbnail, which the page scales for display.
    """
    poster = _representative_image(path, info)
    width = min(thumb_width, poster.width)
    thumb = poster.resize((width, max(1, round(poster.height * width / poster.width))))
    for image, target in ((poster, poster_path), (thumb, thumb_path)):
        with replacing(target) as partial:
            image.save(partial, **JPEG_OPTIONS)
    return PosterInfo(poster.width, poster.height, thumb.width, thumb.height)


def _representative_image(path: str | Path, info: VideoInfo) -> Image.Image:
    """The candidate moment with the most going on, as an upright RGB image."""
    size = stored_size(info, fit(display_size(info), POSTER_LONG_SIDE, POSTER_LONG_SIDE))
    with open_upload(path) as media:
        stream = media.streams.video[0]
        stream.thread_type = "AUTO"
        moments = [(info.duration or 0) * share for share in POSTER_MOMENTS]
        frames = [_frame_at(media, stream, moment) for moment in moments]
        frames = [frame for frame in frames if frame] or [_frame_at(media, stream, 0.0)]
        if not frames[0]:
            raise InvalidVideo(NOT_A_VIDEO, "no_frame")
        images = [_still(frame, size) for frame in frames]
    return _upright(max(images, key=_liveliness), info.rotation)


def _still(frame: av.VideoFrame, size: tuple[int, int]) -> Image.Image:
    """
    The frame as an RGB image of `size`. PyAV's reformat ignores the frame's colour range
    unless told, which would show full-range video (some Android phones) washed out.
    """
    return frame.to_image(
        width=size[0], height=size[1], interpolation="AREA", src_color_range=frame.color_range
    )


def _frame_at(media, stream, seconds: float) -> av.VideoFrame | None:
    """The first frame at or after `seconds`, decoded from the keyframe before it."""
    start = stream.start_time or 0
    try:
        media.seek(start + int(seconds / stream.time_base), stream=stream)
        for count, frame in enumerate(media.decode(stream)):
            if frame.time is None or frame.time >= seconds or count >= POSTER_MAX_DECODED:
                return frame
    except av.FFmpegError:
        return None
    return None


def _liveliness(image: Image.Image) -> float:
    """
    How much a picture shows: the spread of its brightness, so that black, white and faded
    frames lose; a small nudge towards mid-tones breaks ties between flat frames.
    """
    stats = ImageStat.Stat(image.convert("L").reduce(4))
    mean = stats.mean[0]
    return stats.stddev[0] + 0.1 * min(mean, 255 - mean)


def _upright(image: Image.Image, rotation: int) -> Image.Image:
    """Turn the picture as the file asks players to (`rotation` is counter-clockwise)."""
    turns = {
        1: Image.Transpose.ROTATE_90,
        2: Image.Transpose.ROTATE_180,
        3: Image.Transpose.ROTATE_270,
    }
    turn = turns.get(quarter_turns(rotation))
    return image.transpose(turn) if turn else image
