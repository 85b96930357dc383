"""
Every sentence our Python marks for translation reaches the catalog.

`makemessages` finds marked strings by the name of the function around them: `_`, `gettext`,
`gettext_noop`, `ngettext_lazy`… A translation function imported under another name
(`gettext_noop as _noop`) still runs, but its sentences never reach the translators and stay
English in every language.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUR_CODE = [
    path
    for app in ("somatics", "routines", "submissions")
    for path in (ROOT / app).rglob("*.py")
    if "migrations" not in path.parts
]


def renamed_translation_functions(source: str) -> list[str]:
    tree = ast.parse(source)
    return [
        f"{alias.name} as {alias.asname}"
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation"
        for alias in node.names
        if alias.asname not in (None, "_")
    ]


def test_translation_functions_keep_names_makemessages_knows():
    found = {
        str(path.relative_to(ROOT)): renamed
        for path in OUR_CODE
        if (renamed := renamed_translation_functions(path.read_text()))
    }
    assert found == {}


def test_the_check_finds_a_renamed_function():
    source = "from django.utils.translation import gettext_noop as _noop, gettext as _"
    assert renamed_translation_functions(source) == ["gettext_noop as _noop"]
