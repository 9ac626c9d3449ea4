"""The page with parts switched off, for ``bench_parts`` only: which part costs what.

``BENCH_WITHOUT`` (environment, comma-separated) names the parts replaced by no-ops before
app.py runs unchanged: ``views`` (the open view under the stage), ``heatmaps`` (the
neurons' heatmaps on a two-input problem), ``picture`` (the stage's diagram and curves).
"""

import os
import runpy
from pathlib import Path

from lab import stage, views

ROOT = Path(__file__).resolve().parents[2]
WITHOUT = {p for p in os.environ.get("BENCH_WITHOUT", "").split(",") if p}


def nothing(*args, **kwargs):
    return None


if "views" in WITHOUT:
    views.draw = nothing
if "heatmaps" in WITHOUT:
    stage.heatmaps = nothing
if "picture" in WITHOUT:
    stage.picture = nothing

runpy.run_path(str(ROOT / "app.py"), run_name="__main__")
