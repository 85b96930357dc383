"""Sending a pattern: who may, what is kept when something is wrong, and the daily limit."""

import pytest
from django.urls import reverse

from submissions.forms import MAX_STEPS
from submissions.models import Submission, SubmissionEvent

from .forms import written

pytestmark = pytest.mark.django_db
SUBMIT = "/submit/"


def test_anonymous_readers_are_asked_to_sign_in(client):
    response = client.get(SUBMIT)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_an_unverified_reader_is_asked_to_confirm_their_email_first(client, make_reader):
    client.force_login(make_reader(verified=False))
    response = client.post(SUBMIT, written())
    assert Submission.objects.count() == 0
    assert "confirm your email address first" in response.content.decode().lower()


def test_the_form_starts_with_the_call_for_submissions(client, reader):
    client.force_login(reader)
    html = client.get(SUBMIT).content.decode()
    assert "Send in your own movement pattern" in html
    assert "licence" in html.lower()


def test_the_form_states_the_step_limit_the_form_enforces(client, reader):
    client.force_login(reader)
    html = client.get(SUBMIT).content.decode()
    assert f"you can add up to {MAX_STEPS} steps" in html
    assert f'data-max="{MAX_STEPS}"' in html  # where the step editor stops adding boxes


def test_a_written_pattern_is_stored_waiting_for_review_with_one_history_row(client, reader):
    client.force_login(reader)
    response = client.post(SUBMIT, written())
    submission = Submission.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("submissions:sent", args=[submission.pk])
    assert submission.status == Submission.Status.WAITING
    assert submission.submitter == reader
    assert submission.steps == [
        "Sit near the front of the chair.",
        "Rock the pelvis forward and back, slowly.",
    ]
    assert SubmissionEvent.objects.get().to_status == Submission.Status.WAITING
    page = client.get(response["Location"]).content.decode()
    assert "What happens next" in page


def test_steps_follow_the_order_the_reader_gave(client, reader):
    client.force_login(reader)
    client.post(SUBMIT, written(**{"steps-0-ORDER": "2", "steps-1-ORDER": "1"}))
    assert Submission.objects.get().steps[0].startswith("Rock the pelvis")


def test_a_removed_step_is_dropped(client, reader):
    client.force_login(reader)
    client.post(SUBMIT, written(**{"steps-1-DELETE": "on"}))
    assert Submission.objects.get().steps == ["Sit near the front of the chair."]


def test_a_written_pattern_needs_a_step_and_keeps_what_was_typed(client, reader):
    client.force_login(reader)
    response = client.post(SUBMIT, written(**{"steps-0-text": "", "steps-1-text": ""}))
    html = response.content.decode()
    assert response.status_code == 200
    assert Submission.objects.count() == 0
    assert "A written pattern needs at least one step." in html
    assert "Rolling the pelvis in a chair" in html
    assert "Stiff low back after driving." in html


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "", "This field is required."),
        ("title", "x" * 121, "at most 120 characters"),
        ("minutes", "0", "Please give a time between 1 and 120 minutes."),
        ("minutes", "121", "Please give a time between 1 and 120 minutes."),
        ("position", "upside-down", "Select a valid choice"),
        ("licence", "all-rights-reserved", "Select a valid choice"),
        ("confirmed_consent", "", "This field is required."),
        ("steps-0-text", "x" * 1001, "at most 1000 characters"),
    ],
)
def test_a_bad_field_is_named_and_nothing_typed_is_lost(client, reader, field, value, message):
    client.force_login(reader)
    data = written(**{field: value})
    if not value:
        data.pop(field)
    response = client.post(SUBMIT, data)
    html = response.content.decode()
    assert Submission.objects.count() == 0
    assert message in html
    assert "Stiff low back after driving." in html
    assert "Please check the highlighted fields" in html


def test_script_in_every_text_field_is_stored_as_text_and_shown_escaped(client, reader):
    client.force_login(reader)
    evil = '<script>alert("x")</script>'
    client.post(
        SUBMIT,
        written(title=evil, addresses=evil, cautions=evil, **{"steps-0-text": evil}),
    )
    submission = Submission.objects.get()
    assert submission.title == evil
    html = client.get(submission.get_absolute_url()).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert" in html


def test_a_video_pattern_with_a_youtube_link_is_stored_normalised(client, reader):
    client.force_login(reader)
    client.post(
        SUBMIT,
        written(kind="video", video_url="https://youtu.be/dQw4w9WgXcQ?t=5", **{"steps-0-text": ""}),
    )
    submission = Submission.objects.get()
    assert submission.kind == "video"
    assert submission.video_url == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


@pytest.mark.parametrize(
    "url",
    [
        "https://evil.example.com/watch?v=dQw4w9WgXcQ",
        "javascript:alert(1)",
        "https://youtube.com/watch",
    ],
)
def test_links_other_than_youtube_or_vimeo_are_refused(client, reader, url):
    client.force_login(reader)
    response = client.post(SUBMIT, written(kind="video", video_url=url))
    assert Submission.objects.count() == 0
    assert "YouTube or Vimeo" in response.content.decode()


def test_a_video_pattern_needs_a_file_or_a_link(client, reader):
    client.force_login(reader)
    response = client.post(SUBMIT, written(kind="video"))
    assert Submission.objects.count() == 0
    assert (
        "Please upload a video file or paste a YouTube or Vimeo link." in response.content.decode()
    )


def test_coming_from_a_routine_prefills_in_response_to(client, reader, make_routine):
    routine = make_routine("Psoas release", slug="psoas-release")
    client.force_login(reader)
    html = client.get(f"{SUBMIT}?routine=psoas-release").content.decode()
    assert "In response to" in html and 'value="psoas-release"' in html
    client.post(SUBMIT, written(in_response_to="psoas-release"))
    assert Submission.objects.get().in_response_to == routine


def test_the_sixth_submission_in_a_day_is_refused_kindly(client, reader, settings):
    settings.SUBMISSIONS_PER_DAY = 5
    client.force_login(reader)
    for _ in range(5):
        assert client.post(SUBMIT, written()).status_code == 302
    response = client.post(SUBMIT, written(title="One too many"))
    html = response.content.decode()
    assert Submission.objects.count() == 5
    assert "Please try again tomorrow." in html
    assert "One too many" in html


# The reader's own pages -----------------------------------------------------------------------


def test_my_submissions_lists_only_my_own(client, make_reader):
    me, other = make_reader("me@example.com"), make_reader("other@example.com")
    client.force_login(other)
    client.post(SUBMIT, written(title="Theirs"))
    client.force_login(me)
    client.post(SUBMIT, written(title="Mine"))
    html = client.get("/submissions/").content.decode()
    assert "Mine" in html and "Theirs" not in html
    assert "Waiting for review" in html


@pytest.mark.parametrize("who", ["anonymous", "other reader", "owner"])
def test_a_submission_page_is_only_for_its_owner(client, make_reader, who):
    owner = make_reader("owner@example.com")
    client.force_login(owner)
    client.post(SUBMIT, written())
    submission = Submission.objects.get()
    client.logout()
    if who == "other reader":
        client.force_login(make_reader("other@example.com"))
    elif who == "owner":
        client.force_login(owner)
    response = client.get(submission.get_absolute_url())
    expected = {"anonymous": 302, "other reader": 404, "owner": 200}[who]
    assert response.status_code == expected


def test_unknown_submission_is_404(client, reader):
    client.force_login(reader)
    assert client.get("/submissions/999999/").status_code == 404


# Uploaded videos ------------------------------------------------------------------------------


def upload(path, name=None):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name or path.name, path.read_bytes(), content_type="video/mp4")


def stored_files(root):
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_an_uploaded_video_is_stored_privately_under_our_own_name(
    client, reader, private_media, tmp_path
):
    from .videos import make_video

    video = make_video(tmp_path / "My Lovely Routine.mp4")
    client.force_login(reader)
    response = client.post(SUBMIT, {**written(kind="video"), "video": upload(video)})
    assert response.status_code == 302
    submission = Submission.objects.get()
    stored = stored_files(private_media)
    assert len(stored) == 1 and stored[0].suffix == ".mp4"
    assert "Lovely" not in submission.video.name
    assert stored[0].read_bytes() == video.read_bytes()
    with pytest.raises(ValueError):
        _ = submission.video.url  # private: no public address


def test_a_file_that_is_not_a_video_is_refused_and_nothing_else_is_lost(
    client, reader, private_media, tmp_path
):
    fake = tmp_path / "routine.mp4"
    fake.write_text("this is not a video")
    client.force_login(reader)
    response = client.post(SUBMIT, {**written(kind="video"), "video": upload(fake)})
    html = response.content.decode()
    assert Submission.objects.count() == 0
    assert "not a video we can read" in html
    assert "Rolling the pelvis in a chair" in html
    assert stored_files(private_media) == []


def test_a_valid_video_is_kept_when_another_field_is_wrong(client, reader, private_media, tmp_path):
    from .videos import make_video

    video = make_video(tmp_path / "clip.mp4")
    client.force_login(reader)
    first = client.post(SUBMIT, {**written(kind="video", title=""), "video": upload(video)})
    html = first.content.decode()
    assert "Your video was received and is kept" in html
    token = first.context["kept_video"]
    assert token
    assert html.count('name="kept_video"') == 1  # one token, never a stale one beside it
    assert f'value="{token}"' in html

    second = client.post(SUBMIT, written(kind="video", kept_video=token))
    assert second.status_code == 302
    submission = Submission.objects.get()
    assert submission.video.name
    assert len(stored_files(private_media)) == 1


def test_a_kept_video_token_from_another_reader_is_ignored(
    client, make_reader, private_media, tmp_path
):
    from .videos import make_video

    video = make_video(tmp_path / "clip.mp4")
    client.force_login(make_reader("first@example.com"))
    token = client.post(
        SUBMIT, {**written(kind="video", title=""), "video": upload(video)}
    ).context["kept_video"]
    client.force_login(make_reader("second@example.com"))
    response = client.post(SUBMIT, written(kind="video", kept_video=token))
    assert Submission.objects.count() == 0
    assert "Please upload a video file" in response.content.decode()


def test_an_oversized_upload_is_refused_with_the_limit_and_the_form_kept(
    client, reader, private_media, tmp_path, settings
):
    from .videos import make_video

    settings.SUBMISSION_MAX_UPLOAD_BYTES = 10 * 1024
    video = make_video(tmp_path / "big.mp4", seconds=2)
    assert video.stat().st_size > settings.SUBMISSION_MAX_UPLOAD_BYTES
    client.force_login(reader)
    response = client.post(SUBMIT, {**written(kind="video"), "video": upload(video)})
    html = response.content.decode()
    assert response.status_code == 200
    assert Submission.objects.count() == 0
    assert "too large" in html
    assert "Rolling the pelvis in a chair" in html
    assert stored_files(private_media) == []


def test_a_video_over_the_length_limit_is_refused_on_the_form_and_nothing_typed_is_lost(
    client, reader, private_media, tmp_path, settings
):
    from .videos import make_video

    settings.VIDEO_MAX_SECONDS = 1
    video = make_video(tmp_path / "long.mp4", seconds=2)
    client.force_login(reader)
    response = client.post(SUBMIT, {**written(kind="video"), "video": upload(video)})
    html = response.content.decode()
    assert response.status_code == 200
    assert Submission.objects.count() == 0
    assert "This video is 0:02 long, and the most we can take is 0:01" in html
    assert "Rolling the pelvis in a chair" in html
    assert "Sit near the front of the chair." in html
    assert not response.context["kept_video_name"]
    assert stored_files(private_media) == []
