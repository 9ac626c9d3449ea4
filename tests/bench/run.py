"""Run the benchmarks and print their tables, then a summary against issue 5's targets.

    python -m tests.bench                      # all of them (about 85 minutes here)
    python -m tests.bench step run --quick     # some of them, fewer repetitions
    python tests/bench/run.py --markdown out.md

Each benchmark starts its own Streamlit server(s) on 127.0.0.1 and its own headless
Chromium, and stops them. Figures are medians of repeated runs; "floor" is the minimal
app (tests/browser/floor_app.py: one button, one metric) served and driven the same way
in the same run. These are scripts: nothing here asserts on timing.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a file: make the repo root importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.bench import (  # noqa: E402
    bench_bytes,
    bench_classroom,
    bench_cold,
    bench_deploy,
    bench_heavy,
    bench_parts,
    bench_random,
    bench_replicas,
    bench_run,
    bench_server,
    bench_soak,
    bench_step,
)
from tests.bench.common import SUMMARY_HEADERS, log, table  # noqa: E402

BENCHES = {
    "step": bench_step,
    "bytes": bench_bytes,
    "cold": bench_cold,
    "run": bench_run,
    "server": bench_server,
    "classroom": bench_classroom,
    "soak": bench_soak,
    "heavy": bench_heavy,
}
EXTRA = {"parts": bench_parts,  # diagnosis, run only when named
         "deploy": bench_deploy,  # the Dockerfile's commands in a fresh venv (for CI)
         "replicas": bench_replicas,  # a class on deploy/serve.sh's replicas (needs HAProxy)
         "random": bench_random}  # 3,000 random actions in Chromium (issue 24)


def machine():
    cores = os.cpu_count()
    load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    return (f"{platform.machine()}, {cores} cores, Python {platform.python_version()}, "
            f"load average {load}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", metavar="NAME",
                        help=f"benchmarks to run (default: all): {', '.join(BENCHES)}; "
                             "also 'parts' (what each part of the page costs a Step), 'deploy' "
                             "(the Dockerfile's commands in a fresh venv) and 'replicas' (300 "
                             "running on 2 replicas behind HAProxy)")
    parser.add_argument("--quick", action="store_true",
                        help="fewer repetitions, shorter windows; classroom: 30 running and "
                             "30 clicking; soak: 20 sessions for 4 minutes; replicas: 30 "
                             "running")
    parser.add_argument("--markdown", metavar="FILE", help="also write the summary there")
    args = parser.parse_args(argv)
    known = {**BENCHES, **EXTRA}
    unknown = [n for n in args.names if n not in known]
    if unknown:
        parser.error(f"unknown benchmark(s) {', '.join(unknown)}: choose from {', '.join(known)}")
    names = args.names or list(BENCHES)
    started = time.strftime("%Y-%m-%d %H:%M")
    before = machine()
    log(f"benchmarks: {', '.join(names)} ({before})")
    figures, failed = [], []
    t0 = time.perf_counter()
    for name in names:
        t = time.perf_counter()
        try:
            figures += known[name].run(quick=args.quick)
        except Exception as error:  # noqa: BLE001 - one failing benchmark does not stop the rest
            failed.append(f"{name}: {type(error).__name__}: {str(error).splitlines()[0]}")
            log(f"{name} failed: {failed[-1]}")
        log(f"{name} took {time.perf_counter() - t:.0f} s")
    title = (f"Summary, {started}, {time.perf_counter() - t0:.0f} s"
             f"{' (--quick)' if args.quick else ''}; before: {before}; after: {machine()}")
    text = table(SUMMARY_HEADERS, [f.row() for f in figures], title) if figures else title
    for line in failed:
        print(f"FAILED {line}")
    if args.markdown:
        Path(args.markdown).write_text(f"{text.strip()}\n"
                                       + "".join(f"\nFAILED {line}\n" for line in failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
