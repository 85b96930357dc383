"""
Search ranks as readers ask: the questions readers wrote under the teacher's video (the seed),
typed as they wrote them, against the real starter library, find the gentlest routine that
fits first, in English, French and Spanish, on SQLite and PostgreSQL alike.
"""

import pytest
from django.utils import translation

from routines.models import Level, Routine
from routines.search import index_routine, search

pytestmark = pytest.mark.django_db

DEEPER = "psoas-release-variation"  # intermediate: "not a starting point for a sore back"


def ranked(query: str, language: str = "en") -> list[str]:
    with translation.override(language):
        ids = search(query, language=language).ids
    slugs = dict(Routine.objects.filter(pk__in=ids).values_list("pk", "slug"))
    return [slugs[pk] for pk in ids]


@pytest.mark.parametrize(
    ("question", "language", "first"),
    [
        # The issue's own question, and the readers' (the seed's comments, as they wrote them).
        ("my back hurts when I sit", "en", {"seated-arch-and-flatten", "psoas-release"}),
        ("I sit at a desk", "en", {"seated-arch-and-flatten", "psoas-release"}),
        ("recently got a new desk job and my back has already started killing me", "en",
         {"psoas-release", "seated-arch-and-flatten"}),
        ("truck", "en", {"psoas-release", "seated-arch-and-flatten"}),
        ("I'm a trucker", "en", {"psoas-release", "seated-arch-and-flatten"}),
        ("truck drivers", "en", {"psoas-release", "seated-arch-and-flatten"}),
        ("can I do this in bed", "en", {"psoas-release-in-bed"}),
        ("Could these exercises be done on a bed?", "en", {"psoas-release-in-bed"}),
        ("My mom can't get down onto the floor, because getting up is a problem", "en",
         {"psoas-release-in-bed"}),
        ("tight hip flexors from sitting all day", "en", {"psoas-release"}),
        ("lower back pain", "en", {"psoas-release", "arch-and-flatten"}),
        ("soas", "en", {"psoas-release"}),
        ("discomfort in my soas while squatting", "en", {"psoas-release"}),
        ("groin pain", "en", {"psoas-release"}),
        ("mal au dos quand je suis assis", "fr", {"seated-arch-and-flatten"}),
        ("je travaille assise toute la journée", "fr", {"seated-arch-and-flatten"}),
        ("exercice au lit pour ma mère", "fr", {"psoas-release-in-bed"}),
        ("psoas", "fr", {"psoas-release"}),
        ("me duele la espalda cuando estoy sentado", "es", {"seated-arch-and-flatten"}),
        ("trabajo sentada gran parte del día y realmente me están molestando mis lumbares",
         "es", {"psoas-release", "seated-arch-and-flatten"}),
        ("¿Puedo hacerlo en la cama?", "es", {"psoas-release-in-bed"}),
        ("mi madre no puede bajar al suelo", "es", {"psoas-release-in-bed"}),
    ],
)  # fmt: skip
def test_a_readers_question_finds_the_routine_that_fits_first(
    starter_library, question, language, first
):
    assert ranked(question, language)[0] in first, ranked(question, language)


@pytest.mark.parametrize(
    ("question", "language"),
    [
        ("my back hurts when I sit", "en"),
        ("lower back pain", "en"),
        ("truck", "en"),
        ("mal au dos quand je suis assis", "fr"),
        ("me duele la espalda cuando estoy sentado", "es"),
    ],
)
def test_the_deeper_variation_comes_after_every_gentler_routine_found(
    starter_library, question, language
):
    results = ranked(question, language)
    assert DEEPER not in results or results.index(DEEPER) == len(results) - 1, results


@pytest.mark.parametrize("query", ["psoas", "soas", "psoaz"])
def test_of_the_routines_named_psoas_the_deeper_variation_comes_last(starter_library, query):
    assert ranked(query)[:3] == ["psoas-release", "psoas-release-in-bed", DEEPER]


def test_my_back_hurts_when_i_sit_is_not_the_whole_library(starter_library):
    # "hurts" is in every routine's cautions and "sit" in nine of ten: neither lets them all in.
    results = ranked("my back hurts when I sit")
    assert len(results) < Routine.objects.count() - 2, results
    assert results[:2] == ["seated-arch-and-flatten", "psoas-release"]
    assert "washrag" not in results and "side-bend" not in results


def test_the_routines_that_say_truck_come_before_the_one_that_says_trucker(starter_library):
    assert set(ranked("truck")[:2]) == {"psoas-release", "seated-arch-and-flatten"}


def test_words_of_a_question_that_say_nothing_find_what_the_rest_finds(starter_library):
    assert ranked("can I do this in bed") == ranked("bed")
    assert ranked("I'm a trucker") == ranked("trucker")


# The rules behind those rankings, each on a library of its own ------------------------------


def test_an_exact_word_ranks_above_a_sound_alike_in_the_same_place(make_routine):
    weak = make_routine("Weak ankles")
    week = make_routine("A week of rest")  # newer: it would come first on a tie
    assert search("weak").ids == [weak.pk, week.pk]
    assert search("week").ids == [week.pk, weak.pk]
    assert search("weak ankles").ids == [weak.pk]


def test_an_exact_word_ranks_above_a_sound_alike_among_several_words(make_routine):
    weak = make_routine("Weak rest")
    week = make_routine("Week rest")
    assert search("rest weak").ids == [weak.pk, week.pk]


def test_a_pain_word_need_not_match_and_puts_the_gentle_routine_first(make_routine):
    gentle = make_routine("Shoulder rest", summary="A slow rest for the neck and shoulders.")
    harder = make_routine(
        "Neck release, deeper", summary="For a neck that can take more.", level=Level.INTERMEDIATE
    )
    assert search("neck").ids == [harder.pk, gentle.pk]  # its title says "neck"
    for question in ("my neck hurts", "neck pain", "sore neck"):  # neither says "hurt" or "pain"
        results = search(question)
        assert (results.ids, results.partial) == ([gentle.pk, harder.pk], False), question
        assert results.gentle_first
    assert not search("neck").gentle_first


def test_a_word_in_most_routines_counts_only_where_it_is_prominent(make_routine):
    chair = make_routine("Chair rest", summary="Sitting on a chair, rest your back.")
    others = [
        make_routine(f"Floor rest {n}", summary="Lie down and rest your back.") for n in range(3)
    ]
    for routine in others:  # each says "sit" once, deep in a step
        routine.steps.update(cue="Sit up slowly afterwards.")
        index_routine(routine)
    assert search("back sit").ids == [chair.pk]
    # Alone, it is all the reader asked: found wherever it is.
    assert set(search("sit").ids) == {chair.pk, *(r.pk for r in others)}


def test_a_word_found_only_in_the_cautions_ranks_last(make_routine):
    cautioned = make_routine("Pelvic rock", cautions="Stop if your knee hurts.")
    about = make_routine("Soft knees", summary="A rest for tired knees.")
    assert search("knee").ids == [about.pk, cautioned.pk]


@pytest.mark.parametrize(
    ("url", "question", "note"),
    [
        ("/routines/", "my back hurts when I sit", "The gentlest come first."),
        ("/fr/routines/", "mal au dos quand je suis assis", "Les plus douces d’abord."),
        ("/es/routines/", "me duele la espalda cuando estoy sentado", "Primero las más suaves."),
    ],
)
def test_the_results_page_tells_a_reader_in_pain_the_gentlest_come_first(
    client, starter_library, url, question, note
):
    page = client.get(url, {"q": question}).content.decode()
    assert note in page
    cards = [page.index(f'href="{url.removesuffix("routines/")}routines/{slug}/"')
             for slug in ("seated-arch-and-flatten", DEEPER)]  # fmt: skip
    assert cards == sorted(cards)
    assert note not in client.get(url, {"q": "psoas"}).content.decode()
