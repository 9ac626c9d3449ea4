"""Browser-test fixtures: Debian's Chromium driven by sync Playwright, Streamlit on a free port.

Without /usr/bin/chromium (or $CHROMIUM) every test here is skipped with a message saying how
to get it; Playwright's own browser download is not used (it fails on closed networks).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from .helpers import ARTIFACTS, CHROMIUM_MISSING, TIMEOUT_MS, chromium_executable, launch_chromium
from .server import REPO_ROOT, StreamlitServer, start_streamlit


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = chromium_executable()
    if path is None:
        pytest.skip(CHROMIUM_MISSING)
    return path


@pytest.fixture(scope="session")
def browser(chromium_path):
    """One headless Chromium for the whole session (sync Playwright)."""
    sync_api = pytest.importorskip("playwright.sync_api",
                                   reason="playwright not installed: pip install -r requirements-dev.txt")
    with sync_api.sync_playwright() as pw:
        browser = launch_chromium(pw, chromium_path)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser):
    """Factory: a fresh page in its own context (own cookies, own Streamlit session)."""
    contexts = []

    def make(width: int = 1280, height: int = 900, **context_kwargs):
        context = browser.new_context(viewport={"width": width, "height": height},
                                      **context_kwargs)
        context.set_default_timeout(TIMEOUT_MS)
        context.set_default_navigation_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def serve(chromium_path) -> Iterator:
    """Factory: ``serve("tests/browser/floor_app.py")`` -> a started StreamlitServer, stopped
    (its process group killed) at teardown."""
    servers: list[StreamlitServer] = []

    def start(app_path: str | Path = "app.py", **kwargs) -> StreamlitServer:
        try:
            server = start_streamlit(app_path, **kwargs)
        except RuntimeError as e:
            pytest.fail(str(e), pytrace=False)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


@pytest.fixture(scope="module")
def app_url(chromium_path) -> Iterator[str]:
    """The base URL of ``streamlit run app.py`` (repo root), one server per test module."""
    app = REPO_ROOT / "app.py"
    if not app.is_file():
        pytest.fail(f"{app} does not exist", pytrace=False)
    try:
        server = start_streamlit(app)
    except RuntimeError as e:
        pytest.fail(str(e), pytrace=False)
    yield server.url
    server.stop()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
