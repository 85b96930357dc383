"""
Keeping a reader's video across a failed attempt of the submission form.

When another field is wrong, a video that passed its checks is stored in private storage at
once and handed back to the browser as a signed token naming the file and the reader, so the
next attempt need not upload it again. Only that reader's token is believed, and only for
`KEPT_VIDEO_MAX_AGE`; then a task deletes the file, unless a submission took it by then.
"""

from datetime import timedelta

from django.core import signing
from django.core.files import File
from django.utils import timezone

from .models import Submission, video_upload_path
from .tasks import KEPT_VIDEO_MAX_AGE, enqueue, forget_kept_video

SALT = "submissions.kept-video"
MARGIN = timedelta(hours=1)  # a form sent at the last second has been saved by then


def _storage():
    return Submission._meta.get_field("video").storage


def store(video: File) -> str:
    """Store a checked video under our own name, and queue its deletion; returns the name."""
    name = _storage().save(video_upload_path(None, video.name), video)
    enqueue(forget_kept_video, name, run_after=timezone.now() + KEPT_VIDEO_MAX_AGE + MARGIN)
    return name


def sign(name: str, user) -> str:
    """The token the form carries for a kept video; empty when there is none."""
    return signing.dumps({"name": name, "user": user.pk}, salt=SALT) if name else ""


def read(token: str, user) -> str:
    """The kept video's name, if the token is this reader's, unexpired, and the file still there."""
    if not token:
        return ""
    try:
        data = signing.loads(token, salt=SALT, max_age=KEPT_VIDEO_MAX_AGE)
    except signing.BadSignature:
        return ""
    if data.get("user") != user.pk or not _storage().exists(data.get("name", "")):
        return ""
    return data["name"]
