"""Pages go out gzip-compressed to browsers that accept it; files and videos are left alone."""

import gzip

import pytest
from django.http import FileResponse, HttpResponse
from django.test import RequestFactory

from somatics.middleware import CompressPagesMiddleware


@pytest.mark.django_db
def test_pages_are_compressed_for_browsers_that_accept_gzip(client, starter_library):
    response = client.get("/routines/psoas-release/", headers={"Accept-Encoding": "gzip, br"})

    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    page = gzip.decompress(response.content).decode()
    assert "Psoas release" in page
    assert len(response.content) < len(page) / 3


@pytest.mark.django_db
def test_pages_are_plain_for_clients_that_do_not_ask(client, starter_library):
    response = client.get("/routines/psoas-release/")

    assert not response.has_header("Content-Encoding")
    assert "Psoas release" in response.content.decode()


def test_streamed_files_keep_their_bytes_and_ranges(tmp_path):
    video = tmp_path / "clip.mp4"
    video.write_bytes(b"\0" * 10_000)
    request = RequestFactory().get("/media/clip.mp4", headers={"Accept-Encoding": "gzip"})
    middleware = CompressPagesMiddleware(lambda r: FileResponse(video.open("rb")))

    response = middleware(request)

    assert not response.has_header("Content-Encoding")
    assert response["Content-Length"] == "10000"


def test_binary_responses_are_not_compressed():
    request = RequestFactory().get("/x", headers={"Accept-Encoding": "gzip"})
    image = HttpResponse(b"\x89PNG" + b"\0" * 5000, content_type="image/png")

    response = CompressPagesMiddleware(lambda r: image)(request)

    assert not response.has_header("Content-Encoding")
