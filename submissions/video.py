"""
Turning one uploaded video into what the library serves: a poster, a thumbnail and a web copy.

Readers watch on phones, often over mobile data, so every routine plays from one predictable
file: H.264 and AAC in an MP4 whose index comes first (playback starts before the download
ends), upright (players disagree about rotation metadata, so the pixels themselves are turned),
at most 720p and 30 frames a second. An upload that already is such a file is copied packet by
packet into a fresh MP4 instead: fast, lossless, and it drops anything appended after the video.

Plain functions on files on disk, streaming frame by frame so memory stays flat however long
the video is. They know nothing of models or storage: the task that calls `process` does.
"""

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from fractions import Fraction
from pathlib import Path

import av
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageStat

from .uploads import NOT_A_VIDEO, OPEN_OPTIONS, InvalidVideo, VideoInfo, probe_video

logger = logging.getLogger(__name__)

MP4_DEMUXER = "mov,mp4,m4a,3gp,3g2,mj2"  # FFmpeg reads MP4 and MOV with the same demuxer
MP4_OPTIONS = {"movflags": "+faststart"}  # the index (moov) before the media (mdat)
LONG_SIDE, SHORT_SIDE = 1280, 720  # "720p", in either orientation
MAX_FPS = 30  # slow, deliberate movement needs no more; 60 fps would double the encoding time
REMUX_MAX_BIT_RATE = 8_000_000  # a ready file heavier than this is re-encoded to spare readers
X264_OPTIONS = {"preset": "veryfast", "crf": "23", "profile": "high"}
ENCODER_THREADS = str(os.cpu_count() or 2)
KEYFRAME_SECONDS = 2  # chapters and scrubbing seek to a keyframe: keep them close
AUDIO_RATES = (44100, 48000)  # kept as they are; any other rate becomes 48 kHz
AUDIO_BIT_RATE = 128_000
POSTER_LONG_SIDE = 1280
POSTER_MOMENTS = (0.1, 0.25, 0.5)  # fractions of the length: past fades in, before the end
POSTER_MAX_DECODED = 300  # frames decoded to reach one moment, when keyframes are far apart
MAX_DAMAGED_PACKETS = 25  # more than a glitch: the file is broken, and so would its copy be
JPEG_OPTIONS = {"format": "JPEG", "quality": 82, "progressive": True, "optimize": True}

NOT_CONVERTED = _(
    "The video could not be converted (%(reason)s). Please export it again as an MP4 and "
    "upload that."
)


@dataclass(frozen=True)
class VideoDetails(VideoInfo):
    """What the upload check learnt, plus what converting needs to decide and to size things."""

    audio_codec: str | None = None
    pixel_format: str | None = None
    bit_rate: int | None = None  # of the video stream alone: appended junk does not count
    frame_rate: Fraction | None = None
    pixel_aspect: Fraction = Fraction(1)  # not 1 for anamorphic (e.g. HDV) recordings


@dataclass(frozen=True)
class PosterInfo:
    """Sizes of the poster and thumbnail, for `width`/`height` attributes that stop layout shift."""

    width: int
    height: int
    thumb_width: int
    thumb_height: int


@dataclass(frozen=True)
class RenditionInfo:
    """The web copy as written, and whether it was re-encoded or only copied into a fresh MP4."""

    path: Path
    width: int
    height: int
    duration: float
    size: int
    reencoded: bool


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
        raise InvalidVideo(NOT_CONVERTED % {"reason": _reason(error)}, "conversion") from error
    return ProcessResult(info, poster, thumbnail, poster_info, rendition)


def probe(path: str | Path) -> VideoDetails:
    """The upload check's findings plus the stream details; refuses videos over the length limit."""
    info = probe_video(path)
    try:
        with _open(path) as media:
            details = _details(info, media)
    except av.FFmpegError as error:
        raise InvalidVideo(NOT_A_VIDEO, "unreadable") from error
    return details


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
        with _replacing(target) as partial:
            image.save(partial, **JPEG_OPTIONS)
    return PosterInfo(poster.width, poster.height, thumb.width, thumb.height)


def make_web_rendition(path: str | Path, info: VideoInfo, out_path: str | Path) -> RenditionInfo:
    """
    The web copy at `out_path`: the upload's own packets in a fresh MP4 when it is already fit
    for the web (see `is_web_ready`), otherwise re-encoded, upright, to fit 1280x720.
    """
    details = info if isinstance(info, VideoDetails) else probe(path)
    reencode = not is_web_ready(details)
    with _replacing(out_path) as partial:
        (_transcode if reencode else _remux)(path, details, partial)
    return _describe(Path(out_path), reencoded=reencode)


def is_web_ready(info: VideoDetails) -> bool:
    """Whether every browser already plays the upload well as it is, once moved into an MP4."""
    rate = info.frame_rate or 0
    return (
        info.format == MP4_DEMUXER
        and info.codec == "h264"
        and info.pixel_format == "yuv420p"
        and info.audio_codec in (None, "aac")
        and info.rotation == 0
        and info.pixel_aspect == 1
        and max(info.width, info.height) <= LONG_SIDE
        and min(info.width, info.height) <= SHORT_SIDE
        and rate <= MAX_FPS + 0.5
        and (info.bit_rate or 0) <= REMUX_MAX_BIT_RATE
    )


def fit_720p(width: int, height: int) -> tuple[int, int]:
    """
    The size within 1280x720 (720x1280 for portrait) that keeps the aspect ratio, never enlarged,
    rounded down to even numbers as H.264's 4:2:0 colour needs.
    """
    scale = min(1.0, LONG_SIDE / max(width, height), SHORT_SIDE / min(width, height))
    return _even(width * scale), _even(height * scale)


# Probing


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


# Poster


def _representative_image(path: str | Path, info: VideoInfo) -> Image.Image:
    """The candidate moment with the most going on, as an upright RGB image."""
    size = _stored_size(info, _fit(_display_size(info), POSTER_LONG_SIDE, POSTER_LONG_SIDE))
    with _open(path) as media:
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
    turn = turns.get(_quarter_turns(rotation))
    return image.transpose(turn) if turn else image


# Web copy


def _remux(path: str | Path, info: VideoDetails, out_path: Path) -> None:
    """Copy the first video and audio streams' packets, untouched, into a fresh MP4."""
    with _open(path) as source, _create_mp4(out_path) as target:
        inputs = [source.streams.video[0], *source.streams.audio[:1]]
        outputs = {stream.index: target.add_stream_from_template(stream) for stream in inputs}
        for packet in source.demux(inputs):
            if packet.dts is None:  # the empty packet that ends each stream
                continue
            packet.stream = outputs[packet.stream.index]
            target.mux(packet)


def _transcode(path: str | Path, info: VideoDetails, out_path: Path) -> None:
    """Decode, turn, scale and re-encode, one frame at a time, keeping the upload's timing."""
    with _open(path) as source, _create_mp4(out_path) as target:
        inputs = [source.streams.video[0], *source.streams.audio[:1]]
        inputs[0].thread_type = "AUTO"
        coders = {inputs[0].index: _VideoCoder(target, inputs[0], info)}
        if len(inputs) > 1:
            coders[inputs[1].index] = _AudioCoder(target, inputs[1])
        damaged = 0
        for packet in source.demux(inputs):
            coder = coders[packet.stream.index]
            try:
                frames = packet.decode()
            except av.InvalidDataError:  # players skip a damaged packet, and so do we
                damaged += 1
                if damaged > MAX_DAMAGED_PACKETS:
                    raise
                continue
            for frame in frames:
                target.mux(coder.encode(frame))
        for coder in coders.values():
            target.mux(coder.encode(None))


class _VideoCoder:
    """
    Frames in, H.264 packets out, through an FFmpeg filter graph that scales and turns them
    (faster than turning pixels in Python). Frames keep their own timestamps, so variable
    frame rates survive; frames closer than 1/30 s to the last one kept are dropped.
    """

    def __init__(
        self, target: av.container.OutputContainer, source: av.VideoStream, info: VideoDetails
    ):
        self.source, self.info = source, info
        size = fit_720p(*_display_size(info))
        self.stored_size = _stored_size(info, size)
        self.graph: av.filter.Graph | None = None
        self.last_pts: int | None = None
        self.min_gap = 0.95 / MAX_FPS  # 5% slack for the jitter of phones' variable timing
        self.stream = self._add_stream(target, size)

    def _add_stream(self, target, size: tuple[int, int]) -> av.VideoStream:
        rate = min(self.info.frame_rate or MAX_FPS, Fraction(MAX_FPS))
        options = {**X264_OPTIONS, "threads": ENCODER_THREADS}
        stream = target.add_stream("libx264", rate=rate, options=options)
        stream.width, stream.height = size
        stream.pix_fmt = "yuv420p"
        context, original = stream.codec_context, self.source.codec_context
        context.time_base = self.source.time_base
        context.gop_size = max(1, round(rate * KEYFRAME_SECONDS))
        context.color_range = 1  # limited ("tv") range, which the scale filter outputs
        context.color_primaries = original.color_primaries
        context.color_trc = original.color_trc
        context.colorspace = original.colorspace
        return stream

    def encode(self, frame: av.VideoFrame | None) -> list[av.Packet]:
        if frame is None:
            return self._flush()
        if not self._keep(frame):
            return []
        if self.graph is None:
            self.graph = self._build_graph(frame)
        self.graph.vpush(frame)
        return self._drain()

    def _keep(self, frame: av.VideoFrame) -> bool:
        """Drop frames over 30 fps; give a frame without a time, or a repeated one, the next."""
        last = self.last_pts
        if last is None:
            frame.pts = frame.pts or 0
        elif frame.pts is None or frame.pts <= last:
            frame.pts = last + max(1, frame.duration or 1)
        elif (frame.pts - last) * self.source.time_base < self.min_gap:
            return False
        self.last_pts = frame.pts
        return True

    def _build_graph(self, frame: av.VideoFrame) -> av.filter.Graph:
        graph = av.filter.Graph()
        buffer = graph.add(
            "buffer",
            video_size=f"{frame.width}x{frame.height}",
            pix_fmt=str(int(frame.format)),
            time_base=str(self.source.time_base),
            pixel_aspect="1/1",  # scaled to explicit square-pixel sizes just below
            **({"range": "pc"} if frame.color_range == 2 else {}),
        )
        width, height = self.stored_size
        chain = [
            buffer,
            graph.add("scale", f"w={width}:h={height}:out_range=tv"),
            graph.add("format", "pix_fmts=yuv420p"),
            *[graph.add(name, args) for name, args in _turn_filters(self.info.rotation)],
            graph.add("buffersink"),
        ]
        graph.link_nodes(*chain).configure()
        return graph

    def _drain(self) -> list[av.Packet]:
        packets = []
        while True:
            try:
                frame = self.graph.vpull()
            except (av.BlockingIOError, av.EOFError):
                return packets
            packets += self.stream.encode(_unforced(frame))

    def _flush(self) -> list[av.Packet]:
        packets = []
        if self.graph is not None:
            self.graph.vpush(None)
            packets = self._drain()
        return packets + self.stream.encode(None)


def _unforced(frame: av.VideoFrame) -> av.VideoFrame:
    """
    The frame without the picture type its decoder gave it (and the filters kept): x264 makes
    a keyframe of every frame marked I, so a phone's frequent keyframes would be copied, and
    the web copy grow up to a fifth heavier. Unmarked, x264 places them every KEYFRAME_SECONDS.
    """
    frame.pict_type = av.video.frame.PictureType.NONE
    return frame


class _AudioCoder:
    """Sound in, AAC out: stereo at 44.1 or 48 kHz, whatever the upload's layout and rate."""

    def __init__(self, target: av.container.OutputContainer, source: av.AudioStream):
        rate = source.rate if source.rate in AUDIO_RATES else AUDIO_RATES[-1]
        self.stream = target.add_stream("aac", rate=rate, layout="stereo")
        self.stream.bit_rate = AUDIO_BIT_RATE
        self.resampler = av.AudioResampler(format="fltp", layout="stereo", rate=rate)

    def encode(self, frame: av.AudioFrame | None) -> list[av.Packet]:
        packets = []
        for resampled in self.resampler.resample(frame):
            packets += self.stream.encode(resampled)
        return packets + (self.stream.encode(None) if frame is None else [])


def _turn_filters(rotation: int) -> list[tuple[str, str]]:
    """FFmpeg filters that turn the picture upright, as its `rotation` (counter-clockwise) asks."""
    return {
        0: [],
        1: [("transpose", "dir=cclock")],
        2: [("hflip", ""), ("vflip", "")],
        3: [("transpose", "dir=clock")],
    }[_quarter_turns(rotation)]


def _describe(path: Path, *, reencoded: bool) -> RenditionInfo:
    with av.open(str(path)) as media:
        video = media.streams.video[0]
        duration = (media.duration or 0) / av.time_base
        width, height = video.codec_context.width, video.codec_context.height
    return RenditionInfo(path, width, height, duration, path.stat().st_size, reencoded)


# Shared


def _display_size(info: VideoInfo) -> tuple[float, float]:
    """The upright size in square pixels: the probe's size, stretched by any pixel aspect."""
    aspect = float(getattr(info, "pixel_aspect", 1))
    if _quarter_turns(info.rotation) % 2:
        return info.width, info.height * aspect
    return info.width * aspect, info.height


def _stored_size(info: VideoInfo, upright: tuple[int, int]) -> tuple[int, int]:
    """An upright size as the frames are stored, before they are turned."""
    return upright[::-1] if _quarter_turns(info.rotation) % 2 else upright


def _fit(size: tuple[float, float], max_width: float, max_height: float) -> tuple[int, int]:
    scale = min(1.0, max_width / size[0], max_height / size[1])
    return max(1, round(size[0] * scale)), max(1, round(size[1] * scale))


def _even(length: float) -> int:
    return max(2, int(length) // 2 * 2)


def _quarter_turns(rotation: int) -> int:
    """Counter-clockwise quarter turns, 0 to 3; phones store -90 (clockwise) for portrait."""
    return round(rotation / 90) % 4


def _reason(error: Exception) -> str:
    """FFmpeg's words for what went wrong, without the server path it likes to include."""
    return getattr(error, "strerror", None) or str(error).split(":")[0] or type(error).__name__


def _open(path: str | Path) -> av.container.InputContainer:
    """Open an upload with the same demuxer allow-list as the upload check."""
    return av.open(str(path), container_options=OPEN_OPTIONS)


def _create_mp4(path: Path) -> av.container.OutputContainer:
    return av.open(str(path), "w", format="mp4", container_options=MP4_OPTIONS)


@contextmanager
def _replacing(target: str | Path) -> Iterator[Path]:
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
