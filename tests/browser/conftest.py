"""
Browser tests drive Debian's Chromium through Playwright against pytest-django's live server.

Chromium is found at CHROMIUM_PATH or /usr/bin/chromium. Without it these tests skip with that
reason, except under CI=true, where a missing browser fails the run.
"""

import json
import os
import shutil
import time
from collections.abc import Sequence
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"


def chromium_path() -> str | None:
    candidate = os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium"
    return candidate if Path(candidate).is_file() else shutil.which("chromium")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if path is None:
        reason = "Chromium not found at CHROMIUM_PATH or /usr/bin/chromium"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}, and CI=true requires the browser tests to run")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in this thread; the ORM calls the tests
    # and their database fixtures make beside it are ordinary synchronous calls, so tell Django
    # they are safe while the browser runs (and only then: later subprocesses must not inherit).
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def page(browser, live_server, starter_library):
    """A fresh browser page at phone-friendly defaults, failing the test on any console error."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=live_server.url)
    page = context.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page
    context.close()
    assert errors == [], f"browser console errors: {errors}"


def wait_until(page, expression: str, arg=None, *, timeout: float = 5.0, every: float = 0.05):
    """
    Evaluate `expression` in the page until it is truthy; its value. Playwright's own
    wait_for_function polls by compiling it inside the page (`new Function`), which the site's
    CSP rightly refuses (no 'unsafe-eval') whenever the first try is not already true; an
    evaluation from outside, as here, is not subject to it.
    """
    deadline = time.monotonic() + timeout
    while True:
        value = page.evaluate(expression, arg)
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout} s: {expression}")
        time.sleep(every)


@pytest.fixture
def moderator(django_user_model):
    """
    Staff in the "Moderators" group, as a real moderator is. Transactional tests flush the
    database, which drops the group the data migration made, so it is made again (with the same
    submission rights) if gone.
    """
    from django.contrib.auth.models import Group, Permission

    group = Group.objects.filter(name="Moderators").first()
    if group is None:
        group = Group.objects.create(name="Moderators")
        group.permissions.set(
            Permission.objects.filter(
                content_type__app_label="submissions",
                codename__in=["moderate_submission", "view_submission", "change_submission"],
            )
        )
    user = django_user_model.objects.create_user(
        "moderator", "moderator@example.com", "pw", is_staff=True
    )
    user.groups.add(group)
    return user


def is_error(message) -> bool:
    """A console error, except the admin's missing favicon: Django's admin pages declare no
    icon, so Chromium asks for /favicon.ico, which the site does not serve (a 404)."""
    if message.type != "error":
        return False
    return not message.location.get("url", "").endswith("/favicon.ico")


@pytest.fixture
def open_page(browser, live_server):
    """Open a page in a new browser context (signed in as `user`, if given, `width` px wide);
    every console error or uncaught exception on any of them fails the test."""
    contexts, errors = [], []

    def open_(user=None, width=1280):
        context = browser.new_context(
            viewport={"width": width, "height": 900}, base_url=live_server.url
        )
        contexts.append(context)
        if user is not None:
            sign_in(context, live_server, user)
        page = context.new_page()
        page.on("console", lambda m: errors.append(m.text) if is_error(m) else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        return page

    yield open_
    for context in contexts:
        context.close()
    assert errors == [], f"browser console errors: {errors}"


@pytest.fixture
def fresh_rate_limits():
    """allauth counts sign-up and sign-in attempts in the cache: start with none, whatever ran
    before, and leave none behind."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def reader_page(browser, live_server, starter_library, reader):
    """A signed-in, confirmed reader's page on a phone (390 px); an uncaught error fails."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, base_url=live_server.url)
    sign_in(context, live_server, reader)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page
    context.close()
    assert errors == []


def heading(page):
    """The page's one h1."""
    return page.get_by_role("heading", level=1)


def sign_in(context, live_server, user) -> None:
    """Give a browser context the session cookie of `user`, as if they had signed in."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def send_pattern(
    page,
    title: str,
    *,
    kind: str = "",
    steps: Sequence[str] = (),
    cautions: str = "",
    video: Path | None = None,
    send: bool = True,
) -> None:
    """
    Fill in the submit form on `page` as a reader would, every field a pattern needs, and send
    it for review. `kind` is the label to choose first ("In writing", "On video"), `steps` fill
    the first step boxes in order; `send=False` leaves it unsent, for a test that goes on editing.
    """
    if kind:
        page.get_by_label(kind).check()
    page.get_by_label("Title").fill(title)
    page.get_by_label("What it helps with").fill("A stiff low back after long drives.")
    page.get_by_label("Position").select_option(label="Lying on your back")
    page.get_by_label("Low back").check()
    page.get_by_label("How long it takes (minutes)").fill("6")
    for n, text in enumerate(steps, start=1):
        page.get_by_label(f"Step {n}", exact=True).fill(text)
    if cautions:
        page.get_by_role("textbox", name="Cautions").fill(cautions)
    if video is not None:
        page.get_by_label("Video file").set_input_files(video)
    page.get_by_label("This is my own work").check()
    page.get_by_label("Everyone shown or named agreed").check()
    page.get_by_label("The editor may edit the text").check()
    page.get_by_label("CC BY-SA 4.0").check()
    if send:
        page.get_by_role("button", name="Send for review").click()


@pytest.fixture
def axe(browser, live_server):
    """Run axe-core on a page; returns the serious and critical violations."""
    if not AXE.is_file():
        if os.environ.get("CI") == "true":
            pytest.fail("node_modules/axe-core is missing: run `make test` (npm install)")
        pytest.skip("axe-core not installed (npm install)")
    source = AXE.read_text()

    def run(path: str, width: int = 1280, user=None) -> list[dict]:
        # Injecting axe is an inline script, which our CSP forbids: bypass it for the audit only.
        context = browser.new_context(
            bypass_csp=True, viewport={"width": width, "height": 900}, base_url=live_server.url
        )
        if user is not None:
            sign_in(context, live_server, user)
        page = context.new_page()
        page.goto(path)
        page.add_script_tag(content=source)
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        context.close()
        serious = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
        return [
            {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
            for v in serious
        ]

    run.format = lambda violations: json.dumps(violations, indent=2)  # for assertion messages
    return run
