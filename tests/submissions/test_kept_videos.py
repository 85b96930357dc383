"""A video kept for a form that failed is deleted once its token expires, unless it was sent."""

import os
import time

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from submissions.models import Submission
from submissions.tasks import KEPT_VIDEO_MAX_AGE, forget_kept_video

pytestmark = pytest.mark.django_db


@pytest.fixture
def kept(private_media):
    """Store a kept video, and age it by a number of hours."""
    storage = Submission._meta.get_field("video").storage

    def keep(hours_old: float) -> str:
        name = storage.save("submissions/videos/kept.mp4", ContentFile(b"video bytes"))
        then = time.time() - hours_old * 3600
        os.utime(storage.path(name), (then, then))
        return name

    return keep


def test_an_abandoned_video_is_deleted_once_its_token_has_expired(kept):
    name = kept(hours_old=KEPT_VIDEO_MAX_AGE.total_seconds() / 3600 + 1)

    assert forget_kept_video.call(name) == "deleted"
    assert not Submission._meta.get_field("video").storage.exists(name)


def test_a_video_whose_token_may_still_be_used_stays(kept):
    name = kept(hours_old=1)

    assert forget_kept_video.call(name) == "young"
    assert Submission._meta.get_field("video").storage.exists(name)


def test_a_video_that_became_part_of_a_submission_stays(kept, make_submission):
    name = kept(hours_old=48)
    submission = make_submission()
    Submission.objects.filter(pk=submission.pk).update(video=name)

    assert forget_kept_video.call(name) == "sent"
    assert Submission._meta.get_field("video").storage.exists(name)


def test_a_video_already_gone_is_no_error(private_media):
    assert forget_kept_video.call("submissions/videos/never-there.mp4") == "gone"


def test_keeping_a_video_queues_its_deletion_for_after_the_token_expires(
    client, reader, private_media, tmp_path, settings
):
    from django_tasks import default_task_backend

    from .test_submit import SUBMIT, upload, written
    from .videos import make_video

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    client.force_login(reader)
    response = client.post(
        SUBMIT, {**written(kind="video", title=""), "video": upload(make_video(tmp_path / "c.mp4"))}
    )

    assert response.context["kept_video_name"]
    queued = [r for r in default_task_backend.results if r.task.name == "forget_kept_video"]
    assert [r.args for r in queued] == [[response.context["kept_video_name"]]]
    assert queued[0].task.run_after > timezone.now() + KEPT_VIDEO_MAX_AGE
