"""Search entries are keyed by sound (one per sound-alike key) and carry their visibility."""

from django.db import migrations, models


def reindex(apps, schema_editor):
    """Rebuild every routine's entries in the new form (the old ones were dropped)."""
    from routines.search import entries_for

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
