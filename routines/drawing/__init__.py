"""
Step drawings: a pose library as data, a figure posed by it, drawn as SVG on the server.

`render_pose(name)` draws one pose still; `render_step(...)` draws a step's movement from its
start pose to its end pose and back, timed by its hold and release. Both are pure functions of
their arguments and memoized: a drawing is made once per process and language.
"""

from .library import label, pose_choices, poses
from .render import movement_label, render_pose, render_step, step_svg, step_timing

__all__ = [
    "label",
    "movement_label",
    "pose_choices",
    "poses",
    "render_pose",
    "render_step",
    "step_svg",
    "step_timing",
]
