"""
What a drawn pose shows, measured as a teacher would check it: the joint angles it is drawn
with, and how far each part rests from the mat, bed, seat or floor (in hundredths of the body's
height). The tests hold every pose of the starter routines to the reference positions of the
teacher's transcript with these.
"""

from __future__ import annotations

from functools import cache

from .figure import joint_angles
from .library import poses
from .render import figure_for


@cache
def measure(name: str) -> dict[str, float]:
    """Joint angles, and heights above the support of the parts that should rest on it."""
    pose = poses()[name]
    figure = figure_for(name)
    facts = dict(joint_angles(pose))
    ground = figure.support_top
    for part in ("pelvis", "chest", "head"):
        facts[f"{part}_above_support"] = figure.segment(part).lowest() - ground
    waist = figure.joints["waist"]
    facts["low_back_above_support"] = waist[1] - figure.segment("waist").width / 2 - ground
    for side in ("right", "left"):
        heel, toe = figure.joints[f"{side}_heel"], figure.joints[f"{side}_toe"]
        foot = figure.segment(f"{side}_foot")
        facts[f"{side}_heel_above_support"] = heel[1] - foot.width / 2 - ground
        facts[f"{side}_toe_above_support"] = toe[1] - foot.width / 2 - ground
        facts[f"{side}_hand_above_support"] = figure.segment(f"{side}_forearm").lowest() - ground
    facts["lowest_above_support"] = min(s.lowest() for s in figure.segments) - ground
    # Along the page, towards the head: how far a knee has come past its hip towards the chest,
    # and how far short of the hip joint a hand stops (the edge of the hand, not its middle).
    towards_head = 1 if figure.joints["head"][0] < figure.joints["right_hip"][0] else -1
    for side in ("right", "left"):
        hip = figure.joints[f"{side}_hip"]
        facts[f"{side}_knee_towards_head"] = (
            figure.joints[f"{side}_knee"][0] - hip[0]
        ) * -towards_head
        forearm = figure.segment(f"{side}_forearm")
        tip = forearm.points[-1]
        facts[f"{side}_hand_short_of_hip"] = (hip[0] - tip[0]) * towards_head - forearm.width / 2
    return facts
