"""
The shared cache's table (settings.CACHES "default" without REDIS_URL): allauth's rate limits
count in it, so that every process and server counts together. Made here, whatever the settings
say today, so that a site which drops Redis later still finds it.
"""

from django.core.management.commands.createcachetable import Command
from django.db import migrations

TABLE = "django_cache"


def create(apps, schema_editor):
    command = Command()
    command.verbosity = 0
    command.create_table(schema_editor.connection.alias, TABLE, dry_run=False)


def drop(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(TABLE)}")


class Migration(migrations.Migration):
    dependencies = [("somatics", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
