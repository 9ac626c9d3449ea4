"""Run: the animation frames the browser shows while Run is on, and how fast Pause acts.

Two pages, each its own session: the article's table and a two-dimensional data set
(the circle, 200 points, with its recipe's hidden layer), both ``target=100000`` so Run
does not reach its target inside the window, at the default speed (20 iterations a
frame). A recorder in the page notes every distinct frame the stage shows (what
lab/stage.js writes on ``.stage``, checked each animation frame). Pause: from the click on
the toggle until the Iteration metric is back; then the iteration it paused at is
compared with the last frame shown.

    python -m tests.bench run [--quick]
"""

from __future__ import annotations

import time

from tests.bench.common import (
    APP,
    PAUSED,
    RENDERED,
    RUNNING,
    CpuWindow,
    Figure,
    WsRecorder,
    chromium,
    frame_stats,
    frames_seen,
    kb,
    log,
    median,
    metric_value,
    ms,
    new_page,
    served,
    table,
    timed_click,
    when,
)

TARGET = "?target=100000"
SPEED = 20  # iterations per frame: the page's default
# a two-dimensional data set, every neuron drawn as its map (issue 18: hidden (4, 2),
# sigmoid, bias, the recipe's learning rate 6 / 200 rows)
CIRCLE = "?data=circle.200.0.0&hidden=4x2&bias=1&lr=0.03&target=100000"
CASES = {"article's table": TARGET, "circle, 200 points, hidden (4, 2)": CIRCLE}


def start_run(page, timeout=60_000):
    """Switch Run on; wall ms of the click and of the first frame shown."""
    page.evaluate("() => { window.__bench.clickAt = window.__bench.clickWall = null; "
                  "window.__bench.frames = []; }")
    page.locator(RUNNING).click()
    page.wait_for_function("() => window.__bench.frames.length > 0", polling=100,
                           timeout=timeout)
    clicked, first = page.evaluate("() => [window.__bench.clickWall, window.__bench.frames[0][0]]")
    return clicked, first


def pause(page):
    """Switch Run off: (seconds to paused view, iterations the view is ahead of the last
    frame shown, that frame)."""
    frames = frames_seen(page)
    seconds, _ = timed_click(page, RUNNING, PAUSED, "Iteration")
    after = frames_seen(page)
    shown = int(after[-1][2]) if after else (int(frames[-1][2]) if frames else 0)
    when(page, RENDERED)
    value = int("".join(c for c in metric_value(page) or "0" if c.isdigit()) or 0)
    return seconds, value - shown, shown


def one_case(app, browser, query, window, pauses):
    """Run on for ``window`` s on a fresh page (its own session), then ``pauses`` pauses."""
    page = new_page(browser, app.url + query)
    recorder = WsRecorder(page)
    log(f"run: {query}: Run on for {window} s")
    clicked, first = start_run(page)
    recorder.take()
    cpu = CpuWindow(app.proc.pid).start()
    page.wait_for_timeout(window * 1000)
    cpu.stop()
    received = recorder.take()
    frames = frames_seen(page)
    stats = frame_stats(frames, first, first + window * 1000)
    errors = page.locator('[data-testid="stException"]').count()
    log(f"run: {query}: {pauses} pauses")
    results = [pause(page)]
    for k in range(pauses - 1):
        start_run(page)
        page.wait_for_timeout(1500 + 700 * k)  # pause at different points of a stretch
        results.append(pause(page))
    js = list(page.js_errors)
    page.context.close()
    return dict(stats, first_ms=first - clicked, cpu=cpu.cpu / cpu.wall * 1000,
                bytes=sum(len(f) for f in received) / max(1, stats["stretches"]),
                pauses=results, errors=errors, js=js)


def run(quick=False):
    window = 15 if quick else 30
    pauses = 3 if quick else 6
    with served(APP) as app, chromium() as browser:
        cases = {name: one_case(app, browser, query, window, pauses)
                 for name, query in CASES.items()}
    rows = [
        ["Run on: click to first frame shown"],
        [f"frames shown in {window} s (whole window)"],
        ["frames/s over the window (stretch changes included)"],
        ["frames/s while a stretch plays (median frame interval)"],
        ["longest time without a new frame"],
        ["frames reached per finished stretch (of frames sent)"],
        ["bytes received per stretch"],
        ["server CPU while playing (1 session)"],
        ["Pause: click to paused view (median)"],
        ["Pause samples"],
        ["paused view ahead of last frame shown (iterations)"],
        ["exceptions shown"],
        ["JavaScript errors on the page"],
    ]
    for c in cases.values():
        pause_s = median([r[0] for r in c["pauses"]])
        c["pause_s"] = pause_s
        values = [
            ms(c["first_ms"] / 1000), c["frames"], f"{c['fps']:.1f}", f"{c['playing_fps']:.1f}",
            ms(c["longest_gap"]),
            ", ".join(f"{a}/{n}" for a, n in c["shown_per_stretch"]) or "-",
            kb(c["bytes"]), f"{c['cpu']:.1f} ms/s", ms(pause_s),
            ", ".join(ms(r[0]) for r in c["pauses"]),
            ", ".join(str(r[1]) for r in c["pauses"]), c["errors"],
            f"{len(c['js'])}" + (f": {sorted(set(c['js']))[:2]}" if c["js"] else ""),
        ]
        for row, value in zip(rows, values):
            row.append(value)
    table(["Run (one session, speed 20)", *cases], rows, "Run animation in the browser")
    article, circle = cases.values()
    return [
        Figure("Run: animation frames/s (over window)", f"{article['fps']:.1f} fps",
               target=">= 10 fps", met=article["fps"] >= 10),
        Figure("Run: frames/s while a stretch plays", f"{article['playing_fps']:.1f} fps",
               target="(>= 10 fps)", met=article["playing_fps"] >= 10),
        Figure("Pause takes effect (click to paused view)", ms(article["pause_s"]),
               target="<= 0.5 s", met=article["pause_s"] <= 0.5),
        Figure("Run on 2-D data: frames/s while a stretch plays",
               f"{circle['playing_fps']:.1f} fps", target=">= 10 fps",
               met=circle["playing_fps"] >= 10),
        Figure("Run on 2-D data: server CPU per playing session", f"{circle['cpu']:.1f} ms/s",
               target="<= 15 ms/s", met=circle["cpu"] <= 15),
    ]


if __name__ == "__main__":
    import sys
    t0 = time.perf_counter()
    run("--quick" in sys.argv)
    log(f"done in {time.perf_counter() - t0:.0f} s")
