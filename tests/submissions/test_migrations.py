"""Failed videos recorded as sentences before 0007 keep their meaning as codes and figures."""

import pytest
from django.utils import translation

from submissions.models import Video
from tests.migrations import migrate, migrated_back

pytestmark = pytest.mark.django_db(transaction=True)

TOO_LONG = (
    "This video is 31:00 long, and the most we can take is 30:00 (minutes:seconds). "
    "Please trim it, or split it into shorter videos, and upload it again."
)
NOT_CONVERTED = (
    "The video could not be converted (Invalid data found when processing input). Please "
    "export it again as an MP4 and upload that."
)
NOT_A_VIDEO = "This file is not a video we can read. Please upload an MP4, WebM or MOV file."


@pytest.mark.parametrize(
    "sentence, code, details",
    [
        (TOO_LONG, "too_long", {"seconds": 1860, "limit": 1800}),
        (NOT_CONVERTED, "conversion", {"reason": "Invalid data found when processing input"}),
        (NOT_A_VIDEO, "unreadable", {}),
        ("The video could not be processed.", "unexpected", {}),
        ("Something a later version wrote.", "other", {"text": "Something a later version wrote."}),
    ],
    ids=["too-long", "not-converted", "not-a-video", "unexpected", "unknown-kept-as-text"],
)
def test_a_stored_sentence_becomes_its_code_and_reads_the_same(
    make_submission, sentence, code, details
):
    submission = make_submission(kind="video")
    with migrated_back("submissions", "0006_video_record") as old:
        videos = old.get_model("submissions", "Video").objects
        videos.create(submission_id=submission.pk, status="failed", error=sentence)
        migrate("submissions", "0007_video_error_code")

    video = Video.objects.get(submission=submission)
    assert (video.error_code, video.error_details) == (code, details)
    with translation.override("en"):
        assert video.error == sentence


def test_a_video_that_did_not_fail_keeps_no_problem(make_submission):
    submission = make_submission(kind="video")
    with migrated_back("submissions", "0006_video_record") as old:
        old.get_model("submissions", "Video").objects.create(
            submission_id=submission.pk, status="ready"
        )
    video = Video.objects.get(submission=submission)
    assert (video.error_code, video.error_details, video.error) == ("", {}, "")
