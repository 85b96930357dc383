"""
The starter library: routines shipped as YAML in `routines/library/`, loaded idempotently.

Loading twice changes nothing. A routine changed in admin since it was loaded is left alone
(its editor's work wins) unless `force` is given. See `routines/library/README.md` for the format.

The English text is a file's top level; its French and Spanish are under `translations:`. Each
goes explicitly into its own column (`title_en`, `title_fr`, `title_es`: routines/translation.py),
never through `routine.title`, which writes whichever language happens to be active.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import yaml

try:
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # PyYAML built without libyaml
    from yaml import SafeLoader
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import (
    AnsweredBy,
    BodyArea,
    Contraindication,
    GlossaryTerm,
    Question,
    Routine,
    Step,
)
from .search import index_routines

LIBRARY_DIR = Path(__file__).resolve().parent / "library"
# Data the routines refer to, in a folder of its own (not routines): conditions to warn about
# and the glossary, each a list of items with their text and `translations:`.
REFERENCE = {
    "contraindications.yaml": (Contraindication, ("name", "wording")),
    "glossary.yaml": (GlossaryTerm, ("term", "forms", "definition")),
}
ROUTINE_FIELDS = (
    "title", "summary", "purpose", "why", "audience", "equipment", "position", "minutes",
    "level", "variation_note", "credit_name", "credit_url",
)  # fmt: skip
STEP_FIELDS = (
    "title", "cue", "reps", "side", "start_pose", "end_pose", "hold_seconds", "release_seconds",
    "pace", "rest_seconds",
)  # fmt: skip
# The text fields with a column per language (routines/translation.py), as the YAML has them.
TRANSLATED_ROUTINE_FIELDS = (
    "title", "summary", "purpose", "why", "audience", "equipment", "variation_note",
)  # fmt: skip
TRANSLATED_STEP_FIELDS = ("title", "cue", "pace")


@dataclass
class LoadReport:
    """What a load did, routine slug by routine slug."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept_edits: list[str] = field(default_factory=list)


def read_library(directory: Path = LIBRARY_DIR) -> tuple[list[dict], list[dict]]:
    """Body areas and routine definitions from the YAML files, in file-name order."""
    areas = _read_yaml(directory / "body_areas.yaml")
    routines = [
        _read_yaml(path)
        for path in sorted(directory.glob("*.yaml"))
        if path.name != "body_areas.yaml"
    ]
    return areas, routines


def _read_yaml(path: Path):
    # libyaml's safe loader when PyYAML was built with it (the wheels are): 5x faster than the
    # pure-Python one on files carrying three languages; the same safe subset of YAML.
    return yaml.load(path.read_text(encoding="utf-8"), Loader=SafeLoader)


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
        # The plain columns first: setting `name` also writes the active language's column,
        # which the explicit columns after it then put right.
        defaults = {
            "name": item["name"],
            "aliases": ", ".join(item.get("aliases", [])),
            "position": position,
        }
        for language, text in _by_language(item).items():
            defaults[f"name_{language}"] = _text(text.get("name"), language)
            defaults[f"aliases_{language}"] = _text(", ".join(text.get("aliases", [])), language)
        BodyArea.objects.update_or_create(slug=item["slug"], defaults=defaults)
    areas = {a.slug: a for a in BodyArea.objects.all()}
    _load_reference(directory / "reference", force=force)
    contraindications = {c.slug: c for c in Contraindication.objects.all()}

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
        _apply(routine, data, digest, areas, contraindications)
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


def _load_reference(directory: Path, *, force: bool) -> None:
    """
    Contraindications and glossary terms, by slug: new ones are created, and ones the loader
    wrote are updated when their YAML changed; one an editor has saved in admin (its checksum
    emptied) is left alone unless `force`.
    """
    for name, (model, fields) in REFERENCE.items():
        path = directory / name
        if not path.exists():
            continue
        for position, item in enumerate(_read_yaml(path) or []):
            digest = checksum(item)
            row = model.objects.filter(slug=item["slug"]).first()
            if row is not None and not force and row.library_checksum in ("", digest):
                continue
            row = row or model(slug=item["slug"])
            for language, text in _by_language(item).items():
                for field_name in fields:
                    value = text.get(field_name)
                    if isinstance(value, list):
                        value = ", ".join(value)
                    setattr(row, f"{field_name}_{language}", _text(value, language))
            row.position, row.library_checksum = position, digest
            row.save()


def _apply(
    routine: Routine,
    data: dict,
    digest: str,
    areas: dict[str, BodyArea],
    contraindications: dict[str, Contraindication],
) -> None:
    for name in ROUTINE_FIELDS:
        value = data.get(name) or ""
        setattr(routine, name, value.strip() if isinstance(value, str) else value)
    routine.cautions = "\n".join(data.get("cautions", []))
    routine.aliases = ", ".join(data.get("aliases", []))
    for language, text in _by_language(data).items():
        for name in TRANSLATED_ROUTINE_FIELDS:
            setattr(routine, f"{name}_{language}", _text(text.get(name), language))
        setattr(
            routine, f"cautions_{language}", _text("\n".join(text.get("cautions", [])), language)
        )
        setattr(routine, f"aliases_{language}", _text(", ".join(text.get("aliases", [])), language))
    routine.original_language = settings.LANGUAGE_CODE
    routine.status = Routine.Status.PUBLISHED
    routine.published_at = routine.published_at or timezone.now()
    routine.library_checksum = digest
    _save_stamped(routine)
    routine.body_areas.set([areas[slug] for slug in data.get("body_areas", [])])
    routine.contraindications.set(
        [contraindications[slug] for slug in data.get("contraindications", [])]
    )
    routine.steps.all().delete()
    step_texts = _list_by_language(data, "steps")
    Step.objects.bulk_create(
        Step(
            routine=routine,
            order=n + 1,
            **_step_fields(step),
            **_translated(step_texts, n, TRANSLATED_STEP_FIELDS),
        )
        for n, step in enumerate(data["steps"])
    )
    routine.questions.all().delete()
    faq_texts = _list_by_language(data, "faqs")
    Question.objects.bulk_create(
        Question(
            routine=routine,
            order=n + 1,
            question=q["question"],
            answer=q["answer"].strip(),
            **_faq_attribution(q, routine),
            **_translated(faq_texts, n, ("question", "answer")),
        )
        for n, q in enumerate(data.get("faqs", []))
    )


def _faq_attribution(item: dict, routine: Routine) -> dict:
    """
    Who answered a FAQ (`answered_by:` teacher, editor or reader_teacher, the editor by
    default) and the name to credit (`credit:`; a teacher's answer credits the routine's
    teacher when it names nobody).
    """
    answered_by = AnsweredBy(item.get("answered_by", AnsweredBy.EDITOR))
    credit = item.get("credit") or (
        routine.credit_name if answered_by == AnsweredBy.TEACHER else ""
    )
    return {"answered_by": answered_by, "credit_name": credit, "source_url": item.get("link", "")}


def _by_language(data: dict) -> dict[str, dict]:
    """The English text (the item itself) and each translation, by language code."""
    translations = data.get("translations") or {}
    return {
        language: data if language == settings.LANGUAGE_CODE else translations.get(language, {})
        for language, _name in settings.LANGUAGES
    }


def _list_by_language(data: dict, key: str) -> dict[str, list[dict]]:
    """A routine's steps or FAQs in each language, in the same order as the English ones."""
    return {language: text.get(key) or [] for language, text in _by_language(data).items()}


def _translated(texts: dict[str, list[dict]], n: int, names: tuple[str, ...]) -> dict:
    """The n-th step's or FAQ's `names` as columns of every language (`cue_fr`...)."""
    columns = {}
    for language, items in texts.items():
        item = items[n] if n < len(items) else {}
        for name in names:
            columns[f"{name}_{language}"] = _text(item.get(name), language)
    return columns


def _text(value, language: str) -> str | None:
    """Stripped text; a translation that is missing is None (not yet translated), not ""."""
    text = "" if value in (None, "none") else str(value).strip()
    return text if text or language == settings.LANGUAGE_CODE else None


def _step_fields(step: dict) -> dict:
    """A YAML step as model fields: text stripped, missing numbers None, side "none" blank."""
    fields = {}
    for name in STEP_FIELDS:
        value = step.get(name)
        if name in {"title", "cue", "side", "pace", "start_pose", "end_pose"}:
            value = "" if value in (None, "none") else str(value).strip()
        fields[name] = value
    fields["movements"] = list(step.get("movements") or [])
    return fields


def _save_stamped(routine: Routine) -> None:
    routine.save()
    routine.library_loaded_at = routine.updated_at
    Routine.objects.filter(pk=routine.pk).update(library_loaded_at=routine.updated_at)
