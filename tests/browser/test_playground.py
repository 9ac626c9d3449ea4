"""TensorFlow Playground's flow in Neuron Lab (issue 9), in Chromium."""

from __future__ import annotations

import sys

from .helpers import as_int, metric_text, wait_for_app
from .server import REPO_ROOT
from .test_page import assert_no_exception, load
from .test_stage import _STAGE, pause, start_run

if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))


HEATMAPS = "() => (" + _STAGE + ").querySelectorAll('svg.diagram image').length"


def choose(page, key, option):
    """Pick ``option`` in the selectbox keyed ``key`` (a react-aria combobox)."""
    box = page.locator(f".st-key-{key} input")
    box.click()
    box.fill(option)
    page.get_by_role("option", name=option, exact=True).click()
    page.wait_for_function("(v) => document.querySelector(`.st-key-preset input`).value === v",
                           arg=option)
    wait_for_app(page)


def slide_to(page, key, url_pattern, most=30):
    """Press → on the slider keyed ``key``, one step per rerun, until the URL matches."""
    for _ in range(most):
        if page.evaluate(f"() => {url_pattern}.test(location.search)"):
            return
        before = page.evaluate("() => location.search")
        page.locator(f".st-key-{key} input[type=range]").focus()
        page.keyboard.press("ArrowRight")
        page.wait_for_function("(before) => location.search !== before", arg=before)
        wait_for_app(page)
    raise AssertionError(f"{key} never reached {url_pattern}")


def test_circle_noise_split_hidden_layer_run_and_heatmaps(app_url, new_page):
    page = new_page(1280, 720, locale="en-US")
    load(page, f"{app_url}/?lang=en")
    choose(page, "preset", "Circle")
    # choosing a data set loads its measured recipe: a hidden layer, bias, a learning rate
    # for 200 rows
    page.wait_for_function(
        "() => /data=circle/.test(location.search) && /hidden=4(&|$)/.test(location.search)")
    # noise: the slider with the keyboard, ten steps
    slide_to(page, "data_noise", "/data=circle\\.200\\.10\\./")
    assert "hidden=4" in page.url
    # a train/test split from the sidebar: 30 % of the rows held out
    page.get_by_text("Batches, regularisation, test rows").click()
    slide_to(page, "test_fraction", "/test=0\\.3/")
    assert metric_text(page, "Rows right").endswith("/ 140")
    assert metric_text(page, "Test rows right").endswith("/ 60")
    # every neuron (2 inputs, 4 hidden, 1 output) drawn as a heatmap of its output
    assert page.evaluate(HEATMAPS) == 7
    # Run plays, pauses, and the heatmaps come back at the paused iteration
    start_run(page)
    page.wait_for_timeout(1000)
    pause(page)
    paused = as_int(metric_text(page, "Iteration"))
    assert paused > 0 and f"it={paused}" in page.url
    assert page.evaluate(HEATMAPS) == 7
    # the test loss is drawn beside the training loss
    ends = page.evaluate("() => [...(" + _STAGE + ").querySelectorAll('svg.curves text')]"
                         ".map(t => t.textContent)")
    assert "train" in ends and "test" in ends
    assert_no_exception(page)
