"""
Search entries carry how gentle their routine is and the heaviest word with their key
(routines/search.py): the ranking index takes both in.

Rows already there get their routine's gentleness here: gentle by default, as most routines
are for beginners, so that only the few intermediate routines' rows are written; their word
stays empty, so that they rank as before, word for word, until `rebuild_search_index`
writes it (README, "Upgrade"). The new index is built before the old one goes, so searches
stay indexed throughout, then takes the old one's name.
"""

from django.db import migrations, models


def routines_that_ask_more_are_less_gentle(apps, schema_editor):
    SearchEntry = apps.get_model("routines", "SearchEntry")
    SearchEntry.objects.exclude(routine__level="beginner").update(gentle=0)


class Migration(migrations.Migration):
    dependencies = [
        ("routines", "0011_step_release_seconds"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchentry",
            name="gentle",
            field=models.PositiveSmallIntegerField(db_default=1),
        ),
        migrations.RunPython(routines_that_ask_more_are_less_gentle, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="searchentry",
            index=models.Index(
                fields=["key", "weight", "gentle", "routine", "visible_from", "serves", "word"],
                name="search_entry_gentle_first",
            ),
        ),
        migrations.RemoveIndex(model_name="searchentry", name="search_entry_ranking"),
        migrations.RenameIndex(
            model_name="searchentry",
            new_name="search_entry_ranking",
            old_name="search_entry_gentle_first",
        ),
    ]
