"""Migrations that rewrite data do so with their own frozen code, whatever the app becomes."""

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE_SOUND_KEYS = ("routines", "0003_routine_thumbnail")
SOUND_KEYS = ("routines", "0004_search_by_sound_key")


def migrate(target):
    """Migrate the routines app to `target` and return the models as they were then."""
    executor = MigrationExecutor(connection)
    executor.migrate([target])
    executor.loader.build_graph()
    return executor.loader.project_state([target]).apps


@pytest.fixture
def at_0003():
    """The database as it was before search entries were keyed by sound; put back afterwards."""
    apps = migrate(BEFORE_SOUND_KEYS)
    yield apps
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_the_sound_key_migration_indexes_the_routines_already_there(at_0003):
    Routine = at_0003.get_model("routines", "Routine")
    published_at = datetime(2026, 1, 5, tzinfo=UTC)
    shared = {"summary": "Ease", "purpose": "Hips", "position": "back", "minutes": 5}
    published = Routine.objects.create(
        title="Psoas release", slug="psoas", status="published", published_at=published_at, **shared
    )
    draft = Routine.objects.create(title="Neck", slug="neck", status="draft", **shared)

    search_entries = migrate(SOUND_KEYS).get_model("routines", "SearchEntry").objects

    def entries(routine):
        rows = search_entries.filter(routine_id=routine.pk)
        return set(rows.values_list("key", "weight", "visible_from"))

    assert entries(published) == {
        ("sos", 10, published_at),  # "psoas", from the title
        ("relese", 10, published_at),
        ("ese", 4, published_at),  # "ease", from the summary
        ("hip", 2, published_at),  # "hips", from the purpose
    }
    assert entries(draft) == {("nek", 10, None), ("ese", 4, None), ("hip", 2, None)}
