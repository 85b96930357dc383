"""
Every word a reader or editor sees in our templates can be translated, whole.

French and Spanish come next: a word written straight into a template, a `|pluralize` (English
plurals only) or a phrase that runs on into a link (the translator sees half a sentence) would
each stay English or come out wrong. These read the templates' source, so they fail before any
catalog exists.
"""

import re
from pathlib import Path

import pytest
from django.template.base import Lexer, TokenType

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
PAGES = sorted(
    path for path in TEMPLATES.rglob("*") if path.suffix in {".html", ".txt"} and path.is_file()
)
# Tags whose content is translated, or never shown (admin's body classes), and their ends.
OPENING = {
    "blocktranslate": "endblocktranslate",
    "comment": "endcomment",
    "block bodyclass": "endblock",
}
# Attributes a reader sees or hears, written as plain text (a template tag inside is fine).
SHOWN_ATTRIBUTES = re.compile(r'\b(?:alt|title|placeholder|aria-label|label)="([^"\x00]*)"')
LETTER = re.compile(r"[^\W\d_]")


def untranslated_text(source: str) -> list[str]:
    """Text outside translate tags that still holds a letter once markup is taken away."""
    # The template as the reader's words see it: every template tag, variable and translated or
    # commented-out stretch becomes one placeholder, so a tag cut by them stays one tag.
    parts, closing = [], None
    for token in Lexer(source).tokenize():
        if token.token_type == TokenType.BLOCK:
            name = token.contents.split()[0] if token.contents else ""
            opening = token.contents if token.contents in OPENING else name
            if closing is None and opening in OPENING:
                closing = OPENING[opening]
            elif name == closing:
                closing = None
        if token.token_type == TokenType.TEXT and closing is None:
            parts.append(token.contents)
        else:
            parts.append("\x00")
    text = "".join(parts)
    found = [value.strip() for value in SHOWN_ATTRIBUTES.findall(text) if LETTER.search(value)]
    text = re.sub(r"<!--.*?-->|<[^>]*>|&\w+;", " ", text, flags=re.DOTALL)
    return found + [line.strip(" \x00") for line in text.splitlines() if LETTER.search(line)]


# A translated phrase that runs on, unfinished, into a link: `{% translate "Shared under" %} <a`.
RUNS_INTO_LINK = re.compile(
    r"""\{%\s*translate\s+(["'])(?:(?!\1).)*[^.:!?]\1\s*%\}\s*(?:\{%\s*if[^%]*%\}\s*)?<a\b"""
)


@pytest.mark.parametrize("path", PAGES, ids=lambda path: str(path.relative_to(TEMPLATES)))
def test_every_sentence_in_the_template_is_translatable_whole(path):
    source = path.read_text()
    assert untranslated_text(source) == []
    assert "|pluralize" not in source, "count with {% blocktranslate count %}: plurals differ"
    assert RUNS_INTO_LINK.findall(source) == [], "blocktranslate the sentence, link inside"


def test_the_checks_find_what_they_look_for():
    assert untranslated_text('<p title="Close">{% translate "Hi" %} there</p>') == [
        "Close",
        "there",
    ]
    translated = "{% blocktranslate %}Hi {{ n }}{% endblocktranslate %}"
    assert untranslated_text("{% comment %}Notes{% endcomment %}" + translated) == []
    assert RUNS_INTO_LINK.search('{% translate "Taught by" %} {% if url %}<a href="{{ url }}">')
    assert not RUNS_INTO_LINK.search('{% translate "A note:" %} <a href="{{ url }}">')
