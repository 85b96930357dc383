"""
Video processing: poster, thumbnail and web copy made from one upload on disk.

Noise videos come from `videos.py`. Pictures with a shape (black then bright, half bright to
tell up from down, smooth HD frames that encode quickly) come from `make_frames_video` here.
"""

import os
import struct
from dataclasses import replace
from fractions import Fraction
from pathlib import Path

import av
import pytest
from PIL import Image, ImageDraw, ImageStat

from submissions import video
from submissions.uploads import InvalidVideo
from submissions.video import rendition

from .videos import FAST, encoder, make_audio_only, make_video, truncate

KB = 1024


@pytest.fixture
def media(tmp_path) -> Path:
    folder = tmp_path / "media"
    folder.mkdir()
    return folder


@pytest.fixture
def workdir(tmp_path) -> Path:
    folder = tmp_path / "work"
    folder.mkdir()
    return folder


def make_frames_video(
    path: Path,
    images: list[Image.Image],
    *,
    fps: int = 12,
    rotate: int | None = None,
    pixel_aspect: Fraction | None = None,
    times_ms: list[int] | None = None,
    keyframe_every: int | None = None,
) -> Path:
    """
    An H.264 MP4 or MOV showing `images`, one a frame; `rotate` as `make_video` stores it,
    `pixel_aspect` for pixels that are shown wider than they are stored, `times_ms` for
    frames at uneven times, as phones record in low light, and `keyframe_every` for the
    frequent keyframes of phones and action cameras.
    """
    name = encoder("h264")
    with av.open(str(path), "w", format=path.suffix[1:]) as out:
        stream = out.add_stream(name, rate=fps, options=FAST.get(name, {}))
        stream.width, stream.height = images[0].size
        stream.pix_fmt = "yuv420p"
        if rotate is not None:
            stream.set_display_rotation(rotate)
        if pixel_aspect is not None:
            stream.codec_context.sample_aspect_ratio = pixel_aspect
        if times_ms is not None:
            stream.codec_context.time_base = Fraction(1, 1000)
        if keyframe_every is not None:
            stream.codec_context.gop_size = keyframe_every
        for index, image in enumerate(images):
            frame = av.VideoFrame.from_image(image).reformat(format="yuv420p")
            frame.pts = times_ms[index] if times_ms else index
            out.mux(stream.encode(frame))
        out.mux(stream.encode())
    return path


def smooth_frames(size: tuple[int, int], count: int) -> list[Image.Image]:
    """A moving gradient: real pictures that encode fast, unlike noise at HD sizes."""
    gradient = Image.linear_gradient("L").resize(size).convert("RGB")
    return [gradient.rotate(index * 3) for index in range(count)]


def half_bright(size: tuple[int, int] = (320, 240)) -> Image.Image:
    """White on the left half as stored, black on the right."""
    image = Image.new("RGB", size)
    ImageDraw.Draw(image).rectangle((0, 0, size[0] // 2 - 1, size[1]), fill="white")
    return image


def brightness(image: Image.Image) -> float:
    return ImageStat.Stat(image.convert("L")).mean[0]


def halves(image: Image.Image) -> dict[str, float]:
    """Mean brightness of each half of a picture."""
    w, h = image.size
    return {
        "top": brightness(image.crop((0, 0, w, h // 2))),
        "bottom": brightness(image.crop((0, h // 2, w, h))),
        "left": brightness(image.crop((0, 0, w // 2, h))),
        "right": brightness(image.crop((w // 2, 0, w, h))),
    }


def top_level_boxes(path: Path) -> tuple[list[str], int]:
    """The MP4's top-level boxes in file order, and how many bytes follow the last one."""
    data, offset, names = path.read_bytes(), 0, []
    while offset + 8 <= len(data):
        size, name = struct.unpack(">I4s", data[offset : offset + 8])
        if size == 1:
            size = struct.unpack(">Q", data[offset + 8 : offset + 16])[0]
        elif size == 0:
            size = len(data) - offset
        if size < 8 or offset + size > len(data):
            break
        names.append(name.decode("latin-1"))
        offset += size
    return names, len(data) - offset


def first_frame(path: Path) -> av.VideoFrame:
    with av.open(str(path)) as media:
        return next(media.decode(video=0))


def keyframes(path: Path) -> int:
    with av.open(str(path)) as media:
        return sum(packet.is_keyframe for packet in media.demux(video=0) if packet.size)


def streams_of(path: Path) -> dict[str, str]:
    with av.open(str(path)) as media:
        return {stream.type: stream.codec_context.name for stream in media.streams}


def assert_plays_from_the_start(path: Path) -> None:
    boxes, trailing = top_level_boxes(path)
    assert boxes.index("moov") < boxes.index("mdat")
    assert trailing == 0


# Probing


def test_probe_reports_codecs_sizes_and_length(media):
    info = video.probe(make_video(media / "clip.mp4", seconds=2, audio=True))
    assert (info.codec, info.audio_codec, info.pixel_format) == ("h264", "aac", "yuv420p")
    assert (info.width, info.height, info.rotation, info.has_audio) == (320, 240, 0, True)
    assert info.duration == pytest.approx(2, abs=0.1)
    assert info.frame_rate == 12 and info.bit_rate > 0


def test_probe_reports_a_phone_video_at_its_upright_size(media):
    info = video.probe(make_video(media / "phone.mp4", rotate=-90))
    assert (info.width, info.height, info.rotation) == (240, 320, -90)


def test_a_video_over_the_length_limit_is_refused_with_both_lengths(media, settings):
    settings.VIDEO_MAX_SECONDS = 1
    with pytest.raises(InvalidVideo) as refused:
        video.probe(make_video(media / "long.mp4", seconds=2))
    assert (refused.value.code, refused.value.details) == ("too_long", {"seconds": 2, "limit": 1})
    assert refused.value.message.startswith(
        "This video is 0:02 long, and the most we can take is 0:01 (minutes:seconds)."
    )


def test_the_length_limit_defaults_to_thirty_minutes_without_a_setting(media, settings):
    del settings.VIDEO_MAX_SECONDS
    assert video.probe(make_video(media / "clip.mp4")).duration == pytest.approx(1, abs=0.1)


@pytest.mark.parametrize(
    "make, code",
    [
        (lambda media: truncate(make_video(media / "cut.mp4", faststart=True), 0.5), "incomplete"),
        (lambda media: make_audio_only(media / "sound.mp4"), "no_video"),
    ],
    ids=["truncated", "audio-only"],
)
def test_a_file_that_is_not_a_whole_video_is_refused_by_process(media, workdir, make, code):
    with pytest.raises(InvalidVideo) as refused:
        video.process(make(media), workdir)
    assert refused.value.code == code and refused.value.message
    assert list(workdir.iterdir()) == []


def test_an_over_long_video_is_refused_by_process_and_leaves_nothing(media, workdir, settings):
    settings.VIDEO_MAX_SECONDS = 1
    with pytest.raises(InvalidVideo, match="0:02"):
        video.process(make_video(media / "long.mp4", seconds=2), workdir)
    assert list(workdir.iterdir()) == []


def test_a_conversion_failure_is_an_invalid_video_that_leaves_nothing(media, workdir, monkeypatch):
    def broken(*args):
        raise av.error.InvalidDataError(1094995529, "Invalid data found", "/tmp/secret/path")

    monkeypatch.setattr(rendition, "_transcode", broken)
    with pytest.raises(InvalidVideo) as refused:
        video.process(make_video(media / "clip.webm"), workdir)
    assert (refused.value.code, refused.value.details) == (
        "conversion",
        {"reason": "Invalid data found"},
    )
    assert refused.value.message.startswith("The video could not be converted (Invalid data")
    assert "/tmp/secret" not in refused.value.message
    assert list(workdir.iterdir()) == []


# Poster and thumbnail


def test_the_poster_and_thumbnail_are_progressive_jpegs_at_the_video_size(media, workdir):
    clip = make_frames_video(media / "hd.mp4", smooth_frames((1920, 1080), 12))
    info = video.make_poster(clip, video.probe(clip), workdir / "p.jpg", workdir / "t.jpg")
    with Image.open(workdir / "p.jpg") as poster, Image.open(workdir / "t.jpg") as thumb:
        assert (poster.format, poster.size, poster.info.get("progressive")) == (
            "JPEG",
            (1280, 720),
            1,
        )
        assert (thumb.format, thumb.size) == ("JPEG", (480, 270))
    assert (info.width, info.height, info.thumb_width, info.thumb_height) == (1280, 720, 480, 270)


def test_a_small_video_is_never_enlarged_for_its_thumbnail(media, workdir):
    clip = make_video(media / "small.mp4")
    video.make_poster(clip, video.probe(clip), workdir / "p.jpg", workdir / "t.jpg")
    with Image.open(workdir / "t.jpg") as thumb:
        assert thumb.size == (320, 240)


def test_the_poster_skips_a_black_opening_for_a_moment_with_something_in_it(media, workdir):
    bright = smooth_frames((320, 240), 1)[0]
    frames = [Image.new("RGB", (320, 240))] * 8 + [bright] * 16  # 2 s, the first 0.67 s black
    clip = make_frames_video(media / "fade-in.mp4", frames)
    video.make_poster(clip, video.probe(clip), workdir / "p.jpg", workdir / "t.jpg")
    with Image.open(workdir / "p.jpg") as poster:
        assert brightness(poster) > 60
        assert ImageStat.Stat(poster.convert("L")).stddev[0] > 30


# The file is stored white on the left; players turn it by its rotation (counter-clockwise).
TURNS = [(-90, "top", (240, 320)), (90, "bottom", (240, 320)), (180, "right", (320, 240))]


@pytest.mark.parametrize("rotation, bright_side, size", TURNS)
def test_the_poster_of_a_turned_video_is_upright(media, workdir, rotation, bright_side, size):
    clip = make_frames_video(media / "turned.mp4", [half_bright()] * 6, rotate=rotation)
    video.make_poster(clip, video.probe(clip), workdir / "p.jpg", workdir / "t.jpg")
    with Image.open(workdir / "p.jpg") as poster:
        assert poster.size == size
        sides = halves(poster)
        assert sides[bright_side] > 200 and max(sides.values()) == sides[bright_side]


# Web copy

READY = video.VideoDetails(
    format="mov,mp4,m4a,3gp,3g2,mj2",
    codec="h264",
    width=1280,
    height=720,
    duration=60,
    has_audio=True,
    audio_codec="aac",
    pixel_format="yuv420p",
    bit_rate=3_000_000,
    frame_rate=Fraction(30000, 1001),
)


def test_an_h264_aac_upright_720p_mp4_or_mov_is_web_ready():
    assert video.is_web_ready(READY)
    assert video.is_web_ready(replace(READY, width=720, height=1280, has_audio=False))
    assert video.is_web_ready(replace(READY, audio_codec=None))


@pytest.mark.parametrize(
    "change",
    [
        {"format": "matroska,webm"},
        {"codec": "hevc"},
        {"audio_codec": "opus"},
        {"pixel_format": "yuv420p10le"},
        {"rotation": -90},
        {"width": 1920, "height": 1080},
        {"frame_rate": Fraction(60)},
        {"bit_rate": 20_000_000},
        {"pixel_aspect": Fraction(4, 3)},
    ],
    ids=lambda change: next(iter(change)),
)
def test_anything_else_is_not_web_ready(change):
    assert not video.is_web_ready(replace(READY, **change))


@pytest.mark.parametrize(
    "size, fitted",
    [
        ((1920, 1080), (1280, 720)),
        ((1080, 1920), (720, 1280)),
        ((3840, 2160), (1280, 720)),
        ((2560, 1080), (1280, 540)),
        ((1280, 720), (1280, 720)),
        ((640, 360), (640, 360)),
        ((321, 241), (320, 240)),
    ],
)
def test_fit_720p_keeps_the_shape_never_enlarges_and_gives_even_sizes(size, fitted):
    assert video.fit_720p(*size) == fitted


@pytest.mark.parametrize("rotation, bright_side, size", TURNS)
def test_the_web_copy_of_a_turned_video_is_turned_upright_without_rotation_metadata(
    media, workdir, rotation, bright_side, size
):
    clip = make_frames_video(media / "turned.mp4", [half_bright()] * 6, rotate=rotation)
    result = video.make_web_rendition(clip, video.probe(clip), workdir / "web.mp4")
    assert result.reencoded and (result.width, result.height) == size
    frame = first_frame(result.path)
    assert frame.rotation == 0
    sides = halves(frame.to_image())
    assert sides[bright_side] > 200 and max(sides.values()) == sides[bright_side]


def test_a_phone_video_with_sound_becomes_an_upright_portrait_h264_aac_mp4(media, workdir):
    clip = make_video(media / "phone.mp4", seconds=2, audio=True, rotate=-90)
    result = video.process(clip, workdir)
    assert result.rendition.reencoded
    assert (result.rendition.width, result.rendition.height) == (240, 320)
    assert result.poster_info.width < result.poster_info.height
    assert streams_of(result.rendition.path) == {"video": "h264", "audio": "aac"}
    assert result.rendition.duration == pytest.approx(2, abs=0.1)
    assert_plays_from_the_start(result.rendition.path)


@pytest.mark.parametrize("name", ["clip.webm", "clip.mp4"])
def test_vp9_or_rotated_h264_is_reencoded_to_high_profile_h264_and_aac(media, workdir, name):
    rotate = -90 if name.endswith(".mp4") else None
    clip = make_video(media / name, seconds=2, audio=True, rotate=rotate)
    result = video.make_web_rendition(clip, video.probe(clip), workdir / "web.mp4")
    assert result.reencoded
    with av.open(str(result.path)) as out:
        picture, sound = out.streams.video[0], out.streams.audio[0]
        assert (picture.codec_context.name, picture.codec_context.profile) == ("h264", "High")
        assert picture.codec_context.pix_fmt == "yuv420p"
        assert (sound.codec_context.name, sound.rate, sound.layout.name) == (
            "aac",
            48000,
            "stereo",
        )
    assert result.duration == pytest.approx(2, abs=0.1)
    assert_plays_from_the_start(result.path)


def test_a_video_without_sound_gets_a_web_copy_without_sound(media, workdir):
    clip = make_video(media / "silent.webm", seconds=2)
    result = video.make_web_rendition(clip, video.probe(clip), workdir / "web.mp4")
    assert result.reencoded and streams_of(result.path) == {"video": "h264"}
    assert result.duration == pytest.approx(2, abs=0.1)


@pytest.mark.parametrize(
    "size, expected", [((1920, 1080), (1280, 720)), ((1080, 1920), (720, 1280))]
)
def test_a_large_video_is_scaled_to_720p_keeping_its_shape(media, workdir, size, expected):
    clip = make_frames_video(media / "large.mp4", smooth_frames(size, 12))
    result = video.make_web_rendition(clip, video.probe(clip), workdir / "web.mp4")
    assert result.reencoded and (result.width, result.height) == expected
    assert result.duration == pytest.approx(1, abs=0.1)


def test_odd_sizes_become_even_without_being_enlarged(media, workdir):
    clip = make_video(media / "odd.webm", size=(321, 241))
    result = video.make_web_rendition(clip, video.probe(clip), workdir / "web.mp4")
    assert (result.width, result.height) == (320, 240)


def test_pixels_stored_narrower_than_shown_are_widened_to_square_ones(media, workdir):
    clip = make_frames_video(
        media / "hdv.mp4", smooth_frames((320, 240), 6), pixel_aspect=Fraction(4, 3)
    )
    info = video.probe(clip)
    result = video.make_web_rendition(clip, info, workdir / "web.mp4")
    poster = video.make_poster(clip, info, workdir / "p.jpg", workdir / "t.jpg")
    assert result.reencoded and (result.width, result.height) == (426, 240)
    assert (poster.width, poster.height) == (427, 240)


def test_frames_at_uneven_times_keep_their_times(media, workdir):
    times_ms = [0, 40, 150, 190, 400, 433, 700, 900]
    frames = smooth_frames((320, 240), len(times_ms))
    clip = make_frames_video(media / "vfr.mov", frames, times_ms=times_ms, rotate=180)
    result = video.make_web_rendition(clip, video.probe(clip), workdir / "web.mp4")
    with av.open(str(result.path)) as out:
        times = [round(frame.time * 1000) for frame in out.decode(video=0)]
    assert result.reencoded and times == times_ms


def test_the_web_copy_places_its_own_keyframes_whatever_the_upload_had(media, workdir):
    frames = smooth_frames((320, 240), 24)
    clip = make_frames_video(media / "keyframes.mov", frames, keyframe_every=1, rotate=180)
    assert keyframes(clip) == 24  # every frame, which would make the web copy far heavier
    result = video.make_web_rendition(clip, video.probe(clip), workdir / "web.mp4")
    assert result.reencoded
    assert keyframes(result.path) == 1  # 2 s at 12 fps: one keyframe every KEYFRAME_SECONDS


def test_sixty_frames_a_second_are_halved_keeping_the_length(media, workdir):
    clip = make_video(media / "fast.mp4", fps=60)
    result = video.make_web_rendition(clip, video.probe(clip), workdir / "web.mp4")
    assert result.reencoded
    with av.open(str(result.path)) as out:
        frames = sum(1 for _ in out.decode(video=0))
    assert frames == 30
    assert result.duration == pytest.approx(1, abs=0.1)


@pytest.mark.parametrize("name", ["ready.mp4", "ready.mov"])
def test_a_web_ready_upload_is_copied_not_reencoded(media, workdir, name):
    clip = make_video(media / name, seconds=2, audio=True)
    result = video.make_web_rendition(clip, video.probe(clip), workdir / "web.mp4")
    assert not result.reencoded
    assert streams_of(result.path) == {"video": "h264", "audio": "aac"}
    assert result.duration == pytest.approx(2, abs=0.1)
    assert_plays_from_the_start(result.path)


def test_a_web_ready_720p_upload_is_copied_at_its_size(media, workdir):
    clip = make_frames_video(media / "hd.mp4", smooth_frames((1280, 720), 12))
    result = video.make_web_rendition(clip, video.probe(clip), workdir / "web.mp4")
    assert not result.reencoded and (result.width, result.height) == (1280, 720)


def test_data_appended_after_a_web_ready_video_is_dropped(media, workdir):
    clip = make_video(media / "ready.mp4", seconds=2, audio=True, faststart=True)
    original = clip.stat().st_size
    with clip.open("ab") as file:
        file.write(os.urandom(100 * KB))
    result = video.make_web_rendition(clip, video.probe(clip), workdir / "web.mp4")
    assert not result.reencoded
    assert result.size == pytest.approx(original, rel=0.02)
    assert_plays_from_the_start(result.path)


# The whole run


def test_process_writes_poster_thumbnail_and_web_copy_and_can_run_again(media, workdir):
    clip = make_video(media / "clip.webm", audio=True)
    first = video.process(clip, workdir)
    second = video.process(clip, workdir)
    assert first.rendition.reencoded and second.rendition.reencoded
    assert sorted(path.name for path in workdir.iterdir()) == ["poster.jpg", "thumb.jpg", "web.mp4"]
    assert second.poster == workdir / "poster.jpg" and second.thumbnail == workdir / "thumb.jpg"
    assert second.rendition.path == workdir / "web.mp4"
    assert second.rendition.size == (workdir / "web.mp4").stat().st_size
    assert second.info.codec == "vp9" and second.info.audio_codec == "opus"
