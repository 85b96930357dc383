"""
The French and Spanish catalogs are complete, correct and compiled.

`locale/<lang>/LC_MESSAGES/django.po` is what translators edit; `django.mo` is what Django reads,
committed so that a fresh machine needs no GNU gettext (`manage.py compile_translations` makes it
with polib). A fuzzy or empty entry would show English, a lost placeholder would break a page or
an email, and a sentence the code marks but the catalog lacks stays English: each is a test here.
"""

import ast
import os
import re
import shutil
from pathlib import Path

import polib
import pytest
from django.core.management import call_command
from django.utils import translation
from django.utils.translation import gettext, ngettext
from django.utils.translation.template import templatize

from somatics.management.commands.compile_translations import compile_catalog

ROOT = Path(__file__).resolve().parents[1]
LANGUAGES = ["fr", "es"]
PLURAL_FORMS = {"fr": "nplurals=2; plural=(n > 1);", "es": "nplurals=2; plural=(n != 1);"}
# What `make messages` leaves out of the search for marked strings (Makefile, MESSAGES_IGNORE).
IGNORED = {".venv", "node_modules", "staticfiles", "tests", "media", "private-media", "locale"}
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}")
TAG = re.compile(r"<[^>]+>")
PYTHON_KEYWORDS = {
    "_": ("msgid",),
    "gettext": ("msgid",),
    "gettext_lazy": ("msgid",),
    "gettext_noop": ("msgid",),
    "ngettext": ("msgid", "plural"),
    "ngettext_lazy": ("msgid", "plural"),
    "pgettext": ("context", "msgid"),
    "pgettext_lazy": ("context", "msgid"),
    "npgettext": ("context", "msgid", "plural"),
    "npgettext_lazy": ("context", "msgid", "plural"),
}
# templatize() writes each translated piece of a template as a Python call (`_("…")` as written).
TEMPLATE_CALL = re.compile(r"(?<!\w)(_|gettext|ngettext|pgettext|npgettext)\(")
TEMPLATE_STRING = re.compile(r"""\s*,?\s*(u?'(?:[^'\\]|\\.)*'|u?"(?:[^"\\]|\\.)*")""")


def catalog(lang: str) -> polib.POFile:
    return polib.pofile(str(ROOT / "locale" / lang / "LC_MESSAGES" / "django.po"))


def current_entries(lang: str) -> list[polib.POEntry]:
    return [entry for entry in catalog(lang) if not entry.obsolete]


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def tags(text: str) -> list[str]:
    return sorted(TAG.findall(text))


def forms(entry: polib.POEntry) -> list[tuple[str, str]]:
    """(English, translation) pairs: one per plural form, or the one msgid and msgstr."""
    if entry.msgid_plural:
        english = {0: entry.msgid, 1: entry.msgid_plural}
        return [(english[index], text) for index, text in sorted(entry.msgstr_plural.items())]
    return [(entry.msgid, entry.msgstr)]


def mo_entries(path: Path) -> dict:
    return {
        (entry.msgctxt, entry.msgid): (entry.msgstr, dict(entry.msgstr_plural))
        for entry in polib.mofile(str(path))
    }


def source_files(suffixes: set[str]) -> list[Path]:
    """The files makemessages reads: ours, not the ignored folders' nor hidden ones."""
    found = []
    for folder, subfolders, files in os.walk(ROOT):
        subfolders[:] = [name for name in subfolders if name not in IGNORED and name[0] != "."]
        found += [Path(folder, name) for name in files if Path(name).suffix in suffixes]
    return sorted(found)


def marked_in_python(source: str) -> set[tuple]:
    """(context, msgid, plural) of every literal passed to a translation function."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
        roles = PYTHON_KEYWORDS.get(name)
        if roles is None or len(node.args) < len(roles):
            continue
        values = dict(zip(roles, node.args, strict=False))
        if all(
            isinstance(arg, ast.Constant) and isinstance(arg.value, str) for arg in values.values()
        ):
            found.add(
                tuple(
                    values[role].value if role in values else None
                    for role in ("context", "msgid", "plural")
                )
            )
    return found


def marked_in_template(source: str) -> set[tuple]:
    """The same for a template, read through the very templatize() that makemessages uses."""
    code = templatize(source)
    found = set()
    for call in TEMPLATE_CALL.finditer(code):
        strings, position = [], call.end()
        while match := TEMPLATE_STRING.match(code, position):
            strings.append(ast.literal_eval(match.group(1)))
            position = match.end()
        context = strings.pop(0) if call.group(1).startswith(("pgettext", "npgettext")) else None
        plural = strings[1] if call.group(1) in ("ngettext", "npgettext") else None
        found.add((context, strings[0], plural))
    return found


def marked_strings() -> set[tuple]:
    found = set()
    for path in source_files({".py"}):
        found |= marked_in_python(path.read_text(encoding="utf-8"))
    for path in source_files({".html", ".txt"}):
        found |= marked_in_template(path.read_text(encoding="utf-8"))
    return found


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_entry_is_translated_and_none_is_fuzzy_or_obsolete(lang):
    po = catalog(lang)
    assert [entry.msgid for entry in po.fuzzy_entries()] == []
    assert [entry.msgid for entry in po.untranslated_entries()] == []
    assert [entry.msgid for entry in po.obsolete_entries()] == []
    assert not po.metadata_is_fuzzy


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_plural_entry_fills_both_forms(lang):
    incomplete = [
        entry.msgid
        for entry in current_entries(lang)
        if entry.msgid_plural
        and (sorted(entry.msgstr_plural) != [0, 1] or not all(entry.msgstr_plural.values()))
    ]
    assert incomplete == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_header_gives_the_language_and_its_plural_rule(lang):
    metadata = catalog(lang).metadata
    assert metadata["Language"] == lang
    assert metadata["Plural-Forms"] == PLURAL_FORMS[lang]
    assert metadata["Content-Type"] == "text/plain; charset=UTF-8"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_translation_keeps_the_placeholders_of_its_english(lang):
    changed = [
        (english, text)
        for entry in current_entries(lang)
        for english, text in forms(entry)
        if placeholders(english) != placeholders(text)
    ]
    assert changed == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_translation_keeps_the_html_tags_of_its_english(lang):
    changed = [
        (english, text)
        for entry in current_entries(lang)
        for english, text in forms(entry)
        if tags(english) != tags(text)
    ]
    assert changed == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_committed_mo_file_is_what_compile_translations_makes_of_the_po(lang, tmp_path):
    folder = ROOT / "locale" / lang / "LC_MESSAGES"
    compile_catalog(folder / "django.po", tmp_path / "django.mo")
    committed = mo_entries(folder / "django.mo")
    assert committed == mo_entries(tmp_path / "django.mo")
    assert len(committed) == len(current_entries(lang))


def test_compile_translations_compiles_every_catalog(settings, tmp_path):
    for lang in LANGUAGES:
        (tmp_path / lang / "LC_MESSAGES").mkdir(parents=True)
        shutil.copy(
            ROOT / "locale" / lang / "LC_MESSAGES" / "django.po", tmp_path / lang / "LC_MESSAGES"
        )
    settings.LOCALE_PATHS = [tmp_path]
    call_command("compile_translations", verbosity=0)
    for lang in LANGUAGES:
        compiled = tmp_path / lang / "LC_MESSAGES" / "django.mo"
        assert mo_entries(compiled) == mo_entries(
            ROOT / "locale" / lang / "LC_MESSAGES" / "django.mo"
        )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_catalog_holds_every_sentence_the_code_marks_and_no_other(lang):
    in_catalog = {
        (entry.msgctxt, entry.msgid, entry.msgid_plural or None) for entry in current_entries(lang)
    }
    marked = marked_strings()
    assert sorted(marked - in_catalog, key=str) == [], "run `make messages`, then translate"
    assert sorted(in_catalog - marked, key=str) == [], "run `make messages` to drop these"


@pytest.mark.skipif(
    not (shutil.which("xgettext") and shutil.which("msgmerge")),
    reason="GNU gettext (xgettext, msgmerge) is not installed; the check above needs none",
)
def test_makemessages_finds_nothing_new_to_translate(settings, tmp_path, monkeypatch):
    """The real makemessages, on a copy of the project, agrees with the committed catalogs."""
    copy = tmp_path / "project"
    shutil.copytree(
        ROOT, copy, ignore=shutil.ignore_patterns(*IGNORED, "static", ".*", "*.sqlite3")
    )
    for lang in LANGUAGES:
        shutil.copytree(ROOT / "locale" / lang, copy / "locale" / lang)
    settings.LOCALE_PATHS = [copy / "locale"]
    monkeypatch.chdir(copy)
    call_command(
        "makemessages",
        locale=LANGUAGES,
        ignore_patterns=sorted(IGNORED - {"locale"}),
        no_wrap=True,
        add_location="file",
        verbosity=0,
    )
    for lang in LANGUAGES:
        po = polib.pofile(str(copy / "locale" / lang / "LC_MESSAGES" / "django.po"))
        assert [entry.msgid for entry in po.untranslated_entries()] == [], lang
        assert [entry.msgid for entry in po.fuzzy_entries()] == [], lang
        assert [entry.msgid for entry in po.obsolete_entries()] == [], lang


@pytest.mark.parametrize(
    ("lang", "heading", "search", "form_error", "three_minutes"),
    [
        (
            "fr",
            "Des mouvements doux pour relâcher les tensions dues à la position assise, à la "
            "conduite et aux habitudes",
            "Rechercher",
            "Veuillez envoyer soit un fichier, soit un lien, mais pas les deux.",
            "environ 3 minutes",
        ),
        (
            "es",
            "Movimientos suaves para soltar lo que se tensa al estar sentado, al conducir y por "
            "costumbre",
            "Buscar",
            "Por favor, envíe un archivo o un enlace, pero no los dos.",
            "alrededor de 3 minutos",
        ),
    ],
)
def test_the_interface_reads_in_french_and_spanish(
    lang, heading, search, form_error, three_minutes
):
    with translation.override(lang):
        assert gettext("Gentle movements to release what sitting, driving and habit tighten") == (
            heading
        )
        assert gettext("Search") == search
        assert gettext("Please send either a file or a link, not both.") == form_error
        about = ngettext("about %(minutes)s minute", "about %(minutes)s minutes", 3)
        assert about % {"minutes": 3} == three_minutes


def test_french_uses_the_singular_for_one_and_zero_and_spanish_only_for_one():
    with translation.override("fr"):
        assert ngettext("%(shown)s routine", "%(shown)s routines", 0) == "%(shown)s routine"
        assert ngettext("%(shown)s routine", "%(shown)s routines", 2) == "%(shown)s routines"
    with translation.override("es"):
        assert ngettext("%(shown)s routine", "%(shown)s routines", 0) == "%(shown)s rutinas"
        assert ngettext("%(shown)s routine", "%(shown)s routines", 1) == "%(shown)s rutina"
