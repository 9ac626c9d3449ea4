"""lab.charts: the teaching views' pure figure builders (sigmoid, decision boundary, compared
runs), and the stage's network diagram (lab.scene) with a row flowing through, checked on
the specs they produce against numbers worked out here with numpy."""

import json
from pathlib import Path

import numpy as np
import plotly.utils
import pytest

from lab import charts, scene, stage
from neuron import Config, Table, Trainer, presets, sweep
from tests.test_app import shown

HOSTILE = "<img src=x onerror=alert(1)>"
ESCAPED = "&lt;img src=x onerror=alert(1)&gt;"


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def spec(fig):
    """The spec as the browser receives it: through plotly's JSON encoder and back."""
    return json.loads(json.dumps(fig.to_dict(), cls=plotly.utils.PlotlyJSONEncoder))


def raw_html_free(data):
    """No user text reaches plotly as markup: every '<' left is plotly's own <br>/<extra>."""
    text = json.dumps(data, ensure_ascii=False)
    assert HOSTILE not in text
    assert "<img" not in text and "onerror=alert(1)>" not in text


# -- the sigmoid, row by row -------------------------------------------------------------------

def sigmoid_spec(z, names=None):
    z = np.asarray(z, dtype=float)
    names = names or [f"row {k + 1}" for k in range(len(z))]
    return spec(charts.sigmoid_figure(z, sigmoid(z), names, {"slope": "slope"}))


def test_sigmoid_figure_curve_points_and_slopes():
    trainer = Trainer(Config(), presets.get("seed")).run(25)
    X = trainer.table.inputs
    z = (X @ trainer.weights[0]).ravel()
    data = sigmoid_spec(z)["data"]
    curve = data[0]
    grid = np.asarray(curve["x"])
    assert len(grid) == 241 and grid[0] == -grid[-1]
    assert grid[-1] == pytest.approx(max(6.0, 1.1 * np.abs(z).max() + 1))
    np.testing.assert_allclose(curve["y"], sigmoid(grid), rtol=1e-12)
    points = [t for t in data if t.get("mode") == "markers"]
    assert [p["name"] for p in points] == ["row 1", "row 2", "row 3", "row 4"]
    np.testing.assert_allclose([p["x"][0] for p in points], z, rtol=1e-12)
    np.testing.assert_allclose([p["y"][0] for p in points], sigmoid(z), rtol=1e-12)
    segments = [t for t in data if t.get("mode") == "lines" and len(t["x"]) == 2]
    assert len(segments) == len(z)
    for seg, point in zip(segments, points):
        (x0, x1), (y0, y1) = seg["x"], seg["y"]
        a = point["y"][0]
        assert (y1 - y0) / (x1 - x0) == pytest.approx(a * (1 - a), rel=1e-9)
        assert (x0 + x1) / 2 == pytest.approx(point["x"][0])
        assert seg["line"]["color"] == point["marker"]["color"]  # the same colour as its row
        # the slope reaches the hover as data, formatted by plotly with the page's decimal mark
        assert point["customdata"] == [pytest.approx(a * (1 - a), rel=1e-12)]
        assert "slope = %{customdata:.5g}" in point["hovertemplate"]
    assert len({p["marker"]["color"] for p in points}) == len(points)


def inside_sigmoid_axes(fig):
    """Every row's marker and slope line lies inside the axes the layout sets."""
    (x0, x1), (y0, y1) = fig["layout"]["xaxis"]["range"], fig["layout"]["yaxis"]["range"]
    for trace in fig["data"]:
        x, y = np.asarray(trace["x"], dtype=float), np.asarray(trace["y"], dtype=float)
        assert np.all((x0 <= x) & (x <= x1)) and np.all((y0 <= y) & (y <= y1)), trace
    return x0, x1


@pytest.mark.parametrize("z", [
    [-1.2, -0.9, -0.7, -0.5],  # the article's rows at iteration 0, all negative
    [-4.6, -4.6, 9.7, 5.1],  # after training
    [-12.0, 3.0], [-100.0, 0.0, 250.0], [1e4], [0.0], [5.9, -5.9],
])
def test_sigmoid_figure_axes_hold_every_row_and_slope(z):
    fig = sigmoid_spec(z)
    x0, x1 = inside_sigmoid_axes(fig)
    assert x0 < min(z) and max(z) < x1  # strictly: no marker sits on the frame
    assert x0 <= -6 and x1 >= 6  # the bend is always shown
    points = [t for t in fig["data"] if t.get("mode") == "markers"]
    assert [p["x"][0] for p in points] == z  # drawn where they are, never clipped
    assert [p["y"][0] for p in points] == pytest.approx(list(sigmoid(np.array(z))))
    assert np.isfinite(fig["data"][0]["y"]).all()
    # the curve is drawn across the whole axis, its bend finely
    grid = np.asarray(fig["data"][0]["x"])
    assert grid[0] == x0 and grid[-1] == x1
    assert np.diff(grid[np.abs(grid) < 4]).max() < 0.11


def test_sigmoid_figure_rows_differ_without_colour():
    fig = sigmoid_spec(np.linspace(-3, 3, 12))
    points = [t for t in fig["data"] if t.get("mode") == "markers"]
    segments = [t for t in fig["data"] if t.get("mode") == "lines" and len(t["x"]) == 2]
    pairs = {(p["marker"]["symbol"], s["line"]["dash"]) for p, s in zip(points, segments)}
    assert len(pairs) == 12
    assert fig["layout"]["legend"]["y"] >= 1  # the legend is above, axis titles below


def test_sigmoid_figure_without_rows_is_the_curve_alone():
    data = sigmoid_spec([])["data"]
    assert len(data) == 1 and data[0]["x"][-1] == 6


# -- the decision boundary ---------------------------------------------------------------------

def and_boundary(line=True, names=None):
    """The figure the page draws for AND after 300 updates: a grid, the rows, the line."""
    trainer = Trainer(Config(), presets.get("and")).run(300)
    w = trainer.weights[0][:, 0]
    X, y = trainer.table.inputs, trainer.table.targets[:, 0]
    xs = np.linspace(-0.25, 1.25, 31)
    ys = np.linspace(-0.25, 1.25, 21)
    gx, gy = np.meshgrid(xs, ys)
    outputs = sigmoid(w[0] * gx + w[1] * gy + w[2])
    line_y = -(w[0] * xs + w[2]) / w[1]
    inside = (line_y >= ys[0]) & (line_y <= ys[-1])
    names = names or [f"row {r + 1}" for r in range(4)]
    labels = {"x": "x1", "y": "x2", "output": "y", "target": "target"}
    fig = charts.boundary_figure(xs, ys, outputs, (X[:, 0], X[:, 1], y, names), labels,
                                 line=(xs[inside], line_y[inside]) if line else None)
    return spec(fig), w, xs, ys, outputs


def test_boundary_figure_one_contour_coloured_as_a_heatmap():
    fig, w, xs, ys, outputs = and_boundary()
    data = fig["data"]
    assert [t["type"] for t in data].count("contour") == 1
    assert "heatmap" not in [t["type"] for t in data]
    (contour,) = [t for t in data if t["type"] == "contour"]
    np.testing.assert_array_equal(contour["x"], xs)
    np.testing.assert_array_equal(contour["y"], ys)
    z = np.asarray(contour["z"])
    assert z.shape == (len(ys), len(xs))
    np.testing.assert_array_equal(z, np.round(outputs, 4))
    assert np.abs(z - outputs).max() <= 5e-5 and not np.array_equal(z, outputs)
    assert contour["contours"]["coloring"] == "heatmap"
    assert contour["contours"]["start"] == contour["contours"]["end"] == 0.5
    assert (contour["zmin"], contour["zmax"]) == (0, 1)
    scale = contour["colorscale"]
    assert scale[0] == [0.0, charts.NEGATIVE] and scale[-1] == [1.0, charts.POSITIVE]
    assert scale[1][0] == 0.5  # white at 0.5, where the boundary is
    layout = fig["layout"]
    assert layout["xaxis"]["range"] == [xs[0], xs[-1]]
    assert layout["yaxis"]["range"] == [ys[0], ys[-1]]


def test_boundary_figure_points_blue_circles_for_1_orange_squares_for_0():
    fig = and_boundary()[0]
    points = [t for t in fig["data"] if t.get("mode") == "markers"]
    by_symbol = {t["marker"]["symbol"]: t for t in points}
    assert set(by_symbol) == {"circle", "square"}
    circle, square = by_symbol["circle"], by_symbol["square"]
    assert (circle["x"], circle["y"], circle["text"]) == ([1.0], [1.0], ["row 4"])
    assert list(zip(square["x"], square["y"])) == [(0.0, 0.0), (0.0, 1.0), (1.0, 0.0)]
    assert square["text"] == ["row 1", "row 2", "row 3"]
    assert circle["name"] == "target 1" and square["name"] == "target 0"
    assert circle["marker"]["color"] == charts.POSITIVE
    assert square["marker"]["color"] == charts.NEGATIVE
    assert max(circle["marker"]["size"], square["marker"]["size"]) <= 9  # small points


def test_boundary_figure_test_rows_hollow_and_regression_without_target_legend():
    xs = ys = np.linspace(0, 1, 3)
    x = np.array([0.0, 1.0, 0.5, 0.2])
    labels = {"x": "p", "y": "q", "output": "o", "target": "t", "train": "train",
              "test": "test"}
    points = (x, x, np.array([1.0, 0.0, 1.0, 0.0]), ["a", "b", "c", "d"],
              np.array([False, False, True, True]))
    fig = spec(charts.boundary_figure(xs, ys, np.full((3, 3), 0.5), points, labels))
    by_symbol = {t["marker"]["symbol"]: t for t in fig["data"] if t.get("mode") == "markers"}
    assert {k: v["text"] for k, v in by_symbol.items()} == {
        "circle": ["a"], "square": ["b"], "circle-open": ["c"], "square-open": ["d"]}
    assert by_symbol["circle-open"]["name"] == "t 1 (test)"
    # continuous targets: coloured on the output's scale, no "target 1 / 0", no 0.5 line
    points = (x, x, np.array([0.1, 0.8, 0.45, 0.3]), ["a", "b", "c", "d"],
              np.array([False, False, True, True]))
    fig = spec(charts.boundary_figure(xs, ys, np.full((3, 3), 0.5), points, labels,
                                      regression=True))
    markers = [t for t in fig["data"] if t.get("mode") == "markers"]
    assert [t["name"] for t in markers] == ["train", "test"]
    assert [t["marker"]["symbol"] for t in markers] == ["circle", "square"]
    assert list(markers[0]["marker"]["color"]) == [0.1, 0.8]
    assert markers[0]["marker"]["colorscale"] == charts.BOUNDARY_SCALE
    (contour,) = [t for t in fig["data"] if t["type"] == "contour"]
    assert contour["contours"]["showlines"] is False


def test_boundary_figure_rounds_fractional_targets_to_a_side():
    xs = ys = np.linspace(0, 1, 3)
    points = (np.array([0.0, 1.0, 0.5]), np.array([0.0, 1.0, 0.5]), np.array([0.2, 0.9, 1.0]),
              ["a", "b", "c"])
    fig = spec(charts.boundary_figure(xs, ys, np.full((3, 3), 0.5), points,
                                      {"x": "p", "y": "q", "output": "o", "target": "t"}))
    by_symbol = {t["marker"]["symbol"]: t for t in fig["data"] if t.get("mode") == "markers"}
    assert by_symbol["circle"]["text"] == ["b", "c"]
    assert by_symbol["square"]["text"] == ["a"]


def test_boundary_figure_straight_line_only_when_given():
    fig, w, xs, ys, _ = and_boundary(line=True)
    (line,) = [t for t in fig["data"] if t.get("mode") == "lines"]
    lx, ly = np.asarray(line["x"]), np.asarray(line["y"])
    np.testing.assert_allclose(w[0] * lx + w[1] * ly + w[2], 0, atol=1e-9)  # σ = 0.5 there
    # it runs from edge to edge of the plotted area, not from grid point to grid point
    (x0, x1), (y0, y1) = fig["layout"]["xaxis"]["range"], fig["layout"]["yaxis"]["range"]
    for x, y in zip(lx, ly):
        assert x0 - 1e-9 <= x <= x1 + 1e-9 and y0 - 1e-9 <= y <= y1 + 1e-9
        assert min(abs(x - x0), abs(x - x1), abs(y - y0), abs(y - y1)) < 1e-9
    # against the line worked out here: where w0 x + w1 y + w2 = 0 crosses the frame
    crossings = []
    for x in (x0, x1):
        y = -(w[0] * x + w[2]) / w[1]
        if y0 <= y <= y1:
            crossings.append((x, y))
    for y in (y0, y1):
        x = -(w[1] * y + w[2]) / w[0]
        if x0 <= x <= x1:
            crossings.append((x, y))
    assert sorted(zip(lx, ly)) == pytest.approx(sorted(crossings))
    # both axes keep their ranges (one unit as long on each; the frame shrinks, not the data)
    assert fig["layout"]["xaxis"]["constrain"] == fig["layout"]["yaxis"]["constrain"] == "domain"
    fig = and_boundary(line=False)[0]
    assert not [t for t in fig["data"] if t.get("mode") == "lines"]


def test_boundary_figure_escapes_user_names():
    xs = ys = np.linspace(0, 1, 4)
    points = (np.array([0.0, 1.0]), np.array([1.0, 0.0]), np.array([1.0, 0.0]),
              [HOSTILE, "a & b"])
    labels = {"x": HOSTILE, "y": "<b>bold</b>", "output": HOSTILE, "target": "target"}
    fig = spec(charts.boundary_figure(xs, ys, np.full((4, 4), 0.3), points, labels))
    raw_html_free(fig)
    layout = fig["layout"]
    assert layout["xaxis"]["title"]["text"] == ESCAPED
    assert layout["yaxis"]["title"]["text"] == "&lt;b&gt;bold&lt;/b&gt;"
    (contour,) = [t for t in fig["data"] if t["type"] == "contour"]
    assert contour["colorbar"]["title"]["text"] == ESCAPED
    by_symbol = {t["marker"]["symbol"]: t for t in fig["data"] if t.get("mode") == "markers"}
    assert by_symbol["circle"]["text"] == [ESCAPED]
    assert by_symbol["square"]["text"] == ["a &amp; b"]
    # names reach the hover as data (%{text}), never inside the template
    assert "%{text}" in by_symbol["circle"]["hovertemplate"]


# -- compared runs -------------------------------------------------------------------------

SWEEP_LABELS = {"iteration_axis": "iteration", "loss_axis": "loss", "fits": "fits",
                "misses": "does not fit"}


def test_sweep_figure_one_line_per_run_styled_by_fit():
    result = sweep(Config(hidden=(2,)), presets.get("xor"), 3_000, seeds=range(1, 9))
    assert 0 < result.fits.sum() < len(result)  # both styles appear
    names = [f"seed {s}" for s in result.seeds]
    fig = spec(charts.sweep_figure(result.iterations, result.loss, names, result.fits,
                                   SWEEP_LABELS))
    data = fig["data"]
    assert len(data) == len(result) == 8
    for k, trace in enumerate(data):
        fit = bool(result.fits[k])
        assert trace["name"] == f"{names[k]}: {'fits' if fit else 'does not fit'}"
        np.testing.assert_array_equal(trace["x"], result.iterations)
        np.testing.assert_array_equal(trace["y"], result.loss[k])
        assert trace["line"]["width"] == (2.6 if fit else 1.4)
        assert names[k] in trace["hovertemplate"]
    # every run named in the legend, and no two drawn alike
    assert fig["layout"]["showlegend"] and all(t.get("showlegend", True) for t in data)
    assert len({(t["line"]["color"], t["line"]["dash"]) for t in data}) == len(data)
    # the loss of one run, against its own Trainer
    alone = Trainer(Config(hidden=(2,), seed=3), presets.get("xor")).run(3_000)
    assert data[2]["y"][-1] == pytest.approx(alone.loss(), rel=1e-9)
    assert fig["layout"]["yaxis"]["type"] == "log"
    assert fig["layout"]["xaxis"]["title"]["text"] == "iteration"


def test_sweep_figure_linear_axis_when_a_loss_is_zero():
    iterations = np.arange(4)
    loss = np.array([[0.3, 0.2, 0.1, 0.0], [0.3, 0.3, 0.3, 0.3]])
    fig = spec(charts.sweep_figure(iterations, loss, ["a", "b"], np.array([True, False]),
                                   SWEEP_LABELS))
    assert fig["layout"]["yaxis"].get("type") in (None, "linear", "-")
    fig = spec(charts.sweep_figure(iterations, loss + 1e-3, ["a", "b"], np.array([True, False]),
                                   SWEEP_LABELS, log=False))
    assert fig["layout"]["yaxis"].get("type") in (None, "linear", "-")


# -- the network with a row flowing through ----------------------------------------------

@pytest.mark.parametrize("lang", ["en", "es"])
def test_network_diagram_with_a_row_shows_the_values_flowing_through(lang):
    table = Table([[0.5, 2.0], [1.0, -1.5], [0.0, 1.0]], [[1.0], [0.0], [1.0]],
                  [HOSTILE, "peso"], ["<b>y</b>"])
    trainer = Trainer(Config(hidden=(3,)), table).run(7)
    row = 1
    w1, w2 = trainer.weights
    x = table.inputs[row]
    h = sigmoid(x @ w1)
    out = sigmoid(h @ w2)
    weight_texts = stage.weight_texts(trainer.weights, lang)
    diagram = scene.diagram(trainer.layout.sizes, trainer.weights,
                            stage.node_labels(trainer, lang, row),
                            stage.layer_titles(trainer.layout.sizes, lang), weight_texts,
                            ["w"] * 9)
    # every label in full on hover; drawn in full where it fits, else shortened (…)
    texts = diagram["node_names"]
    assert len(texts) == 2 + 3 + 1
    drawn = [t[2] for t in diagram["texts"]]
    assert len(drawn) == len(texts)
    for full, shown_text in zip(texts, drawn):
        assert shown_text == full or (shown_text.endswith("…")
                                      and full.startswith(shown_text[:-1]))
    # inputs: name = value; names go to the browser as text (stage.js sets textContent)
    assert texts[0].startswith(f"{HOSTILE} = ") and texts[1].startswith("peso = ")
    np.testing.assert_allclose([shown(t.split(" = ")[1], lang) for t in texts[:2]], x)
    # hidden neurons and the output: name → the value it passes on
    hidden = [t.split(" → ") for t in texts[2:5]]
    assert [n for n, _ in hidden] == ["h1", "h2", "h3"]
    np.testing.assert_allclose([shown(a, lang) for _, a in hidden], h, rtol=1e-2)
    name, a = texts[5].split(" → ")
    assert name == "<b>y</b>" and shown(a, lang) == pytest.approx(out[0], rel=1e-2)
    # each weight's label is its value, in the page's language
    labels = scene.diagram_state(trainer.weights, weight_texts)["labels"]
    weights = np.concatenate([w1.ravel(), w2.ravel()])
    assert len(labels) == len(weights)
    for label, weight in zip(labels, weights):
        assert shown(label, lang) == pytest.approx(weight, rel=1e-2, abs=1e-3)
    if lang == "es":
        assert any("," in t for t in labels) and not any("." in t for t in labels)
    assert [t[2] for t in diagram["titles"]] == stage.layer_titles(trainer.layout.sizes, lang)
    assert len(diagram["titles"]) == 3


def test_the_stage_draws_names_as_text_never_as_markup():
    js = (Path(stage.__file__).parent / "stage.js").read_text()
    assert "textContent" in js
    assert not any(s in js for s in ("innerHTML", "outerHTML", "insertAdjacentHTML",
                                     "document.write", "eval(", "new Function"))


@pytest.mark.parametrize(("line", "ends"), [
    (([0.2, 0.4], [0.2, 0.4]), [(0, 0), (1, 1)]),  # the diagonal, from two inner points
    (([0.5, 0.5], [0.1, 0.2]), [(0.5, 0), (0.5, 1)]),  # vertical
    (([0.0, 1.0], [0.3, 0.3]), [(0, 0.3), (1, 0.3)]),  # horizontal
    (([2.0, 3.0], [0.0, 1.0]), None),  # misses the box
])
def test_clip_line(line, ends):
    out = charts.clip_line(line, (0, 1, 0, 1))
    if ends is None:
        assert out is None
    else:
        assert sorted(zip(*out)) == pytest.approx(ends)
