"""
Readers search in their own language: French and Spanish queries find the routines in French
and Spanish, and the routines not yet translated through the text they are shown instead.
"""

import pytest
from django.utils import translation

from routines.models import Position, Routine, SearchEntry
from routines.search import cached_search, index_routine, search, words

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_on():
    """Routines made in English (a request to a French page leaves French on in this thread)."""
    with translation.override("en"):
        yield


@pytest.fixture
def library(make_area, make_routine):
    """
    The psoas release, its version in bed and the seated arch and flatten in English, French and
    Spanish (text written in the `_fr` and `_es` columns, as the admin does), and an English
    routine with no translation.
    """
    hips = make_area("Hips", aliases="hip flexors, psoas")
    hips.name_fr, hips.aliases_fr = "Hanches", "fléchisseurs de la hanche, psoas"
    hips.name_es, hips.aliases_es = "Caderas", "flexores de cadera, psoas"
    hips.save()
    back = make_area("Low back", aliases="lower back, lumbar")
    back.name_fr, back.aliases_fr = "Bas du dos", "lombaires, mal de dos"
    back.name_es, back.aliases_es = "Espalda baja", "zona lumbar, lumbares, dolor de espalda"
    back.save()

    def translated(routine, fr, es):
        for language, text in (("fr", fr), ("es", es)):
            for field, value in text.items():
                setattr(routine, f"{field}_{language}", value)
        routine.save()
        index_routine(routine)
        return routine

    release = translated(
        make_routine("Psoas release", areas=[hips, back], summary="Ease the hip flexors."),
        {"title": "Libérer le psoas", "summary": "Détendre les fléchisseurs de la hanche."},
        {"title": "Liberar el psoas", "summary": "Relajar los flexores de la cadera."},
    )
    in_bed = translated(
        make_routine("Psoas release in bed", areas=[hips, back], position=Position.CHAIR_OR_BED),
        {"title": "Libérer le psoas au lit", "summary": "Allongé dans votre lit, sans forcer."},
        {"title": "Liberar el psoas en la cama", "summary": "Tumbado en la cama, sin forzar."},
    )
    chair = translated(
        make_routine(
            "Seated arch and flatten",
            areas=[back],
            position=Position.CHAIR_OR_BED,
            summary="Sit on a chair and rock the pelvis.",
        ),  # fmt: skip
        {"title": "Arrondir et creuser le dos", "summary": "Assis sur une chaise, sans forcer."},
        {"title": "Arquear y aplanar la espalda", "summary": "Sentado en una silla, sin prisa."},
    )
    english = make_routine("Washrag psoas rest", summary="Let the psoas melt into the floor.")
    return {"release": release, "in_bed": in_bed, "chair": chair, "english": english}


def found(query, language):
    return [Routine.objects.get(pk=pk).slug for pk in search(query, language=language).ids]


@pytest.mark.parametrize(
    ("query", "routine"),
    [
        ("fléchisseurs de la hanche", "release"),
        ("flechisseurs", "release"),
        ("FLÉCHISSEURS", "release"),
        ("flechiseurs", "release"),  # a letter short
        ("psoas", "release"),
        ("bas du dos", "release"),
        ("lombaires", "release"),
        ("lit", "in_bed"),
        ("psoas lit", "in_bed"),
        ("chaise", "chair"),
    ],
)
def test_french_readers_words_find_the_french_routines(library, query, routine):
    assert library[routine].slug in found(query, "fr")


@pytest.mark.parametrize(
    ("query", "routine"),
    [
        ("flexores de cadera", "release"),
        ("flexores", "release"),
        ("psoas", "release"),
        ("espalda baja", "release"),
        ("lumbares", "release"),
        ("dolor de espalda", "release"),
        ("Dolor de Espalda", "in_bed"),
        ("cama", "in_bed"),
        ("psoas en la cama", "in_bed"),
        ("silla", "chair"),
        ("flexorez", "release"),  # a typo
    ],
)
def test_spanish_readers_words_find_the_spanish_routines(library, query, routine):
    assert library[routine].slug in found(query, "es")


def test_a_french_title_ranks_first_for_the_word_in_it(library):
    assert found("lit", "fr")[0] == library["in_bed"].slug
    assert found("chaise", "fr") == [library["chair"].slug]
    assert found("silla", "es") == [library["chair"].slug]


def test_a_routine_not_yet_translated_is_found_through_its_english_text(library):
    english = library["english"].slug
    assert english in found("washrag", "fr")
    assert english in found("washrag", "es")
    assert english in found("psoas", "fr")


def test_each_routine_is_found_once_in_the_text_its_reader_is_shown(library):
    results = search("psoas", language="fr")
    assert sorted(results.ids) == sorted({r.pk for r in library.values() if r != library["chair"]})
    assert results.total == len(results.ids) == 3


def test_the_english_text_of_a_translated_routine_is_not_searched_for_its_french_readers(
    make_routine,
):
    clock = make_routine("Pelvic clock", title_fr="Horloge du bassin")
    assert found("clock", "fr") == []
    assert found("horloge", "fr") == [clock.slug]
    assert found("horloge", "en") == []
    assert found("clock", "en") == [clock.slug]
    assert found("clock", "es") == [clock.slug]  # no Spanish yet: Spanish readers read English


def test_english_search_is_unchanged_by_the_translations(library):
    assert found("chaise", "en") == []
    assert found("lombaires", "en") == []
    assert library["release"].slug in found("hip flexors", "en")
    assert found("chair", "en") == [library["chair"].slug]


def test_a_search_is_in_the_active_language_by_default(library):
    with translation.override("fr"):
        assert search("chaise").ids == [library["chair"].pk]
        assert words("les hanches") == ["hanch"]
    with translation.override("es"):
        assert search("chaise").ids == []
        assert search("silla").ids == [library["chair"].pk]


def test_a_routine_has_entries_per_language_it_is_written_in_each_serving_its_readers(
    make_routine,
):
    routine = make_routine("Pelvic clock")

    def languages():
        entries = SearchEntry.objects.filter(routine=routine)
        return set(entries.values_list("language", "serves").distinct())

    assert languages() == {("en", " en fr es ")}
    routine.title_fr = "Horloge du bassin"
    routine.save()
    index_routine(routine)
    assert languages() == {("en", " en es "), ("fr", " fr ")}


def test_a_french_routine_is_shown_in_french_to_readers_of_languages_it_lacks(make_routine):
    routine = make_routine(
        "Horloge du bassin",
        original_language="fr",
        title_fr="Horloge du bassin",
        title_en="",
        summary_fr="Le bassin tourne comme une horloge.",
    )
    index_routine(routine)
    entries = SearchEntry.objects.filter(routine=routine)
    assert set(entries.values_list("language", "serves").distinct()) == {("fr", " en fr es ")}
    assert found("horloge", "en") == found("horloge", "es") == [routine.slug]


def test_the_transcript_is_searched_in_its_own_language_the_credit_in_every_one(make_routine):
    routine = make_routine(
        "Pelvic clock",
        title_fr="Horloge du bassin",
        transcript="Let the sacrum melt.",
        credit_name="Moshe",
    )
    assert found("sacrum", "en") == found("moshe", "en") == [routine.slug]
    assert found("moshe", "fr") == [routine.slug]
    assert found("sacrum", "fr") == []


def test_search_results_are_cached_per_language(library):
    with translation.override("fr"):
        french = cached_search("chaise", {})
    with translation.override("en"):
        english = cached_search("chaise", {})
    assert french.ids == [library["chair"].pk]
    assert english.ids == []


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("fr", "Les fléchisseurs de l’épaule, où ça ?", ["flechisseur", "epaul"]),
        ("fr", "J’ai mal quand je suis assis", ["mal", "assis"]),
        ("fr", "le cœur", ["coeur"]),
        ("es", "¿Qué es el dolor de espalda?", ["dolor", "espald"]),
        ("es", "Él está en la cama", ["cam"]),
        ("en", "The child's pose, don't force it", ["child", "pose", "forc"]),
        ("en", "Can I do this in bed?", ["bed"]),
        ("es", "¿Puedo hacerlo cuando estoy sentado?", ["sent"]),
    ],
)
def test_words_drop_each_languages_stopwords_then_stem_and_fold(language, text, expected):
    assert words(text, language) == expected
