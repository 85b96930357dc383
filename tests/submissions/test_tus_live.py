"""
The tus server against a real tus client (`tuspy`) over HTTP, on pytest-django's live server:
a whole upload in chunks, one resumed after the client stopped halfway, and termination.
"""

import pytest
import requests
from django.conf import settings
from django.test import Client
from tusclient.client import TusClient

from submissions.models import ResumableUpload, Submission
from submissions.tus import KEPT_VIDEO_HEADER

from .forms import written
from .videos import make_video

pytestmark = pytest.mark.django_db(transaction=True)
CSRF = "c" * 32  # a CSRF cookie's secret; the header may carry it unmasked


@pytest.fixture
def headers(reader):
    """What a signed-in reader's browser sends: the session and CSRF cookies, and the token."""
    client = Client()
    client.force_login(reader)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    return {
        "Cookie": f"{settings.SESSION_COOKIE_NAME}={session}; {settings.CSRF_COOKIE_NAME}={CSRF}",
        "X-CSRFToken": CSRF,
    }


@pytest.fixture
def clip(tmp_path):
    return make_video(tmp_path / "long take.mp4", seconds=2)


def tus_client(live_server, headers) -> TusClient:
    return TusClient(f"{live_server.url}/submit/uploads/", headers=headers)


def test_tuspy_sends_a_video_in_chunks_and_the_form_takes_it(live_server, headers, clip):
    uploader = tus_client(live_server, headers).uploader(
        str(clip), chunk_size=16 * 1024, metadata={"filename": clip.name}
    )
    uploader.upload()

    upload = ResumableUpload.objects.get()
    assert upload.offset == upload.length == clip.stat().st_size
    token = requests.head(uploader.url, headers={**headers, "Tus-Resumable": "1.0.0"}).headers[
        KEPT_VIDEO_HEADER
    ]
    form = requests.post(
        f"{live_server.url}/submit/",
        data={**written(kind="video", csrfmiddlewaretoken=CSRF), "kept_video": token},
        headers={"Cookie": headers["Cookie"]},
        allow_redirects=False,
    )
    assert form.status_code == 302
    submission = Submission.objects.get()
    assert submission.video.read() == clip.read_bytes()


def test_an_upload_stopped_halfway_resumes_where_it_stopped(live_server, headers, clip):
    size = clip.stat().st_size
    first = tus_client(live_server, headers).uploader(
        str(clip), chunk_size=8 * 1024, metadata={"filename": clip.name}
    )
    first.upload(stop_at=size // 2)
    stopped_at = ResumableUpload.objects.get().offset

    again = tus_client(live_server, headers).uploader(
        str(clip), chunk_size=8 * 1024, url=first.url, metadata={"filename": clip.name}
    )
    assert again.offset == stopped_at >= size // 2
    again.upload()

    upload = ResumableUpload.objects.get()
    assert upload.offset == size and upload.video_name


def test_tuspy_terminates_an_upload(live_server, headers, clip):
    uploader = tus_client(live_server, headers).uploader(
        str(clip), chunk_size=8 * 1024, metadata={"filename": clip.name}
    )
    uploader.upload(stop_at=8 * 1024)

    response = requests.delete(uploader.url, headers={**headers, "Tus-Resumable": "1.0.0"})

    assert response.status_code == 204
    assert not ResumableUpload.objects.exists()
