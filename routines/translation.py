"""
Which fields of the library have a version per language (django-modeltranslation).

Each field below gets a column per language (`title_en`, `title_fr`, `title_es`) on its own row,
so reading a routine in any language costs no extra query and no join. `routine.title` reads the
active language's column, falling back to the first of `MODELTRANSLATION_FALLBACK_LANGUAGES`
that has text: a routine not yet translated is shown in the language it has, never hidden.
"""

from modeltranslation.translator import TranslationOptions, register

from .models import BodyArea, Contraindication, GlossaryTerm, Question, Routine, Step


@register(BodyArea)
class BodyAreaTranslation(TranslationOptions):
    fields = ["name", "aliases"]


@register(Routine)
class RoutineTranslation(TranslationOptions):
    fields = [
        "title",
        "summary",
        "purpose",
        "why",
        "audience",
        "equipment",
        "cautions",
        "aliases",
        "variation_note",
    ]


@register(Step)
class StepTranslation(TranslationOptions):
    fields = ["title", "cue", "pace"]


@register(Question)
class QuestionTranslation(TranslationOptions):
    fields = ["question", "answer"]


@register(Contraindication)
class ContraindicationTranslation(TranslationOptions):
    fields = ["name", "wording"]


@register(GlossaryTerm)
class GlossaryTermTranslation(TranslationOptions):
    fields = ["term", "forms", "definition"]
