"""
Library search: a small word index of our own, so SQLite and PostgreSQL give the same answers.

Readers type what they say, not what we wrote ("soas", "hip-flexors", "lower back"), so each
word is folded to plain lowercase ASCII, lightly stemmed ("flexors" -> "flexor") and given a
sound-alike key ("psoaz" and "soas" both sound like "psoas"). A query word matches an indexed
word exactly, as its prefix, by sound, or (failing those) within one or two typos. Every query
word must match; a routine's score adds up how well and where its words matched, so a title
match ranks above a match deep in a step.

The index is rebuilt explicitly (`index_routine`) by whoever changes a routine: the loader, the
admin and publishing. Nothing happens behind anyone's back in save() or signals.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Case, F, IntegerField, Max, Q, QuerySet, Sum, Value, When

from .caching import hashed, library_changed, remembered
from .models import Routine, SearchEntry, SearchWord

# Where a word appears decides its weight.
TITLE, NAMED, SUMMARY, BODY, DETAIL = 10, 6, 4, 2, 1
# How well a query word matched an indexed word.
EXACT, PREFIX, SOUND, FUZZY = 4, 3, 2, 1

MAX_WORD = 64
MAX_QUERY_WORDS = 8
STOPWORDS = frozenset(
    """a an and are as at be by do does for from how i if in into is it its me my of on or
    so that the their them then this to too up was what when with you your""".split()
)
_NON_WORD = re.compile(r"[^a-z0-9]+")
_VOWELS = "aeiouy"


def words(text: str) -> list[str]:
    """Split text into normalised search words: folded, lowercased, stemmed, no stopwords."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    folded = folded.replace("'s ", " ").replace("'", "")
    return [stem(w)[:MAX_WORD] for w in _NON_WORD.split(folded) if w and w not in STOPWORDS]


def stem(word: str) -> str:
    """A deliberately light English stemmer: plurals and -ing, nothing clever."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is", "as", "os")):
        return word[:-1]
    if len(word) > 6 and word.endswith("ing"):
        return word[:-3]
    return word


def sound(word: str) -> str:
    """A sound-alike key: silent first letters, soft consonants, doubled letters, vowel runs."""
    w = word
    for silent in ("ps", "pn", "kn", "gn", "wr"):
        if w.startswith(silent):
            w = w[1:]
            break
    for a, b in (("ph", "f"), ("ck", "k"), ("q", "k"), ("z", "s"), ("x", "ks")):
        w = w.replace(a, b)
    w = re.sub(r"c(?=[eiy])", "s", w).replace("c", "k")
    key = []
    for ch in w:
        if key and (ch == key[-1] or (ch in _VOWELS and key[-1] in _VOWELS)):
            continue  # a doubled letter, or a vowel run: keep its first letter only
        key.append(ch)
    return "".join(key)


def within_typos(a: str, b: str, limit: int) -> bool:
    """True when a and b differ by at most `limit` edits (Levenshtein, with early exit)."""
    if abs(len(a) - len(b)) > limit:
        return False
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return False
        previous = current
    return previous[-1] <= limit


# Indexing ---------------------------------------------------------------------------------


def weighted_words(routine: Routine) -> dict[str, int]:
    """Every word of a routine with the weight of the most prominent place it appears."""
    areas = list(routine.body_areas.all())
    fields = [
        (TITLE, [routine.title]),
        (NAMED, [routine.aliases, *(f"{a.name} {a.aliases}" for a in areas)]),
        (SUMMARY, [routine.summary]),
        (BODY, [routine.purpose, routine.why, routine.audience, routine.equipment,
                routine.variation_note, routine.credit_name,
                *(step.title for step in routine.steps.all())]),
        (DETAIL, [routine.cautions, routine.transcript, *(step.cue for step in routine.steps.all()),
                  *(f"{q.question} {q.answer}" for q in routine.questions.all())]),
    ]  # fmt: skip
    weights: dict[str, int] = {}
    for weight, texts in fields:
        for word in words(" ".join(texts)):
            weights[word] = max(weights.get(word, 0), weight)
    return weights


@transaction.atomic
def index_routines(routines: Iterable[Routine]) -> None:
    """(Re)build the index entries of these routines."""
    routines = list(routines)
    entries, vocabulary = [], set()
    for routine in routines:
        for word, weight in weighted_words(routine).items():
            entries.append(SearchEntry(routine=routine, word=word, weight=weight))
            vocabulary.add(word)
    SearchEntry.objects.filter(routine__in=[r.pk for r in routines]).delete()
    SearchWord.objects.bulk_create(
        [SearchWord(word=w, sound=sound(w)) for w in sorted(vocabulary)],
        ignore_conflicts=True,
        batch_size=1000,
    )
    SearchEntry.objects.bulk_create(entries, batch_size=1000)
    library_changed()


def index_routine(routine: Routine) -> None:
    index_routines([routine])


def rebuild_index() -> int:
    """Index every routine from scratch; returns how many were indexed."""
    SearchEntry.objects.all().delete()
    routines = Routine.objects.prefetch_related("body_areas", "steps", "questions")
    count = 0
    batch: list[Routine] = []
    for routine in routines.iterator(chunk_size=500):
        batch.append(routine)
        if len(batch) == 500:
            index_routines(batch)
            count, batch = count + len(batch), []
    index_routines(batch)
    return count + len(batch)


# Querying ---------------------------------------------------------------------------------


@dataclass
class SearchResults:
    """Matching routine ids, best first; `partial` when no routine matched every word."""

    ids: list[int]
    terms: list[str]
    partial: bool = False


def _next_prefix(prefix: str) -> str:
    """The smallest string greater than every string starting with prefix (ASCII words only)."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def expand(terms: list[str]) -> list[dict[str, int]]:
    """For each query word, the indexed words it matches and how well, in one or two queries."""
    condition = Q()
    for term in terms:
        condition |= Q(word=term) | Q(sound=sound(term))
        if len(term) >= 3:
            condition |= Q(word__gte=term, word__lt=_next_prefix(term))
    vocabulary = list(SearchWord.objects.filter(condition).values_list("word", "sound"))
    matches = []
    for term in terms:
        key = sound(term)
        found: dict[str, int] = {}
        for word, word_sound in vocabulary:
            if word == term:
                found[word] = EXACT
            elif len(term) >= 3 and word.startswith(term):
                found[word] = PREFIX
            elif word_sound == key:
                found[word] = SOUND
        matches.append(found)
    missing = [i for i, found in enumerate(matches) if not found and len(terms[i]) >= 4]
    if missing:
        # Last resort for typos: words with the same first letter within one or two edits.
        initials = {terms[i][0] for i in missing}
        same_initial = Q()
        for ch in initials:
            same_initial |= Q(word__gte=ch, word__lt=_next_prefix(ch))
        candidates = list(SearchWord.objects.filter(same_initial).values_list("word", flat=True))
        for i in missing:
            term = terms[i]
            limit = 1 if len(term) < 7 else 2
            matches[i] = {w: FUZZY for w in candidates if within_typos(term, w, limit)}
    return matches


def search(query: str, routines: QuerySet[Routine]) -> SearchResults:
    """
    Rank `routines` against the reader's query. Every word must match, unless no routine has
    them all, in which case routines matching the most words come first (and `partial` says so).

    One aggregate query returns each matching routine's score and how many query words it
    matched; the ranking is done here, so counting and paging need no second pass.
    """
    terms = list(dict.fromkeys(words(query)))[:MAX_QUERY_WORDS]
    matches = expand(terms) if terms else []
    quality: dict[str, int] = {}
    for found in matches:
        for word, q in found.items():
            quality[word] = max(quality.get(word, 0), q)
    if not quality:
        return SearchResults(ids=[], terms=terms)

    by_quality = [
        When(word__in=[w for w, q in quality.items() if q == level], then=Value(level))
        for level in (EXACT, PREFIX, SOUND, FUZZY)
        if level in quality.values()
    ]
    hits = sum(
        (
            Max(Case(When(word__in=list(found), then=Value(1)), default=Value(0)))
            for found in matches
        ),
        Value(0),
    )
    rows = (
        SearchEntry.objects.filter(word__in=list(quality), routine__in=routines.values("pk"))
        .values("routine")
        .annotate(
            score=Sum(
                Case(*by_quality, default=Value(0), output_field=IntegerField()) * F("weight")
            ),
            hits=hits,
        )
        .values_list("routine", "score", "hits")
    )
    ranked = sorted(rows, key=lambda row: (-row[2], -row[1], -row[0]))
    every_word = [row for row in ranked if row[2] == len(terms)]
    if every_word or len(terms) == 1:
        return SearchResults(ids=[row[0] for row in every_word], terms=terms)
    return SearchResults(ids=[row[0] for row in ranked], terms=terms, partial=True)


# Caching ------------------------------------------------------------------------------------


def cached_search(query: str, filters: dict[str, str], routines: QuerySet[Routine]):
    """`search`, remembered per query and filters until the library changes."""
    terms = " ".join(dict.fromkeys(words(query)))
    key = hashed("routines:search", terms, *(f"{k}={v}" for k, v in sorted(filters.items())))
    return remembered(key, lambda: search(query, routines))
