"""Every student can use it (issue 13): axe-core on the stage and on every view, in the
states a lesson goes through; the keyboard, the live region, the page's language.

axe-core comes from npm (tests/browser/package.json, pinned in package-lock.json): .ci/run
installs it; without it the fixture runs ``npm ci`` once, and skips if npm is missing.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from urllib.parse import quote

import pytest

from .helpers import TIMEOUT_MS, metric_text, wait_for_app, wait_for_metric
from .test_page import assert_no_exception, load
from .test_stage import _STAGE, pause, start_run, wait_for_playing

HERE = Path(__file__).parent
AXE = HERE / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
# Streamlit's own markup, not the app's (each with the reason; none is hit today):
FRAMEWORK_ONLY = {
    "region": "Streamlit's tooltip portal sits outside any landmark",
}
VIEWS = ("table", "predictions", "explain", "sigmoid", "boundary", "compare", "share")

_RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
  return result.violations.map(v => ({id: v.id, impact: v.impact,
      nodes: v.nodes.slice(0, 5).map(n => n.target.join(' '))}));
}"""


@pytest.fixture(scope="session")
def axe_path():
    if not AXE.is_file():
        npm = shutil.which("npm")
        if npm is None:
            pytest.skip("npm not found: axe-core comes from npm (cd tests/browser && npm ci)")
        subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=HERE, check=True,
                       capture_output=True, timeout=300)
    return AXE


def violations(page, axe_path):
    page.add_script_tag(path=str(axe_path))
    found = page.evaluate(_RUN_AXE, TAGS)
    return [v for v in found if v["id"] not in FRAMEWORK_ONLY]


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("lang", ["en", "es"])
def test_no_violations_on_any_view(app_url, new_page, axe_path, view, lang):
    page = new_page(1280, 720)
    load(page, f"{app_url}/?lang={lang}&view={view}&it=5&preset=xor")
    if view in ("sigmoid", "boundary"):
        page.wait_for_selector(".js-plotly-plot")
    assert violations(page, axe_path) == []


@pytest.mark.parametrize("query", [
    "lang=en&data=circle.200.0.0&hidden=4x2&bias=1&test=0.3",  # the plane, its switches
    "lang=es&data=plane.200.0.0&bias=1&test=0.3&present=1&view=boundary"])  # regression
def test_no_violations_on_the_plane(app_url, new_page, axe_path, query):
    page = new_page(1280, 720)
    load(page, f"{app_url}/?{query}")
    page.wait_for_selector("svg.plane")
    if "boundary" in query:
        page.wait_for_selector(".js-plotly-plot")
    assert violations(page, axe_path) == []


def test_no_violations_through_a_lesson(app_url, new_page, axe_path):
    """Load, Step, Train, during Run, after a pause; presenter mode; a phone."""
    page = new_page(1280, 720, locale="en-US")
    load(page, f"{app_url}/?lang=en")
    assert violations(page, axe_path) == [], "load"
    page.locator(".st-key-step button:visible").click()
    wait_for_metric(page, "Iteration", equals="1")
    wait_for_app(page)
    assert violations(page, axe_path) == [], "after Step"
    page.locator(".st-key-train button:visible").click()
    wait_for_metric(page, "Iteration", equals="10,000")
    wait_for_app(page)
    assert violations(page, axe_path) == [], "after Train"
    page.locator(".st-key-reset button:visible").click()
    wait_for_metric(page, "Iteration", equals="0")
    wait_for_app(page)
    start_run(page)
    assert violations(page, axe_path) == [], "during Run"
    pause(page)
    assert violations(page, axe_path) == [], "after a pause"
    present = new_page(1280, 720)
    load(present, f"{app_url}/?lang=es&present=1")
    assert violations(present, axe_path) == [], "presenter, Spanish"
    phone = new_page(390, 844, is_mobile=True, has_touch=True, locale="en-US")
    load(phone, f"{app_url}/?lang=en")
    assert violations(phone, axe_path) == [], "phone"


def test_keyboard_steps_runs_and_pauses_and_focus_stays_on_a_control(app_url, new_page):
    page = new_page(1280, 720, locale="en-US")
    load(page, f"{app_url}/?lang=en")
    # Tab reaches Step; Enter steps
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("() => !!document.activeElement.closest('.st-key-step')"):
            break
    else:
        pytest.fail("Tab never reached Step")
    page.keyboard.press("Enter")
    wait_for_metric(page, "Iteration", equals="1")
    wait_for_app(page)
    # the result is read out once, from a polite live region
    live = page.evaluate("() => " + _STAGE + ".querySelector('.live').textContent")
    assert live.startswith("Iteration 1, loss 0.256526")
    # Train with the keyboard: the button turns disabled, focus must not fall to <body>
    page.locator(".st-key-train button:visible").focus()
    page.keyboard.press("Enter")
    wait_for_metric(page, "Iteration", equals="10,000")
    wait_for_app(page)
    page.wait_for_function("() => document.activeElement !== document.body",
                           timeout=TIMEOUT_MS)
    # Run: Space on the toggle plays, Space again pauses where the picture stopped
    page.locator(".st-key-reset button:visible").click()
    wait_for_metric(page, "Iteration", equals="0")
    wait_for_app(page)
    toggle = page.locator(".st-key-running input")
    toggle.focus()
    page.keyboard.press("Space")
    wait_for_playing(page)
    page.wait_for_timeout(1500)
    toggle.focus()
    page.keyboard.press("Space")
    wait_for_metric(page, "Iteration", changed_from="0")
    wait_for_app(page)
    assert int(metric_text(page, "Iteration").replace(",", "")) > 0
    assert_no_exception(page)


def test_focus_indicator_has_contrast(app_url, new_page):
    page = new_page(1280, 720, locale="en-US")
    load(page, f"{app_url}/?lang=en")
    page.locator(".st-key-step button:visible").focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")  # keyboard focus: :focus-visible applies
    style = page.evaluate("""() => { const s = getComputedStyle(document.activeElement);
        return [s.outlineColor, s.outlineWidth, s.outlineStyle]; }""")
    assert style[2] == "solid" and float(style[1].rstrip("px")) >= 2, style
    r, g, b = (int(v) for v in style[0][style[0].index("(") + 1:-1].split(",")[:3])
    assert contrast((r, g, b), (255, 255, 255)) >= 3, style


def test_page_language_follows_the_choice(app_url, new_page):
    page = new_page(1280, 720)
    load(page, f"{app_url}/?lang=es")
    page.wait_for_function("() => document.documentElement.lang === 'es'")
    load(page, f"{app_url}/?lang=en")
    page.wait_for_function("() => document.documentElement.lang === 'en'")
    # and it stays: nothing sets it back once the page has settled
    wait_for_app(page)
    assert page.evaluate("() => document.documentElement.lang") == "en"


def contrast(a, b):
    """WCAG contrast ratio of two sRGB colours (0-255)."""
    def lum(c):
        c = [v / 255 for v in c]
        c = [v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in c]
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]
    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_no_violations_on_a_playground_lesson(app_url, new_page, axe_path):
    """A TensorFlow Playground lesson: a data set's controls (inputs, features, New data)
    and the open Playground field with its note."""
    lesson = quote("dataset=xor&x=false&xTimesY=true&networkShape=4,2&percTrainData=70",
                   safe="")
    page = new_page(1280, 720)
    load(page, f"{app_url}/?lang=es&playground={lesson}")
    page.wait_for_selector(".st-key-playground_address input")
    # the toast saying the lesson opened is Streamlit's own (it has no dialog name): gone
    page.wait_for_selector(".stToast", state="detached", timeout=TIMEOUT_MS)
    assert violations(page, axe_path) == []
