"""
Routines in French and Spanish: the starter library's translations as the loader writes them,
and how a reader sees a routine that is, or is not yet, translated into their language.
"""

import re
import shutil

import pytest
import yaml
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from routines.models import BodyArea, Routine
from routines.starter import LIBRARY_DIR, load_library, read_library

pytestmark = pytest.mark.django_db

REQUIRED = ["psoas-release", "psoas-release-variation", "psoas-release-in-bed",
            "seated-arch-and-flatten"]  # fmt: skip
TRANSLATED = [data["slug"] for data in read_library()[1] if data.get("translations")]
ROUTINE_TEXT = ["title", "summary", "purpose", "why", "audience", "equipment", "cautions",
                "aliases", "variation_note"]  # fmt: skip
NOTICE = "This routine is not yet translated into your language. It is shown in English."


def page_in(client, language: str, name: str, **kwargs) -> str:
    """
    A page as a reader of `language` gets it: its address in that language (the same as the
    English one until addresses carry the language) and a browser that prefers the language.
    """
    with translation.override(language):  # also undoes the language the request activated
        response = client.get(reverse(name, kwargs=kwargs), HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response.content.decode()


def routine_body(html: str) -> str:
    """The routine itself, without the related routines' cards beside it."""
    return re.search(r'<article class="routine".*?</article>', html, re.S).group(0)


def in_language(language: str, message: str) -> str:
    with translation.override(language):
        return gettext(message)


# The starter library ----------------------------------------------------------------------------


def test_the_loader_writes_each_language_into_its_own_columns(starter_library):
    psoas = Routine.objects.get(slug="psoas-release")
    assert psoas.title_en == "Psoas release"
    assert psoas.title_fr == "Relâcher le psoas"
    assert psoas.title_es == "Liberación del psoas"
    assert psoas.original_language == "en"
    steps = list(psoas.steps.all())
    assert steps[0].cue_fr.startswith("Allongez-vous sur le dos")
    assert steps[0].cue_es.startswith("Acuéstese boca arriba")
    assert all(step.cue_fr and step.cue_es for step in steps)
    assert "fléchisseurs de la hanche" in psoas.aliases_fr
    assert "flexores de cadera" in psoas.aliases_es


def test_body_areas_have_french_and_spanish_names_and_aliases(starter_library):
    low_back = BodyArea.objects.get(slug="low-back")
    assert (low_back.name_en, low_back.name_fr, low_back.name_es) == (
        "Low back",
        "Bas du dos",
        "Espalda baja",
    )
    assert {"lombaires", "mal de dos"} <= set(low_back.aliases_fr.split(", "))
    assert {"lumbares", "dolor de espalda"} <= set(low_back.aliases_es.split(", "))
    for area in BodyArea.objects.all():
        assert area.name_fr and area.name_es and area.aliases_fr and area.aliases_es, area.slug


def test_bed_and_chair_words_find_their_way_into_the_aliases(starter_library):
    in_bed = Routine.objects.get(slug="psoas-release-in-bed")
    seated = Routine.objects.get(slug="seated-arch-and-flatten")
    assert {"lit", "au lit"} <= set(in_bed.aliases_fr.split(", "))
    assert {"cama", "en la cama"} <= set(in_bed.aliases_es.split(", "))
    assert "chaise" in seated.aliases_fr.split(", ")
    assert "silla" in seated.aliases_es.split(", ")


def test_loading_twice_changes_nothing(starter_library):
    before = list(Routine.objects.values_list("slug", "title_fr", "cautions_es", "updated_at"))
    report = load_library()
    assert report.created == report.updated == report.kept_edits == []
    assert sorted(report.unchanged) == sorted(slug for slug, *_ in before)
    assert list(Routine.objects.values_list("slug", "title_fr", "cautions_es", "updated_at")) == (
        before
    )


def test_a_changed_translation_reloads_the_routine(starter_library, tmp_path):
    library = tmp_path / "library"
    shutil.copytree(LIBRARY_DIR, library)
    path = library / "psoas-release.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["translations"]["fr"]["title"] = "Relâcher le psoas, doucement"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")

    report = load_library(library)

    assert report.updated == ["psoas-release"]
    assert Routine.objects.get(slug="psoas-release").title_fr == "Relâcher le psoas, doucement"


def test_the_psoas_routines_and_the_seated_one_are_translated():
    assert set(REQUIRED) <= set(TRANSLATED)


@pytest.mark.parametrize("language", ["fr", "es"])
@pytest.mark.parametrize("slug", TRANSLATED)
def test_every_translated_routine_is_translated_completely(starter_library, slug, language):
    routine = Routine.objects.get(slug=slug)
    for name in ROUTINE_TEXT:
        english, translated = getattr(routine, f"{name}_en"), getattr(routine, f"{name}_{language}")
        if english:
            assert translated, name
    assert len(routine.cautions_en.splitlines()) == len(
        getattr(routine, f"cautions_{language}").splitlines()
    )
    for step in routine.steps.all():
        for name in ["title", "cue", "pace"]:
            if getattr(step, f"{name}_en"):
                assert getattr(step, f"{name}_{language}"), (step.order, name)
    for question in routine.questions.all():
        assert getattr(question, f"question_{language}"), question.order
        assert getattr(question, f"answer_{language}"), question.order


# Reading in one's own language --------------------------------------------------------------


def test_a_translated_routine_reads_in_french_with_no_notice(client, starter_library):
    html = page_in(client, "fr", "routines:detail", slug="psoas-release")
    assert "Relâcher le psoas</h1>" in html
    assert "Allongez-vous sur le dos" in html
    assert "Ne faites cet exercice" not in html  # the variation's cautions stay on its page
    assert "Si quelque chose fait mal, arrêtez" in html
    assert "Faut-il faire les deux côtés ?" in html
    assert "Lie on your back" not in html
    assert in_language("fr", NOTICE) not in html
    assert "lang=" not in routine_body(html)


def test_a_translated_routine_reads_in_spanish(client, starter_library):
    html = page_in(client, "es", "routines:detail", slug="psoas-release-in-bed")
    assert "Liberación del psoas en la cama</h1>" in html
    assert "Cuidadores: deje que la persona se mueva sola" in html
    assert "lang=" not in routine_body(html)


def test_an_untranslated_routine_is_shown_in_english_marked_as_such(client, make_routine):
    routine = make_routine("Knee rocking", steps=2)
    assert not routine.title_fr

    html = page_in(client, "fr", "routines:detail", slug=routine.slug)

    assert in_language("fr", NOTICE) in html
    assert '<h1 id="routine-title" lang="en">Knee rocking</h1>' in html
    assert f'<p class="lead" lang="en">{routine.summary}</p>' in html
    # Practice mode reads each step's language from its own element.
    assert '<h3 class="step__title" lang="en"><span class="step__number">1.</span>' in html
    assert '<p class="step__cue" lang="en">Move slowly, part 1.</p>' in html


def test_english_readers_see_no_notice_on_english_routines(client, make_routine):
    routine = make_routine("Knee rocking")
    html = page_in(client, "en", "routines:detail", slug=routine.slug)
    assert NOTICE not in html
    assert "lang=" not in routine_body(html)


def test_lists_show_every_routine_with_a_marker_on_untranslated_cards(
    client, starter_library, make_routine
):
    make_routine("Knee rocking")
    html = page_in(client, "fr", "routines:list")
    cards = re.findall(r'<article class="card">.*?</article>', html, re.S)
    assert len(cards) == Routine.objects.published().count()  # never hidden
    marker = in_language("fr", "In English")
    by_title = {re.search(r"<a href[^>]*>([^<]*)</a>", card).group(1): card for card in cards}
    assert marker not in by_title["Relâcher le psoas"]
    assert "lang=" not in by_title["Relâcher le psoas"]
    untranslated = by_title["Knee rocking"]
    assert '<h2 class="card__title" lang="en">' in untranslated
    assert '<p class="card__summary" lang="en">' in untranslated
    assert f'<span class="card__language">{marker}</span>' in untranslated


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [("routines:detail", {"slug": "knee-rocking"}), ("routines:detail", {"slug": "psoas-release"}),
     ("routines:list", {})],
)  # fmt: skip
def test_reading_in_another_language_costs_no_extra_query(
    client, starter_library, make_routine, name, kwargs
):
    make_routine("Knee rocking", slug="knee-rocking")  # in English only
    for routine in Routine.objects.all():
        routine.related()  # the ranking kept for an hour, in every language: ranked once here
    counts = {}
    for language in ["en", "fr", "es"]:
        with CaptureQueriesContext(connection) as queries:
            page_in(client, language, name, **kwargs)
        counts[language] = len(queries.captured_queries)
    assert counts["fr"] == counts["es"] == counts["en"]


def test_loading_under_another_active_language_still_fills_the_right_columns(db):
    with translation.override("fr"):
        load_library()
        load_library(force=True)  # updates go through the same columns
    psoas = Routine.objects.get(slug="psoas-release")
    area = BodyArea.objects.get(slug="low-back")
    assert (psoas.title_en, psoas.title_fr) == ("Psoas release", "Relâcher le psoas")
    assert (area.name_en, area.name_fr) == ("Low back", "Bas du dos")
    assert psoas.steps.first().pace_fr is None  # the English has no pace for the first step
