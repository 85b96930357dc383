"""
A generated library for benchmarks: many plausible routines, built with bulk inserts.

Words are drawn from a fixed vocabulary with a seeded random generator, so every run (and
both databases) gets the same library. Used by `make bench` and the scale tests.

A routine here is about 120 search index rows (every distinct word of its title, areas, steps
and questions), so 100,000 routines are some 12 million rows: the ORM's per-object cost would
take many minutes. The rows are therefore written in plain batches (`executemany`, or COPY on
PostgreSQL), and each routine's index entries are computed with the app's own `words` and
weights (memoised per sentence, since sentences repeat). `index_matches_app` checks them
against `routines.search.weighted_words`, so the two cannot drift apart unnoticed.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from functools import cache
from typing import NamedTuple

from django.db import connection, transaction
from django.utils import timezone

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


class _Step(NamedTuple):
    """A step as the index reads it: far cheaper to make than a model instance."""

    order: int
    title: str
    cue: str
    reps: int | None


QUESTION_ROW = Question(order=1, question=QUESTION, answer=ANSWER)


def _sentence(rng: random.Random) -> str:
    return f"{rng.choice(MOVES).capitalize()} the {rng.choice(PARTS)} {rng.choice(WAYS)}."


@cache
def _words(text: str) -> tuple[str, ...]:
    """The app's `search.words`, memoised: generated sentences repeat a great deal."""
    return tuple(search.words(text))


def index_weights(routine: Routine, areas: Sequence[BodyArea], steps: Sequence[Step | _Step],
                  questions: Sequence[Question]) -> dict[str, int]:  # fmt: skip
    """
    `search.weighted_words` for a routine whose relations are given as lists (not yet saved).

    The app joins each field's texts with spaces before splitting them into words; splitting
    each text on its own and concatenating gives the same words, which lets them be memoised.
    """
    fields = [
        (search.TITLE, [routine.title]),
        (search.NAMED, [routine.aliases, *(f"{a.name} {a.aliases}" for a in areas)]),
        (search.SUMMARY, [routine.summary]),
        (search.BODY, [routine.purpose, routine.why, routine.audience, routine.equipment,
                       routine.variation_note, routine.credit_name,
                       *(step.title for step in steps)]),
        (search.DETAIL, [routine.cautions, routine.transcript, *(step.cue for step in steps),
                         *(f"{q.question} {q.answer}" for q in questions)]),
    ]  # fmt: skip
    weights: dict[str, int] = {}
    for weight, texts in fields:
        for text in texts:
            for word in _words(text):
                if weights.get(word, 0) < weight:
                    weights[word] = weight
    return weights


def index_matches_app(routines: Iterable[Routine]) -> bool:
    """True when the stored index of these routines is exactly what the app's indexer makes."""
    for routine in routines:
        stored = list(
            SearchEntry.objects.filter(routine=routine).values("key", "weight", "visible_from")
        )
        if sorted(stored, key=str) != sorted(search.entries_for(routine), key=str):
            return False
    return True


def _insert(model, columns: Sequence[str], rows: list[tuple]) -> None:
    """Insert plain rows into the model's table: COPY on PostgreSQL, executemany elsewhere."""
    if not rows:
        return
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
    with transaction.atomic():
        _generate(count, steps=steps, seed=seed, batch=batch)


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
        routines = []
        for n in range(first, min(first + batch, count)):
            title = f"{rng.choice(PARTS).capitalize()} {rng.choice(NAMES)} {start + n}"
            routines.append(
                Routine(
                    title=title,
                    slug=f"{SLUG_PREFIX}{start + n}",
                    summary=f"{_sentence(rng)} {_sentence(rng)}",
                    purpose=f"{_sentence(rng)} {FILLER}",
                    audience=AUDIENCE,
                    cautions=CAUTIONS,
                    position=rng.choice(Position.values),
                    minutes=rng.randint(3, 20),
                    status=Routine.Status.PUBLISHED,
                    published_at=now - timezone.timedelta(minutes=start + n),
                )
            )
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
                _Step(i, _sentence(rng)[:-1], f"{_sentence(rng)} {_sentence(rng)}",
                      rng.choice([None, 3, 5]))
                for i in range(1, steps + 1)
            ]  # fmt: skip
            step_rows += [
                (r.pk, s.order, s.title, s.title, s.cue, s.cue, s.reps, "", None, "", None, None)
                for s in made
            ]
            question_rows.append(
                (r.pk, QUESTION_ROW.order, QUESTION_ROW.question, QUESTION_ROW.question, ANSWER,
                 ANSWER)
            )  # fmt: skip
            weights = index_weights(r, chosen, made, [QUESTION_ROW])
            entry_rows += [
                (r.pk, key, weight, r.published_at) for key, weight in search.keyed(weights).items()
            ]
            vocabulary.update(weights)
        _insert(through, ["routine_id", "bodyarea_id"], area_rows)
        # Text goes in both the original column and the English one (routines/translation.py).
        _insert(
            Step,
            [
                "routine_id",
                "order",
                "title",
                "title_en",
                "cue",
                "cue_en",
                "reps",
                "side",
                "hold_seconds",
                "pace",
                "rest_seconds",
                "start_seconds",
            ],
            step_rows,
        )
        _insert(Question, ["routine_id", "order", "question", "question_en", "answer",
                           "answer_en"], question_rows)  # fmt: skip
        _insert(SearchEntry, ["routine_id", "key", "weight", "visible_from"], entry_rows)
    SearchWord.objects.bulk_create(
        [SearchWord(word=w, sound=search.sound(w)) for w in sorted(vocabulary)],
        ignore_conflicts=True,
        batch_size=1000,
    )
    search.library_changed()
