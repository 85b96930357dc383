"""`{% reader_questions routine %}`: readers' questions under a routine, with the form to ask."""

from django import template
from django.conf import settings
from django.core.paginator import Paginator

from ..models import ReaderQuestion

register = template.Library()


@register.inclusion_tag("questions/includes/section.html", takes_context=True)
def reader_questions(context, routine):
    """
    A page of published questions (answered first), each with its answers: three queries,
    however many there are. Part of the routine's cached page, which an approval or an answer
    refreshes (routines.caching.routine_changed).
    """
    request = context.get("request")
    questions = ReaderQuestion.objects.filter(routine=routine).for_page()
    number = request.GET.get("questions") if request is not None else None
    page = Paginator(questions, settings.QUESTIONS_PER_PAGE).get_page(number)
    return {"routine": routine, "page": page, "request": request}
