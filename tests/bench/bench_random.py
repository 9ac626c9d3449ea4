"""Random actions in Chromium (tests/browser/random_actions.py), long: 3,000 actions over
random seeds (``--quick``: 300), each seed a fresh pair of visitors on one server."""

from __future__ import annotations

import random
import time

from tests.browser.random_actions import Failed, session

from .common import Figure, log

SEED_ACTIONS = 300  # actions per seed: a lesson's worth, then two new visitors


def run(quick=False):
    from playwright.sync_api import sync_playwright

    from tests.browser.helpers import launch_chromium
    from tests.browser.server import start_streamlit

    total = 300 if quick else 3_000
    seeds = [random.randrange(2**31) for _ in range(total // SEED_ACTIONS)]
    failures, done, t0 = [], 0, time.perf_counter()
    with start_streamlit("app.py") as server, sync_playwright() as pw:
        browser = launch_chromium(pw)
        try:
            for seed in seeds:
                try:
                    session(browser, server.url, seed, SEED_ACTIONS, log=log)
                except Failed as failure:
                    failures.append(str(failure))
                    log(f"FAILED {failure}")
                done += SEED_ACTIONS
        finally:
            browser.close()
    minutes = (time.perf_counter() - t0) / 60
    return [Figure(f"Random actions: {done:,} over seeds {', '.join(map(str, seeds))} "
                   f"({minutes:.0f} min)", f"{len(failures)} failed", target="0",
                   met=not failures)]
