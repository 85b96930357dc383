"""
The glossary's words on a routine page: the first use of each term in the routine's text links
to its entry on the glossary page (`/glossary/#psoas`, `/fr/glossary/#psoas`...).

Text is escaped first, then linked: the terms are matched in the escaped text (the terms
escaped the same way), only between tags, never inside a tag or an existing link, so nothing a
routine says can become markup. One `GlossaryLinks` serves one rendering of one page, in the
order the template shows the text, so "first" means first on the page. The terms are read in
one query, whatever their number, when the page is rendered; the rendered page is cached until
the library changes, and an edit of the glossary in admin changes it.
"""

import re
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import SafeString, mark_safe

from .models import GlossaryTerm

TAG = re.compile(r"(<[^>]*>)")


def spellings_by_term(language: str) -> list[tuple[str, list[str]]]:
    """(slug, spellings) of every term as written in `language`, in one query."""
    rows = GlossaryTerm.objects.values_list("slug", f"term_{language}", f"forms_{language}")
    terms = []
    for slug, term, forms in rows:
        words = {w.strip() for w in [term or "", *(forms or "").split(",")] if w.strip()}
        if words:
            terms.append((slug, sorted(words, key=len, reverse=True)))
    return terms


def _pattern(terms: list[tuple[str, list[str]]]) -> re.Pattern | None:
    """One expression for every spelling, longest first; each match names its term's slug."""
    alternatives = sorted(
        ((escape(word), slug) for slug, words in terms for word in words),
        key=lambda pair: len(pair[0]),
        reverse=True,
    )
    if not alternatives:
        return None
    # Not after a letter, a hyphen or the start of an entity (&amp; &#x27;), not before a letter
    # or a hyphen: "contraction" is not linked inside "co-contraction".
    words = "|".join(re.escape(word) for word, _slug in alternatives)
    return re.compile(rf"(?<![\w&#-])(?:{words})(?![\w-])", re.IGNORECASE)


@dataclass
class GlossaryLinks:
    """Links the first use of each term, across every text of one page passed through `link`."""

    language: str
    terms: list[tuple[str, list[str]]]
    url: str = ""
    linked: set[str] = field(default_factory=set)

    @classmethod
    def for_page(cls, language: str) -> "GlossaryLinks":
        """For text written in `language`, linking to the glossary in the page's language."""
        return cls(language=language, terms=spellings_by_term(language), url=reverse("glossary"))

    def __post_init__(self):
        self._pattern = _pattern(self.terms)
        self._slug_of = {
            escape(word).casefold(): slug for slug, words in self.terms for word in words
        }

    def link(self, text) -> SafeString:
        """`text` escaped (unless already safe HTML), with the first use of each term linked."""
        html = str(conditional_escape(text))
        if self._pattern is None:
            return mark_safe(html)  # noqa: S308 (escaped above)
        parts, in_link = [], False
        for part in TAG.split(html):
            if TAG.fullmatch(part):
                lowered = part.lower()
                if lowered.startswith("<a ") or lowered == "<a>":
                    in_link = True
                elif lowered.startswith("</a"):
                    in_link = False
                parts.append(part)
            elif in_link:
                parts.append(part)
            else:
                parts.append(self._pattern.sub(self._replace, part))
        return mark_safe("".join(parts))  # noqa: S308 (escaped text and our own links)

    def _replace(self, match: re.Match) -> str:
        slug = self._slug_of.get(match.group(0).casefold())
        if slug is None or slug in self.linked:
            return match.group(0)
        self.linked.add(slug)
        # The matched text is already escaped: format_html must not escape it twice.
        return format_html(
            '<a class="glossary-link" href="{}#{}">{}</a>',
            self.url,
            slug,
            mark_safe(match.group(0)),  # noqa: S308
        )
