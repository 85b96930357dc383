"""
Filters and tags of the routine pages: video times, practice mode's words, the printed
handout's address, and the language a routine is shown in when it is not yet translated into
the reader's.
"""

from django import template
from django.utils.html import format_html, json_script
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ..handout import public_address, qr_svg
from ..practice import strings_for

register = template.Library()

# Whole sentences, one per language a routine may be shown in, so that each translates naturally
# ("Elle est affichée en anglais."): never a language name glued into a sentence.
NOT_TRANSLATED = {
    "en": _("This routine is not yet translated into your language. It is shown in English."),
    "fr": _("This routine is not yet translated into your language. It is shown in French."),
    "es": _("This routine is not yet translated into your language. It is shown in Spanish."),
}
NOT_TRANSLATED_OTHER = _("This routine is not yet translated into your language.")
SHOWN_IN = {"en": _("In English"), "fr": _("In French"), "es": _("In Spanish")}


def _other_language(routine) -> str:
    """The language `routine` is shown in when that is not the page's, else ""."""
    shown = routine.shown_language()
    return "" if shown == get_language() else shown


@register.filter
def lang_attr(routine) -> str:
    """
    ` lang="en"` for the elements holding a routine's own text when it is shown in another
    language than the page's (screen readers, the voice guide and hyphenation follow it); else
    nothing, since `<html lang>` already says it.
    """
    shown = _other_language(routine)
    return format_html(' lang="{}"', shown) if shown else ""


@register.filter
def not_translated_notice(routine) -> str:
    """The notice for a routine not yet translated into the page's language, else ""."""
    shown = _other_language(routine)
    return NOT_TRANSLATED.get(shown, NOT_TRANSLATED_OTHER) if shown else ""


@register.filter
def shown_in(routine) -> str:
    """The card's marker ("In English") for a routine not yet in the page's language, else ""."""
    shown = _other_language(routine)
    return SHOWN_IN.get(shown, shown) if shown else ""


@register.simple_tag
def practice_strings(steps) -> str:
    """Practice mode's words for these steps, translated: the JSON static/js/practice.js reads."""
    return json_script(strings_for(steps), "practice-strings")


@register.filter
def timecode(seconds) -> str:
    """2:55 for 175 seconds; 1:02:03 past an hour. Readers quote video times this way."""
    seconds = int(seconds or 0)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


@register.filter
def vtt_time(seconds) -> str:
    """WebVTT's hh:mm:ss.ttt."""
    seconds = float(seconds or 0)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{int(hours):02d}:{int(minutes):02d}:{secs:06.3f}"


@register.inclusion_tag("routines/includes/handout_address.html")
def handout_address(routine) -> dict:
    """The printed handout's masthead: the library, the routine's public address and its QR code."""
    address = public_address(routine.get_absolute_url())
    return {"address": address, "qr": qr_svg(address)}
