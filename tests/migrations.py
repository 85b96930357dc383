"""Moving the test database back to an earlier migration, to test a data migration on old rows."""

from contextlib import contextmanager

from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate(app: str, name: str):
    """Migrate `app` to its migration `name`; returns the models as they were then."""
    executor = MigrationExecutor(connection)
    executor.migrate([(app, name)])
    executor.loader.build_graph()
    return executor.loader.project_state([(app, name)]).apps


@contextmanager
def migrated_back(app: str, name: str):
    """The models of `app` at migration `name` for the block; every migration applied after it."""
    try:
        yield migrate(app, name)
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
