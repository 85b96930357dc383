"""
A generated library for benchmarks: many plausible routines, built with bulk inserts.

Words are drawn from a fixed vocabulary with a seeded random generator, so every run (and
both databases) gets the same library. Used by `make bench` and the scale tests.
"""

import random

from django.db import transaction
from django.utils import timezone

from routines.models import BodyArea, Position, Question, Routine, Step
from routines.search import index_routines

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


def _sentence(rng: random.Random) -> str:
    return f"{rng.choice(MOVES).capitalize()} the {rng.choice(PARTS)} {rng.choice(WAYS)}."


@transaction.atomic
def generate(count: int, *, steps: int = 8, seed: int = 7, batch: int = 1000) -> None:
    """Add `count` published routines with `steps` steps each, indexed for search."""
    rng = random.Random(seed)
    areas = list(BodyArea.objects.all()) or [
        BodyArea.objects.create(name=f"Area {i}", slug=f"area-{i}") for i in range(6)
    ]
    start = Routine.objects.count()
    now = timezone.now()
    through = Routine.body_areas.through
    for first in range(0, count, batch):
        routines = []
        for n in range(first, min(first + batch, count)):
            title = f"{rng.choice(PARTS).capitalize()} {rng.choice(NAMES)} {start + n}"
            routines.append(
                Routine(
                    title=title,
                    slug=f"generated-{start + n}",
                    summary=f"{_sentence(rng)} {_sentence(rng)}",
                    purpose=f"{_sentence(rng)} {FILLER}",
                    audience="Anyone who sits for long hours.",
                    cautions="Stop if anything hurts.\nMove slowly.",
                    position=rng.choice(Position.values),
                    minutes=rng.randint(3, 20),
                    status=Routine.Status.PUBLISHED,
                    published_at=now - timezone.timedelta(minutes=start + n),
                )
            )
        Routine.objects.bulk_create(routines)
        routines = list(Routine.objects.filter(slug__in=[r.slug for r in routines]))
        through.objects.bulk_create(
            through(routine_id=r.pk, bodyarea_id=area.pk)
            for r in routines
            for area in rng.sample(areas, 2)
        )
        Step.objects.bulk_create(
            Step(
                routine=r,
                order=i,
                title=_sentence(rng)[:-1],
                cue=f"{_sentence(rng)} {_sentence(rng)}",
                reps=rng.choice([None, 3, 5]),
            )
            for r in routines
            for i in range(1, steps + 1)
        )
        Question.objects.bulk_create(
            Question(routine=r, order=1, question="How often?", answer="Once or twice a day.")
            for r in routines
        )
        index_routines(
            Routine.objects.filter(pk__in=[r.pk for r in routines]).prefetch_related(
                "body_areas", "steps", "questions"
            )
        )
