"""
The words of practice mode (static/js/practice.js), in one place.

The routine page hands them, translated, to the script as JSON (`{% practice_strings %}`, which
the CSP allows: a JSON blob is never run), so the script has no words of its own and one
catalog translates the page and its practice mode alike. The script fills in `{name}`.
"""

from django.utils.translation import gettext_lazy as _

STRINGS = {
    "leave": _("Leave practice"),
    "previous": _("Previous"),
    "next": _("Next"),
    "finish": _("Finish"),
    "stepOf": _("Step {current} of {total}"),
    "stepAnnounce": _("Step {current} of {total}: {title}"),
    "repOf": _("Rep {current} of {total}"),
    "repsDone": _("All {total} reps done"),
    "repDone": _("Done a rep"),
    "repReset": _("Reset reps"),
    "holdStart": _("Start hold ({seconds} s)"),
    "holdStop": _("Stop hold"),
    "holdStarted": _("Hold for {seconds} seconds."),
    "holdStopped": _("Hold stopped."),
    "holdEnd": _("Release."),
    "seconds": _("{seconds} s"),
    "soundOn": _("Sound: on"),
    "soundOff": _("Sound: off"),
    "hint": _("Swipe, or use the arrow keys, to move between steps."),
}
