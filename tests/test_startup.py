"""What a freshly started server imports before the first visitor sees the page."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

SCRIPT = """
import sys, threading
import lab, lab.state, lab.stage, lab.views, lab.sidebar
print('before', 'scipy.optimize' in sys.modules)
lab.warm_up(); lab.warm_up()
workers = [t for t in threading.enumerate() if t.name == 'neuron-lab-imports']
print('threads', len(workers))
for t in workers:
    t.join()
print('after', 'scipy.optimize' in sys.modules)
"""


def test_scipy_waits_until_the_first_page_is_drawn():
    out = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout.split("\n")
    assert out[:3] == ["before False", "threads 1", "after True"]
