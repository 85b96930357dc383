"""
`make bench`: the Somatics Library's speed, scale and memory, measured against the framework's
own floor on this machine, printed as one table and written to bench-results.json.

    python -m tests.perf.bench            # the full run (< 10 minutes): a 10,000-routine site,
                                          #   search at 1k/10k/100k, 200 MB + 1 GB uploads, 60 s
                                          #   clip
    python -m tests.perf.bench --quick    # for development (< 2 minutes): 3 s loads, no 100k
    DATABASE_URL=postgres://… python -m tests.perf.bench   # PostgreSQL (a throwaway database
                                          #   is created on that server and dropped afterwards)

Everything runs in a throwaway folder and database: SQLite by default, the starter library plus
generated routines (tests/perf/library.py). The site runs as in production: gunicorn with
gunicorn.conf.py (2 workers, worker recycling, access log), DEBUG off, collected static files
served by whitenoise, on 127.0.0.1. The phases, in order:

1. queries  SQL queries per page (cache cleared) at a 10- and a 10,000-routine library.
2. search   latency of the searches, uncached (cache cleared before each) and cached, in this
            process through Django's test client, as the library grows 1k -> 10k (-> 100k last).
3. http     gunicorn: page weight, then throughput and latency with wrk (16 connections) for
            each page, a bare Django view returning the routine page's bytes (the floor, see
            floor_wsgi.py) and whitenoise serving the same bytes as a static file; then all of
            it again with gunicorn's worker recycling off, to show what recycling costs.
4. uploads  a video posted through the real submission form, streamed from disk: the worker's
            peak memory growth, and its rate against dd writing the same bytes; then the same
            video over tus, cut at 50 % and resumed (tests/perf/resumable.py). Each is sent
            several times: the median round counts.
5. transcode the 720p web rendition of a generated 1080p clip, against the ffmpeg CLI.

`--only` runs some phases; `--redis URL` gives gunicorn that Redis database as its shared cache
(rate limits; it is flushed: give it one of its own); `--keep` keeps the throwaway folder.
"""

from __future__ import annotations

import argparse
import http.client
import json
import math
import os
import platform
import re
import runpy
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, urljoin, urlsplit

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
MB = 1024 * 1024
KB = 1024
PHASES = ("queries", "search", "http", "uploads", "transcode")
FLOOR_STATIC = "bench/floor.html"  # under STATIC_ROOT: whitenoise serves the floor's bytes
# The reader's word, the same word misspelt, and a French reader's word ("back": one generated
# routine in ten is in French, the others are searched in their English text).
SEARCHES = ("psoas", "soas", "dos")
SEARCH_LANGUAGE = {"dos": "fr"}  # who searches for each word; English unless said here
# For comparison: two common words, and a rare word with a common one. ("gentle" is no longer
# rare: stemmed by Snowball, it is the generated routines' "gently".)
TWO_WORD_SEARCHES = ("psoas release", "washrag neck")
# The site's own variables come from here only, never from whoever runs the bench.
FOREIGN_VARIABLES = (
    "AWS_",
    "REDIS_URL",
    "EMAIL_",
    "CSP_",
    "SECURE_",
    "LOG_",
    "GUNICORN_",
    "WEB_CONCURRENCY",
    "SITE_URL",
    "STATIC_ROOT",
    "MEDIA_ROOT",
    "PRIVATE_MEDIA_ROOT",
    "SUBMISSION",
    "VIDEO_MAX",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED",
    "DJANGO_ALLOW_ASYNC",
)


@dataclass(frozen=True)
class Config:
    """How big and how long; `FULL` is what the issue asks for, the others are smaller."""

    mode: str = "full"
    library: int = 10_000  # generated routines (plus the starter library) the site serves
    query_sizes: tuple[int, int] = (10, 10_000)
    search_sizes: tuple[int, ...] = (1_000, 10_000, 100_000)
    search_samples: int = 25  # timed requests per search and size, cache cleared before each
    cached_samples: int = 200  # and with the cache warm
    connections: int = 16
    wrk_seconds: int = 10
    warm_seconds: int = 3  # an untimed wrk run first: a new gunicorn's first seconds are slow
    upload_mb: tuple[int, ...] = (200, 1024)
    upload_rounds: int = 3  # each upload (and dd beside it) this many times: the median counts
    clip_seconds: int = 60
    clip_size: tuple[int, int] = (1920, 1080)
    workers: int = 2
    wrk_pages: tuple[str, ...] = ()  # only these pages (empty: all)
    without_recycling: bool = False  # load again with gunicorn's max_requests off, to compare


FULL = Config()
QUICK = Config(
    mode="quick",
    search_sizes=(1_000, 10_000),
    search_samples=15,
    cached_samples=100,
    wrk_seconds=3,
    warm_seconds=2,
    upload_mb=(50,),
    upload_rounds=1,
    clip_seconds=10,
)
SMOKE = Config(
    mode="smoke",
    library=20,
    query_sizes=(10, 20),
    search_sizes=(10, 20),
    search_samples=3,
    cached_samples=3,
    wrk_seconds=1,
    warm_seconds=0,
    upload_mb=(2,),
    upload_rounds=1,
    clip_seconds=1,
    wrk_pages=("routine", "routine, signed in"),
    without_recycling=False,
)


@dataclass
class Page:
    name: str
    url: str
    floor_share: float | None  # the goal: at least this share of the bare view's throughput
    bare_share: float | None = None  # and this share of the bare view without any middleware
    signed_in: bool = False  # asked for by a signed-in reader (their session cookie)


def pct(values: list[float], p: float) -> float:
    """The p-th percentile (nearest rank) of a list of numbers."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def ms(seconds: float | None) -> str:
    return "—" if seconds is None else f"{seconds * 1000:.1f} ms"


def mib(size: float | None) -> str:
    return "—" if size is None else f"{size / MB:.1f} MB"


def kib(size: float | None) -> str:
    return "—" if size is None else f"{size / KB:.1f} KB"


def tick(ok: bool | None) -> str:
    return {True: "pass", False: "**FAIL**", None: "—"}[ok]


# The machine and the tools -------------------------------------------------------------------


def machine() -> dict:
    cpu = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    model = re.search(r"model name\s*:\s*(.+)", cpu)
    mem = Path("/proc/meminfo").read_text() if Path("/proc/meminfo").exists() else ""
    total = re.search(r"MemTotal:\s+(\d+) kB", mem)
    release = Path("/etc/os-release")
    os_name = re.search(r'PRETTY_NAME="([^"]+)"', release.read_text()) if release.exists() else None
    return {
        "cpus": os.cpu_count(),
        "cpu_model": model[1].strip() if model else platform.processor(),
        "memory_gb": round(int(total[1]) / 1024 / 1024, 1) if total else None,
        "os": os_name[1] if os_name else platform.platform(),
        "kernel": platform.release(),
        "python": platform.python_version(),
    }


def tool_version(command: list[str]) -> str | None:
    if not shutil.which(command[0]):
        return None
    out = subprocess.run(command, capture_output=True, text=True, check=False)
    return (out.stdout or out.stderr).strip().splitlines()[0] if (out.stdout or out.stderr) else ""


# The throwaway environment ---------------------------------------------------------------------


class Environment:
    """A folder, a database and the variables of a production-like site, all thrown away after."""

    def __init__(self, *, keep: bool, redis_url: str | None):
        self.dir = Path(tempfile.mkdtemp(prefix="somatics-bench-"))
        self.keep, self.redis_url = keep, redis_url
        self.static_root = self.dir / "static"
        self.private_media = self.dir / "private-media"
        self.tmp = self.dir / "tmp"  # uploads stream here: the same disk as private storage
        self.tmp.mkdir()
        self._drop_database = None
        given = os.environ.get("DATABASE_URL", "")
        if given.startswith(("postgres://", "postgresql://")):
            self.database_url = self._throwaway_postgres(given)
        else:
            self.database_url = f"sqlite:///{self.dir / 'bench.sqlite3'}"
        for name in list(os.environ):
            if name.startswith(FOREIGN_VARIABLES):
                del os.environ[name]
        os.environ.update(
            DJANGO_SETTINGS_MODULE="somatics.settings",
            DEBUG="0",
            SECRET_KEY=secrets.token_urlsafe(50),
            ALLOWED_HOSTS="127.0.0.1",
            SECURE_SSL_REDIRECT="0",  # plain http on the loopback, no proxy in front
            DATABASE_URL=self.database_url,
            STATIC_ROOT=str(self.static_root),
            MEDIA_ROOT=str(self.dir / "media"),
            PRIVATE_MEDIA_ROOT=str(self.private_media),
            TMPDIR=str(self.tmp),
            SUBMISSION_MAX_UPLOAD_MB="1100",  # room for the 1 GB upload (the default is 500)
            SUBMISSIONS_PER_DAY="1000",
        )
        tempfile.tempdir = None  # read TMPDIR afresh

    def _throwaway_postgres(self, url: str) -> str:
        import psycopg

        parts = urlsplit(url)
        admin = parts._replace(path="/postgres").geturl()
        name = f"somatics_bench_{secrets.token_hex(4)}"
        with psycopg.connect(admin, autocommit=True, connect_timeout=5) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')

        def drop():
            from django.db import connections

            connections.close_all()
            with psycopg.connect(admin, autocommit=True, connect_timeout=5) as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

        self._drop_database = drop
        return parts._replace(path=f"/{name}").geturl()

    def close(self) -> None:
        if self._drop_database:
            self._drop_database()
        if self.keep:
            print(f"kept {self.dir}")
        else:
            shutil.rmtree(self.dir, ignore_errors=True)


def setup_django(env: Environment) -> None:
    import django

    django.setup()
    from django.core.management import call_command

    from routines.starter import load_library

    call_command("migrate", verbosity=0, interactive=False)
    call_command("collectstatic", verbosity=0, interactive=False)
    load_library()


def generated_count() -> int:
    from routines.models import Routine
    from tests.perf.library import SLUG_PREFIX

    return Routine.objects.filter(slug__startswith=SLUG_PREFIX).count()


def grow_library(size: int) -> float:
    """Generate routines until `size` of them exist; returns the seconds it took."""
    from django.db import connection

    from tests.perf.library import generate

    started = time.perf_counter()
    missing = size - generated_count()
    if missing > 0:
        generate(missing, seed=size)
        if connection.vendor == "postgresql":
            # A real server's autovacuum would have vacuumed and analysed the new rows by now
            # (it does so after bulk inserts): the statistics, and the visibility map that
            # lets a search read its covering index alone. Its checkpointer would have written
            # them out too: otherwise the uploads measured next share the disk with it.
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
                cursor.execute("CHECKPOINT")
    return time.perf_counter() - started


def routine_count() -> int:
    from routines.models import Routine

    return Routine.objects.published().count()


def pages() -> list[Page]:
    """
    The pages measured: the psoas release (starter library) and a filter it matches, for an
    anonymous reader; then the routine, the list and a search for a signed-in reader.
    """
    from routines.models import Routine

    routine = Routine.objects.get(slug="psoas-release")
    area = routine.body_areas.order_by("position").first()
    return [
        Page("home", "/", None),
        Page("list", "/routines/", 0.5, 0.5),
        Page("filter", f"/routines/?position={routine.position}&area={area.slug}", 0.5, 0.5),
        Page("routine", f"/routines/{routine.slug}/", 0.5, 0.5),
        Page("search psoas", "/routines/?q=psoas", 0.3, 0.5),
        Page("search soas", "/routines/?q=soas", 0.3, 0.5),
        Page("routine, signed in", f"/routines/{routine.slug}/", None, 0.25, signed_in=True),
        Page("list, signed in", "/routines/", None, 0.25, signed_in=True),
        Page("search psoas, signed in", "/routines/?q=psoas", None, 0.25, signed_in=True),
    ]


def client(host: str = "127.0.0.1"):
    from django.test import Client

    return Client(HTTP_HOST=host)


# 1. Queries per page --------------------------------------------------------------------------


def count_queries() -> dict[str, int]:
    """SQL queries each page makes for an anonymous reader, the cache cleared first."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from routines.caching import forget_all

    browser, counts = client(), {}
    for page in pages():
        if page.signed_in:
            continue
        forget_all()
        with CaptureQueriesContext(connection) as queries:
            response = browser.get(page.url)
        assert response.status_code == 200, (page.url, response.status_code)
        counts[page.name] = len(queries)
    return counts


# 2. Search scale ----------------------------------------------------------------------------


def search_url(word: str) -> str:
    """The search page for `word` in the language of the reader who searches for it."""
    from django.urls import reverse
    from django.utils import translation

    with translation.override(SEARCH_LANGUAGE.get(word, "en")):
        return f"{reverse('routines:list')}?q={quote(word)}"


def search_name(word: str) -> str:
    """ "psoas", or "dos (fr)" for a word a reader of another language searches for."""
    language = SEARCH_LANGUAGE.get(word)
    return f"{word} ({language})" if language else word


def time_page(
    url: str, samples: int, cached_samples: int, *, after_change: bool = False, language="en"
) -> dict:
    """
    One page, `samples` times with the cache cleared first, and `cached_samples` times warm;
    with `after_change`, `samples` times more right after a change to the library (the version
    bumped, as a publish does: what the first reader after an editor's change waits for). The
    reader has chosen `language` (its cookie).
    """
    from django.conf import settings

    from routines.caching import forget_all, library_changed

    browser = client()
    if language != "en":
        browser.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    browser.get(url)  # first use of this code path: imports, template loading

    def timed(before) -> list[float]:
        times = []
        for _ in range(samples):
            before()
            started = time.perf_counter()
            response = browser.get(url)
            times.append(time.perf_counter() - started)
            assert response.status_code == 200, (url, response.status_code)
        return times

    cold = timed(forget_all)
    changed = timed(library_changed) if after_change else None
    warm = []
    for _ in range(cached_samples):
        started = time.perf_counter()
        browser.get(url)
        warm.append(time.perf_counter() - started)
    return {
        "url": url,
        "uncached": {"median": statistics.median(cold), "p95": pct(cold, 95)},
        "after_change": (
            {"median": statistics.median(changed), "p95": pct(changed, 95)} if changed else None
        ),
        "cached": {"median": statistics.median(warm), "p95": pct(warm, 95)} if warm else None,
    }


def time_searches(samples: int, cached_samples: int) -> dict[str, dict]:
    """Each search page, then (for comparison) the other library pages whose cost may grow."""
    from routines.search import search

    results = {}
    for word in SEARCHES:
        language = SEARCH_LANGUAGE.get(word, "en")
        results[word] = time_page(search_url(word), samples, cached_samples, language=language)
        results[word]["results"] = search(word, language=language).total
    results["pages"] = {
        page.name: time_page(page.url, samples, 0, after_change=page.name == "routine")
        for page in pages()
        if page.name in ("list", "filter", "routine")
    }
    for words in TWO_WORD_SEARCHES:
        results["pages"][f"q={words}"] = time_page(f"/routines/?q={quote(words)}", samples, 0)
    return results


# 3. The site under load -------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Fetched:
    status: int
    headers: dict[str, str]
    body: bytes


def fetch(port: int, url: str, headers: dict | None = None, timeout: float = 30) -> Fetched:
    """One GET, as wrk and browsers send it (the Host header names the port too)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", url, headers=headers or {})
        response = connection.getresponse()
        body = response.read()
        return Fetched(response.status, {k.lower(): v for k, v in response.getheaders()}, body)
    finally:
        connection.close()


class Gunicorn:
    """gunicorn with the production config, serving the site plus the floor view."""

    def __init__(
        self,
        env: Environment,
        config: Config,
        floor_file: Path,
        port: int,
        extra: list[str],
        app: str = "tests.perf.floor_wsgi:application",
    ):
        self.port, self.count = port, config.workers
        self.log = env.dir / f"gunicorn-{port}-{time.monotonic_ns()}.log"
        variables = {
            **os.environ,
            "WEB_CONCURRENCY": str(config.workers),
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
            "BENCH_FLOOR_FILE": str(floor_file),
        }
        if env.redis_url:
            variables["REDIS_URL"] = env.redis_url
        command = [
            str(Path(sys.executable).with_name("gunicorn")),
            "-c",
            str(ROOT / "gunicorn.conf.py"),
            *extra,
            app,
        ]
        with self.log.open("wb") as out:
            self.process = subprocess.Popen(
                command, cwd=ROOT, env=variables, stdout=out, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited:\n{self.log.read_text()[-3000:]}")
            try:
                if fetch(self.port, "/healthz", timeout=5).status == 200:
                    break
            except OSError:
                time.sleep(0.2)
        else:
            self.stop()
            raise RuntimeError(f"gunicorn did not answer:\n{self.log.read_text()[-3000:]}")

    def workers(self) -> list[int]:
        from tests.perf.memory import children

        return children(self.process.pid)

    def restarts(self) -> int:
        """Workers booted beyond the first ones: gunicorn's recycling (max_requests)."""
        return self.log.read_text(errors="replace").count("Booting worker") - self.count

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def wrk(port: int, url: str, *, connections: int, seconds: int, headers=None) -> dict:
    """One bounded wrk run against 127.0.0.1; its figures from wrk_report.lua."""
    command = [
        "wrk",
        "-t1",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "5s",
        *(f"-H{name}: {value}" for name, value in (headers or {}).items()),
        "-s",
        str(HERE / "wrk_report.lua"),
        f"http://127.0.0.1:{port}{url}",
    ]
    out = subprocess.run(command, capture_output=True, text=True, check=True, timeout=seconds + 30)
    line = next(line for line in out.stdout.splitlines() if line.startswith("BENCH_JSON "))
    data = json.loads(line.removeprefix("BENCH_JSON "))
    seconds_run = data["duration_us"] / 1e6
    latency = {k: v / 1e6 for k, v in data["latency_us"].items()}
    return {
        "requests": data["requests"],
        "rps": data["requests"] / seconds_run,
        "latency": latency,
        "errors": data["errors"],
        "bytes_per_response": data["bytes"] / max(1, data["requests"]),
    }


class _Assets(HTMLParser):
    """What a page asks the browser for, and which of it blocks the first render."""

    def __init__(self):
        super().__init__()
        self.in_head = True
        self.blocking: list[str] = []  # stylesheets, and classic scripts in <head>
        self.css: list[str] = []
        self.js: list[str] = []
        self.other: list[str] = []  # icons, images, media: not counted in the weight

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "body":
            self.in_head = False
        elif tag == "link" and "stylesheet" in (a.get("rel") or "").split():
            self.css.append(a["href"])
            if (a.get("media") or "all") not in ("print",) and "disabled" not in a:
                self.blocking.append(a["href"])
        elif tag == "link" and "modulepreload" in (a.get("rel") or "").split():
            self.js.append(a["href"])
        elif tag == "script" and a.get("src"):
            self.js.append(a["src"])
            deferred = "async" in a or "defer" in a or a.get("type") == "module"
            if self.in_head and not deferred:
                self.blocking.append(a["src"])
        elif tag in ("img", "video", "source", "iframe") and a.get("src"):
            self.other.append(a["src"])
        elif tag == "link" and a.get("href") and "icon" in (a.get("rel") or ""):
            self.other.append(a["href"])


JS_IMPORT = re.compile(r"""(?:import|export)\s*(?:[\w*{}\s,]+from\s*)?["']([^"']+\.m?js)["']""")
CSS_IMPORT = re.compile(r"""@import\s+(?:url\()?["']?([^"')\s;]+)""")


def page_weight(port: int, url: str) -> dict:
    """Bytes on the wire for a page's HTML, CSS and JS, asking for compression as browsers do."""
    accept = {"Accept-Encoding": "br, gzip"}
    page = fetch(port, url, accept)
    html_raw = fetch(port, url).body  # the same page uncompressed, for reference
    assets = _Assets()
    assets.feed(html_raw.decode())
    files, seen = [], set()
    queue = [("css", u) for u in assets.css] + [("js", u) for u in assets.js]
    blocking = list(assets.blocking)
    while queue:
        kind, ref = queue.pop(0)
        absolute = urljoin(url, ref)
        if absolute in seen or urlsplit(ref).netloc:
            continue
        seen.add(absolute)
        got = fetch(port, absolute, accept)
        plain = fetch(port, absolute)  # the same file uncompressed, for reference
        files.append(
            {
                "kind": kind,
                "url": absolute,
                "status": got.status,
                "wire": len(got.body),
                "encoding": got.headers.get("content-encoding", "identity"),
                "size": len(plain.body),
            }
        )
        text = plain.body.decode(errors="replace")
        pattern = CSS_IMPORT if kind == "css" else JS_IMPORT
        for found in pattern.findall(text):
            queue.append((kind, urljoin(absolute, found)))
            if kind == "css" and absolute in [urljoin(url, b) for b in assets.blocking]:
                blocking.append(found)  # an @import in a blocking stylesheet blocks too
    html_wire = len(page.body)
    css = sum(f["wire"] for f in files if f["kind"] == "css")
    js = sum(f["wire"] for f in files if f["kind"] == "js")
    return {
        "url": url,
        "html": {
            "wire": html_wire,
            "size": len(html_raw),
            "encoding": page.headers.get("content-encoding", "identity"),
        },
        "css": css,
        "js": js,
        "total_wire": html_wire + css + js,
        "files": files,
        "requests_before_render": 1 + len(blocking),
        "blocking": blocking,
        "other_requests": assets.other,
    }


def render_floor_body(port: int, url: str) -> bytes:
    """The routine page's bytes as gunicorn will serve them (same host, port and database)."""
    from routines.caching import forget_all

    forget_all()  # pages are cached by path alone: render this one for this host and port
    response = client(f"127.0.0.1:{port}").get(url)
    assert response.status_code == 200
    return response.content


def measure_throughput(
    server: Gunicorn, config: Config, targets: list[tuple[str, str, str]]
) -> dict:
    """
    A warm-up first: a new gunicorn's first seconds are slow (wrk on the floor for a moment),
    and each worker fills its own page cache (a burst of concurrent requests to every target).
    Then one timed wrk run per target (name, URL, the Cookie header or ""), in order.
    """
    if config.warm_seconds:
        wrk(server.port, targets[0][1], connections=config.connections, seconds=config.warm_seconds)
    with ThreadPoolExecutor(config.connections) as pool:
        for _, url, cookie in targets:
            headers = {"Cookie": cookie} if cookie else None
            burst = [url] * config.connections * 4
            list(pool.map(lambda u, h=headers: fetch(server.port, u, h), burst))
    results = {}
    for name, url, cookie in targets:
        results[name] = {
            "url": url,
            "signed_in": bool(cookie),
            **wrk(
                server.port,
                url,
                connections=config.connections,
                seconds=config.wrk_seconds,
                headers={"Cookie": cookie} if cookie else None,
            ),
        }
        print(
            f"  {name:<24} {results[name]['rps']:8.0f} req/s  "
            f"p99 {ms(results[name]['latency']['p99'])}",
            flush=True,
        )
    return results


# 4. Uploads -----------------------------------------------------------------------------------

BOUNDARY = "----somatics-bench-boundary"
CSRF_SECRET = "b" * 32  # a CSRF cookie's secret; the form may send it unmasked


def signed_in_reader() -> str:
    """A verified reader, signed in through a session of their own: their Cookie header."""
    from allauth.account.models import EmailAddress
    from django.conf import settings
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.contrib.sessions.backends.db import SessionStore

    email = "bench-reader@example.com"
    user = get_user_model().objects.filter(email=email).first()
    if user is None:
        user = get_user_model().objects.create_user(
            username="bench-reader", email=email, password=secrets.token_urlsafe(16)
        )
        EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return (
        f"{settings.SESSION_COOKIE_NAME}={session.session_key}; "
        f"{settings.CSRF_COOKIE_NAME}={CSRF_SECRET}"
    )


def form_fields(title: str) -> dict[str, str]:
    """A complete pattern on video as the browser posts it, but for the file itself."""
    from tests.submissions.forms import written

    return written(csrfmiddlewaretoken=CSRF_SECRET, kind="video", title=title)


def write_body(path: Path, title: str, clip: Path, padding_mb: int) -> tuple[int, int]:
    """
    A multipart/form-data body on disk: the fields, then a real, playable MP4 (index first)
    followed by `padding_mb` MB of noise, as a long take would weigh. Returns the body's size
    and the video file's.
    """
    noise = os.urandom(MB)
    with path.open("wb") as out:
        for name, value in form_fields(title).items():
            out.write(
                f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                f"{value}\r\n".encode()
            )
        out.write(
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="video"; '
            f'filename="long-take.mp4"\r\nContent-Type: video/mp4\r\n\r\n'.encode()
        )
        out.write(clip.read_bytes())
        for _ in range(padding_mb):
            out.write(noise)
        out.write(f"\r\n--{BOUNDARY}--\r\n".encode())
    return path.stat().st_size, clip.stat().st_size + padding_mb * MB


def post_body(port: int, body: Path, cookies: str) -> tuple[int, str, float]:
    """Stream the body from disk to /submit/ in 1 MB writes; (status, Location, seconds)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    started = time.perf_counter()
    try:
        connection.putrequest("POST", "/submit/")
        connection.putheader("Content-Type", f"multipart/form-data; boundary={BOUNDARY}")
        connection.putheader("Content-Length", str(body.stat().st_size))
        connection.putheader("Cookie", cookies)
        connection.endheaders()
        with body.open("rb") as stream:
            while chunk := stream.read(MB):
                connection.send(chunk)
        response = connection.getresponse()
        response.read()
        return response.status, response.getheader("Location") or "", time.perf_counter() - started
    finally:
        connection.close()


def dd_rate(folder: Path, size_mb: int, *, sync: bool) -> float:
    """dd writing `size_mb` MB of zeros to a file in `folder` (synced to disk or not): bytes/s."""
    target = folder / "dd.bin"
    command = ["dd", "if=/dev/zero", f"of={target}", "bs=1M", f"count={size_mb}", "status=none"]
    started = time.perf_counter()
    subprocess.run(command + (["conv=fdatasync"] if sync else []), check=True)
    seconds = time.perf_counter() - started
    target.unlink()
    return size_mb * MB / seconds


def measure_uploads(server: Gunicorn, env: Environment, config: Config, cookies: str) -> dict:
    from tests.submissions.videos import make_video

    print(f"gunicorn on 127.0.0.1:{server.port} for uploads, workers {server.workers()}")

    clip = make_video(env.dir / "clip.mp4", seconds=2, faststart=True)
    body = env.dir / "body.bin"
    # Warm up both workers at once (each is busy with one): imports, templates, FFmpeg.
    for round_ in range(2):
        bodies = []
        for n in range(config.workers):
            bodies.append(env.dir / f"warm-{n}.bin")
            write_body(bodies[-1], f"Warm-up {round_}-{n}", clip, 1)
        threads = [
            threading.Thread(target=post_body, args=(server.port, b, cookies)) for b in bodies
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    results = []
    for size_mb in config.upload_mb:
        body_size, video_size = write_body(body, f"Long take, {size_mb} MB", clip, size_mb)
        rounds = []
        for round_ in range(config.upload_rounds):
            rounds.append(upload_once(server, env, body, video_size, cookies, size_mb))
            last = rounds[-1]
            print(
                f"  upload {size_mb} MB, round {round_ + 1}: {last['seconds']:.2f} s "
                f"(+{last['sync_seconds']:.2f} s sync), {last['rate'] / MB:.0f} MB/s "
                f"= {last['share_of_dd']:.0%} of dd, memory +{mib(last['memory_growth'])}",
                flush=True,
            )
        body.unlink()
        results.append(median_round(rounds, accepted=all(r["accepted"] for r in rounds)))
    size_mb = max(config.upload_mb)
    rounds = []
    for round_ in range(config.upload_rounds):
        rounds.append(resumable_upload_once(server, env, clip, cookies, size_mb, round_))
        last = rounds[-1]
        print(
            f"  resumable upload {size_mb} MB, cut at 50 %, round {round_ + 1}: "
            f"{last['seconds']:.2f} s (+{last['sync_seconds']:.2f} s sync) = "
            f"{last['share_of_dd']:.0%} of dd, resent {mib(last['resent'])}, "
            f"memory +{mib(last['memory_growth'])}",
            flush=True,
        )
    resumable = median_round(
        rounds,
        completed=all(r["completed"] for r in rounds),
        resent=max(r["resent"] for r in rounds),
    )
    return {"uploads": results, "resumable": resumable}


def median_round(rounds: list[dict], **overall) -> dict:
    """
    This disk's speed swings by a third from one run to the next, dd's as much as ours: the
    median round by its share of dd, every round's share beside it, the worst memory growth,
    and `overall`, what the rounds say together (all accepted, the most bytes resent).
    """
    median = sorted(rounds, key=lambda r: r["share_of_dd"])[len(rounds) // 2]
    growths = [r["memory_growth"] for r in rounds if r["memory_growth"] is not None]
    return {
        **median,
        **overall,
        "memory_growth": max(growths) if growths else None,
        "rounds": len(rounds),
        "shares_of_dd": [r["share_of_dd"] for r in rounds],
    }


def resumable_upload_once(
    server: Gunicorn, env: Environment, clip: Path, cookies: str, size_mb: int, round_: int = 0
) -> dict:
    """
    The same video over tus (tests/perf/resumable.py), the connection cut at 50 %; then the
    form sent with it. Rate and memory are measured as for the form's upload.
    """
    from django.conf import settings

    from submissions.models import ResumableUpload, Submission
    from tests.perf import resumable
    from tests.perf.memory import peak_rss, reset_peak_rss, rss

    video = env.dir / "video.bin"
    video_size = resumable.write_video(video, clip, size_mb)
    os.sync()
    before = {pid: rss(pid) for pid in server.workers() if reset_peak_rss(pid)}
    sent = resumable.upload(
        server.port,
        video,
        cookies=cookies,
        csrf=CSRF_SECRET,
        chunk=settings.RESUMABLE_CHUNK_BYTES,
    )
    growth = None
    for pid, start in before.items():
        try:
            growth = max(growth or 0, peak_rss(pid) - start)
        except OSError:
            continue
    upload_id = sent["url"].rstrip("/").rsplit("/", 1)[-1]
    kept = ResumableUpload.objects.filter(pk=upload_id).values_list("video_name", flat=True)
    stored = env.private_media / kept[0] if kept and kept[0] else None
    sync_seconds = 0.0
    if stored and stored.exists():
        started = time.perf_counter()
        with stored.open("rb") as handle:
            os.fdatasync(handle.fileno())
        sync_seconds = time.perf_counter() - started
    whole = stored is not None and stored.exists() and stored.stat().st_size == video_size
    title = f"Resumable, {size_mb} MB, round {round_ + 1}"
    status, location = resumable.send_form(server.port, cookies, form_fields(title), sent["token"])
    submission = Submission.objects.filter(title=title).first()
    taken = status == 302 and submission is not None and submission.video.name == kept[0]
    video.unlink()
    if stored:
        stored.unlink(missing_ok=True)
    os.sync()
    dd_synced = dd_rate(env.tmp, size_mb, sync=True)
    rate = video_size / (sent["seconds"] + sync_seconds)
    return {
        **sent,
        "mb": size_mb,
        "token": bool(sent["token"]),
        "completed": whole and taken,
        "sync_seconds": sync_seconds,
        "rate": rate,
        "dd_rate": dd_synced,
        "share_of_dd": rate / dd_synced,
        "memory_growth": growth,
    }


def upload_once(
    server: Gunicorn, env: Environment, body: Path, video_size: int, cookies: str, size_mb: int
) -> dict:
    """One upload of the body on disk (and its stored file's sync), then dd writing as much."""
    from django.conf import settings
    from django.urls import resolve

    from submissions.models import Submission
    from tests.perf.memory import peak_rss, reset_peak_rss, rss

    body_size = body.stat().st_size
    # Start with no dirty pages waiting to be written, for the upload as for dd: the body
    # just written among them, or the upload races the kernel's writeback of it.
    os.sync()
    before = {pid: rss(pid) for pid in server.workers() if reset_peak_rss(pid)}
    status, location, seconds = post_body(server.port, body, cookies)
    growth = None
    for pid, start in before.items():
        try:
            growth = max(growth or 0, peak_rss(pid) - start)
        except OSError:
            continue  # recycled meanwhile: it was not the one that took the upload
    # A sent form redirects to its submission's page: that names the submission (each round
    # sends the same body, so the same title).
    page = resolve(urlsplit(location).path) if status == 302 else None
    sent = page.kwargs["pk"] if page and page.url_name == "sent" else None
    submission = Submission.objects.filter(pk=sent).first() if sent else None
    stored = env.private_media / submission.video.name if submission else None
    sync_seconds = 0.0
    if stored and stored.exists():
        started = time.perf_counter()
        with stored.open("rb") as handle:
            os.fdatasync(handle.fileno())
        sync_seconds = time.perf_counter() - started
    ok = status == 302 and stored is not None and stored.stat().st_size == video_size
    if stored:
        stored.unlink(missing_ok=True)
    os.sync()
    dd_synced = dd_rate(env.tmp, size_mb, sync=True)
    dd_cached = dd_rate(env.tmp, size_mb, sync=False)
    rate = body_size / (seconds + sync_seconds)
    return {
        "mb": size_mb,
        "body_bytes": body_size,
        "accepted": ok,
        "status": status,
        "location": location,
        "seconds": seconds,
        "sync_seconds": sync_seconds,
        "rate": rate,
        "rate_unsynced": body_size / seconds,
        "dd_rate": dd_synced,
        "dd_rate_unsynced": dd_cached,
        "share_of_dd": rate / dd_synced,
        "share_of_dd_unsynced": (body_size / seconds) / dd_cached,
        "memory_growth": growth,
        "limit_mb": settings.SUBMISSION_MAX_UPLOAD_BYTES // MB,
    }


# 5. Video processing ----------------------------------------------------------------------------


def make_clip(path: Path, seconds: int, size: tuple[int, int]) -> dict:
    """
    A phone-like clip made by FFmpeg's own test source (through PyAV): H.264 at 30 fps with a
    keyframe every second and no B-frames, ~20 Mbit/s at 1080p, with stereo AAC at 48 kHz.
    """
    import av

    started = time.perf_counter()
    width, height = size
    picture = av.open(f"testsrc2=size={width}x{height}:rate=30:duration={seconds}", format="lavfi")
    tone = av.open(f"sine=frequency=220:sample_rate=48000:duration={seconds}", format="lavfi")
    with av.open(str(path), "w", format="mp4", options={"movflags": "+faststart"}) as out:
        video = out.add_stream(
            "libx264", rate=30, options={"preset": "ultrafast", "crf": "20", "g": "30"}
        )
        video.width, video.height, video.pix_fmt = width, height, "yuv420p"
        audio = out.add_stream("aac", rate=48000, layout="stereo")
        audio.bit_rate = 128_000
        resampler = av.AudioResampler(format="fltp", layout="stereo", rate=48000)
        sound = tone.decode(audio=0)
        heard = 0.0
        for frame in picture.decode(video=0):
            frame = frame.reformat(format="yuv420p")
            frame.pict_type = av.video.frame.PictureType.NONE  # let x264 choose, as a phone does
            out.mux(video.encode(frame))
            while heard <= frame.time:
                chunk = next(sound, None)
                if chunk is None:
                    break
                heard = chunk.time + chunk.samples / chunk.sample_rate
                for resampled in resampler.resample(chunk):
                    out.mux(audio.encode(resampled))
        out.mux(video.encode())
        for chunk in sound:
            for resampled in resampler.resample(chunk):
                out.mux(audio.encode(resampled))
        for resampled in resampler.resample(None):
            out.mux(audio.encode(resampled))
        out.mux(audio.encode())
    picture.close()
    tone.close()
    return {
        "seconds": seconds,
        "size": list(size),
        "bytes": path.stat().st_size,
        "made_in": time.perf_counter() - started,
    }


def run_measured(command: list[str], **kwargs) -> tuple[float, int, str]:
    """Run a process to its end: wall seconds, its own peak resident memory (bytes), stdout."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, **kwargs)
    out = process.stdout.read().decode()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise subprocess.CalledProcessError(process.returncode, command, out)
    return time.perf_counter() - started, usage.ru_maxrss * 1024, out


def describe_video(path: Path) -> dict:
    import av

    with av.open(str(path)) as media:
        stream = media.streams.video[0]
        keyframes = frames = 0
        for packet in media.demux(stream):
            if packet.size:
                frames += 1
                keyframes += packet.is_keyframe
        return {
            "bytes": path.stat().st_size,
            "frames": frames,
            "keyframes": keyframes,
            "width": stream.codec_context.width,
            "height": stream.codec_context.height,
        }


def cli_command(source: Path, output: Path, size: tuple[int, int]) -> list[str]:
    """Debian's ffmpeg doing what submissions/video/ does, with the same codec settings."""
    from submissions import video

    with_audio = True
    width, height = video.fit_720p(*size)
    x264 = video.X264_OPTIONS
    return [
        "ffmpeg",
        "-nostdin",
        "-y",
        "-hide_banner",
        "-loglevel",
        "error",
        "-i",
        str(source),
        "-map",
        "0:v:0",
        *(["-map", "0:a:0"] if with_audio else []),
        "-vf",
        f"scale=w={width}:h={height}:out_range=tv,format=yuv420p",
        "-c:v",
        "libx264",
        "-preset",
        x264["preset"],
        "-crf",
        x264["crf"],
        "-profile:v",
        x264["profile"],
        "-threads:v",
        video.ENCODER_THREADS,
        "-g",
        str(round(video.MAX_FPS * video.KEYFRAME_SECONDS)),
        "-c:a",
        "aac",
        "-b:a",
        str(video.AUDIO_BIT_RATE),
        "-ac",
        "2",
        "-ar",
        "48000",
        "-movflags",
        "+faststart",
        str(output),
    ]


def measure_transcode(env: Environment, config: Config) -> dict:
    source = env.dir / "clip-1080p.mp4"
    clip = make_clip(source, config.clip_seconds, config.clip_size)
    app_out, cli_out = env.dir / "web-app.mp4", env.dir / "web-cli.mp4"
    os.sync()  # the uploads' gigabytes are on disk before anything is timed
    seconds, app_peak, out = run_measured(
        [sys.executable, "-m", "tests.perf.transcode_worker", str(source), str(app_out)], cwd=ROOT
    )
    app = json.loads(out.strip().splitlines()[-1])
    app_seconds = app["probe_seconds"] + app["transcode_seconds"]
    result = {
        "clip": clip,
        "app": {
            **app,
            "seconds": app_seconds,
            "process_peak_rss": app_peak,
            "growth": (app["peak_rss"] or app_peak) - app["baseline_rss"],
            "output": describe_video(app_out),
        },
        "cli": None,
        "ratio": None,
    }
    if shutil.which("ffmpeg"):
        command = cli_command(source, cli_out, config.clip_size)
        cli_seconds, cli_peak, _ = run_measured(command)
        result["cli"] = {
            "seconds": cli_seconds,
            "peak_rss": cli_peak,
            "command": " ".join(command),
            "version": tool_version(["ffmpeg", "-version"]),
            "output": describe_video(cli_out),
        }
        result["ratio"] = app_seconds / cli_seconds
    for path in (source, app_out, cli_out):
        path.unlink(missing_ok=True)
    print(
        f"  transcode {config.clip_seconds} s clip: app {app_seconds:.1f} s"
        + (
            f", ffmpeg CLI {result['cli']['seconds']:.1f} s = {result['ratio']:.2f}x"
            if result["cli"]
            else ", no ffmpeg CLI"
        ),
        flush=True,
    )
    return result


# The run ------------------------------------------------------------------------------------------


@dataclass
class Results:
    config: dict
    meta: dict
    queries: dict = field(default_factory=dict)
    search: dict = field(default_factory=dict)
    http: dict = field(default_factory=dict)
    uploads: dict = field(default_factory=dict)
    transcode: dict = field(default_factory=dict)
    timings: dict = field(default_factory=dict)
    goals: list = field(default_factory=list)
    skipped: dict = field(default_factory=dict)


def describe_run(config: Config, redis_url: str | None) -> dict:
    """When, where and with what: the machine, the database, the cache and the tools."""
    import av
    import django
    from django.db import connection

    connection.ensure_connection()
    if connection.vendor == "sqlite":
        database = f"SQLite {connection.Database.sqlite_version}"
    else:
        major, minor = divmod(connection.connection.info.server_version, 10000)
        database = f"PostgreSQL {major}.{minor}"
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "mode": config.mode,
        "machine": machine(),
        "database": database,
        "cache": (
            "pages in each worker's memory under the database's library version; rate limits in "
            + ("Redis" if redis_url else "a database table")
        ),
        "django": django.get_version(),
        "gunicorn": tool_version([str(Path(sys.executable).with_name("gunicorn")), "-v"]),
        "max_requests": runpy.run_path(str(ROOT / "gunicorn.conf.py"))["max_requests"],
        "wrk": tool_version(["wrk", "-v"]),
        "ffmpeg_cli": tool_version(["ffmpeg", "-version"]),
        "pyav": f"PyAV {av.__version__}, FFmpeg {'.'.join(map(str, av.ffmpeg_version_info))}"
        if hasattr(av, "ffmpeg_version_info")
        else f"PyAV {av.__version__}",
    }


def run(
    config: Config,
    *,
    only: tuple[str, ...] = PHASES,
    keep: bool = False,
    redis_url: str | None = None,
    gunicorn_args: list[str] | None = None,
) -> Results:
    started = time.perf_counter()
    env = Environment(keep=keep, redis_url=redis_url)
    results = Results(config=asdict(config), meta={})
    timings = results.timings
    try:
        step = time.perf_counter()
        setup_django(env)
        timings["setup"] = time.perf_counter() - step

        results.meta = describe_run(config, redis_url)
        sizes = sorted(set(config.query_sizes) | set(config.search_sizes) | {config.library})
        before_site = [s for s in sizes if s <= config.library]
        after_site = [s for s in sizes if s > config.library]

        def at_size(size: int) -> None:
            if not {"queries", "search"} & set(only) and size != config.library:
                return  # only the site's own size is needed: --only http,uploads
            timings[f"generate {size}"] = grow_library(size)
            if "queries" in only and size in config.query_sizes:
                step = time.perf_counter()
                results.queries[str(size)] = count_queries()
                timings[f"queries {size}"] = time.perf_counter() - step
            if "search" in only and size in config.search_sizes:
                step = time.perf_counter()
                results.search[str(size)] = {
                    "routines": routine_count(),
                    **time_searches(config.search_samples, config.cached_samples),
                }
                timings[f"search {size}"] = time.perf_counter() - step
                print(
                    f"  search at {size:,}: "
                    + ", ".join(
                        f"{w} {ms(results.search[str(size)][w]['uncached']['p95'])} p95 uncached"
                        for w in SEARCHES
                    ),
                    flush=True,
                )

        for size in before_site:
            at_size(size)
        if {"http", "uploads"} & set(only):
            step = time.perf_counter()
            site(env, config, results, only, gunicorn_args or [])
            timings["site"] = time.perf_counter() - step
        if "transcode" in only:
            step = time.perf_counter()
            results.transcode = measure_transcode(env, config)
            if results.transcode["cli"] is None:
                results.skipped["the ffmpeg CLI comparison"] = (
                    "ffmpeg is not installed (make bench installs it)"
                )
            timings["transcode"] = time.perf_counter() - step
        for size in after_site:
            at_size(size)
    finally:
        env.close()
    timings["total"] = time.perf_counter() - started
    results.goals = goals(results, config)
    return results


def site(env: Environment, config: Config, results: Results, only, gunicorn_args) -> None:
    """Everything that needs gunicorn: page weight, throughput, uploads."""
    all_pages = pages()
    routine = next(p for p in all_pages if p.name == "routine")
    cookies = signed_in_reader() if {"uploads", "http"} & set(only) else ""
    port = free_port()
    floor_body = render_floor_body(port, routine.url)
    floor_file = env.dir / "floor.html"
    floor_file.write_bytes(floor_body)
    (env.static_root / FLOOR_STATIC).parent.mkdir(parents=True, exist_ok=True)
    (env.static_root / FLOOR_STATIC).write_bytes(floor_body)
    if "http" in only:
        runs = [("throughput", gunicorn_args)]
        if config.without_recycling:
            runs.append(("throughput_without_recycling", [*gunicorn_args, "--max-requests", "0"]))
        for key, args in runs:
            if env.redis_url:
                import redis

                redis.Redis.from_url(env.redis_url).flushdb()
            server = Gunicorn(env, config, floor_file, port, args)
            try:
                print(f"gunicorn on 127.0.0.1:{port} {' '.join(args)}".rstrip(), flush=True)
                if key == "throughput":
                    check_pages(server, results, all_pages, routine, cookies)
                load = measure_load(server, config, all_pages, cookies)
                if load is None:
                    results.skipped["throughput"] = "wrk is not installed (make bench installs it)"
                    break
                results.http[key] = load
            finally:
                server.stop()
            results.http[key.replace("throughput", "worker_restarts")] = server.restarts()
    if "uploads" in only:
        # A fresh server: its workers are far from being recycled (gunicorn's max_requests).
        server = Gunicorn(env, config, floor_file, port, gunicorn_args)
        try:
            results.uploads = measure_uploads(server, env, config, cookies)
        finally:
            server.stop()


def check_pages(server: Gunicorn, results: Results, all_pages, routine: Page, cookie: str) -> None:
    """Every page answers; the floors serve the routine page's bytes; the page's weight."""
    served = fetch(server.port, routine.url)
    floor, bare = fetch(server.port, FLOOR_URL), fetch(server.port, BARE_URL)
    static = fetch(server.port, f"/static/{FLOOR_STATIC}")
    for page in all_pages:
        answer = fetch(server.port, page.url, {"Cookie": cookie} if page.signed_in else None)
        assert answer.status == 200, (page.url, answer.status)
        assert (b"Sign out" in answer.body) == page.signed_in, (page.name, "signed in?")
    results.http["floor_same_bytes"] = served.body == floor.body == bare.body == static.body
    results.http["page_bytes"] = len(served.body)
    results.http["weight"] = page_weight(server.port, routine.url)


FLOOR, FLOOR_AGAIN, STATIC = "floor: bare view", "floor: bare view, again", "floor: whitenoise"
BARE, BARE_AGAIN = "floor: bare view, no middleware", "floor: bare view, no middleware, again"
FLOOR_URL, BARE_URL = "/__floor__/", "/__floor_bare__/"


def measure_load(server: Gunicorn, config: Config, all_pages, cookie: str) -> dict | None:
    """
    Every page, the bare view with and without middleware (before and after the pages: each
    floor is the mean of its two runs) and the static file under wrk; None without wrk.
    Signed-in pages are asked for with `cookie`, a signed-in reader's session.
    """
    if not shutil.which("wrk"):
        return None
    chosen = [p for p in all_pages if not config.wrk_pages or p.name in config.wrk_pages]
    targets = [
        (BARE, BARE_URL, ""),
        (FLOOR, FLOOR_URL, ""),
        (STATIC, f"/static/{FLOOR_STATIC}", ""),
        *((p.name, p.url, cookie if p.signed_in else "") for p in chosen),
        (FLOOR_AGAIN, FLOOR_URL, ""),
        (BARE_AGAIN, BARE_URL, ""),
    ]
    print(f"wrk: {config.connections} connections, {config.wrk_seconds} s each", flush=True)
    runs = measure_throughput(server, config, targets)
    floor = (runs[FLOOR]["rps"] + runs[FLOOR_AGAIN]["rps"]) / 2
    bare = (runs[BARE]["rps"] + runs[BARE_AGAIN]["rps"]) / 2
    for run_ in runs.values():
        run_["share_of_floor"] = run_["rps"] / floor
        run_["share_of_bare"] = run_["rps"] / bare
    for page in chosen:
        runs[page.name]["goal_share"] = page.floor_share
        runs[page.name]["goal_bare_share"] = page.bare_share
    return runs


# Goals and the table ----------------------------------------------------------------------------


def goals(results: Results, config: Config) -> list[dict]:
    """Each goal of the issue with the measured figure and whether it is met."""
    found = []

    def goal(name: str, target: str, value: str, ok: bool | None) -> None:
        found.append({"goal": name, "target": target, "measured": value, "pass": ok})

    runs = results.http.get("throughput", {})
    for name, run_ in runs.items():
        if name.startswith("floor"):
            continue
        share = run_.get("goal_share")
        if share:
            goal(
                f"{name}: throughput",
                f"≥ {share:.0%} of bare view",
                f"{run_['share_of_floor']:.0%}",
                run_["share_of_floor"] >= share,
            )
        share = run_.get("goal_bare_share")
        if share:
            goal(
                f"{name}: throughput",
                f"≥ {share:.0%} of bare view without middleware",
                f"{run_['share_of_bare']:.0%}",
                run_["share_of_bare"] >= share,
            )
        goal(
            f"{name}: p99 at {config.connections} connections",
            "< 50 ms",
            ms(run_["latency"]["p99"]),
            run_["latency"]["p99"] < 0.050,
        )
    if results.search:
        largest = str(max(map(int, results.search)))
        for word in SEARCHES:
            cold = results.search[largest][word]["uncached"]["p95"]
            warm = results.search[largest][word]["cached"]["p95"]
            goal(
                f"search {search_name(word)} at {int(largest):,}: p95 uncached",
                "< 50 ms",
                ms(cold),
                cold < 0.050,
            )
            goal(
                f"search {search_name(word)} at {int(largest):,}: p95 cached",
                "< 50 ms",
                ms(warm),
                warm < 0.050,
            )
        smallest = str(min(map(int, results.search)))
        if smallest != largest:
            library = int(largest) / int(smallest)
            for word in SEARCHES:
                cost = (
                    results.search[largest][word]["uncached"]["median"]
                    / results.search[smallest][word]["uncached"]["median"]
                )
                goal(
                    f"search {search_name(word)}: cost growth {int(smallest):,} → {int(largest):,}",
                    f"far below the library's {library:.0f}× (≤ {math.sqrt(library):.0f}×)",
                    f"{cost:.1f}×",
                    cost <= math.sqrt(library),
                )
    if results.search and str(config.library) in results.search:
        after = results.search[str(config.library)]["pages"]["routine"]["after_change"]
        goal(
            f"routine page at {config.library:,}: rendered right after a library change, median",
            "< 10 ms",
            ms(after["median"]),
            after["median"] < 0.010,
        )
    if len(results.queries) == 2:
        small, large = (results.queries[str(s)] for s in config.query_sizes)
        for name in small:
            goal(
                f"{name}: queries at {config.query_sizes[0]:,} and {config.query_sizes[1]:,}",
                "equal",
                f"{small[name]} and {large[name]}",
                small[name] == large[name],
            )
    weight = results.http.get("weight")
    if weight:
        goal(
            "routine page: HTML + CSS + JS on the wire",
            "< 60 KB",
            kib(weight["total_wire"]),
            weight["total_wire"] < 60 * KB,
        )
        goal(
            "routine page: requests before first render",
            "≤ 4",
            str(weight["requests_before_render"]),
            weight["requests_before_render"] <= 4,
        )
    for upload in results.uploads.get("uploads", []):
        goal(
            f"upload {upload['mb']} MB: accepted and stored whole",
            "yes",
            "yes" if upload["accepted"] else f"no (HTTP {upload['status']})",
            upload["accepted"],
        )
        goal(
            f"upload {upload['mb']} MB: worker memory growth",
            "< 32 MB",
            mib(upload["memory_growth"]),
            None if upload["memory_growth"] is None else upload["memory_growth"] < 32 * MB,
        )
        goal(
            f"upload {upload['mb']} MB: rate",
            "≥ 50 % of dd",
            f"{upload['share_of_dd']:.0%}",
            upload["share_of_dd"] >= 0.5,
        )
    tus = results.uploads.get("resumable")
    if tus:
        name = f"resumable upload {tus['mb']} MB, cut at 50 %"
        goal(f"{name}: completes", "yes", "yes" if tus["completed"] else "no", tus["completed"])
        goal(
            f"{name}: bytes sent twice",
            f"≤ one chunk ({mib(tus['chunk'])})",
            mib(tus["resent"]),
            tus["resent"] <= tus["chunk"],
        )
        goal(
            f"{name}: worker memory growth",
            "< 32 MB",
            mib(tus["memory_growth"]),
            None if tus["memory_growth"] is None else tus["memory_growth"] < 32 * MB,
        )
        goal(
            f"{name}: rate", "≥ 70 % of dd", f"{tus['share_of_dd']:.0%}", tus["share_of_dd"] >= 0.7
        )
    if results.transcode.get("ratio") is not None:
        ratio = results.transcode["ratio"]
        goal(
            f"transcode {config.clip_seconds} s 1080p clip",
            "≤ 1.3× ffmpeg CLI",
            f"{ratio:.2f}×",
            ratio <= 1.3,
        )
    return found


RECYCLING_OFF = ", then again with max_requests 0 (no recycling)"


def _share(share: float | None) -> str:
    return "—" if share is None else f"{share:.0%}"


def rounds_of(upload: dict) -> str:
    """Each round's share of dd, as "[48 52 57 %] ", where there was more than one round."""
    shares = upload.get("shares_of_dd") or []
    return f"[{' '.join(f'{share * 100:.0f}' for share in shares)} %] " if len(shares) > 1 else ""


def table(results: Results) -> str:
    """The whole result as Markdown: the terminal shows it, the README keeps it."""
    c, meta, lines = results.config, results.meta, []
    m = meta.get("machine", {})
    add = lines.append
    add(
        f"Run {meta.get('date')} ({meta.get('mode')} mode) on {m.get('cpus')} × "
        f"{m.get('cpu_model')}, {m.get('memory_gb')} GB, {m.get('os')}; Python {m.get('python')}, "
        f"Django {meta.get('django')}, {meta.get('database')}; {meta.get('cache')}."
    )
    add("")
    runs = results.http.get("throughput")
    if runs:
        steady = results.http.get("throughput_without_recycling") or {}
        add(
            f"**Throughput and latency**: wrk, {c['connections']} connections, "
            f"{c['wrk_seconds']} s per page after a warm-up, against "
            f"gunicorn as configured (gunicorn.conf.py: {c['workers']} sync workers, "
            f"max_requests {results.meta['max_requests']:,})"
            f"{RECYCLING_OFF if steady else ''}"
            f"; {c['library']:,} generated routines + the starter library."
        )
        add("")
        head = "| page | requests/s | of bare view | of no middleware | p50 | p95 | p99 | goal | |"
        rule = "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |"
        if steady:
            head += " no recycling: requests/s | of bare view | p99 |"
            rule += " ---: | ---: | ---: |"
        add(head)
        add(rule)
        for name, r in runs.items():
            share, target, ok = r.get("share_of_floor"), r.get("goal_share"), None
            bare, bare_target = r.get("share_of_bare"), r.get("goal_bare_share")
            floors = (FLOOR, FLOOR_AGAIN, BARE, BARE_AGAIN)
            goal_text = "floor (mean)" if name in floors else "—"
            if not name.startswith("floor"):
                ok = (
                    r["latency"]["p99"] < 0.050
                    and (target is None or share >= target)
                    and (bare_target is None or bare >= bare_target)
                )
                goal_text = (
                    (f"≥ {target:.0%}, " if target else "")
                    + (f"≥ {bare_target:.0%} of no middleware, " if bare_target else "")
                    + "p99 < 50 ms"
                )
            errors = sum(r["errors"].values())
            row = (
                f"| {name} `{r['url']}` | {r['rps']:,.0f} | {_share(share)} | {_share(bare)} | "
                f"{ms(r['latency']['p50'])} | {ms(r['latency']['p95'])} | "
                f"{ms(r['latency']['p99'])} | {goal_text} | {tick(ok)}"
                f"{f' ({errors} errors)' if errors else ''} |"
            )
            if name in steady:
                s_ = steady[name]
                row += (
                    f" {s_['rps']:,.0f} | {_share(s_.get('share_of_floor'))} | "
                    f"{ms(s_['latency']['p99'])} |"
                )
            add(row)
        add("")
        restarts = results.http.get("worker_restarts")
        if restarts:
            add(
                f"gunicorn recycled its workers {restarts} times during the load "
                f"(max_requests = {results.meta['max_requests']:,} in gunicorn.conf.py); "
                "each new worker boots "
                "Django again and starts with an empty page cache."
            )
            add("")
        if steady:
            missed = [
                name
                for name, r in steady.items()
                if not name.startswith("floor")
                and not (
                    r["latency"]["p99"] < 0.050
                    and r["share_of_floor"] >= (runs[name].get("goal_share") or 0)
                )
            ]
            add(
                "Without recycling, "
                + (
                    f"these pages still miss their goals: {', '.join(missed)}."
                    if missed
                    else "every page meets its throughput and p99 goals."
                )
            )
            add("")
    if results.search:
        add(
            f"**Search scale**: the search page in-process (Django test client, no HTTP), "
            f"{c['search_samples']} requests with the cache cleared before each (uncached) and "
            f"{c['cached_samples']} with it warm (cached)."
        )
        add("")
        add(
            "| search | routines | results | uncached median | uncached p95 | cached median | "
            "cached p95 | goal (100k) |"
        )
        add("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
        for found in results.search.values():
            for word in SEARCHES:
                r, language = found[word], SEARCH_LANGUAGE.get(word)
                reader = f" ({language} reader)" if language else ""
                add(
                    f"| `?q={word}`{reader} | {found['routines']:,} | {r['results']:,} | "
                    f"{ms(r['uncached']['median'])} | {ms(r['uncached']['p95'])} | "
                    f"{ms(r['cached']['median'])} | {ms(r['cached']['p95'])} | p95 < 50 ms |"
                )
        add("")
        add(
            "For comparison, the other library pages with the cache cleared before each request, "
            "and the routine page right after a change to the library (the version bumped, as "
            "a publish does: what the first reader after an editor's change waits for; goal at "
            f"{c['library']:,}: median < 10 ms):"
        )
        add("")
        names = list(next(iter(results.search.values()))["pages"])
        add(
            "| routines | "
            + " | ".join(f"{n} median / p95" for n in names)
            + " | routine after a change median / p95 |"
        )
        add("| ---: |" + " ---: |" * (len(names) + 1))
        for found in results.search.values():
            cells = [found["pages"][n]["uncached"] for n in names]
            cells.append(found["pages"]["routine"]["after_change"])
            add(
                f"| {found['routines']:,} | "
                + " | ".join(f"{ms(x['median'])} / {ms(x['p95'])}" for x in cells)
                + " |"
            )
        add("")
    if results.queries:
        sizes = list(results.queries)
        add("**SQL queries per page** (anonymous reader, cache cleared):")
        add("")
        add("| page | " + " | ".join(f"at {int(s):,} routines" for s in sizes) + " | goal | |")
        add("| --- |" + " ---: |" * len(sizes) + " --- | --- |")
        for name in results.queries[sizes[0]]:
            counts = [results.queries[s][name] for s in sizes]
            add(
                f"| {name} | "
                + " | ".join(map(str, counts))
                + f" | equal | {tick(len(set(counts)) == 1)} |"
            )
        add("")
    weight = results.http.get("weight")
    if weight:
        html = weight["html"]
        add(
            f"**Page weight** of the routine page `{weight['url']}` (bytes on the wire, asking "
            "for `br, gzip`):"
        )
        add("")
        add("| resource | on the wire | uncompressed | encoding |")
        add("| --- | ---: | ---: | --- |")
        add(f"| HTML | {kib(html['wire'])} | {kib(html['size'])} | {html['encoding']} |")
        for f in weight["files"]:
            add(
                f"| {f['kind'].upper()} `{f['url']}` | {kib(f['wire'])} | {kib(f['size'])} | "
                f"{f['encoding']} |"
            )
        add(
            f"| **HTML + CSS + JS** (goal < 60 KB) | **{kib(weight['total_wire'])}** | | "
            f"{tick(weight['total_wire'] < 60 * KB)} |"
        )
        add("")
        add(
            f"Requests before first render: **{weight['requests_before_render']}** (the HTML, "
            f"then {', '.join(f'`{b}`' for b in weight['blocking']) or 'nothing else'}; "
            f"goal ≤ 4: {tick(weight['requests_before_render'] <= 4)}). Not counted: "
            f"{len(weight['other_requests'])} icon/image/video requests."
        )
        add("")
    uploads = results.uploads.get("uploads")
    if uploads:
        add(
            "**Uploads** through the real form to gunicorn, streamed from disk (1 MB writes); "
            "rate = body / (response time + fdatasync of the stored file), against "
            "`dd bs=1M conv=fdatasync` to the same disk, each measured right after the upload; "
            f"the median of {uploads[0].get('rounds', 1)} rounds (each round's share in brackets):"
        )
        add("")
        add(
            "| upload | time | + sync | rate | dd | of dd | unsynced: rate / dd | "
            "worker memory growth | |"
        )
        add("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
        for u in uploads:
            ok = (
                u["accepted"]
                and u["share_of_dd"] >= 0.5
                and u["memory_growth"] is not None
                and u["memory_growth"] < 32 * MB
            )
            add(
                f"| {u['mb']} MB{'' if u['accepted'] else ' (NOT accepted)'} | "
                f"{u['seconds']:.2f} s | {u['sync_seconds']:.2f} s | {u['rate'] / MB:,.0f} MB/s | "
                f"{u['dd_rate'] / MB:,.0f} MB/s | {u['share_of_dd']:.0%} {rounds_of(u)}(≥ 50 %) | "
                f"{u['rate_unsynced'] / MB:,.0f} / {u['dd_rate_unsynced'] / MB:,.0f} MB/s | "
                f"{mib(u['memory_growth'])} (< 32 MB) | {tick(ok)} |"
            )
        add("")
    tus = results.uploads.get("resumable")
    if tus:
        add(
            f"**Resumable upload** (tus, chunks of {mib(tus['chunk'])}) of {tus['mb']} MB, the "
            f"connection cut halfway through the chunk that crosses 50 %: "
            f"{'completed' if tus['completed'] else 'NOT completed'} in {tus['seconds']:.2f} s "
            f"(+{tus['sync_seconds']:.2f} s sync), {tus['rate'] / MB:,.0f} MB/s = "
            f"{tus['share_of_dd']:.0%} {rounds_of(tus)}of dd ({tus['dd_rate'] / MB:,.0f} MB/s; "
            f"goal ≥ 70 %; the median of {tus.get('rounds', 1)} rounds), "
            f"{mib(tus['resent'])} sent twice (≤ one chunk), worker memory "
            f"+{mib(tus['memory_growth'])} (< 32 MB)."
        )
        add("")
    t = results.transcode
    if t:
        clip, app, cli = t["clip"], t["app"], t["cli"]
        add(
            f"**Video processing**: a generated {clip['seconds']} s {clip['size'][0]}×"
            f"{clip['size'][1]} 30 fps clip ({mib(clip['bytes'])}, H.264 + AAC) to the 720p web "
            "rendition (libx264 veryfast crf 23, AAC 128k, +faststart):"
        )
        add("")
        add("| | wall time | peak memory | output | keyframes | |")
        add("| --- | ---: | ---: | ---: | ---: | --- |")
        add(
            f"| app (`probe` + `make_web_rendition`, own process) | {app['seconds']:.1f} s | "
            f"{mib(app['peak_rss'] or app['process_peak_rss'])} (+{mib(app['growth'])}) | "
            f"{mib(app['output']['bytes'])} | {app['output']['keyframes']} of "
            f"{app['output']['frames']} | |"
        )
        if cli:
            add(
                f"| ffmpeg CLI ({(meta.get('ffmpeg_cli') or '').split(' Copyright')[0]}) | "
                f"{cli['seconds']:.1f} s | {mib(cli['peak_rss'])} | {mib(cli['output']['bytes'])} "
                f"| {cli['output']['keyframes']} of {cli['output']['frames']} | |"
            )
            add(
                f"| **app / CLI** (goal ≤ 1.3×) | **{t['ratio']:.2f}×** | | | | "
                f"{tick(t['ratio'] <= 1.3)} |"
            )
        add("")
    if results.goals:
        failed = [g for g in results.goals if g["pass"] is False]
        add(
            f"**Goals**: {sum(g['pass'] is True for g in results.goals)} met, {len(failed)} "
            "missed" + (":" if failed else ".")
        )
        for g in failed:
            add(f"- {g['goal']}: {g['measured']} (goal {g['target']})")
        add("")
    for what, why in results.skipped.items():
        add(f"Skipped {what}: {why}.")
    spent = ", ".join(f"{k} {v:.0f} s" for k, v in results.timings.items() if v >= 1)
    add(f"Time spent: {spent}.")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a short run, for development")
    parser.add_argument("--smoke", action="store_true", help="a tiny run, for the test suite")
    parser.add_argument("--only", default=",".join(PHASES), help=f"phases: {', '.join(PHASES)}")
    parser.add_argument("--json", default=str(ROOT / "bench-results.json"), help="output file")
    parser.add_argument("--redis", metavar="URL", help="gunicorn's cache (flushed first)")
    parser.add_argument("--keep", action="store_true", help="keep the throwaway folder")
    parser.add_argument("--library", type=int, help="generated routines the site serves")
    parser.add_argument("--gunicorn-arg", action="append", default=[], help="extra argument")
    parser.add_argument(
        "--compare-recycling",
        action="store_true",
        help="load every page again with gunicorn's max_requests off",
    )
    args = parser.parse_args(argv)
    config = SMOKE if args.smoke else QUICK if args.quick else FULL
    if args.compare_recycling:
        config = replace(config, without_recycling=True)
    if args.library:
        config = replace(
            config, library=args.library, query_sizes=(config.query_sizes[0], args.library)
        )
    only = tuple(p.strip() for p in args.only.split(",") if p.strip())
    unknown = set(only) - set(PHASES)
    if unknown:
        parser.error(f"unknown phases: {', '.join(sorted(unknown))}")
    results = run(
        config, only=only, keep=args.keep, redis_url=args.redis, gunicorn_args=args.gunicorn_arg
    )
    text = table(results)
    print()
    print(text)
    Path(args.json).write_text(json.dumps(asdict(results), indent=2, default=str) + "\n")
    print(f"\nwritten to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
