"""The deployment files agree with the code: limits, timeouts, processes, documented variables."""

import re
import runpy

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from .conftest import ROOT

NGINX = (ROOT / "deploy/nginx/somatics.conf").read_text()


def nginx_value(directive: str) -> str:
    return re.search(rf"^\s*{directive}\s+([^;]+);", NGINX, re.MULTILINE).group(1)


def gunicorn_settings(monkeypatch, **env) -> dict:
    for name in ("WEB_CONCURRENCY", "GUNICORN_TIMEOUT", "GUNICORN_BIND", "LOG_FORMAT"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(ROOT / "gunicorn.conf.py"))


def test_nginx_takes_a_little_more_than_the_largest_upload():
    body_limit = int(nginx_value("client_max_body_size").removesuffix("m")) * 1024 * 1024

    assert settings.SUBMISSION_MAX_UPLOAD_BYTES < body_limit
    assert body_limit <= settings.SUBMISSION_MAX_UPLOAD_BYTES + 16 * 1024 * 1024


def test_nginx_takes_a_chunk_of_a_resumable_upload_and_little_more():
    block = re.search(r"location ~ \^/\(\?:\[a-z\]\{2\}/\)\?submit/uploads/ \{(.+?)\}", NGINX, re.S)
    body_limit = (
        int(re.search(r"client_max_body_size\s+(\d+)m;", block.group(1)).group(1)) * 1024 * 1024
    )

    assert (
        settings.RESUMABLE_CHUNK_BYTES < body_limit <= settings.RESUMABLE_CHUNK_BYTES + 2 * 1024**2
    )
    assert reverse("submissions:uploads") == "/submit/uploads/"
    with translation.override("fr"):
        assert re.match(r"^/(?:[a-z]{2}/)?submit/uploads/", reverse("submissions:uploads"))


def test_nginx_waits_a_little_longer_than_gunicorn(monkeypatch):
    timeout = gunicorn_settings(monkeypatch)["timeout"]

    assert timeout < int(nginx_value("proxy_read_timeout").removesuffix("s")) <= timeout + 30


def test_nginx_tells_django_the_reader_came_over_https():
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in NGINX
    assert "proxy_set_header Host $host;" in NGINX
    assert settings.SECURE_PROXY_SSL_HEADER == ("HTTP_X_FORWARDED_PROTO", "https")


def test_gunicorn_workers_follow_the_cpu_count_unless_told(monkeypatch):
    import multiprocessing

    assert gunicorn_settings(monkeypatch)["workers"] == multiprocessing.cpu_count() * 2 + 1
    assert gunicorn_settings(monkeypatch, WEB_CONCURRENCY="3")["workers"] == 3


def test_gunicorn_logs_json_only_when_asked(monkeypatch):
    assert "logconfig_dict" not in gunicorn_settings(monkeypatch)
    assert gunicorn_settings(monkeypatch, LOG_FORMAT="json")["logconfig_dict"]["loggers"]


def test_procfile_has_the_release_steps_the_web_process_and_a_worker_line():
    procfile = (ROOT / "Procfile").read_text()
    processes = dict(
        line.split(":", 1) for line in procfile.splitlines() if line and not line.startswith("#")
    )

    assert {"release", "web"} <= set(processes)
    assert "migrate --noinput" in processes["release"]
    assert "collectstatic --noinput" in processes["release"]
    assert "gunicorn -c gunicorn.conf.py somatics.wsgi" in processes["web"]
    assert re.search(r"^(# )?worker: python manage.py db_worker", procfile, re.MULTILINE)


def read_variables(source: str) -> set[str]:
    pattern = r"""(?:os\.environ(?:\.get)?|env_bool|env_list)[(\[]\s*["']([A-Z][A-Z0-9_]+)"""
    return set(re.findall(pattern, source))


def documented_variables() -> set[str]:
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    return {name for row in rows for name in re.findall(r"`([A-Z][A-Z0-9_]+)`", row.split("|")[1])}


@pytest.mark.parametrize("source", ["somatics/settings.py", "gunicorn.conf.py"])
def test_every_variable_the_code_reads_is_in_the_readme_table(source):
    read = read_variables((ROOT / source).read_text())
    assert read, "the pattern still finds the variables"

    missing = read - documented_variables()

    assert not missing, f"add {sorted(missing)} to the table in README.md, 'Configuration'"


def test_the_example_environment_file_uses_documented_variables_only():
    example = (ROOT / "deploy/somatics.env.example").read_text()
    names = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", example, re.MULTILINE))

    assert names - documented_variables() == set()
