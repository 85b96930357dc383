"""The reader's own submissions: status and messages, withdraw, edit and resubmit, the video."""

import pytest

from submissions.models import Submission
from submissions.workflow import IllegalTransition, move

pytestmark = pytest.mark.django_db
Status = Submission.Status


@pytest.fixture
def sent_back(make_submission, reader, editor):
    """A submission the editor returned with a request for changes."""
    submission = make_submission(reader, title="Knee rocking")
    move(submission, Status.CHANGES_REQUESTED, actor=editor, message="Please add a caution.")
    submission.refresh_from_db()
    return submission


def edit_data(submission, **overrides):
    data = {
        "kind": submission.kind,
        "language": submission.language,
        "title": submission.title,
        "addresses": submission.addresses,
        "position": submission.position,
        "minutes": str(submission.minutes),
        "cautions": "",
        "licence": submission.licence,
        "confirmed_own_work": "on",
        "confirmed_consent": "on",
        "accepted_editing": "on",
        "video_url": "",
        "transcript": "",
        "steps-TOTAL_FORMS": "2",
        "steps-INITIAL_FORMS": "2",
        "steps-MIN_NUM_FORMS": "0",
        "steps-MAX_NUM_FORMS": "30",
        "steps-0-text": submission.steps[0],
        "steps-0-ORDER": "1",
        "steps-1-text": submission.steps[1],
        "steps-1-ORDER": "2",
    }
    data.update(overrides)
    return data


def test_the_list_shows_status_and_the_editors_message(client, reader, sent_back):
    client.force_login(reader)
    html = client.get("/submissions/").content.decode()
    assert "Changes requested" in html
    assert "Please add a caution." in html


def test_the_list_makes_the_same_number_of_queries_for_many_submissions(
    client, reader, make_submission, editor, django_assert_max_num_queries, settings
):
    settings.SUBMISSIONS_PER_DAY = 11
    make_submission(reader)
    client.force_login(reader)
    with django_assert_max_num_queries(10) as few:
        client.get("/submissions/")
    for _ in range(10):
        move(make_submission(reader), Status.CHANGES_REQUESTED, actor=editor, message="More.")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/submissions/")


def test_the_detail_page_offers_edit_only_when_changes_are_requested(
    client, reader, sent_back, make_submission
):
    client.force_login(reader)
    html = client.get(sent_back.get_absolute_url()).content.decode()
    assert "Message from the editor" in html and "Please add a caution." in html
    assert f"/submissions/{sent_back.pk}/edit/" in html

    waiting = make_submission(reader, title="Waiting one")
    html = client.get(waiting.get_absolute_url()).content.decode()
    assert f"/submissions/{waiting.pk}/edit/" not in html
    assert client.get(f"/submissions/{waiting.pk}/edit/").status_code == 302
    assert "Withdraw this submission" in html


def test_edit_and_resubmit_goes_back_to_waiting_with_a_history_row(client, reader, sent_back):
    client.force_login(reader)
    page = client.get(f"/submissions/{sent_back.pk}/edit/").content.decode()
    assert "What the editor asked" in page and "Knee rocking" in page

    response = client.post(
        f"/submissions/{sent_back.pk}/edit/", edit_data(sent_back, cautions="Stop if it hurts.")
    )

    assert response.status_code == 302
    sent_back.refresh_from_db()
    assert sent_back.status == Status.WAITING
    assert sent_back.cautions == "Stop if it hurts."
    assert [e.to_status for e in sent_back.events.all()] == [
        Status.WAITING,
        Status.CHANGES_REQUESTED,
        Status.WAITING,
    ]


def test_a_resubmission_with_a_mistake_keeps_the_edit(client, reader, sent_back):
    client.force_login(reader)
    response = client.post(
        f"/submissions/{sent_back.pk}/edit/", edit_data(sent_back, title="", cautions="Kept!")
    )
    assert response.status_code == 200
    assert "Kept!" in response.content.decode()
    sent_back.refresh_from_db()
    assert sent_back.status == Status.CHANGES_REQUESTED


@pytest.fixture
def sent_back_with_video(make_submission, reader, editor, tmp_path):
    from .videos import make_video

    submission = make_submission(reader, kind="video", video=make_video(tmp_path / "first.mp4"))
    move(submission, Status.CHANGES_REQUESTED, actor=editor, message="A clearer title?")
    submission.refresh_from_db()
    return submission


def test_a_submission_with_a_video_file_can_be_edited(client, reader, sent_back_with_video):
    client.force_login(reader)
    response = client.get(f"/submissions/{sent_back_with_video.pk}/edit/")
    assert response.status_code == 200
    assert "A clearer title?" in response.content.decode()


def test_a_new_video_kept_from_a_failed_edit_replaces_the_old_one(
    client, reader, sent_back_with_video, tmp_path
):
    from .test_submit import upload
    from .videos import make_video

    submission, edit = sent_back_with_video, f"/submissions/{sent_back_with_video.pk}/edit/"
    old_name = submission.video.name
    new = make_video(tmp_path / "second.mp4", seconds=2)
    client.force_login(reader)
    failed = client.post(edit, {**edit_data(submission, title=""), "video": upload(new)})
    assert failed.status_code == 200 and failed.context["kept_video_name"]

    response = client.post(edit, edit_data(submission, kept_video=failed.context["kept_video"]))

    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.status == Status.WAITING
    assert submission.video.name != old_name
    assert submission.video.read() == new.read_bytes()


def test_a_failed_edit_without_a_new_video_keeps_no_copy_of_the_old_one(
    client, reader, sent_back_with_video, private_media
):
    submission = sent_back_with_video
    files = sorted(private_media.rglob("*.mp4"))
    client.force_login(reader)
    failed = client.post(f"/submissions/{submission.pk}/edit/", edit_data(submission, title=""))

    assert failed.status_code == 200
    assert failed.context["kept_video_name"] == ""
    assert sorted(private_media.rglob("*.mp4")) == files
    submission.refresh_from_db()
    assert submission.video.name == files[0].relative_to(private_media).as_posix()


def test_withdraw_keeps_the_submission_and_records_it(client, reader, make_submission):
    submission = make_submission(reader)
    client.force_login(reader)
    response = client.post(f"/submissions/{submission.pk}/withdraw/")
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.status == Status.WITHDRAWN
    assert submission.events.last().to_status == Status.WITHDRAWN
    html = client.get(submission.get_absolute_url()).content.decode()
    assert "Withdrawn" in html and "Withdraw this submission" not in html
    assert "Undo the withdrawal" in html


def test_withdrawing_twice_says_it_is_already_withdrawn(client, reader, make_submission):
    submission = make_submission(reader)
    client.force_login(reader)
    client.post(f"/submissions/{submission.pk}/withdraw/")
    response = client.post(f"/submissions/{submission.pk}/withdraw/", follow=True)
    assert "already withdrawn" in response.content.decode()
    assert submission.events.count() == 2


def test_withdraw_by_get_only_asks(client, reader, make_submission):
    submission = make_submission(reader)
    client.force_login(reader)
    assert client.get(f"/submissions/{submission.pk}/withdraw/").status_code == 200
    assert Submission.objects.get(pk=submission.pk).status == Status.WAITING


@pytest.mark.parametrize("action", ["edit", "withdraw", "video"])
def test_another_readers_submission_is_404_for_every_action(client, make_reader, sent_back, action):
    client.force_login(make_reader("nosy@example.com"))
    method = client.post if action == "withdraw" else client.get
    assert method(f"/submissions/{sent_back.pk}/{action}/").status_code == 404
    sent_back.refresh_from_db()
    assert sent_back.status == Status.CHANGES_REQUESTED


def test_illegal_transitions_raise_with_a_clear_message(make_submission, editor):
    submission = make_submission()
    move(submission, Status.WITHDRAWN, actor=submission.submitter)
    with pytest.raises(IllegalTransition, match="already withdrawn"):
        move(submission, Status.PUBLISHED, actor=editor)
