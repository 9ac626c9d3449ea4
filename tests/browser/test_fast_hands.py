"""Fast hands (issue 24): sequences of clicks and keys that once hung the page or left the
link naming another lesson, each repeated 20 times in Chromium. After each, once the page is
idle: no dialog, no exception, the counter, the status line and the link's ``it`` agree, and
a Step still answers."""

from __future__ import annotations

import os
import time
from urllib.parse import parse_qs, urlparse

import pytest

from lab.text import number

from .helpers import EXCEPTION, as_int, metric_text, wait_for_metric
from .random_actions import session, settle
from .test_stage import status_iteration

TRIALS = int(os.environ.get("FAST_HANDS_TRIALS", 20))  # each sequence failed 1 in 8 to 1 in 1
RUN_TOGGLE = ".st-key-running label"
TIMELINE = ".st-key-timeline input[type=range]"
STEP = ".st-key-step button:visible"
# Streamlit's dialogs: a lost connection or a failed message ("Cached ForwardMsg MISS")
DIALOG = '[role="dialog"], [data-testid="stDialog"]'


def link_iteration(page):
    return int(parse_qs(urlparse(page.url).query).get("it", ["0"])[0])


def assert_one_lesson(page):
    """No dialog or exception; counter, status line and link agree; a Step answers."""
    assert "ForwardMsg" not in page.inner_text("body")
    assert page.locator(DIALOG).count() == 0, page.locator(DIALOG).all_inner_texts()
    assert page.locator(EXCEPTION).count() == 0
    shown = as_int(metric_text(page, "Iteration"))
    assert status_iteration(page) == shown
    assert link_iteration(page) == shown, (page.url, shown)
    return shown


def step_answers(page):
    before = metric_text(page, "Iteration")
    page.locator(STEP).click()
    wait_for_metric(page, "Iteration", changed_from=before)
    settle(page)


def step(page, times):
    for _ in range(times):
        step_answers(page)


@pytest.fixture
def page(new_page, app_url):
    page = new_page(1280, 900, locale="en-US")
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.app_url, page.errors = app_url, errors
    yield page
    assert errors == []


def test_timeline_key_bursts_never_hang_the_page(page):
    for trial in range(TRIALS):
        page.goto(page.app_url + "/?lang=en&preset=nand&lr=10", wait_until="domcontentloaded")
        settle(page)
        step(page, 2)
        page.locator(TIMELINE).focus()
        for key in ("End", "PageUp", "PageDown"):
            page.keyboard.press(key)
        settle(page)
        page.locator(TIMELINE).focus()
        for key in ("ArrowLeft", "ArrowLeft", "End"):
            page.keyboard.press(key, delay=0)
        settle(page)
        shown = assert_one_lesson(page)
        assert shown == 2, trial
        step_answers(page)
        assert assert_one_lesson(page) == 3


def test_the_link_follows_the_timeline_at_once(page):
    for trial in range(TRIALS):
        page.goto(page.app_url + "/?lang=en&view=boundary", wait_until="domcontentloaded")
        settle(page)
        step(page, 1)
        page.locator(TIMELINE).focus()
        page.keyboard.press("Home", delay=0)
        page.keyboard.press("End", delay=0)
        settle(page)
        assert assert_one_lesson(page) == 1, trial


def test_run_toggled_fast_leaves_the_link_on_the_frame_shown(page):
    for trial in range(TRIALS):
        page.goto(page.app_url + "/?lang=en", wait_until="domcontentloaded")
        settle(page)
        step(page, 1)
        for _ in range(4):
            page.locator(RUN_TOGGLE).click(delay=0)
        settle(page)
        shown = assert_one_lesson(page)
        reopened = page.context.new_page()
        reopened.goto(page.url, wait_until="domcontentloaded")
        settle(reopened)
        assert metric_text(reopened, "Iteration") == number(shown, "en"), trial
        reopened.close()
        time.sleep(0.1)


def test_random_actions_by_two_visitors(browser, app_url):
    """A short seeded run (``python -m tests.bench random`` runs 3,000 actions)."""
    session(browser, app_url, seed=20261207,
            count=int(os.environ.get("RANDOM_ACTIONS", 200)))
