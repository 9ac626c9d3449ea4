"""lab.charts: pure figure builders, checked on the specs they produce."""

import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from lab import charts  # noqa: E402

LABELS = {"iteration_axis": "iteration", "loss_axis": "loss", "weight_axis": "weight"}


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

_PARTS_JS = """(id) => {
    const gd = document.getElementById(id);
    const box = e => { const r = e.getBoundingClientRect();
                       return [r.left, r.top, r.right, r.bottom]; };
    const parts = {};
    for (const name of ['legend', 'xtitle', 'ytitle']) {
        const e = gd.querySelector('.' + name);
        if (e) parts[name] = box(e);
    }
    return {parts};
}"""


@pytest.fixture(scope="module")
def draw():
    """draw(fig, width) -> what plotly.js drew for it in headless Chromium."""
    from tests.browser.helpers import CHROMIUM_MISSING, chromium_executable, launch_chromium

    if chromium_executable() is None:
        pytest.skip(CHROMIUM_MISSING)
    sync_api = pytest.importorskip("playwright.sync_api")
    import json

    import plotly
    import plotly.utils

    script = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    with sync_api.sync_playwright() as pw:
        browser = launch_chromium(pw)
        page = browser.new_page(viewport={"width": 2000, "height": 1500})
        page.set_content("<body style='margin:0'></body>")
        page.add_script_tag(path=str(script))

        def render(fig, width):
            figure = json.loads(json.dumps(fig.to_dict(), cls=plotly.utils.PlotlyJSONEncoder))
            page.evaluate("""([fig, width]) => {
                document.body.innerHTML = `<div id="c" style="width:${width}px"></div>`;
                return Plotly.newPlot('c', fig.data, fig.layout, {displayModeBar: false});
            }""", [figure, width])
            return page.evaluate(_PARTS_JS, "c")

        yield render
        browser.close()


def _meet(a, b, slack=0.5):
    return a[0] + slack < b[2] and b[0] + slack < a[2] and a[1] + slack < b[3] and \
        b[1] + slack < a[3]


def _curves(scale):
    z = np.linspace(-3, 3, 12)
    xs = ys = np.linspace(-0.25, 1.25, 7)
    yield charts.sigmoid_figure(z, 1 / (1 + np.exp(-z)), [f"row {k}" for k in range(12)],
                                {"slope": "slope"}, scale=scale)
    yield charts.boundary_figure(xs, ys, np.full((7, 7), 0.4),
                                 (np.array([0.0, 1.0]), np.array([1.0, 0.0]),
                                  np.array([1.0, 0.0]), ["a", "b"]),
                                 {"x": "x1", "y": "x2", "output": "y", "target": "target"},
                                 scale=scale)


@pytest.mark.parametrize("scale", [1.0, charts.PRESENTER_SCALE])
@pytest.mark.parametrize("width", [420, 900])
def test_drawn_axis_titles_meet_no_legend_and_no_control(draw, scale, width):
    for fig in _curves(scale):
        least = fig.to_dict()["layout"].get("meta", {}).get("min_width", 0)
        parts = draw(fig, max(width, least))["parts"]
        titles = [k for k in parts if "title" in k]
        others = [k for k in parts if "title" not in k]
        assert titles
        for t in titles:
            for o in others:
                assert not _meet(parts[t], parts[o]), (t, o, parts)
