"""Cold start: from spawning ``streamlit run`` to the first paint showing the Iteration
metric, in a fresh browser context (no cache); the floor app the same way, in turn.

    python -m tests.bench cold [--quick]
"""

from __future__ import annotations

import time

from tests.bench.common import (
    APP,
    FLOOR,
    METRIC_JS,
    RENDERED,
    Figure,
    chromium,
    log,
    median,
    ms,
    new_page,
    ratio,
    start_streamlit,
    table,
)


def cold(browser, app_path):
    """(spawn to healthy, spawn to Iteration painted, spawn to page fully drawn) in s."""
    t0 = time.perf_counter()
    server = start_streamlit(app_path)
    try:
        page = new_page(browser)
        page.goto(server.url, wait_until="commit")
        page.wait_for_function(f"() => ({METRIC_JS})('Iteration') !== null", polling="raf")
        shown = time.perf_counter() - t0
        page.wait_for_function(RENDERED, polling="raf")
        drawn = time.perf_counter() - t0
        page.context.close()
    finally:
        server.stop()
    return server.started_in, shown, drawn


def run(quick=False):
    n = 3 if quick else 5
    results = {"app": [], "floor": []}
    with chromium() as browser:
        cold(browser, FLOOR)  # warm the OS file cache and Python's bytecode caches
        log(f"cold start: {n} times each, alternating")
        for _ in range(n):
            for name, path in (("app", APP), ("floor", FLOOR)):
                results[name].append(cold(browser, path))
    rows = []
    for k, label in enumerate(["server healthy", "Iteration metric painted", "page fully drawn"]):
        a = median([r[k] for r in results["app"]])
        f = median([r[k] for r in results["floor"]])
        rows.append([f"spawn to {label}", ms(a), ms(f), ratio(a, f)])
    table(["cold start (median)", "page", "floor", "ratio"], rows,
          f"Cold start, {n} starts each (fresh server, fresh browser context)")
    a = median([r[1] for r in results["app"]])
    f = median([r[1] for r in results["floor"]])
    d = median([r[2] for r in results["app"]])
    return [Figure("Cold start (spawn to Iteration painted)", ms(a), ms(f), ratio(a, f),
                   "<= 1.5x floor", a <= 1.5 * f),
            Figure("Cold start: page fully drawn", ms(d), ms(f), ratio(d, f), "(none)")]


if __name__ == "__main__":
    import sys
    run("--quick" in sys.argv)
