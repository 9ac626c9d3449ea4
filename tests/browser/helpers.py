"""Driving Streamlit pages in Debian's Chromium with Playwright; shared by tests and benchmarks.

Streamlit 1.67 facts these rely on (checked in its frontend bundle and by experiment):
- ``[data-testid="stApp"]`` carries ``data-test-script-state``: ``initial`` before the first
  run, then ``running`` / ``notRunning`` (also ``rerunRequested``, ``stopRequested``,
  ``compilationError``), and ``data-test-connection-state`` (``CONNECTED`` when live).
- ``[data-testid="stStatusWidget"]`` (top right) shows the "Running..." indicator.
- ``[data-testid="stMain"]`` / ``[data-testid="stMainBlockContainer"]`` hold the page body.
- ``st.metric`` renders ``[data-testid="stMetric"]`` with ``stMetricLabel`` and ``stMetricValue``.
- An uncaught exception renders ``[data-testid="stException"]``.
- Lazy-loaded elements show ``[data-testid="stSkeleton"]`` until their code arrives.
- ``st.button`` renders two <button>s (a hidden copy, for sizing), so select the visible one:
  ``.st-key-step button:visible``.
- A widget made with ``key="k"`` sits in an element container with the CSS class ``st-key-k``.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from .server import REPO_ROOT

ARTIFACTS = REPO_ROOT / "artifacts"  # git-ignored: screenshots for looking at, not committed
DOCS = REPO_ROOT / "docs"  # the stage-*.png screenshots README shows (screenshots.py writes them)

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_MISSING = "Chromium not found: apt-get install chromium (Debian) gives /usr/bin/chromium"
# As root, in a sandbox with no internet: without the background-networking flags Chromium
# keeps opening connections that this machine's closed network refuses.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
TIMEOUT_MS = 60_000  # 2 shared cores: page loads can take 10+ s

APP_READY = ('[data-testid="stApp"][data-test-script-state="notRunning"]'
             '[data-test-connection-state="CONNECTED"]')
MAIN = '[data-testid="stMainBlockContainer"]'
STATUS_RUNNING = '[data-testid="stStatusWidget"] [data-testid="stStatusWidgetRunningIcon"]'
EXCEPTION = '[data-testid="stException"]'


def chromium_executable() -> str | None:
    """Debian's Chromium, or what $CHROMIUM names; None when neither exists."""
    for path in (os.environ.get("CHROMIUM"), CHROMIUM):
        if path and Path(path).is_file() and os.access(path, os.X_OK):
            return path
    return None


def launch_chromium(playwright, executable_path: str | None = None, **kwargs):
    """A headless Chromium Browser from a sync Playwright instance."""
    return playwright.chromium.launch(executable_path=executable_path or chromium_executable(),
                                      args=CHROMIUM_ARGS, headless=True, **kwargs)


# Once the script has finished, elements whose code is lazy-loaded still show a
# [data-testid="stSkeleton"] placeholder until their chunk arrives (seconds on a cold load),
# plotly charts draw their SVG later still, and elements of the previous run stay greyed out
# with data-stale="true" until replaced.
_RENDERED_JS = """() => {
    if (document.querySelector('[data-testid="stSkeleton"]')) return false;
    if (document.querySelector('[data-step-ahead]')) return false;  // Step shown, rerun to come
    if (document.querySelector('[data-testid="stElementContainer"][data-stale="true"]')) return false;
    for (const c of document.querySelectorAll('[data-testid="stPlotlyChart"]'))
        if (!c.querySelector('.main-svg')) return false;
    return true;
}"""


def wait_for_app(page, timeout: float = TIMEOUT_MS) -> None:
    """Wait until Streamlit finished rendering: connected, script not running, no Running
    indicator, main block present, no lazy-loading skeletons, plotly charts drawn and
    nothing stale (greyed) left from a previous run.

    Right after a click the old page still looks finished (the rerun has not started yet):
    first wait for the click's visible effect (``wait_for_metric``), then for this."""
    page.wait_for_selector(APP_READY, timeout=timeout)
    page.wait_for_selector(MAIN, state="visible", timeout=timeout)
    page.wait_for_selector(STATUS_RUNNING, state="detached", timeout=timeout)
    page.wait_for_function(_RENDERED_JS, polling="raf", timeout=timeout)


def metric(page, label: str):
    """Locator of the st.metric whose label is exactly ``label``."""
    name = page.locator('[data-testid="stMetricLabel"]',
                        has_text=re.compile(rf"^\s*{re.escape(label)}\s*$"))
    return page.locator('[data-testid="stMetric"]').filter(has=name)


def metric_text(page, label: str, timeout: float = TIMEOUT_MS) -> str:
    """The shown value of the metric labelled ``label``, as text."""
    value = metric(page, label).locator('[data-testid="stMetricValue"]')
    return value.inner_text(timeout=timeout).strip()


def as_int(text: str) -> int:
    """An integer shown with any thousands separator: "10,000", "10.000", "10 000" -> 10000."""
    digits = re.sub(r"\D", "", text)
    if not digits:
        raise ValueError(f"no integer in {text!r}")
    return int(digits)


_METRIC_JS = """([label, old, want]) => {
    for (const m of document.querySelectorAll('[data-testid="stMetric"]')) {
        const l = m.querySelector('[data-testid="stMetricLabel"]');
        const v = m.querySelector('[data-testid="stMetricValue"]');
        if (!l || !v || l.innerText.trim() !== label) continue;
        const text = v.innerText.trim();
        if (want !== null ? text === want : text !== old) return text;
    }
    return false;
}"""


def wait_for_metric(page, label: str, *, changed_from: str | None = None,
                    equals: str | None = None, timeout: float = TIMEOUT_MS) -> str:
    """Wait (polled every animation frame, in the page) until the metric labelled ``label``
    shows ``equals``, or anything other than ``changed_from``; return the text it shows."""
    if (changed_from is None) == (equals is None):
        raise ValueError("give exactly one of changed_from, equals")
    handle = page.wait_for_function(_METRIC_JS, arg=[label, changed_from, equals],
                                    polling="raf", timeout=timeout)
    return handle.json_value()


def screenshot_whole_page(page, path) -> None:
    """Screenshot of the whole page. Streamlit scrolls inside its own container, so Playwright's
    ``full_page=True`` only gets the viewport: grow the viewport to the content, shoot, restore."""
    size = page.viewport_size
    height = page.evaluate("""() => Math.max(...[...document.querySelectorAll(
        '[data-testid="stMain"], [data-testid="stAppViewContainer"], [data-testid="stSidebarContent"]'
    )].map(e => e.scrollHeight), document.documentElement.scrollHeight)""")
    page.set_viewport_size({"width": size["width"], "height": max(size["height"], int(height))})
    try:
        wait_for_app(page)
        page.wait_for_timeout(300)  # let plotly finish resizing
        page.screenshot(path=path)
    finally:
        page.set_viewport_size(size)
