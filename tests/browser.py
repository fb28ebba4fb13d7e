"""A real headless browser for tests: Debian's Chromium driven by Playwright.

Tests that need it (nbgrader's formgrader and feedback pages, the class report) call
:func:`open_browser`; they are skipped with the reason where Chromium or Playwright is
missing (``make test`` installs both where it can: see the Makefile).
"""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Iterator

import pytest

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
# As this machine's probe starts it: as root it needs --no-sandbox; the background
# network flags keep it from calling out (the network is closed here anyway).
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]


def chromium_path() -> str | None:
    for candidate in CHROMIUM_CANDIDATES:
        if shutil.which(candidate):
            return candidate
    return shutil.which("chromium")


@contextlib.contextmanager
def open_browser() -> Iterator[object]:
    """A headless Chromium (Playwright ``Browser``), closed afterwards."""
    sync_api = pytest.importorskip("playwright.sync_api")
    executable = chromium_path()
    if executable is None:
        pytest.skip("no Chromium here (apt-get install chromium)")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True,
                                             args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
