"""
What every published routine has: the one rule, asked by the editor's "publish" in admin and by
`submissions.moderation.approve`, before anything is saved.

A routine page without a "Before you start" box, or with an empty "Steps" heading, is not a
routine readers can follow safely: publishing needs at least one caution, and steps unless the
editor has marked it video-only (and then it needs its video), and every contraindication its
steps' movements call for (`routines.safety`).
"""

from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import Contraindication, Routine, Step
from .safety import missing_contraindications


def publication_problems(
    routine: Routine, *, steps: Sequence[Step], contraindications: Iterable[str] = ()
) -> list[str]:
    """
    Why `routine` (saved or only built in memory, with these steps and contraindication slugs)
    cannot be published yet, one whole sentence each, in the active language; [] when it can.
    """
    problems = []
    if not routine.caution_list():
        problems.append(
            _("It needs at least one caution for “Before you start” (one caution per line).")
        )
    if routine.video_only:
        if not (routine.video or routine.video_url):
            problems.append(_("It is marked video-only, but it has no video."))
    elif not steps:
        problems.append(
            _("It needs at least one step, unless it is marked video-only (the video shows them).")
        )
    movements = [movement for step in steps for movement in step.movements or []]
    missing = missing_contraindications(movements=movements, contraindications=contraindications)
    if missing:
        # Their names where the editor has them; the slug of one not (or no longer) defined.
        names = dict(Contraindication.objects.filter(slug__in=missing).values_list("slug", "name"))
        problems.append(
            _("Its steps' movements call for these contraindications: %(names)s.")
            % {"names": ", ".join(names.get(slug, slug) for slug in missing)}
        )
    return problems


def problems_of(routine: Routine) -> list[str]:
    """`publication_problems` of a saved routine, read from the database."""
    return publication_problems(
        routine,
        steps=list(routine.steps.all()),
        contraindications=routine.contraindications.values_list("slug", flat=True),
    )


def require_publishable(
    routine: Routine, *, steps: Sequence[Step], contraindications: Iterable[str] = ()
) -> None:
    """Refuse, with every reason in one message, a routine that is not complete."""
    problems = publication_problems(routine, steps=steps, contraindications=contraindications)
    if problems:
        raise ValidationError(
            _("This routine cannot be published yet. %(problems)s")
            % {"problems": " ".join(problems)}
        )


@transaction.atomic
def publish(routine: Routine) -> None:
    """Publish a saved routine (the editor's admin action) once it is complete."""
    locked = Routine.objects.select_for_update().get(pk=routine.pk)
    if locked.status != Routine.Status.PUBLISHED:
        require_publishable(
            locked,
            steps=list(locked.steps.all()),
            contraindications=locked.contraindications.values_list("slug", flat=True),
        )
    locked.publish()
