"""From upload to published video: processing in a task, failures kept, publishing the web copy."""

import pytest
from django.core.exceptions import ValidationError

from submissions.models import Submission, Video
from submissions.moderation import approve
from submissions.processing import process_video, video_uploaded

from .test_submit import SUBMIT, upload, written
from .videos import make_video

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent_video(make_submission, reader, tmp_path):
    return make_submission(
        reader, kind="video", video=make_video(tmp_path / "clip.mov", container="mov", seconds=2)
    )


def files_in(root):
    return sorted(p.relative_to(root) for p in root.rglob("*") if p.is_file())


def test_sending_a_video_queues_its_processing_which_makes_a_web_copy(
    client, reader, tmp_path, django_capture_on_commit_callbacks
):
    client.force_login(reader)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            SUBMIT, {**written(kind="video"), "video": upload(make_video(tmp_path / "a.mp4"))}
        )
    record = Submission.objects.get().video_record
    assert record.status == Video.Status.READY
    assert record.web.name.endswith("web.mp4") and record.poster.name.endswith("poster.jpg")
    assert record.details["web"]["width"] == 320


def test_processing_again_replaces_its_outputs_and_keeps_the_original(sent_video, private_media):
    record = video_uploaded(sent_video)
    process_video(record)
    first = files_in(private_media)
    process_video(Video.objects.get(pk=record.pk))
    again = files_in(private_media)
    assert len(again) == len(first) == 4  # the original, web copy, poster, thumbnail
    assert sent_video.video.name in {str(p) for p in again}
    assert Video.objects.get(pk=record.pk).status == Video.Status.READY


def test_a_video_that_cannot_be_processed_fails_with_a_reason_and_keeps_the_submission(
    client, reader, sent_video, settings
):
    settings.VIDEO_MAX_SECONDS = 1
    process_video(video_uploaded(sent_video))
    record = Video.objects.get(submission=sent_video)
    assert record.status == Video.Status.FAILED
    assert (record.error_code, record.error_details) == ("too_long", {"seconds": 2, "limit": 1})
    sent_video.refresh_from_db()
    assert sent_video.status == Submission.Status.WAITING
    client.force_login(reader)
    page = client.get(sent_video.get_absolute_url()).content.decode()
    assert (
        "We could not process this video. This video is 0:02 long, and the most we can take is "
        "0:01 (minutes:seconds)."
    ) in page


def test_an_unexpected_failure_is_recorded_as_such_and_told_plainly(sent_video, monkeypatch):
    def broken(*args):
        raise RuntimeError("disk full at /srv/private")

    monkeypatch.setattr("submissions.processing.process", broken)
    process_video(video_uploaded(sent_video))
    record = Video.objects.get(submission=sent_video)
    assert (record.status, record.error_code, record.error_details) == ("failed", "unexpected", {})
    assert record.error == "The video could not be processed."


def test_the_editor_sees_why_a_video_failed_in_words(admin_client, sent_video):
    Video.objects.update_or_create(
        submission=sent_video,
        defaults={
            "status": Video.Status.FAILED,
            "error_code": "conversion",
            "error_details": {"reason": "Invalid data found when processing input"},
        },
    )
    page = admin_client.get(f"/admin/submissions/submission/{sent_video.pk}/change/")
    assert (
        "Could not be processed: The video could not be converted (Invalid data found when "
        "processing input). Please export it again as an MP4 and upload that."
    ) in page.content.decode()


def test_a_failure_this_version_cannot_word_still_reads_as_a_sentence(client, reader, sent_video):
    Video.objects.update_or_create(
        submission=sent_video,
        defaults={"status": Video.Status.FAILED, "error_code": "from_the_future"},
    )
    client.force_login(reader)
    page = client.get(sent_video.get_absolute_url()).content.decode()
    assert "We could not process this video. The video could not be processed." in page


def test_the_reader_and_the_editor_watch_the_web_copy_once_it_is_ready(client, reader, sent_video):
    record = process_video(video_uploaded(sent_video))
    client.force_login(reader)
    response = client.get(f"/submissions/{sent_video.pk}/video/")
    assert b"".join(response.streaming_content) == record.web.open("rb").read()
    poster = client.get(f"/submissions/{sent_video.pk}/video/?file=poster")
    assert b"".join(poster.streaming_content)[:2] == b"\xff\xd8"  # a JPEG


def test_a_video_is_published_only_once_it_is_ready(sent_video, moderator):
    video_uploaded(sent_video)
    with pytest.raises(ValidationError, match="cannot be published yet"):
        approve(sent_video, moderator=moderator)
    sent_video.refresh_from_db()
    assert sent_video.status == Submission.Status.WAITING


def test_publishing_copies_the_web_copy_poster_and_thumbnail_to_public_media(
    client, sent_video, moderator, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    record = process_video(video_uploaded(sent_video))
    routine = approve(sent_video, moderator=moderator)
    assert routine.video.read() == record.web.open("rb").read()
    assert routine.poster.name.endswith(".jpg") and routine.thumbnail.name.endswith(".jpg")
    html = client.get(routine.get_absolute_url()).content.decode()
    assert f'src="{routine.video.url}"' in html and f'poster="{routine.poster.url}"' in html
    cards = client.get("/routines/").content.decode()
    assert routine.thumbnail.url in cards


def test_the_editor_can_process_a_video_again_from_the_admin(
    admin_client, sent_video, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            "/admin/submissions/submission/",
            {"action": "process_video_again", "_selected_action": [sent_video.pk]},
            follow=True,
        )
    assert "1 video queued for processing." in response.content.decode()
    assert Video.objects.get(submission=sent_video).status == Video.Status.READY
    page = admin_client.get(f"/admin/submissions/submission/{sent_video.pk}/change/")
    assert "Ready" in page.content.decode()
