"""
`{% step_drawing step %}`: a step's drawing in the routine page, from its start and end poses.

The drawing moves from the start pose to the end pose and back (SMIL, timed by the step's hold
and release); beside it are the two stills, which the stylesheet shows instead for a reader who
prefers reduced motion, and on paper; the end still has the start pose pale behind it, so that
what moved shows without the movement. A step with one pose is drawn still; a step without a
pose, or naming a pose the library no longer has, is not drawn. Each drawing is labelled with
the poses' words in the reader's language.
"""

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from ..drawing import movement_label, poses, render_pose, render_step, step_timing
from ..drawing.render import step_camera

register = template.Library()
CSS = "drawing__svg"


def _svg(markup: str) -> str:
    # Made by routines/drawing/svg.py from pose data alone; its one text, the label, is escaped.
    return mark_safe(markup)  # noqa: S308


@register.simple_tag
def step_drawing(step) -> str:
    library = poses()
    start = getattr(step, "start_pose", "")
    end = getattr(step, "end_pose", "") or start
    if start not in library or end not in library:
        return ""
    language = get_language()
    if start == end:
        return render_to_string(
            "routines/includes/step_drawing.html",
            {"still": _svg(render_pose(start, language=language, css_class=CSS))},
        )
    text = movement_label(start, end, language=language)
    camera = step_camera(start, end)
    timing = step_timing(
        hold=step.hold_seconds, release=step.release_seconds, rest=step.rest_seconds
    )
    context = {
        "moving": _svg(render_step(start, end, label_text=text, timing=timing, css_class=CSS)),
        "start": _svg(
            render_pose(start, language=language, css_class=CSS, camera=camera, frame_with=end)
        ),
        "end": _svg(
            render_pose(
                end, language=language, css_class=CSS, camera=camera, frame_with=start, ghost=start
            )
        ),
    }
    return render_to_string("routines/includes/step_drawing.html", context)
