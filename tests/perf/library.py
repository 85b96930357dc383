"""
A generated library for benchmarks: many plausible routines, built with bulk inserts.

Words are drawn from a fixed vocabulary with a seeded random generator, so every run (and
both databases) gets the same library. One routine in ten is also written in French and
Spanish, from a small fixed vocabulary of the same words, and so is indexed in three languages
as the app indexes a translated routine. Used by `make bench` and the scale tests.

A routine here is about 120 search index rows (every distinct word of its title, areas, steps
and questions), so 100,000 routines are some 12 million rows: the ORM's per-object cost would
take many minutes. The rows are therefore written in plain batches (`executemany`, or COPY on
PostgreSQL), and each routine's index entries are computed with the app's own `words`, weights
and readers per language (memoised per sentence, since sentences repeat). `index_matches_app`
checks them against `routines.search.entries_for`, so the two cannot drift apart unnoticed.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from functools import cache
from typing import NamedTuple

from django.db import connection, transaction
from django.utils import timezone, translation

from routines import search
from routines.models import BodyArea, Position, Question, Routine, SearchEntry, SearchWord, Step

MOVES = [
    "arch",
    "flatten",
    "curl",
    "rock",
    "roll",
    "lift",
    "lower",
    "slide",
    "turn",
    "tilt",
    "reach",
    "press",
    "release",
    "soften",
    "lengthen",
    "bend",
    "breathe",
    "shift",
]
PARTS = [
    "pelvis",
    "knee",
    "hip",
    "shoulder",
    "neck",
    "head",
    "ribs",
    "spine",
    "heel",
    "foot",
    "arm",
    "hand",
    "belly",
    "waist",
    "tailbone",
    "jaw",
    "back",
    "leg",
]
WAYS = [
    "slowly",
    "gently",
    "with the breath",
    "a little",
    "without effort",
    "in a small arc",
    "to the left",
    "to the right",
    "toward the ceiling",
    "along the floor",
]
NAMES = ["clock", "wave", "spiral", "pendulum", "drift", "unfold", "settle", "glide", "circle"]
FILLER = ("Notice how the movement travels through the body and let the floor hold you. "
          "Rest between repetitions and compare one side with the other.")  # fmt: skip
AUDIENCE = "Anyone who sits for long hours."
CAUTIONS = "Stop if anything hurts.\nMove slowly."
QUESTION, ANSWER = "How often?", "Once or twice a day."
SLUG_PREFIX = "generated-"
TRANSLATED = 10  # one routine in this many is written in French and Spanish too

# The same library in French and Spanish: each English word or phrase above, translated.
FRENCH = dict(zip(MOVES, ["Cambrez", "Aplatissez", "Enroulez", "Balancez", "Roulez", "Levez",
    "Baissez", "Glissez", "Tournez", "Inclinez", "Tendez", "Appuyez", "Relâchez", "Détendez",
    "Allongez", "Pliez", "Respirez dans", "Déplacez"], strict=True)) | dict(zip(PARTS, [
    "le bassin", "le genou", "la hanche", "l’épaule", "le cou", "la tête", "les côtes",
    "la colonne", "le talon", "le pied", "le bras", "la main", "le ventre", "la taille",
    "le coccyx", "la mâchoire", "le dos", "la jambe"], strict=True)) | dict(zip(WAYS, [
    "lentement", "doucement", "avec le souffle", "un peu", "sans effort", "en un petit arc",
    "vers la gauche", "vers la droite", "vers le plafond", "le long du sol"], strict=True)) | dict(
    zip(NAMES, ["horloge", "vague", "spirale", "pendule", "dérive", "dépli", "repos", "glisse",
    "cercle"], strict=True)) | {
    FILLER: "Remarquez comment le mouvement parcourt le corps et laissez le sol porter votre "
            "dos. Reposez-vous entre les répétitions et comparez un côté avec l’autre.",
    AUDIENCE: "Toute personne assise de longues heures.",
    CAUTIONS: "Arrêtez si quelque chose fait mal.\nBougez lentement.",
    QUESTION: "À quelle fréquence ?", ANSWER: "Une ou deux fois par jour.",
}  # fmt: skip
SPANISH = dict(zip(MOVES, ["Arquee", "Aplane", "Enrolle", "Balancee", "Ruede", "Levante", "Baje",
    "Deslice", "Gire", "Incline", "Estire", "Presione", "Suelte", "Relaje", "Alargue", "Doble",
    "Respire en", "Desplace"], strict=True)) | dict(zip(PARTS, [
    "la pelvis", "la rodilla", "la cadera", "el hombro", "el cuello", "la cabeza",
    "las costillas", "la columna", "el talón", "el pie", "el brazo", "la mano", "el vientre",
    "la cintura", "el coxis", "la mandíbula", "la espalda", "la pierna"], strict=True)) | dict(zip(
    WAYS, ["despacio", "suavemente", "con la respiración", "un poco", "sin esfuerzo",
    "en un pequeño arco", "hacia la izquierda", "hacia la derecha", "hacia el techo",
    "a lo largo del suelo"], strict=True)) | dict(zip(NAMES, ["reloj", "ola", "espiral",
    "péndulo", "deriva", "despliegue", "reposo", "deslizamiento", "círculo"], strict=True)) | {
    FILLER: "Note cómo el movimiento recorre el cuerpo y deje que el suelo sostenga su "
            "espalda. Descanse entre las repeticiones y compare un lado con el otro.",
    AUDIENCE: "Cualquier persona que pasa muchas horas sentada.",
    CAUTIONS: "Pare si algo duele.\nMuévase despacio.",
    QUESTION: "¿Con qué frecuencia?", ANSWER: "Una o dos veces al día.",
}  # fmt: skip
VOCABULARY = {"fr": FRENCH, "es": SPANISH}


class _Sentence(NamedTuple):
    """A generated sentence, written out in any of the library's languages."""

    move: str
    part: str
    way: str

    def text(self, language: str = "en") -> str:
        if language == "en":
            return f"{self.move.capitalize()} the {self.part} {self.way}."
        move, part, way = (VOCABULARY[language][word] for word in self)
        return f"{move} {part} {way}."


class _Step(NamedTuple):
    """A step as the index reads it: far cheaper to make than a model instance."""

    order: int
    title: str
    cue: str
    reps: int | None


class _Question(NamedTuple):
    question: str
    answer: str


def _sentence(rng: random.Random) -> _Sentence:
    return _Sentence(rng.choice(MOVES), rng.choice(PARTS), rng.choice(WAYS))


def _in(language: str, text: str) -> str:
    """A fixed English text of the library in `language`."""
    return text if language == "en" else VOCABULARY[language][text]


def _title(part: str, name: str, number: int, language: str = "en") -> str:
    if language == "en":
        return f"{part.capitalize()} {name} {number}"
    return f"{_in(language, name).capitalize()} : {_in(language, part)} {number}"


@cache
def _words(text: str, language: str) -> tuple[str, ...]:
    """The app's `search.words`, memoised: generated sentences repeat a great deal."""
    return tuple(search.words(text, language))


def index_weights(routine: Routine, areas: Sequence[BodyArea], steps: Sequence[Step | _Step],
                  questions: Sequence[Question | _Question],
                  language: str = "en") -> dict[str, int]:  # fmt: skip
    """
    `search.weighted_words` in `language` for a routine whose relations are given as lists (not
    yet saved), the steps and questions already in that language.

    The app joins each field's texts with spaces before splitting them into words; splitting
    each text on its own and concatenating gives the same words, which lets them be memoised.
    """
    spoken = [routine.transcript] if language == routine.original_language else []
    with translation.override(language):
        fields = [
            (search.TITLE, [routine.title]),
            (search.NAMED, [routine.aliases, *(a.name for a in areas)]),
            (search.SUMMARY, [routine.summary]),
            (search.BODY, [routine.purpose, routine.why, routine.audience, routine.equipment,
                           routine.variation_note, routine.credit_name,
                           *(step.title for step in steps), *(a.aliases for a in areas)]),
            (search.DETAIL, [*spoken, *(step.cue for step in steps),
                             *(f"{q.question} {q.answer}" for q in questions)]),
            (search.CAUTION, [routine.cautions]),
        ]  # fmt: skip
    places: dict[str, list[int]] = {}
    for weight, texts in fields:
        for word in {word for text in texts for word in _words(text, language)}:
            places.setdefault(word, []).append(weight)
    gentle = search.gentleness(routine)
    return {word: search.weight_of(found, gentle) for word, found in places.items()}


def index_matches_app(routines: Iterable[Routine]) -> bool:
    """True when the stored index of these routines is exactly what the app's indexer makes."""
    columns = ("key", "word", "weight", "gentle", "visible_from", "language", "serves")
    for routine in routines:
        stored = list(SearchEntry.objects.filter(routine=routine).values(*columns))
        if sorted(stored, key=str) != sorted(search.entries_for(routine), key=str):
            return False
    return True


def _insert(model, columns: Sequence[str], rows: list[tuple]) -> None:
    """Insert plain rows into the model's table: COPY on PostgreSQL, executemany elsewhere."""
    if not rows:
        return
    # Columns the rows leave out get their field's default ("" for text; the database's own
    # where it has one), so that a field added to a model later needs no change here.
    left_out = [
        f for f in model._meta.concrete_fields
        if f.column not in columns and not f.primary_key and not f.has_db_default()
        and (f.has_default() or not f.null)
    ]  # fmt: skip
    if left_out:
        defaults = tuple(f.get_db_prep_save(f.get_default(), connection) for f in left_out)
        columns = [*columns, *(f.column for f in left_out)]
        rows = [(*row, *defaults) for row in rows]
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)


def _fast_sqlite_writes() -> None:
    """A throwaway database: let SQLite keep more in memory and skip syncing while we load."""
    if connection.vendor == "sqlite" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous=OFF")
            cursor.execute("PRAGMA cache_size=-262144")  # 256 MB of page cache


def generate(count: int, *, steps: int = 8, seed: int = 7, batch: int = 2000) -> None:
    """Add `count` published routines with `steps` steps each, indexed for search."""
    _fast_sqlite_writes()
    # English active, so that a routine's plain columns (`title`) are its English ones.
    with transaction.atomic(), translation.override("en"):
        _generate(count, steps=steps, seed=seed, batch=batch)


def _routine(number: int, rng: random.Random, published_at) -> Routine:
    """A generated routine, in French and Spanish too when its number says so (not yet saved)."""
    part, name = rng.choice(PARTS), rng.choice(NAMES)
    summary, purpose = (_sentence(rng), _sentence(rng)), _sentence(rng)
    texts = {}
    for language in ("en", "fr", "es") if number % TRANSLATED == 0 else ("en",):
        for column, text in (
            ("title", _title(part, name, number, language)),
            ("summary", " ".join(s.text(language) for s in summary)),
            ("purpose", f"{purpose.text(language)} {_in(language, FILLER)}"),
            ("audience", _in(language, AUDIENCE)),
            ("cautions", _in(language, CAUTIONS)),
        ):
            texts[f"{column}_{language}"] = text
            if language == "en":  # the original column too (routines/translation.py)
                texts[column] = text
    return Routine(
        slug=f"{SLUG_PREFIX}{number}",
        position=rng.choice(Position.values),
        minutes=rng.randint(3, 20),
        status=Routine.Status.PUBLISHED,
        published_at=published_at,
        **texts,
    )


STEP_COLUMNS = ["routine_id", "order", "title", "title_en", "cue", "cue_en", "reps", "side",
                "hold_seconds", "pace", "rest_seconds", "start_seconds", "title_fr", "cue_fr",
                "title_es", "cue_es"]  # fmt: skip
QUESTION_COLUMNS = ["routine_id", "order", "question", "question_en", "answer", "answer_en",
                    "question_fr", "answer_fr", "question_es", "answer_es"]  # fmt: skip


def _translated(texts: dict, pick) -> list[str | None]:
    """The French then Spanish columns of a row: `pick` of the routine's text, or empty."""
    columns: list[str | None] = []
    for language in ("fr", "es"):
        columns += pick(*texts[language]) if language in texts else [None, None]
    return columns


def _generate(count: int, *, steps: int, seed: int, batch: int) -> None:
    rng = random.Random(seed)
    areas = list(BodyArea.objects.all()) or [
        BodyArea.objects.create(name=f"Area {i}", slug=f"area-{i}") for i in range(6)
    ]
    start = Routine.objects.count()
    now = timezone.now()
    through = Routine.body_areas.through
    vocabulary = set(SearchWord.objects.values_list("word", flat=True))
    for first in range(0, count, batch):
        routines = [
            _routine(start + n, rng, now - timezone.timedelta(minutes=start + n))
            for n in range(first, min(first + batch, count))
        ]
        Routine.objects.bulk_create(routines)
        if any(r.pk is None for r in routines):  # a database that returns no ids
            by_slug = dict(
                Routine.objects.filter(slug__in=[r.slug for r in routines]).values_list(
                    "slug", "pk"
                )
            )
            for r in routines:
                r.pk = by_slug[r.slug]
        area_rows, step_rows, question_rows, entry_rows = [], [], [], []
        for r in routines:
            chosen = rng.sample(areas, 2)
            area_rows += [(r.pk, area.pk) for area in chosen]
            made = [
                (i, _sentence(rng), (_sentence(rng), _sentence(rng)), rng.choice([None, 3, 5]))
                for i in range(1, steps + 1)
            ]
            served = search.readers_served(r)  # {"en": " en ", "fr": " fr ", ...}
            gentle = search.gentleness(r)
            texts = {
                language: (
                    [_Step(i, title.text(language)[:-1], " ".join(c.text(language) for c in cue),
                           reps) for i, title, cue, reps in made],
                    _Question(_in(language, QUESTION), _in(language, ANSWER)),
                )
                for language in served
            }  # fmt: skip
            # Text in the original column and the English one (routines/translation.py), then
            # French and Spanish where the routine has them, else empty as the admin leaves them.
            for k, step in enumerate(texts["en"][0]):
                step_rows.append(
                    (r.pk, step.order, step.title, step.title, step.cue, step.cue, step.reps, "",
                     None, "", None, None,
                     *_translated(texts, lambda steps, question, k=k: steps[k][1:3]))
                )  # fmt: skip
            question_rows.append(
                (r.pk, 1, QUESTION, QUESTION, ANSWER, ANSWER,
                 *_translated(texts, lambda steps, question: question))
            )  # fmt: skip
            for language, readers in served.items():
                steps_in, question_in = texts[language]
                weights = index_weights(r, chosen, steps_in, [question_in], language)
                entry_rows += [
                    (r.pk, key, word, weight, gentle, r.published_at, language, readers)
                    for key, (weight, word) in search.keyed(weights).items()
                ]
                vocabulary.update(weights)
        _insert(through, ["routine_id", "bodyarea_id"], area_rows)
        _insert(Step, STEP_COLUMNS, step_rows)
        _insert(Question, QUESTION_COLUMNS, question_rows)
        _insert(
            SearchEntry,
            [
                "routine_id",
                "key",
                "word",
                "weight",
                "gentle",
                "visible_from",
                "language",
                "serves",
            ],  # fmt: skip
            entry_rows,
        )
    SearchWord.objects.bulk_create(
        [SearchWord(word=w, sound=search.sound(w)) for w in sorted(vocabulary)],
        ignore_conflicts=True,
        batch_size=1000,
    )
    search.library_changed()
