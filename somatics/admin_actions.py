"""
Bulk decisions in admin, for every queue and list that has them: publish routines, publish or
reject submissions, publish or take down readers' questions and answers.
"""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext


def explain(error: Exception) -> str:
    """A refusal in words for the editor."""
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


def decide_each(
    modeladmin,
    request,
    items,
    decide: Callable,
    done_message,
    *,
    refusals: tuple[type[Exception], ...] = (ValidationError,),
) -> None:
    """
    Decide on each item in turn with `decide` (a domain function); report each refusal (one of
    `refusals`) by the item's name, and how many were decided in `done_message`, whose singular
    or plural form the count chooses (ngettext_lazy).
    """
    done, errors = 0, []
    for item in items:
        try:
            decide(item)
        except refusals as error:
            errors.append(
                gettext("“%(item)s”: %(refusal)s") % {"item": item, "refusal": explain(error)}
            )
        else:
            done += 1
    if done:
        modeladmin.message_user(request, done_message % {"count": done}, messages.SUCCESS)
    for error in errors:
        modeladmin.message_user(request, error, messages.ERROR)
