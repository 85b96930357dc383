"""
Library search: a small word index of our own, so SQLite and PostgreSQL give the same answers.

Readers type what they say, not what we wrote ("soas", "hip-flexors", "lower back"), so each
word is lowercased, stripped of its language's stopwords, stemmed by that language's Snowball
stemmer ("flexors" -> "flexor", "fléchisseurs" -> "fléchisseur"), folded to plain ASCII and
reduced to a sound-alike key ("psoas", "psoaz" and "soas" all become "sos"). The index holds
one entry per key and routine, weighted by the places its heaviest word appears (the most
prominent, then how gentle the routine is, then in how many places), so a misspelling costs a
search nothing more than the right spelling; the entry keeps that word too, so that the very
word a reader types ranks above a sound-alike ("weak" above "week"). A query word matches the
routines with its own key, then those with words it begins ("sho" finds shoulders), and
failing both those within one or two typos. Every query word must match; a routine's score
adds up, for each query word, its best match, so a title match ranks above a match deep in a
step.

Readers ask questions ("my back hurts when I sit", "can I do this in bed?"), so a question is
read as they mean it. Its question words are stopwords. Its pain words ("hurts", "mal",
"duele": search_stopwords/<code>-pain.txt) say how the reader is, not what the routine is:
they need not match, and put the gentlest routines first (a beginner's before an intermediate
variation). A word found in most of the routines the question reaches ("back", "sit") fits
only where it is prominent, and a rarer word counts for more in the score, so that a common
word narrows the result instead of letting in the whole library. A long question needs all
but a third of its words. A routine's cautions say when not to do it: a word found there
alone weighs least.

A routine has a set of entries per language it is written in, each listing the readers shown
that text (`SearchEntry.serves`): an English routine's entries serve English, French and Spanish
readers until it is translated into French; then its French entries serve French readers. A
query is split in its reader's language and reads only the entries serving that language:
exactly one text of each routine, the one the reader is shown, so that a routine not yet in the
reader's language is still found, through the text they will read.

Query words are first matched to keys in the vocabulary (`SearchWord`). Ranking, counting and
paging then read the entries alone, in an aggregate query over one covering index that also
knows when each routine became visible and to whom, and return only the page asked for.

The index is rebuilt explicitly (`index_routine`, every language at once) by whoever changes a
routine's words or translations: the loader, the admin and the approval of a submission.
Publishing or withdrawing a routine only moves its entries' `visible_from` (`Routine.publish`,
`unpublish`), in the model that owns both tables, so the models never import this module.
Nothing happens in save() or signals.
"""

from __future__ import annotations

import math
import re
import threading
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import groupby
from operator import itemgetter
from pathlib import Path

import snowballstemmer
from django.conf import settings
from django.db import transaction
from django.db.models import Case, Count, F, Max, Q, QuerySet, Value, When, Window
from django.utils import timezone, translation
from django.utils.translation import get_language

from .caching import hashed, library_changed, remembered
from .models import Level, Routine, SearchEntry, SearchWord

# Where a word appears decides its weight (`weight_of`): the most prominent place, then how many.
# A routine's cautions say when not to do it: a word found there alone fits least of all.
TITLE, NAMED, SUMMARY, BODY, DETAIL, CAUTION = 10, 6, 4, 2, 1, 0
SPREAD = 5  # places a word can be in, besides the cautions
# How well a query word matched an index entry: the very word, its sound, a longer word, a typo.
EXACT, SOUND, PREFIX, FUZZY = 5, 4, 3, 1
# A word found in most of the routines a question reaches ("back", "sit") fits only where it
# is this prominent (a title, a name, a summary); rarer words fit wherever they are.
PROMINENT = SUMMARY * 2 * SPREAD
COMMON = 0.5  # "most": in more than this share of the routines any of the question's words reach

MAX_WORD = 64
MAX_QUERY_WORDS = 8  # that a question is about, besides its pain words
RARE = 1000  # a query word in fewer routines than this narrows a search to those routines
STEMMERS = {"en": "english", "fr": "french", "es": "spanish"}  # Snowball's name for each language
_STOPWORDS_DIR = Path(__file__).resolve().parent / "search_stopwords"
# Words no stemmer may cut, as Snowball itself keeps "news" or "atlas" whole: the muscle readers
# name most, as they spell it. (Porter2 makes "psoas" "psoa" and "soas" "soa", whose sound-alike
# key is no longer that of "psoaz", so one word would take two keys and miss misspellings.)
UNSTEMMED = frozenset({"psoas", "iliopsoas", "soas"})
_WORD = re.compile(r"[^\W_]+")
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss"})  # no accent to drop: spelt out
_VOWELS = "aeiouy"
_stemmers = threading.local()  # a Snowball stemmer keeps its word in itself: one per thread


def search_language(language: str | None = None) -> str:
    """The base code of `language` (the active one by default) if we search in it, else ours."""
    code = (language or get_language() or settings.LANGUAGE_CODE).split("-")[0].lower()
    return code if code in STEMMERS else settings.LANGUAGE_CODE


@cache
def stopwords(language: str) -> frozenset[str]:
    """A language's stopwords (search_stopwords/<code>.txt), as written and without accents."""
    listed = (_STOPWORDS_DIR / f"{language}.txt").read_text(encoding="utf-8").split()
    return frozenset(listed) | {fold(word) for word in listed}


@cache
def pain_words(language: str) -> frozenset[str]:
    """
    The search words (stemmed and folded) of the words a reader in pain uses in `language`
    (search_stopwords/<code>-pain.txt): "my back hurts", "mal au dos", "me duele la espalda".

    They say how the reader is, not what the routine is: in a question they never need to
    match (every routine's cautions say "if anything hurts, stop"), and they put the gentlest
    routines first.
    """
    listed = (_STOPWORDS_DIR / f"{language}-pain.txt").read_text(encoding="utf-8").split()
    return frozenset(fold(stem(word, language)) for word in listed)


@lru_cache(maxsize=20_000)
def stem(word: str, language: str) -> str:
    """
    `word` as `language`'s Snowball stemmer cuts it (unless it is one of `UNSTEMMED`),
    remembered: the same few thousand words come back all the time, and stemming is slow.
    """
    if word in UNSTEMMED:
        return word
    if not hasattr(_stemmers, language):
        setattr(_stemmers, language, snowballstemmer.stemmer(STEMMERS[language]))
    return getattr(_stemmers, language).stemWord(word)


def fold(word: str) -> str:
    """Plain ASCII: accents dropped ("épaule" -> "epaule"), ligatures spelt out."""
    decomposed = unicodedata.normalize("NFKD", word.translate(_LIGATURES))
    return decomposed.encode("ascii", "ignore").decode()


def words(text: str, language: str | None = None) -> list[str]:
    """
    Split text into search words in `language` (the active one by default): lowercased, no
    stopwords, stemmed by the language's Snowball stemmer, then folded to plain ASCII, so that
    "fléchisseurs" and "flechisseurs" become the same word.
    """
    language = search_language(language)
    stops = stopwords(language)
    found = []
    for word in _WORD.findall(text.lower()):
        if word not in stops:
            folded = fold(stem(word, language))[:MAX_WORD]
            if folded:
                found.append(folded)
    return found


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


def weighted_words(routine: Routine, language: str | None = None) -> dict[str, int]:
    """
    Every word of a routine as a reader of its text in `language` (its original language by
    default) sees it, weighted by the places it appears (`weight_of`). A field not yet
    translated reads as the routine shows it (routines/translation.py). The credit is a name,
    shown in every language; the transcript is spoken in the original language only.
    """
    language = search_language(language or routine.original_language)
    spoken = [routine.transcript] if language == routine.original_language else []
    with translation.override(language):
        areas, steps = list(routine.body_areas.all()), list(routine.steps.all())
        fields = [
            (TITLE, [routine.title]),
            (NAMED, [routine.aliases, *(a.name for a in areas)]),
            (SUMMARY, [routine.summary]),
            (BODY, [routine.purpose, routine.why, routine.audience, routine.equipment,
                    routine.variation_note, routine.credit_name, *(step.title for step in steps),
                    *(a.aliases for a in areas)]),
            (DETAIL, [*spoken, *(step.cue for step in steps),
                      *(f"{q.question} {q.answer}" for q in routine.questions.all())]),
            (CAUTION, [routine.cautions]),
        ]  # fmt: skip
    places: dict[str, list[int]] = {}
    for weight, texts in fields:
        for word in set(words(" ".join(texts), language)):
            places.setdefault(word, []).append(weight)
    gentle = gentleness(routine)
    return {word: weight_of(found, gentle) for word, found in places.items()}


def weight_of(places: list[int], gentle: int) -> int:
    """
    The weight of a word found in these places (their weights, each once) of a routine this
    gentle: its most prominent place first, then the gentler routine, then how many places it
    is in (`SPREAD` at most, the cautions not counted). So a title outweighs every other place
    (a body area's name is one of the routine's names, its aliases are body text); of two with
    "psoas" in their title the beginner's comes first; and a routine that says "sitting" in
    its names and its summary is more about sitting than one that says it in its names alone.
    """
    spread = sum(place > CAUTION for place in places)
    return (max(places) * 2 + gentle) * SPREAD + max(spread - 1, 0)


def keyed(weights: dict[str, int]) -> dict[str, tuple[int, str]]:
    """
    Words and their weights as sound-alike keys, each at the weight of its heaviest word, with
    that word (the first in alphabetical order of the heaviest), so that the very word a reader
    types can rank above a sound-alike.
    """
    keys: dict[str, tuple[int, str]] = {}
    for word, weight in sorted(weights.items()):
        key = sound(word)
        if key not in keys or weight > keys[key][0]:
            keys[key] = (weight, word)
    return keys


def gentleness(routine: Routine) -> int:
    """
    How gentle a routine is, for ranking: 1 for a beginner's routine, 0 for one that asks more
    (an intermediate variation is "not a starting point for a sore back"). At most 1: it
    ranks routines within a place (`weight_of`), never above a more prominent one.
    """
    return 1 if routine.level == Level.BEGINNER else 0


def readers_served(routine: Routine) -> dict[str, str]:
    """
    For each language a routine has text in, the readers who are shown that text, as
    `SearchEntry.serves` holds them: {"en": " en es ", "fr": " fr "} for an English routine
    translated into French only.
    """
    readers: dict[str, list[str]] = {}
    for code, _name in settings.LANGUAGES:
        readers.setdefault(search_language(routine.shown_language(code)), []).append(code)
    return {language: f" {' '.join(codes)} " for language, codes in readers.items()}


def _entries_and_words(routine: Routine) -> tuple[list[dict], set[str]]:
    """The fields of a routine's index entries, a set per language it has text in; its words."""
    entries, vocabulary = [], set()
    gentle = gentleness(routine)
    for language, serves in readers_served(routine).items():
        weights = weighted_words(routine, language)
        vocabulary.update(weights)
        entries += [
            {"key": key, "word": word, "weight": weight, "gentle": gentle,
             "visible_from": routine.visible_from, "language": language, "serves": serves}
            for key, (weight, word) in keyed(weights).items()
        ]  # fmt: skip
    return entries, vocabulary


def entries_for(routine: Routine) -> list[dict]:
    """The fields of a routine's index entries."""
    return _entries_and_words(routine)[0]


@transaction.atomic
def index_routines(routines: Iterable[Routine]) -> None:
    """(Re)build the index entries of these routines, in every language, and learn their words."""
    routines = list(routines)
    entries, vocabulary = [], set()
    for routine in routines:
        fields, found = _entries_and_words(routine)
        entries += [SearchEntry(routine=routine, **f) for f in fields]
        vocabulary |= found
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
    """
    One page of matching routine ids, best first, out of `total`; `partial` when no routine
    matched every word; `gentle_first` when the reader said it hurts. As a sequence it is the
    whole ranking, as far as a Paginator looks: its length is `total` and its slice for `page`
    is `ids`.
    """

    ids: list[int]
    terms: list[str]
    total: int = 0
    page: int = 1
    per_page: int = 20
    partial: bool = False
    gentle_first: bool = False

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, window: slice) -> list[int]:
        assert window.start == (self.page - 1) * self.per_page, "only the page searched for"
        return self.ids


def _next_prefix(prefix: str) -> str:
    """The smallest string greater than every string starting with prefix (ASCII words only)."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def expand(terms: list[str]) -> list[dict[str, int]]:
    """For each query word, the index keys it matches and how well, in one or two queries."""
    return _expand(terms)[0]


def _expand(terms: list[str]) -> tuple[list[dict[str, int]], list[int]]:
    """
    For each query word, the index keys it matches and how well, and how many words of the
    vocabulary share its own key (more than one: the very word can rank above a sound-alike).
    """
    condition = Q()
    for term in terms:
        condition |= Q(sound=sound(term))
        if len(term) >= 3:
            condition |= Q(word__gte=term, word__lt=_next_prefix(term))
    vocabulary = list(SearchWord.objects.filter(condition).values_list("word", "sound"))
    matches, spellings = [], []
    for term in terms:
        key = sound(term)
        found: dict[str, int] = {}
        for word, word_sound in vocabulary:
            if word_sound == key:
                found[key] = SOUND
            elif len(term) >= 3 and word.startswith(term):
                found.setdefault(word_sound, PREFIX)
        matches.append(found)
        spellings.append(sum(word_sound == key for _word, word_sound in vocabulary))
    missing = [i for i, found in enumerate(matches) if not found and len(terms[i]) >= 4]
    if missing:
        # Last resort for typos: words with the same first letter within one or two edits.
        initials = {terms[i][0] for i in missing}
        same_initial = Q()
        for ch in initials:
            same_initial |= Q(word__gte=ch, word__lt=_next_prefix(ch))
        candidates = list(SearchWord.objects.filter(same_initial).values_list("word", "sound"))
        for i in missing:
            term = terms[i]
            limit = 1 if len(term) < 7 else 2
            matches[i] = {key: FUZZY for w, key in candidates if within_typos(term, w, limit)}
    return matches, spellings


def search(
    query: str,
    routines: QuerySet[Routine] | None = None,
    *,
    page: int = 1,
    per_page: int = 20,
    language: str | None = None,
) -> SearchResults:
    """
    Rank the published routines (of `routines`, when given) against the query of a reader of
    `language` (the active one by default), in the text that reader is shown of each routine,
    and return page `page`. Every word must match (of a question of four words or more, all
    but a third: "my mom can't get down onto the floor, because getting up is a problem"),
    unless no routine has them all, in which case routines matching the most words come first
    (and `partial` says so). A page past the last gives the last.

    A question is read as a reader means it. Its pain words ("hurts", "mal", "duele") need
    not match, and put the gentlest routines first. A word found in most of the routines the
    question reaches ("back", "sit") fits only where it is prominent, so that it narrows the
    result instead of letting in the whole library (failing that, anywhere).

    An aggregate query scores each matching routine (for each query word, its best match's
    quality times the weight of where it appears) and returns the page; another counts them.
    """
    language = search_language(language)
    pained = pain_words(language)
    terms = list(dict.fromkeys(words(query, language)))
    in_pain = any(term in pained for term in terms)
    # What the question is about: every word but the pain words, unless it has no other.
    # Only those need to match: every routine's cautions say "if anything hurts, stop".
    terms = [t for t in terms if t not in pained][:MAX_QUERY_WORDS] or terms[:MAX_QUERY_WORDS]
    matches, spellings = _expand(terms) if terms else ([], [])
    if not any(matches):
        return SearchResults(ids=[], terms=terms, per_page=per_page)

    entries = SearchEntry.objects.filter(
        key__in={key for found in matches for key in found},
        visible_from__lte=timezone.now(),
        serves__contains=f" {language} ",  # one text per routine: the one this reader is shown
    )
    if routines is not None:
        entries = entries.filter(routine__in=routines.values("pk"))
    if len(matches) == 1 and len(matches[0]) == 1:
        # One word with one key (the usual search): one entry per routine, nothing to add up;
        # its page is read straight off the index (for a reader in pain, sorted gentlest
        # first). Where other words share its key, the very word comes first among equals.
        order = ("-gentle", "-weight") if in_pain else ("-weight", "-gentle")
        ranked = entries.order_by(*order, "-routine")
        results = _page(ranked, terms, page, per_page, terms[0] if spellings[0] > 1 else None)
        results.gentle_first = in_pain
        return results

    read = _routines_of_each_word(entries, matches)  # up to RARE entries of each word
    rarest = min((r for r in read if len(r) < RARE), key=len, default=None)
    each = [set(routines) for routines in read]
    reached = len(set().union(*each))
    common = _common_words(read, reached)
    scores = []
    for term, found, routines_of_word in zip(terms, matches, each, strict=True):
        by_quality = [
            When(key__in=[k for k, q in found.items() if q == level], then=Value(level))
            for level in (SOUND, PREFIX, FUZZY)
            if level in found.values()
        ]
        if SOUND in found.values():
            by_quality.insert(0, When(key=sound(term), word=term, then=Value(EXACT)))
        if by_quality:
            best = Max(Case(*by_quality, default=Value(0)) * F("weight"))
            scores.append(best * Value(_rarity(len(routines_of_word), reached)))

    def ranking(entries, common=()):
        hits = []
        for i, found in enumerate(matches):
            if not found:
                continue  # a word found nowhere: no routine has every word
            fits = Q(key__in=list(found))
            if i in common:
                fits &= Q(weight__gte=PROMINENT)
            hits.append(Max(Case(When(fits, then=Value(1)), default=Value(0))))
        order = ("-gentle", "-score") if in_pain else ("-score", "-gentle")
        return (
            entries.values("routine")
            .annotate(
                score=sum(scores[1:], scores[0]),
                hits=sum(hits[1:], hits[0]) if hits else Value(0),
                gentle=Max("gentle"),
            )
            .order_by("-hits", *order, "-routine")
        )

    need = len(terms) - len(terms) // 3 if len(terms) > 3 else len(terms)
    if rarest is not None and need == len(terms):
        entries_needed = entries.filter(routine__in=rarest)
    else:
        entries_needed = entries
    # A common word's other entries count for nothing: reading only its prominent ones (the
    # index is by key, then weight) spares reading nearly every routine's.
    fitting = Q(key__in={k for i, found in enumerate(matches) if i not in common for k in found})
    fitting |= Q(key__in={k for i in common for k in matches[i]}, weight__gte=PROMINENT)
    results = _page(
        ranking(entries_needed.filter(fitting), common).filter(hits__gte=need),
        terms,
        page,
        per_page,
    )
    if not results.total and common:
        results = _page(ranking(entries_needed).filter(hits__gte=need), terms, page, per_page)
    if not results.total and len(terms) > 1:
        results = _page(ranking(entries, common), terms, page, per_page)
        results.partial = bool(results.total)
    results.gentle_first = in_pain
    return results


def _routines_of_each_word(entries: QuerySet, matches: list[dict[str, int]]) -> list[list[int]]:
    """
    The routines of each query word's entries, up to `RARE` entries (a routine twice when
    two of the word's keys are in it).

    A routine with every word has the rarest one too, so ranking only the routines of the
    rarest word reads a few entries instead of every entry of a common word ("gentle neck": 5
    routines, not 85,000); how many routines each word reaches says which words are common.
    Each word's routines are read up to `RARE` only, so this costs little.
    """
    return [
        list(entries.filter(key__in=list(found)).values_list("routine", flat=True)[:RARE])
        for found in matches
    ]


def _common_words(read: list[list[int]], reached: int) -> set[int]:
    """
    Of the question's words (the routines of each one's entries, as read), those found in more
    than `COMMON` of the `reached` routines any of them is found in, or whose entries were too
    many to read. A word alone in its question is never common: it is all the reader asked.
    """
    if len(read) < 2:
        return set()
    return {
        i
        for i, routines in enumerate(read)
        if len(routines) >= RARE or len(set(routines)) > COMMON * reached
    }


def _rarity(found_in: int, reached: int) -> int:
    """
    How much a question's word found in `found_in` of the `reached` routines says, as a
    factor of its score: 10 for a word found in all of them, 10 more each time it is found in
    half as many ("sit" in 9 of 10: 12; "truck" in 2 of 10: 33).
    """
    return round(10 * (1 + math.log2(reached / found_in))) if found_in else 10


def _page(
    ranked: QuerySet, terms: list[str], page: int, per_page: int, exact: str | None = None
) -> SearchResults:
    """
    Page `page` (or the last) of a ranking, and the ranking's length. Grouped rankings are
    counted in the same pass (a window over the groups); a plain one by its index, which is
    cheaper than the window. A page past the end costs one more query.

    `exact`, for a plain ranking whose key other words share: within the page, an entry of
    that very word comes before a sound-alike of the same weight (across pages the index's
    order stands, so that the page is still read straight off the index).
    """
    page = max(page, 1)
    offset = (page - 1) * per_page
    if ranked.query.group_by:
        counted = ranked.annotate(total=Window(Count("*"))).values_list("routine", "total")
        rows = list(counted[offset : offset + per_page])
        total = rows[0][1] if rows else ranked.count() if page > 1 else 0
    else:
        total = ranked.count()
        found = ranked.values_list("routine", "weight", "word")[offset : offset + per_page]
        if exact:  # within each run of equal weights, the very word first
            found = [
                row
                for _weight, run in groupby(found, key=itemgetter(1))
                for row in sorted(run, key=lambda row: row[2] != exact)
            ]
        rows = [(routine, total) for routine, _weight, _word in found]
    last = max(-(-total // per_page), 1)
    if page > last:
        return _page(ranked, terms, last, per_page, exact)
    return SearchResults(
        ids=[routine for routine, _ in rows], terms=terms, total=total, page=page, per_page=per_page
    )


# Caching ------------------------------------------------------------------------------------


def cached_search(query: str, filters: dict[str, str], *, page: int = 1, per_page: int = 20):
    """
    `search` within the browse filters for a reader of the active language, remembered per
    language and page until the library changes.
    """
    language = search_language()
    terms = " ".join(dict.fromkeys(words(query, language)))
    filtered = {k: v for k, v in sorted(filters.items()) if v}
    key = hashed(
        "routines:search",
        language,
        terms,
        *(f"{k}={v}" for k, v in filtered.items()),
        f"{page}/{per_page}",
    )
    routines = Routine.objects.filter_by(**filtered) if filtered else None
    return remembered(
        key, lambda: search(query, routines, page=page, per_page=per_page, language=language)
    )
