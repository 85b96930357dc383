"""Migrations that rewrite data do so with their own frozen code, whatever the app becomes."""

from datetime import UTC, datetime

import pytest

from tests.migrations import migrate, migrated_back

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_sound_key_migration_indexes_the_routines_already_there():
    with migrated_back("routines", "0003_routine_thumbnail") as old:
        routines = old.get_model("routines", "Routine").objects
        published_at = datetime(2026, 1, 5, tzinfo=UTC)
        shared = {"summary": "Ease", "purpose": "Hips", "position": "back", "minutes": 5}
        published = routines.create(
            title="Psoas release",
            slug="psoas",
            status="published",
            published_at=published_at,
            **shared,
        )
        draft = routines.create(title="Neck", slug="neck", status="draft", **shared)

        new = migrate("routines", "0004_search_by_sound_key")
        search_entries = new.get_model("routines", "SearchEntry").objects

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


def test_the_search_entries_already_there_become_english_entries_for_every_reader():
    from django.db import connection

    with migrated_back("routines", "0009_original_language") as old:
        routine = old.get_model("routines", "Routine").objects.create(
            title="Psoas release", slug="psoas", summary="Ease", purpose="Hips", position="back",
            minutes=5, status="draft",
        )  # fmt: skip
        old.get_model("routines", "SearchEntry").objects.create(
            routine_id=routine.pk, key="sos", weight=10
        )

        new = migrate("routines", "0010_search_languages")
        entries = new.get_model("routines", "SearchEntry").objects.filter(routine_id=routine.pk)

        assert list(entries.values_list("key", "language", "serves")) == [
            ("sos", "en", " en fr es ")
        ]
        with connection.cursor() as cursor:
            indexes = connection.introspection.get_constraints(cursor, "routines_searchentry")
        assert indexes["search_entry_ranking"]["columns"] == [
            "key", "weight", "routine_id", "visible_from", "serves"
        ]  # fmt: skip
        assert "search_entry_by_reader" not in indexes


def test_the_search_entries_already_there_learn_how_gentle_their_routine_is():
    from django.db import connection

    with migrated_back("routines", "0011_step_release_seconds") as old:
        routines = old.get_model("routines", "Routine").objects
        shared = {"summary": "Ease", "purpose": "Hips", "position": "back", "minutes": 5}
        gentle = routines.create(title="Psoas", slug="psoas", level="beginner", **shared)
        deeper = routines.create(title="Deeper", slug="deeper", level="intermediate", **shared)
        for routine in (gentle, deeper):
            old.get_model("routines", "SearchEntry").objects.create(
                routine_id=routine.pk, key="sos", weight=10
            )

        new = migrate("routines", "0012_search_entry_word_and_gentleness")
        entries = new.get_model("routines", "SearchEntry").objects

        assert dict(entries.values_list("routine_id", "gentle")) == {gentle.pk: 1, deeper.pk: 0}
        assert set(entries.values_list("word", flat=True)) == {""}  # until the index is rebuilt
        with connection.cursor() as cursor:
            indexes = connection.introspection.get_constraints(cursor, "routines_searchentry")
        assert indexes["search_entry_ranking"]["columns"] == [
            "key", "weight", "gentle", "routine_id", "visible_from", "serves", "word"
        ]  # fmt: skip
        assert "search_entry_gentle_first" not in indexes
