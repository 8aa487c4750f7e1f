"""Shared test settings, and the real browser of the browser tests."""

import os
import shutil

import pytest
from hypothesis import HealthCheck, settings

# Reproducible property-based tests: the same examples on every run and machine,
# no per-example deadline (CI machines vary), a moderate number of examples.
settings.register_profile(
    "book",
    derandomize=True,
    deadline=None,
    max_examples=60,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("book")

# The browser tests (test_browser.py, test_slides.py, test_lab.py, test_pdf.py) drive Debian's
# Chromium with Playwright; Playwright's own browser download cannot work offline. Where no
# Chromium is installed they skip, except when BOOK_REQUIRE_BROWSER=1 (.ci/run sets it): then
# they fail.
BROWSER_REQUIRED = os.environ.get("BOOK_REQUIRE_BROWSER") == "1"
CHROMIUM = os.environ.get("BOOK_CHROMIUM") or next(
    filter(None, map(shutil.which, ["chromium-headless-shell", "chromium", "google-chrome"])), None
)


def _need(condition, reason):
    if not condition:
        if BROWSER_REQUIRED:
            pytest.fail(reason)
        pytest.skip(reason)


@pytest.fixture(scope="session")
def need():
    """``need(condition, reason)``: skip without it; fail where browser tests are compulsory."""
    return _need


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium under Playwright, shared by the browser tests."""
    _need(CHROMIUM, "no Chromium here (.ci/run installs Debian's chromium-headless-shell)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _need(False, "Playwright is not installed here (it is pinned in requirements.txt)")
    with sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def offline_context(browser):
    """``offline_context(width, height)``: a new browser context that refuses every request but
    file://; its ``refused`` lists what the pages asked for."""

    def make(width=1280, height=800):
        context = browser.new_context(viewport={"width": width, "height": height})
        context.refused = []

        def only_files(route):
            if route.request.url.startswith("file:"):
                route.continue_()
            else:
                context.refused.append(route.request.url)
                route.abort()

        context.route("**/*", only_files)
        return context

    return make
