"""Classroom: 30 sessions in one headless Chromium (a context each) with Run on for 60 s,
and one probe session clicking Step, against one server.

In a real class each student's browser runs on the student's own computer and only the
server is shared; here all 30 pages render on the same 2 cores as the server, so the
pages' frame rates and the probe's click-to-shown time mostly measure this machine's
browser. The probe (in a second Chromium) therefore also times the server's answer at
the browser's network layer: from the Step's WebSocket message out to the Iteration
metric's message in (DevTools timestamps), which the renderers' load barely touches.
``--idle-class`` starts the 30 pages' Chromium in the SCHED_IDLE CPU class (a load
generator that yields the cores to the server and the probe): useful on a quiet machine
only, since other work of normal priority then starves the class entirely.

Reports errors per session (exception boxes, lost connections, page errors), animation
frames per second per session (the in-page recorder), Run stretches each session got,
server RSS (total, per session) and server CPU, the machine's CPU (the browser shares the
same 2 cores), and the probe's Step latency under load against idle. Bounded in time:
pages that are not ready by the load deadline are left out and counted.

    python -m tests.bench.bench_classroom [--quick] [--sessions N] [--seconds S] [--idle-class]
"""

from __future__ import annotations

import signal
import time

from tests.bench.bench_run import TARGET
from tests.bench.common import (
    APP,
    APP_READY,
    METRIC_CHANGED,
    RENDERED,
    RUNNING,
    STEP,
    CpuWindow,
    Figure,
    WsRecorder,
    browsers,
    frame_stats,
    log,
    median,
    metric_value,
    ms,
    new_page,
    rss_bytes,
    served,
    table,
    timed_click,
    when,
)

MEMORY_LIMIT = 690e6
LOAD_DEADLINE = 330  # seconds to get every page loaded
BATCH = 5  # pages loading at once
TIME_BOUND = 840  # seconds for the whole benchmark
COLLECT_JS = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  return {frames: window.__bench.frames,
          exceptions: document.querySelectorAll('[data-testid="stException"]').length,
          connection: app ? app.getAttribute('data-test-connection-state') : null};
}"""
TOGGLE_DEADLINE = 150  # seconds to switch Run on in every page


def probe_step(page, recorder):
    """(click to Iteration shown, Step message out to metric message in) in seconds."""
    before = metric_value(page)
    recorder.take()
    seconds, _ = timed_click(page, STEP, METRIC_CHANGED, ["Iteration", before],
                             timeout=120_000)
    when(page, RENDERED, timeout=120_000)
    return seconds, recorder.turnaround("metric")


def mb(n):
    return f"{n / 1e6:.0f} MB"


def _over_time(signum, frame):
    raise TimeoutError(f"classroom: over its {TIME_BOUND} s time bound")


def run(quick=False, sessions=None, seconds=None, idle_class=False):
    """The figures; raises TimeoutError after TIME_BOUND seconds (servers and browsers
    are stopped on the way out)."""
    previous = signal.signal(signal.SIGALRM, _over_time)
    signal.alarm(TIME_BOUND)
    try:
        return _run(quick, sessions, seconds, idle_class)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _run(quick, sessions, seconds, idle_class):
    t_start = time.perf_counter()
    sessions = sessions or (8 if quick else 30)
    seconds = seconds or (20 if quick else 60)
    probes_idle = 4 if quick else 8
    with served(APP) as app, browsers(False, idle_class) as (probe_browser, browser):
        pid = app.proc.pid
        rss_start = rss_bytes(pid)
        probe = new_page(probe_browser, app.url)
        recorder = WsRecorder(probe)
        probe_step(probe, recorder)  # warm-up
        log(f"classroom: probe idle, {probes_idle} Steps")
        idle = [probe_step(probe, recorder) for _ in range(probes_idle)]
        rss_probe = rss_bytes(pid)

        log(f"classroom: opening {sessions} sessions")
        t_load = time.perf_counter()
        pages, ready = [], []
        for first in range(0, sessions, BATCH):  # 30 loads at once thrash 2 cores
            if time.perf_counter() - t_load > LOAD_DEADLINE:
                break
            batch = []
            for _ in range(first, min(sessions, first + BATCH)):
                page = new_page(browser)
                page.goto(app.url + TARGET, wait_until="commit")
                batch.append(page)
            pages += batch
            for page in batch:
                left = LOAD_DEADLINE - (time.perf_counter() - t_load)
                try:  # ready enough: connected, first run finished, Run toggle shown
                    page.wait_for_selector(APP_READY, timeout=max(1000, left * 1000))
                    page.wait_for_selector(RUNNING, timeout=max(1000, left * 1000))
                    ready.append(page)
                except Exception as error:  # noqa: BLE001 - counted and reported
                    log(f"classroom: a page not ready: {str(error).splitlines()[0]}")
            log(f"classroom: {len(ready)} ready after {time.perf_counter() - t_load:.0f} s")
        load_s = time.perf_counter() - t_load
        opened = len(pages)
        for page in pages:  # pages still loading would only take CPU from the rest
            if page not in ready:
                page.context.close()
        pages = ready
        rss_connected = rss_bytes(pid)
        log(f"classroom: {len(ready)}/{sessions} ready in {load_s:.0f} s; Run on in each")

        t_toggle = time.perf_counter()
        running = []
        for page in ready:
            left = TOGGLE_DEADLINE - (time.perf_counter() - t_toggle)
            if left <= 0:
                break
            try:
                page.locator(RUNNING).click(timeout=max(1000, min(30, left) * 1000))
                running.append(page)
            except Exception as error:  # noqa: BLE001 - counted and reported
                log(f"classroom: Run not switched on: {str(error).splitlines()[0]}")
        toggle_s = time.perf_counter() - t_toggle
        cpu = CpuWindow(pid).start()
        t0 = time.time() * 1000
        loaded, rss_peak = [], rss_connected
        deadline = time.perf_counter() + seconds
        while time.perf_counter() < deadline - 2:
            try:
                loaded.append(probe_step(probe, recorder))
            except Exception as error:  # noqa: BLE001 - a probe that times out is a result
                log(f"classroom: probe Step failed: {str(error).splitlines()[0]}")
                loaded.append((None, None))
            rss_peak = max(rss_peak, rss_bytes(pid))
            probe.wait_for_timeout(1500)
        probe.wait_for_timeout(max(0, (deadline - time.perf_counter()) * 1000))
        cpu.stop()
        t1 = time.time() * 1000
        rss_end = rss_bytes(pid)
        rss_peak = max(rss_peak, rss_end)

        log(f"classroom: window over: server CPU {cpu.cpu / cpu.wall * 1000:.0f} ms/s, "
            f"RSS {mb(rss_end)} (peak {mb(rss_peak)}), probe "
            f"{', '.join(ms(a) if a is not None else 'failed' for a, _ in loaded)}; collecting")
        per_page = []
        for page in pages:
            if page not in running:
                per_page.append(dict(running=False, errors=["Run not switched on"],
                                     js=page.js_errors, fps=0.0, stretches=0))
                continue
            left = t_start + TIME_BOUND - 20 - time.perf_counter()
            try:  # one round trip per page: its renderer is busy, each call can take long
                state = page.wait_for_function(COLLECT_JS, timeout=max(1000, left * 1000),
                                               polling=100).json_value()
            except Exception:  # noqa: BLE001 - counted and reported
                per_page.append(dict(running=True, errors=["not collected in time"],
                                     js=page.js_errors, fps=0.0, stretches=0,
                                     collected=False))
                continue
            errors = ([f"{state['exceptions']} exception box(es)"] if state["exceptions"]
                      else []) + ([f"connection {state['connection']}"]
                                  if state["connection"] != "CONNECTED" else [])
            per_page.append(dict(running=True, errors=errors, js=page.js_errors,
                                 collected=True, **frame_stats(state["frames"], t0, t1)))
        server_log = app.log()

    fps = [p["fps"] for p in per_page if p.get("collected")]
    with_errors = [p for p in per_page if p["errors"]]
    js_errors = sorted({e for p in per_page for e in p["js"]})
    with_js = sum(bool(p["js"]) for p in per_page)
    tracebacks = server_log.count("Traceback")
    idle_ms = median([t[0] for t in idle])
    idle_server = median([t[1] for t in idle])
    loaded_ok = [t for t in loaded if t[0] is not None]
    loaded_ms = median([t[0] for t in loaded_ok]) if loaded_ok else float("inf")
    loaded_server = median([t[1] for t in loaded_ok]) if loaded_ok else float("inf")
    per_session_rss = (rss_end - rss_probe) / max(1, len(ready))
    rows = [
        ["sessions asked for / opened / ready",
         f"{sessions} / {opened} / {len(ready)} (loading took {load_s:.0f} s)"],
        ["sessions with Run switched on (clicks took)",
         f"{len(running)} of {len(ready)} ({toggle_s:.0f} s)"],
        ["window with Run on", f"{cpu.wall:.0f} s"],
        ["sessions with errors", f"{len(with_errors)}"
         + (f": {with_errors[0]['errors'][:2]}" if with_errors else "")],
        ["sessions with JavaScript errors (pageerror)", f"{with_js}"
         + (f": {js_errors[:2]}" if js_errors else "")],
        ["JavaScript errors, all sessions", sum(len(p["js"]) for p in per_page)],
        ["tracebacks in the server log", tracebacks],
        ["sessions whose figures could be collected in time",
         f"{sum(bool(p.get('collected')) for p in per_page)} of {len(running)}"],
        ["frames/s per session: min / median / max",
         f"{min(fps, default=0):.1f} / {median(fps):.1f} / {max(fps, default=0):.1f}"],
        ["sessions at >= 10 frames/s", f"{sum(f >= 10 for f in fps)} of {len(fps)}"],
        ["Run stretches per session in the window: min / median",
         f"{min((p['stretches'] for p in per_page if p['running']), default=0)} / "
         f"{median([p['stretches'] for p in per_page if p['running']]):.0f}"
         f" (one is sent every 10.5 s)"],
        ["server RSS: start / probe only / all connected / end / peak",
         " / ".join(mb(x) for x in (rss_start, rss_probe, rss_connected, rss_end, rss_peak))],
        ["server RSS per session ((end - probe only) / sessions)", mb(per_session_rss)],
        ["server CPU in the window", f"{cpu.cpu / cpu.wall * 1000:.0f} ms/s "
         f"({cpu.cpu / cpu.wall * 1000 / max(1, len(running)):.1f} ms/s per running session)"],
        ["machine CPU in the window (browser + server)", f"{cpu.machine_cores:.2f} of 2 cores"],
        ["probe Step, click to Iteration shown: idle / under load (medians)",
         f"{ms(idle_ms)} / {ms(loaded_ms)} ({len(idle)} and {len(loaded_ok)} Steps, "
         f"{len(loaded) - len(loaded_ok)} failed)"],
        ["probe Step, server's answer (message out to metric in): idle / under load",
         f"{ms(idle_server)} / {ms(loaded_server)}"],
        ["probe samples under load (shown; server)",
         ", ".join(f"{ms(a)}; {ms(b)}" if a is not None and b is not None else "failed"
                   for a, b in loaded)],
    ]
    mode = ("class browser in the SCHED_IDLE CPU class" if idle_class else
            "all at normal CPU priority")
    table(["classroom", "value"], rows,
          f"Classroom: {sessions} sessions with Run on for {seconds} s, one probe ({mode})")
    ratio = loaded_ms / idle_ms
    server_ratio = loaded_server / idle_server
    return [
        Figure(f"Classroom: sessions with errors (of {sessions})", str(len(with_errors)),
               target="0", met=not with_errors),
        Figure("Classroom: frames/s per session (min / median)",
               f"{min(fps, default=0):.1f} / {median(fps):.1f}", target=">= 10 each",
               met=bool(fps) and min(fps) >= 10),
        Figure(f"Classroom: server RSS, {len(ready)} sessions (per session)",
               f"{mb(rss_peak)} ({mb(per_session_rss)})", target="<= 690 MB",
               met=rss_peak <= MEMORY_LIMIT),
        Figure("Classroom: server CPU (all sessions)", f"{cpu.cpu / cpu.wall * 1000:.0f} ms/s",
               target="(< 500 ms/s)", met=cpu.cpu / cpu.wall < 0.5),
        Figure("Classroom: probe Step latency, load vs idle", ms(loaded_ms), ms(idle_ms),
               f"{ratio:.2f}x", "<= 2x idle", ratio <= 2),
        Figure("Classroom: probe Step, server's answer, load vs idle", ms(loaded_server),
               ms(idle_server), f"{server_ratio:.2f}x", "(<= 2x idle)", server_ratio <= 2),
    ]


if __name__ == "__main__":
    import argparse
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--sessions", type=int)
    parser.add_argument("--seconds", type=int)
    parser.add_argument("--idle-class", action="store_true")
    args = parser.parse_args()
    t = time.perf_counter()
    run(args.quick, args.sessions, args.seconds, args.idle_class)
    log(f"done in {time.perf_counter() - t:.0f} s")
