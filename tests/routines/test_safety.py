"""
Contraindications are data on a routine: every starter routine whose steps call for one carries
it, readers see its wording under "Before you start" in their language, and the loader keeps an
editor's own wording.
"""

import pytest
import yaml

from routines.models import Contraindication, Routine
from routines.safety import (
    CONTRAINDICATIONS_FOR,
    Movement,
    missing_contraindications,
    required_contraindications,
    unknown_movements,
)
from routines.starter import LIBRARY_DIR, load_library, read_library

pytestmark = pytest.mark.django_db


def test_every_movement_names_only_contraindications_the_data_defines():
    defined = {item["slug"] for item in yaml.safe_load(
        (LIBRARY_DIR / "reference" / "contraindications.yaml").read_text(encoding="utf-8")
    )}  # fmt: skip
    assert set(CONTRAINDICATIONS_FOR) == set(Movement.values)
    for movement, slugs in CONTRAINDICATIONS_FOR.items():
        assert slugs <= defined, movement


def test_every_contraindication_has_its_wording_in_english_french_and_spanish(starter_library):
    for item in Contraindication.objects.all():
        for language in ("en", "fr", "es"):
            assert getattr(item, f"name_{language}"), (item.slug, language)
            assert getattr(item, f"wording_{language}"), (item.slug, language)
    assert {"hip-replacement", "late-pregnancy", "recent-surgery", "osteoporosis"} <= set(
        Contraindication.objects.values_list("slug", flat=True)
    )


@pytest.mark.parametrize("definition", read_library()[1], ids=lambda data: data["slug"])
def test_every_starter_routine_carries_the_contraindications_its_movements_call_for(definition):
    movements = [m for step in definition["steps"] for m in step.get("movements", [])]
    assert unknown_movements(movements) == []
    assert (
        missing_contraindications(
            movements=movements, contraindications=definition.get("contraindications", [])
        )
        == []
    )


def test_the_psoas_releases_warn_about_hip_replacement_and_late_pregnancy(starter_library):
    for slug in ("psoas-release", "psoas-release-variation", "psoas-release-in-bed"):
        carried = set(
            Routine.objects.get(slug=slug).contraindications.values_list("slug", flat=True)
        )
        assert {"hip-replacement", "late-pregnancy"} <= carried, slug


def test_every_routine_lying_on_the_back_warns_about_late_pregnancy(starter_library):
    lying = [
        routine
        for routine in Routine.objects.prefetch_related("steps")
        if any("lying-on-back" in step.movements for step in routine.steps.all())
    ]
    assert len(lying) >= 5
    for routine in lying:
        assert routine.contraindications.filter(slug="late-pregnancy").exists(), routine.slug


def test_a_routine_missing_a_contraindication_is_found():
    assert required_contraindications(["knee-to-chest", "lying-on-back"]) == {
        "hip-replacement",
        "recent-surgery",
        "late-pregnancy",
    }
    assert missing_contraindications(
        movements=["hip-turned-out"], contraindications=["late-pregnancy"]
    ) == ["hip-replacement"]
    assert unknown_movements(["knee-to-chst"]) == ["knee-to-chst"]


@pytest.mark.parametrize(
    ("prefix", "words"),
    [
        ("", "If you have had a hip replacement, ask your surgeon"),
        ("/fr", "Si vous avez une prothèse de hanche"),
        ("/es", "Si le han puesto una prótesis de cadera"),
    ],
)
def test_the_contraindications_show_under_before_you_start_in_the_readers_language(
    client, starter_library, prefix, words
):
    page = client.get(f"{prefix}/routines/psoas-release/").content.decode()
    box = page.split('id="cautions-heading"')[1].split("</section>")[0]
    assert 'data-contraindication="hip-replacement"' in box
    assert 'data-contraindication="late-pregnancy"' in box
    assert words in box


def test_loading_again_keeps_the_editors_wording_unless_forced(starter_library):
    item = Contraindication.objects.get(slug="osteoporosis")
    item.wording_en, item.library_checksum = "The editor's own words.", ""
    item.save()
    load_library(force=False)
    item.refresh_from_db()
    assert item.wording_en == "The editor's own words."
    load_library(force=True)
    item.refresh_from_db()
    assert item.wording_en.startswith("If you have osteoporosis")


LOW = {"en": "just above the floor", "fr": "juste au-dessus du sol", "es": "por encima del suelo"}
FULLY = {"en": "fully", "fr": "complètement", "es": "del todo"}


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_the_variations_caution_and_its_steps_agree_on_a_low_straight_leg(
    starter_library, language
):
    routine = Routine.objects.get(slug="psoas-release-variation")
    cautions = getattr(routine, f"cautions_{language}")
    straighten = routine.steps.get(order=3)
    other_side = routine.steps.get(order=6)
    assert LOW[language] in cautions
    for step in (straighten, other_side):
        cue = getattr(step, f"cue_{language}")
        assert LOW[language] in cue, (language, step.order)
        assert FULLY[language] not in cue, (language, step.order)
    for name in ("summary", "purpose"):
        assert FULLY[language] not in getattr(routine, f"{name}_{language}"), name


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_the_psoas_release_faq_speaks_of_no_video_the_page_does_not_have(starter_library, language):
    routine = Routine.objects.get(slug="psoas-release")
    assert not routine.video and not routine.video_url
    for question in routine.questions.all():
        answer = getattr(question, f"answer_{language}").lower()
        assert "video" not in answer and "vidéo" not in answer and "vídeo" not in answer


EQUIPMENT = {
    "en": ["firm mat", "folded blanket on a carpet", "firm bed", "blue pad"],
    "fr": ["tapis d'exercice ferme", "couverture pliée sur une moquette", "lit ferme", "bleu"],
    "es": ["esterilla firme", "manta doblada sobre una alfombra", "cama firme", "azul"],
}


@pytest.mark.parametrize("language", ["en", "fr", "es"])
@pytest.mark.parametrize("slug", ["psoas-release", "psoas-release-variation"])
def test_the_equipment_line_says_plainly_what_the_blue_pad_is_for(starter_library, slug, language):
    equipment = getattr(Routine.objects.get(slug=slug), f"equipment_{language}")
    for words in EQUIPMENT[language]:
        assert words in equipment, (slug, language, words)


def test_the_editor_rewords_a_contraindication_in_admin_and_readers_see_it_at_once(
    admin_client, client, starter_library
):
    item = Contraindication.objects.get(slug="late-pregnancy")
    assert "16 weeks" in client.get("/routines/arch-and-flatten/").content.decode()
    change = f"/admin/routines/contraindication/{item.pk}/change/"
    assert admin_client.get(change).status_code == 200
    data = {
        "slug": item.slug,
        "name_en": item.name_en,
        "wording_en": "Ask your midwife first.",
        "wording_fr": item.wording_fr,
        "wording_es": item.wording_es,
        "position": 1,
    }
    assert admin_client.post(change, data).status_code == 302
    assert "Ask your midwife first." in client.get("/routines/arch-and-flatten/").content.decode()
    load_library()
    item.refresh_from_db()
    assert item.wording_en == "Ask your midwife first." and item.library_checksum == ""
