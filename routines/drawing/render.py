"""Drawings by pose name, in the reader's language, made once and remembered."""

from __future__ import annotations

from functools import lru_cache

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .figure import build, in_between, solved
from .library import label, poses
from .svg import Timing, render


@lru_cache(maxsize=256)
def figure_for(name: str, camera: str = ""):
    """
    The posed figure of `name` (solving its contacts takes a few milliseconds: kept). A pose
    the same on both sides may be seen from the `camera` side of the step it is in, so that a
    left-side step does not turn the drawing round halfway ("back-knees-bent" to
    "back-arch-left-knee-in").
    """
    pose = poses()[name]
    if camera and camera != pose.get("camera", "right") and symmetric(name):
        pose = {**pose, "camera": camera}
    return build(pose)


def symmetric(name: str) -> bool:
    """A pose with no side in its name: the same for the right and the left."""
    return not {"right", "left"} & set(name.split("-"))


def step_camera(start: str, end: str) -> str:
    """The side a step is seen from: the left when either of its poses is a left one."""
    cameras = {poses()[start].get("camera", "right"), poses()[end].get("camera", "right")}
    return "left" if "left" in cameras else "right"


def step_timing(*, hold: int | None, release: int | None, rest: int | None) -> Timing:
    """
    A round of a step's drawing: the start held for the step's hold, the slow release into the
    end pose over its release, a short rest, and an easy way back. Without numbers, the gentle
    pace of a breath.
    """
    return Timing(
        hold=float(hold or 1.5),
        move=float(release or 4),
        rest=float(min(rest or 1.5, 3)),
        back=3.0,
    )


@lru_cache(maxsize=512)
def _pose_svg(
    name: str, language: str, css_class: str, camera: str, frame_with: str, ghost: str
) -> str:
    figure = figure_for(name, camera)
    other = figure_for(frame_with, camera) if frame_with else None
    behind = figure_for(ghost, camera) if ghost else None
    return render(
        figure,
        None,
        frame_with=other,
        ghost=behind,
        label=label(name, language),
        css_class=css_class,
    )


def step_frames(start: str, end: str) -> list:
    """
    A step's movement as four figures: the start pose, two poses on the way (by joint angle,
    feet kept on the floor: figure.in_between) and the end pose, all seen from one side.
    """
    camera = step_camera(start, end)
    first, last = figure_for(start, camera), figure_for(end, camera)
    raw = (first.pose, last.pose)
    solved_ends = solved(raw[0]), solved(raw[1])
    between = [build(in_between(*solved_ends, t, feet=raw)) for t in (1 / 3, 2 / 3)]
    return [first, *between, last]


@lru_cache(maxsize=512)
def _step_svg(start: str, end: str, timing: Timing, text: str, css_class: str) -> str:
    first, one, two, last = step_frames(start, end)
    return render(first, last, between=(one, two), label=text, timing=timing, css_class=css_class)


def render_pose(
    name: str,
    *,
    language: str | None = None,
    css_class: str = "",
    camera: str = "",
    frame_with: str = "",
    ghost: str = "",
) -> str:
    """
    One pose, still, labelled with its words (seen from `camera`'s side when symmetric; in the
    frame that also holds the pose `frame_with`, so that two stills side by side match; with
    the pose `ghost` drawn pale behind it, where it came from).
    """
    language = language or get_language() or "en"
    return _pose_svg(name, language, css_class, camera, frame_with, ghost)


def render_step(
    start: str, end: str, *, label_text: str, timing: Timing, css_class: str = ""
) -> str:
    """A step's movement from `start` to `end` and back, labelled `label_text`."""
    return _step_svg(start, end, timing, label_text, css_class)


def movement_label(start: str, end: str, *, language: str | None = None) -> str:
    """The words of a moving drawing, in the active language: both poses, in order."""
    return _("Moving slowly from: %(start)s. To: %(end)s. And back.") % {
        "start": label(start, language),
        "end": label(end, language),
    }


def step_svg(
    start: str,
    end: str = "",
    *,
    hold: int | None = None,
    release: int | None = None,
    rest: int | None = None,
    css_class: str = "",
) -> str:
    """
    A step's drawing as one SVG: still when it has one pose, else its movement, labelled in the
    active language. Unknown pose names raise KeyError.
    """
    end = end or start
    library = poses()
    if start not in library or end not in library:
        raise KeyError(start if start not in library else end)
    if start == end:
        return render_pose(start, css_class=css_class)
    timing = step_timing(hold=hold, release=release, rest=rest)
    return render_step(
        start, end, label_text=movement_label(start, end), timing=timing, css_class=css_class
    )
