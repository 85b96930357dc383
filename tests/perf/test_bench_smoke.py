"""
`make bench` cannot rot: its harness runs end to end here on a tiny library (20 routines, one
short wrk run, a 2 MB upload, a 1 s clip), in a process and a throwaway database of its own.

wrk and the ffmpeg CLI are optional here (`make bench` installs them): without them, their
parts are skipped and said so. The figures are far too small to mean anything; what is checked
is that every part ran and reported, and that queries per page do not grow with the library.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.perf import bench
from tests.perf.library import SLUG_PREFIX, generate, index_matches_app

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def smoke(tmp_path_factory):
    """One smoke run of the harness, as `make bench` starts it; its JSON and printed table."""
    out = tmp_path_factory.mktemp("bench") / "results.json"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    run = subprocess.run(
        [sys.executable, "-m", "tests.perf.bench", "--smoke", "--json", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    return json.loads(out.read_text()), run.stdout


def test_every_part_reports(smoke):
    results, printed = smoke
    assert set(results) >= {"meta", "queries", "search", "http", "uploads", "transcode", "goals"}
    assert results["meta"]["machine"]["cpus"] >= 1
    assert set(results["search"]) == {"10", "20"}
    for size in results["search"].values():
        for word in bench.SEARCHES:
            assert size[word]["results"] > 0
            assert size[word]["uncached"]["p95"] >= size[word]["uncached"]["median"] > 0
        assert size["pages"]["routine"]["after_change"]["median"] > 0
        assert set(size["pages"]) == {
            "list",
            "filter",
            "routine",
            *(f"q={words}" for words in bench.TWO_WORD_SEARCHES),
        }
    weight = results["http"]["weight"]
    assert weight["html"]["wire"] > 0 and weight["css"] > 0 and weight["js"] > 0
    assert weight["requests_before_render"] >= 2  # the HTML and its stylesheet
    assert results["http"]["floor_same_bytes"]
    [upload] = results["uploads"]["uploads"]
    assert upload["accepted"], upload
    assert upload["memory_growth"] is None or upload["memory_growth"] < 32 * bench.MB
    resumable = results["uploads"]["resumable"]
    assert resumable["completed"], resumable
    assert 0 <= resumable["resent"] <= resumable["chunk"]
    assert results["transcode"]["app"]["output"]["height"] == 720
    for goal in results["goals"]:
        assert set(goal) == {"goal", "target", "measured", "pass"}
    assert "**Goals**" in printed and "| page |" in printed


def test_the_load_generator_and_the_ffmpeg_cli_ran_where_installed(smoke):
    results, _ = smoke
    if shutil.which("wrk"):
        runs = results["http"]["throughput"]
        assert set(runs) == {
            bench.BARE,
            bench.FLOOR,
            bench.STATIC,
            "routine",
            "routine, signed in",
            bench.FLOOR_AGAIN,
            bench.BARE_AGAIN,
        }
        assert all(run["requests"] > 0 and not run["errors"]["status"] for run in runs.values())
        assert runs["routine, signed in"]["signed_in"] and not runs["routine"]["signed_in"]
    else:
        assert "throughput" in results["skipped"]
    if shutil.which("ffmpeg"):
        assert results["transcode"]["ratio"] > 0
    else:
        assert results["transcode"]["cli"] is None


def test_queries_per_page_do_not_grow_with_the_library(smoke):
    results, _ = smoke
    small, large = results["queries"]["10"], results["queries"]["20"]
    assert set(small) == {"home", "list", "filter", "routine", "search psoas", "search soas"}
    assert small == large


@pytest.mark.django_db
def test_generated_routines_are_indexed_exactly_as_the_app_indexes_them(starter_library):
    from routines.models import Routine

    generate(30, batch=7)
    generated = Routine.objects.filter(slug__startswith=SLUG_PREFIX)
    assert generated.count() == 30
    assert all(r.steps.count() == 8 and r.body_areas.count() == 2 for r in generated)
    translated = [r for r in generated if r.translated_into("fr") and r.translated_into("es")]
    assert len(translated) == 3  # one in ten
    assert set(translated[0].search_entries.values_list("language", "serves").distinct()) == {
        ("en", " en "), ("fr", " fr "), ("es", " es ")
    }  # fmt: skip
    assert index_matches_app(generated.prefetch_related("body_areas", "steps", "questions"))
