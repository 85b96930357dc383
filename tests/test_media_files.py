"""Published media on a laptop (`make run`): served with Range, so videos can seek."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404
from django.test import RequestFactory

from somatics.views import media_file


@pytest.fixture
def published(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return default_storage.save("videos/clip.mp4", ContentFile(bytes(range(256)) * 8))


def test_a_range_of_a_published_file_is_206(published):
    request = RequestFactory().get(f"/media/{published}", headers={"Range": "bytes=10-19"})
    response = media_file(request, published)
    assert response.status_code == 206
    assert b"".join(response.streaming_content) == bytes(range(10, 20))
    assert response["Content-Range"] == "bytes 10-19/2048"


@pytest.mark.parametrize("path", ["videos/missing.mp4", "../settings.py", "../../etc/passwd"])
def test_missing_or_outside_files_are_404(published, path):
    with pytest.raises(Http404):
        media_file(RequestFactory().get("/media/x"), path)
