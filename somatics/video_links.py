"""YouTube and Vimeo links: only those hosts, reduced to a provider and a video id."""

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
_VIMEO_ID = re.compile(r"^[0-9]{6,12}$")
YOUTUBE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com", "youtu.be", "www.youtu.be"}
VIMEO_HOSTS = {"vimeo.com", "www.vimeo.com", "player.vimeo.com"}


@dataclass(frozen=True)
class VideoLink:
    provider: str  # "youtube" or "vimeo"
    video_id: str

    @property
    def embed_url(self) -> str:
        """The privacy-enhanced player: no cookies from YouTube, Vimeo's do-not-track."""
        if self.provider == "youtube":
            return f"https://www.youtube-nocookie.com/embed/{self.video_id}?autoplay=1&rel=0"
        return f"https://player.vimeo.com/video/{self.video_id}?autoplay=1&dnt=1"

    @property
    def provider_name(self) -> str:
        return {"youtube": "YouTube", "vimeo": "Vimeo"}[self.provider]

    @property
    def url(self) -> str:
        """The canonical address we store, whatever form the reader pasted."""
        if self.provider == "youtube":
            return f"https://www.youtube.com/watch?v={self.video_id}"
        return f"https://vimeo.com/{self.video_id}"


def parse_video_link(url: str) -> VideoLink:
    """Accept only YouTube and Vimeo video addresses; anything else is a ValidationError."""
    invalid = ValidationError(
        _("Please paste the address of a YouTube or Vimeo video, e.g. https://youtu.be/…"),
        code="invalid_video_link",
    )
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        raise invalid from None
    host = (parts.hostname or "").lower()
    if parts.scheme not in {"http", "https"}:
        raise invalid
    segments = [s for s in parts.path.split("/") if s]
    video_id = ""
    if host in YOUTUBE_HOSTS:
        if host.endswith("youtu.be") and segments:
            video_id = segments[0]
        elif segments[:1] == ["watch"]:
            video_id = parse_qs(parts.query).get("v", [""])[0]
        elif len(segments) >= 2 and segments[0] in {"embed", "shorts", "live", "v"}:
            video_id = segments[1]
        if _YOUTUBE_ID.match(video_id):
            return VideoLink("youtube", video_id)
    elif host in VIMEO_HOSTS:
        candidates = [s for s in segments if _VIMEO_ID.match(s)]
        if candidates:
            return VideoLink("vimeo", candidates[0])
    raise invalid
