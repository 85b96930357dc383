"""
A failed video keeps what happened (a code and its figures) instead of an English sentence.

Old code keeps serving while this runs (README, "Upgrade"), so its column `error` stays, under
the name `legacy_error`, and the new columns have database defaults for the rows it inserts.
Sentences already stored are read back into codes where they are ours; any other keeps its
text in the figures, and is shown as it was.
"""

import re

from django.db import migrations, models

# The sentences processing stored before this migration (English, the workers' language), as
# they were then: copied here, not imported, so that rewording them later changes nothing here.
CLOCK = r"(\d+):(\d\d)"
TOO_LONG = re.compile(rf"This video is {CLOCK} long, and the most we can take is {CLOCK} ")
NOT_CONVERTED = re.compile(r"The video could not be converted \((.*)\)\. Please export it again")
SENTENCES = {
    "This file is not a video we can read. Please upload an MP4, WebM or MOV file.": "unreadable",
    "This file has no video in it (only sound?). Please upload an MP4, WebM or MOV file.": (
        "no_video"
    ),
    "This video seems to be incomplete: its end is missing. Please check that it plays to the "
    "end, then upload it again.": "incomplete",
    "The video could not be processed.": "unexpected",
}
PROBLEMS = [
    ("format", "Not an MP4, WebM or MOV video"),
    ("unreadable", "Could not be read"),
    ("too_slow", "Took too long to read"),
    ("no_frame", "No picture could be decoded"),
    ("no_video", "Sound only, no picture"),
    ("incomplete", "Incomplete: its end is missing"),
    ("too_long", "Longer than the limit"),
    ("conversion", "Could not be converted"),
    ("unexpected", "Failed unexpectedly"),
    ("other", "Other (recorded as text)"),
]


def problem_of(sentence: str) -> tuple[str, dict]:
    """The code and figures a stored sentence stands for; "other", keeping it, if not ours."""
    if sentence in SENTENCES:
        return SENTENCES[sentence], {}
    if match := TOO_LONG.match(sentence):
        minutes, seconds, limit_minutes, limit_seconds = map(int, match.groups())
        return "too_long", {"seconds": minutes * 60 + seconds, "limit": limit_minutes * 60 + limit_seconds}
    if match := NOT_CONVERTED.match(sentence):
        return "conversion", {"reason": match.group(1)}
    return "other", {"text": sentence}


def codes_from_sentences(apps, schema_editor):
    Video = apps.get_model("submissions", "Video")
    for video in Video.objects.filter(status="failed").exclude(legacy_error=""):
        video.error_code, video.error_details = problem_of(video.legacy_error)
        video.save(update_fields=["error_code", "error_details"])


def sentences_for_old_code(apps, schema_editor):
    """Back to sentences: a failure recorded since has none yet; give it the general one."""
    Video = apps.get_model("submissions", "Video")
    failed = Video.objects.filter(status="failed", legacy_error="")
    for video in failed:
        video.legacy_error = video.error_details.get("text") or "The video could not be processed."
        video.save(update_fields=["legacy_error"])


class Migration(migrations.Migration):
    dependencies = [
        ("submissions", "0006_video_record"),
    ]

    operations = [
        migrations.AddField(
            model_name="video",
            name="error_code",
            field=models.CharField(
                blank=True,
                choices=PROBLEMS,
                db_default="",
                default="",
                max_length=20,
                verbose_name="why it failed",
            ),
        ),
        migrations.AddField(
            model_name="video",
            name="error_details",
            field=models.JSONField(
                blank=True, db_default={}, default=dict, verbose_name="figures of why it failed"
            ),
        ),
        # Only the model's name for the column changes: the column itself stays `error`.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="video",
                    name="error",
                    field=models.TextField(blank=True, db_column="error", editable=False),
                ),
                migrations.RenameField(
                    model_name="video", old_name="error", new_name="legacy_error"
                ),
            ],
        ),
        migrations.RunPython(codes_from_sentences, sentences_for_old_code),
    ]
