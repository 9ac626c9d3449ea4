"""lab.charts: pure figure builders, checked on the specs they produce."""

import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from lab import charts  # noqa: E402
from neuron import Config, Trainer, presets  # noqa: E402

LABELS = {"iteration_axis": "iteration", "loss_axis": "loss", "weight_axis": "weight",
          "play": "Play", "pause": "Pause"}


def spec(fig):
    return fig.to_dict()


def lines(data):
    return [t for t in data if t.get("mode") == "lines" and len(t["x"]) == 2]


def names_for(sizes):
    return [[f"n{layer}_{i}" for i in range(n)] for layer, n in enumerate(sizes)]


def diagram(sizes, weights):
    texts = [f"{v:.3f}" for w in weights for v in w.ravel()]
    return spec(charts.network_figure(sizes, weights, names_for(sizes), texts,
                                      [f"L{k}" for k in range(len(sizes))]))


# -- the network diagram -----------------------------------------------------------------

def test_one_line_per_weight_wider_when_bigger_coloured_by_sign():
    weights = [np.array([[3.0], [-0.2], [0.7], [-5.0], [0.0]])]
    data = diagram((5, 1), weights)["data"]
    edges = lines(data)
    assert len(edges) == 5
    values = weights[0].ravel()
    widths = np.array([t["line"]["width"] for t in edges])
    order = np.argsort(np.abs(values))
    assert np.all(np.diff(widths[order]) > 0), (values[order], widths[order])
    for value, trace in zip(values, edges):
        expected = charts.POSITIVE if value >= 0 else charts.NEGATIVE
        assert trace["line"]["color"] == expected
    assert charts.POSITIVE != charts.NEGATIVE
    # the labels are the texts given, in weight order
    text = [t for t in data if t.get("mode") == "text"]
    assert len(text) == 1 and list(text[0]["text"]) == [f"{v:.3f}" for v in values]


def test_equal_sizes_of_opposite_sign_have_equal_widths():
    data = diagram((2, 1), [np.array([[1.5], [-1.5]])])["data"]
    a, b = lines(data)
    assert a["line"]["width"] == b["line"]["width"]
    assert a["line"]["color"] != b["line"]["color"]


def test_hidden_layers_draw_every_weight_between_the_right_neurons():
    trainer = Trainer(Config(hidden=(4, 2)), presets.get("seed"))
    sizes = trainer.layout.sizes
    data = diagram(sizes, trainer.weights)["data"]
    edges = lines(data)
    assert len(edges) == 3 * 4 + 4 * 2 + 2 * 1
    nodes = [t for t in data if t.get("mode") == "markers+text"]
    positions = [list(zip(t["x"], t["y"])) for t in nodes]
    (text,) = [t for t in data if t.get("mode") == "text"]
    k = 0
    for layer, w in enumerate(trainer.weights):
        for i in range(w.shape[0]):
            for j in range(w.shape[1]):
                # from the sending neuron to its label, which sits beside the receiving one
                assert (edges[k]["x"][0], edges[k]["y"][0]) == positions[layer][i]
                x_to, y_to = positions[layer + 1][j]
                assert edges[k]["y"][1] == text["y"][k]
                assert edges[k]["x"][1] < text["x"][k] < x_to
                assert abs(text["y"][k] - y_to) <= w.shape[0] * 30
                colour = charts.POSITIVE if w[i, j] >= 0 else charts.NEGATIVE
                assert edges[k]["line"]["color"] == colour
                assert (edges[k]["line"]["dash"] == "solid") == (w[i, j] >= 0)
                k += 1
    # a neuron's labels read top to bottom in the order of the neurons sending to it
    for layer, w in enumerate(trainer.weights):
        first = sum(v.size for v in trainer.weights[:layer])
        ys = np.array(text["y"][first:first + w.size]).reshape(w.shape)
        assert np.all(np.diff(ys, axis=0) < 0)
    nodes = [t for t in data if t.get("mode") == "markers+text"]
    assert [len(t["x"]) for t in nodes] == list(sizes)
    assert [list(t["text"]) for t in nodes] == names_for(sizes)


def test_a_very_large_network_is_drawn_as_its_shape():
    sizes = (32, 16, 16, 1)
    weights = [np.ones((a, b)) for a, b in zip(sizes[:-1], sizes[1:])]
    data = diagram(sizes, weights)["data"]
    assert lines(data) == []
    nodes = [t for t in data if t.get("mode") == "markers+text"]
    assert [len(t["x"]) for t in nodes] == list(sizes)


# -- curves --------------------------------------------------------------------------------

@pytest.mark.parametrize("n", [1, 5, 2_000, 2_001, 10_001, 123_457])
def test_loss_figure_thins_and_keeps_the_ends(n):
    iterations = np.arange(n) * 3
    loss = 1.0 / (1.0 + np.arange(n))
    data = spec(charts.loss_figure(iterations, loss, LABELS))["data"]
    assert len(data) == 1
    x, y = np.asarray(data[0]["x"]), np.asarray(data[0]["y"])
    assert len(x) == min(n, charts.MAX_POINTS)
    assert x[0] == 0 and x[-1] == iterations[-1]
    assert np.all(np.diff(x) > 0)
    np.testing.assert_array_equal(y, loss[x // 3])


def test_loss_figure_log_axis():
    it = np.arange(10)
    fig = spec(charts.loss_figure(it, 0.5 ** it, LABELS, log=True))
    assert fig["layout"]["yaxis"]["type"] == "log"
    fig = spec(charts.loss_figure(it, 0.5 ** it, LABELS, log=False))
    assert fig["layout"]["yaxis"].get("type") in (None, "linear", "-")


@pytest.mark.parametrize("n", [3, 2_500, 50_000])
def test_weights_figure_one_line_per_weight_thinned(n):
    iterations = np.arange(n)
    series = np.stack([np.sin(iterations / 7), np.cos(iterations / 5), iterations / n], 1)
    names = ["w(x1→y)", "w(x2→y)", "w(x3→y)"]
    data = spec(charts.weights_figure(iterations, series, names, LABELS))["data"]
    assert [t["name"] for t in data] == names
    for k, trace in enumerate(data):
        x, y = np.asarray(trace["x"]), np.asarray(trace["y"])
        assert len(x) == min(n, charts.MAX_POINTS)
        assert x[0] == 0 and x[-1] == n - 1
        np.testing.assert_array_equal(y, series[x, k])
    assert len({t["line"]["color"] for t in data}) == 3


def test_thin():
    for n in (0, 1, 2, 1999, 2000, 2001, 99_999):
        keep = charts.thin(n)
        assert len(keep) == min(n, charts.MAX_POINTS)
        if n:
            assert keep[0] == 0 and keep[-1] == n - 1
            assert np.all(np.diff(keep) > 0)


# -- the Run animation ------------------------------------------------------------------

def _run_frames(config, preset, n_frames, per_frame):
    trainer = Trainer(config, presets.get(preset))
    frames = []
    for f in range(n_frames):
        if f:
            trainer.run(per_frame)
        frames.append(dict(iteration=trainer.iteration, loss=trainer.loss(),
                           weights=[w.copy() for w in trainer.weights],
                           series=trainer.params[: sum(w.size for w in trainer.weights)],
                           edge_labels=[f"{v:.4f}" for w in trainer.weights for v in w.ravel()],
                           title=f"it {trainer.iteration}"))
    history = trainer.history
    n_series = len(frames[0]["series"])
    past = dict(iterations=history.iterations, loss=history.loss,
                series=history.params[:, :n_series], names=[f"p{k}" for k in range(n_series)])
    return trainer, frames, past


@pytest.mark.parametrize(("config", "preset"), [(Config(), "seed"),
                                                (Config(hidden=(3,)), "xor")])
def test_run_figure_has_a_frame_per_input_frame_updating_declared_traces(config, preset):
    trainer, frames, past = _run_frames(config, preset, 7, 20)
    sizes = trainer.layout.sizes
    fig = spec(charts.run_figure(sizes, frames, past, LABELS, names_for(sizes), frame_ms=80))
    data = fig["data"]
    spec_frames = fig["frames"]
    assert len(spec_frames) == len(frames)
    assert [f["name"] for f in spec_frames] == [str(f["iteration"]) for f in frames]
    n_weights = sum(w.size for w in trainer.weights)
    for frame, given in zip(spec_frames, frames):
        traces = frame["traces"]
        assert len(traces) == len(frame["data"])
        assert len(set(traces)) == len(traces)
        assert all(0 <= i < len(data) for i in traces)
        updates = dict(zip(traces, frame["data"]))
        # each weight's line gets its width and colour for this frame's weights
        edge_ids = [i for i in traces if data[i].get("mode") == "lines"
                    and len(data[i]["x"]) == 2][:n_weights]
        assert len(edge_ids) == n_weights
        values = [v for w in given["weights"] for v in w.ravel()]
        biggest = max(abs(v) for v in values)
        for i, value in zip(edge_ids, values):
            line = updates[i]["line"]
            assert line["color"] == (charts.POSITIVE if value >= 0 else charts.NEGATIVE)
            assert line["width"] == pytest.approx(1 + 9 * min(1, abs(value) / max(biggest, 1)))
        # a marker on the loss curve at this frame's iteration and loss
        markers = [updates[i] for i in traces if data[i].get("mode") == "markers"]
        assert {"x": [given["iteration"]], "y": [given["loss"]]} in [
            {"x": list(m["x"]), "y": list(m["y"])} for m in markers]
        texts = [updates[i]["text"] for i in traces if "text" in updates[i]]
        assert list(given["edge_labels"]) in [list(t) for t in texts]
        assert [given["title"]] in [list(t) for t in texts]
    # play / pause buttons and one slider step per frame
    layout = fig["layout"]
    assert len(layout["sliders"][0]["steps"]) == len(frames)
    play = layout["updatemenus"][0]["buttons"][0]
    assert play["method"] == "animate" and play["args"][1]["frame"]["duration"] == 80


def test_run_figure_faded_curves_cover_the_stretch():
    trainer, frames, past = _run_frames(Config(), "seed", 5, 1_000)
    sizes = trainer.layout.sizes
    fig = spec(charts.run_figure(sizes, frames, past, LABELS, names_for(sizes)))
    long_lines = [t for t in fig["data"] if t.get("mode") == "lines" and len(t["x"]) > 2]
    assert len(long_lines) == 1 + past["series"].shape[1]
    for trace in long_lines:
        x = np.asarray(trace["x"])
        assert x[0] == 0 and x[-1] == trainer.iteration
        assert len(x) <= charts.MAX_POINTS


# -- the diagram's labels, in pixels -------------------------------------------------------
# Boxes are worked out here from what the spec says (positions, text, font size, marker size,
# text position) and plotly.js's own rules: a text-only point's text starts at the point; a
# marker's text sits r / 0.8 + 1 px from its centre. Text is 0.6 em a character, 1.2 em tall.

EM_WIDE, EM_TALL = 0.6, 1.2


def to_pixels(fig, width):
    """A function (x, y) in data units -> pixels for a chart drawn ``width`` px wide."""
    layout = fig["layout"]
    m = layout["margin"]
    (x0, x1), (y0, y1) = layout["xaxis"]["range"], layout["yaxis"]["range"]
    sx = (width - m["l"] - m["r"]) / (x1 - x0)
    sy = (layout["height"] - m["t"] - m["b"]) / (y1 - y0)
    if layout["xaxis"].get("scaleanchor") == "y":  # one scale for both, the smaller
        sx = sy = min(sx, sy)
    return lambda x, y: ((x - x0) * sx, (y - y0) * sy)


def text_box(cx, cy, text, px, side, offset=0.0):
    import html
    w, h = EM_WIDE * px * len(html.unescape(text)), EM_TALL * px
    left = {"right": cx + offset, "left": cx - offset - w, "center": cx - w / 2}[side]
    return (left, cy - h / 2, left + w, cy + h / 2)


def boxes_meet(a, b):
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def disk_meets_box(c, r, box):
    dx = max(box[0] - c[0], 0, c[0] - box[2])
    dy = max(box[1] - c[1], 0, c[1] - box[3])
    return dx * dx + dy * dy < r * r


def segment_meets_box(p, q, box, half_width):
    """Whether the segment p-q, drawn half_width thick, enters the box (sampled finely)."""
    x0, y0, x1, y1 = box[0] - half_width, box[1] - half_width, box[2] + half_width, \
        box[3] + half_width
    for t in np.linspace(0, 1, 400):
        x, y = p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])
        if x0 < x < x1 and y0 < y < y1:
            return True
    return False


def segment_meets_disk(p, q, c, r):
    p, q, c = (np.asarray(v, dtype=float) for v in (p, q, c))
    t = np.clip((c - p) @ (q - p) / max((q - p) @ (q - p), 1e-12), 0, 1)
    return np.linalg.norm(p + t * (q - p) - c) < r


def diagram_parts(fig, width):
    """Every label box, node disk and edge segment of a diagram drawn ``width`` px wide."""
    at = to_pixels(fig, width)
    data = fig["data"]
    edges = [(at(t["x"][k], t["y"][k]), at(t["x"][k + 1], t["y"][k + 1]), t["line"]["width"] / 2)
             for t in data if t.get("mode") == "lines"
             for k in range(0, len(t["x"]) - 1, 3 if len(t["x"]) > 2 else 1)]
    labels, disks = [], []
    weights = ([t for t in data if t.get("mode") in ("text", "none")] or [{"mode": "none"}])[0]
    if weights["mode"] == "text":
        side = weights["textposition"].split()[-1]
        for k, (x, y, s) in enumerate(zip(weights["x"], weights["y"], weights["text"])):
            labels.append((f"weight {k}", k, text_box(*at(x, y), s, weights["textfont"]["size"],
                                                      side)))
    for layer, t in enumerate(t for t in data if t.get("mode") == "markers+text"):
        r = t["marker"]["size"] / 2
        side = t["textposition"].split()[-1]
        for n, (x, y, s) in enumerate(zip(t["x"], t["y"], t["text"])):
            c = at(x, y)
            disks.append((f"node {layer}.{n}", c, r + t["marker"]["line"]["width"] / 2))
            labels.append((f"node label {layer}.{n}", None,
                           text_box(*c, s, t["textfont"]["size"], side, r / 0.8 + 1)))
    for note in fig["layout"].get("annotations", []):
        labels.append((f"title {note['text']}", None,
                       text_box(*at(note["x"], note["y"]), note["text"], note["font"]["size"],
                                "center")))
    return labels, disks, edges


def assert_nothing_meets(fig, width, lines_over_nodes=False):
    labels, disks, edges = diagram_parts(fig, width)
    assert labels and disks
    for a, b in [(a, b) for n, a in enumerate(labels) for b in labels[n + 1:]]:
        assert not boxes_meet(a[2], b[2]), (a, b)
    for name, _, box in labels:
        for node, c, r in disks:
            assert not disk_meets_box(c, r, box), (name, node)
        for k, (p, q, half) in enumerate(edges):
            if k != _:  # a weight's label may touch its own line (here it never does)
                assert not segment_meets_box(p, q, box, half), (name, k)
    # and no line passes over a neuron it does not start from
    for k, (p, q, half) in enumerate(edges if not lines_over_nodes else []):
        for node, c, r in disks:
            if np.hypot(p[0] - c[0], p[1] - c[1]) > 1e-6:
                assert not segment_meets_disk(p, q, c, r + half), (k, node)
    # everything inside the figure
    top = fig["layout"]["height"]
    for name, _, box in labels:
        assert box[0] >= -fig["layout"]["margin"]["l"] and box[2] <= width, name
        assert box[1] >= -fig["layout"]["margin"]["b"] and box[3] <= top, name


NETS = [("seed", ()), ("seed", (4,)), ("half_adder", (2,)), ("xor", (4, 4))]


@pytest.mark.parametrize(("preset", "hidden"), NETS)
@pytest.mark.parametrize("row", [None, 0])
@pytest.mark.parametrize("scale", [1.0, charts.PRESENTER_SCALE])
def test_diagram_labels_never_meet_a_line_a_node_or_each_other(preset, hidden, row, scale):
    from lab import sections

    trainer = Trainer(Config(hidden=hidden), presets.get(preset)).run(30)
    sizes = trainer.layout.sizes
    fig = spec(charts.network_figure(sizes, trainer.weights,
                                     sections.node_labels(trainer, "es", row),
                                     sections.edge_labels(trainer, "es", row),
                                     sections.layer_titles(sizes, "es"), scale=scale))
    (text,) = [t for t in fig["data"] if t.get("mode") in ("text", "none")]
    assert text["mode"] == "text"  # every weight labelled, up to the 2-4-4-1 net's 28
    assert text["textfont"]["size"] >= (18 if scale > 1 else 13)
    least = fig["layout"]["meta"]["min_width"]
    for width in (least, 1.5 * least, 3 * least):
        assert_nothing_meets(fig, width)
    # the check can fail: the same diagram squeezed to half its width does
    with pytest.raises(AssertionError):
        assert_nothing_meets(fig, 0.5 * least)


# -- the Run animation, honest ---------------------------------------------------------------

def run_spec(skip=0, n_frames=6, per_frame=40, **kwargs):
    """A Run figure for the article's net, its stretch starting at iteration ``skip``."""
    trainer = Trainer(Config(), presets.get("seed")).run(skip)
    trainer, frames, past = _run_frames_from(trainer, n_frames, per_frame)
    sizes = trainer.layout.sizes
    fig = spec(charts.run_figure(sizes, frames, past, LABELS, names_for(sizes), **kwargs))
    return fig, frames, past


def _run_frames_from(trainer, n_frames, per_frame):
    frames = []
    for f in range(n_frames):
        if f:
            trainer.run(per_frame)
        frames.append(dict(iteration=trainer.iteration, loss=trainer.loss(),
                           weights=[w.copy() for w in trainer.weights],
                           series=trainer.params[:3], title=f"it {trainer.iteration}",
                           edge_labels=[f"{v:.4f}" for w in trainer.weights for v in w.ravel()]))
    h = trainer.history
    return trainer, frames, dict(iterations=h.iterations, loss=h.loss, series=h.params[:, :3],
                                 names=["w1", "w2", "w3"])


def in_range(values, axis):
    lo, hi = axis["range"]
    values = np.asarray(values, dtype=float)
    if axis.get("type") == "log":
        values = np.log10(values)
    return bool(np.all((lo < values) & (values < hi)))


@pytest.mark.parametrize("log", [False, True])
@pytest.mark.parametrize("skip", [0, 3_000])
def test_run_figure_axes_hold_every_frame_and_the_curves(log, skip):
    fig, frames, past = run_spec(skip=skip, log=log)
    layout = fig["layout"]
    assert layout["yaxis2"].get("type") == ("log" if log else None)
    for f in frames:
        assert in_range([f["loss"]], layout["yaxis2"]), f["iteration"]
        assert in_range(f["series"], layout["yaxis3"]), f["iteration"]
        assert in_range([f["iteration"]], layout["xaxis2"])
        assert in_range([f["iteration"]], layout["xaxis3"])
    assert in_range(past["loss"], layout["yaxis2"])
    assert in_range(past["series"], layout["yaxis3"])
    assert in_range(past["iterations"], layout["xaxis3"])


def test_run_figure_log_falls_back_to_linear_when_a_loss_is_zero():
    trainer, frames, past = _run_frames(Config(), "seed", 3, 10)
    past = dict(past, loss=np.concatenate([[0.0], past["loss"][1:]]))
    sizes = trainer.layout.sizes
    fig = spec(charts.run_figure(sizes, frames, past, LABELS, names_for(sizes), log=True))
    assert fig["layout"]["yaxis2"].get("type") is None
    assert fig["layout"]["yaxis2"]["range"][0] <= 0


def test_run_figure_x_axis_stays_put_between_stretches():
    a = run_spec(x_range=[0, 10_000])[0]["layout"]
    b = run_spec(skip=3_000, x_range=[0, 10_000])[0]["layout"]
    for axis in ("xaxis2", "xaxis3"):
        assert a[axis]["range"] == b[axis]["range"]
        lo, hi = a[axis]["range"]
        assert lo < 0 and hi > 10_000 and hi < 10_500
    # widened, not clipped, when the stretch runs past it
    c = run_spec(skip=3_000, x_range=[0, 1_000])[0]["layout"]
    assert c["xaxis3"]["range"][1] > 3_000 + 5 * 40


def test_run_figure_names_each_weight_curve_at_its_end_right_of_the_plot():
    fig, frames, past = run_spec(skip=500)
    layout = fig["layout"]
    notes = [a for a in layout["annotations"] if a.get("yref") == "y3"]
    assert [a["text"].split("</span> ")[1] for a in notes] == past["names"]
    assert all(a["xref"] == "paper" and a["x"] == 1 and a["xanchor"] == "left" for a in notes)
    # in the order of the curves' last values, inside the weights' axis
    last = past["series"][-1]
    ys = [a["y"] for a in notes]
    assert np.argsort(ys).tolist() == np.argsort(last).tolist()
    assert in_range(ys, layout["yaxis3"])
    # the right margin holds the longest name
    longest = max(len(n) for n in past["names"])
    assert layout["margin"]["r"] >= 0.6 * layout["font"]["size"] * (longest + 2)


@pytest.mark.parametrize("scale", [1.0, charts.PRESENTER_SCALE])
def test_run_figure_controls_above_titles_left_and_below(scale):
    fig = run_spec(scale=scale)[0]
    layout = fig["layout"]
    px = layout["font"]["size"]
    for control in layout["updatemenus"] + layout["sliders"]:
        assert control["y"] > 1 and control["yanchor"] == "bottom"
    # the top margin holds the slider: its rail and handle (18 px), ticks (7) and a label
    assert layout["margin"]["t"] >= 18 + 7 + 1.2 * px
    # below: tick labels and the iteration axis title, each a line of type
    assert layout["margin"]["b"] >= 2 * 1.2 * px + 5
    assert layout["xaxis3"]["title"]["text"] and not layout["xaxis2"]["title"]["text"]
    # the plots do not meet: the loss axis's tick labels fit between them
    plot_h = layout["height"] - layout["margin"]["t"] - layout["margin"]["b"]
    gap = (layout["yaxis2"]["domain"][0] - layout["yaxis3"]["domain"][1]) * plot_h
    assert gap >= 1.2 * px + 5


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
    trainer = Trainer(Config(hidden=(2,)), presets.get("xor")).run(200)
    sizes = trainer.layout.sizes
    h = trainer.history
    texts = [f"{v:.3f}" for w in trainer.weights for v in w.ravel()]
    xs = ys = np.linspace(0, 1, 5)
    yield charts.network_figure(sizes, trainer.weights, names_for(sizes), texts,
                                ["a", "b", "c"], scale=scale)
    yield charts.loss_figure(h.iterations, h.loss, LABELS, scale=scale)
    yield charts.weights_figure(h.iterations, h.params[:, :2], ["a", "b"], LABELS, scale=scale)
    yield charts.run_figure(*run_args(), scale=scale)
    yield charts.sigmoid_figure([0.5], [0.6], ["r"], {"slope": "s"}, scale=scale)
    yield charts.boundary_figure(xs, ys, np.full((5, 5), 0.4),
                                 (np.zeros(1), np.ones(1), np.ones(1), ["r"]),
                                 {"x": "a", "y": "b", "output": "o", "target": "t"},
                                 scale=scale)
    yield charts.sweep_figure(np.arange(3), np.ones((2, 3)), ["a", "b"], np.array([1, 0]),
                              LABELS, scale=scale)


def run_args():
    trainer, frames, past = _run_frames(Config(), "seed", 3, 10)
    sizes = trainer.layout.sizes
    return sizes, frames, past, LABELS, names_for(sizes)


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
# The pixel model above, checked where it matters: the boxes the browser reports for the text
# plotly drew, the circles, the lines (sampled along their paths) and the legends and controls.

_GEOMETRY_JS = """(id) => {
    const gd = document.getElementById(id);
    const box = e => { const r = e.getBoundingClientRect();
                       return [r.left, r.top, r.right, r.bottom]; };
    const texts = [...gd.querySelectorAll('.scatterlayer text, .annotation-text')]
        .filter(t => t.textContent.trim()).map(t => [t.textContent, box(t)]);
    const nodes = [...gd.querySelectorAll('.scatterlayer path.point')].map(box);
    const lines = [...gd.querySelectorAll('.scatterlayer .js-line')].map(p => {
        const m = p.getScreenCTM(), n = p.getTotalLength(), pts = [];
        for (let k = 0; k <= 80; k++) {
            const q = p.getPointAtLength(n * k / 80);
            pts.push([m.a * q.x + m.c * q.y + m.e, m.b * q.x + m.d * q.y + m.f]);
        }
        return [parseFloat(getComputedStyle(p).strokeWidth), pts];
    });
    const parts = {};
    for (const name of ['legend', 'xtitle', 'ytitle', 'x3title', 'y2title', 'y3title',
                        'updatemenu-container', 'slider-container']) {
        const e = gd.querySelector('.' + name);
        if (e) parts[name] = box(e);
    }
    return {texts, nodes, lines, parts};
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
            return page.evaluate(_GEOMETRY_JS, "c")

        yield render
        browser.close()


def _meet(a, b, slack=0.5):
    return a[0] + slack < b[2] and b[0] + slack < a[2] and a[1] + slack < b[3] and \
        b[1] + slack < a[3]


@pytest.mark.parametrize(("preset", "hidden"), NETS)
@pytest.mark.parametrize("scale", [1.0, charts.PRESENTER_SCALE])
def test_drawn_diagram_labels_meet_no_line_node_or_label(draw, preset, hidden, scale):
    from lab import sections

    trainer = Trainer(Config(hidden=hidden), presets.get(preset)).run(30)
    sizes = trainer.layout.sizes
    fig = charts.network_figure(sizes, trainer.weights, sections.node_labels(trainer, "es", 0),
                                sections.edge_labels(trainer, "es", 0),
                                sections.layer_titles(sizes, "es"), scale=scale)
    drawn = draw(fig, fig.to_dict()["layout"]["meta"]["min_width"])
    texts, nodes, lines = drawn["texts"], drawn["nodes"], drawn["lines"]
    n_weights = sum(w.size for w in trainer.weights)
    assert len(texts) >= n_weights + sum(sizes) and len(nodes) == sum(sizes)
    assert len(lines) == n_weights
    for k, (name, box) in enumerate(texts):
        for other, box2 in texts[k + 1:]:
            assert not _meet(box, box2), (name, other)
        for node in nodes:
            c = ((node[0] + node[2]) / 2, (node[1] + node[3]) / 2)
            assert not disk_meets_box(c, (node[2] - node[0]) / 2, box), (name, node)
        for width, points in lines:
            for x, y in points:
                assert not (box[0] - width / 2 < x < box[2] + width / 2
                            and box[1] - width / 2 < y < box[3] + width / 2), (name, x, y)


def _curves(scale):
    trainer = Trainer(Config(hidden=(2,)), presets.get("xor")).run(2_000)
    h = trainer.history
    names = trainer.layout.labels(trainer.table.input_names, trainer.table.target_names)[:9]
    z = np.linspace(-3, 3, 12)
    xs = ys = np.linspace(-0.25, 1.25, 7)
    yield charts.weights_figure(h.iterations, h.params[:, :9], names, LABELS, scale=scale)
    yield charts.sigmoid_figure(z, 1 / (1 + np.exp(-z)), [f"row {k}" for k in range(12)],
                                {"slope": "slope"}, scale=scale)
    yield charts.boundary_figure(xs, ys, np.full((7, 7), 0.4),
                                 (np.array([0.0, 1.0]), np.array([1.0, 0.0]),
                                  np.array([1.0, 0.0]), ["a", "b"]),
                                 {"x": "x1", "y": "x2", "output": "y", "target": "target"},
                                 scale=scale)
    yield charts.loss_figure(h.iterations, h.loss, LABELS, log=True, scale=scale)
    yield charts.run_figure(*run_args(), log=True, x_range=[0, 100], scale=scale)


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


@pytest.mark.parametrize("sizes", [(4, 8, 8, 1), (12, 12, 1), (20, 10, 1)])
def test_unlabelled_and_shape_only_diagrams_keep_node_labels_clear(sizes):
    weights = [np.linspace(-1, 1, a * b).reshape(a, b) for a, b in zip(sizes[:-1], sizes[1:])]
    fig = diagram(sizes, weights)
    assert not [t for t in fig["data"] if t.get("mode") == "text"]
    shape_only = sum(w.size for w in weights) > charts.MAX_DRAWN_EDGES
    # a big network's shape is thin grey lines that may cross its neurons; never its labels
    assert_nothing_meets(fig, fig["layout"]["meta"]["min_width"], lines_over_nodes=shape_only)
