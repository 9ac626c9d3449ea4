"""Soak: does the server's memory grow while students come and go?

One server, N protocol clients (``clients.py``) with Run on; each student stays 0.5 to
1.5 times ``--lifetime`` and then a new one takes the seat (loads the page afresh), for
``--minutes``. The server's RSS is read every 10 s. Memory does not grow when the RSS at
the end is within 10 % of the RSS with the same sessions held at the start. Streamlit
keeps a leaver's session for a reconnect (``server.disconnectedSessionTTL``, 120 s), so
once students start leaving the server holds N sessions plus the recent leavers: the
start is the first reading after the first turnover plus that TTL ("steady"). The first
reading of all (N sessions, nobody left yet) and a least-squares slope over the second
half are reported too.

    python -m tests.bench soak [--quick]
    python -m tests.bench.bench_soak [--sessions 60] [--minutes 30] [--lifetime 180]
                                     [--gc forced|off]
"""

from __future__ import annotations

import os
import statistics
import time

from tests.bench.bench_classroom import GC_ARGS, PERIOD, start_clients, stop_clients
from tests.bench.common import APP, CpuWindow, Figure, log, rss_bytes, served, table

SESSION_TTL = 120  # s: Streamlit's server.disconnectedSessionTTL, which this page keeps

SESSIONS = 60
MINUTES = 30
LIFETIME = 180  # seconds a student stays, on average
EVERY = 10  # seconds between RSS readings
GROWTH_LIMIT = 0.10


def slope_mb_per_min(readings):
    """Least-squares slope of (seconds, bytes) readings, in MB per minute."""
    if len(readings) < 3:
        return float("nan")
    fit = statistics.linear_regression([t for t, _ in readings], [r for _, r in readings])
    return fit.slope * 60 / 1e6


def run(quick=False, sessions=None, minutes=None, lifetime=None, gc=None):
    sessions = sessions or (20 if quick else SESSIONS)
    minutes = minutes or (4 if quick else MINUTES)
    lifetime = lifetime or (60 if quick else LIFETIME)
    seconds = minutes * 60
    with served(APP, extra_args=GC_ARGS[gc] if gc else ()) as app:
        pid = app.proc.pid
        rss_alone = rss_bytes(pid)
        log(f"soak: {sessions} sessions for {minutes} min, each ~{lifetime} s "
            f"(load average {os.getloadavg()[0]:.1f})")
        clients = start_clients(app.url, sessions, "run", seconds + PERIOD + 60,
                                lifetime=lifetime)
        time.sleep(PERIOD + 2)
        cpu = CpuWindow(pid).start()
        t0 = time.time()
        readings, loads = [], []
        while time.time() < t0 + seconds:
            readings.append((time.time() - t0, rss_bytes(pid)))
            loads.append(os.getloadavg()[0])
            time.sleep(min(EVERY, max(0.0, t0 + seconds - time.time())))
        readings.append((time.time() - t0, rss_bytes(pid)))
        cpu.stop()
        events = stop_clients(clients)
        tracebacks = app.log().count("Traceback")
    first, end = readings[0][1], readings[-1][1]
    steady = [r for r in readings if r[0] >= 1.5 * lifetime + SESSION_TTL] or readings
    start = steady[0][1]
    second_half = [r for r in readings if r[0] >= seconds / 2]
    visits = len(events)
    errors = sum(bool(e["errors"]) for e in events)
    growth = end / start - 1
    growth_first = end / first - 1
    mb = lambda n: f"{n / 1e6:.0f} MB"  # noqa: E731
    rows = [
        ["sessions at a time / visits in all", f"{sessions} / {visits}"],
        ["RSS: alone / first reading / steady (start) at "
         f"{steady[0][0] / 60:.1f} min / end",
         f"{mb(rss_alone)} / {mb(first)} / {mb(start)} / {mb(end)}"],
        ["RSS: min / max over the soak",
         f"{mb(min(r for _, r in readings))} / {mb(max(r for _, r in readings))}"],
        ["end against steady start; against the first reading",
         f"{growth:+.1%}; {growth_first:+.1%}"],
        ["slope, second half", f"{slope_mb_per_min(second_half):+.2f} MB/min"],
        ["RSS every 2 minutes",
         ", ".join(mb(r) for t, r in readings if int(t) % 120 < EVERY)],
        ["server CPU", f"{cpu.cpu / cpu.wall * 1000:.0f} ms/s "
         f"({cpu.cpu / cpu.wall * 1000 / sessions:.1f} per session)"],
        ["sessions with errors / tracebacks", f"{errors} / {tracebacks}"],
        ["load average: min / median / max",
         f"{min(loads):.1f} / {statistics.median(loads):.1f} / {max(loads):.1f}"],
    ]
    table(["soak", "value"], rows, f"Soak: {sessions} sessions coming and going, "
          f"{minutes} min, GC: {gc or 'config.toml'}")
    return [Figure(f"Soak {minutes} min, {sessions} sessions: RSS end vs steady start",
                   f"{mb(start)} -> {mb(end)} ({growth:+.1%})", target="within 10 %",
                   met=abs(growth) <= GROWTH_LIMIT),
            Figure("Soak: sessions with errors", f"{errors} of {visits}", target="0",
                   met=not errors and not tracebacks)]


if __name__ == "__main__":
    import argparse
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--sessions", type=int)
    parser.add_argument("--minutes", type=float)
    parser.add_argument("--lifetime", type=float)
    parser.add_argument("--gc", choices=tuple(GC_ARGS))
    args = parser.parse_args()
    figures = run(args.quick, args.sessions, args.minutes, args.lifetime, args.gc)
    table(["figure", "value", "floor", "ratio", "target", "met"], [f.row() for f in figures])
