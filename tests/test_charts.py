"""lab.charts: pure figure builders, checked on the specs they produce."""

import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from lab import charts  # noqa: E402

LABELS = {"iteration_axis": "iteration", "loss_axis": "loss", "weight_axis": "weight",
          "fits": "fits", "misses": "does not fit"}


# -- presenter mode: type a room can read ---------------------------------------------------

def font_sizes(node, path=""):
    """Every font size in a spec, with where it is."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key.endswith("font") and isinstance(value, dict) and "size" in value:
                yield f"{path}.{key}", value["size"]
            yield from font_sizes(value, f"{path}.{key}")
    elif isinstance(node, list):
        for k, value in enumerate(node):
            yield from font_sizes(value, f"{path}[{k}]")


def every_builder(scale):
    xs = ys = np.linspace(0, 1, 5)
    yield charts.sigmoid_figure([0.5], [0.6], ["r"], {"slope": "s"}, scale=scale)
    yield charts.boundary_figure(xs, ys, np.full((5, 5), 0.4),
                                 (np.zeros(1), np.ones(1), np.ones(1), ["r"]),
                                 {"x": "a", "y": "b", "output": "o", "target": "t"},
                                 scale=scale)
    yield charts.sweep_figure(np.arange(3), np.ones((2, 3)), ["a", "b"], np.array([1, 0]),
                              LABELS, scale=scale)


@pytest.mark.parametrize(("scale", "least"), [(1.0, 13), (charts.PRESENTER_SCALE, 18)])
def test_every_chart_text_at_least_18_px_in_presenter_mode(scale, least):
    for fig in every_builder(scale):
        layout = fig.to_dict()["layout"]
        sizes = dict(font_sizes(fig.to_dict()))
        assert layout["font"]["size"] >= least
        for axis in [k for k in layout if k.startswith(("xaxis", "yaxis"))]:
            if layout[axis].get("visible", True):
                assert f".layout.{axis}.tickfont" in sizes, axis  # set, not inherited
        assert sizes and min(sizes.values()) >= least, sizes


# -- drawn by plotly.js in Chromium: what a person sees ----------------------------------------
# The boxes the browser reports for the axis titles plotly drew and for the legend.
