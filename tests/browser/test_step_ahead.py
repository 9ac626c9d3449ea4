"""Step shown the moment it is pressed, in Chromium: with the server's answers held back
(the page's WebSocket routed through the test), pressing Step shows the next iteration's
counters and picture; released, the rerun shows the same; a press that does not become a
click is undone, and Step by keyboard works the same way; a Step whose click is lost on the
way does not stay on screen."""

from __future__ import annotations

import re

from .helpers import metric_text, wait_for_app, wait_for_metric
from .test_page import assert_no_exception, load

STEP = ".st-key-step button:visible"
_STATUS = """() => [...document.querySelectorAll('*')].map(e => e.shadowRoot)
  .find(r => r && r.querySelector('.stage')).querySelector('.stage .status').textContent"""


class HeldSocket:
    """The page's Streamlit WebSocket, passed through; the server's messages held back while
    ``hold`` is set, delivered in order on ``release``."""

    def __init__(self, page):
        self.hold = False
        self.held = []
        self.drop = False  # the page's next message is lost on the way
        self.client = self.server = None
        page.route_web_socket(re.compile(r".*/_stcore/stream"), self._route)

    def _route(self, ws):
        self.client, self.server = ws, ws.connect_to_server()
        ws.on_message(self._from_page)
        self.server.on_message(self._from_server)

    def _from_page(self, message):
        if self.drop:
            self.drop = False
        else:
            self.server.send(message)

    def _from_server(self, message):
        if self.hold:
            self.held.append(message)
        else:
            self.client.send(message)

    def release(self):
        self.hold = False
        held, self.held = self.held, []
        for message in held:
            self.client.send(message)


def shown(page):
    return (metric_text(page, "Iteration"), metric_text(page, "Loss"), page.evaluate(_STATUS))


def test_step_is_shown_on_press_and_the_rerun_agrees(app_url, new_page):
    page = new_page(1280, 720, locale="en-US")
    socket = HeldSocket(page)
    load(page, f"{app_url}/?lang=en")
    assert metric_text(page, "Iteration") == "0"
    start = shown(page)

    socket.hold = True
    page.locator(STEP).click()
    wait_for_metric(page, "Iteration", equals="1")  # no answer from the server yet
    pressed = shown(page)
    assert pressed[1] != start[1] and "Iteration 1" in pressed[2]
    assert page.locator("[data-step-ahead]").count() == 1  # wait_for_app waits for the rerun
    socket.release()
    wait_for_app(page)
    assert shown(page) == pressed
    assert page.locator("[data-step-ahead]").count() == 0

    # pressed, then released elsewhere: no click, so the press is undone
    box = page.locator(STEP).bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    assert metric_text(page, "Iteration") == "2"
    page.mouse.move(5, 700)
    page.mouse.up()
    assert shown(page) == pressed
    # the next Step goes from 1 to 2 (had the press stepped on the server, it would be 3)
    page.locator(STEP).click()
    wait_for_metric(page, "Iteration", equals="2")
    wait_for_app(page)
    assert metric_text(page, "Iteration") == "2"

    # by keyboard
    socket.hold = True
    page.locator(STEP).focus()
    page.keyboard.press("Enter")
    wait_for_metric(page, "Iteration", equals="3")
    by_key = shown(page)
    socket.release()
    wait_for_app(page)
    assert shown(page) == by_key and "Iteration 3" in by_key[2]

    # a click that never reaches the server: the next rerun (any) puts the counters back
    socket.drop = True
    page.locator(STEP).click()
    wait_for_metric(page, "Iteration", equals="4")
    page.locator(".st-key-log_loss label").click()
    wait_for_metric(page, "Iteration", equals="3")
    wait_for_app(page)
    assert shown(page) == by_key
    # and with no rerun at all, after a while (10 s) the press is undone
    socket.drop = True
    page.locator(STEP).click()
    wait_for_metric(page, "Iteration", equals="4")
    wait_for_metric(page, "Iteration", equals="3", timeout=20_000)
    assert shown(page) == by_key
    assert_no_exception(page)
