"""The search index is ordered by key, then weight: a one-word search reads its page and stops."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("routines", "0004_search_by_sound_key"),
    ]

    # The new index first, then the old one goes: searches stay indexed throughout.
    operations = [
        migrations.AddIndex(
            model_name="searchentry",
            index=models.Index(
                fields=["key", "weight", "routine", "visible_from"], name="search_entry_ranking"
            ),
        ),
        migrations.RemoveIndex(model_name="searchentry", name="search_entry_covering"),
    ]
