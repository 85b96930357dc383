"""Nothing a reader sends is thrown away: a video attached to a written pattern, a withdrawal."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from submissions.flows import UNDO_WITHDRAW_WITHIN, undo_withdraw, withdraw
from submissions.models import Submission, SubmissionEvent
from submissions.workflow import IllegalTransition, move

from .forms import written
from .test_submit import SUBMIT, upload
from .videos import make_video

pytestmark = pytest.mark.django_db
Status = Submission.Status


def test_a_video_attached_to_a_written_pattern_is_kept_and_the_pattern_becomes_a_video_one(
    client, reader, tmp_path, private_media
):
    client.force_login(reader)
    response = client.post(
        SUBMIT, {**written(), "video": upload(make_video(tmp_path / "clip.mp4"))}, follow=True
    )

    submission = Submission.objects.get()
    assert submission.kind == Submission.Kind.VIDEO
    assert submission.video.name.startswith("submissions/")
    assert (private_media / submission.video.name).is_file()
    assert submission.steps  # the steps written go with it
    assert "so your pattern was sent as a pattern on video" in response.content.decode()


def test_a_written_pattern_with_a_video_and_a_mistake_comes_back_as_a_video_one_and_says_so(
    client, reader, tmp_path
):
    client.force_login(reader)
    response = client.post(
        SUBMIT, {**written(title=""), "video": upload(make_video(tmp_path / "clip.mp4"))}
    )

    html = response.content.decode()
    assert response.status_code == 200 and not Submission.objects.exists()
    assert response.context["kept_video_name"]
    assert "this is now a pattern on video" in html
    assert re.search(r'<input[^>]*name="kind" value="video"[^>]*checked', html)


def test_a_written_pattern_without_a_video_stays_written(client, reader):
    client.force_login(reader)
    client.post(SUBMIT, written())

    assert Submission.objects.get().kind == Submission.Kind.WRITTEN


def test_withdraw_asks_first_on_a_page_of_its_own(client, reader, make_submission):
    submission = make_submission(reader)
    client.force_login(reader)

    detail = client.get(submission.get_absolute_url()).content.decode()
    page = client.get(f"/submissions/{submission.pk}/withdraw/")

    assert f'href="/submissions/{submission.pk}/withdraw/"' in detail
    assert "Withdraw this submission?" in page.content.decode()
    assert "Yes, withdraw it" in page.content.decode()
    submission.refresh_from_db()
    assert submission.status == Status.WAITING


def test_a_withdrawal_can_be_undone_back_to_the_status_it_had(client, reader, make_submission):
    submission = make_submission(reader)
    client.force_login(reader)
    client.post(f"/submissions/{submission.pk}/withdraw/")

    detail = client.get(submission.get_absolute_url()).content.decode()
    assert "You can undo the withdrawal until" in detail
    response = client.post(f"/submissions/{submission.pk}/undo-withdraw/", follow=True)

    submission.refresh_from_db()
    assert submission.status == Status.WAITING
    assert [e.to_status for e in submission.events.all()] == [
        Status.WAITING,
        Status.WITHDRAWN,
        Status.WAITING,
    ]
    assert "back where it was before you withdrew it" in response.content.decode()


def test_undo_returns_a_submission_to_changes_requested_when_that_is_where_it_was(
    reader, make_submission, moderator
):
    submission = make_submission(reader)
    move(submission, Status.CHANGES_REQUESTED, actor=moderator, message="A caution?")
    withdraw(submission, by=reader)

    assert undo_withdraw(submission, by=reader).status == Status.CHANGES_REQUESTED


def test_a_withdrawal_older_than_seven_days_cannot_be_undone(client, reader, make_submission):
    submission = make_submission(reader)
    withdraw(submission, by=reader)
    SubmissionEvent.objects.filter(to_status=Status.WITHDRAWN).update(
        created_at=timezone.now() - UNDO_WITHDRAW_WITHIN - timedelta(minutes=1)
    )
    client.force_login(reader)

    assert "undo the withdrawal" not in client.get(submission.get_absolute_url()).content.decode()
    with pytest.raises(IllegalTransition, match="no longer be undone"):
        undo_withdraw(submission, by=reader)
    assert Submission.objects.get(pk=submission.pk).status == Status.WITHDRAWN


def test_only_a_withdrawal_can_be_undone_not_an_editors_decision(
    reader, make_submission, moderator
):
    submission = make_submission(reader)
    move(submission, Status.NOT_ACCEPTED, actor=moderator, message="Not for us.")

    with pytest.raises(IllegalTransition):
        undo_withdraw(submission, by=reader)


def test_another_reader_cannot_undo_a_withdrawal(client, reader, make_reader, make_submission):
    submission = make_submission(reader)
    withdraw(submission, by=reader)
    client.force_login(make_reader("nosy@example.com"))

    assert client.post(f"/submissions/{submission.pk}/undo-withdraw/").status_code == 404
    assert Submission.objects.get(pk=submission.pk).status == Status.WITHDRAWN
