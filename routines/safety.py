"""
Which movements call for which contraindications: the one rule, used by the starter library's
test, the admin's "what is missing" and publishing (`routines.publishing`).

A step names what the body does in it (`Step.movements`, from `Movement`); a movement that is
unsafe with some condition (drawing the knee to the chest after a hip replacement, lying flat
on the back in late pregnancy) requires the routine to carry that condition's contraindication,
so that "Before you start" warns about it. The conditions themselves, with their wording in
every language, are data (`Contraindication`, loaded from `library/reference/`).
"""

from collections.abc import Iterable

from django.db import models
from django.utils.translation import gettext_lazy as _


class Movement(models.TextChoices):
    """What the body does in a step, as far as safety is concerned."""

    LYING_ON_BACK = "lying-on-back", _("Lying flat on the back")
    KNEE_TO_CHEST = "knee-to-chest", _("Knee drawn towards the chest")
    HIP_TURNED_OUT = "hip-turned-out", _("Leg turned out at the hip")
    KNEES_TO_SIDE = "knees-to-side", _("Bent knees lowered to one side")
    LEG_LIFTED_SIDEWAYS = "leg-lifted-sideways", _("Top leg lifted while lying on the side")
    CURL_UP = "curl-up", _("Head and shoulders curled up off the floor")


# Slugs of `Contraindication` rows (library/reference/contraindications.yaml).
HIP_REPLACEMENT = "hip-replacement"
LATE_PREGNANCY = "late-pregnancy"
RECENT_SURGERY = "recent-surgery"
OSTEOPOROSIS = "osteoporosis"

# Why each: deep hip bending, turning the leg out, and bringing the knees across or to the side
# are the classic positions to avoid after a hip replacement until the surgeon says otherwise;
# lying flat on the back late in pregnancy can press on the large vein and make one faint;
# drawing the knee in presses on the belly and groin where a recent operation heals; curling
# the spine forward against gravity loads the vertebrae that osteoporosis weakens.
CONTRAINDICATIONS_FOR: dict[str, frozenset[str]] = {
    Movement.LYING_ON_BACK: frozenset({LATE_PREGNANCY}),
    Movement.KNEE_TO_CHEST: frozenset({HIP_REPLACEMENT, RECENT_SURGERY}),
    Movement.HIP_TURNED_OUT: frozenset({HIP_REPLACEMENT}),
    Movement.KNEES_TO_SIDE: frozenset({HIP_REPLACEMENT}),
    Movement.LEG_LIFTED_SIDEWAYS: frozenset({HIP_REPLACEMENT}),
    Movement.CURL_UP: frozenset({OSTEOPOROSIS, RECENT_SURGERY}),
}


def required_contraindications(movements: Iterable[str]) -> set[str]:
    """The contraindication slugs that these movements (of any number of steps) call for."""
    required: set[str] = set()
    for movement in movements:
        required |= CONTRAINDICATIONS_FOR.get(movement, frozenset())
    return required


def missing_contraindications(
    *, movements: Iterable[str], contraindications: Iterable[str]
) -> list[str]:
    """The slugs the movements call for that the routine does not carry, sorted."""
    return sorted(required_contraindications(movements) - set(contraindications))


def unknown_movements(movements: Iterable[str]) -> list[str]:
    """Movements no rule knows (a typo in the YAML would otherwise silently require nothing)."""
    return sorted(set(movements) - set(Movement.values))
