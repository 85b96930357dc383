"""Red-flag signs and emergency regions have a version per language (as routines/translation.py)."""

from modeltranslation.translator import TranslationOptions, register

from .models import EmergencyNumber, RedFlag


@register(RedFlag)
class RedFlagTranslation(TranslationOptions):
    fields = ["sign", "advice", "keywords"]


@register(EmergencyNumber)
class EmergencyNumberTranslation(TranslationOptions):
    fields = ["region"]
