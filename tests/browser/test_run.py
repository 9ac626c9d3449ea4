"""Run and Pause in a real browser: the animation is played by the browser (no server
messages per frame), and Pause leaves the page at the iteration that was on screen.
Everything waits on events (the status line moving, the metric changing), never on a clock."""

from __future__ import annotations

import pytest

from lab.text import number
from neuron import Config, Trainer, presets

from .helpers import EXCEPTION, as_int, metric_text, wait_for_app, wait_for_metric
from .test_stage import _STAGE, status_iteration

RUN_TOGGLE = ".st-key-running label"
STATUS = "(" + _STAGE + ").querySelector('.stage .status')"
PLAYING_AT = f"""() => {{
    const s = {STATUS};
    const m = s && /▶\\D*([\\d,]+)/.exec(s.textContent);
    return m ? Number(m[1].replace(/,/g, '')) : null;
}}"""


def test_run_plays_in_the_browser_and_pause_keeps_what_was_shown(app_url, new_page):
    page = new_page(1280, 720, locale="en-US")
    received = []
    page.on("websocket", lambda ws: ws.on("framereceived", lambda _: received.append(1)))
    page.goto(app_url + "/?lang=en&target=100000", wait_until="domcontentloaded")
    wait_for_app(page)
    log_toggle = page.locator('.st-key-log_loss input[type="checkbox"]')
    assert log_toggle.is_checked()

    page.locator(RUN_TOGGLE).click()
    page.wait_for_function(f"({PLAYING_AT})() > 0", polling=50)
    start, messages = page.evaluate(PLAYING_AT), len(received)
    # five more frames (20 iterations each) play in the browser: no message per frame
    page.wait_for_function(f"({PLAYING_AT})() >= {start + 5 * 20}", polling=50)
    assert len(received) - messages <= 2, "the server sent messages while frames played"

    shown = page.evaluate(PLAYING_AT)
    page.locator(RUN_TOGGLE).click()
    wait_for_metric(page, "Iteration", changed_from="__playing__")
    page.wait_for_function("""() => [...document.querySelectorAll('[data-testid="stMetricLabel"]')]
        .some(l => l.innerText.trim() === 'Iteration')""")
    wait_for_app(page)
    paused = as_int(metric_text(page, "Iteration"))
    # paused where the browser was: the frame on screen at the click, or one or two after
    assert shown <= paused <= shown + 3 * 20, (shown, paused)
    assert status_iteration(page) == paused
    expected = Trainer(Config(), presets.get("seed")).run(paused)
    assert metric_text(page, "Loss") == number(expected.loss(), "en", 6)
    # the log-scale choice survives Run; training continues from where it paused
    assert log_toggle.is_checked()
    page.locator(".st-key-step button:visible").click()
    wait_for_metric(page, "Iteration", equals=number(paused + 1, "en"))
    assert page.locator(EXCEPTION).count() == 0


def test_the_browser_asks_for_the_next_stretch_when_it_has_played_one(app_url, new_page):
    # speed 100: the first stretch ends at 10,000 (100 frames); the target, 10,500, is
    # reached only if the browser asks for a second stretch at the end of the first
    page = new_page(1280, 720, locale="en-US")
    page.goto(app_url + "/?lang=en&target=10500&speed=100", wait_until="domcontentloaded")
    wait_for_app(page)
    page.locator(RUN_TOGGLE).click()
    page.wait_for_function(f"({PLAYING_AT})() >= 10000", polling=50, timeout=60_000)
    wait_for_metric(page, "Iteration", equals=number(10_500, "en"))
    assert status_iteration(page) == 10_500
    expected = Trainer(Config(), presets.get("seed")).run(10_500)
    assert metric_text(page, "Loss") == number(expected.loss(), "en", 6)
    assert page.locator(EXCEPTION).count() == 0


@pytest.mark.parametrize("button", ["step", "step_many"])
def test_step_during_run_starts_from_the_frame_on_screen(app_url, new_page, button):
    """Issue 20.2: Step (or Step x N) while Run plays pauses at the frame on screen and
    steps from there; Run stops. (Train does too; its end is the same from any start.)"""
    page = new_page(1280, 720, locale="en-US")
    page.goto(app_url + "/?lang=en&target=100000&n=10", wait_until="domcontentloaded")
    wait_for_app(page)
    page.locator(RUN_TOGGLE).click()
    page.wait_for_function(f"({PLAYING_AT})() >= 200", polling=50)
    shown = page.evaluate(PLAYING_AT)
    page.locator(f".st-key-{button} button:visible").click()
    wait_for_metric(page, "Iteration", changed_from="__playing__")
    wait_for_app(page)
    added = {"step": 1, "step_many": 10}[button]
    after = as_int(metric_text(page, "Iteration"))
    paused = after - added
    # the frame on screen at the click (frames are 20 iterations apart), not the end of
    # the stretch the server trained ahead (2,000 iterations on)
    assert shown <= paused <= shown + 3 * 20 and paused % 20 == 0, (shown, after)
    assert not page.locator('.st-key-running input[type="checkbox"]').is_checked()
    expected = Trainer(Config(), presets.get("seed")).run(after)
    assert metric_text(page, "Loss") == number(expected.loss(), "en", 6)
    page.wait_for_timeout(1500)  # Run does not go on
    assert as_int(metric_text(page, "Iteration")) == after
    assert status_iteration(page) == after
