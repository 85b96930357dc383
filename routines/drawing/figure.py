"""
The figure: a person of natural proportions posed by joint angles, as points on the page.

The body is built standing, in its own frame (x to the front, y up, z to its right; a height of
100 units, proportions after Drillis and Contini), then turned to lie, sit or stand (`lying`),
seen from the camera (from the right side, or from the left for a mirrored pose: x flips), and
settled on its support: a lying body rolls until its pelvis and chest both rest on the mat, feet
that stand flat get the knee bend that puts the sole on the floor (and a long leg the hip angle
that rests the heel). So a pose needs only the angles a teacher would name; the ground contacts
follow, and the tests check them.

Angles are in degrees, positive as anatomy names them: hip and shoulder flexion bring the limb
forward, knee and elbow flexion bend it, `pelvis` tilts forward (the arch), `lumbar` and
`thorax` extend (arch; negative rounds), `neck` brings the chin down, abduction takes a limb
out to the side.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

# Segment lengths and thicknesses, in hundredths of the body's height.
HIP_HALF_WIDTH = 5.0
SHOULDER_HALF_WIDTH = 10.0
THIGH, SHIN = 24.5, 24.6
UPPER_ARM, FOREARM, HAND = 18.6, 14.6, 6.5
LUMBAR_JOINT = (-3.0, 7.0)  # where the low back bends, from the hip joints
LUMBAR = 9.0
SHOULDER = (0.0, 13.0)  # the shoulder joints, from the top of the low back
NECK_BASE = (-1.5, 15.0)
NECK = 5.0
HEAD_CENTRE = (1.5, 4.5)
HEAD_RADIUS = 6.0
ANKLE_HEIGHT = 4.0
HEEL = (-1.5, -1.8)
TOE = (11.5, -2.2)

WIDTH = {
    "thigh": 11.0,
    "shin": 7.6,
    "foot": 4.4,
    "upper_arm": 6.6,
    "forearm": 5.4,
    "pelvis": 16.0,
    "waist": 13.5,
    "chest": 17.0,
    "neck": 6.5,
    "head": 2 * HEAD_RADIUS,
    "nose": 2.8,
    "face": 6.6,
    "hair": 7.4,
}
# Seen from the front, the trunk is as wide as a body is broad, not as deep.
FRONT_WIDTH = {"pelvis": 20.0, "waist": 17.0, "chest": 17.0}

SUPPORT_HEIGHT = {"mat": 1.5, "floor": 0.0, "bed": 0.0, "chair": 0.0}
SEAT_HEIGHT = 23.0  # a chair's seat, a little below the knee
BED_TOP = 24.0  # a bed's mattress, drawn from the floor; the figure lies on it


def _rx(a):
    c, s = math.cos(math.radians(a)), math.sin(math.radians(a))
    return ((1, 0, 0), (0, c, -s), (0, s, c))


def _ry(a):
    c, s = math.cos(math.radians(a)), math.sin(math.radians(a))
    return ((c, 0, s), (0, 1, 0), (-s, 0, c))


def _rz(a):
    c, s = math.cos(math.radians(a)), math.sin(math.radians(a))
    return ((c, -s, 0), (s, c, 0), (0, 0, 1))


def _mul(a, b):
    (a0, a1, a2), (a3, a4, a5), (a6, a7, a8) = a
    (b0, b1, b2), (b3, b4, b5), (b6, b7, b8) = b
    return (
        (a0 * b0 + a1 * b3 + a2 * b6, a0 * b1 + a1 * b4 + a2 * b7, a0 * b2 + a1 * b5 + a2 * b8),
        (a3 * b0 + a4 * b3 + a5 * b6, a3 * b1 + a4 * b4 + a5 * b7, a3 * b2 + a4 * b5 + a5 * b8),
        (a6 * b0 + a7 * b3 + a8 * b6, a6 * b1 + a7 * b4 + a8 * b7, a6 * b2 + a7 * b5 + a8 * b8),
    )


def _apply(m, v):
    (m0, m1, m2), (m3, m4, m5), (m6, m7, m8) = m
    x, y, z = v
    return (m0 * x + m1 * y + m2 * z, m3 * x + m4 * y + m5 * z, m6 * x + m7 * y + m8 * z)


def _add(a, b):
    return (a[0] + b[0], a[1] + b[1], a[2] + b[2])


I = ((1, 0, 0), (0, 1, 0), (0, 0, 1))  # noqa: E741
# A body turned to lie or sit, as seen by a camera at its right: columns are where the body's
# front (x), head (y) and right side (z) point on the page (x right, y up, z towards the eye).
ORIENTATION = {
    "upright": I,
    "back": ((0, -1, 0), (1, 0, 0), (0, 0, 1)),  # head to the left, front up
    # On the right side, seen from the front (or lying on the back seen from above): head
    # to the left, right side down, front towards the eye.
    "side": ((0, -1, 0), (0, 0, -1), (1, 0, 0)),
    "above": ((0, -1, 0), (0, 0, -1), (1, 0, 0)),
}


# How the camera moves to see a mirrored (left) pose from its own side: by (lying, view).
CAMERA_TO_LEFT = {
    ("upright", "side"): (-1, 1, -1),
    ("back", "side"): (-1, 1, -1),
    ("side", "front"): (-1, -1, 1),
}


@dataclass
class Segment:
    """A rounded part of the body: a thick stroke through `points`, round at both ends."""

    name: str
    points: list[tuple[float, float, float]]
    width: float
    side: str = ""  # "right", "left" or "" for the head and trunk

    @property
    def depth(self) -> float:
        return sum(p[2] for p in self.points) / len(self.points)

    def lowest(self) -> float:
        return min(p[1] for p in self.points) - self.width / 2


@dataclass
class Figure:
    """A posed body on its support, in page units (y up), ready to be drawn."""

    segments: list[Segment]
    support: str
    support_top: float
    near_side: str
    view: str
    lying: str = "upright"
    seat_top: float = SEAT_HEIGHT
    chair_x: float = 0.0
    joints: dict = field(default_factory=dict)
    pose: dict = field(default_factory=dict)  # what it was built from

    def segment(self, name: str) -> Segment:
        return next(s for s in self.segments if s.name == name)

    def transformed(self, fn) -> None:
        for segment in self.segments:
            segment.points = [fn(p) for p in segment.points]
        self.joints = {k: fn(p) for k, p in self.joints.items()}


def _limb_rotation(flex: float, abduct: float, turn: float, side: str):
    """A limb's rotation at its root: the left side is the right mirrored (z flips)."""
    sign = 1 if side == "right" else -1
    return _mul(_mul(_rz(flex), _rx(-abduct * sign)), _ry(turn * sign))


def build(pose: dict) -> Figure:
    """Pose the body by `pose`'s angles, turn it, see it from its camera, settle it."""
    figure = _pose(pose, {})
    lying = pose.get("lying", "upright")
    if lying in ("back", "side"):
        _settle_lying(figure)
    fixes = _solve_contacts(pose)
    if fixes:
        figure = _pose(pose, fixes)
        if lying in ("back", "side"):
            _settle_lying(figure)
    _place(figure, pose)
    figure.pose = pose
    return figure


NUMERIC_BODY = (
    "pelvis", "lumbar", "thorax", "neck", "side_bend", "twist", "head_turn", "head_tilt", "hike",
    "roll", "lean",
)  # fmt: skip


def solved(pose: dict) -> dict:
    """`pose` with its contacts solved into plain angles: nothing left to solve."""
    fixes = _solve_contacts(pose)
    done = {**pose, **fixes.get("body", {})}
    for kind in ("legs", "arms"):
        done[kind] = {
            side: {**pose[kind][side], **(fixes.get(side, {}) if kind == "legs" else {})}
            for side in ("right", "left")
        }
        for side in ("right", "left"):
            done[kind][side]["foot"] = "free"
    return done


def in_between(start: dict, end: dict, t: float, *, feet: tuple[dict, dict] = ({}, {})) -> dict:
    """
    The pose a fraction `t` of the way from `start` to `end` (both `solved`), joint by joint:
    a leg that swings from bent to long keeps its length all the way, as a real one does.

    `feet` are the two poses as written (before solving): a foot flat at both ends stays flat
    on the way; a leg that ends (or starts) resting on its heel slides the heel along the floor,
    as the teacher asks ("slide your heel along the floor until the leg lies long").
    """

    def mix(a, b):
        return a + (b - a) * t if isinstance(a, int | float) and isinstance(b, int | float) else a

    pose = dict(start)
    for key in NUMERIC_BODY:
        pose[key] = mix(start.get(key, 0), end.get(key, 0))
    for kind in ("legs", "arms"):
        pose[kind] = {}
        for side in ("right", "left"):
            a, b = start[kind][side], end[kind][side]
            pose[kind][side] = {k: mix(a.get(k, 0), b.get(k, 0)) for k in a.keys() | b.keys()}
            pose[kind][side]["foot"] = "free"
    if start.get("lying", "upright") in ("back", "side") or start.get("sitting"):
        for side in ("right", "left"):
            ends = {f.get("legs", {}).get(side, {}).get("foot", "free") for f in feet}
            if ends == {"flat"}:
                pose["legs"][side]["foot"] = "flat"
            elif "heel" in ends:
                # the foot as it is when resting on the heel, toes up, all the way
                resting = (
                    end if feet[1].get("legs", {}).get(side, {}).get("foot") == "heel" else start
                )
                pose["legs"][side]["ankle"] = resting["legs"][side].get("ankle", 0)
                pose["legs"][side]["foot"] = "heel"
    return pose


def _solve_contacts(pose: dict) -> dict:
    """The angles that put feet and heels on the ground; feet that bear weight first."""
    solvers = {"flat": _solve_flat_foot, "heel": _solve_heel, "toes": _solve_toes}
    fixes: dict = {}
    if _standing(pose) and pose.get("view") != "front":
        fixes["body"] = {"lean": _solve_balance(pose)}
    for kind in ("flat", "heel", "toes"):
        for side in ("right", "left"):
            if pose["legs"][side].get("foot") == kind:
                fixes[side] = solvers[kind](pose, side, fixes)
    return fixes


def joint_angles(pose: dict) -> dict:
    """Every joint angle the figure is drawn with, solved contacts included (for the tests)."""
    fixes = _solve_contacts(pose)
    angles = {
        "pelvis": pose.get("pelvis", 0),
        "lumbar": pose.get("lumbar", 0),
        "thorax": pose.get("thorax", 0),
        "neck": pose.get("neck", 0),
    }
    for side in ("right", "left"):
        leg = {**pose["legs"][side], **fixes.get(side, {})}
        arm = pose["arms"][side]
        angles[f"{side}_hip"] = leg.get("hip", 0)
        angles[f"{side}_hip_abduction"] = leg.get("abduct", 0)
        angles[f"{side}_knee"] = leg.get("knee", 0)
        angles[f"{side}_ankle"] = leg.get("ankle", 0)
        angles[f"{side}_shoulder"] = arm.get("shoulder", 0)
        angles[f"{side}_shoulder_abduction"] = arm.get("abduct", 0)
        angles[f"{side}_elbow"] = arm.get("elbow", 0)
    return angles


def _pose(pose: dict, fixes: dict) -> Figure:
    view = (
        "front" if pose.get("lying") in ("side", "above") or pose.get("view") == "front" else "side"
    )
    root = ORIENTATION[pose.get("lying", "upright")]
    if pose.get("view") == "front" and pose.get("lying", "upright") == "upright":
        root = ((0, 0, -1), (0, 1, 0), (1, 0, 0))  # standing or sitting, seen from the front
    # A standing body leans at the ankles until its head is over its feet (solved: `lean`).
    root = _mul(root, _rz(fixes.get("body", {}).get("lean", pose.get("lean", 0))))
    pelvis = _mul(
        _mul(_mul(root, _rz(-pose.get("pelvis", 0))), _rx(pose.get("hike", 0))),
        _ry(pose.get("roll", 0)),
    )
    origin = (0.0, 0.0, 0.0)
    joints: dict = {}
    segments: list[Segment] = []
    widths = {**WIDTH, **(FRONT_WIDTH if view == "front" else {})}

    def at(frame, base, local):
        return _add(base, _apply(frame, (*local, 0.0) if len(local) == 2 else local))

    lumbar_joint = at(pelvis, origin, LUMBAR_JOINT)
    bend = pose.get("side_bend", 0)
    # Extension turns the top backwards; a side bend is mostly the ribs' (the waist shortens).
    lumbar = _mul(_mul(pelvis, _rz(pose.get("lumbar", 0))), _rx(bend * 0.25))
    lumbar = _mul(lumbar, _ry(pose.get("twist", 0) * 0.5))
    waist = at(lumbar, lumbar_joint, (0.0, LUMBAR))
    thorax = _mul(_mul(lumbar, _rz(pose.get("thorax", 0))), _rx(bend * 0.75))
    thorax = _mul(thorax, _ry(pose.get("twist", 0) * 0.5))
    segments.append(
        Segment(
            "pelvis",
            [at(pelvis, origin, (-2.0, 1.5)), at(pelvis, origin, (-1.0, 6.5))],
            widths["pelvis"],
        )
    )
    chest_low = at(thorax, waist, (1.0, 3.5))
    chest_high = at(thorax, waist, (0.0, 10.5))
    segments.append(
        Segment("waist", [at(pelvis, origin, (-1.0, 6.0)), waist, chest_low], widths["waist"])
    )
    if view == "front":
        # Seen from the front the ribs are broad and the shoulders square: across, not along.
        chest = [at(thorax, waist, (0.5, 7.0, -4.0)), at(thorax, waist, (0.5, 7.0, 4.0))]
        segments.append(Segment("chest", chest, widths["chest"]))
    else:
        segments.append(Segment("chest", [chest_low, chest_high], widths["chest"]))
    neck_base = at(thorax, waist, NECK_BASE)
    neck = _mul(_mul(thorax, _rz(-pose.get("neck", 0) * 0.5)), _rx(pose.get("head_tilt", 0) * 0.5))
    head_joint = at(neck, neck_base, (0.0, NECK))
    head = _mul(_mul(neck, _rz(-pose.get("neck", 0) * 0.5)), _rx(pose.get("head_tilt", 0) * 0.5))
    head = _mul(head, _ry(pose.get("head_turn", 0)))
    centre = at(head, head_joint, HEAD_CENTRE)
    segments.append(Segment("neck", [neck_base, at(head, head_joint, (0.5, 1.5))], widths["neck"]))
    segments.append(
        Segment(
            "head",
            [at(head, head_joint, (1.0, 3.8)), at(head, head_joint, (1.8, 5.2))],
            widths["head"],
        )
    )
    # Which way the face looks, at a glance: dark hair over the back of the head, the face
    # half lighter, and a nose that stands out from its outline.
    segments.append(
        Segment(
            "hair",
            [at(head, head_joint, (-1.4, 4.4)), at(head, head_joint, (-0.2, 6.6))],
            widths["hair"],
        )
    )
    segments.append(
        Segment(
            "face",
            [at(head, head_joint, (4.4, 3.6)), at(head, head_joint, (4.6, 5.4))],
            widths["face"],
        )
    )
    segments.append(
        Segment(
            "nose",
            [at(head, head_joint, (7.4, 4.5)), at(head, head_joint, (8.6, 3.9))],
            widths["nose"],
        )
    )
    joints["head"] = centre
    joints["waist"] = waist
    joints["lumbar"] = lumbar_joint

    for side in ("right", "left"):
        sign = 1 if side == "right" else -1
        arm = pose["arms"][side]
        girdle = arm.get("lift", 0), arm.get("forward", 0)
        shoulder = at(
            thorax,
            waist,
            (
                SHOULDER[0] + girdle[1],
                SHOULDER[1] + girdle[0],
                (SHOULDER_HALF_WIDTH - arm.get("narrow", 0)) * sign,
            ),
        )
        upper = _mul(
            thorax,
            _limb_rotation(arm.get("shoulder", 0), arm.get("abduct", 0), arm.get("turn", 0), side),
        )
        elbow = at(upper, shoulder, (0.0, -UPPER_ARM))
        lower = _mul(upper, _rz(arm.get("elbow", 0)))
        wrist = at(lower, elbow, (0.0, -FOREARM))
        hand = _mul(lower, _rz(arm.get("wrist", 0)))
        tip = at(hand, wrist, (0.0, -HAND))
        segments.append(Segment(f"{side}_upper_arm", [shoulder, elbow], widths["upper_arm"], side))
        segments.append(Segment(f"{side}_forearm", [elbow, wrist, tip], widths["forearm"], side))
        joints[f"{side}_shoulder"], joints[f"{side}_elbow"], joints[f"{side}_wrist"] = (
            shoulder,
            elbow,
            wrist,
        )

        leg = {**pose["legs"][side], **fixes.get(side, {})}
        hip = at(pelvis, origin, (0.0, 0.0, HIP_HALF_WIDTH * sign))
        thigh = _mul(
            pelvis,
            _limb_rotation(leg.get("hip", 0), leg.get("abduct", 0), leg.get("turn", 0), side),
        )
        knee = at(thigh, hip, (0.0, -THIGH))
        shin = _mul(thigh, _rz(-leg.get("knee", 0)))
        ankle = at(shin, knee, (0.0, -SHIN))
        foot = _mul(shin, _rz(leg.get("ankle", 0)))
        heel, toe = at(foot, ankle, HEEL), at(foot, ankle, TOE)
        segments.append(Segment(f"{side}_thigh", [hip, knee], widths["thigh"], side))
        segments.append(Segment(f"{side}_shin", [knee, ankle], widths["shin"], side))
        segments.append(Segment(f"{side}_foot", [heel, toe], widths["foot"], side))
        joints[f"{side}_hip"], joints[f"{side}_knee"], joints[f"{side}_ankle"] = hip, knee, ankle
        joints[f"{side}_heel"], joints[f"{side}_toe"] = heel, toe

    figure = Figure(
        segments=segments,
        support=pose.get("support", "mat"),
        support_top=0.0,
        near_side=pose.get("near", "right"),
        view=view,
        lying=pose.get("lying", "upright"),
        joints=joints,
    )
    if pose.get("camera") == "left":
        # The twin's body is this one mirrored through its own midline; seen from its other
        # side, that is the drawing mirrored left to right (or, seen from above or the front,
        # it already is the mirror: the camera stays).
        flip = CAMERA_TO_LEFT.get((figure.lying, view))
        if flip:
            figure.transformed(lambda p: (p[0] * flip[0], p[1] * flip[1], p[2] * flip[2]))
    return figure


def _lowest(figure: Figure, name: str) -> tuple[float, float]:
    """The lowest point of a segment's outline: (x, y)."""
    segment = figure.segment(name)
    point = min(segment.points, key=lambda p: p[1])
    return point[0], point[1] - segment.width / 2


def _settle_lying(figure: Figure) -> float:
    """
    Roll a lying body in the page until it rests on the ground at two places: the pelvis, and
    the chest (or, when the chest lifts as in a curl, the waist), with no part of the trunk
    below the line through them. Returns the turn, which the limbs do not change.
    """
    total = 0.0
    for _ in range(8):
        px, py = _lowest(figure, "pelvis")
        turns = []
        for part in ("chest", "waist"):
            x, y = _lowest(figure, part)
            if abs(x - px) > 1e-6:
                turns.append(-math.atan2(y - py, x - px) if x > px else -math.atan2(py - y, px - x))
        if not turns:
            return total
        angle = _supporting(figure, turns)
        _turn(figure, angle)
        total += angle
        if abs(angle) < 1e-4:
            break
    return total


def _turn(figure: Figure, angle: float) -> None:
    """Turn the whole figure in the page by `angle` (radians)."""
    c, s = math.cos(angle), math.sin(angle)
    figure.transformed(lambda p: (p[0] * c - p[1] * s, p[0] * s + p[1] * c, p[2]))


def _supporting(figure: Figure, turns: list[float]) -> float:
    """Of the candidate turns, the one after which no trunk part dips below the others."""
    for angle in sorted(turns, key=abs, reverse=True):
        c, s = math.cos(angle), math.sin(angle)
        lows = []
        for name in ("pelvis", "waist", "chest"):
            segment = figure.segment(name)
            lows.append(min(p[0] * s + p[1] * c for p in segment.points) - segment.width / 2)
        if min(lows) >= min(lows[0], max(lows[1:])) - 0.05:
            return angle
    return turns[0]


def _ground(figure: Figure) -> float:
    """The height the body rests at: its lowest trunk point when lying."""
    return min(figure.segment(n).lowest() for n in ("pelvis", "chest"))


def _bisect(fn, low: float, high: float) -> float:
    """The first x from `low` towards `high` where fn changes sign, or where it is nearest 0."""
    steps = 10
    xs = [low + (high - low) * k / steps for k in range(steps + 1)]
    values = [fn(x) for x in xs]
    for k in range(steps):
        if values[k] == 0:
            return xs[k]
        if values[k] * values[k + 1] < 0:
            a, b, f_a = xs[k], xs[k + 1], values[k]
            for _ in range(18):
                mid = (a + b) / 2
                f_mid = fn(mid)
                if f_a * f_mid <= 0:
                    b = mid
                else:
                    a, f_a = mid, f_mid
            return (a + b) / 2
    return min(zip(values, xs, strict=True), key=lambda vx: abs(vx[0]))[1]


_SETTLE_CACHE: dict[int, tuple[dict, float]] = {}


def _settled(pose: dict, fixes: dict) -> tuple[Figure, float]:
    figure = _pose(pose, fixes)
    if pose.get("lying", "upright") in ("back", "side"):
        # How a lying body rests depends on its trunk alone: found once per pose.
        key = id(pose)
        if _SETTLE_CACHE.get(key, (None,))[0] is not pose:
            if len(_SETTLE_CACHE) > 256:
                _SETTLE_CACHE.clear()
            _SETTLE_CACHE[key] = (pose, _settle_lying(_pose(pose, {})))
        _turn(figure, _SETTLE_CACHE[key][1])
        return figure, _ground(figure)
    if pose.get("support") == "chair":
        return figure, figure.segment("pelvis").lowest() - SEAT_HEIGHT
    if pose.get("sitting"):  # on the mat itself: the feet rest where the buttocks do
        return figure, figure.segment("pelvis").lowest()
    standing = [s for s in ("right", "left") if pose["legs"][s].get("foot") != "toes"]
    return figure, min(figure.segment(f"{s}_foot").lowest() for s in standing or ["right"])


def _solve_flat_foot(pose: dict, side: str, fixes: dict) -> dict:
    """
    The knee bend and ankle that set `side`'s foot flat on the ground: lying or sitting, the
    knee that brings the ankle down to the ground, the ankle that levels the sole, and the knee
    again for the sole itself; standing, the ankle alone.
    """
    leg = pose["legs"][side]
    standing = _standing(pose)

    def sole_above_ground(knee: float, ankle: float | None) -> float:
        figure, ground = _settled(pose, {**fixes, side: {**leg, "knee": knee, "ankle": ankle or 0}})
        if ankle is None:
            return figure.joints[f"{side}_ankle"][1] - ANKLE_HEIGHT - ground
        return figure.segment(f"{side}_foot").lowest() - ground

    knee = leg.get("knee", 0)
    if not standing:
        knee = _bisect(lambda k: sole_above_ground(k, None), 20, 150)

    def toe_above_heel(ankle: float, knee: float) -> float:
        figure, _ = _settled(pose, {**fixes, side: {**leg, "knee": knee, "ankle": ankle}})
        return figure.joints[f"{side}_toe"][1] - figure.joints[f"{side}_heel"][1]

    ankle = _bisect(lambda a: toe_above_heel(a, knee), -60, 45)
    if not standing:
        for _ in range(2):  # the sole down, then level again, until both hold
            low, high = max(knee - 15, 0), min(knee + 15, 150)
            knee = _bisect(lambda k, a=ankle: sole_above_ground(k, a), low, high)
            ankle = _bisect(lambda a, k=knee: toe_above_heel(a, k), -60, 45)
    return {"knee": round(knee, 1), "ankle": round(ankle, 1)}


def _solve_heel(pose: dict, side: str, fixes: dict) -> dict:
    """The hip angle that rests `side`'s heel on the ground, the leg as long as the pose says."""
    leg = pose["legs"][side]

    def heel_above_ground(hip: float) -> float:
        figure, ground = _settled(pose, {**fixes, side: {**leg, "hip": hip}})
        foot = figure.segment(f"{side}_foot")
        return min(p[1] for p in foot.points) - foot.width / 2 - (ground or 0.0)

    hip = _bisect(heel_above_ground, -20, 100)
    return {"hip": round(hip, 1)}


def _standing(pose: dict) -> bool:
    upright = pose.get("lying", "upright") == "upright"
    return upright and pose.get("support") != "chair" and not pose.get("sitting")


def _solve_balance(pose: dict) -> float:
    """The lean at the ankles that puts a standing body's head over the middle of its feet."""
    stance = [s for s in ("right", "left") if pose["legs"][s].get("foot") != "toes"] or ["right"]
    ahead = -3.0 if pose.get("camera") == "left" else 3.0  # the middle of the foot, in its facing

    def head_ahead_of_feet(lean: float) -> float:
        figure = _pose(pose, {"body": {"lean": lean}})
        feet = [figure.joints[f"{s}_ankle"][0] for s in stance]
        return figure.joints["head"][0] - (sum(feet) / len(feet) + ahead)

    return round(_bisect(head_ahead_of_feet, -20, 20), 2)


def _solve_toes(pose: dict, side: str, fixes: dict) -> dict:
    """The ankle that rests `side`'s toes on the floor beside the standing foot, heel up."""
    leg = pose["legs"][side]

    def toes_above_ground(ankle: float) -> float:
        figure, ground = _settled(pose, {**fixes, side: {**leg, "ankle": ankle}})
        toe = figure.joints[f"{side}_toe"]
        return toe[1] - WIDTH["foot"] / 2 - ground

    ankle = _bisect(toes_above_ground, 30, -80)
    return {"ankle": round(ankle, 1)}


def _place(figure: Figure, pose: dict) -> None:
    """Put the figure on its support: the ground at its height, a chair's seat under it."""
    support = figure.support
    top = SUPPORT_HEIGHT.get(support, 0.0)
    across = 0.0  # how far to move it sideways
    lying = pose.get("lying", "upright")
    if lying in ("back", "side"):
        base = BED_TOP if support == "bed" else top
        shift = base - _ground(figure)
        figure.support_top = base
    elif pose.get("sitting"):
        # Sitting on the mat itself: the buttocks on it (the feet were solved to rest there too).
        base = BED_TOP if support == "bed" else top
        shift = base - figure.segment("pelvis").lowest()
        figure.support_top = base
    elif support == "chair":
        # On the floor by the feet; the seat is then drawn where the pelvis rests (within a
        # couple of units of SEAT_HEIGHT, which the knees were solved for).
        shift = -min(figure.segment(f"{s}_foot").lowest() for s in ("right", "left"))
        figure.support_top = 0.0
        figure.seat_top = figure.segment("pelvis").lowest() + shift
        figure.chair_x = figure.joints["right_hip"][0] if figure.view == "side" else 0.0
    elif lying == "above":
        shift = 0.0
        figure.support_top = 0.0
    else:
        low = min(
            min(p[1] for p in figure.segment(f"{s}_foot").points) - WIDTH["foot"] / 2
            for s in ("right", "left")
        )
        shift = top - low
        figure.support_top = top
        if figure.view == "front":
            # Standing, seen from the front: the feet stay where they are and the body moves
            # over them (a weight shift moves the hips, not the feet).
            across = sum(figure.joints[f"{s}_ankle"][0] for s in ("right", "left")) / 2
    figure.transformed(lambda p: (p[0] - across, p[1] + shift, p[2]))
