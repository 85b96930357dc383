"""Video links: YouTube and Vimeo only, reduced to a canonical address."""

import pytest
from django.core.exceptions import ValidationError

from somatics.video_links import parse_video_link


@pytest.mark.parametrize(
    ("url", "provider", "video_id"),
    [
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", "youtube", "dQw4w9WgXcQ"),
        ("https://youtube.com/watch?v=dQw4w9WgXcQ&t=42s", "youtube", "dQw4w9WgXcQ"),
        ("https://m.youtube.com/watch?v=dQw4w9WgXcQ", "youtube", "dQw4w9WgXcQ"),
        ("https://youtu.be/dQw4w9WgXcQ", "youtube", "dQw4w9WgXcQ"),
        ("https://www.youtube.com/embed/dQw4w9WgXcQ", "youtube", "dQw4w9WgXcQ"),
        ("https://www.youtube.com/shorts/dQw4w9WgXcQ", "youtube", "dQw4w9WgXcQ"),
        ("  https://vimeo.com/76979871  ", "vimeo", "76979871"),
        ("https://player.vimeo.com/video/76979871", "vimeo", "76979871"),
        ("http://vimeo.com/channels/staffpicks/76979871", "vimeo", "76979871"),
    ],
)
def test_youtube_and_vimeo_addresses_are_understood(url, provider, video_id):
    link = parse_video_link(url)
    assert (link.provider, link.video_id) == (provider, video_id)


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/watch?v=dQw4w9WgXcQ",
        "https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ",
        "https://www.youtube.com/watch?v=short",
        "https://www.youtube.com/@somechannel",
        "https://vimeo.com/about",
        "javascript:alert(1)//youtu.be/dQw4w9WgXcQ",
        "ftp://youtu.be/dQw4w9WgXcQ",
        "youtu.be/dQw4w9WgXcQ",
        "https://youtu.be/<script>",
        "http://[::1",
    ],
)
def test_anything_else_is_refused(url):
    with pytest.raises(ValidationError):
        parse_video_link(url)


def test_the_stored_address_is_canonical():
    assert parse_video_link("https://youtu.be/dQw4w9WgXcQ?t=1").url == (
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    )
    assert parse_video_link("https://player.vimeo.com/video/76979871").url == (
        "https://vimeo.com/76979871"
    )
