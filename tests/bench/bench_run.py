"""Run: the animation frames the browser shows while Run is on, and how fast Pause acts.

One page (``?target=100000`` so Run does not reach its target inside the window; speed
is the default 20 iterations a frame). A recorder in the page notes every distinct frame
plotly's animation loop reaches (``_fullLayout._currentFrame``, checked each animation
frame). Pause: from the click on the toggle until the Run chart is gone and the Iteration
metric is back; then the iteration it paused at is compared with the last frame shown.

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


def run(quick=False):
    window = 15 if quick else 30
    pauses = 3 if quick else 6
    with served(APP) as app, chromium() as browser:
        page = new_page(browser, app.url + TARGET)
        recorder = WsRecorder(page)
        log(f"run: Run on for {window} s")
        clicked, first = start_run(page)
        recorder.take()
        cpu = CpuWindow(app.proc.pid).start()
        page.wait_for_timeout(window * 1000)
        cpu.stop()
        received = recorder.take()
        frames = frames_seen(page)
        stats = frame_stats(frames, first, first + window * 1000)
        errors = page.locator('[data-testid="stException"]').count()
        log(f"run: {pauses} pauses")
        results = [pause(page)]
        for k in range(pauses - 1):
            start_run(page)
            page.wait_for_timeout(1500 + 700 * k)  # pause at different points of a stretch
            results.append(pause(page))
        js = list(page.js_errors)

    pause_s = median([r[0] for r in results])
    ahead = [r[1] for r in results]
    stretches = max(1, stats["stretches"])
    shown = stats["shown_per_stretch"]
    rows = [
        ["Run on: click to first frame shown", ms((first - clicked) / 1000)],
        [f"frames shown in {window} s (whole window)", stats["frames"]],
        ["frames/s over the window (stretch changes included)", f"{stats['fps']:.1f}"],
        ["frames/s while a stretch plays (median frame interval)",
         f"{stats['playing_fps']:.1f}"],
        ["longest time without a new frame", ms(stats["longest_gap"])],
        ["frames reached per finished stretch (of frames sent)",
         ", ".join(f"{a}/{n}" for a, n in shown) or "-"],
        ["bytes received per stretch", kb(sum(len(f) for f in received) / stretches)],
        ["server CPU while playing (1 session)", f"{cpu.cpu / cpu.wall * 1000:.1f} ms/s"],
        ["Pause: click to paused view (median)", ms(pause_s)],
        ["Pause samples", ", ".join(ms(r[0]) for r in results)],
        ["paused view ahead of last frame shown (iterations)", ", ".join(map(str, ahead))],
        ["exceptions shown", errors],
        ["JavaScript errors on the page", f"{len(js)}" + (f": {sorted(set(js))[:2]}" if js else "")],
    ]
    table(["Run (one session, speed 20)", "value"], rows, "Run animation in the browser")
    return [
        Figure("Run: animation frames/s (over window)", f"{stats['fps']:.1f} fps",
               target=">= 10 fps", met=stats["fps"] >= 10),
        Figure("Run: frames/s while a stretch plays", f"{stats['playing_fps']:.1f} fps",
               target="(>= 10 fps)", met=stats["playing_fps"] >= 10),
        Figure("Pause takes effect (click to paused view)", ms(pause_s),
               target="<= 0.5 s", met=pause_s <= 0.5),
    ]


if __name__ == "__main__":
    import sys
    t0 = time.perf_counter()
    run("--quick" in sys.argv)
    log(f"done in {time.perf_counter() - t0:.0f} s")
