"""
The tus server, request by request (Django's test client): each answer the protocol asks for,
who may touch an upload, the checks at creation and on completion, and expiry.
"""

import base64
import os
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from submissions import resumable
from submissions.models import ResumableUpload, Submission
from submissions.tasks import delete_expired_uploads
from submissions.tus import KEPT_VIDEO_HEADER

from .forms import written
from .videos import make_video

pytestmark = pytest.mark.django_db
UPLOADS = "/submit/uploads/"
TUS = {"Tus-Resumable": "1.0.0"}
CHUNK = "application/offset+octet-stream"


def metadata(filename: str) -> str:
    return f"filename {base64.b64encode(filename.encode()).decode()},filetype dmlkZW8vbXA0"


def create(client, length: int, filename: str = "clip.mp4"):
    return client.post(
        UPLOADS,
        headers={**TUS, "Upload-Length": str(length), "Upload-Metadata": metadata(filename)},
    )


def patch(client, url: str, data: bytes, offset: int, content_type: str = CHUNK, **headers):
    return client.generic(
        "PATCH",
        url,
        data,
        content_type=content_type,
        headers={**TUS, "Upload-Offset": str(offset), **headers},
    )


@pytest.fixture
def signed_in(client, reader):
    client.force_login(reader)
    return client


@pytest.fixture
def video(tmp_path):
    return make_video(tmp_path / "clip.mp4").read_bytes()


def send_whole(client, data: bytes, chunk: int = 4096) -> str:
    url = create(client, len(data))["Location"]
    for offset in range(0, len(data), chunk):
        response = patch(client, url, data[offset : offset + chunk], offset)
        assert response.status_code == 204, response.content
    return url


def test_options_says_which_version_extensions_and_size_the_server_takes(client, settings):
    response = client.options(UPLOADS)

    assert response.status_code == 204
    assert response["Tus-Version"] == "1.0.0"
    assert set(response["Tus-Extension"].split(",")) == {"creation", "expiration", "termination"}
    assert int(response["Tus-Max-Size"]) == settings.SUBMISSION_MAX_UPLOAD_BYTES


def test_creation_answers_201_with_where_to_send_and_until_when(signed_in):
    response = create(signed_in, 1000)

    upload = ResumableUpload.objects.get()
    assert response.status_code == 201
    assert response["Location"] == f"/submit/uploads/{upload.pk}/"
    assert response["Tus-Resumable"] == "1.0.0"
    assert response["Upload-Expires"].endswith("GMT")
    assert (upload.length, upload.offset, upload.filename) == (1000, 0, "clip.mp4")


def test_a_request_without_the_protocol_version_is_refused_with_412(signed_in):
    response = signed_in.post(UPLOADS, headers={"Upload-Length": "10"})

    assert response.status_code == 412
    assert response["Tus-Version"] == "1.0.0"
    assert not ResumableUpload.objects.exists()


def test_a_file_over_the_size_limit_is_refused_at_creation_with_413_and_in_words(
    signed_in, settings
):
    response = create(signed_in, settings.SUBMISSION_MAX_UPLOAD_BYTES + 1)

    assert response.status_code == 413
    assert "too large" in response.content.decode()
    assert not ResumableUpload.objects.exists()


def test_a_file_that_is_not_a_video_by_its_name_is_refused_at_creation_with_415(signed_in):
    response = create(signed_in, 100, filename="notes.pdf")

    assert response.status_code == 415
    assert "MP4, WebM or MOV" in response.content.decode()


def test_creation_without_a_length_is_a_bad_request(signed_in):
    response = signed_in.post(UPLOADS, headers={**TUS, "Upload-Metadata": metadata("a.mp4")})

    assert response.status_code == 400


def test_head_says_how_far_an_upload_got_and_is_never_cached(signed_in):
    url = create(signed_in, 1000)["Location"]
    patch(signed_in, url, b"x" * 300, 0)

    response = signed_in.head(url, headers=TUS)

    assert response.status_code == 200
    assert (response["Upload-Offset"], response["Upload-Length"]) == ("300", "1000")
    assert "no-store" in response["Cache-Control"]
    assert "Upload-Expires" in response


def test_a_chunk_at_the_wrong_offset_is_refused_with_409_and_nothing_written(signed_in):
    url = create(signed_in, 1000)["Location"]
    patch(signed_in, url, b"x" * 300, 0)

    response = patch(signed_in, url, b"y" * 100, 200)

    assert response.status_code == 409
    assert ResumableUpload.objects.get().offset == 300


def test_a_chunk_of_another_type_is_refused_with_415(signed_in):
    url = create(signed_in, 1000)["Location"]

    response = patch(signed_in, url, b"x" * 10, 0, content_type="application/octet-stream")

    assert response.status_code == 415


def test_a_chunk_past_the_declared_length_or_the_chunk_size_is_refused_with_413(
    signed_in, settings
):
    url = create(signed_in, 100)["Location"]
    settings.RESUMABLE_CHUNK_BYTES = 50

    assert patch(signed_in, url, b"x" * 60, 0).status_code == 413
    settings.RESUMABLE_CHUNK_BYTES = 1000
    assert patch(signed_in, url, b"x" * 101, 0).status_code == 413
    assert ResumableUpload.objects.get().offset == 0


def test_a_chunk_while_another_request_writes_is_told_to_wait_with_423(signed_in):
    url = create(signed_in, 100)["Location"]
    ResumableUpload.objects.update(busy_until=timezone.now() + timedelta(minutes=1))

    assert patch(signed_in, url, b"x" * 10, 0).status_code == 423


def test_an_expired_upload_is_gone_410(signed_in):
    url = create(signed_in, 100)["Location"]
    ResumableUpload.objects.update(expires_at=timezone.now() - timedelta(seconds=1))

    assert signed_in.head(url, headers=TUS).status_code == 410
    assert patch(signed_in, url, b"x" * 10, 0).status_code == 410


def test_an_unknown_upload_is_404(signed_in):
    response = signed_in.head(f"{UPLOADS}6f1c1e0e-0000-4000-8000-000000000000/", headers=TUS)

    assert response.status_code == 404


@pytest.mark.parametrize("method", ["HEAD", "PATCH", "DELETE"])
def test_another_readers_upload_does_not_exist_for_them(signed_in, make_reader, method, settings):
    url = create(signed_in, 100)["Location"]
    nosy = Client()
    nosy.force_login(make_reader("nosy@example.com"))

    if method == "PATCH":
        response = patch(nosy, url, b"x" * 10, 0)
    else:
        response = nosy.generic(method, url, headers=TUS)

    assert response.status_code == 404
    assert ResumableUpload.objects.get().offset == 0
    assert len(resumable.part_files()) == 1


def test_a_stranger_who_is_not_signed_in_cannot_create_or_touch_uploads(signed_in):
    url = create(signed_in, 100)["Location"]
    stranger = Client()

    assert create(stranger, 100).status_code == 403
    assert stranger.head(url, headers=TUS).status_code == 404


def test_a_reader_who_has_not_confirmed_their_email_cannot_create_an_upload(make_reader):
    client = Client()
    client.force_login(make_reader("new@example.com", verified=False))

    assert create(client, 100).status_code == 403


def test_without_the_csrf_token_in_a_header_another_site_cannot_drive_an_upload(reader):
    client = Client(enforce_csrf_checks=True)
    client.force_login(reader)

    refused = create(client, 100)
    client.get("/submit/")  # the form's page sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    accepted = client.post(
        UPLOADS,
        headers={**TUS, "Upload-Length": "100", "Upload-Metadata": metadata("a.mp4"),
                 "X-CSRFToken": token},
    )  # fmt: skip
    url = accepted["Location"]

    assert refused.status_code == 403 and accepted.status_code == 201
    assert patch(client, url, b"x" * 10, 0).status_code == 403
    assert patch(client, url, b"x" * 10, 0, **{"X-CSRFToken": token}).status_code == 204
    assert client.generic("DELETE", url, headers=TUS).status_code == 403


def test_termination_deletes_the_upload_and_its_bytes(signed_in):
    url = create(signed_in, 100)["Location"]
    patch(signed_in, url, b"x" * 10, 0)

    response = signed_in.generic("DELETE", url, headers=TUS)

    assert response.status_code == 204
    assert not ResumableUpload.objects.exists()
    assert resumable.part_files() == []
    assert signed_in.head(url, headers=TUS).status_code == 404


def test_a_whole_video_is_checked_kept_in_private_storage_and_handed_to_the_form(
    signed_in, video, private_media
):
    url = send_whole(signed_in, video)

    upload = ResumableUpload.objects.get()
    assert upload.video_name.startswith("submissions/")
    assert (private_media / upload.video_name).read_bytes() == video
    assert resumable.part_files() == []
    token = signed_in.head(url, headers=TUS)[KEPT_VIDEO_HEADER]

    response = signed_in.post("/submit/", {**written(kind="video"), "kept_video": token})

    assert response.status_code == 302
    assert Submission.objects.get().video.name == upload.video_name


def test_the_kept_video_of_an_upload_makes_a_written_pattern_a_video_one(signed_in, video):
    url = send_whole(signed_in, video)
    token = signed_in.head(url, headers=TUS)[KEPT_VIDEO_HEADER]

    signed_in.post("/submit/", {**written(), "kept_video": token})

    assert Submission.objects.get().kind == Submission.Kind.VIDEO


def test_a_whole_upload_that_is_not_a_playable_video_is_refused_in_words_and_deleted(signed_in):
    data = b"not a video at all " * 100
    url = create(signed_in, len(data))["Location"]

    response = patch(signed_in, url, data, 0)

    assert response.status_code == 422
    assert "video" in response.content.decode()
    assert not ResumableUpload.objects.exists()
    assert resumable.part_files() == []


def test_bytes_a_dropped_request_left_past_the_offset_are_written_over(signed_in, settings):
    url = create(signed_in, 20)["Location"]
    patch(signed_in, url, b"a" * 10, 0)
    with open(settings.RESUMABLE_UPLOAD_ROOT / resumable.part_files()[0], "ab") as part:
        part.write(b"garbage")  # what a request that died left behind

    patch(signed_in, url, b"b" * 5, 10)

    part = settings.RESUMABLE_UPLOAD_ROOT / resumable.part_files()[0]
    assert part.read_bytes() == b"a" * 10 + b"b" * 5


def test_each_chunk_is_sent_on_to_disk_as_soon_as_it_is_written(signed_in, settings, monkeypatch):
    advised = []
    monkeypatch.setattr(os, "posix_fadvise", lambda fd, *advice: advised.append(advice))
    data = os.urandom(3000)
    url = create(signed_in, 4000)["Location"]  # not whole yet: its part file is still there

    for offset in (0, 1000, 2000):
        patch(signed_in, url, data[offset : offset + 1000], offset)

    assert advised == [(offset, 1000, os.POSIX_FADV_DONTNEED) for offset in (0, 1000, 2000)]
    part = settings.RESUMABLE_UPLOAD_ROOT / resumable.part_files()[0]
    assert part.read_bytes() == data


def test_the_expiry_task_deletes_unfinished_uploads_whose_time_ran_out(signed_in):
    create(signed_in, 100)
    create(signed_in, 100)
    old = ResumableUpload.objects.first()
    ResumableUpload.objects.filter(pk=old.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )

    assert delete_expired_uploads.call(str(old.pk)) == 1

    assert list(ResumableUpload.objects.values_list("pk", flat=True)) != [old.pk]
    assert ResumableUpload.objects.count() == 1
    assert len(resumable.part_files()) == 1


def test_each_upload_queues_its_deletion_for_when_it_would_expire(signed_in, settings):
    from django_tasks import default_task_backend

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    create(signed_in, 100)

    upload = ResumableUpload.objects.get()
    (queued,) = [r for r in default_task_backend.results if r.task.name == "delete_expired_uploads"]
    assert queued.args == [str(upload.pk)]
    assert queued.task.run_after == upload.expires_at


def test_when_bytes_were_lost_the_upload_goes_back_to_what_is_there_and_says_409(
    signed_in, settings
):
    url = create(signed_in, 100)["Location"]
    patch(signed_in, url, b"a" * 40, 0)
    part = settings.RESUMABLE_UPLOAD_ROOT / resumable.part_files()[0]
    part.write_bytes(b"a" * 25)  # a disk that lost the end (or a server that never had it)

    refused = patch(signed_in, url, b"b" * 10, 40)
    head = signed_in.head(url, headers=TUS)
    resumed = patch(signed_in, url, b"a" * 15, 25)

    assert refused.status_code == 409
    assert head["Upload-Offset"] == "25"
    assert resumed.status_code == 204 and part.read_bytes() == b"a" * 40


def test_a_reader_may_have_only_a_few_unfinished_uploads_at_once(signed_in):
    for _ in range(resumable.MAX_OPEN):
        assert create(signed_in, 100).status_code == 201

    refused = create(signed_in, 100)

    assert refused.status_code == 429
    assert "several videos on their way" in refused.content.decode()
