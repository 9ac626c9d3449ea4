"""The views' plotly charts as plotly.js draws them in Chromium: no axis title meets a
legend, at normal and presenter scale, narrow and wide."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import plotly
import plotly.utils
import pytest

from .server import REPO_ROOT

if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from lab import charts  # noqa: E402

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
def draw(browser):
    """draw(fig, width) -> what plotly.js drew for it in headless Chromium (the session's
    browser: one sync Playwright per process)."""
    script = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
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
    page.close()


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
