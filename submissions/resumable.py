"""
Resumable uploads: a reader's video arrives in chunks, and a dropped connection costs at most
the chunk it cut (`tus.py` speaks the tus protocol over these functions).

The state of each upload (how much arrived, who is writing, until when it may go on) is a
database row, `ResumableUpload`, so every app server knows where it stands. The bytes go to a
`PartStore`, the one small interface the rest does not look behind: `LocalDiskStore` appends
them to a file in RESUMABLE_UPLOAD_ROOT (with several app servers, a folder they share, as for
PRIVATE_MEDIA_ROOT); object storage multipart uploads could be a second store later.

The checks of the plain form post run at the same moments: size and type when the upload is
created (from its declared length and name), then, once whole, the PyAV probe and duration
(`uploads.validate_video_upload`); the video then moves to private storage as a kept video
(`kept_videos`), and the form takes it as it takes a video kept from a failed attempt.
"""

import os
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from . import kept_videos
from .models import ResumableUpload
from .uploads import (
    EMPTY,
    TOO_LARGE,
    UPLOAD_CHUNK_BYTES,
    VIDEO_EXTENSIONS,
    WRONG_TYPE,
    InvalidVideo,
    validate_video_upload,
    write_behind,
)

# How long an unfinished upload may wait for its next chunk before a task deletes it.
MAX_AGE = timedelta(hours=24)
# How many unfinished uploads one reader may have at once: each may take up a video's room.
MAX_OPEN = 5
# How long one request may hold an upload while writing to it: a little above gunicorn's
# timeout, so the hold of a request that died with its worker runs out on its own.
HOLD = timedelta(seconds=130)


class UploadRefused(Exception):
    """Why an upload request cannot go on: an HTTP status for the protocol, words for the reader."""

    def __init__(self, status: int, message: str = ""):
        super().__init__(message)
        self.status, self.message = status, message


class BytesLost(Exception):  # noqa: N818 (what happened, as for InvalidVideo)
    """The store holds fewer bytes than the database says: `held` is how many it has."""

    def __init__(self, held: int):
        super().__init__(held)
        self.held = held


# Where the bytes go ------------------------------------------------------------------------------


class PartStore(Protocol):
    """Holds the bytes of unfinished uploads, whatever holds them."""

    def create(self, key: str) -> None: ...

    def append(
        self, key: str, offset: int, readinto: Callable[[memoryview], int], size: int
    ) -> int:
        """
        Write up to `size` bytes from `readinto` at `offset`; returns how many arrived. Raises
        `BytesLost` when fewer than `offset` bytes are there (a disk lost, a folder not shared).
        """

    def whole(self, key: str, *, name: str, size: int) -> UploadedFile:
        """The finished upload as an upload file, as the form's checks and storage take it."""

    def delete(self, key: str) -> None: ...


class DiskUpload(UploadedFile):
    """A finished upload on local disk; storage moves it into place (`temporary_file_path`)."""

    def __init__(self, path: Path, *, name: str, size: int):
        super().__init__(path.open("rb"), name, "application/octet-stream", size)
        self.path = path

    def temporary_file_path(self) -> str:
        return str(self.path)


class LocalDiskStore:
    """Each upload is one file, appended to a megabyte at a time: memory stays flat."""

    def __init__(self, root: Path):
        self.root = Path(root)

    def path(self, key: str) -> Path:
        return self.root / f"{key}.part"

    def create(self, key: str) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        self.path(key).touch()

    def append(
        self, key: str, offset: int, readinto: Callable[[memoryview], int], size: int
    ) -> int:
        path = self.path(key)
        held = path.stat().st_size if path.exists() else 0
        if held < offset:
            raise BytesLost(held)
        received = 0
        buffer = memoryview(bytearray(UPLOAD_CHUNK_BYTES))
        with path.open("r+b", buffering=0) as file:
            # Bytes past the offset are from a request that died before saying how far it got.
            file.truncate(offset)
            file.seek(offset)
            try:
                while received < size:
                    count = readinto(buffer[: min(len(buffer), size - received)])
                    if not count:
                        break  # the connection dropped: keep what arrived
                    written = 0
                    while written < count:
                        written += file.write(buffer[written:count])
                    received += count
            except OSError:
                pass  # the same, said by the server as an error
            write_behind(file, offset, received)
        return received

    def whole(self, key: str, *, name: str, size: int) -> UploadedFile:
        return DiskUpload(self.path(key), name=name, size=size)

    def delete(self, key: str) -> None:
        self.path(key).unlink(missing_ok=True)


def store() -> PartStore:
    return LocalDiskStore(settings.RESUMABLE_UPLOAD_ROOT)


# The protocol's steps ---------------------------------------------------------------------------


def check_declared(*, length: int, filename: str) -> None:
    """The checks a new upload meets before any byte is sent: its type (name) and size."""
    if Path(filename).suffix.lower() not in VIDEO_EXTENSIONS:
        raise UploadRefused(415, str(WRONG_TYPE))
    limit = settings.SUBMISSION_MAX_UPLOAD_BYTES
    if length > limit:
        sizes = {"size": filesizeformat(length), "limit": filesizeformat(limit)}
        raise UploadRefused(413, str(TOO_LARGE) % sizes)
    if length <= 0:
        raise UploadRefused(400, str(EMPTY))


def create(*, owner, length: int, filename: str) -> ResumableUpload:
    """Start an upload of `length` bytes for `owner`, and queue its deletion should it stall."""
    from .tasks import delete_expired_uploads, enqueue

    check_declared(length=length, filename=filename)
    open_uploads = ResumableUpload.objects.filter(
        owner=owner, video_name="", expires_at__gt=timezone.now()
    )
    if open_uploads.count() >= MAX_OPEN:
        raise UploadRefused(
            429,
            _(
                "You have several videos on their way already. Please finish or remove one of "
                "them, or try again tomorrow."
            ),
        )
    upload = ResumableUpload.objects.create(
        owner=owner,
        filename=Path(filename).name[:255],
        length=length,
        expires_at=timezone.now() + MAX_AGE,
    )
    store().create(str(upload.pk))
    enqueue(delete_expired_uploads, str(upload.pk), run_after=upload.expires_at)
    return upload


def find(upload_id, *, owner) -> ResumableUpload:
    """The owner's upload; someone else's is as unknown as one never made (404); expired: 410."""
    upload = ResumableUpload.objects.filter(pk=upload_id, owner=owner).first()
    if upload is None:
        raise UploadRefused(404)
    if upload.expires_at <= timezone.now() and not upload.video_name:
        raise UploadRefused(410)
    return upload


def append(
    upload: ResumableUpload, *, offset: int, readinto: Callable[[memoryview], int], size: int
) -> ResumableUpload:
    """
    Add a chunk of `size` bytes at `offset`; once the upload is whole, check it (`finish`).

    One request writes at a time: it takes a hold on the row with a conditional update, which
    fails when the offset has moved on (409, the client asks where to resume) or another request
    holds it (423, the client waits and retries). No row lock is held while bytes arrive, so a
    slow phone holds no transaction open.
    """
    if offset + size > upload.length:
        raise UploadRefused(413, _("This chunk goes past the end of the upload."))
    now = timezone.now()
    taken = ResumableUpload.objects.filter(
        Q(busy_until__isnull=True) | Q(busy_until__lt=now),
        pk=upload.pk,
        offset=offset,
        video_name="",
    ).update(busy_until=now + HOLD)
    if not taken:
        current = ResumableUpload.objects.filter(pk=upload.pk).first()
        if current is None:
            raise UploadRefused(404)
        raise UploadRefused(409 if current.offset != offset or current.video_name else 423)
    held = True
    try:
        try:
            received = store().append(str(upload.pk), offset, readinto, size)
        except BytesLost as lost:
            # Go back to what is really there: the client asks (HEAD) and sends from there.
            ResumableUpload.objects.filter(pk=upload.pk).update(offset=lost.held)
            raise UploadRefused(409) from lost
        upload.offset = offset + received
        upload.expires_at = timezone.now() + MAX_AGE
        # One write per chunk: the new offset, and the hold let go unless it is whole now.
        held = upload.is_whole
        ResumableUpload.objects.filter(pk=upload.pk).update(
            offset=upload.offset,
            expires_at=upload.expires_at,
            **({} if held else {"busy_until": None}),
        )
        if upload.is_whole:
            finish(upload)
    finally:
        if held:
            ResumableUpload.objects.filter(pk=upload.pk).update(busy_until=None)
    return upload


def finish(upload: ResumableUpload) -> str:
    """
    Check the whole upload as the form checks a file (PyAV probe, duration), then keep it in
    private storage for the reader's form; returns its name there. A refused video is deleted
    with its upload (422, with the reason in words).
    """
    whole = store().whole(str(upload.pk), name=upload.filename, size=upload.length)
    try:
        validate_video_upload(whole)
    except InvalidVideo as error:
        terminate(upload)
        raise UploadRefused(422, error.message) from error
    try:
        name = kept_videos.store(whole)
    finally:
        whole.close()
    store().delete(str(upload.pk))  # gone already where storage moved it into place
    upload.video_name = name
    ResumableUpload.objects.filter(pk=upload.pk).update(video_name=name)
    return name


def kept_video_token(upload: ResumableUpload) -> str:
    """The token the form carries for the checked video (empty until there is one)."""
    return kept_videos.sign(upload.video_name, upload.owner)


def terminate(upload: ResumableUpload) -> None:
    """The reader gave up (or the video was refused): its bytes and its row go."""
    store().delete(str(upload.pk))
    ResumableUpload.objects.filter(pk=upload.pk).delete()


def delete_expired(*, now: datetime | None = None) -> int:
    """
    Delete uploads whose time ran out, with their bytes; returns how many. A finished one only
    loses its row: its video belongs to `kept_videos`, which deletes it in its own time.
    """
    now = now or timezone.now()
    count = 0
    for upload in ResumableUpload.objects.filter(expires_at__lte=now):
        with transaction.atomic():
            deleted, _rows = ResumableUpload.objects.filter(
                Q(busy_until__isnull=True) | Q(busy_until__lt=now),
                pk=upload.pk,
                expires_at__lte=now,
            ).delete()
        if deleted:
            if not upload.video_name:
                store().delete(str(upload.pk))
            count += 1
    return count


def part_files() -> list[str]:
    """The files of the local store, for tests and operators."""
    root = Path(settings.RESUMABLE_UPLOAD_ROOT)
    return sorted(os.listdir(root)) if root.is_dir() else []
