"""Video on a routine page: our own file with chapters from the steps, or a YouTube/Vimeo facade."""

import pytest

from routines.models import Step
from routines.templatetags.routines import timecode, vtt_time

pytestmark = pytest.mark.django_db


@pytest.fixture
def with_video(make_routine, settings, tmp_path):
    from django.core.files.base import ContentFile

    settings.MEDIA_ROOT = tmp_path / "media"
    routine = make_routine("Knee rocking", steps=0)
    routine.video.save("clip.mp4", ContentFile(b"not played in this test"))
    Step.objects.bulk_create(
        [
            Step(routine=routine, order=1, title="Lie down", cue="Lie down.", start_seconds=0),
            Step(routine=routine, order=2, title="Rock", cue="Rock <slowly>.", start_seconds=175),
            Step(routine=routine, order=3, title="Rest", cue="Rest."),
        ]
    )
    return routine


def test_the_video_plays_from_our_media_with_a_chapters_track(client, with_video):
    html = client.get(with_video.get_absolute_url()).content.decode()
    assert 'preload="metadata"' in html and "data-routine-video" in html
    assert f'src="/media/{with_video.video.name}"' in html
    assert f'src="/routines/{with_video.slug}/chapters.vtt"' in html
    assert 'data-seek="175"' in html and "Play from 2:55" in html


def test_chapters_are_webvtt_built_from_the_timed_steps(client, with_video):
    response = client.get(f"/routines/{with_video.slug}/chapters.vtt")
    body = response.content.decode()
    assert response["Content-Type"].startswith("text/vtt")
    assert body.startswith("WEBVTT\n")
    assert "00:00:00.000 --> 00:02:55.000\nLie down" in body
    assert "00:02:55.000 --> 01:02:55.000\nRock" in body
    assert "Rest" not in body


def test_a_draft_has_no_public_chapters(client, make_routine):
    draft = make_routine(published=False)
    assert client.get(f"/routines/{draft.slug}/chapters.vtt").status_code == 404


def test_a_youtube_video_is_a_facade_that_loads_nothing_from_youtube(client, make_routine):
    routine = make_routine(video_url="https://www.youtube.com/watch?v=dQw4w9WgXcQ")
    html = client.get(routine.get_absolute_url()).content.decode()
    assert "data-video-facade" in html
    assert (
        'data-embed="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1&amp;rel=0"'
        in html
    )
    assert "<iframe" not in html
    assert "ytimg" not in html and "youtube.com/embed" not in html


def test_a_vimeo_video_uses_do_not_track(client, make_routine):
    routine = make_routine(video_url="https://vimeo.com/76979871")
    html = client.get(routine.get_absolute_url()).content.decode()
    assert "https://player.vimeo.com/video/76979871?autoplay=1&amp;dnt=1" in html


def test_the_csp_allows_exactly_the_two_video_players(client, make_routine):
    routine = make_routine()
    policy = client.get(routine.get_absolute_url())["Content-Security-Policy"]
    frame_src = next(p for p in policy.split(";") if p.strip().startswith("frame-src"))
    assert frame_src.split()[1:] == ["https://www.youtube-nocookie.com", "https://player.vimeo.com"]
    assert "unsafe-inline" not in policy


@pytest.mark.parametrize(
    ("seconds", "code", "vtt"),
    [(0, "0:00", "00:00:00.000"), (175, "2:55", "00:02:55.000"), (3723, "1:02:03", "01:02:03.000")],
)
def test_time_formats(seconds, code, vtt):
    assert timecode(seconds) == code
    assert vtt_time(seconds) == vtt
