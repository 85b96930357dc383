"""Filters and tags of the routine pages: video times, and practice mode's words."""

from django import template
from django.utils.html import json_script

from ..practice import strings_for

register = template.Library()


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
