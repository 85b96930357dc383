"""collectstatic as a release runs it: practice mode's modules import each other by hashed name."""

import re

from django.core.management import call_command


def test_collected_modules_import_the_hashed_files_they_were_built_with(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "somatics.static_files.StaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)

    (entry,) = (tmp_path / "js").glob("practice.*.js")
    imports = re.findall(r"""^import .* from "(.+)";$""", entry.read_text(), re.M)

    assert imports, "practice.js imports its modules"
    for path in imports:
        assert re.fullmatch(r"\./practice/[\w-]+\.[0-9a-f]{12}\.js", path), path
        assert (entry.parent / path).is_file()
