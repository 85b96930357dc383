"""
The web copy: the upload's own packets in a fresh MP4 when they already suit every browser,
otherwise decoded, turned upright, scaled to 720p and re-encoded as H.264 and AAC.
"""

import os
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import av

from ..uploads import VideoInfo
from .probe import VideoDetails, probe
from .shared import display_size, open_upload, quarter_turns, replacing, stored_size

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
MAX_DAMAGED_PACKETS = 25  # more than a glitch: the file is broken, and so would its copy be


@dataclass(frozen=True)
class RenditionInfo:
    """The web copy as written, and whether it was re-encoded or only copied into a fresh MP4."""

    path: Path
    width: int
    height: int
    duration: float
    size: int
    reencoded: bool


def make_web_rendition(path: str | Path, info: VideoInfo, out_path: str | Path) -> RenditionInfo:
    """
    The web copy at `out_path`: the upload's own packets in a fresh MP4 when it is already fit
    for the web (see `is_web_ready`), otherwise re-encoded, upright, to fit 1280x720.
    """
    details = info if isinstance(info, VideoDetails) else probe(path)
    reencode = not is_web_ready(details)
    with replacing(out_path) as partial:
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


def _remux(path: str | Path, info: VideoDetails, out_path: Path) -> None:
    """Copy the first video and audio streams' packets, untouched, into a fresh MP4."""
    with open_upload(path) as source, _create_mp4(out_path) as target:
        inputs = [source.streams.video[0], *source.streams.audio[:1]]
        outputs = {stream.index: target.add_stream_from_template(stream) for stream in inputs}
        for packet in source.demux(inputs):
            if packet.dts is None:  # the empty packet that ends each stream
                continue
            packet.stream = outputs[packet.stream.index]
            target.mux(packet)


def _transcode(path: str | Path, info: VideoDetails, out_path: Path) -> None:
    """Decode, turn, scale and re-encode, one frame at a time, keeping the upload's timing."""
    with open_upload(path) as source, _create_mp4(out_path) as target:
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
        size = fit_720p(*display_size(info))
        self.stored_size = stored_size(info, size)
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
    }[quarter_turns(rotation)]


def _describe(path: Path, *, reencoded: bool) -> RenditionInfo:
    with av.open(str(path)) as media:
        video = media.streams.video[0]
        duration = (media.duration or 0) / av.time_base
        width, height = video.codec_context.width, video.codec_context.height
    return RenditionInfo(path, width, height, duration, path.stat().st_size, reencoded)


def _even(length: float) -> int:
    return max(2, int(length) // 2 * 2)


def _create_mp4(path: Path) -> av.container.OutputContainer:
    return av.open(str(path), "w", format="mp4", container_options=MP4_OPTIONS)
