"""
Video uploads: streamed to disk under a size limit, and refused unless they are a whole video.

Media are made on the spot by `videos.py`. The handler is driven through Django's own
MultiPartParser with a body produced piece by piece, and through a tiny view (this module is
also its urlconf) to check the decorator and CSRF together.
"""

import io
import os
import tracemalloc
import zipfile
from itertools import chain
from pathlib import Path

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.http import JsonResponse
from django.http.multipartparser import MultiPartParser
from django.test import Client
from django.urls import path

from submissions import uploads
from submissions.models import video_upload_path
from submissions.uploads import (
    OversizedUpload,
    SizeLimitedUploadHandler,
    VideoFileField,
    streamed_upload,
    validate_video_upload,
)

from .videos import (
    make_audio_only,
    make_image,
    make_video,
    truncate,
    truncate_after_frame,
)

KB, MB = 1024, 1024 * 1024
MP4_FORMAT = "mov,mp4,m4a,3gp,3g2,mj2"


@pytest.fixture(autouse=True)
def upload_dir(settings, tmp_path) -> Path:
    """Temporary uploads in a folder of their own, so a test can see what was left behind."""
    folder = tmp_path / "uploads"
    folder.mkdir()
    settings.FILE_UPLOAD_TEMP_DIR = str(folder)
    return folder


@pytest.fixture
def media(tmp_path) -> Path:
    folder = tmp_path / "media"
    folder.mkdir()
    return folder


def as_upload(file: Path, name: str | None = None) -> TemporaryUploadedFile:
    """The file as Django's upload handler leaves it: streamed into a temporary file."""
    data = file.read_bytes()
    upload = TemporaryUploadedFile(name or file.name, "video/mp4", len(data), None)
    upload.write(data)
    upload.flush()
    upload.seek(0)
    return upload


def refusal(upload) -> ValidationError:
    with pytest.raises(ValidationError) as refused:
        VideoFileField().clean(upload)
    return refused.value


def renamed(file: Path, name: str) -> Path:
    return file.rename(file.with_name(name))


# Accepted -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "codec", "expected_codec"),
    [
        ("pattern.mp4", "h264", "h264"),
        ("pattern.webm", "libvpx-vp9", "vp9"),
        ("pattern.webm", "libvpx", "vp8"),
        ("pattern.mov", "h264", "h264"),
        ("pattern.mov", "mpeg4", "mpeg4"),
        ("iphone.mov", "hevc", "hevc"),
    ],
)
def test_a_real_video_is_accepted_with_its_size_and_length(media, name, codec, expected_codec):
    video = make_video(media / name, codec=codec, size=(320, 240), seconds=1)

    upload = VideoFileField().clean(as_upload(video))

    info = upload.video_info
    assert (info.codec, info.width, info.height) == (expected_codec, 320, 240)
    assert info.duration == pytest.approx(1.0, abs=0.05)
    assert info.format in {MP4_FORMAT, "matroska,webm"}
    assert not info.has_audio
    assert os.path.exists(upload.temporary_file_path()), "an accepted upload is kept for saving"


@pytest.mark.parametrize("name", ["pattern.mp4", "pattern.webm"])
def test_a_video_with_sound_is_accepted_and_says_so(media, name):
    codec = "libvpx-vp9" if name.endswith(".webm") else "h264"
    video = make_video(media / name, codec=codec, audio=True)

    assert VideoFileField().clean(as_upload(video)).video_info.has_audio


def test_a_phone_video_stored_on_its_side_reports_the_size_it_is_shown_at(media):
    video = make_video(media / "portrait.mp4", size=(320, 240), rotate=90)

    info = validate_video_upload(as_upload(video))

    assert (info.width, info.height, abs(info.rotation)) == (240, 320, 90)


def test_a_video_held_in_memory_is_checked_and_its_copy_removed(media, upload_dir):
    data = make_video(media / "pattern.mp4").read_bytes()
    upload = SimpleUploadedFile("pattern.mp4", data, "video/mp4")

    info = validate_video_upload(upload)

    assert (info.width, info.height) == (320, 240)
    assert list(upload_dir.iterdir()) == []
    assert upload.read() == data, "the upload is left readable from its start"


# Refused, by content ---------------------------------------------------------------------


def text_renamed(folder: Path) -> Path:
    (file := folder / "pattern.mp4").write_text("Lie on your back and bend your knees.\n" * 50)
    return file


def html_renamed(folder: Path) -> Path:
    (file := folder / "pattern.mp4").write_text("<!doctype html><title>Hi</title><p>Hello</p>")
    return file


def svg_renamed(folder: Path) -> Path:
    svg = '<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"><rect width="9"/></svg>'
    (file := folder / "pattern.mp4").write_text(svg)
    return file


def zip_of_a_video(folder: Path) -> Path:
    video = make_video(folder / "inside.mp4")
    with zipfile.ZipFile(folder / "pattern.mp4", "w") as archive:
        archive.write(video, "inside.mp4")
    return folder / "pattern.mp4"


def empty(folder: Path) -> Path:
    (file := folder / "pattern.mp4").touch()
    return file


NOT_A_VIDEO = "This file is not a video we can read. Please upload an MP4, WebM or MOV file."
INCOMPLETE = "This video seems to be incomplete"
NO_VIDEO = "This file has no video in it (only sound?). Please upload an MP4, WebM or MOV file."


@pytest.mark.parametrize(
    ("make", "code", "message"),
    [
        pytest.param(text_renamed, "unreadable", NOT_A_VIDEO, id="text-renamed-mp4"),
        pytest.param(
            lambda d: truncate(make_video(d / "p.mp4"), 0.5), "unreadable", NOT_A_VIDEO,
            id="mp4-cut-at-half",
        ),
        pytest.param(
            lambda d: truncate(make_video(d / "p.mp4"), 0.1), "unreadable", NOT_A_VIDEO,
            id="mp4-cut-at-a-tenth",
        ),
        pytest.param(
            lambda d: truncate(make_video(d / "p.mp4", faststart=True), 0.5), "incomplete",
            INCOMPLETE, id="mp4-index-first-cut-at-half",
        ),
        pytest.param(
            lambda d: truncate_after_frame(make_video(d / "p.mp4", seconds=2, faststart=True), 12),
            "incomplete", INCOMPLETE, id="mp4-cut-exactly-between-frames",
        ),
        pytest.param(
            lambda d: truncate(make_video(d / "p.webm", seconds=2, size=(160, 120)), 0.5),
            "incomplete", INCOMPLETE, id="webm-cut-at-half",
        ),
        pytest.param(
            lambda d: renamed(make_image(d / "p.png"), "p.mp4"), "unreadable", NOT_A_VIDEO,
            id="png-renamed-mp4",
        ),
        pytest.param(
            lambda d: renamed(make_image(d / "p.jpg"), "p.mp4"), "unreadable", NOT_A_VIDEO,
            id="jpeg-renamed-mp4",
        ),
        pytest.param(
            lambda d: renamed(make_image(d / "p.gif"), "p.mp4"), "unreadable", NOT_A_VIDEO,
            id="gif-renamed-mp4",
        ),
        pytest.param(
            lambda d: renamed(make_video(d / "p.avi", codec="mpeg4"), "p.mp4"), "unreadable",
            NOT_A_VIDEO, id="avi-renamed-mp4",
        ),
        pytest.param(html_renamed, "unreadable", NOT_A_VIDEO, id="html-renamed-mp4"),
        pytest.param(svg_renamed, "unreadable", NOT_A_VIDEO, id="svg-renamed-mp4"),
        pytest.param(zip_of_a_video, "unreadable", NOT_A_VIDEO, id="zip-holding-a-video"),
        pytest.param(empty, "empty", "The file is empty.", id="zero-bytes"),
        pytest.param(
            lambda d: make_audio_only(d / "p.mp4"), "no_video", NO_VIDEO,
            id="aac-sound-only-mp4",
        ),
        pytest.param(
            lambda d: make_audio_only(d / "p.webm"), "no_video", NO_VIDEO,
            id="opus-sound-only-webm",
        ),
    ],
)  # fmt: skip
def test_a_file_that_is_not_a_whole_video_is_refused_and_removed(
    media, upload_dir, make, code, message
):
    upload = as_upload(make(media))

    error = refusal(upload)

    assert error.code == code
    assert error.messages[0].startswith(message)
    assert not os.path.exists(upload.temporary_file_path())
    assert list(upload_dir.iterdir()) == []


@pytest.mark.parametrize("name", ["pattern.avi", "pattern.mkv", "pattern.html", "pattern"])
def test_a_file_not_named_mp4_webm_or_mov_is_refused_before_it_is_opened(media, name):
    upload = as_upload(make_video(media / "pattern.mp4"), name=name)

    error = refusal(upload)

    assert (error.code, error.messages) == (
        "extension",
        ["Please upload an MP4, WebM or MOV file."],
    )
    assert not os.path.exists(upload.temporary_file_path())


def test_an_image_is_refused_even_if_ffmpeg_were_allowed_every_demuxer(media, monkeypatch):
    monkeypatch.setattr(uploads, "OPEN_OPTIONS", {})
    upload = as_upload(renamed(make_image(media / "photo.png"), "photo.mp4"))

    assert refusal(upload).code == "format"


def test_a_file_over_the_size_limit_is_refused_as_too_large(media, settings, upload_dir):
    settings.SUBMISSION_MAX_UPLOAD_BYTES = 50 * KB
    upload = as_upload(make_video(media / "pattern.mp4"))
    assert upload.size > 50 * KB

    error = refusal(upload)

    assert error.code == "too_large"
    assert "too large" in error.messages[0]
    assert "50.0\xa0KB" in error.messages[0]
    assert list(upload_dir.iterdir()) == []


def test_the_stored_name_is_ours_never_the_readers():
    name = video_upload_path(None, "../../My Holiday <script>.MP4")

    assert name.startswith("submissions/") and name.endswith(".mp4")
    assert len(Path(name).stem) == 32 and "Holiday" not in name


# The streaming handler, through Django's multipart parser ---------------------------------

BOUNDARY = "somatics-test-boundary"
BLOCK = b"v" * (64 * KB)


class StreamedBody(io.RawIOBase):
    """A request body made piece by piece: an int piece is that many bytes of file content."""

    def __init__(self, pieces: list[bytes | int]):
        self.pieces = chain.from_iterable(
            [piece] if isinstance(piece, bytes) else self._content(piece) for piece in pieces
        )
        self.pending = memoryview(b"")

    @staticmethod
    def _content(size: int):
        for start in range(0, size, len(BLOCK)):
            yield BLOCK[: min(len(BLOCK), size - start)]

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if not self.pending:
            self.pending = memoryview(next(self.pieces, b""))
        count = min(len(buffer), len(self.pending))
        buffer[:count] = self.pending[:count]
        self.pending = self.pending[count:]
        return count


def field(name: str, value: str) -> list[bytes | int]:
    return [
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
    ]


def file(name: str, filename: str, size: int) -> list[bytes | int]:
    head = (
        f"--{BOUNDARY}\r\n"
        f'Content-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
        "Content-Type: video/mp4\r\n\r\n"
    )
    return [head.encode(), size, b"\r\n"]


def parse(*parts: list[bytes | int], handler_class=SizeLimitedUploadHandler, body_class=None):
    pieces = [*chain.from_iterable(parts), f"--{BOUNDARY}--\r\n".encode()]
    length = sum(piece if isinstance(piece, int) else len(piece) for piece in pieces)
    meta = {
        "CONTENT_TYPE": f"multipart/form-data; boundary={BOUNDARY}",
        "CONTENT_LENGTH": str(length),
    }
    handler = handler_class(None)
    body = (body_class or StreamedBody)(pieces)
    post, files = MultiPartParser(meta, body, [handler]).parse()
    return post, files, handler


class ReadSizes(StreamedBody):
    """A body that notes the size of every read the parser asks of it."""

    reads: list[int] = []

    def readinto(self, buffer) -> int:
        ReadSizes.reads.append(len(buffer))
        return super().readinto(buffer)


class RecordingHandler(SizeLimitedUploadHandler):
    """Notes how many bytes sit in the upload folder after every chunk."""

    def __init__(self, request=None):
        super().__init__(request)
        self.on_disk: list[int] = []

    def receive_data_chunk(self, raw_data, start):
        result = super().receive_data_chunk(raw_data, start)
        if not self.file.closed:
            self.file.flush()
        folder = Path(self.file.temporary_file_path()).parent
        self.on_disk.append(sum(entry.stat().st_size for entry in folder.iterdir()))
        return result


def test_a_file_within_the_limit_arrives_whole_in_a_temporary_file(settings):
    settings.SUBMISSION_MAX_UPLOAD_BYTES = 1 * MB

    _, files, _ = parse(file("video", "pattern.mp4", 300 * KB))

    video = files["video"]
    assert isinstance(video, TemporaryUploadedFile)
    assert os.path.getsize(video.temporary_file_path()) == video.size == 300 * KB
    video.close()


@pytest.mark.parametrize("order", ["fields-before-file", "fields-after-file", "fields-around-file"])
def test_a_file_over_the_limit_is_not_written_past_it_and_the_other_fields_still_arrive(
    settings, upload_dir, order
):
    settings.SUBMISSION_MAX_UPLOAD_BYTES = 200 * KB
    video = file("video", "pattern.mp4", 3 * MB)
    title, notes = field("title", "Cat–cow, slowly"), field("notes", "Breathe out as you round.")
    parts = {
        "fields-before-file": [title, notes, video],
        "fields-after-file": [video, title, notes],
        "fields-around-file": [title, video, notes],
    }[order]

    post, files, handler = parse(*parts, handler_class=RecordingHandler)

    assert max(handler.on_disk) <= 200 * KB
    assert list(upload_dir.iterdir()) == []
    assert (post["title"], post["notes"]) == ("Cat–cow, slowly", "Breathe out as you round.")
    assert isinstance(files["video"], OversizedUpload)
    assert files["video"].size == 3 * MB and files["video"].name == "pattern.mp4"
    with pytest.raises(uploads.InvalidVideo, match="too large"):
        validate_video_upload(files["video"])


def test_the_limit_covers_all_the_files_of_a_request_together(settings, upload_dir):
    settings.SUBMISSION_MAX_UPLOAD_BYTES = 100 * KB

    _, files, _ = parse(file("video", "one.mp4", 60 * KB), file("video", "two.mp4", 60 * KB))

    first, second = files.getlist("video")
    assert isinstance(first, TemporaryUploadedFile) and isinstance(second, OversizedUpload)
    assert [entry.stat().st_size for entry in upload_dir.iterdir()] == [60 * KB]
    first.close()


def test_a_large_upload_streams_to_disk_without_growing_memory(settings):
    settings.SUBMISSION_MAX_UPLOAD_BYTES = 64 * MB
    parse(field("title", "warm-up"), file("video", "warm-up.mp4", 10))[1]["video"].close()

    tracemalloc.start()
    try:
        post, files, _ = parse(field("title", "Long"), file("video", "long.mp4", 30 * MB))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert peak < 5 * MB, f"peak Python allocation was {peak / MB:.1f} MB"
    assert files["video"].size == 30 * MB and post["title"] == "Long"
    files["video"].close()


def advice_taken(monkeypatch) -> list[tuple[int, int, int]]:
    """Each posix_fadvise call, as (start, length, advice), instead of the kernel's."""
    advised = []
    monkeypatch.setattr(os, "posix_fadvise", lambda fd, *advice: advised.append(advice))
    return advised


def test_a_large_upload_is_sent_on_to_disk_as_it_arrives_not_left_in_memory(settings, monkeypatch):
    # Left to the kernel, the whole upload sat in memory and was written while the reader
    # waited for the page: each 32 MB is handed to the disk as soon as it is written.
    settings.SUBMISSION_MAX_UPLOAD_BYTES = 128 * MB
    advised = advice_taken(monkeypatch)

    _, files, _ = parse(file("video", "long.mp4", 70 * MB))

    starts = [start for start, _, _ in advised]
    ends = [start + length for start, length, _ in advised]
    assert starts == [0, *ends[:-1]] and ends[-1] == 70 * MB  # every byte, once, in order
    assert len(advised) == 3 and all(advice == os.POSIX_FADV_DONTNEED for _, _, advice in advised)
    files["video"].close()


def test_a_file_system_that_takes_no_advice_still_gets_the_whole_upload(settings, monkeypatch):
    def refuse(*advice):
        raise OSError(22, "Invalid argument")

    settings.SUBMISSION_MAX_UPLOAD_BYTES = 128 * MB
    monkeypatch.setattr(os, "posix_fadvise", refuse)

    _, files, _ = parse(file("video", "long.mp4", 40 * MB))

    assert os.path.getsize(files["video"].temporary_file_path()) == 40 * MB
    files["video"].close()


def test_what_was_sent_on_to_disk_reads_back_whole(settings):
    settings.SUBMISSION_MAX_UPLOAD_BYTES = 128 * MB

    _, files, _ = parse(file("video", "long.mp4", 40 * MB + 5))

    with open(files["video"].temporary_file_path(), "rb") as stored:
        content = stored.read()
    assert content == b"".join(StreamedBody._content(40 * MB + 5))
    files["video"].close()


def test_the_body_is_read_a_megabyte_at_a_time_not_in_djangos_64_kb_pieces(settings):
    # Each read costs the WSGI server and the parser copies of what they hold: with 64 KB
    # reads, gunicorn copied its 1 MB read-ahead over and over, and a 200 MB upload took
    # two and a half times as long.
    settings.SUBMISSION_MAX_UPLOAD_BYTES = 64 * MB
    ReadSizes.reads = []

    post, files, _ = parse(
        field("title", "Long"), file("video", "long.mp4", 8 * MB), body_class=ReadSizes
    )

    small = [size for size in ReadSizes.reads if size < 1 * MB]
    assert len(small) <= 1, small  # one byte, past the end, to see that the body is over
    assert files["video"].size == 8 * MB and post["title"] == "Long"
    files["video"].close()


# Through a view: the decorator, CSRF and the form together ------------------------------


class UploadForm(forms.Form):
    title = forms.CharField()
    video = VideoFileField()


@streamed_upload
def upload_view(request):
    form = UploadForm(request.POST, request.FILES)
    received_as = type(request.FILES.get("video")).__name__
    if form.is_valid():
        info = form.cleaned_data["video"].video_info
        return JsonResponse({"title": form.cleaned_data["title"], "width": info.width})
    errors = form.errors.get_json_data()
    return JsonResponse(
        {"title": form.data.get("title"), "errors": errors, "received_as": received_as},
        status=400,
    )


urlpatterns = [path("upload/", upload_view)]


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("file_first", [False, True])
def test_a_view_shows_too_large_and_keeps_what_the_reader_typed(
    client, settings, media, upload_dir, file_first
):
    settings.SUBMISSION_MAX_UPLOAD_BYTES = 50 * KB
    with make_video(media / "pattern.mp4").open("rb") as video:
        data = (
            {"video": video, "title": "Cat-cow"}
            if file_first
            else {"title": "Cat-cow", "video": video}
        )
        response = client.post("/upload/", data)

    body = response.json()
    assert response.status_code == 400
    assert body["title"] == "Cat-cow"
    assert body["received_as"] == "OversizedUpload", "the view parsed with our handler"
    assert body["errors"]["video"][0]["code"] == "too_large"
    assert list(upload_dir.iterdir()) == []


@pytest.mark.urls(__name__)
def test_a_view_still_checks_the_csrf_token_after_the_file(media):
    client = Client(enforce_csrf_checks=True)
    secret = "a" * 32
    client.cookies["csrftoken"] = secret
    video = make_video(media / "pattern.mp4")

    with video.open("rb") as without_token:
        refused = client.post("/upload/", {"title": "Cat-cow", "video": without_token})
    with video.open("rb") as with_token:
        accepted = client.post(
            "/upload/", {"title": "Cat-cow", "video": with_token, "csrfmiddlewaretoken": secret}
        )

    assert refused.status_code == 403
    assert accepted.status_code == 200, accepted.content
    assert accepted.json() == {"title": "Cat-cow", "width": 320}
