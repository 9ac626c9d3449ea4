"""The benchmark runs and reports its rows (timings are never asserted)."""

import pathlib
import re
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]


def test_quick_bench_prints_every_row():
    done = subprocess.run([sys.executable, "-m", "neuron.bench", "--quick"], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    rows = [line for line in done.stdout.splitlines() if re.match(r"\([a-z]\) ", line)]
    assert [row[:3] for row in rows] == ["(a)", "(b)", "(c)", "(d)", "(e)", "(f)", "(g)", "(h)"]
    assert done.stdout.startswith("load average ")
    for row in rows:
        assert re.search(r"\d+\.\d+ +<= *[\d.]+ (PASS|MISS)$", row), row
