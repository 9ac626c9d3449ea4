"""Replicas: a class on ``deploy/serve.sh N`` (N Streamlit processes behind HAProxy), loaded
and measured through the proxy as the classroom benchmark measures one process: its
protocol clients (each session one WebSocket, spread over the replicas by the proxy) and
its real Chromium probe clicking Step (idle before and after the class, interleaved with
it). Server CPU and RSS are the replicas' and the proxy's, summed.

    python -m tests.bench replicas [--quick]      # 300 running on 2 replicas (--quick: 30)
    python -m tests.bench.bench_replicas [--replicas 2] [--running 300] [--seconds 60]
"""

from __future__ import annotations

import json
import os
import sys
import time

from tests.bench.bench_classroom import (
    LOAD_TIMEOUT,
    PERIOD,
    PROBE_EVERY,
    class_figures,
    p90,
    probe_step,
    start_clients,
    stop_clients,
)
from tests.bench.common import (
    CpuWindow,
    Figure,
    WsRecorder,
    chromium,
    log,
    median,
    ms,
    new_page,
    rss_bytes,
    table,
)
from tests.browser.server import HAPROXY_MISSING, haproxy_installed, start_replicas

REPLICAS = 2
RUNNING = 300
WINDOW = 60  # seconds of load measured
IDLE_PROBES = 15  # Steps before the class comes and again after it leaves
COOKIE = "lab_replica"  # the proxy's, naming a visitor's replica (deploy/haproxy.cfg)


def probe_idle(page, recorder, n):
    out = []
    for _ in range(n):
        out.append(probe_step(page, recorder))
        page.wait_for_timeout(300)
    return out


def one_class(sessions, replicas, window, browser):
    """Figures for ``sessions`` running on ``replicas`` fresh replicas behind the proxy."""
    with start_replicas(replicas) as served:
        pids = [served.pid(f"r{i + 1}") for i in range(replicas)] + [served.pid("HAProxy")]
        probe = new_page(browser, served.url)
        recorder = WsRecorder(probe)
        probe_step(probe, recorder)  # warm-up
        before = probe_idle(probe, recorder, IDLE_PROBES)
        rss_alone = sum(rss_bytes(pid) for pid in pids)
        log(f"replicas: {sessions} running on {replicas}: loading "
            f"(load average {os.getloadavg()[0]:.1f})")
        clients = start_clients(served.url, sessions, "run", window + LOAD_TIMEOUT)
        time.sleep(PERIOD + 2)  # every session going (Run starts spread over one period)
        cpus = [CpuWindow(pid).start() for pid in pids]
        t0 = time.time()
        loaded, rss_peak = [], 0
        while time.time() < t0 + window - 2:
            try:
                loaded.append(probe_step(probe, recorder))
            except Exception as error:  # noqa: BLE001 - a probe that times out is a result
                log(f"replicas: probe Step failed: {str(error).splitlines()[0]}")
                loaded.append((None, None))
            rss_peak = max(rss_peak, sum(rss_bytes(pid) for pid in pids))
            probe.wait_for_timeout(PROBE_EVERY * 1000)
        time.sleep(max(0.0, t0 + window - time.time()))
        for cpu in cpus:
            cpu.stop()
        t1 = time.time()
        load_avg = os.getloadavg()
        events = stop_clients(clients)
        time.sleep(3)
        after = probe_idle(probe, recorder, IDLE_PROBES)
        tracebacks = served.log().count("Traceback")
        probe_replica = next(c["value"] for c in probe.context.cookies()
                             if c["name"] == COOKIE)
        probe.context.close()
    out = class_figures(sessions, "run", events, t0, t1)
    if out["ready"] and not any(e["stretches"] for e in events):
        raise RuntimeError("no session got a stretch: has the page changed? "
                           "Record again: python -m tests.bench.record_classroom")
    wall = cpus[0].wall
    idle = [t[0] for t in before + after]
    shown = [t[0] for t in loaded if t[0] is not None]
    out.update(
        sessions=sessions, replicas=replicas, probe_replica=probe_replica,
        cpu=[c.cpu / wall * 1000 for c in cpus], machine=cpus[0].machine_cores, load=load_avg,
        rss_alone=rss_alone, rss_peak=rss_peak, tracebacks=tracebacks,
        idle_median=median(idle), idle_p90=p90(idle), idle_probes=len(idle),
        load_median=median(shown) if shown else float("inf"),
        load_p90=p90(shown) if shown else float("inf"), probes=len(loaded),
        probes_failed=len(loaded) - len(shown))
    out["per_session"] = sum(out["cpu"]) / sessions
    log(f"replicas: {json.dumps(summary_row(out))}")
    return out


def summary_row(r):
    cpu = " + ".join(f"{c:.0f}" for c in r["cpu"])
    return [f"{r['sessions']} running on {r['replicas']}",
            f"{cpu} ms/s ({r['per_session']:.1f} per session)",
            f"{r['rss_peak'] / 1e6:.0f} MB ({r['rss_alone'] / 1e6:.0f} MB idle)",
            f"{r['fps_median']:.1f} (min {r['fps_min']:.1f})",
            f"{r['late']} of {r['asked']} late, {r['interrupted']} cut short",
            f"{ms(r['wait_median'])} / {ms(r['wait_p90'])}",
            f"{r['load_median'] / r['idle_median']:.2f}x / {r['load_p90'] / r['idle_p90']:.2f}x"
            f" ({ms(r['idle_median'])} / {ms(r['idle_p90'])} idle, {r['idle_probes']} probes;"
            f" on {r['probe_replica']})",
            f"{r['errors']} + {r['tracebacks']} tb + {r['probes_failed']} probe",
            f"{r['load'][0]:.1f}", f"{r['machine']:.2f}"]


HEADERS = ["class", "server CPU: replicas + HAProxy", "RSS peak, all", "frames/s a browser plays",
           "stretches", "answer to a stretch request, median / p90",
           "probe Step load/idle, median / p90", "errors", "load avg", "machine cores"]


def run(quick=False, replicas=REPLICAS, running=None, seconds=None):
    if not haproxy_installed():
        sys.exit(HAPROXY_MISSING)
    running = running or ((30,) if quick else (RUNNING,))
    window = seconds or (30 if quick else WINDOW)
    with chromium() as browser:
        results = [one_class(n, replicas, window, browser) for n in running]
    table(HEADERS, [summary_row(r) for r in results],
          f"A class on {replicas} replica(s) behind HAProxy (deploy/serve.sh), {window} s windows")
    figures = []
    for r in results:
        name = f"Replicas: {r['sessions']} running on {r['replicas']}"
        ratio = max(r["load_median"] / r["idle_median"], r["load_p90"] / r["idle_p90"])
        figures += [
            Figure(f"{name}, probe load/idle (worse of median, p90)", f"{ratio:.2f}x",
                   target="<= 2x", met=ratio <= 2 and not r["probes_failed"]),
            Figure(f"{name}, late stretches", f"{r['late']} of {r['asked']}", target="0",
                   met=r["late"] == 0),
            Figure(f"{name}, sessions with errors", str(r["errors"]), target="0",
                   met=not r["errors"] and not r["tracebacks"])]
    return figures


if __name__ == "__main__":
    import argparse
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--replicas", type=int, default=REPLICAS)
    parser.add_argument("--running", type=int, nargs="*")
    parser.add_argument("--seconds", type=int)
    args = parser.parse_args()
    figs = run(args.quick, args.replicas, args.running, args.seconds)
    table(["figure", "value", "floor", "ratio", "target", "met"], [f.row() for f in figs])
