"""The starter library loader: complete, idempotent, and respectful of an editor's edits."""

import pytest
from django.core.management import call_command

from routines.models import BodyArea, Routine, SearchEntry
from routines.starter import load_library, read_library

pytestmark = pytest.mark.django_db


def test_every_starter_routine_is_published_with_steps_and_cautions(starter_library):
    _, definitions = read_library()
    assert starter_library.count() == len(definitions) >= 7
    for routine in Routine.objects.published():
        assert routine.is_starter
        assert routine.steps.count() >= 1
        assert routine.caution_list(), routine.slug


def test_starter_library_covers_lying_seated_and_standing_positions(starter_library):
    positions = set(starter_library.values_list("position", flat=True))
    assert {"back", "chair_or_bed", "standing"} <= positions


def test_psoas_release_follows_the_seed(starter_library):
    routine = Routine.objects.get(slug="psoas-release")
    assert routine.position == "back"
    assert routine.credit_name == "Susan Koenig"
    assert {"low-back", "hip-flexors-psoas"} <= set(
        routine.body_areas.values_list("slug", flat=True)
    )
    assert any(step.reps == 3 for step in routine.steps.all())
    assert {"left", "right"} <= set(routine.steps.values_list("side", flat=True))
    questions = " ".join(routine.questions.values_list("question", flat=True)).lower()
    for topic in ("both sides", "bed", "hurt"):
        assert topic in questions


def test_the_psoas_release_times_its_slow_release_and_the_page_says_so(starter_library, client):
    routine = Routine.objects.get(slug="psoas-release")
    right_side = routine.steps.get(side="right")
    assert (right_side.hold_seconds, right_side.release_seconds) == (5, 8)

    page = client.get(routine.get_absolute_url()).content.decode()
    assert 'data-release="8"' in page
    assert "release over 8 seconds" in page


def test_variation_links_back_to_the_psoas_release(starter_library):
    variation = Routine.objects.get(slug="psoas-release-variation")
    assert variation.variation_of.slug == "psoas-release"
    assert "pain" in variation.cautions.lower()
    assert variation in Routine.objects.get(slug="psoas-release").variations.all()


def test_loading_twice_changes_nothing(starter_library):
    before = {r.slug: (r.updated_at, r.steps.count()) for r in Routine.objects.all()}
    entries = SearchEntry.objects.count()
    report = load_library()
    assert report.created == report.updated == []
    assert len(report.unchanged) == len(before)
    after = {r.slug: (r.updated_at, r.steps.count()) for r in Routine.objects.all()}
    assert after == before
    assert SearchEntry.objects.count() == entries
    assert BodyArea.objects.count() == 7


def test_an_editors_change_survives_a_reload_of_a_changed_file(starter_library, tmp_path):
    routine = Routine.objects.get(slug="washrag")
    routine.title = "The washrag, as our editor puts it"
    routine.save()
    library = _copy_library(tmp_path, change_slug="washrag")

    report = load_library(library)

    assert report.kept_edits == ["washrag"]
    assert Routine.objects.get(slug="washrag").title == "The washrag, as our editor puts it"


def test_force_overwrites_an_editors_change(starter_library, tmp_path):
    Routine.objects.filter(slug="washrag").update(title="Edited")
    routine = Routine.objects.get(slug="washrag")
    routine.save()
    library = _copy_library(tmp_path, change_slug="washrag")

    load_library(library, force=True)

    assert Routine.objects.get(slug="washrag").title == "Changed in the file"


def test_a_changed_file_updates_an_unedited_routine(starter_library, tmp_path):
    load_library(_copy_library(tmp_path, change_slug="side-bend"))
    assert Routine.objects.get(slug="side-bend").title == "Changed in the file"


def test_the_command_reports_what_it_did(db, capsys):
    call_command("load_library")
    call_command("load_library")
    first, second = capsys.readouterr().out.split("unchanged: 0\n")
    total = Routine.objects.count()
    assert first.startswith(f"created: {total}\n")
    assert second.strip().endswith(f"unchanged: {total}")


def _copy_library(tmp_path, *, change_slug):
    import shutil

    import yaml

    from routines.starter import LIBRARY_DIR

    target = tmp_path / "library"
    shutil.copytree(LIBRARY_DIR, target)
    path = target / f"{change_slug}.yaml"
    data = yaml.safe_load(path.read_text())
    data["title"] = "Changed in the file"
    path.write_text(yaml.safe_dump(data))
    return target


def test_every_text_of_the_starter_library_fits_its_field_in_every_language():
    # SQLite stores a summary of any length; PostgreSQL refuses one past max_length, and
    # French and Spanish run longer than English. Every language is held to the limit.
    from routines.models import BodyArea, Question, Routine, Step
    from routines.starter import read_library

    def too_long(model, fields: dict, where) -> list:
        found = []
        for name, value in fields.items():
            try:
                limit = model._meta.get_field(name).max_length
            except Exception:
                continue
            if limit and isinstance(value, str) and len(value.strip()) > limit:
                found.append((*where, name, len(value.strip()), limit))
        return found

    areas, routines = read_library()
    problems = []
    for area in areas:
        for language, text in [("en", area), *area.get("translations", {}).items()]:
            problems += too_long(BodyArea, text, (area["slug"], language))
    for routine in routines:
        for language, text in [("en", routine), *routine.get("translations", {}).items()]:
            problems += too_long(Routine, text, (routine["slug"], language))
            for step in text.get("steps", []):
                problems += too_long(Step, step, (routine["slug"], language, "step"))
            for faq in text.get("faqs", []):
                problems += too_long(Question, faq, (routine["slug"], language, "faq"))
    assert problems == []
