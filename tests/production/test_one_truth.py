"""
One truth for every process (issue 14): each gunicorn worker keeps rendered pages in its own
memory, yet a routine unpublished by another process is gone from every worker's pages on its
very next request, and back as soon as it is published again; and a login limit counted by one
worker holds on the other.

Before the library version was a database row, each process kept its own, so a routine
unpublished from `manage.py shell` stayed listed by the workers for up to five minutes.

SQLite, media on local disk, no Redis: this runs in every pass of the suite.
"""

import re
import secrets
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import pytest

from .conftest import (
    TOO_MANY_ATTEMPTS,
    WRONG_PASSWORD,
    Browser,
    Response,
    failed_login,
    new_email,
    production_site,
    reader_address,
    release,
    serving,
)

ROUNDS = 20  # requests of each page, each on a fresh connection
# Requests in flight at once: with one worker busy, the other must take the next connection (sent
# one at a time, they may all go to whichever worker the kernel happens to wake first).
AT_ONCE = 4
# The access log names the worker (its pid) and the probe each request carried.
ACCESS_LOG_FORMAT = "%(p)s %({x-probe}i)s %(s)s"
LOGGED = re.compile(r"^<(\d+)> (\w+) (\d{3})$")
FAILURES_PER_EMAIL = 5  # allauth's default login_failed limit per email: "5/300s/key"
# What another process (an editor's `manage.py shell`) does, in Python.
WASHRAG = "from routines.models import Routine\nroutine = Routine.objects.get(slug='washrag')"


def pages(slug: str) -> list[str]:
    """The pages that list or search the library, and the routine's own."""
    words = slug.replace("-", "+")
    return ["/routines/", f"/routines/?q={words}", "/feed/", "/sitemap.xml", f"/routines/{slug}/"]


@dataclass
class Visit:
    path: str
    response: Response
    worker: int


@pytest.fixture(scope="module")
def two_workers(tmp_path_factory):
    """gunicorn, two workers, with production settings on SQLite, after the release steps."""
    folder = tmp_path_factory.mktemp("one-truth")
    site = production_site(
        folder,
        database_url=f"sqlite:///{folder / 'db.sqlite3'}",
        s3_endpoint=None,
        uses_redis=False,
    )
    site.env["LOG_FORMAT"] = "plain"  # gunicorn's own access lines, in ACCESS_LOG_FORMAT
    release(site)
    with serving(site, "--access-logformat", ACCESS_LOG_FORMAT):
        yield site


def test_an_unpublished_routine_is_gone_from_every_worker_at_once(two_workers):
    assert_listed(until_both_workers_served(two_workers, "washrag"), "washrag")

    two_workers.django(f"{WASHRAG}\nroutine.unpublish()")
    after = until_both_workers_served(two_workers, "washrag")

    assert_gone(after, "washrag")


def test_a_republished_routine_is_back_on_every_worker_at_once(two_workers):
    two_workers.django(f"{WASHRAG}\nif routine.is_published:\n    routine.unpublish()")
    assert_gone(until_both_workers_served(two_workers, "washrag"), "washrag")

    two_workers.django(f"{WASHRAG}\nroutine.publish()")
    after = until_both_workers_served(two_workers, "washrag")

    assert_listed(after, "washrag")


def test_a_login_limit_counted_by_one_worker_holds_on_the_other(two_workers):
    """No Redis here: the shared cache is the database table, which both workers count in."""
    email = new_email()
    for _ in range(FAILURES_PER_EMAIL):
        assert WRONG_PASSWORD in failed_login(two_workers, email, reader_address())

    def attempt(probe: str) -> tuple[str, bool]:
        page = failed_login(two_workers, email, reader_address(), **{"X-Probe": probe})
        return probe, TOO_MANY_ATTEMPTS in page

    refused, workers = [], {}
    for _ in range(5):  # rounds, until both workers have answered
        refused += at_once(attempt, [secrets.token_hex(6) for _ in range(ROUNDS)])
        workers = served_by(two_workers, {probe for probe, _ in refused})
        if len(set(workers.values())) == 2:
            break
    assert len(set(workers.values())) == 2, "both workers answered"
    assert all(was_refused for _, was_refused in refused), [
        (workers[probe], was_refused) for probe, was_refused in refused
    ]


@pytest.fixture
def side_bend_deleted_in_admin(two_workers):
    """Both workers cache the pages of "side-bend"; then the editor deletes it in admin."""
    assert_listed(until_both_workers_served(two_workers, "side-bend"), "side-bend")
    side_bend = two_workers.django(
        "from routines.models import Routine\nprint(Routine.objects.get(slug='side-bend').pk)"
    ).strip()
    editor = Browser()
    editor.sign_in_to_admin(two_workers)
    done = editor.admin_action(
        two_workers, "routines/routine", "delete_selected", side_bend, post="yes"
    )
    assert "Successfully deleted 1 routine." in done


def test_a_routine_deleted_in_admin_is_gone_from_every_worker_at_once(
    two_workers, side_bend_deleted_in_admin
):
    after = until_both_workers_served(two_workers, "side-bend")

    assert_gone(after, "side-bend")


def until_both_workers_served(site, slug: str, *, most: int = 5) -> list[Visit]:
    """
    Visit every page until both workers have served each of them (and so, before a change,
    cached it): which worker takes a connection is the kernel's choice, so one round may miss one.
    """
    visits: list[Visit] = []
    for _ in range(most):
        visits += visit_each(site, slug)
        if all(len(workers) == 2 for workers in workers_by_page(visits).values()):
            return visits
    pytest.fail(f"one worker never served some page: {dict(workers_by_page(visits))}")


def visit_each(site, slug: str) -> list[Visit]:
    """Each page ROUNDS times, each on a fresh connection; with the worker that served it."""
    probes = {secrets.token_hex(6): path for _ in range(ROUNDS) for path in pages(slug)}
    responses = dict(
        at_once(lambda probe: (probe, site.get(probes[probe], **{"X-Probe": probe})), probes)
    )
    workers = served_by(site, set(probes))
    return [Visit(path, responses[probe], workers[probe]) for probe, path in probes.items()]


def at_once(call, items) -> list:
    """`call` on each item, AT_ONCE at a time, so that both workers answer some."""
    with ThreadPoolExecutor(AT_ONCE) as pool:
        return list(pool.map(call, items))


def served_by(site, probes: set[str], seconds: float = 10) -> dict[str, int]:
    """The worker that logged each probe (gunicorn logs a request just after answering it)."""
    deadline = time.monotonic() + seconds
    while True:
        found = {}
        for line in site.access_log.read_text().splitlines():
            if (match := LOGGED.match(line)) and match[2] in probes:
                found[match[2]] = int(match[1])
        if len(found) == len(probes) or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    assert len(found) == len(probes), f"{len(probes) - len(found)} requests were never logged"
    return found


def workers_by_page(visits: list[Visit]) -> dict[str, set[int]]:
    workers = defaultdict(set)
    for visit in visits:
        workers[visit.path].add(visit.worker)
    return workers


def assert_listed(visits: list[Visit], slug: str) -> None:
    link = f"/routines/{slug}/"
    for visit in visits:
        assert visit.response.status == 200, (visit.path, visit.worker)
        assert link in shown(visit), f"{visit.path} does not show {slug} on {visit.worker}"


def assert_gone(visits: list[Visit], slug: str) -> None:
    link = f"/routines/{slug}/"
    for visit in visits:
        if visit.path == link:
            assert visit.response.status == 404, (visit.worker, visit.response.status)
        else:
            assert visit.response.status == 200, (visit.path, visit.worker)
            assert link not in shown(visit), f"{visit.path} still shows {slug} on {visit.worker}"


def shown(visit: Visit) -> str:
    return visit.response.body.decode()
