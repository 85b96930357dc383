"""A submission's private video: its owner and moderators only, with HTTP Range for seeking."""

import pytest

from .videos import make_video

pytestmark = pytest.mark.django_db


@pytest.fixture
def with_video(make_submission, reader, tmp_path):
    return make_submission(reader, kind="video", video=make_video(tmp_path / "clip.mp4"))


def url(submission):
    return f"/submissions/{submission.pk}/video/"


def test_the_owner_gets_the_whole_video(client, reader, with_video):
    client.force_login(reader)
    response = client.get(url(with_video))
    body = b"".join(response.streaming_content)
    assert response.status_code == 200
    assert response["Content-Type"] == "video/mp4"
    assert response["Accept-Ranges"] == "bytes"
    assert "private" in response["Cache-Control"]
    assert body == with_video.video.open("rb").read()


def test_a_range_request_gets_exactly_those_bytes(client, reader, with_video):
    client.force_login(reader)
    size = with_video.video.size
    response = client.get(url(with_video), headers={"Range": "bytes=0-1023"})
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes 0-1023/{size}"
    assert response["Content-Length"] == "1024"
    assert b"".join(response.streaming_content) == with_video.video.open("rb").read()[:1024]


@pytest.mark.parametrize(
    ("header", "expected"),
    [("bytes=100-", lambda s: (100, s - 1)), ("bytes=-100", lambda s: (s - 100, s - 1)),
     ("bytes=10-999999999", lambda s: (10, s - 1))],
)  # fmt: skip
def test_open_and_suffix_ranges(client, reader, with_video, header, expected):
    client.force_login(reader)
    size = with_video.video.size
    start, end = expected(size)
    response = client.get(url(with_video), headers={"Range": header})
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes {start}-{end}/{size}"
    assert len(b"".join(response.streaming_content)) == end - start + 1


@pytest.mark.parametrize("header", ["bytes=999999999-", "bytes=50-10", "bytes=-0", "items=0-1"])
def test_an_unsatisfiable_range_is_416(client, reader, with_video, header):
    client.force_login(reader)
    response = client.get(url(with_video), headers={"Range": header})
    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{with_video.video.size}"


def test_a_moderator_may_watch_it(client, moderator, with_video):
    client.force_login(moderator)
    assert client.get(url(with_video)).status_code == 200


@pytest.mark.parametrize(
    "who",
    [
        "anonymous",
        "another reader",
        "staff without moderation",
        "the permission without staff",
    ],
)
def test_nobody_else_may_watch_it(client, make_reader, django_user_model, with_video, who):
    from django.contrib.auth.models import Permission

    moderate = Permission.objects.get(codename="moderate_submission")
    if who == "another reader":
        client.force_login(make_reader("nosy@example.com"))
    elif who == "staff without moderation":
        client.force_login(
            django_user_model.objects.create_user("s", "s@e.com", "pw", is_staff=True)
        )
    elif who == "the permission without staff":
        user = django_user_model.objects.create_user("p", "p@e.com", "pw")
        user.user_permissions.add(moderate)
        client.force_login(user)
    response = client.get(url(with_video))
    assert response.status_code == (302 if who == "anonymous" else 404)


def test_the_private_folder_is_not_under_media_root(settings, with_video):
    from pathlib import Path

    stored = Path(with_video.video.path).resolve()
    assert Path(settings.MEDIA_ROOT).resolve() not in stored.parents
