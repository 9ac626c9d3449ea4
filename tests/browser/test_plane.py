"""The plane on the stage (issue 18), in Chromium: the map the browser draws is the trainer's
own output (features included), it moves with Run's frames, it is the paused frame's after
a pause, and it fits the first screen with Step, the counters and the loss."""

from __future__ import annotations

import numpy as np
import pytest

from neuron import Config, Trainer, datasets, features

from .helpers import as_int, metric_text, wait_for_app
from .test_page import assert_no_exception, load
from .test_stage import _STAGE, PLAYING, start_run

# the spiral's recipe: sin x1, sin x2 as inputs, hidden (8,) tanh
SPIRAL = "data=spiral.200.0.0.sin_x1%2Bsin_x2&hidden=8&act=tanh&bias=1&lr=0.003&it=300"
CIRCLE = "data=circle.200.0.0&hidden=8x8&act=tanh&bias=1&lr=0.005&test=0.3&it=200"

# what the stage draws: the grid, every neuron's values there, the one shown large
_PLANE = "() => { const p = (" + _STAGE + """).querySelector('.stage').plane;
  return p && {xs: [...p.xs], ys: [...p.ys], shown: p.shown,
               values: p.values.map((v) => [...v])}; }"""
_OUTPUT = "() => { const p = (" + _STAGE + """).querySelector('.stage').plane;
  return p && [...p.values[p.values.length - 1]]; }"""
_SHOWN = "() => { const s = (" + _STAGE + """).querySelector('.stage');
  return [s.dataset.iteration, [...s.plane.values[s.plane.values.length - 1]]]; }"""
# the output's map before and right after a press on Step, in one go (no server between)
_PRESS = "() => { const s = (" + _STAGE + """).querySelector('.stage');
  const output = () => [...s.plane.values[s.plane.values.length - 1]];
  const before = output();
  const step = [...document.querySelectorAll('.st-key-step button:not([disabled])')]
    .find((b) => b.offsetParent !== null);
  step.dispatchEvent(new PointerEvent('pointerdown', {bubbles: true, button: 0}));
  return [before, output()]; }"""
_THUMBS = "() => [...(" + _STAGE + ").querySelectorAll('svg.diagram image')]" \
    ".map((i) => i.getAttribute('href'))"


def ready(page):
    """Until the stage has drawn the plane (the component draws after the script ends)."""
    page.wait_for_function("() => (" + _STAGE + ").querySelector('svg.plane image')"
                           "?.getAttribute('href')")
    return page


def spiral_trainer(iteration):
    table = features.expand(datasets.get("spiral", 200, 0, 0), ["sin_x1", "sin_x2"])
    trainer = Trainer(Config(hidden=(8,), activation="tanh", bias=True, learning_rate=0.003),
                      table)
    trainer.run(iteration)
    return trainer


def expected_output(trainer, drawn, every=7):
    """Trainer.predict at every ``every``-th point of the grid the browser drew on (sin x1
    and sin x2 computed from that point's x1 and x2), beside what the browser drew there."""
    xs, ys = np.array(drawn["xs"]), np.array(drawn["ys"])
    n = len(xs)
    k = np.arange(0, n * n, every)
    points = np.column_stack([xs[k % n], ys[k // n]])
    want = trainer.predict(features.columns(points, ["sin_x1", "sin_x2"]))[:, 0]
    return want, np.array(drawn["values"][-1])[k]


def test_the_map_is_the_trainers_output_with_its_features(app_url, new_page):
    page = new_page(1280, 720, locale="en-US")
    load(page, f"{app_url}/?lang=en&{SPIRAL}")
    ready(page)
    assert as_int(metric_text(page, "Iteration")) == 300
    drawn = page.evaluate(_PLANE)
    assert len(drawn["xs"]) == 100 and len(drawn["values"]) == 4 + 8 + 1
    want, got = expected_output(spiral_trainer(300), drawn)
    np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-12)
    # the input maps are the inputs: sin x1 at each point is the sine of its x1
    xs = np.array(drawn["xs"])
    np.testing.assert_allclose(np.array(drawn["values"][2])[:100], np.sin(xs), rtol=1e-12)
    # hovering a neuron shows its map large, with its name; leaving it, the output again
    page.locator("svg.diagram image").nth(4).hover()
    page.wait_for_function("() => (" + _STAGE + ").querySelector('.stage').plane.shown === 4")
    title = page.locator("svg.plane .plane-title").text_content()
    assert title.startswith("h1:")
    page.mouse.move(2, 2)
    page.wait_for_function("() => (" + _STAGE + ").querySelector('.stage').plane.shown === 12")
    assert page.locator("svg.plane .plane-title").text_content().startswith("y:")
    # a Step is drawn on the plane the moment it is pressed (before the server answers),
    # and the rerun draws the same map
    before, pressed = page.evaluate(_PRESS)
    assert pressed != before
    page.locator(".st-key-step button:visible").click()
    page.wait_for_function("() => !document.querySelector('[data-step-ahead]')")
    wait_for_app(page)
    ready(page)
    assert as_int(metric_text(page, "Iteration")) == 301
    assert page.evaluate(_OUTPUT) == pressed
    want, got = expected_output(spiral_trainer(301), page.evaluate(_PLANE))
    np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-12)
    assert_no_exception(page)


def test_the_maps_move_with_run_and_stop_at_the_paused_frame(app_url, new_page):
    page = new_page(1280, 720, locale="en-US")
    load(page, f"{app_url}/?lang=en&{SPIRAL}")
    ready(page)
    start_run(page)
    first, thumbs = page.evaluate(_OUTPUT), page.evaluate(_THUMBS)
    page.wait_for_timeout(700)
    assert page.evaluate(_OUTPUT) != first  # the output's map moved with the frames
    assert page.evaluate(_THUMBS) != thumbs  # and so did the neurons'
    # pause: the map the browser shows at once is the paused frame's, and stays so
    page.locator(".st-key-running label").first.click()
    at_pause = page.evaluate(_SHOWN)
    page.wait_for_function("""(label) => ![...document.querySelectorAll(
        '[data-testid="stMetricLabel"]')].some(l => l.innerText.trim() === label)""",
                           arg=PLAYING)
    wait_for_app(page)
    ready(page)
    paused = as_int(metric_text(page, "Iteration"))
    assert paused == int(at_pause[0]) > 300
    drawn = page.evaluate(_PLANE)
    assert drawn["values"][-1] == at_pause[1]
    want, got = expected_output(spiral_trainer(paused), drawn)
    np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-12)
    assert_no_exception(page)


PARTS = {"Step": ".st-key-step button:visible",
         "Iteration": '[data-testid="stMetric"]:has-text("Iteration")',
         "Test rows right": '[data-testid="stMetric"]:has-text("Test rows right")',
         "map": "svg.plane", "loss": "svg.curves"}


@pytest.mark.parametrize("width,height,query", [(1280, 720, ""), (1280, 720, "&present=1"),
                                                (390, 844, "")])
def test_the_plane_and_the_stage_fit_the_first_screen(app_url, new_page, width, height, query):
    phone = dict(is_mobile=True, has_touch=True) if width < 500 else {}
    page = new_page(width, height, locale="en-US", **phone)
    load(page, f"{app_url}/?lang=en&{CIRCLE}{query}")
    ready(page)
    outside = {}
    for name, selector in PARTS.items():
        box = page.locator(selector).first.bounding_box()
        bottom = box["y"] + (box["height"] if width > 500 or name != "map" else 120)
        if box["x"] < 0 or box["y"] < 0 or box["x"] + box["width"] > width + 0.5 or \
                bottom > height + 0.5:
            outside[name] = box
    # on a phone the map starts on the first screen (its top rows and points), under the loss
    assert not outside, outside
    switches = page.locator(".plane-bar input[type=checkbox]")
    assert switches.count() == 2
    # the test rows hide and show again
    switches.nth(1).uncheck()
    assert page.locator("svg.plane .test-points").evaluate("g => g.style.display") == "none"
    switches.nth(1).check()
    assert_no_exception(page)


_COLOURS = "async () => { const i = new Image(); i.src = (" + _STAGE + """)
  .querySelector('svg.plane image').getAttribute('href'); await i.decode();
  const c = document.createElement('canvas'); c.width = i.width; c.height = i.height;
  const g = c.getContext('2d'); g.drawImage(i, 0, 0);
  const d = g.getImageData(0, 0, c.width, c.height).data; const seen = new Set();
  for (let k = 0; k < d.length; k += 4) seen.add(`${d[k]},${d[k + 1]},${d[k + 2]}`);
  return seen.size; }"""


def test_the_switches_go_in_the_link_and_run_plays_on_where_it_was(app_url, new_page):
    page = new_page(1280, 720, locale="en-US")
    load(page, f"{app_url}/?lang=en&{CIRCLE}")
    ready(page)
    assert page.evaluate(_COLOURS) > 10  # 30 shades
    switches = page.locator(".plane-bar input[type=checkbox]")
    switches.first.check()
    assert page.evaluate(_COLOURS) == 2  # each sample by its side of 0.5 alone
    page.wait_for_function("() => /discrete=1/.test(location.search)")
    wait_for_app(page)
    ready(page)
    assert switches.first.is_checked() and page.evaluate(_COLOURS) == 2
    # while Run plays, a switch redraws the stage with the same frames, from where it was
    start_run(page)
    page.wait_for_timeout(1500)
    before = int(page.evaluate("() => (" + _STAGE + ").querySelector('.stage').dataset.iteration"))
    switches.nth(1).uncheck()
    page.wait_for_function("() => /testrows=0/.test(location.search)")
    wait_for_app(page)
    after = int(page.evaluate("() => (" + _STAGE + ").querySelector('.stage').dataset.iteration"))
    assert before <= after < before + 1000  # not the next stretch (100 frames of 20)
    assert not switches.nth(1).is_checked()
    assert page.locator("svg.plane .test-points").evaluate("g => g.style.display") == "none"
    # a reload keeps both
    load(page, page.url)
    ready(page)
    assert switches.first.is_checked() and not switches.nth(1).is_checked()
    assert_no_exception(page)
