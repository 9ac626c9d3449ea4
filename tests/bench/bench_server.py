"""Server cost of Run: CPU of the server process per second per playing session, and what
one stretch of Run costs, part by part, timed in this process.

1. N pages in one Chromium switch Run on (``?target=100000``); the server process's
   utime+stime (/proc/<pid>/stat) over a window, divided by the window and N. The same
   N pages connected but not running give the idle cost.
2. In-process: AppTest runs the page with Run on, one stretch per run, with timers wrapped
   around ``run.next_stretch`` (training), ``stage.picture`` (the frames and shapes) and
   the stage component's call (JSON, element id, protobuf); then ``json.dumps`` of the
   captured data; then cProfile of ``stage.picture``.

    python -m tests.bench server [--quick]
"""

from __future__ import annotations

import cProfile
import gc
import io
import pstats
import time
from collections import defaultdict

from tests.bench.bench_run import TARGET, start_run
from tests.bench.common import (
    APP,
    ROOT,
    CpuWindow,
    Figure,
    chromium,
    frames_seen,
    log,
    median,
    new_page,
    served,
    table,
)

LIMIT_MS = 15.0


NO_GC = ("--runner.postScriptGC", "false")


def browser_cost(sessions, window, extra_args=()):
    with served(APP, extra_args=extra_args) as app, chromium() as browser:
        pages = []
        for _ in range(sessions):
            pages.append(new_page(browser, app.url + TARGET))
        time.sleep(2)
        idle = CpuWindow(app.proc.pid).start()
        time.sleep(min(10, window))
        idle.stop()
        for page in pages:
            start_run(page)
        t0 = time.time() * 1000
        cpu = CpuWindow(app.proc.pid).start()
        time.sleep(window)
        cpu.stop()
        t1 = time.time() * 1000
        stretches = 0  # stretches whose first frame was shown inside the window
        for page in pages:
            first_seen = {}
            for e in frames_seen(page):
                first_seen.setdefault(e[1], e[0])
            stretches += sum(t0 <= t <= t1 for t in first_seen.values())
        errors = sum(p.locator('[data-testid="stException"]').count() for p in pages)
    return idle, cpu, stretches, errors


def timing_harness(stretches):
    """Per stretch, seconds: {part: [samples]}, the captured data, and a cProfile report."""
    import json

    from streamlit.testing.v1 import AppTest

    from lab import run as lab_run
    from lab import settings, stage

    times = defaultdict(list)
    captured = {}
    profile = cProfile.Profile()
    originals = dict(next_stretch=lab_run.next_stretch, picture=stage.picture,
                     component=stage._stage)

    def timed(name, fn):
        def wrapper(*args, **kwargs):
            t = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                times[name].append(time.perf_counter() - t)
        return wrapper

    def component(*args, **kwargs):
        captured["data"] = kwargs.get("data")
        return originals["component"](*args, **kwargs)

    profiling = []

    def picture(*args, **kwargs):
        if not profiling:
            return originals["picture"](*args, **kwargs)
        profile.enable()
        try:
            return originals["picture"](*args, **kwargs)
        finally:
            profile.disable()

    lab_run.next_stretch = timed("training: run.next_stretch", originals["next_stretch"])
    stage._stage = timed("stage component (JSON + id + protobuf)", component)
    stage.picture = timed("stage.picture, all of it", picture)
    try:
        at = AppTest.from_file(str(ROOT / APP), default_timeout=120)
        at.query_params["target"] = str(settings.MAX_TARGET)  # Run never ends here
        at.run()
        at.toggle(key="running").set_value(True)
        whole = []
        for _ in range(stretches + 1):
            t = time.perf_counter()
            at.run()
            whole.append(time.perf_counter() - t)
            assert not at.exception, [e.value for e in at.exception]
        times["(whole page rerun in AppTest, for comparison)"] = whole
        saved = {k: list(v) for k, v in times.items()}
        data = captured["data"]  # the last stretch at the default speed
        at.select_slider(key="speed").set_value(max(settings.SPEEDS))  # the fastest Run
        for _ in range(2):
            at.run()
        fastest = times["training: run.next_stretch"][len(saved["training: run.next_stretch"]):]
        at.select_slider(key="speed").set_value(settings.BY_KEY["speed"].default)
        profiling.append(True)  # then a few stretches under cProfile, not timed
        for _ in range(3):
            at.run()
        times.clear()
        times.update(saved)
        speed = max(settings.SPEEDS)
        times[f"training at speed {speed} ({speed * lab_run.RUN_FRAMES:,} iterations)"] = \
            [None, *fastest]
    finally:
        lab_run.next_stretch = originals["next_stretch"]
        stage.picture = originals["picture"]
        stage._stage = originals["component"]
    for name in times:  # the first is a warm-up
        times[name] = times[name][1:]
    times = dict(times)
    samples = []
    for _ in range(max(3, stretches)):
        t = time.perf_counter()
        text = json.dumps(data)
        samples.append(time.perf_counter() - t)
    engines = {"json": (median(samples), len(text))}
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(18)
    return times, engines, data, out.getvalue()


def run(quick=False):
    sessions = 3 if quick else 5
    window = 15 if quick else 30
    stretches = 3 if quick else 8
    variants = {}
    for name, extra in (("default config", ()), ("runner.postScriptGC=false", NO_GC)):
        log(f"server ({name}): {sessions} sessions playing for {window} s")
        idle, cpu, stretches_seen, errors = browser_cost(sessions, window, extra)
        variants[name] = dict(
            all=cpu.cpu / cpu.wall * 1000,
            per_session=cpu.cpu / cpu.wall * 1000 / sessions,
            idle=idle.cpu / idle.wall * 1000 / sessions,
            per_stretch=cpu.cpu * 1000 / max(1, stretches_seen),
            stretches=stretches_seen, machine=cpu.machine_cores, errors=errors,
            wall=cpu.wall)
    rows = [
        ["server CPU, all sessions", *(f"{v['all']:.0f} ms/s" for v in variants.values())],
        ["server CPU per playing session",
         *(f"{v['per_session']:.1f} ms/s" for v in variants.values())],
        ["server CPU per connected idle session",
         *(f"{v['idle']:.1f} ms/s" for v in variants.values())],
        ["server CPU per stretch (all of it / stretches shown)",
         *(f"{v['per_stretch']:.0f} ms" for v in variants.values())],
        ["stretches shown in the window (all sessions)",
         *(v["stretches"] for v in variants.values())],
        ["machine CPU in use (browser + server), cores",
         *(f"{v['machine']:.2f} of 2" for v in variants.values())],
        ["exceptions shown", *(v["errors"] for v in variants.values())],
    ]
    table([f"{sessions} sessions playing, {window} s, /proc", *variants], rows,
          "Server cost of Run (server process CPU)")
    default = variants["default config"]
    per_session = default["per_session"]
    per_stretch = default["per_stretch"]
    gc_off = variants["runner.postScriptGC=false"]

    log(f"server: timing harness, {stretches} stretches in AppTest")
    times, engines, spec, profile = timing_harness(stretches)
    parts = [[name, f"{median(v) * 1000:.1f} ms", len(v)] for name, v in times.items()]
    view = median(times["run_view, all of it"])
    known = sum(median(times[k]) for k in times
                if k.startswith(("training:", "figure:", "st.plotly_chart", "autoplay")))
    gc_ms = []
    for _ in range(5):
        t = time.perf_counter()
        gc.collect(2)
        gc_ms.append(time.perf_counter() - t)
    parts.append(["gc.collect(2) in this process (Streamlit runs it after every rerun)",
                  f"{median(gc_ms) * 1000:.1f} ms", f"{len(gc.get_objects())} objects"])
    parts.append(["frames list and the rest of run_view (difference)",
                  f"{(view - known) * 1000:.1f} ms", ""])
    for engine, (seconds, size) in engines.items():
        parts.append([f"json.dumps of the stage's data, engine={engine}",
                      f"{seconds * 1000:.1f} ms" if seconds is not None else str(size),
                      f"{size / 1000:.0f} KB" if seconds is not None else ""])
    table(["one stretch of Run (median, in-process)", "time", "n / size"], parts,
          f"Where a stretch's server time goes ({len(spec.get('frames') or [])} frames)")
    print("\ncProfile of run_view, by cumulative time:\n"
          + "\n".join(profile.strip().splitlines()[:40]))
    return [Figure("Server CPU per playing session", f"{per_session:.1f} ms/s",
                   target="<= 15 ms/s", met=per_session <= LIMIT_MS),
            Figure("Server CPU per playing session, postScriptGC off",
                   f"{gc_off['per_session']:.1f} ms/s", target="(<= 15 ms/s)",
                   met=gc_off["per_session"] <= LIMIT_MS),
            Figure("Server CPU per stretch (process; in-process run_view)",
                   f"{per_stretch:.0f} ms; {view * 1000:.0f} ms", target="(none)")]


if __name__ == "__main__":
    import sys
    run("--quick" in sys.argv)
