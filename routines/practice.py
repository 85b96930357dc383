"""
The words of practice mode (static/js/practice.js), in one place.

The routine page hands them, translated, to the script as JSON (`{% practice_strings steps %}`,
which the CSP allows: a JSON blob is never run), so the script has no words of its own and one
catalog translates the page and its practice mode alike. The script fills in `{name}`.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

STRINGS = {
    "leave": _("Leave practice"),
    "previous": _("Previous"),
    "next": _("Next"),
    "finish": _("Finish"),
    "stepOf": _("Step {current} of {total}"),
    "stepAnnounce": _("Step {current} of {total}: {title}"),
    "repOf": _("Rep {current} of {total}"),
    "repDone": _("Done a rep"),
    "repReset": _("Reset reps"),
    "holdStart": _("Start hold ({seconds} s)"),
    "holdStop": _("Stop hold"),
    "holdStopped": _("Hold stopped."),
    "holdEnd": _("Release."),
    "seconds": _("{seconds} s"),
    "soundOn": _("Sound: on"),
    "soundOff": _("Sound: off"),
    "hint": _("Swipe, or use the arrow keys, to move between steps."),
}


def strings_for(steps) -> dict:
    """
    STRINGS, and the sentences with a count in them, written out for each count these steps
    use: languages make plurals their own way (ngettext), which a `{name}` cannot follow.
    """
    reps = sorted({step.reps for step in steps if step.reps})
    holds = sorted({step.hold_seconds for step in steps if step.hold_seconds})
    return {
        **STRINGS,
        "repsDone": {
            n: ngettext("%(count)d rep done", "All %(count)d reps done", n) % {"count": n}
            for n in reps
        },
        "holdStarted": {
            n: ngettext("Hold for %(count)d second.", "Hold for %(count)d seconds.", n)
            % {"count": n}
            for n in holds
        },
    }
