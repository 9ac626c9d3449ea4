"""The page with parts switched off, for ``bench_parts`` only: which part costs what.

``BENCH_WITHOUT`` (environment, comma-separated) names the parts replaced by no-ops before
app.py runs unchanged: ``boundary`` (teach.boundary), ``share`` (teach.share), ``teaching``
(every section below the table), ``charts`` (the diagram and the curves beside it).
"""

import os
import runpy
from pathlib import Path

from lab import sections, teach

ROOT = Path(__file__).resolve().parents[2]
WITHOUT = {p for p in os.environ.get("BENCH_WITHOUT", "").split(",") if p}


def nothing(*args, **kwargs):
    return None


if "boundary" in WITHOUT:
    teach.boundary = nothing
if "share" in WITHOUT:
    teach.share = nothing
if "teaching" in WITHOUT:
    for name in ("explanation", "sigmoid_view", "questions", "boundary", "separable",
                 "compare", "export", "share"):
        setattr(teach, name, nothing)
if "charts" in WITHOUT:
    sections.diagram = nothing
    sections.curves = nothing

runpy.run_path(str(ROOT / "app.py"), run_name="__main__")
