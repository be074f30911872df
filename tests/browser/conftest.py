"""Real headless Chromium (Debian's package) driven by Playwright against the live test server.

Without /usr/bin/chromium these tests fail and say how to install it; set
EXODUS_SKIP_BROWSER_TESTS=1 to skip them deliberately on a machine that cannot have it.
"""

import os
from pathlib import Path

import pytest
from django.conf import settings

CHROMIUM = os.environ.get("EXODUS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 360, "height": 740}}
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"


@pytest.fixture(autouse=True)
def _require_chromium():
    """Before any data is built: fail with how to install Chromium, or skip when told to."""
    if Path(CHROMIUM).exists():
        return
    if os.environ.get("EXODUS_SKIP_BROWSER_TESTS") == "1":
        pytest.skip("Browser tests skipped: EXODUS_SKIP_BROWSER_TESTS=1 is set.")
    pytest.fail(
        f"Browser tests need Chromium at {CHROMIUM}, which is missing. Install it with "
        "`sudo apt-get install chromium` (Debian/Ubuntu), or set EXODUS_SKIP_BROWSER_TESTS=1 "
        "to skip the browser tests on purpose.",
        pytrace=False,
    )


@pytest.fixture
def browser():
    """A Chromium for one test. Request the test's data fixtures before this one.

    Playwright's sync API keeps an asyncio loop running in this thread while it is open, and
    Django then keeps a separate connection for "async" code here. So the browser lives only
    for one test, started after the database is set up (and restored for serialized rollback)
    and closed before it is flushed; DJANGO_ALLOW_ASYNC_UNSAFE lets the test still read data.
    """
    from django.db import connections
    from playwright.sync_api import sync_playwright

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
            # Close the connection Django opened for the loop's context, so none is left behind.
            connections.close_all()
    finally:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture(params=list(VIEWPORTS), ids=list(VIEWPORTS))
def page(request, browser):
    context = browser.new_context(viewport=VIEWPORTS[request.param], device_scale_factor=1)
    tab = context.new_page()
    tab.viewport_name = request.param
    yield tab
    context.close()


@pytest.fixture
def screenshot(page):
    ARTIFACTS.mkdir(exist_ok=True)

    def take(name: str):
        page.screenshot(path=str(ARTIFACTS / f"{page.viewport_name}-{name}.png"), full_page=True)

    return take
