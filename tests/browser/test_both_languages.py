"""Issue 20.7 where only a browser can tell: Compare's axes as the page writes numbers,
the stage back in view after a one-click fix, a new row's cells empty (not "None")."""

from __future__ import annotations

import pytest

from lab.text import text

from .helpers import metric_text, wait_for_app, wait_for_metric
from .test_page import assert_no_exception, load

_SCROLLED = """() => Math.max(...[document.scrollingElement,
  ...document.querySelectorAll('[data-testid="stMain"], [data-testid="stAppViewContainer"]')]
  .map(e => e ? e.scrollTop : 0))"""


@pytest.mark.parametrize("lang, thousands", [("es", "10.000"), ("en", "10,000")])
def test_compare_axes_write_numbers_as_the_page_does(app_url, new_page, lang, thousands):
    page = new_page(1280, 900, locale="en-US")
    load(page, f"{app_url}/?lang={lang}&preset=xor&hidden=2&view=compare")
    page.locator(".st-key-compare button:visible").click()
    page.wait_for_selector('.js-plotly-plot .xtick text', timeout=90_000)
    wait_for_app(page)
    ticks = page.eval_on_selector_all(
        '.js-plotly-plot .xtick text, .js-plotly-plot .ytick text',
        "ts => ts.map(t => t.textContent)")
    assert thousands in ticks, ticks
    assert not [t for t in ticks if t.endswith(("k", "μ", "m", "n"))], ticks
    legend = page.eval_on_selector_all('.js-plotly-plot .legendtext',
                                       "ts => ts.map(t => t.textContent)")
    said = (text(lang, "compare_fits"), text(lang, "compare_misses"))
    assert len(legend) == 16, legend
    for k, name in enumerate(legend, start=1):
        assert name.split(": ") in ([text(lang, "compare_seed", seed=k), s] for s in said), name
    assert_no_exception(page)


def test_the_one_click_fix_brings_the_stage_back_into_view(app_url, new_page):
    page = new_page(1280, 720, locale="en-US")
    load(page, f"{app_url}/?lang=en&preset=xor&view=boundary")
    fix = page.locator(".st-key-add_hidden button:visible")
    fix.scroll_into_view_if_needed()
    assert page.evaluate(_SCROLLED) > 200  # the fix is well below the stage
    fix.click()
    page.wait_for_function(f"() => ({_SCROLLED})() === 0", polling="raf", timeout=60_000)
    wait_for_app(page)
    assert page.locator(".st-key-step button:visible").is_visible()
    assert page.locator(".st-key-step button:visible").bounding_box()["y"] < 720
    assert_no_exception(page)


def _ink(png: bytes) -> int:
    """How many pixels of a screenshot hold text (anything clearly darker than the grid)."""
    from io import BytesIO

    from PIL import Image
    return sum(Image.open(BytesIO(png)).convert("L").histogram()[:200])


def test_a_new_rows_cells_are_empty_not_none(app_url, new_page):
    # the grid draws on a canvas (its accessible copy shows '' either way): look at the pixels
    page = new_page(1280, 900, locale="es-ES")
    load(page, f"{app_url}/?lang=es&view=table")
    grid = page.locator('[data-testid="stDataFrame"]').first
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 150, box["y"] + box["height"] - 15)  # the "add a row" line
    page.wait_for_function("() => document.querySelectorAll("
                           "'[data-testid=\"stDataFrame\"] tr').length >= 6", polling="raf")
    page.keyboard.press("Escape")
    page.wait_for_timeout(500)
    # the new row's other cells (the first one is selected)
    clip = {"x": box["x"] + 0.35 * box["width"], "y": box["y"] + box["height"] - 30,
            "width": 0.6 * box["width"], "height": 25}
    assert _ink(page.screenshot(clip=clip)) == 0
    assert_no_exception(page)


_THUMB = ("() => document.querySelector("
          "'.st-key-timeline [data-testid=\"stSliderThumbValue\"]')?.innerText.trim()")


def test_the_timeline_regroups_its_numbers_when_the_language_changes(app_url, new_page):
    page = new_page(1280, 900, locale="en-US")
    load(page, f"{app_url}/?lang=es&it=10000")
    page.wait_for_function(f"() => ({_THUMB})() === '10.000'", polling="raf")
    page.locator(".st-key-lang label", has_text="English").click()
    page.wait_for_function(f"() => ({_THUMB})() === '10,000'", polling="raf")
    wait_for_app(page)
    assert page.evaluate(_THUMB) == "10,000"
    assert_no_exception(page)


def test_the_settings_keep_their_values_across_a_language_switch(app_url, new_page):
    """A select's value comes back from the browser as its option's label: after a switch
    the browser must have it in the new language (else the next click sends the old label,
    which no option has, and the settings cannot be read)."""
    page = new_page(1280, 900, locale="en-US")
    load(page, f"{app_url}/?lang=en&view=compare")
    page.locator(".st-key-lang label", has_text="Español").click()
    wait_for_app(page)
    page.locator(".st-key-step button:visible").click()
    iteration = text("es", "iteration")
    wait_for_metric(page, iteration, changed_from="0")
    wait_for_app(page)
    assert_no_exception(page)
    assert metric_text(page, iteration) == "1"
    assert "loss=squared" in page.url and "it=1" in page.url, page.url
    assert page.locator(".st-key-compare_by input:checked").count() == 1
