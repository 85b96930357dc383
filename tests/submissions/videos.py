"""
Test media made on the spot with PyAV: small, fast (well under half a second each), no downloads.

Frames are random noise so that files have real weight: a truncation cuts through picture data
and a size limit of a few KB is easily crossed. The PyAV wheel bundles its own FFmpeg; its H.264
encoder is libx264 (`av.Codec("h264", "w")` resolves to it). Where an encoder is missing,
`encoder()` falls back to one FFmpeg always has (mpeg4), or to VP8 for WebM.
"""

import os
import random
from pathlib import Path

import av

FALLBACKS = {"h264": ("libx264", "libopenh264", "mpeg4"), "libvpx-vp9": ("libvpx", "vp8")}
FORMATS = {".mp4": "mp4", ".mov": "mov", ".webm": "webm", ".mkv": "matroska", ".avi": "avi"}
FAST = {  # encoder options that trade quality for speed; one thread starts far sooner
    "libx264": {"preset": "ultrafast", "threads": "1"},
    "libx265": {"preset": "ultrafast", "x265-params": "log-level=none:pools=none:frame-threads=1"},
    "libvpx-vp9": {"deadline": "realtime", "cpu-used": "8", "lag-in-frames": "0", "threads": "1"},
    "libvpx": {"deadline": "realtime", "cpu-used": "16", "lag-in-frames": "0", "threads": "1"},
}


def encoder(codec: str) -> str:
    """The name of an encoder this PyAV build has: `codec` itself, or its nearest fallback."""
    for name in (codec, *FALLBACKS.get(codec, ())):
        try:
            return av.Codec(name, "w").name
        except av.codec.codec.UnknownCodecError:
            continue
    raise LookupError(f"No encoder for {codec} in this PyAV build.")


def make_video(
    path: Path,
    *,
    seconds: float = 1,
    size: tuple[int, int] = (320, 240),
    fps: int = 12,
    codec: str | None = None,
    container: str | None = None,
    audio: bool = False,
    rotate: int | None = None,
    faststart: bool = False,
) -> Path:
    """
    Write a video of noise. The container follows the suffix unless given ("mp4", "webm", ...),
    and the codec defaults to VP9 for WebM, H.264 otherwise. `rotate` stores a display
    rotation, as phones do; `faststart` puts the MP4 index at the front.
    """
    path = Path(path)
    name = encoder(codec or ("libvpx-vp9" if path.suffix == ".webm" else "h264"))
    options = {"movflags": "faststart"} if faststart else {}
    with av.open(str(path), "w", format=container or FORMATS[path.suffix], options=options) as out:
        video = out.add_stream(name, rate=fps, options=FAST.get(name, {}))
        video.width, video.height, video.pix_fmt = *size, "yuv420p"
        if rotate is not None:
            video.set_display_rotation(rotate)
        sound = _add_audio(out, path) if audio else None
        noise = random.Random(len(str(path)))
        for index in range(int(seconds * fps)):
            frame = av.VideoFrame(*size, "yuv420p")
            for plane in frame.planes:
                plane.update(noise.randbytes(plane.buffer_size))
            frame.pts = index
            out.mux(video.encode(frame))
        out.mux(video.encode())
        if sound:
            _write_silence(out, sound, seconds)
    return path


def make_audio_only(path: Path, *, seconds: float = 1) -> Path:
    """A file with sound and no picture: AAC in .mp4/.mov/.m4a, Opus in .webm."""
    path = Path(path)
    with av.open(str(path), "w", format=FORMATS.get(path.suffix, "mp4")) as out:
        _write_silence(out, _add_audio(out, path), seconds)
    return path


def make_image(path: Path, *, size: tuple[int, int] = (64, 48)) -> Path:
    """A still image in the format its suffix names (.png, .jpg or .gif), written by FFmpeg."""
    path = Path(path)
    codec, pix_fmt, muxer = {
        ".png": ("png", "rgb24", "image2"),
        ".jpg": ("mjpeg", "yuvj420p", "image2"),
        ".gif": ("gif", "rgb8", "gif"),
    }[path.suffix]
    with av.open(str(path), "w", format=muxer) as out:
        stream = out.add_stream(codec, rate=1)
        stream.width, stream.height, stream.pix_fmt = *size, pix_fmt
        frame = av.VideoFrame(*size, "rgb24")
        frame.planes[0].update(bytes(i % 256 for i in range(frame.planes[0].buffer_size)))
        out.mux(stream.encode(frame.reformat(format=pix_fmt)))
        out.mux(stream.encode())
    return path


def truncate(path: Path, fraction: float) -> Path:
    """Cut the file to `fraction` of its size, as an interrupted copy or download would."""
    os.truncate(path, int(os.path.getsize(path) * fraction))
    return Path(path)


def truncate_after_frame(path: Path, frame: int) -> Path:
    """Cut an MP4 or MOV (whose index lists every frame) exactly where a frame's data ends."""
    with av.open(str(path)) as media:
        entry = media.streams.video[0].index_entries[frame]
    os.truncate(path, entry.pos + entry.size)
    return Path(path)


def _add_audio(out, path: Path):
    codec = "libopus" if path.suffix == ".webm" else "aac"
    return out.add_stream(codec, rate=48000, layout="mono")


def _write_silence(out, stream, seconds: float) -> None:
    samples = stream.codec_context.frame_size or 960
    for index in range(int(seconds * 48000 / samples)):
        frame = av.AudioFrame(format=stream.format.name, layout="mono", samples=samples)
        for plane in frame.planes:
            plane.update(bytes(plane.buffer_size))
        frame.sample_rate, frame.pts = 48000, index * samples
        out.mux(stream.encode(frame))
    out.mux(stream.encode())
