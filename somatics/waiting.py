"""
What waits for an editor, counted at the top of the admin's first page, so the editor sees at a
glance what needs them. Each kind is one line in `WAITING`: the dotted path of a function that
takes the request and returns a `Waiting` (or None when this editor may not act on that kind).
Submissions and readers' questions are listed below.
"""

from dataclasses import dataclass

from django.utils.module_loading import import_string

WAITING = [
    "submissions.admin.queue.waiting_submissions",
    "questions.admin.waiting_questions",
]


@dataclass(frozen=True)
class Waiting:
    """How many of one kind wait, said in a whole sentence (ngettext), and where they are."""

    count: int
    sentence: str
    url: str


def waiting_for(request) -> list[Waiting]:
    """Every kind this editor may act on, in the order of `WAITING`, each with its count."""
    found = (import_string(path)(request) for path in WAITING)
    return [item for item in found if item is not None]
