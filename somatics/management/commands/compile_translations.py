"""
`manage.py compile_translations`: compile every catalog in LOCALE_PATHS (`.po`) to `.mo`.

Django's own `compilemessages` needs GNU gettext's msgfmt; polib (a test requirement) writes
the same files in pure Python, so the committed `.mo` files can be remade anywhere, and a test
compares them with what this command makes from the `.po` files. Fuzzy and untranslated
entries are left out of the `.mo`, as msgfmt leaves them out.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand


def catalogs() -> list[Path]:
    """Every `.po` file of the project's own locale folders, in a stable order."""
    return sorted(po for folder in settings.LOCALE_PATHS for po in Path(folder).glob("*/*/*.po"))


def compile_catalog(po_path: Path, mo_path: Path) -> None:
    """Write the `.mo` file of one `.po` file."""
    import polib  # a development tool: only needed when the catalogs change

    polib.pofile(str(po_path)).save_as_mofile(str(mo_path))


class Command(BaseCommand):
    help = "Compile the project's .po catalogs to .mo files with polib (no GNU gettext needed)."

    def handle(self, *args, **options):
        for po_path in catalogs():
            compile_catalog(po_path, po_path.with_suffix(".mo"))
            shown = (
                po_path.relative_to(settings.BASE_DIR)
                if po_path.is_relative_to(settings.BASE_DIR)
                else po_path
            )
            self.stdout.write(f"compiled {shown}")
