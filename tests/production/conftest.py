"""
A production-like site on 127.0.0.1: gunicorn with DEBUG off, a fresh PostgreSQL database, media
on a real S3 API server (moto's standalone server), Redis as the cache when it runs here. The
same pieces as functions (`production_site`, `release`, `serving`) start it on SQLite instead,
or a second server beside it; a `Browser` keeps a reader's cookies across servers.

Each piece is a subprocess started by a fixture and always stopped by its finalizer. Without
PostgreSQL the tests that need it are skipped, except under CI=true, where they fail.
"""

import http.client
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
POSTGRES_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
REDIS = ("127.0.0.1", 6379)
PUBLIC_BUCKET, PRIVATE_BUCKET = "somatics-media", "somatics-private"
# What the sign-in form says to a wrong password, and once allauth's limit is reached.
WRONG_PASSWORD = "The email address and/or password you specified are not correct."
TOO_MANY_ATTEMPTS = "Too many failed login attempts"
# The site's own variables are set here, never inherited from whoever runs the tests (the
# browser tests, for one, set DJANGO_ALLOW_ASYNC_UNSAFE, which check --deploy rightly refuses).
OWN_VARIABLES = (
    "AWS_",
    "REDIS_URL",
    "DATABASE_URL",
    "EMAIL_",
    "CSP_",
    "SECURE_",
    "LOG_",
    "DJANGO_",
)


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    def header(self, name: str) -> str:
        return self.headers.get(name, "")

    def cookies(self) -> dict[str, str]:
        """Each Set-Cookie header by the cookie's name: 'csrftoken' -> 'csrftoken=…; Secure; …'."""
        return {raw.split("=", 1)[0]: raw for raw in self.headers.get_all("Set-Cookie") or []}


def fetch(url: str, *, method: str = "GET", headers=None, body: bytes | None = None) -> Response:
    """One request, redirects not followed (http.client: the test sees exactly what was sent)."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=20)
    try:
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return Response(response.status, response.headers, response.read())
    finally:
        connection.close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, log: Path, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{process.args} exited early:\n{log.read_text()[-3000:]}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"{process.args} did not listen on port {port}:\n{log.read_text()[-3000:]}")


def stop(process: subprocess.Popen, sig: int = signal.SIGTERM) -> None:
    if process.poll() is None:
        process.send_signal(sig)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def is_listening(address: tuple[str, int]) -> bool:
    try:
        socket.create_connection(address, timeout=0.5).close()
    except OSError:
        return False
    return True


@pytest.fixture(scope="module")
def postgres_url():
    """A fresh PostgreSQL database, dropped afterwards."""
    import psycopg

    try:
        admin = psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as error:
        reason = f"PostgreSQL is not reachable at {POSTGRES_ADMIN_URL}: {error}"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    name = f"somatics_prodtest_{secrets.token_hex(4)}"
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield f"postgres://postgres@127.0.0.1:5432/{name}"
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def s3(tmp_path_factory):
    """moto's standalone S3 server with a public media bucket and a private one."""
    import boto3

    port, log = free_port(), tmp_path_factory.mktemp("s3") / "moto.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_for_port(port, process, log)
        endpoint = f"http://127.0.0.1:{port}"
        client = boto3.client(
            "s3",
            endpoint_url=endpoint,
            region_name="us-east-1",
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )
        client.create_bucket(Bucket=PUBLIC_BUCKET)
        client.create_bucket(Bucket=PRIVATE_BUCKET)
        # What an operator does (README): anyone may read published media, and nothing else.
        public_read = {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": "*",
                    "Action": "s3:GetObject",
                    "Resource": f"arn:aws:s3:::{PUBLIC_BUCKET}/media/*",
                }
            ],
        }
        client.put_bucket_policy(Bucket=PUBLIC_BUCKET, Policy=json.dumps(public_read))
        yield endpoint
    finally:
        stop(process)


@dataclass
class Site:
    """One app server of the site: its address, its environment (for manage.py), its logs."""

    url: str
    env: dict[str, str]
    access_log: Path
    error_log: Path
    s3_endpoint: str | None
    uses_redis: bool
    admin_email: str = "editor@example.org"
    admin_password: str = field(default_factory=lambda: secrets.token_urlsafe(16))

    def get(self, path: str, *, https: bool = True, **headers) -> Response:
        return self.request("GET", path, https=https, headers=headers)

    def request(self, method, path, *, https=True, headers=None, body=None) -> Response:
        sent = {"Host": "localhost", **(headers or {})}
        if https:  # what the proxy in front says about the reader's connection
            sent["X-Forwarded-Proto"] = "https"
        return fetch(self.url + path, method=method, headers=sent, body=body)

    def manage(self, *args: str) -> subprocess.CompletedProcess:
        return run([sys.executable, "manage.py", *args], self.env)

    def django(self, code: str) -> str:
        """Run Python with Django set up in the site's environment; what it prints."""
        script = f"import django\ndjango.setup()\n{code}"
        return run([sys.executable, "-c", script], self.env).stdout

    def another_server(self, folder: Path) -> "Site":
        """
        A second app server of the same site (same variables, database and media), with its
        own port and its logs in `folder`: what a second machine behind the proxy would run.
        """
        port = free_port()
        return replace(
            self,
            url=f"http://127.0.0.1:{port}",
            env={**self.env, "GUNICORN_BIND": f"127.0.0.1:{port}"},
            access_log=folder / "access.log",
            error_log=folder / "error.log",
        )


class Browser:
    """
    One reader's browser: the cookies it was given, sent back to any server of the site (as
    the proxy in front would route it), forms posted with their CSRF token and a Referer.
    """

    def __init__(self, **headers: str):
        self.headers = headers  # sent with every request, e.g. the proxy's X-Forwarded-For
        self.cookies: dict[str, str] = {}

    def get(self, site: Site, path: str) -> Response:
        return self._send(site, "GET", path, {}, None)

    def post(self, site: Site, path: str, form: dict, files: dict | None = None) -> Response:
        """Post `form` (and `files`, name: (filename, bytes)) as the page at `path` would."""
        form = {"csrfmiddlewaretoken": self.cookies.get("csrftoken", ""), **form}
        headers = {"Referer": f"https://localhost{path.split('?')[0]}"}
        if files:
            boundary = f"----production-test-{secrets.token_hex(8)}"
            body = multipart(boundary, form, files)
            headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
        else:
            body = urlencode(form, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        return self._send(site, "POST", path, headers, body)

    def sign_in(self, site: Site, email: str, password: str) -> Response:
        """Through the readers' sign-in form; the answer carries the session cookie."""
        self.get(site, "/accounts/login/")
        return self.post(site, "/accounts/login/", {"login": email, "password": password})

    def sign_in_to_admin(self, site: Site) -> None:
        """As the site's editor, through admin's own sign-in form."""
        self.get(site, "/admin/login/")
        form = {"username": "editor", "password": site.admin_password, "next": "/admin/"}
        signed_in = self.post(site, "/admin/login/?next=/admin/", form)
        assert signed_in.status == 302, signed_in.body[:500]

    def admin_action(self, site: Site, changelist: str, action: str, pk: str, **fields) -> str:
        """An admin action on one object, as the changelist's form runs it: the page after."""
        path = f"/admin/{changelist}/"
        form = {"action": action, "_selected_action": pk, "index": "0", **fields}
        done = self.post(site, path, form)
        assert done.status == 302, done.body[:500]
        return self.get(site, path).body.decode()

    def _send(self, site, method, path, headers, body) -> Response:
        cookies = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        sent = {**self.headers, **headers, **({"Cookie": cookies} if cookies else {})}
        response = site.request(method, path, headers=sent, body=body)
        for name, raw in response.cookies().items():
            value = raw.split(";", 1)[0].split("=", 1)[1]
            if value.strip('"'):
                self.cookies[name] = value
            else:  # an emptied cookie is one the site deleted (messages, once shown)
                self.cookies.pop(name, None)
        return response


def failed_login(site: Site, email: str, address: str, **headers: str) -> str:
    """A sign-in with a wrong password by the reader at `address`, as the proxy says: the page."""
    browser = Browser(**{"X-Forwarded-For": address, **headers})
    browser.cookies["csrftoken"] = secrets.token_hex(16)  # as the form's first visit sets one
    form = {"login": email, "password": "not-the-password"}
    response = browser.post(site, "/accounts/login/", form)
    assert response.status == 200, response.status
    return response.body.decode()


def new_email() -> str:
    return f"{secrets.token_hex(6)}@example.org"


def reader_address() -> str:
    """
    A reader's own address: unique, as Redis may outlive the run, and in a /64 of its own, as
    allauth counts an IPv6 reader by their /64.
    """
    return f"2001:db8:{secrets.token_hex(2)}:{secrets.token_hex(2)}::1"


def multipart(boundary: str, fields: dict, files: dict[str, tuple[str, bytes]]) -> bytes:
    """A multipart/form-data body: the fields, then each file."""
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    for name, (filename, content) in files.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'.encode()
            + content
            + b"\r\n"
        )
    return b"".join(parts) + f"--{boundary}--\r\n".encode()


def run(command: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    result = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    if result.returncode != 0:
        pytest.fail(f"{command[1:]} failed:\n{result.stdout[-2000:]}\n{result.stderr[-3000:]}")
    return result


def production_site(
    folder: Path, *, database_url: str, s3_endpoint: str | None, uses_redis: bool
) -> Site:
    """
    The site's variables as production sets them, DEBUG off, files in `folder`: media in the
    S3 buckets when `s3_endpoint` is given (else on local disk), Redis as the shared cache when
    `uses_redis` (else the database table).
    """
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(OWN_VARIABLES)}
    env.update(
        DJANGO_SETTINGS_MODULE="somatics.settings",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        CSRF_TRUSTED_ORIGINS="https://localhost",
        DATABASE_URL=database_url,
        SECURE_SSL_REDIRECT="1",
        STATIC_ROOT=str(folder / "static"),
        MEDIA_ROOT=str(folder / "media"),
        PRIVATE_MEDIA_ROOT=str(folder / "private-media"),
        LOG_FORMAT="json",
        LOG_LEVEL="INFO",
        GUNICORN_BIND=f"127.0.0.1:{port}",
        WEB_CONCURRENCY="2",
    )
    if s3_endpoint:
        env.update(
            AWS_STORAGE_BUCKET_NAME=PUBLIC_BUCKET,
            AWS_PRIVATE_STORAGE_BUCKET_NAME=PRIVATE_BUCKET,
            AWS_S3_ENDPOINT_URL=s3_endpoint,
            AWS_S3_REGION_NAME="us-east-1",
            AWS_S3_ADDRESSING_STYLE="path",
            AWS_ACCESS_KEY_ID="testing",
            AWS_SECRET_ACCESS_KEY="testing",  # noqa: S106 (moto's)
        )
    if uses_redis:
        env["REDIS_URL"] = f"redis://{REDIS[0]}:{REDIS[1]}/15"
    return Site(
        url=f"http://127.0.0.1:{port}",
        env=env,
        access_log=folder / "access.log",
        error_log=folder / "error.log",
        s3_endpoint=s3_endpoint,
        uses_redis=uses_redis,
    )


def release(site: Site) -> None:
    """The release steps of README "Deployment", then an editor who can moderate."""
    site.manage("migrate", "--noinput")
    site.manage("collectstatic", "--noinput")
    site.manage("load_library")
    site.django(
        "from django.contrib.auth import get_user_model\n"
        f"get_user_model().objects.create_superuser('editor', {site.admin_email!r}, "
        f"{site.admin_password!r})\n"
    )


@contextmanager
def serving(site: Site, *options: str):
    """gunicorn serving `site` (with extra command-line `options`), stopped on the way out."""
    port = urlsplit(site.url).port
    with site.access_log.open("w") as out, site.error_log.open("w") as err:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", *options, "somatics.wsgi"],
            cwd=ROOT,
            env=site.env,
            stdout=out,
            stderr=err,
        )
    try:
        wait_for_port(port, process, site.error_log)
        yield process
    finally:
        stop(process, signal.SIGINT)  # gunicorn's quick shutdown: no request is in flight


@pytest.fixture(scope="module")
def site(postgres_url, s3, tmp_path_factory):
    """gunicorn serving the site with production settings, after the release steps."""
    site = production_site(
        tmp_path_factory.mktemp("site"),
        database_url=postgres_url,
        s3_endpoint=s3,
        uses_redis=is_listening(REDIS),
    )
    release(site)
    with serving(site):
        yield site
