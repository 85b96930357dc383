"""
Several app servers behind one proxy (issue 14): two gunicorns (two workers each) and a task
worker, one PostgreSQL database, one S3 API server, Redis when it runs here. What one server
changes, the other shows on its very next request; a rate limit counted on one holds on the other.

Runs in the PostgreSQL pass only (`make test-postgres`), where it stands for production.
"""

import os
import re
import secrets
import subprocess
import sys
import time
from contextlib import contextmanager

import psycopg
import pytest

from tests.submissions.forms import written
from tests.submissions.videos import make_video

from .conftest import (
    PUBLIC_BUCKET,
    ROOT,
    TOO_MANY_ATTEMPTS,
    WRONG_PASSWORD,
    Browser,
    failed_login,
    new_email,
    reader_address,
    serving,
    stop,
)

pytestmark = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="several servers share a PostgreSQL database: runs in the PostgreSQL pass only "
    "(DATABASE_URL=postgres://…, as `make test-postgres` sets it)",
)

LINK = "/routines/washrag/"
PAGES = ["/routines/", "/routines/?q=twist", "/feed/", "/sitemap.xml"]  # washrag is a twist
# allauth's default login_failed limit, "10/m/ip,5/300s/key": per reader's address, per email.
FAILURES_PER_EMAIL, FAILURES_PER_ADDRESS = 5, 10


@contextmanager
def task_worker(site):
    """`manage.py db_worker` with the site's variables, as on any machine of the site."""
    log = site.error_log.with_name("worker.log")
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "manage.py", "db_worker"],
            cwd=ROOT,
            env=site.env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        yield process
    finally:
        stop(process)


@pytest.fixture(scope="module")
def servers(site, tmp_path_factory):
    """Server A (the `site`: the release steps ran there), server B beside it, a task worker."""
    b = site.another_server(tmp_path_factory.mktemp("server-b"))
    with serving(b), task_worker(site):
        yield site, b


@pytest.fixture(scope="module")
def editor(servers):
    """
    The editor's browser, signed in to admin through A. The proxy may send any of its requests
    to either server: the session lives in the shared database.
    """
    browser = Browser()
    browser.sign_in_to_admin(servers[0])
    return browser


def test_an_unpublish_in_one_servers_admin_shows_on_the_other_at_once(servers, editor):
    a, b = servers
    for _ in range(10):  # fresh connections: both of B's workers cache every page
        for path in [*PAGES, LINK]:
            assert LINK in b.get(path).body.decode(), path
    washrag = a.django(
        "from routines.models import Routine\nprint(Routine.objects.get(slug='washrag').pk)"
    ).strip()

    done = editor.admin_action(a, "routines/routine", "unpublish_selected", washrag)

    assert "1 routine moved back to draft." in done
    for _ in range(10):
        for path in PAGES:
            page = b.get(path)
            assert page.status == 200 and LINK not in page.body.decode(), path
        assert b.get(LINK).status == 404


def test_login_limits_counted_on_one_server_hold_on_the_other(servers):
    a, b = servers
    email, reader, other_reader = new_email(), reader_address(), reader_address()

    for _ in range(FAILURES_PER_EMAIL):
        assert WRONG_PASSWORD in failed_login(a, email, reader)
    # The email's limit holds on B, whoever tries it there.
    assert TOO_MANY_ATTEMPTS in failed_login(b, email, other_reader)

    for _ in range(FAILURES_PER_ADDRESS - FAILURES_PER_EMAIL):
        assert WRONG_PASSWORD in failed_login(a, new_email(), reader)
    # The reader's own address (past the proxy) is limited on B too, and only theirs.
    assert TOO_MANY_ATTEMPTS in failed_login(b, new_email(), reader)
    assert WRONG_PASSWORD in failed_login(b, new_email(), other_reader)


def test_a_video_sent_to_one_server_is_processed_and_published_on_the_other(
    servers, editor, postgres_url, tmp_path
):
    a, b = servers
    email, password = new_email(), secrets.token_urlsafe(16)
    a.django(
        "from allauth.account.models import EmailAddress\n"
        "from django.contrib.auth import get_user_model\n"
        f"user = get_user_model().objects.create_user('teacher', {email!r}, {password!r})\n"
        f"EmailAddress.objects.create(user=user, email={email!r}, primary=True, verified=True)\n"
    )
    teacher = Browser()
    assert teacher.sign_in(a, email, password).status == 302
    title = f"Rolling the pelvis {secrets.token_hex(3)}"
    clip = make_video(tmp_path / "clip.mp4", seconds=2, faststart=True).read_bytes()

    sent = teacher.post(
        a, "/submit/", written(kind="video", title=title), {"video": ("clip.mp4", clip)}
    )

    assert sent.status == 302, sent.body[:1000]
    submission = re.search(r"/submissions/(\d+)/sent/", sent.header("Location")).group(1)
    assert video_status(postgres_url, submission, until="ready", seconds=60) == "ready"
    for _ in range(10):  # both of A's workers cache the list without it
        assert title not in a.get("/routines/").body.decode()

    done = editor.admin_action(b, "submissions/submission", "publish_selected", submission)

    assert "1 submission published." in done
    listing = a.get("/routines/").body.decode()
    assert title in listing
    path = re.search(rf'href="(/routines/[\w-]+/)">{title}<', listing).group(1)
    page = a.get(path)
    assert page.status == 200
    assert f"{a.s3_endpoint}/{PUBLIC_BUCKET}/media/" in page.body.decode(), "its video, public"


def video_status(database_url: str, submission: str, *, until: str, seconds: float) -> str:
    """The video's processing status, once it is `until` or failed, or after `seconds`."""
    deadline = time.monotonic() + seconds
    with psycopg.connect(database_url, autocommit=True) as connection:
        while True:
            row = connection.execute(
                "SELECT status, error FROM submissions_video WHERE submission_id = %s",
                [int(submission)],
            ).fetchone()
            status = row[0] if row else "not recorded"
            if status in (until, "failed") or time.monotonic() > deadline:
                return status if status != "failed" else f"failed: {row[1]}"
            time.sleep(0.25)
