"""
Why a video was refused or could not be processed, and how that is said to a person.

The database keeps what happened, not a sentence: a code (`Problem`) and its figures, e.g.
"too_long" with {"seconds": 1860, "limit": 1800}. `describe_problem` words them each time they
are shown, in the language active then (the reader's page, the admin, an email), so a stored
failure follows the reader's language and any later rewording. The upload check and processing
refuse with these same sentences, so a reader meets one message wherever a problem is found.

It imports nothing of ours, so that both the upload check (`uploads.py`) and the video package
built on it (`video/`) can use it, and the models too.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

NOT_A_VIDEO = _("This file is not a video we can read. Please upload an MP4, WebM or MOV file.")
NO_PICTURE = _(
    "This file has no video in it (only sound?). Please upload an MP4, WebM or MOV file."
)
INCOMPLETE = _(
    "This video seems to be incomplete: its end is missing. Please check that it plays to the "
    "end, then upload it again."
)
TOO_LONG = _(
    "This video is %(length)s long, and the most we can take is %(limit)s (minutes:seconds). "
    "Please trim it, or split it into shorter videos, and upload it again."
)
NOT_CONVERTED = _(
    "The video could not be converted (%(reason)s). Please export it again as an MP4 and "
    "upload that."
)
NOT_PROCESSED = _("The video could not be processed.")


class Problem(models.TextChoices):
    """What went wrong, as stored on a failed video; the labels are for the editor's lists."""

    FORMAT = "format", _("Not an MP4, WebM or MOV video")
    UNREADABLE = "unreadable", _("Could not be read")
    TOO_SLOW = "too_slow", _("Took too long to read")
    NO_FRAME = "no_frame", _("No picture could be decoded")
    NO_VIDEO = "no_video", _("Sound only, no picture")
    INCOMPLETE = "incomplete", _("Incomplete: its end is missing")
    TOO_LONG = "too_long", _("Longer than the limit")
    CONVERSION = "conversion", _("Could not be converted")
    UNEXPECTED = "unexpected", _("Failed unexpectedly")
    # Failures recorded as a sentence before codes were kept, and not recognised since.
    OTHER = "other", _("Other (recorded as text)")


# Problems whose sentence needs no figures.
SENTENCES = {
    Problem.FORMAT: NOT_A_VIDEO,
    Problem.UNREADABLE: NOT_A_VIDEO,
    Problem.TOO_SLOW: NOT_A_VIDEO,
    Problem.NO_FRAME: NOT_A_VIDEO,
    Problem.NO_VIDEO: NO_PICTURE,
    Problem.INCOMPLETE: INCOMPLETE,
}


def describe_problem(code: str, details: dict | None = None) -> str:
    """
    The sentence for problem `code` with its figures, in the active language. A code this
    version does not know (or a missing figure) still gets a sentence, never an error page.
    """
    details = details or {}
    try:
        if code == Problem.TOO_LONG:
            return too_long_message(details["seconds"], details["limit"])
        if code == Problem.CONVERSION:
            return NOT_CONVERTED % {"reason": details["reason"]}
    except KeyError:
        return str(NOT_PROCESSED)
    if code == Problem.OTHER and details.get("text"):
        return details["text"]  # written in the site's language at the time; no better words
    return str(SENTENCES.get(code, NOT_PROCESSED))


def too_long_message(seconds: float, limit: float) -> str:
    """The refusal of a video `seconds` long when the most we take is `limit` seconds."""
    return TOO_LONG % {"length": clock(seconds), "limit": clock(limit)}


def clock(seconds: float) -> str:
    """A length as minutes:seconds, which readers know from their phone's video player."""
    minutes, seconds = divmod(round(seconds), 60)
    return f"{minutes}:{seconds:02d}"
