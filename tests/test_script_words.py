"""
The scripts' words have one home each, in Python, translated there; each page hands them to its
script as JSON, and the scripts keep no English copy that could drift or go untranslated.
"""

import json
import re
from pathlib import Path

import pytest
from django.utils import translation

from routines.models import Step
from routines.practice import STRINGS as PRACTICE
from submissions.forms import BaseStepFormSet

STATIC_JS = Path(__file__).resolve().parents[1] / "static" / "js"
STEP_EDITOR = BaseStepFormSet.editor_strings


def handed_over(html: str, blob_id: str) -> dict:
    blob = re.search(rf'<script id="{blob_id}" type="application/json">(.*?)</script>', html, re.S)
    assert blob, f"no #{blob_id} on the page"
    return json.loads(blob.group(1))


@pytest.mark.django_db
def test_the_routine_page_hands_practice_mode_its_words_in_the_readers_language(
    client, make_routine, monkeypatch
):
    routine = make_routine(steps=3)
    first, second, _third = routine.steps.all()
    Step.objects.filter(pk=first.pk).update(reps=3)
    Step.objects.filter(pk=second.pk).update(reps=1, hold_seconds=1)

    # A stand-in catalog: every message comes out marked, as if translated.
    def gettext(message):
        return f"«{message}»"

    def ngettext(singular, plural, n):
        return f"«{singular if n == 1 else plural}»"

    monkeypatch.setattr(translation._trans, "gettext", gettext, raising=False)
    monkeypatch.setattr(translation._trans, "ngettext", ngettext, raising=False)
    html = client.get(routine.get_absolute_url()).content.decode()

    words = handed_over(html, "practice-strings")

    assert words.keys() == {*PRACTICE, "repsDone"}
    assert words["next"] == "«Next»" and words["stepOf"] == "«Step {current} of {total}»"
    # Sentences with a count come written out, singular or plural, for each count on the page.
    assert words["repsDone"] == {"1": "«1 rep done»", "3": "«All 3 reps done»"}


@pytest.mark.django_db
def test_the_submission_form_hands_the_step_editor_its_words(client, reader):
    client.force_login(reader)
    words = handed_over(client.get("/submit/").content.decode(), "step-strings")
    assert words == {key: str(text) for key, text in STEP_EDITOR.items()}


@pytest.mark.parametrize("script", sorted(STATIC_JS.rglob("*.js")), ids=lambda path: path.name)
def test_no_script_keeps_its_own_copy_of_the_words(script):
    source = re.sub(r"/\*.*?\*/|//[^\n]*", "", script.read_text(), flags=re.S)  # code only
    copies = [
        str(text)
        for text in [*PRACTICE.values(), *STEP_EDITOR.values()]
        if f"'{text}'" in source or f'"{text}"' in source
    ]
    assert copies == []
