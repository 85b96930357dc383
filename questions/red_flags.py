"""
Red-flag signs: which a question mentions (`signs_in`, the one matching rule: the form's
server-side check and the page's script both use it), what the reader is told, and loading the
signs and emergency numbers from `red_flags.yaml` (idempotent, like the starter library).

A sign's `keywords` are lines of words; a text mentions the sign when one line's words all occur
in it, in any order, accents and case aside ("groin numb*" matches "Numbness in my groin"). A
word ending in `*` matches any word it starts.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from pathlib import Path

import yaml
from django.conf import settings
from django.db import transaction

from .models import EmergencyNumber, RedFlag

DATA_FILE = Path(__file__).resolve().parent / "red_flags.yaml"
_WORD = re.compile(r"\w+")


def _plain(text: str) -> str:
    """Lower case without accents: "Entumecimiento" and "entumecimiento" are one word."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _words(text: str) -> set[str]:
    return set(_WORD.findall(_plain(text)))


def _line_matches(line: str, words: set[str]) -> bool:
    wanted = _plain(line).split()
    if not wanted:
        return False
    for want in wanted:
        if want.endswith("*"):
            stem = want[:-1]
            if not any(word.startswith(stem) for word in words):
                return False
        elif want not in words:
            return False
    return True


def signs_in(text: str, signs: list[RedFlag] | None = None) -> list[RedFlag]:
    """
    The red-flag signs `text` mentions, in their order, read in the active language (its
    keywords, falling back to English's), and in English too: a reader may write either.
    """
    words = _words(text)
    if not words:
        return []
    signs = list(RedFlag.objects.all()) if signs is None else signs
    found = []
    for sign in signs:
        lines = f"{sign.keywords}\n{sign.keywords_en or ''}".splitlines()
        if any(_line_matches(line, words) for line in lines if line.strip()):
            found.append(sign)
    return found


def numbers_for(language: str) -> list[EmergencyNumber]:
    """Emergency numbers, those of the reader's language's regions first."""
    numbers = list(EmergencyNumber.objects.all())
    return sorted(numbers, key=lambda n: language not in n.languages.split())


# Loading ---------------------------------------------------------------------------------------


def _checksum(item: dict) -> str:
    return hashlib.sha256(json.dumps(item, sort_keys=True, default=str).encode()).hexdigest()


def _translations(item: dict, names: tuple[str, ...]) -> dict:
    """Each translated field's column per language: English at the top level, others below."""
    columns = {}
    for language, _name in settings.LANGUAGES:
        text = item if language == settings.LANGUAGE_CODE else item.get(language) or {}
        for name in names:
            value = text.get(name)
            if isinstance(value, list):
                value = "\n".join(value)
            columns[f"{name}_{language}"] = (value or "").strip() or None
    return columns


@transaction.atomic
def load_red_flags(path: Path = DATA_FILE) -> dict[str, int]:
    """
    Create or update the signs and numbers from the data file. Loading twice changes nothing:
    a row whose entry in the file is unchanged is left as the editor has it; `reviewed_on` is
    the editor's alone and never loaded.
    """
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    for model, items, names, plain in (
        (RedFlag, data["signs"], ("sign", "advice", "keywords"), ("urgency", "source")),
        (EmergencyNumber, data["emergency_numbers"], ("region",), ("number", "languages")),
    ):
        for position, item in enumerate(items):
            digest = _checksum(item)
            row = model.objects.filter(slug=item["slug"]).first()
            if row is not None and row.library_checksum == digest:
                counts["unchanged"] += 1
                continue
            fields = {"position": position, "library_checksum": digest}
            fields.update(_translations(item, names))
            for name in plain:
                value = item.get(name, "")
                fields[name] = " ".join(value) if isinstance(value, list) else str(value)
            if row is None:
                model.objects.create(slug=item["slug"], **fields)
                counts["created"] += 1
            else:
                model.objects.filter(pk=row.pk).update(**fields)
                counts["updated"] += 1
    return counts
