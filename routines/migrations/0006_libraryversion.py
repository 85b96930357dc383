from django.db import migrations, models


def first_version(apps, schema_editor):
    apps.get_model("routines", "LibraryVersion").objects.using(
        schema_editor.connection.alias
    ).get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("routines", "0005_search_index_by_weight")]

    operations = [
        migrations.CreateModel(
            name="LibraryVersion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("number", models.PositiveBigIntegerField(default=1)),
            ],
            options={
                "verbose_name": "library version",
                "verbose_name_plural": "library version",
            },
        ),
        migrations.RunPython(first_version, migrations.RunPython.noop),
    ]
