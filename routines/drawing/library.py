"""
The pose library: named positions of the body, as data (`poses.yaml`).

A pose names the angles a teacher would ("hips bent about 45°, knees about 90°, feet flat") and
what the body rests on; `base:` starts from another pose and changes only what differs. A pose
whose name says "right" (as a word) has a left twin made here, never written by hand: the left
and right limbs swap and the camera moves to the body's left, so the limb that moves is always
the near one, drawn strong, and the left drawing is the right one mirrored. Every pose has its
label in English, French and Spanish (a left twin its `label_left`), for the drawings' text
alternative and for the editor's list.
"""

from __future__ import annotations

import copy
from functools import cache
from pathlib import Path

import yaml
from django.conf import settings
from django.utils.functional import lazy
from django.utils.translation import get_language

POSES_FILE = Path(__file__).resolve().parent / "poses.yaml"
LIMB_DEFAULTS = {
    "legs": {"hip": 0, "knee": 0},
    "arms": {"shoulder": 0, "elbow": 0},
}


@cache
def poses() -> dict[str, dict]:
    """Every pose by name, complete: defaults filled in, bases applied, left twins made."""
    raw = yaml.safe_load(POSES_FILE.read_text(encoding="utf-8"))
    done: dict[str, dict] = {}

    def resolve(name: str) -> dict:
        if name not in done:
            data = copy.deepcopy(raw[name])
            base = data.pop("base", None)
            pose = resolve(base) if base else {}
            pose = _merged(pose, data)
            # A pose's label and twin are its own, never its base's.
            for key in ("label", "label_left"):
                pose[key] = raw[name].get(key)
            done[name] = pose
        return done[name]

    library = {}
    for name in raw:
        pose = _complete(resolve(name))
        pose["name"] = name
        library[name] = pose
        if "right" in name.split("-"):
            left = _mirrored(pose)
            left["name"] = twin_name(name)
            library[left["name"]] = left
    return library


def twin_name(name: str) -> str:
    """The name of a pose on the other side: every "right" becomes "left" and back."""
    swap = {"right": "left", "left": "right"}
    return "-".join(swap.get(word, word) for word in name.split("-"))


def _merged(base: dict, data: dict) -> dict:
    merged = copy.deepcopy(base)
    for key, value in data.items():
        if key in ("legs", "arms") and isinstance(value, dict):
            limbs = merged.setdefault(key, {})
            both = {k: v for k, v in value.items() if k not in ("right", "left")}
            for side in ("right", "left"):
                limb = dict(limbs.get(side, {}))
                limb.update(both)
                limb.update(value.get(side, {}))
                limbs[side] = limb
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def _complete(pose: dict) -> dict:
    pose = copy.deepcopy(pose)
    pose.setdefault("lying", "upright")
    pose.setdefault("support", "floor")
    for kind, defaults in LIMB_DEFAULTS.items():
        limbs = pose.setdefault(kind, {})
        for side in ("right", "left"):
            limbs[side] = {**defaults, **limbs.get(side, {})}
    return pose


# What turns the body to one side, and so turns to the other side in a mirrored pose.
LATERAL = ("side_bend", "twist", "head_turn", "head_tilt", "hike", "roll")


def _mirrored(pose: dict) -> dict:
    """The same pose on the body's other side, seen from that side."""
    left = copy.deepcopy(pose)
    for kind in ("legs", "arms"):
        left[kind] = {"right": pose[kind]["left"], "left": pose[kind]["right"]}
    for key in LATERAL:
        if key in left:
            left[key] = -left[key]
    left["camera"] = "left" if pose.get("camera", "right") != "left" else "right"
    left["near"] = {"right": "left", "left": "right"}.get(pose.get("near", "right"), "both")
    left["label"] = pose["label_left"]
    left["mirror_of"] = pose["name"]
    return left


def label(name: str, language: str | None = None) -> str:
    """A pose's words in `language` (the active one by default), English when it lacks them."""
    labels = poses()[name]["label"] or {}
    language = (language or get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return labels.get(language) or labels.get(settings.LANGUAGE_CODE) or name


_lazy_label = lazy(label, str)


def pose_choices() -> list[tuple[str, str]]:
    """The editor's list of poses (Step.start_pose and end_pose), labels in their language."""
    return [(name, _lazy_label(name)) for name in sorted(poses())]
