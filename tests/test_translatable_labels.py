"""
Every label, heading and help text Django builds from our models and apps can be translated.

A field without a verbose name is labelled from its name ("Confirmed own work"), and an app
without one is headed from its package ("Somatics"): both stay English in every language.
"""

import pytest
from django.apps import apps
from django.utils.functional import Promise

OUR_APPS = ["somatics", "routines", "submissions", "questions"]
# The search index and the library's version number: never shown to anyone.
INTERNAL_MODELS = {"SearchWord", "SearchEntry", "LibraryVersion"}
# Bookkeeping columns no form or admin page shows (editable=False, not in a fieldset).
INTERNAL_FIELDS = {
    "Routine.library_checksum", "Routine.library_loaded_at", "Routine.page_version",
    "Video.legacy_error", "RedFlag.library_checksum", "EmergencyNumber.library_checksum",
}  # fmt: skip

MODELS = [
    model
    for label in OUR_APPS
    for model in apps.get_app_config(label).get_models()
    if model.__name__ not in INTERNAL_MODELS
]


@pytest.mark.parametrize("label", OUR_APPS)
def test_each_app_has_a_translatable_heading(label):
    assert isinstance(apps.get_app_config(label).verbose_name, Promise)


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_each_model_names_itself_and_its_fields_translatably(model):
    assert isinstance(model._meta.verbose_name, Promise)
    assert isinstance(model._meta.verbose_name_plural, Promise)
    fields = [
        field
        for field in [*model._meta.local_fields, *model._meta.local_many_to_many]
        if not field.primary_key and f"{model.__name__}.{field.name}" not in INTERNAL_FIELDS
    ]
    unmarked = [field.name for field in fields if not isinstance(field.verbose_name, Promise)]
    assert unmarked == []
    plain_help = [
        field.name
        for field in fields
        if field.help_text and not isinstance(field.help_text, Promise)
    ]
    assert plain_help == []
