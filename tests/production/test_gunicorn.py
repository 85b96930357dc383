"""
The site as it runs in production: gunicorn, DEBUG off, PostgreSQL, media on an S3 API server,
requests arriving through an HTTPS proxy (X-Forwarded-Proto). See conftest.py for the setup.
"""

import gzip
import json
import re
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from .conftest import PRIVATE_BUCKET, PUBLIC_BUCKET, Browser, Response, fetch

SECURITY_HEADERS = {
    "Strict-Transport-Security": "max-age=31536000; includeSubDomains",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


def routine_path(site) -> str:
    listing = site.get("/routines/").body.decode()
    return re.search(r'href="(/routines/[\w-]+/)"', listing).group(1)


@pytest.mark.parametrize("page", ["home", "routine"])
def test_pages_are_served_with_every_security_header(site, page):
    response = site.get("/" if page == "home" else routine_path(site))

    assert response.status == 200
    for name, value in SECURITY_HEADERS.items():
        assert response.header(name) == value, name
    policy = response.header("Content-Security-Policy")
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    # Posters and signed video URLs come straight from the bucket: only its origin is allowed.
    assert f"media-src 'self' {site.s3_endpoint}" in policy


def test_cookies_are_secure_http_only_and_same_site(site):
    csrf_cookie = site.get("/accounts/login/").cookies()["csrftoken"]
    session_cookie = _sign_in(site).cookies()["sessionid"]

    assert {"Secure", "SameSite=Lax"} <= _attributes(csrf_cookie)
    assert {"Secure", "HttpOnly", "SameSite=Lax"} <= _attributes(session_cookie)


def test_static_files_are_compressed_and_cached_for_a_year(site):
    home = site.get("/").body.decode()
    stylesheet = re.search(r'<link rel="stylesheet" href="(/static/[^"]+\.css)"', home).group(1)
    assert re.search(r"\.[0-9a-f]{12}\.css$", stylesheet), "hashed name from the manifest"

    response = site.get(stylesheet, **{"Accept-Encoding": "br, gzip"})

    assert response.status == 200
    assert response.header("Content-Encoding") in {"br", "gzip"}
    cache_control = response.header("Cache-Control")
    assert "immutable" in cache_control
    assert int(re.search(r"max-age=(\d+)", cache_control).group(1)) >= 365 * 24 * 3600
    if response.header("Content-Encoding") == "gzip":
        collected = Path(site.env["STATIC_ROOT"]) / stylesheet.removeprefix("/static/")
        assert gzip.decompress(response.body) == collected.read_bytes()


def test_a_private_upload_is_reachable_only_through_a_signed_url(site):
    saved = json.loads(
        site.django(
            "import json\n"
            "from django.core.files.base import ContentFile\n"
            "from django.core.files.storage import storages\n"
            "private = storages['private']\n"
            "name = private.save('submissions/probe.mp4', ContentFile(b'not for everyone'))\n"
            "print(json.dumps({'name': name, 'key': private._normalize_name(name),"
            " 'url': private.url(name)}))\n"
        )
    )
    signed = urlsplit(saved["url"])
    query = parse_qs(signed.query)

    assert query["X-Amz-Expires"] == ["300"] and "X-Amz-Signature" in query
    assert fetch(saved["url"]).body == b"not for everyone"
    # The same object without a signature, and every path the site itself might serve it at.
    assert fetch(f"{site.s3_endpoint}/{PRIVATE_BUCKET}/{saved['key']}").status == 403
    for path in (f"/media/{saved['name']}", f"/media/{saved['key']}"):
        assert site.get(path).status == 404


def test_published_media_are_public_and_cached_for_a_year(site):
    url = site.django(
        "from django.core.files.base import ContentFile\n"
        "from django.core.files.storage import default_storage\n"
        "name = default_storage.save('posters/probe.txt', ContentFile(b'for everyone'))\n"
        "print(default_storage.url(name))\n"
    ).strip()

    assert url.startswith(f"{site.s3_endpoint}/{PUBLIC_BUCKET}/media/posters/")
    assert "Signature" not in url
    response = fetch(url)
    assert response.status == 200 and response.body == b"for everyone"
    assert response.header("Cache-Control") == "public, max-age=31536000"


def test_a_submitted_video_is_shown_to_its_moderator_through_a_signed_url(site):
    path = site.django(
        "from django.contrib.auth import get_user_model\n"
        "from django.core.files.base import ContentFile\n"
        "from routines.models import Licence, Position\n"
        "from submissions.models import Submission\n"
        "submission = Submission(\n"
        "    submitter=get_user_model().objects.get(username='editor'),\n"
        "    kind=Submission.Kind.VIDEO, title='Probe', addresses='Probe',\n"
        "    position=Position.values[0], minutes=5, licence=Licence.CC_BY_SA)\n"
        "submission.video.save('probe.mp4', ContentFile(b'a moving picture'))\n"
        "print(f'/submissions/{submission.pk}/video/')\n"
    ).strip()
    session = _sign_in(site).cookies()["sessionid"].split(";", 1)[0]

    anonymous = site.get(path)
    moderator = site.get(path, Cookie=session)

    assert anonymous.status == 302 and "/accounts/login/" in anonymous.header("Location")
    assert moderator.status == 302
    signed = moderator.header("Location")
    assert signed.startswith(f"{site.s3_endpoint}/{PRIVATE_BUCKET}/private/submissions/")
    assert fetch(signed).body == b"a moving picture"


def test_plain_http_is_redirected_to_https_but_the_health_check_answers(site):
    home = site.get("/", https=False)
    health = site.get("/healthz", https=False)

    assert home.status == 301 and home.header("Location") == "https://localhost/"
    assert health.status == 200


def test_health_check_reports_the_database_and_the_shared_cache(site):
    report = json.loads(site.get("/healthz").body)

    expected = {"status": "ok", "database": "ok"}
    if site.uses_redis:
        expected["cache"] = "ok"
    assert report == expected


def test_access_log_is_one_json_object_per_request(site):
    site.get("/healthz", **{"User-Agent": 'probe "quoted"'})

    def logged(entry: dict) -> bool:
        return (
            entry.get("path") == "/healthz"
            and entry.get("status") == "200"
            and entry.get("user_agent") == 'probe "quoted"'
        )

    # gunicorn writes the line just after sending the response: give it a moment.
    deadline = time.monotonic() + 10
    while True:
        lines = site.access_log.read_text().splitlines()
        entries = [json.loads(line) for line in lines if line.endswith("}")]
        if any(map(logged, entries)) or time.monotonic() > deadline:
            break
        time.sleep(0.1)

    assert any(map(logged, entries)), entries[-5:]


def test_check_deploy_prints_no_warnings(site):
    result = site.manage("check", "--deploy", "--fail-level", "WARNING")

    assert "WARNING" not in result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def _sign_in(site) -> Response:
    """The editor signs in through the real login form; the answer carries the session cookie."""
    response = Browser().sign_in(site, site.admin_email, site.admin_password)
    assert response.status == 302, response.body[:500]
    return response


def _attributes(cookie: str) -> set[str]:
    return {part.strip() for part in cookie.split(";")}
