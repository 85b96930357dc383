"""
Processing a submission's video, in a task worker: probe, poster, thumbnail, web rendition.

`process_video` is idempotent (running it again replaces the previous outputs) and never
touches the reader's original. A video that cannot be processed leaves the submission as it
was, with the video marked failed and what happened recorded (a code and its figures), put
into words for the reader and the editor whenever they look.
"""

import logging
import shutil
import tempfile
from pathlib import Path

from django.core.files import File
from django.db import transaction
from django.utils import timezone

from .models import Submission, Video
from .uploads import InvalidVideo
from .video import Problem, process

logger = logging.getLogger(__name__)

NO_PROBLEM = {"error_code": "", "error_details": {}}


def video_uploaded(submission: Submission) -> Video | None:
    """Record a new upload as waiting to be processed, and queue the work once committed."""
    if not submission.video:
        return None
    video, _created = Video.objects.update_or_create(
        submission=submission,
        defaults={"status": Video.Status.UPLOADED, **NO_PROBLEM, "processed_at": None},
    )
    transaction.on_commit(lambda: queue_processing(video), robust=True)
    return video


def queue_processing(video: Video) -> None:
    from .tasks import process_submission_video

    process_submission_video.enqueue(video.pk)


def process_video(video: Video) -> Video:
    """Make the web rendition, poster and thumbnail of `video`; mark it ready or failed."""
    Video.objects.filter(pk=video.pk).update(status=Video.Status.PROCESSING, **NO_PROBLEM)
    original = video.submission.video
    with tempfile.TemporaryDirectory(prefix="somatics-video-") as folder:
        work = Path(folder)
        source = work / f"original{Path(original.name).suffix}"
        with original.open("rb") as stream, open(source, "wb") as copy:
            shutil.copyfileobj(stream, copy, 1024 * 1024)  # works for disk and object storage
        outputs = work / "out"
        outputs.mkdir()
        try:
            result = process(source, outputs)
        except InvalidVideo as refusal:
            return _mark(video, Video.Status.FAILED, problem=refusal.code, figures=refusal.details)
        except Exception:
            logger.exception("video %s: processing failed unexpectedly", video.pk)
            return _mark(video, Video.Status.FAILED, problem=Problem.UNEXPECTED)
        old = [f.name for f in (video.web, video.poster, video.thumbnail) if f]
        for field, path in (
            (video.web, result.rendition.path),
            (video.poster, result.poster),
            (video.thumbnail, result.thumbnail),
        ):
            with open(path, "rb") as output:
                field.save(Path(path).name, File(output), save=False)
    video.details = _jsonable(result)
    video = _mark(video, Video.Status.READY)
    storage = Video._meta.get_field("web").storage
    for name in old:
        storage.delete(name)
    return video


def _mark(video: Video, status: str, *, problem: str = "", figures: dict | None = None) -> Video:
    """Save the outcome: the status and, for a failure, what happened (worded when shown)."""
    video.status, video.processed_at = status, timezone.now()
    video.error_code, video.error_details = problem, figures or {}
    video.save()
    return video


def _jsonable(result) -> dict:
    """What the editor sees about the file: the upload as probed and the web copy made."""
    info, web = result.info, result.rendition
    return {
        "original": {"format": info.format, "codec": info.codec, "width": info.width,
                     "height": info.height, "duration": info.duration,
                     "has_audio": info.has_audio, "rotation": info.rotation},
        "web": {"width": web.width, "height": web.height, "duration": web.duration,
                "size": web.size, "reencoded": web.reencoded},
    }  # fmt: skip
