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
    "ready": _("I'm ready"),
    "before": _("Before you start"),
    "noCautions": _("Move gently and stay within what feels comfortable. Stop if anything hurts."),
    "stepOf": _("Step {current} of {total}"),
    "stepAnnounce": _("Step {current} of {total}: {title}"),
    "repOf": _("Rep {current} of {total}"),
    "repDone": _("Done a rep"),
    "repReset": _("Reset reps"),
    "stepDone": _("Step done."),
    "start": _("Start"),
    "pause": _("Pause (P)"),
    "resume": _("Resume (P)"),
    "paused": _("Paused."),
    "hold": _("Hold"),
    "release": _("Release slowly"),
    "rest": _("Rest"),
    "seconds": _("{seconds} s"),
    "soundOn": _("Sound: on"),
    "soundOff": _("Sound: off"),
    "voice": _("Guide me by voice"),
    "noVoice": _(
        "This browser has no voice for this language: a soft sound marks each change instead."
    ),
    "paceWritten": _("Pace: as written"),
    "paceSlower": _("Pace: a little slower"),
    "paceMuchSlower": _("Pace: slower"),
    "paceFaster": _("Pace: faster"),
    "hint": _("Space or the arrow keys move between steps, P pauses. You can also swipe."),
    "endTitle": _("Done. Well done."),
    "endRest": _("Rest for a few breaths, then get up slowly. Notice how you stand and walk."),
    "endOther": _("Next time, you could try:"),
    "backToRoutine": _("Back to the routine"),
    "again": _("Start again"),
    # Said by the voice guide (and announced to screen readers).
    "sayHold": _("Hold."),
    "sayRelease": _("Release slowly."),
    "sayRest": _("Rest."),
    "sayRepeat": _("Repetition {current} of {total}."),
    "sayLeft": _("Now the left side."),
    "sayRight": _("Now the right side."),
    "sayStepDone": _("That step is done."),
    "sayWaitNext": _("Press Next when you are ready."),
}


def strings_for(steps) -> dict:
    """
    STRINGS, and the sentences with a count in them, written out for each count these steps
    use: languages make plurals their own way (ngettext), which a `{name}` cannot follow.
    """
    reps = sorted({step.reps for step in steps if step.reps})
    return {
        **STRINGS,
        "repsDone": {
            n: ngettext("%(count)d rep done", "All %(count)d reps done", n) % {"count": n}
            for n in reps
        },
    }
