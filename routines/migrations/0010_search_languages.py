"""
Search entries per text language, each listing the readers shown that text (routines/search.py).

The rows already there were all made from English text, which every reader is shown: they get
that as their default. The ranking index takes the readers in; the new index is built before
the old one goes, so searches stay indexed throughout, then takes the old one's name.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("routines", "0009_original_language"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchentry",
            name="language",
            field=models.CharField(db_default="en", max_length=8),
        ),
        migrations.AddField(
            model_name="searchentry",
            name="serves",
            field=models.CharField(db_default=" en fr es ", max_length=32),
        ),
        migrations.AddIndex(
            model_name="searchentry",
            index=models.Index(
                fields=["key", "weight", "routine", "visible_from", "serves"],
                name="search_entry_by_reader",
            ),
        ),
        migrations.RemoveIndex(model_name="searchentry", name="search_entry_ranking"),
        migrations.RenameIndex(
            model_name="searchentry",
            new_name="search_entry_ranking",
            old_name="search_entry_by_reader",
        ),
    ]
