"""
Video uploads: streamed to disk under a size limit, then judged by their content, not their name.

The upload handler never holds a file in memory and stops writing it at the size limit, yet
reads the rest of the request so that the reader's other fields survive; the form field then
opens the file with FFmpeg (PyAV) and refuses anything that is not a whole, playable video.
"""

import os
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import wraps
from io import BytesIO
from pathlib import Path

import av
from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from .video_problems import INCOMPLETE, NO_PICTURE, NOT_A_VIDEO, Problem, describe_problem

VIDEO_EXTENSIONS = {".mp4", ".webm", ".mov"}
# FFmpeg's names for the demuxers of MP4/MOV and of WebM (which it reads as Matroska).
ACCEPTED_FORMATS = {"mov,mp4,m4a,3gp,3g2,mj2", "matroska,webm"}
# Only these two demuxers may look at a reader's file, and only as a local file: FFmpeg's
# other demuxers (playlists, image sequences, concat lists) could follow links to elsewhere.
OPEN_OPTIONS = {"format_whitelist": ",".join(ACCEPTED_FORMATS), "protocol_whitelist": "file"}
PROBE_SECONDS = 30
# Read the body a megabyte at a time, as gunicorn reads its socket: with Django's 64 KB, the
# server and the parser copied what they held on every read, and a 1 GB upload crawled. Larger
# reads (4 MB) were slower again on `make bench` and would grow memory for nothing.
UPLOAD_CHUNK_BYTES = 1024 * 1024
# How much of an upload may wait in memory before its writing to disk is started (`write_behind`).
WRITE_BEHIND_BYTES = 32 * 1024 * 1024

WRONG_TYPE = _("Please upload an MP4, WebM or MOV file.")
EMPTY = _("The file is empty. Please choose your video again.")
TOO_LARGE = _(
    "This file is too large (%(size)s): the most we can take is %(limit)s. Please upload a "
    "shorter video, or one saved at a lower quality."
)


def write_behind(file, start: int, length: int) -> None:
    """
    Start writing these bytes of an upload to disk now, while the next ones arrive, and let
    their pages leave memory once written (Linux's POSIX_FADV_DONTNEED). Left to the kernel,
    a gigabyte sat in memory until the upload ended and was then written while the reader
    waited: `make bench` measured that wait as a third of a 1 GB upload's time.
    """
    if length <= 0 or not hasattr(os, "posix_fadvise"):
        return
    try:
        os.posix_fadvise(file.fileno(), start, length, os.POSIX_FADV_DONTNEED)
    except OSError:
        pass  # advice, not a promise: a file system that takes none still gets the bytes


class InvalidVideo(Exception):  # noqa: N818 (named for what happened, like TooManySubmissions)
    """
    A refused upload; `message` is written for the reader, `code` and its figures (`details`)
    for code, tests and the database (see `video_problems.py`).
    """

    def __init__(self, message: str, code: str, details: dict | None = None):
        super().__init__(message)
        self.message, self.code, self.details = message, code, details or {}


@dataclass(frozen=True)
class VideoInfo:
    """What the probe learnt. Width and height are as shown, after any rotation the file asks."""

    format: str
    codec: str
    width: int
    height: int
    duration: float | None
    has_audio: bool
    rotation: int = 0


class OversizedUpload(UploadedFile):
    """A file we stopped writing at the size limit, in its place: its size is real, content gone."""

    def __init__(self, *, name: str, content_type: str, size: int):
        super().__init__(BytesIO(), name, content_type, size)


class SizeLimitedUploadHandler(TemporaryFileUploadHandler):
    """
    Streams uploads to temporary files, up to SUBMISSION_MAX_UPLOAD_BYTES for the whole request.

    Past the limit the file is deleted and its remaining bytes are read and dropped, not
    written: the file shows up as an `OversizedUpload`, which the form refuses with a clear
    message, and the fields around it still arrive, before or after it. (`SkipFile` would drop
    the file silently; `StopUpload` would also drop every field after it.) There is no early
    refusal on Content-Length: cutting a body short loses the reader's fields, and a browser
    still sending shows a reset connection, not our page. A hard cap on the whole body belongs
    to the proxy in front (nginx `client_max_body_size`).
    """

    chunk_size = UPLOAD_CHUNK_BYTES

    def __init__(self, request=None):
        super().__init__(request)
        self.limit = settings.SUBMISSION_MAX_UPLOAD_BYTES
        self.received = 0  # by every file of this request together: one video per submission
        self.too_large = False

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.too_large = False
        self.written_behind = 0  # how much of this file is written, or on its way (`write_behind`)

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.received += len(raw_data)
        if not self.too_large and self.received > self.limit:
            self.too_large = True
            self.file.close()  # a NamedTemporaryFile: closing deletes it
        if self.too_large:
            return None
        super().receive_data_chunk(raw_data, start)
        if start + len(raw_data) - self.written_behind >= WRITE_BEHIND_BYTES:
            self._write_behind(start + len(raw_data))
        return None

    def _write_behind(self, written: int) -> None:
        self.file.flush()
        write_behind(self.file, self.written_behind, written - self.written_behind)
        self.written_behind = written

    def file_complete(self, file_size: int) -> UploadedFile | None:
        if not self.too_large:
            self._write_behind(file_size)
            return super().file_complete(file_size)
        return OversizedUpload(name=self.file_name, content_type=self.content_type, size=file_size)


def limit_upload_size(request) -> None:
    """Give this request the size-limited handler; must run before request.POST or FILES is read."""
    request.upload_handlers = [SizeLimitedUploadHandler(request)]


def streamed_upload(view):
    """
    Decorate a view that takes a video upload; put it outermost, above the login decorators.

    CsrfViewMiddleware reads request.POST before the view runs, which would parse the upload
    with the default handlers. So, as Django's docs on modifying upload handlers describe, the
    outer view is `csrf_exempt`, installs our handler, and calls the view `csrf_protect`ed.
    """
    protected = csrf_protect(view)

    @csrf_exempt
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        limit_upload_size(request)
        return protected(request, *args, **kwargs)

    return wrapper


def probe_video(path: str | Path) -> VideoInfo:
    """Open the file with FFmpeg and read it through: a video stream, a first frame, no gaps."""
    try:
        with av.open(str(path), container_options=OPEN_OPTIONS, timeout=PROBE_SECONDS) as media:
            if media.format.name not in ACCEPTED_FORMATS:
                raise InvalidVideo(NOT_A_VIDEO, "format")
            if not media.streams.video:
                raise InvalidVideo(NO_PICTURE, "no_video")
            # The length the file declares, before reading through it: a long video would
            # otherwise run out of probing time and be called unreadable.
            check_length(media.duration / av.time_base if media.duration else None)
            info = _read_through(media, media.streams.video[0])
    except (av.FFmpegError, OSError) as error:
        raise InvalidVideo(NOT_A_VIDEO, "unreadable") from error
    check_length(info.duration)  # the length read, for a file that declares none
    return info


def check_length(seconds: float | None) -> None:
    """
    Refuse a video longer than VIDEO_MAX_SECONDS. Part of the upload check, so the reader
    hears of it on the form; processing probes with the same check, for older uploads.
    """
    limit = getattr(settings, "VIDEO_MAX_SECONDS", 1800)
    if seconds and seconds > limit:
        figures = {"seconds": round(seconds), "limit": limit}
        raise InvalidVideo(describe_problem(Problem.TOO_LONG, figures), Problem.TOO_LONG, figures)


def _read_through(media, stream) -> VideoInfo:
    """
    Demux every packet (cheap) but decode only until the first picture (dear). A cut file
    ends in a short packet, or its packets stop well before the duration its header declares.
    (Counting packets against the MP4 index would refuse files trimmed with an edit list.)
    """
    deadline = time.monotonic() + PROBE_SECONDS
    frame, end = None, 0.0
    for packet in media.demux():
        if packet.is_corrupt:
            raise InvalidVideo(INCOMPLETE, "incomplete")
        if time.monotonic() > deadline:
            raise InvalidVideo(NOT_A_VIDEO, "too_slow")
        if packet.pts is not None and packet.time_base:
            end = max(end, float((packet.pts + (packet.duration or 0)) * packet.time_base))
        if packet.stream is stream and frame is None:
            frame = next(iter(packet.decode()), None)
    start = (media.start_time or 0) / av.time_base
    declared = media.duration / av.time_base if media.duration else None
    if frame is None:
        raise InvalidVideo(NOT_A_VIDEO, "no_frame")
    if declared and end - start < declared - max(0.5, declared / 20):
        raise InvalidVideo(INCOMPLETE, "incomplete")
    turned = abs(frame.rotation) % 180 == 90
    return VideoInfo(
        format=media.format.name,
        codec=stream.codec_context.name,
        width=frame.height if turned else frame.width,
        height=frame.width if turned else frame.height,
        duration=declared if declared else (end - start or None),
        has_audio=bool(media.streams.audio),
        rotation=frame.rotation,
    )


def validate_video_upload(uploaded_file: UploadedFile) -> VideoInfo:
    """
    Check a reader's upload: its name first (a friendly hint), then its size, then its content.
    A refused upload is closed at once, which deletes its temporary file.
    """
    try:
        if Path(uploaded_file.name or "").suffix.lower() not in VIDEO_EXTENSIONS:
            raise InvalidVideo(WRONG_TYPE, "extension")
        _check_size(uploaded_file)
        with _on_disk(uploaded_file) as path:
            return probe_video(path)
    except InvalidVideo:
        uploaded_file.close()
        raise


def _check_size(uploaded_file: UploadedFile) -> None:
    limit = settings.SUBMISSION_MAX_UPLOAD_BYTES
    if isinstance(uploaded_file, OversizedUpload) or uploaded_file.size > limit:
        sizes = {"size": filesizeformat(uploaded_file.size), "limit": filesizeformat(limit)}
        raise InvalidVideo(TOO_LARGE % sizes, "too_large")
    if not uploaded_file.size:
        raise InvalidVideo(EMPTY, "empty")


@contextmanager
def _on_disk(uploaded_file: UploadedFile) -> Iterator[str]:
    """The upload's path, copying a file kept in memory to a temporary file for FFmpeg."""
    if hasattr(uploaded_file, "temporary_file_path"):
        yield uploaded_file.temporary_file_path()
        return
    with tempfile.NamedTemporaryFile(dir=settings.FILE_UPLOAD_TEMP_DIR, suffix=".upload") as copy:
        for chunk in uploaded_file.chunks():
            copy.write(chunk)
        copy.flush()
        uploaded_file.seek(0)
        yield copy.name


class VideoFileField(forms.FileField):
    """A file field that accepts only a real, whole MP4, WebM or MOV video under the size limit."""

    def __init__(self, **kwargs):
        kwargs.setdefault("allow_empty_file", True)  # refused below, with our message
        super().__init__(**kwargs)

    def to_python(self, data):
        upload = super().to_python(data)
        if upload is None:
            return None
        try:
            upload.video_info = validate_video_upload(upload)
        except InvalidVideo as error:
            raise forms.ValidationError(error.message, code=error.code) from error
        return upload
