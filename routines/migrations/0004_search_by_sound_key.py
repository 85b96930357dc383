"""Search entries are keyed by sound (one per sound-alike key) and carry their visibility."""

import re
import unicodedata

from django.db import migrations, models

# How routines were indexed when this migration was written, copied from routines/search.py so
# that this migration keeps doing the same whatever that module becomes. Do not import it here.
TITLE, NAMED, SUMMARY, BODY, DETAIL = 10, 6, 4, 2, 1
MAX_WORD = 64
STOPWORDS = frozenset(
    """a an and are as at be by do does for from how i if in into is it its me my of on or
    so that the their them then this to too up was what when with you your""".split()
)
NON_WORD = re.compile(r"[^a-z0-9]+")
VOWELS = "aeiouy"


def words(text):
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    folded = folded.replace("'s ", " ").replace("'", "")
    return [stem(w)[:MAX_WORD] for w in NON_WORD.split(folded) if w and w not in STOPWORDS]


def stem(word):
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is", "as", "os")):
        return word[:-1]
    if len(word) > 6 and word.endswith("ing"):
        return word[:-3]
    return word


def sound(word):
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
        if key and (ch == key[-1] or (ch in VOWELS and key[-1] in VOWELS)):
            continue
        key.append(ch)
    return "".join(key)


def entries_for(routine):
    """The fields of a routine's index entries: each sound-alike key at its heaviest weight."""
    areas = list(routine.body_areas.all())
    steps = list(routine.steps.all())
    fields = [
        (TITLE, [routine.title]),
        (NAMED, [routine.aliases, *(f"{a.name} {a.aliases}" for a in areas)]),
        (SUMMARY, [routine.summary]),
        (BODY, [routine.purpose, routine.why, routine.audience, routine.equipment,
                routine.variation_note, routine.credit_name, *(step.title for step in steps)]),
        (DETAIL, [routine.cautions, routine.transcript, *(step.cue for step in steps),
                  *(f"{q.question} {q.answer}" for q in routine.questions.all())]),
    ]  # fmt: skip
    keys = {}
    for weight, texts in fields:
        for word in words(" ".join(texts)):
            key = sound(word)
            keys[key] = max(keys.get(key, 0), weight)
    shown = routine.published_at if routine.status == "published" else None
    return [{"key": key, "weight": weight, "visible_from": shown} for key, weight in keys.items()]


def reindex(apps, schema_editor):
    """Rebuild every routine's entries in the new form (the old ones were dropped)."""
    Routine = apps.get_model("routines", "Routine")
    SearchEntry = apps.get_model("routines", "SearchEntry")
    routines = Routine.objects.prefetch_related("body_areas", "steps", "questions")
    batch = []
    for routine in routines.iterator(chunk_size=500):
        batch += [SearchEntry(routine=routine, **fields) for fields in entries_for(routine)]
        if len(batch) >= 5000:
            SearchEntry.objects.bulk_create(batch)
            batch = []
    SearchEntry.objects.bulk_create(batch)


def forget(apps, schema_editor):
    apps.get_model("routines", "SearchEntry").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("routines", "0003_routine_thumbnail"),
    ]

    # Old code keeps serving while this runs (README, "Upgrade"), so nothing it reads or writes
    # goes away: `word` stays (empty from now on, by a database default) until a later release drops it, and `key` has
    # a database default for the rows old code inserts. Old code finds nothing meanwhile.
    operations = [
        migrations.RunPython(forget, migrations.RunPython.noop),
        migrations.RemoveConstraint(model_name="searchentry", name="unique_search_entry"),
        migrations.AlterField(
            model_name="searchentry",
            name="word",
            field=models.CharField(db_default="", editable=False, max_length=64),
        ),
        migrations.AddField(
            model_name="searchentry",
            name="key",
            field=models.CharField(db_default="", max_length=64),
        ),
        migrations.AddField(
            model_name="searchentry",
            name="visible_from",
            field=models.DateTimeField(null=True),
        ),
        migrations.AddIndex(
            model_name="searchentry",
            index=models.Index(
                fields=["key", "routine", "weight", "visible_from"], name="search_entry_covering"
            ),
        ),
        migrations.RunPython(reindex, forget),
    ]
