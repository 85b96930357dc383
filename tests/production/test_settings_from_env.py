"""Production settings read from the environment: media storage, CSP, HSTS, check --deploy."""

import json
import os
import secrets
import subprocess
import sys

import pytest

from .conftest import OWN_VARIABLES, ROOT

PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "library.example.org,testserver",
    "CSRF_TRUSTED_ORIGINS": "https://library.example.org",
}
S3 = {
    "AWS_STORAGE_BUCKET_NAME": "somatics-media",
    "AWS_PRIVATE_STORAGE_BUCKET_NAME": "somatics-private",
    "AWS_S3_REGION_NAME": "eu-west-3",
}


def inherited() -> dict[str, str]:
    """This process's environment without any of the site's own variables (pytest-env sets some)."""
    return {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(OWN_VARIABLES) and k not in {"SECRET_KEY", "DEBUG"}
    }


def python(code: str, **env: str) -> subprocess.CompletedProcess:
    """Run code after django.setup() with production settings plus `env`, nothing inherited."""
    return subprocess.run(
        [sys.executable, "-c", f"import django\ndjango.setup()\n{code}"],
        cwd=ROOT,
        env={**inherited(), "DJANGO_SETTINGS_MODULE": "somatics.settings", **PRODUCTION, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def settings_of(*names: str, **env: str) -> dict:
    code = (
        "import json\nfrom django.conf import settings\n"
        f"print(json.dumps({{n: getattr(settings, n, None) for n in {names!r}}}, default=str))"
    )
    result = python(code, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def headers_of(path: str, **env: str) -> dict:
    """The headers the site sends for `path` (a page that needs no database)."""
    code = (
        "import json\nfrom django.test import Client\n"
        f"response = Client().get({path!r}, secure=True)\n"
        "print(json.dumps(dict(response.headers)))"
    )
    result = python(code, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_media_stay_on_local_disk_unless_a_bucket_is_named():
    storages = settings_of("STORAGES")["STORAGES"]

    assert storages["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert storages["private"]["BACKEND"] == "submissions.storage.PrivateFileSystemStorage"


def test_a_bucket_puts_published_media_in_public_and_uploads_behind_signed_urls():
    found = settings_of("STORAGES", "MEDIA_ORIGINS", **S3)
    public = found["STORAGES"]["default"]["OPTIONS"]
    private = found["STORAGES"]["private"]["OPTIONS"]

    assert public["bucket_name"] == "somatics-media" and public["location"] == "media"
    assert public["querystring_auth"] is False
    assert public["object_parameters"] == {"CacheControl": "public, max-age=31536000"}
    assert private["bucket_name"] == "somatics-private" and private["location"] == "private"
    assert private["querystring_auth"] is True and private["querystring_expire"] == 300
    assert found["MEDIA_ORIGINS"] == [
        "https://somatics-media.s3.amazonaws.com",
        "https://somatics-private.s3.amazonaws.com",
    ]


@pytest.mark.parametrize("public_location", ["", "private", "private/videos"])
def test_one_bucket_needs_two_separate_prefixes(public_location):
    result = python(
        "",
        AWS_STORAGE_BUCKET_NAME="somatics",
        AWS_LOCATION=public_location,
        AWS_PRIVATE_LOCATION="private",
    )

    assert result.returncode != 0
    assert "AWS_LOCATION and AWS_PRIVATE_LOCATION must be two separate" in result.stderr


def test_one_bucket_with_the_default_prefixes_is_accepted():
    storages = settings_of("STORAGES", AWS_STORAGE_BUCKET_NAME="somatics")["STORAGES"]

    assert storages["private"]["OPTIONS"]["bucket_name"] == "somatics"
    assert storages["default"]["OPTIONS"]["location"] == "media"
    assert storages["private"]["OPTIONS"]["location"] == "private"


def test_the_csp_allows_the_media_bucket_and_nothing_inline():
    policy = headers_of("/robots.txt", **S3)["Content-Security-Policy"]

    assert "media-src 'self' https://somatics-media.s3.amazonaws.com " in policy
    assert "img-src 'self' data: https://somatics-media.s3.amazonaws.com " in policy
    assert "unsafe-inline" not in policy


def test_the_csp_can_be_switched_to_report_only_with_a_report_address():
    headers = headers_of(
        "/robots.txt", CSP_REPORT_ONLY="1", CSP_REPORT_URI="https://reports.example.org/csp"
    )

    assert "Content-Security-Policy" not in headers
    assert (
        "report-uri https://reports.example.org/csp"
        in headers["Content-Security-Policy-Report-Only"]
    )


def test_hsts_preload_when_the_operator_opts_in_and_check_deploy_stays_clean():
    headers = headers_of("/robots.txt", SECURE_HSTS_PRELOAD="1", SECURE_HSTS_SECONDS="63072000")
    check = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={**inherited(), **PRODUCTION, "SECURE_HSTS_PRELOAD": "1"},
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert headers["Strict-Transport-Security"] == ("max-age=63072000; includeSubDomains; preload")
    assert check.returncode == 0, check.stdout + check.stderr
    assert "System check identified no issues (0 silenced)." in check.stdout


def test_make_prod_check_passes():
    result = subprocess.run(
        ["make", "--no-print-directory", "--old-file=.venv/.runtime", "prod-check"],
        cwd=ROOT,
        env=inherited(),
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
