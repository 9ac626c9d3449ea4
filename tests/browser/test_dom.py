"""Every selector of Streamlit's page that the page's scripts and style rely on (lab/dom.py)
finds something on the page, and a script that finds nothing says so (issue 22): a
Streamlit upgrade that renames one fails here instead of silently doing nothing."""

from __future__ import annotations

import re
import sys

import pytest

from .server import REPO_ROOT
from .test_grid_keys import cell_centre
from .test_page import STEP_BUTTON, assert_no_exception, load

if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from lab import dom  # noqa: E402

MISSING = "() => document.documentElement.dataset.domMissing || ''"
# the grid's own parts are looked for inside the table editor (keyed table_<n>)
WITHIN = {"grid_canvas": '[class*="st-key-table_"]', "grid_cell": '[class*="st-key-table_"]',
          "grid_header": '[class*="st-key-table_"]', "grid_scroller": '[class*="st-key-table_"]'}


def found(page, name):
    selector = f"{WITHIN.get(name, '')} {dom.SELECTORS[name]}".strip()
    return page.evaluate("(s) => document.querySelectorAll(s).length", selector)


def warnings_of(page):
    said = []
    page.on("console", lambda m: said.append(m.text) if m.type == "warning" else None)
    return said


def test_each_selector_finds_something_on_the_page(app_url, new_page):
    page = new_page(1280, 900)
    said = warnings_of(page)
    # an iteration on (the timeline is drawn) and the Table view (the grid) open
    load(page, f"{app_url}/?lang=en&view=table&it=3")
    page.wait_for_function("() => (window.neuronLabGridKeys || {}).scope")
    # a cell's first key opens its editor, in glide's overlay
    page.mouse.click(*cell_centre(page, 0, 0))
    page.keyboard.type("7")
    try:
        page.wait_for_function("(s) => document.querySelector(s)",
                               arg=dom.SELECTORS["grid_editor"], timeout=10_000)
    except Exception:  # playwright's TimeoutError: counted as none found below
        pass
    counts = {name: found(page, name) for name in dom.SELECTORS}
    page.keyboard.press("Escape")
    assert [name for name, n in counts.items() if not n] == [], counts
    # the attributes read on the app: its connection and whether its script runs
    for attribute, values in ((dom.CONNECTION, ("CONNECTED",)),
                              (dom.SCRIPT_STATE, ("initial", "running", "notRunning", "rerunRequested",
                                                  "stopRequested"))):
        assert page.get_attribute(dom.SELECTORS["app"], attribute) in values, attribute
    # the widgets lab/stage.js finds by their key (Streamlit's st-key-<key> class)
    for key in ("controls", "metrics", "step", "step_many", "running", "train"):
        assert page.locator(f".{dom.KEY_CLASS}{key}").count() == 1, key
    assert page.evaluate(MISSING) == "", said
    assert not [w for w in said if "lab/dom.py" in w]
    assert_no_exception(page)


def test_a_script_that_finds_nothing_says_so(app_url, new_page):
    page = new_page(1280, 900)
    said = warnings_of(page)
    load(page, f"{app_url}/?lang=en")
    assert page.evaluate(MISSING) == ""
    # as if an upgrade renamed the counters' labels: the stage sets them on Step
    page.evaluate("""(s) => document.querySelectorAll(s)
        .forEach((label) => label.removeAttribute('data-testid'))""",
                  dom.SELECTORS["metric_label"])
    page.locator(STEP_BUTTON).click()
    page.wait_for_function(f"() => ({MISSING})().split(' ').includes('metric_label')")
    assert any("metric_label" in w and "lab/dom.py" in w for w in said), said


def test_the_style_takes_the_selectors_by_name():
    assert dom.css("$main_block h2 {}") == f"{dom.SELECTORS['main_block']} h2 {{}}"
    with pytest.raises(KeyError):
        dom.css("$no_such_part {}")


def test_each_selector_is_used_by_a_script_or_the_style():
    sources = "".join(p.read_text() for p in sorted((REPO_ROOT / "lab").rglob("*"))
                      if p.suffix in (".js", ".py") and p.name != "dom.py")
    unused = [name for name in dom.SELECTORS
              if not re.search(rf"DOM\.{name}\b|'{name}'|\${name}\b", sources)]
    assert unused == []
