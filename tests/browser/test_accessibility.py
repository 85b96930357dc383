"""axe-core finds no serious or critical accessibility problems on the main pages."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize(
    "path",
    ["/", "/routines/", "/routines/?q=soas", "/routines/psoas-release/",
     "/routines/?q=my+back+hurts+when+I+sit"],
)  # fmt: skip
@pytest.mark.parametrize("width", [390, 1280])
def test_no_serious_accessibility_violations(axe, starter_library, path, width):
    violations = axe(path, width)
    assert violations == [], axe.format(violations)


@pytest.mark.parametrize("path", ["/submit/", "/submissions/", "/accounts/login/"])
def test_no_serious_accessibility_violations_on_reader_pages(axe, reader, path):
    violations = axe(path, 390, user=reader)
    assert violations == [], axe.format(violations)


@pytest.mark.parametrize(
    "path",
    [
        "/fr/",
        "/es/",
        "/fr/routines/?q=fl%C3%A9chisseurs",
        "/es/routines/?q=cama",
        "/fr/routines/psoas-release/",
        "/es/routines/psoas-release/",
        "/fr/accounts/signup/",
    ],
)
@pytest.mark.parametrize("width", [390, 1280])
def test_no_serious_accessibility_violations_in_french_and_spanish(
    axe, starter_library, path, width
):
    violations = axe(path, width)
    assert violations == [], axe.format(violations)
