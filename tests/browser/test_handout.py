"""
The printed handout of a routine, as Chromium prints it on A4 and on US Letter: large enough to
read from the floor, with the cautions, every step, the questions (unless unticked), and a QR
code that takes a phone to the routine's public address; and no page left nearly empty.
"""

import io
import shutil
import subprocess

import pytest
from django.conf import settings
from django.utils import translation
from playwright.sync_api import expect
from pypdf import PdfReader

from routines.models import Routine

pytestmark = pytest.mark.django_db(transaction=True)

PAPERS = ["A4", "Letter"]


def pages_of(pdf: bytes) -> list[dict]:
    """Each page's text, the smallest type on it (pt), and how far down its text reaches (0-1)."""
    pages = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        baselines, sizes = [], []

        def visit(text, cm, tm, font, size, baselines=baselines, sizes=sizes):
            if text.strip():
                baselines.append(tm[5] * cm[3] + cm[5])
                sizes.append(size * tm[0] * cm[0])

        text = page.extract_text(visitor_text=visit)
        height = float(page.mediabox.height)
        pages.append(
            {
                "text": " ".join(text.split()),
                "smallest": round(min(sizes), 1),
                "reach": (height - min(baselines)) / height,
            }
        )
    return pages


def decoded_qr_codes(pdf: bytes, tmp_path) -> list[str]:
    """The QR codes on the first page, read by zbar from Ghostscript's picture of it."""
    if not (shutil.which("gs") and shutil.which("zbarimg")):
        pytest.skip("Ghostscript and zbarimg are needed to read the printed QR code")
    (tmp_path / "handout.pdf").write_bytes(pdf)
    picture = tmp_path / "page.png"
    subprocess.run(
        ["gs", "-q", "-sDEVICE=pnggray", "-r150", "-dFirstPage=1", "-dLastPage=1",
         f"-sOutputFile={picture}", str(tmp_path / "handout.pdf")],
        check=True,
    )  # fmt: skip
    found = subprocess.run(
        ["zbarimg", "--quiet", "--raw", str(picture)], capture_output=True, text=True
    )
    return found.stdout.split()


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_handout_has_the_cautions_the_steps_the_questions_and_a_qr_code_to_the_routine(
    page, tmp_path, lang, paper
):
    prefix = "" if lang == "en" else f"/{lang}"
    page.goto(f"{prefix}/routines/psoas-release/")
    pdf = page.pdf(format=paper)
    pages = pages_of(pdf)
    text = " ".join(p["text"] for p in pages)

    routine = Routine.objects.get(slug="psoas-release")
    with translation.override(lang):
        cautions = routine.caution_list()
        steps = [step.title for step in routine.steps.all()]
        question = routine.questions.first().question
        address = settings.SITE_URL + routine.get_absolute_url()
        before = translation.gettext("Before you start")
    squeeze = lambda s: "".join(s.split())  # noqa: E731  (PDF text breaks lines anywhere)
    for expected in [before, *cautions, *steps, question]:
        assert squeeze(expected) in squeeze(text), expected
    assert squeeze(address) in squeeze(pages[0]["text"])
    assert decoded_qr_codes(pdf, tmp_path) == [address]

    assert min(p["smallest"] for p in pages) >= 12
    reach = [round(p["reach"], 2) for p in pages]
    assert min(reach) > 1 / 3, f"a page of the {paper} handout is less than a third full: {reach}"


@pytest.mark.parametrize("paper", PAPERS)
def test_large_print_is_16_pt_and_the_questions_can_be_left_out(page, paper):
    page.goto("/routines/psoas-release-in-bed/")
    question = Routine.objects.get(slug="psoas-release-in-bed").questions.first().question
    page.get_by_label("Large print").check()
    large = pages_of(page.pdf(format=paper))
    assert min(p["smallest"] for p in large) >= 16
    assert min(p["reach"] for p in large) > 1 / 3
    assert "".join(question.split()) in "".join(" ".join(p["text"] for p in large).split())

    page.get_by_label("With the questions readers ask").uncheck()
    without = pages_of(page.pdf(format=paper))
    assert "".join(question.split()) not in "".join(" ".join(p["text"] for p in without).split())
    assert min(p["reach"] for p in without) > 1 / 3
    assert len(without) <= len(large)


@pytest.mark.parametrize(
    "slug",
    [
        "arch-and-curl",
        "arch-and-flatten",
        "psoas-release-variation",
        "seated-arch-and-flatten",
        "seated-neck-and-shoulder-release",
        "side-bend",
        "standing-walking-pattern",
        "washrag",
    ],
)
def test_no_page_of_any_starter_routines_handout_is_nearly_empty(page, slug):
    for lang in ("", "/es"):
        page.goto(f"{lang}/routines/{slug}/")
        for paper in PAPERS:
            reach = [round(p["reach"], 2) for p in pages_of(page.pdf(format=paper))]
            assert min(reach) > 1 / 3, f"{lang} {paper}: {reach}"


def test_every_routine_has_a_print_button_that_prints(page):
    page.add_init_script("window.print = () => { window.__printed = true; };")
    page.goto("/routines/washrag/")
    page.get_by_role("button", name="Print").click()
    assert page.evaluate("window.__printed") is True
    expect(page.get_by_label("With the questions readers ask")).to_be_checked()
    expect(page.get_by_label("Large print")).not_to_be_checked()
