"""Classroom: N sessions on one server, driven by lightweight clients that speak the
browser's WebSocket protocol (``clients.py``, replaying a real Chromium's recorded
messages), and one real Chromium probe that clicks Step.

Classes (each on a fresh server): N sessions with Run on ("running", Run starts spread
over one stretch), N clicking Step every 2 s ("clicking"), and three kinds of running
class a teacher meets: "odd" (each Steps 3 times, then Runs: frames at odd iterations),
"long" (the link opens at iteration 19,961, the latest a link replays in its own script
run (later ones are replayed in a worker that the page follows with a fragment's timer,
which these clients do not play): Run past 20,000 iterations, where the history is
thinned), "together" (every Run pressed within 1 s: "press Run now") and "apart" (each
opens the link at another iteration, 1 to N: no two sessions in the same state, so none
takes a stretch another trained, ``lab.run.SharedPlays``). For each: the
probe's Step latency idle, then the class loads and goes, then the probe clicks Step
through the load window, then idle again once the class has left (15 idle probes before
and 15 after, around the load, because other work shares this machine).
Reported per class: server CPU (all, per session), RSS, Run stretches received and the
frames a browser could play from them, the gaps between stretches, how long the server
took to answer a stretch request (sent when the browser has played the last stretch, or
Run pressed) or a Step (each from its own click to script_finished), the requests still
unanswered at the end, the probe's median and p90 under load against idle, errors,
and the machine's load average. The clients run in their own process (its CPU is reported too).
Loopback only; every wait is bounded and the benchmark stops by itself.

    python -m tests.bench classroom [--quick]
    python -m tests.bench.bench_classroom [--running 30 60] [--clicking 30] [--odd 30]
                                          [--long 30] [--together 30] [--apart 150]
                                          [--seconds 60]
                                          [--gc forced|off] [--profile]
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from tests.bench.common import (
    APP,
    METRIC_CHANGED,
    ROOT,
    STEP,
    CpuWindow,
    Figure,
    WsRecorder,
    chromium,
    cpu_seconds,
    log,
    median,
    metric_value,
    ms,
    new_page,
    rss_bytes,
    served,
    table,
    timed_click,
)

# class kind: (clients' mode, their extra arguments), and the sizes measured by default
KINDS = {"running": ("run", ()), "clicking": ("step", ()),
         "odd": ("run", ("--steps-first", "3")),
         "long": ("run", ("--query", "target=100000&it=19961")),
         "together": ("run", ("--spread", "1")),
         "apart": ("run", ("--query", "it={seat}"))}
SIZES = {"running": (30, 60, 100, 150), "clicking": (30, 60), "odd": (60,), "long": (60,),
         "together": (60,), "apart": (150,)}
WINDOW = 60  # seconds of load measured per class
IDLE_PROBES = 15  # Steps before the class comes and again after it leaves
PROBE_EVERY = 1.5  # seconds between the probe's Steps under load
LOAD_TIMEOUT = 420  # seconds for a class to load
FRAME_S = 0.1  # a stretch's frames play at 10 a second
PERIOD = 10.5  # a stretch plays 10 s, then the browser asks for the next (Run starts
# are spread over this)
LATE = 1.0  # a stretch more than this after the browser asked leaves the picture still
MEMORY_LIMIT = 690e6
CPU_LIMIT = 4.0  # ms/s per running session
GC_ARGS = {"forced": ("--runner.postScriptGC", "true"),
           "off": ("--runner.postScriptGC", "false")}


def p90(values):
    values = sorted(v for v in values if v is not None)
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=10, method="inclusive")[-1]


def probe_step(page, recorder):
    """(click to the server's rerun drawn, Step message out to metric message in), seconds.
    (Not click to Iteration shown: the stage shows a Step on press, before the server.)"""
    before = metric_value(page)
    recorder.take()
    _, drawn = timed_click(page, STEP, METRIC_CHANGED, ["Iteration", before], rendered=True,
                           timeout=60_000)
    return drawn, recorder.turnaround("metric")


def probe_idle(page, recorder, n):
    out = []
    for _ in range(n):
        out.append(probe_step(page, recorder))
        page.wait_for_timeout(300)
    return out


def playable(stretches, t0, t1):
    """Frames a browser plays from stretches arriving at these times, in [t0, t1]: each
    plays from its arrival at 10 a second until its frames end or the next one arrives."""
    frames = 0.0
    for (t, n, _), nxt in zip(stretches, [*stretches[1:], (float("inf"), 0, None)]):
        start, end = max(t, t0), min(t + n * FRAME_S, nxt[0], t1)
        frames += max(0.0, end - start) / FRAME_S
    return frames


def class_figures(sessions, mode, events, t0, t1):
    """Per-class figures from the clients' events within the window [t0, t1]. A request
    sent more than LATE before the window's end and never answered is "unanswered"."""
    ready = [e for e in events if e["loaded"] is not None]
    seconds = t1 - t0
    stuck = [e["unanswered"] for e in ready]
    out = dict(ready=len(ready), errors=sum(bool(e["errors"]) for e in events),
               first_error=next((e["errors"][0] for e in events if e["errors"]), ""),
               load_s=max((e["loaded"] for e in ready), default=t0)
               - min((e["connected"] for e in ready if e["connected"]), default=t0))
    if mode == "run":
        fps, gaps, counts, waits = [], [], [], []
        for e in ready:
            arrived = [tuple(s) for s in e["stretches"]]
            fps.append(playable(arrived, t0, t1) / seconds)
            counts.append(sum(t0 <= t <= t1 for t, _, _ in arrived))
            gaps += [b[0] - a[0] for a, b in zip(arrived, arrived[1:]) if t0 <= b[0] <= t1]
            waits += [w for t, _, w in arrived if t0 <= t <= t1 and w is not None]
        out.update(interrupted=sum(e["interrupted"] for e in ready),
                   fps_min=min(fps, default=0), fps_median=median(fps),
                   wait_median=median(waits), wait_p90=p90(waits),
                   stretches=sum(counts), stretches_min=min(counts, default=0),
                   gap_median=median(gaps), gap_p90=p90(gaps), gap_max=max(gaps, default=0),
                   late=sum(w > LATE for w in waits), asked=len(waits),
                   unanswered=sum(u["stretch"] is not None and u["stretch"] < t1 - LATE
                                  for u in stuck))
    else:
        answers = [lat for e in ready for t, lat in e["steps"] if t0 <= t <= t1]
        out.update(clicks=len(answers), answer_median=median(answers), answer_p90=p90(answers),
                   answer_max=max(answers, default=0.0),
                   interrupted=sum(e["interrupted"] for e in ready))
    out["steps_unanswered"] = sum(t < t1 - LATE for u in stuck for t in u["steps"])
    return out


def start_clients(url, sessions, mode, bound, lifetime=0, extra=()):
    """The clients' process, once its class is loaded and going."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.bench.clients", url, "--sessions", str(sessions),
         "--mode", mode, "--seconds", str(bound), "--load-timeout", str(LOAD_TIMEOUT),
         "--lifetime", str(lifetime), *extra],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = proc.stdout.readline()  # "ready <time> <n>" once loaded (bounded by LOAD_TIMEOUT)
    if not line.startswith("ready"):
        proc.kill()
        raise RuntimeError(f"clients did not start: {line!r} {proc.stderr.read()[-1000:]}")
    return proc


def stop_clients(proc):
    proc.terminate()
    out, err = proc.communicate(timeout=120)
    return json.loads(out.strip().splitlines()[-1])


def profile_start(pid, seconds, path):
    """py-spy (if installed) sampling the server's GIL-holding threads for ``seconds``."""
    if shutil.which("py-spy") is None:
        log("classroom: --profile needs py-spy (pip install py-spy); not profiling")
        return None
    return subprocess.Popen(["py-spy", "record", "-p", str(pid), "-d", str(int(seconds)),
                             "-r", "50", "--gil", "--nonblocking", "-f", "raw", "-o", path],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def profile_summary(path, top=22):
    """Inclusive share of the samples per function, largest first (raw py-spy output)."""
    counts, total = {}, 0
    for line in Path(path).read_text().splitlines():
        stack, _, n = line.rpartition(" ")
        total += int(n)
        for name in {f.split(" (")[0] for f in stack.split(";")}:
            counts[name] = counts.get(name, 0) + int(n)
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    return total, [(name, n / total) for name, n in ranked[:top]]


def one_class(sessions, kind, window, gc, browser, profile=False):
    """Figures for one class on a fresh server."""
    mode, client_args = KINDS[kind]
    extra = GC_ARGS[gc] if gc else ()
    with served(APP, extra_args=extra) as app:
        pid = app.proc.pid
        probe = new_page(browser, app.url)
        recorder = WsRecorder(probe)
        probe_step(probe, recorder)  # warm-up
        before = probe_idle(probe, recorder, IDLE_PROBES)
        rss_alone = rss_bytes(pid)
        log(f"classroom: {sessions} {kind}: loading (load average {os.getloadavg()[0]:.1f})")
        clients = start_clients(app.url, sessions, mode, window + LOAD_TIMEOUT,
                                extra=client_args)
        client_cpu0 = cpu_seconds(clients.pid)
        time.sleep(PERIOD + 2)  # every session going (Run starts spread over one period)
        rss_loaded = rss_bytes(pid)
        cpu = CpuWindow(pid).start()
        t0 = time.time()
        spy = profile_start(pid, window - 2, f"/tmp/classroom-{pid}.txt") if profile else None
        loaded, rss_peak = [], rss_loaded
        while time.time() < t0 + window - 2:
            try:
                loaded.append(probe_step(probe, recorder))
            except Exception as error:  # noqa: BLE001 - a probe that times out is a result
                log(f"classroom: probe Step failed: {str(error).splitlines()[0]}")
                loaded.append((None, None))
            rss_peak = max(rss_peak, rss_bytes(pid))
            probe.wait_for_timeout(PROBE_EVERY * 1000)
        time.sleep(max(0.0, t0 + window - time.time()))
        cpu.stop()
        t1 = time.time()
        load_avg = os.getloadavg()
        rss_end = rss_bytes(pid)
        client_cpu = cpu_seconds(clients.pid) - client_cpu0
        events = stop_clients(clients)
        time.sleep(3)
        after = probe_idle(probe, recorder, IDLE_PROBES)
        rss_after = rss_bytes(pid)
        server_log = app.log()
        tracebacks = server_log.count("Traceback")
        if tracebacks:
            log("classroom: first traceback in the server log:\n"
                + server_log[server_log.index("Traceback"):][:3000])
        probe.context.close()
    if spy is not None and spy.wait(60) == 0:
        total, shares = profile_summary(f"/tmp/classroom-{pid}.txt")
        table(["function (inclusive, samples holding the GIL)", "share"],
              [[name[:90], f"{share:.0%}"] for name, share in shares],
              f"Server profile, {sessions} {mode}: {total} samples (py-spy --gil, 50/s)")
        kept = Path(f"/tmp/classroom-profile-{kind}.txt")  # for a closer look, stack by stack
        Path(f"/tmp/classroom-{pid}.txt").replace(kept)
        log(f"classroom: the raw profile is in {kept}")
    out = class_figures(sessions, mode, events, t0, t1)
    if out["ready"] and not any(e["stretches"] or e["steps"] or e["interrupted"]
                                for e in events):  # the recorded widgets are not the page's
        raise RuntimeError("no session got a stretch or a Step: has the page changed? "
                           "Record again: python -m tests.bench.record_classroom")
    idle = [t for t in before + after]
    shown = [t[0] for t in loaded if t[0] is not None]
    answer = [t[1] for t in loaded if t[1] is not None]
    out.update(
        sessions=sessions, mode=mode, kind=kind, gc=gc or "config", window=cpu.wall,
        cpu=cpu.cpu / cpu.wall * 1000, per_session=cpu.cpu / cpu.wall * 1000 / sessions,
        machine=cpu.machine_cores, load=load_avg, client_cpu=client_cpu / (t1 - t0) * 1000,
        rss_alone=rss_alone, rss_loaded=rss_loaded, rss_peak=max(rss_peak, rss_end),
        rss_after=rss_after, tracebacks=tracebacks,
        idle_median=median([t[0] for t in idle]), idle_p90=p90([t[0] for t in idle]),
        load_median=median(shown) if shown else float("inf"),
        load_p90=p90(shown) if shown else float("inf"), probes=len(loaded),
        probes_failed=len(loaded) - len(shown),
        idle_answer=median([t[1] for t in idle]), load_answer=median(answer))
    log(f"classroom: {sessions} {kind}: {json.dumps(summary_row(out))}")
    return out


def mb(n):
    return f"{n / 1e6:.0f} MB"


def summary_row(r):
    row = [f"{r['sessions']} {r['kind']}",
           f"{r['cpu']:.0f} ms/s ({r['per_session']:.1f})",
           f"{mb(r['rss_peak'])} ({mb(r['rss_alone'])} alone)"]
    if r["mode"] == "run":
        row += [f"{r['stretches']} (min {r['stretches_min']}/session)",
                f"{r['fps_median']:.1f} (min {r['fps_min']:.1f})",
                f"{r['gap_median']:.1f} / {r['gap_p90']:.1f} / {r['gap_max']:.1f} s"
                f" ({r['late']} late, {r['unanswered']} unanswered, "
                f"{r['interrupted']} cut short)",
                f"{ms(r['wait_median'])} / {ms(r['wait_p90'])}"]
    else:
        row += [f"{r['clicks']} Steps", "",
                f"{r['steps_unanswered']} unanswered, {r['interrupted']} cut short",
                f"{ms(r['answer_median'])} / {ms(r['answer_p90'])} (max {ms(r['answer_max'])})"]
    row += [f"{r['load_median'] / r['idle_median']:.2f}x / {r['load_p90'] / r['idle_p90']:.2f}x"
            f" ({ms(r['idle_median'])} / {ms(r['idle_p90'])} idle)",
            f"{r['errors']} + {r['tracebacks']} tb + {r['probes_failed']} probe"
            f" + {r['steps_unanswered']} Steps unanswered",
            f"{r['load'][0]:.1f}", f"{r['machine']:.2f}", f"{r['client_cpu']:.0f} ms/s"]
    return row


HEADERS = ["class", "server CPU (per session)", "RSS peak", "stretches in window",
           "frames/s a browser plays", "stretch gap median / p90 / max",
           "answer to a stretch or Step request, median / p90",
           "probe Step load/idle, median / p90", "errors", "load avg", "machine cores",
           "clients' CPU"]


def run(quick=False, sizes=None, seconds=None, gc=None, profile=False):
    """``sizes``: {class kind: sizes}, the kinds not named at their default sizes (--quick:
    30 of each kind)."""
    sizes = {**SIZES, **(sizes or {})}
    if quick:
        sizes = {kind: (30,) for kind, ns in sizes.items() if ns}
    window = seconds or (30 if quick else WINDOW)
    results = []
    with chromium() as browser:
        for kind, ns in sizes.items():
            for n in ns:
                results.append(one_class(n, kind, window, gc, browser, profile))
    table(HEADERS, [summary_row(r) for r in results],
          f"Classroom, one server process, {window} s windows, GC: {gc or 'config.toml'}")
    figures = []
    for r in results:
        name = f"Classroom: {r['sessions']} {r['kind']}"
        ratio = max(r["load_median"] / r["idle_median"], r["load_p90"] / r["idle_p90"])
        figures.append(Figure(f"{name}, probe load/idle (worse of median, p90)",
                              f"{ratio:.2f}x", target="<= 2x",
                              met=ratio <= 2 and not r["probes_failed"]))
        if r["mode"] == "run":
            figures.append(Figure(f"{name}, server CPU per session", f"{r['per_session']:.1f} ms/s",
                                  target=f"<= {CPU_LIMIT:.0f} ms/s",
                                  met=r["per_session"] <= CPU_LIMIT))
            # met only if every session got stretches in the window: none at all is no pass
            figures.append(Figure(f"{name}, late or unanswered stretches",
                                  f"{r['late']} + {r['unanswered']} of {r['asked']}"
                                  f" (fewest per session {r['stretches_min']})",
                                  target="0", met=r["late"] + r["unanswered"] == 0
                                  and r["stretches_min"] > 0))
        if r["sessions"] == 150:
            figures.append(Figure(f"{name}, RSS", mb(r["rss_peak"]), target="<= 690 MB",
                                  met=r["rss_peak"] <= MEMORY_LIMIT))
        figures.append(Figure(f"{name}, sessions with errors, Steps unanswered",
                              f"{r['errors']}, {r['steps_unanswered']}", target="0",
                              met=not r["errors"] and not r["tracebacks"]
                              and not r["steps_unanswered"]))
    return figures


if __name__ == "__main__":
    import argparse
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    for kind in KINDS:
        parser.add_argument(f"--{kind}", type=int, nargs="*", metavar="N",
                            help=f"sizes of the {kind} classes (none: skip them)")
    parser.add_argument("--seconds", type=int)
    parser.add_argument("--gc", choices=tuple(GC_ARGS))
    parser.add_argument("--profile", action="store_true", help="py-spy the server's window")
    args = parser.parse_args()
    t = time.perf_counter()
    named = {kind: getattr(args, kind) for kind in KINDS if getattr(args, kind) is not None}
    if named:  # only the kinds named
        named = {kind: named.get(kind, ()) for kind in KINDS}
    figs = run(args.quick, named, args.seconds, args.gc, args.profile)
    table(["figure", "value", "floor", "ratio", "target", "met"], [f.row() for f in figs])
    log(f"done in {time.perf_counter() - t:.0f} s")
