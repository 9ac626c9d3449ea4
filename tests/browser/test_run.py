"""Run and Pause in a real browser: the animation is played by the browser (no server
messages per frame), and Pause leaves the page at the iteration that was on screen."""

from __future__ import annotations

from lab.text import number
from neuron import Config, Trainer, presets

from .helpers import EXCEPTION, as_int, metric_text, wait_for_app, wait_for_metric

RUN_TOGGLE = ".st-key-running label"
CHART = ".st-key-run_chart .js-plotly-plot"
CURRENT_FRAME = f"""() => {{
    const chart = document.querySelector('{CHART}');
    const name = chart && chart._fullLayout && chart._fullLayout._currentFrame;
    return name ? Number(name) : null;
}}"""


def test_run_plays_in_the_browser_and_pause_keeps_what_was_shown(app_url, new_page):
    page = new_page(1280, 900, locale="en-US")
    received = []
    page.on("websocket", lambda ws: ws.on("framereceived", lambda _: received.append(1)))
    page.goto(app_url + "/?target=100000", wait_until="domcontentloaded")
    wait_for_app(page)

    log_toggle = page.locator('.st-key-log_loss input[type="checkbox"]')
    assert log_toggle.is_checked()
    page.locator(RUN_TOGGLE).click()
    page.wait_for_function(f"({CURRENT_FRAME})() > 0", timeout=60_000, polling=100)
    # a stretch plays for ~10 s: watch 3 s of it
    start_frame, start_messages = page.evaluate(CURRENT_FRAME), len(received)
    page.wait_for_timeout(3000)
    frames = (page.evaluate(CURRENT_FRAME) - start_frame) // 20  # 20 iterations a frame
    messages = len(received) - start_messages
    assert frames >= 5, f"only {frames} frames in 3 s"
    assert messages <= 2, f"{messages} server messages while {frames} frames played"

    shown = page.evaluate(CURRENT_FRAME)
    page.locator(RUN_TOGGLE).click()
    page.wait_for_selector(CHART, state="detached", timeout=30_000)
    wait_for_app(page)
    paused = as_int(metric_text(page, "Iteration"))
    # paused where the browser was: the frame on screen at the click, or one or two after
    assert shown <= paused <= shown + 3 * 20, (shown, paused)
    expected = Trainer(Config(), presets.get("seed")).run(paused)
    assert metric_text(page, "Loss") == number(expected.loss(), "en", 6)

    # the curves' settings survive Run (their widgets were not drawn while it played)
    assert log_toggle.is_checked()
    # training continues from there
    page.locator(".st-key-step button:visible").click()
    wait_for_metric(page, "Iteration", equals=number(paused + 1, "en"))
    assert page.locator(EXCEPTION).count() == 0
