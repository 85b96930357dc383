"""
Step drawings: every pose of the library draws as valid SVG of a person who keeps to human
joint ranges and rests on the support; the starter routines' poses match the reference positions
of the teacher's transcript; every starter step is drawn on its page, labelled in the reader's
language, moving in time with its hold and release, with its two stills.
"""

import gzip
import math
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from routines.drawing import label, poses, render_pose, step_svg
from routines.drawing.figure import joint_angles
from routines.drawing.library import twin_name
from routines.drawing.measure import measure
from routines.drawing.render import figure_for, step_frames, symmetric
from routines.drawing.svg import COLOURS
from routines.starter import read_library

SVG = "{http://www.w3.org/2000/svg}"
ROOT = Path(__file__).resolve().parents[2]
ALL_POSES = sorted(poses())
STARTER_STEPS = [
    (routine["slug"], n, step)
    for routine in read_library()[1]
    for n, step in enumerate(routine["steps"], start=1)
]
STARTER_POSES = sorted(
    {step["start_pose"] for _s, _n, step in STARTER_STEPS}
    | {step["end_pose"] for _s, _n, step in STARTER_STEPS}
)

# The joint ranges of a body (degrees), generous: what no drawing may go beyond.
HUMAN_RANGES = {
    "pelvis": (-25, 25),
    "lumbar": (-40, 35),
    "thorax": (-40, 25),
    "neck": (-45, 60),
    "hip": (-30, 135),
    "hip_abduction": (-30, 50),
    "knee": (0, 150),
    "ankle": (-60, 30),
    "shoulder": (-60, 180),
    "shoulder_abduction": (-30, 180),
    "elbow": (0, 150),
}
# A body presses a little into a mat: 1 % of its height below the surface still "rests on it".
SOFT = 1.0


def human_range(joint: str) -> tuple[int, int]:
    return HUMAN_RANGES[joint.removeprefix("right_").removeprefix("left_")]


@pytest.mark.parametrize("name", ALL_POSES)
def test_every_pose_draws_as_valid_svg_with_words_and_no_style(name):
    svg = render_pose(name, language="en")

    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("aria-label") == label(name, "en")
    assert len(root.findall(f"{SVG}path")) >= 16  # head, trunk, two arms, two legs
    assert "style" not in svg  # the Content-Security-Policy forbids inline style


@pytest.mark.parametrize("name", ALL_POSES)
def test_every_pose_has_its_words_in_english_french_and_spanish(name):
    words = {language: label(name, language) for language in ("en", "fr", "es")}

    assert all(words.values()) and len(set(words.values())) == 3, words
    twin = poses()[name].get("mirror_of")
    if twin:
        assert all(words[language] != label(twin, language) for language in words)


@pytest.mark.parametrize("name", ALL_POSES)
def test_every_pose_keeps_its_joints_inside_human_ranges(name):
    for joint, angle in joint_angles(poses()[name]).items():
        low, high = human_range(joint)
        assert low <= angle <= high, f"{name}: {joint} at {angle}°"


@pytest.mark.parametrize("name", [n for n in ALL_POSES if poses()[n]["lying"] != "above"])
def test_no_part_of_the_body_goes_through_its_support(name):
    figure = figure_for(name)
    for segment in figure.segments:
        assert segment.lowest() >= figure.support_top - SOFT, (
            f"{name}: {segment.name} is {figure.support_top - segment.lowest():.1f} below"
        )


@pytest.mark.parametrize("name", [n for n in ALL_POSES if poses()[n].get("mirror_of")])
def test_a_left_pose_is_its_right_twin_mirrored(name):
    left, right = figure_for(name), figure_for(poses()[name]["mirror_of"])
    # Seen from above, the mirror runs along the body; otherwise left and right swap in the page.
    above = poses()[name]["lying"] == "above"
    twins = {segment.name: segment for segment in right.segments}
    for mine in left.segments:
        # The left knee of this drawing is where its twin's right knee is, mirrored.
        twin = twins[twin_name(mine.name.replace("_", "-")).replace("-", "_")]
        mirrored = [(q[0], -q[1]) if above else (-q[0], q[1]) for q in twin.points]
        points = [p[:2] for p in mine.points]
        if not mine.side:  # a part across the body (the chest seen from the front) runs either way
            points, mirrored = sorted(points), sorted(mirrored)
        assert points == [pytest.approx(q, abs=0.01) for q in mirrored], mine.name


# Reference positions, from the teacher's transcript and the routines' own cues, as ranges of
# joint angles (degrees) and heights above the support (hundredths of the body's height).
def on_back_knees_bent(m, side="right"):
    assert 35 <= m[f"{side}_hip"] <= 60, "hips flexed about 45°"
    assert 75 <= m[f"{side}_knee"] <= 115, "knees about 90°"
    feet_flat(m, side)


def feet_flat(m, side):
    assert abs(m[f"{side}_heel_above_support"]) <= SOFT, "the heel on the floor"
    assert abs(m[f"{side}_toe_above_support"]) <= SOFT, "the foot flat"


def trunk_down(m):
    assert m["pelvis_above_support"] <= SOFT, "the buttocks down"
    assert m["chest_above_support"] <= SOFT, "the shoulders down"


def arched(m):
    assert m["pelvis"] >= 8, "the pelvis tilted forward"
    assert m["lumbar"] >= 12, "the low back extended"
    assert m["low_back_above_support"] >= 2, "the low back lifted off the floor"
    trunk_down(m)


def flattened(m):
    assert m["pelvis"] <= -6, "the pelvis tilted back"
    assert m["lumbar"] <= -6, "the low back flexed"
    assert m["low_back_above_support"] <= 1, "the low back pressed down"
    trunk_down(m)


def knee_drawn_in(m, side, *, a_little=False):
    other = "left" if side == "right" else "right"
    assert m[f"{side}_hip"] > 90, "the hip flexed past 90°"
    assert m[f"{side}_knee"] >= 60, "the knee bent"
    assert m[f"{side}_heel_above_support"] > 5, "the foot off the floor"
    feet_flat(m, other)
    if not a_little:  # (in bed, "a little")
        # Not a 90/90 tabletop: the thigh leans past upright towards the chest, the shin hangs.
        assert 115 <= m[f"{side}_hip"] <= 130, "the hip flexed well past 90°"
        assert m[f"{side}_knee_towards_head"] >= 4, "the knee past the hip, towards the chest"
        assert m[f"{side}_knee"] >= 110, "the knee bent, the shin hanging"


def arms_by_the_sides(m):
    for side in ("right", "left"):
        assert m[f"{side}_hand_short_of_hip"] >= 2, "the hand stops short of the hip joint"


def leg_long(m, side):
    assert -10 <= m[f"{side}_hip"] <= 10, "the hip near 0°"
    assert 0 <= m[f"{side}_knee"] <= 10, "the knee near straight"
    assert abs(m[f"{side}_heel_above_support"]) <= SOFT, "the heel on the floor"


def seated(m):
    assert 20 <= m["pelvis_above_support"] <= 27, "on a seat of a chair's height"
    # (the hip bends less with the pelvis rocked back: the thigh stays level on the seat)
    assert 65 <= m["right_hip"] <= 110 and 65 <= m["right_knee"] <= 110
    feet_flat(m, "right")
    feet_flat(m, "left")


def standing(m):
    for side in ("right", "left"):
        assert -15 <= m[f"{side}_hip"] <= 20 and m[f"{side}_knee"] <= 15, "upright, knees soft"
        feet_flat(m, side)


def side_lying(m):
    assert m["pelvis_above_support"] <= SOFT + 0.5, "the hip rests on the mat"
    assert 25 <= m["right_hip"] <= 70 and 45 <= m["right_knee"] <= 100, "knees bent in front"


def getting_up(m, *, sitting):
    assert m["pelvis_above_support"] <= SOFT, "the buttocks on the floor"
    assert abs(m["right_hand_above_support"]) <= SOFT, "leaning on the floor with the near arm"
    feet_flat(m, "right"), feet_flat(m, "left")
    assert 70 <= m["right_knee"] <= 130, "the knees bent"
    if sitting:  # pushed up: the trunk well up off the floor, the head high
        assert m["chest_above_support"] >= 12 and m["head_above_support"] >= 30, "sitting up"
    else:  # on the way: the trunk still low, propped on the forearm
        assert 5 <= m["chest_above_support"] <= 12, "propped low on the forearm"


REFERENCES = {
    "back-knees-bent": lambda m: (on_back_knees_bent(m), on_back_knees_bent(m, "left")),
    "bed-knees-bent": lambda m: (on_back_knees_bent(m), on_back_knees_bent(m, "left")),
    "back-hands-behind-head": lambda m: on_back_knees_bent(m),
    "back-arch": lambda m: (arched(m), feet_flat(m, "right"), feet_flat(m, "left")),
    "bed-arch": lambda m: (arched(m), feet_flat(m, "right")),
    "back-arch-hands-behind-head": lambda m: (arched(m), feet_flat(m, "right")),
    "back-flatten": lambda m: (flattened(m), feet_flat(m, "right"), feet_flat(m, "left")),
    "bed-flatten": lambda m: (flattened(m), feet_flat(m, "right")),
    "back-curl-up": lambda m: (
        flattened({**m, "chest_above_support": 0}),
        m["head_above_support"] >= 6 or pytest.fail("the head lifted"),
        m["thorax"] <= -10 or pytest.fail("the upper back curled"),
    ),
    "back-arch-right-knee-in": lambda m: (arched(m), knee_drawn_in(m, "right")),
    "back-arch-left-knee-in": lambda m: (arched(m), knee_drawn_in(m, "left")),
    "bed-arch-right-knee-in": lambda m: (arched(m), knee_drawn_in(m, "right", a_little=True)),
    "bed-arch-left-knee-in": lambda m: (arched(m), knee_drawn_in(m, "left", a_little=True)),
    "back-right-leg-long": lambda m: (leg_long(m, "right"), feet_flat(m, "left"), trunk_down(m)),
    "back-left-leg-long": lambda m: (leg_long(m, "left"), feet_flat(m, "right"), trunk_down(m)),
    "bed-right-leg-long": lambda m: (leg_long(m, "right"), trunk_down(m)),
    "bed-left-leg-long": lambda m: (leg_long(m, "left"), trunk_down(m)),
    "back-legs-long": lambda m: (leg_long(m, "right"), leg_long(m, "left"), trunk_down(m)),
    "bed-legs-long": lambda m: (leg_long(m, "right"), leg_long(m, "left"), trunk_down(m)),
    "back-right-leg-raised": lambda m: (
        m["right_knee"] <= 5 or pytest.fail("the leg straight"),
        m["right_heel_above_support"] >= 20 or pytest.fail("the leg raised"),
        feet_flat(m, "left"),
    ),
    "back-left-leg-raised": lambda m: (
        m["left_knee"] <= 5 or pytest.fail("the leg straight"),
        m["left_heel_above_support"] >= 20 or pytest.fail("the leg raised"),
        feet_flat(m, "right"),
    ),
    "floor-propped-on-forearm": lambda m: getting_up(m, sitting=False),
    "floor-sitting-hand-down": lambda m: getting_up(m, sitting=True),
    "bed-propped-on-forearm": lambda m: getting_up(m, sitting=False),
    "bed-sitting-hand-down": lambda m: getting_up(m, sitting=True),
    "seated-upright": lambda m: (seated(m), abs(m["pelvis"]) <= 3 or pytest.fail("upright")),
    "seated-pelvis-forward": lambda m: (
        seated(m),
        m["pelvis"] >= 8 and m["lumbar"] > 0 or pytest.fail("rocked forward, low back arched"),
    ),
    "seated-pelvis-back": lambda m: (
        seated(m),
        m["pelvis"] <= -8 and m["lumbar"] < 0 or pytest.fail("rocked back, low back rounded"),
    ),
    "seated-shoulders-lifted": lambda m: seated(m),
    "seated-leaning-forward": lambda m: (
        seated(m),
        m["right_hip"] >= 105 or pytest.fail("leaning forward from the hips"),
    ),
    "seated-shoulders-back": lambda m: seated(m),
    "seated-shoulders-forward": lambda m: (seated(m), m["thorax"] < 0 or pytest.fail("rounded")),
    "seated-front": lambda m: seated(m),
    "seated-front-right-shoulder-to-ear": lambda m: seated(m),
    "seated-front-head-turned-right": lambda m: seated(m),
    "seated-front-head-turned-left": lambda m: seated(m),
    "standing": standing,
    "standing-arch": lambda m: (standing(m), m["pelvis"] >= 8 or pytest.fail("tipped forward")),
    "standing-flatten": lambda m: (standing(m), m["pelvis"] <= -8 or pytest.fail("tucked")),
    "standing-front-weight-right": standing,
    "standing-front-weight-left": standing,
    "standing-right-heel-lifted": lambda m: (
        m["right_heel_above_support"] >= 4 or pytest.fail("the right heel lifted"),
        abs(m["right_toe_above_support"]) <= SOFT or pytest.fail("the toes down"),
        feet_flat(m, "left"),
    ),
    "standing-left-heel-lifted": lambda m: (
        m["left_heel_above_support"] >= 4 or pytest.fail("the left heel lifted"),
        abs(m["left_toe_above_support"]) <= SOFT or pytest.fail("the toes down"),
        feet_flat(m, "right"),
    ),
    "standing-far-heel-lifted": lambda m: (
        m["left_heel_above_support"] >= 4 or pytest.fail("the left heel lifted"),
        feet_flat(m, "right"),
    ),
    "standing-step": lambda m: m["right_hip"] > 10 > m["left_hip"] or pytest.fail("a stride"),
    "on-right-side-knees-bent": side_lying,
    "on-left-side-knees-bent": lambda m: side_lying(
        {**m, "right_hip": m["left_hip"], "right_knee": m["left_knee"]}
    ),
    "on-right-side-head-lifted": lambda m: m["head_above_support"] >= 1 or pytest.fail("head"),
    "on-right-side-foot-lifted": lambda m: side_lying(m),
    "on-right-side-head-and-foot-lifted": lambda m: m["head_above_support"] >= 1,
    "on-left-side-head-and-foot-lifted": lambda m: m["head_above_support"] >= 1,
    "above-goalposts": lambda m: (
        m["right_shoulder_abduction"] == 90 and m["right_elbow"] == 90 or pytest.fail("goalposts")
    ),
    "above-knees-right": lambda m: m["right_hip_abduction"] > 10 > m["left_hip_abduction"],
    "above-knees-left": lambda m: m["left_hip_abduction"] > 10 > m["right_hip_abduction"],
    "above-knees-right-head-left": lambda m: m["right_hip_abduction"] > 10,
    "above-knees-left-head-right": lambda m: m["left_hip_abduction"] > 10,
    "above-right-forearm-down": lambda m: m["right_elbow"] == 90,
    "above-left-forearm-down": lambda m: m["left_elbow"] == 90,
    "above-wring-right": lambda m: m["right_hip_abduction"] > 10,
    "above-wring-left": lambda m: m["left_hip_abduction"] > 10,
}


def test_every_pose_of_the_starter_routines_has_a_reference_position():
    assert set(STARTER_POSES) <= set(REFERENCES), set(STARTER_POSES) - set(REFERENCES)


@pytest.mark.parametrize("name", sorted(REFERENCES))
def test_each_pose_is_inside_its_reference_position(name):
    REFERENCES[name](measure(name))


PSOAS_RELEASE = [step for slug, _n, step in STARTER_STEPS if slug == "psoas-release"]


def test_the_psoas_release_steps_fall_inside_the_teachers_reference_positions():
    m = {name: measure(name) for name in STARTER_POSES}
    settle, warm_up, right, pause, left, finish = PSOAS_RELEASE

    on_back_knees_bent(m[settle["start_pose"]])
    arched(m[warm_up["start_pose"]])
    flattened(m[warm_up["end_pose"]])
    arched(m[right["start_pose"]])
    knee_drawn_in(m[right["start_pose"]], "right")
    leg_long(m[right["end_pose"]], "right")
    on_back_knees_bent(m[pause["start_pose"]], "left")
    arched(m[left["start_pose"]])
    knee_drawn_in(m[left["start_pose"]], "left")
    leg_long(m[left["end_pose"]], "left")
    # Getting up: from propped on the forearm to sitting up, a hand on the floor.
    getting_up(m[finish["start_pose"]], sitting=False)
    getting_up(m[finish["end_pose"]], sitting=True)
    # The arch and the flatten tell apart at a glance: the pelvis rocks through a wide arc and
    # the low back lifts clear of the floor, then presses down.
    arch, flat = m[warm_up["start_pose"]], m[warm_up["end_pose"]]
    assert arch["pelvis"] - flat["pelvis"] >= 30
    assert arch["low_back_above_support"] - flat["low_back_above_support"] >= 2
    # Lying with the arms by the sides, the hands stop short of the hip joints, which show.
    for step in (settle, warm_up, right, pause, left):
        arms_by_the_sides(m[step["start_pose"]])
        arms_by_the_sides(m[step["end_pose"]])


@pytest.mark.parametrize(
    ("slug", "n", "step"), STARTER_STEPS, ids=[f"{s}-{n}" for s, n, _ in STARTER_STEPS]
)
def test_every_starter_step_names_its_start_and_end_pose_from_the_library(slug, n, step):
    assert step["start_pose"] in poses()
    assert step["end_pose"] in poses()
    side = step.get("side")
    named = set(step["start_pose"].split("-")) | set(step["end_pose"].split("-"))
    if side in ("left", "right") and slug != "side-bend":
        # (In the side bend, "left" works the left waist, lying on the right side.)
        other = "left" if side == "right" else "right"
        assert other not in named or side in named, "a side step draws its own side"


@pytest.mark.parametrize(
    ("slug", "n", "step"), STARTER_STEPS, ids=[f"{s}-{n}" for s, n, _ in STARTER_STEPS]
)
def test_a_step_moves_between_poses_seen_alike(slug, n, step):
    # The same support, and seen from the same side: the drawing moves, it never jumps.
    start, end = poses()[step["start_pose"]], poses()[step["end_pose"]]
    for key in ("lying", "support", "view"):
        assert start.get(key) == end.get(key), key
    flips = start["lying"] in ("upright", "back") and start.get("view") != "front"
    if flips and not (symmetric(step["start_pose"]) or symmetric(step["end_pose"])):
        # (a pose the same on both sides is seen from the side of the other: step_camera)
        assert start.get("camera", "right") == end.get("camera", "right")


def test_the_poses_sit_right_after_the_side_in_every_starter_file():
    for path in sorted((ROOT / "routines" / "library").glob("*.yaml")):
        lines = path.read_text().splitlines()
        for k, line in enumerate(lines):
            if line.startswith("    side: "):
                assert lines[k + 1].startswith("    start_pose: "), (path.name, k)
                assert lines[k + 2].startswith("    end_pose: "), (path.name, k)


def test_on_the_way_to_a_long_leg_the_heel_slides_along_the_floor():
    frames = step_frames("back-arch-right-knee-in", "back-right-leg-long")

    knee_in, one, two, long = frames
    assert knee_in.joints["right_heel"][1] - knee_in.support_top > 10  # the foot in the air
    for frame in (one, two, long):  # then on the floor, sliding away as the knee straightens
        assert frame.segment("right_foot").lowest() == pytest.approx(frame.support_top, abs=SOFT)
    heels = [frame.joints["right_heel"][0] for frame in (one, two, long)]
    assert heels == sorted(heels)  # away from the head (on the right of the page)
    for frame in frames:  # the other foot stays flat where it was
        assert frame.segment("left_foot").lowest() == pytest.approx(frame.support_top, abs=SOFT)


# Steps whose feet may move: getting up from the floor brings the feet in as you sit.
FEET_MAY_MOVE = {"floor-propped-on-forearm", "bed-propped-on-forearm"}


@pytest.mark.parametrize(
    ("slug", "n", "step"), STARTER_STEPS, ids=[f"{s}-{n}" for s, n, _ in STARTER_STEPS]
)
def test_a_foot_flat_on_the_floor_in_both_poses_does_not_slide(slug, n, step):
    # Arch and flatten, a curl-up, a pelvic rock on a chair, a weight shift: the feet stay
    # where they are and the body moves over them, in the drawing as on the mat (and the end
    # still's pale start pose behind it shows no foot sliding).
    if step["start_pose"] in FEET_MAY_MOVE or step["start_pose"] == step["end_pose"]:
        return
    first, *_, last = step_frames(step["start_pose"], step["end_pose"])
    for side in ("right", "left"):
        planted = [
            frame.pose["legs"][side].get("foot") == "flat"
            and frame.segment(f"{side}_foot").lowest() <= frame.support_top + SOFT
            for frame in (first, last)
        ]
        if all(planted):
            moved = last.joints[f"{side}_heel"][0] - first.joints[f"{side}_heel"][0]
            assert abs(moved) <= 1.5, f"the {side} foot slides {moved:.1f} units"


def test_the_end_still_shows_the_start_pose_pale_behind_it():
    start, end = "back-arch", "back-flatten"
    plain = render_pose(end, frame_with=start)
    ghosted = render_pose(end, frame_with=start, ghost=start)

    root = ET.fromstring(ghosted)
    [ghost] = root.findall(f"{SVG}g")
    assert ghost.get("class") == "drawing__ghost"
    paths = ghost.findall(f"{SVG}path")
    # One silhouette with a rim: every part wide in the far limbs' colour, then every part
    # narrower in a paler one, so it reads as an outline, not as more solid far limbs.
    half = len(paths) // 2
    assert half and {p.get("stroke") for p in paths[:half]} == {COLOURS["far"]}
    assert {p.get("stroke") for p in paths[half:]} == {COLOURS["ghost"]}
    for rim, inside in zip(paths[:half], paths[half:], strict=True):
        assert rim.get("d") == inside.get("d")
        assert float(rim.get("stroke-width")) > float(inside.get("stroke-width"))
    # Behind the figure, which is drawn after it, unchanged.
    children = list(root)
    assert children.index(ghost) < children.index(root.findall(f"{SVG}path")[-1])
    assert ghosted.count("<path") == plain.count("<path") + len(paths)
    assert "drawing__ghost" not in plain and "style" not in ghosted


def test_a_moving_drawing_holds_then_releases_in_the_steps_own_time():
    svg = step_svg("back-arch-right-knee-in", "back-right-leg-long", hold=5, release=8, rest=10)

    root = ET.fromstring(svg)
    animations = root.findall(f".//{SVG}animate")
    assert animations, "the figure moves"
    for animation in animations:
        assert animation.get("attributeName") == "d"
        assert animation.get("repeatCount") == "indefinite"
        # hold 5 s, release 8 s, a rest (at most 3 s), and 3 s back: 19 s a round
        assert animation.get("dur") == "19s"
        # hold; the release in thirds; rest; back in thirds
        assert animation.get("keyTimes") == "0;.263;.404;.544;.684;.842;.895;.947;1"
        start, same, one, two, end, still, two_back, one_back, back = animation.get("values").split(
            ";"
        )
        assert start == same == back != end == still
        assert (one, two) == (one_back, two_back)
    assert "style" not in svg


def test_drawings_use_the_sites_colours():
    css = (ROOT / "static" / "css" / "site.css").read_text()
    tokens = dict(re.findall(r"--([a-z-]+):\s*(#[0-9a-f]{6});", css))
    assert COLOURS["near"] == tokens["accent"]
    assert COLOURS["body"] == tokens["accent-strong"]
    assert COLOURS["support"] == tokens["accent-soft"]
    assert COLOURS["line"] == tokens["border"]
    assert COLOURS["outline"] == tokens["bg"]
    assert COLOURS["hair"] == tokens["text"]


@pytest.mark.django_db
def test_every_step_of_every_starter_routine_has_its_drawing_on_the_page(client, starter_library):
    from routines.models import Routine

    for routine in Routine.objects.prefetch_related("steps"):
        html = client.get(routine.get_absolute_url()).content.decode()
        steps = re.findall(r'<li class="step".*?</li>\s*(?=<li class="step"|</ol>)', html, re.S)
        assert len(steps) == routine.steps.count() > 0
        for n, step in enumerate(steps, start=1):
            assert '<div class="drawing' in step, f"{routine.slug} step {n} has no drawing"
            assert 'role="img" aria-label="' in step


@pytest.mark.django_db
def test_a_moving_step_carries_its_two_stills_labelled_with_the_poses(client, starter_library):
    html = client.get("/routines/psoas-release/").content.decode()

    right_side = html.split('id="step-3"')[1].split('id="step-4"')[0]
    labels = re.findall(r'aria-label="([^"]+)"', right_side)
    assert labels == [
        "Moving slowly from: Lying on your back, low back arched, right knee drawn towards the "
        "chest. To: Lying on your back, right leg long on the floor, back soft. And back.",
        "Lying on your back, low back arched, right knee drawn towards the chest",
        "Lying on your back, right leg long on the floor, back soft",
    ]
    assert 'class="drawing__moving"' in right_side and 'class="drawing__stills"' in right_side
    start_still, end_still = re.findall(r"<svg.*?</svg>", right_side, re.S)[1:]
    assert "drawing__ghost" not in start_still and "drawing__ghost" in end_still  # where it was
    assert 'dur="19s"' in right_side  # hold 5, release 8, rest (10, at most 3), back 3


@pytest.mark.django_db
def test_drawings_speak_the_readers_language(client, starter_library):
    french = client.get("/fr/routines/psoas-release/").content.decode()
    spanish = client.get("/es/routines/psoas-release/").content.decode()

    assert 'aria-label="Allongé sur le dos, bas du dos cambré, genou gauche ramené' in french
    assert 'aria-label="Acostado boca arriba, espalda baja arqueada, rodilla izquierda' in spanish


@pytest.mark.django_db
def test_a_step_without_poses_is_simply_not_drawn(client, make_routine):
    routine = make_routine("No drawings", steps=2)

    html = client.get(routine.get_absolute_url()).content.decode()

    assert 'class="drawing' not in html


@pytest.mark.django_db
def test_the_psoas_release_page_stays_under_60_kb_on_the_wire(client, starter_library):
    page = client.get("/routines/psoas-release/", headers={"Accept-Encoding": "gzip, br"})
    assert page["Content-Encoding"] == "gzip"
    html = gzip.decompress(page.content).decode()
    assets = re.findall(r'(?:href|src)="(/static/[^"]+\.(?:css|js))"', html)
    files = [ROOT / "static" / a.removeprefix("/static/") for a in assets]
    imported = [
        ROOT / "static" / "js" / m
        for f in files
        if f.suffix == ".js"
        for m in re.findall(r'from\s+"\./([^"]+\.js)"', f.read_text())
    ]
    weight = len(page.content) + sum(
        len(gzip.compress(f.read_bytes())) for f in files + imported if f.is_file()
    )

    assert weight < 60_000, f"{weight} bytes on the wire"


@pytest.mark.parametrize("name", ["back-knees-bent", "seated-upright", "standing"])
def test_the_head_shows_which_way_the_face_looks(name):
    figure = figure_for(name)
    head, nose = figure.segment("head"), figure.segment("nose")
    centre = figure.joints["head"]

    def reach(segment):
        return max(math.dist(p[:2], centre[:2]) for p in segment.points) + segment.width / 2

    assert reach(nose) > reach(head) + 1, "the nose stands out from the head's outline"
    svg = render_pose(name, language="en")
    assert f'stroke="{COLOURS["face"]}"' in svg and f'stroke="{COLOURS["hair"]}"' in svg
    assert COLOURS["face"] not in (COLOURS["body"], COLOURS["hair"])
