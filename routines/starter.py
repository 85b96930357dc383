"""
The starter library: routines shipped as YAML in `routines/library/`, loaded idempotently.

Loading twice changes nothing. A routine changed in admin since it was loaded is left alone
(its editor's work wins) unless `force` is given. See `routines/library/README.md` for the format.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.db import transaction
from django.utils import timezone

from .models import BodyArea, Question, Routine, Step
from .search import index_routines

LIBRARY_DIR = Path(__file__).resolve().parent / "library"
ROUTINE_FIELDS = (
    "title", "summary", "purpose", "why", "audience", "equipment", "position", "minutes",
    "level", "variation_note", "credit_name", "credit_url",
)  # fmt: skip
STEP_FIELDS = ("title", "cue", "reps", "side", "hold_seconds", "pace", "rest_seconds")


@dataclass
class LoadReport:
    """What a load did, routine slug by routine slug."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept_edits: list[str] = field(default_factory=list)


def read_library(directory: Path = LIBRARY_DIR) -> tuple[list[dict], list[dict]]:
    """Body areas and routine definitions from the YAML files, in file-name order."""
    areas = yaml.safe_load((directory / "body_areas.yaml").read_text(encoding="utf-8"))
    routines = [
        yaml.safe_load(path.read_text(encoding="utf-8"))
        for path in sorted(directory.glob("*.yaml"))
        if path.name != "body_areas.yaml"
    ]
    return areas, routines


def checksum(data: dict) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


def _edited_since_load(routine: Routine) -> bool:
    # The loader stamps library_loaded_at with the very updated_at it saved; any later save
    # (an editor in admin) moves updated_at past it.
    return routine.library_loaded_at is None or routine.updated_at > routine.library_loaded_at


@transaction.atomic
def load_library(directory: Path = LIBRARY_DIR, *, force: bool = False) -> LoadReport:
    """Create or update body areas and starter routines from `directory`."""
    area_data, routine_data = read_library(directory)
    for position, item in enumerate(area_data):
        BodyArea.objects.update_or_create(
            slug=item["slug"],
            defaults={
                "name": item["name"],
                "aliases": ", ".join(item.get("aliases", [])),
                "position": position,
            },
        )
    areas = {a.slug: a for a in BodyArea.objects.all()}

    report = LoadReport()
    touched: dict[str, Routine] = {}
    for data in routine_data:
        slug, digest = data["slug"], checksum(data)
        routine = Routine.objects.filter(slug=slug).first()
        if routine is None:
            routine = Routine(slug=slug, is_starter=True)
            report.created.append(slug)
        elif routine.library_checksum == digest and not force:
            report.unchanged.append(slug)
            continue
        elif _edited_since_load(routine) and not force:
            report.kept_edits.append(slug)
            continue
        else:
            report.updated.append(slug)
        _apply(routine, data, digest, areas)
        touched[slug] = routine

    # Variations point at other routines, so link them once every routine exists.
    for data in routine_data:
        if data["slug"] in touched and data.get("variation_of"):
            routine = touched[data["slug"]]
            routine.variation_of = Routine.objects.get(slug=data["variation_of"])
            _save_stamped(routine)
    index_routines(
        Routine.objects.filter(pk__in=[r.pk for r in touched.values()]).prefetch_related(
            "body_areas", "steps", "questions"
        )
    )
    return report


def _apply(routine: Routine, data: dict, digest: str, areas: dict[str, BodyArea]) -> None:
    for name in ROUTINE_FIELDS:
        value = data.get(name) or ""
        setattr(routine, name, value.strip() if isinstance(value, str) else value)
    routine.cautions = "\n".join(data.get("cautions", []))
    routine.aliases = ", ".join(data.get("aliases", []))
    routine.status = Routine.Status.PUBLISHED
    routine.published_at = routine.published_at or timezone.now()
    routine.library_checksum = digest
    _save_stamped(routine)
    routine.body_areas.set([areas[slug] for slug in data.get("body_areas", [])])
    routine.steps.all().delete()
    Step.objects.bulk_create(
        Step(routine=routine, order=order, **_step_fields(step))
        for order, step in enumerate(data["steps"], start=1)
    )
    routine.questions.all().delete()
    Question.objects.bulk_create(
        Question(routine=routine, order=order, question=q["question"], answer=q["answer"].strip())
        for order, q in enumerate(data.get("faqs", []), start=1)
    )


def _step_fields(step: dict) -> dict:
    """A YAML step as model fields: text stripped, missing numbers None, side "none" blank."""
    fields = {}
    for name in STEP_FIELDS:
        value = step.get(name)
        if name in {"title", "cue", "side", "pace"}:
            value = "" if value in (None, "none") else str(value).strip()
        fields[name] = value
    return fields


def _save_stamped(routine: Routine) -> None:
    routine.save()
    routine.library_loaded_at = routine.updated_at
    Routine.objects.filter(pk=routine.pk).update(library_loaded_at=routine.updated_at)
