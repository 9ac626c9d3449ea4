"""Seeded random actions in Chromium, as a student hammering the page would (issue 24).

``python -m tests.browser.random_actions [SEED] [ACTIONS]`` runs one session against a
fresh server; ``tests/browser/test_fast_hands.py`` runs a short one in pytest and
``python -m tests.bench random`` long ones with random seeds. Two browser contexts act in
turn on one server (two visitors at once). After each action, once the page is idle:
no exception, no JavaScript error, no dialog, no NaN shown, and (Run off) the counter, the
status line and the link's ``it`` agree; every few actions a Step must still answer. A
failure raises ``Failed`` naming the seed and every action so far, to replay and shorten.
"""

from __future__ import annotations

import random
import re
import sys
import time
from urllib.parse import parse_qs, urlparse

from .helpers import EXCEPTION, as_int, wait_for_app

STEP = ".st-key-step button:visible"
RUN_TOGGLE = ".st-key-running label"
RUNNING = '.st-key-running input[type="checkbox"]'
TIMELINE = ".st-key-timeline input[type=range]"
DIALOG = '[role="dialog"]'
EDITOR = '[class*="st-key-table_"] [data-testid="stDataFrame"]'
# a metric's value that is not a number the page writes
NOT_A_NUMBER = re.compile(r"\b(nan|NaN|inf|Infinity)\b")
LINKS = [  # lessons, and links with broken parameters
    "preset=xor", "preset=nand&lr=10", "data=circle.200.10.0", "data=spiral.100.0.3",
    "preset=xor&hidden=6&act=tanh", "view=explain&it=3", "view=boundary", "view=compare",
    "lang=es&view=predictions", "lr=abc&it=-5", "hidden=99x&seed=x", "data=zzz.1.2",
    "it=999999999", "table=%%%", "view=nope&present=2", "ask=1,2", "lrs=0:1,5:zz",
]
RATES = ["0.5", "2", "0,1", "abc", "-1", "1e9", "", "3.5"]
KEYS = ["Home", "End", "ArrowLeft", "ArrowRight", "PageUp", "PageDown"]


class Failed(AssertionError):
    pass


def settle(page, timeout=60_000):
    """Idle: the script finished and stays finished (a fragment's run may ask for the page's)."""
    for _ in range(2):
        wait_for_app(page, timeout=timeout)
        page.wait_for_timeout(200)
    wait_for_app(page, timeout=timeout)


def playing(page):
    box = page.locator(RUNNING)
    return box.count() > 0 and box.first.is_checked()


def _iteration_metric(page):
    values = page.evaluate("""() => [...document.querySelectorAll('[data-testid="stMetric"]')]
        .map(m => [m.querySelector('[data-testid="stMetricLabel"]')?.innerText.trim(),
                   m.querySelector('[data-testid="stMetricValue"]')?.innerText.trim()])""")
    return next((v for label, v in values if label in ("Iteration", "Iteración")), None)


def _status_iteration(page):
    text = page.evaluate("""() => {
        const root = [...document.querySelectorAll('*')].map(e => e.shadowRoot)
            .find(r => r && r.querySelector('.stage'));
        const s = root && root.querySelector('.stage .status');
        return s ? s.textContent : null;
    }""")
    match = text and re.search(r"(\d[\d,.]*)", text)
    return as_int(match.group(1)) if match else None


def check(page, errors):
    """What must hold on an idle page; a list of what does not."""
    wrong = []
    body = page.inner_text("body")
    if "ForwardMsg" in body or page.locator(DIALOG).count():
        wrong.append("a dialog: " + " | ".join(page.locator(DIALOG).all_inner_texts()))
    if page.locator(EXCEPTION).count():
        wrong.append("exception: " + " | ".join(page.locator(EXCEPTION).all_inner_texts()))
    if errors:
        wrong.append(f"JavaScript errors: {errors}")
    if NOT_A_NUMBER.search(body):
        wrong.append(f"not a number shown: {NOT_A_NUMBER.search(body).group()}")
    counter = _iteration_metric(page)
    if counter is not None and not playing(page):
        shown = as_int(counter)
        status = _status_iteration(page)
        it = parse_qs(urlparse(page.url).query).get("it", [None])[0]
        if status is not None and status != shown:
            wrong.append(f"counter {shown}, status line {status}")
        if it is not None and int(it) != shown:
            wrong.append(f"counter {shown}, link it={it}")
    return wrong


def step_answers(page):
    """A Step (when the page offers one) moves the counter by one."""
    button = page.locator(STEP)
    if playing(page) or button.count() == 0 or button.first.is_disabled():
        return None
    before = _iteration_metric(page)
    button.first.click()
    page.wait_for_function("""(before) => {
        for (const m of document.querySelectorAll('[data-testid="stMetric"]')) {
            const l = m.querySelector('[data-testid="stMetricLabel"]')?.innerText.trim();
            const v = m.querySelector('[data-testid="stMetricValue"]')?.innerText.trim();
            if ((l === 'Iteration' || l === 'Iteración') && v !== before) return true;
        }
        return false;
    }""", arg=before, timeout=30_000)
    settle(page)
    return before


class Visitor:
    """One browser context on the page, its JavaScript errors, and the actions it can take."""

    def __init__(self, browser, url, rng):
        self.context = browser.new_context(viewport={"width": 1280, "height": 900},
                                           locale="en-US")
        self.context.set_default_timeout(60_000)
        self.page = self.context.new_page()
        self.errors = []
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.url, self.rng = url, rng
        self.page.goto(url, wait_until="domcontentloaded")

    def click(self, selector):
        target = self.page.locator(selector)
        if target.count() and target.first.is_enabled():
            target.first.click(delay=0)

    def act(self, name):
        page, rng = self.page, self.rng
        if name in ("step", "step_many", "train", "reset", "new_weights"):
            self.click(f".st-key-{name} button:visible")
        elif name == "run":
            self.click(RUN_TOGGLE)
            page.wait_for_timeout(rng.choice([0, 50, 300, 1500, 3000]))
            if rng.random() < 0.7:
                self.click(RUN_TOGGLE)
        elif name == "timeline":
            if page.locator(TIMELINE).count():
                page.locator(TIMELINE).first.focus()
                for key in rng.choices(KEYS, k=rng.randint(1, 5)):
                    page.keyboard.press(key, delay=0)
        elif name == "tab":
            tabs = page.get_by_role("tab")
            if tabs.count():
                tabs.nth(rng.randrange(tabs.count())).click()
        elif name == "rate":
            field = page.locator(".st-key-learning_rate input")
            if field.count() and field.first.is_visible():
                field.first.fill(rng.choice(RATES))
                field.first.press("Enter")
        elif name == "language":
            options = page.locator(".st-key-lang label")
            if options.count():
                options.nth(rng.randrange(options.count())).click()
        elif name == "link":
            page.goto(f"{self.url}/?{rng.choice(LINKS)}", wait_until="domcontentloaded")
        elif name == "edit":
            grid = page.locator(f"{EDITOR} [data-testid='data-grid-canvas']")
            if grid.count() and grid.first.is_visible():
                box = grid.first.bounding_box()
                page.mouse.click(box["x"] + box["width"] * rng.random(),
                                 box["y"] + 35 * rng.uniform(1.2, 3.8))
                page.keyboard.type(rng.choice(["0,5", "1", "x", "2.25", "-3", "1e400"]),
                                   delay=0)
                page.keyboard.press(rng.choice(["Enter", "Tab"]))
        elif name == "back":
            page.go_back(wait_until="domcontentloaded")
        elif name == "forward":
            page.go_forward(wait_until="domcontentloaded")
        elif name == "reload":
            page.reload(wait_until="domcontentloaded")

    def close(self):
        self.context.close()


ACTIONS = {"step": 12, "step_many": 4, "train": 3, "reset": 3, "new_weights": 3, "run": 8,
           "timeline": 10, "tab": 8, "rate": 4, "language": 3, "link": 6, "edit": 4,
           "back": 2, "forward": 1, "reload": 2}


def session(browser, url, seed, count, log=print):
    """``count`` random actions by two visitors; raises ``Failed`` on the first problem."""
    rng = random.Random(seed)
    visitors = [Visitor(browser, url, rng), Visitor(browser, url, rng)]
    done = []
    try:
        for v in visitors:
            settle(v.page)
        names, weights = zip(*ACTIONS.items())
        for n in range(count):
            who = rng.randrange(len(visitors))
            visitor = visitors[who]
            name = rng.choices(names, weights)[0]
            done.append(f"{who}:{name}")
            visitor.act(name)
            settle(visitor.page)
            wrong = check(visitor.page, visitor.errors)
            if not wrong and n % 10 == 9:
                step_answers(visitor.page)
                wrong = check(visitor.page, visitor.errors)
            if wrong:
                raise Failed(f"seed {seed}, action {n + 1} ({done[-1]}): {wrong}\n"
                             f"actions: {' '.join(done)}")
        for v in visitors:
            if playing(v.page):
                v.click(RUN_TOGGLE)
                settle(v.page)
            step_answers(v.page)
            wrong = check(v.page, v.errors)
            if wrong:
                raise Failed(f"seed {seed}, at the end: {wrong}\nactions: {' '.join(done)}")
    except Failed:
        raise
    except Exception as error:  # a timeout: the page stopped answering
        raise Failed(f"seed {seed}, action {len(done)} ({done[-1] if done else '-'}): "
                     f"{type(error).__name__}: {str(error)[:300]}\n"
                     f"actions: {' '.join(done)}") from error
    finally:
        for v in visitors:
            v.close()
    log(f"seed {seed}: {count} actions, no problem")
    return done


def main(argv):
    from playwright.sync_api import sync_playwright

    from .helpers import launch_chromium
    from .server import start_streamlit

    seed = int(argv[0]) if argv else int(time.time())
    count = int(argv[1]) if len(argv) > 1 else 300
    with start_streamlit("app.py") as server, sync_playwright() as pw:
        browser = launch_chromium(pw)
        try:
            session(browser, server.url, seed, count)
        finally:
            browser.close()


if __name__ == "__main__":
    main(sys.argv[1:])
