"""What a freshly started server imports before the first visitor sees the stage: the
page's modules without the views' (pandas, scipy), which are imported in the background
after the first page (lab.warm.warm_up)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

LATER = ("pandas", "scipy.optimize", "lab.editor", "lab.views.table", "lab.views.compare")
SCRIPT = f"""
import sys, threading
import lab.warm, lab.state, lab.stage, lab.views, lab.sidebar
print('before', *[m in sys.modules for m in {LATER!r}])
lab.warm.warm_up(); lab.warm.warm_up()
workers = [t for t in threading.enumerate() if t.name == 'neuron-lab-imports']
print('threads', len(workers))
for t in workers:
    t.join()
print('after', *[m in sys.modules for m in {LATER!r}])
"""


def test_the_views_modules_wait_until_the_first_page_is_drawn():
    out = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout.split("\n")
    n = len(LATER)
    assert out[:3] == ["before" + " False" * n, "threads 1", "after" + " True" * n]


def test_the_package_does_nothing_on_import_and_warm_freezes_the_libraries():
    script = ("import gc, sys, lab; print(gc.get_freeze_count() == 0, 'numpy' in sys.modules); "
              "import lab.warm; print(gc.get_freeze_count() > 0)")
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout.split("\n")
    assert out[:2] == ["True False", "True"]
