"""The stage's diagram and curves as lab/scene.py lays them out, checked without a browser:
no label on another label or a neuron, neurons of a layer apart, everything inside the
panel, at most MAX_TICKS tick labels per axis with room between them. tests/browser/
test_layout.py checks the same on what Chromium draws."""

import itertools
import math

import numpy as np
import pytest

from lab import scene
from lab.text import number
from neuron.config import MAX_HIDDEN_LAYERS
from neuron.trainer import neuron_names

NETWORKS = [(), (3,), (4, 2), (8, 8), (8, 8, 8), (16,), (8,) * MAX_HIDDEN_LAYERS,
            (16,) * MAX_HIDDEN_LAYERS]


def build(hidden, scale, maps, lang="en"):
    sizes = (2, *hidden, 1)
    rng = np.random.default_rng(0)
    weights = [rng.normal(size=(a, b)) for a, b in zip(sizes, sizes[1:])]
    labels = [["x1", "x2"]] + [neuron_names(k + 1, n) for k, n in enumerate(hidden)] + [["y"]]
    titles = ["inputs"] + [f"hidden layer {k + 1}" for k in range(len(hidden))] + ["output"]
    texts = [number(v, lang, 3) for w in weights for v in w.ravel()]
    d = scene.diagram(sizes, weights, labels, titles, texts, ["w"] * len(texts), scale,
                      maps=["m"] * sum(sizes) if maps else None, hidden_title="hidden layers")
    return d, texts, weights


def label_boxes(d, texts):
    out = [(scene._box(x, y, t, s, a), t) for x, y, t, a, s in d["texts"] + d["titles"]]
    out += [(scene._box(x, y, texts[k], d["fonts"]["label"], a), texts[k])
            for k, spot in enumerate(d["spots"]) if spot for x, y, a in [spot]]
    return out


@pytest.mark.parametrize("maps", [False, True], ids=["circles", "maps"])
@pytest.mark.parametrize("scale", [1.0, scene.PRESENTER], ids=["normal", "presenter"])
@pytest.mark.parametrize("hidden", NETWORKS, ids=str)
def test_no_label_meets_another_label_or_a_neuron_and_neurons_never_touch(hidden, scale, maps):
    d, texts, _ = build(hidden, scale, maps)
    width, height = d["size"]
    boxes = label_boxes(d, texts)
    nodes = [scene._circle_box(x, y, r) for x, y, r, _ in d["nodes"]]
    for (a, ta), (b, tb) in itertools.combinations(boxes, 2):
        assert not scene._overlap(a, b), (ta, tb)
    for box, t in boxes:
        assert not any(scene._overlap(box, n) for n in nodes), t
        assert 0 <= box[0] and box[2] <= width and 0 <= box[1] and box[3] <= height, t
    # neurons of a layer at least TILE_GAP apart: heatmap tiles never touch
    for a, b in itertools.combinations(nodes, 2):
        assert not scene._overlap(a, b)
        if a[0] == b[0]:
            assert abs(a[1] - b[1]) - (a[3] - a[1]) >= scene.TILE_GAP - 0.2  # rounding
    # every neuron is named on hover, in full
    assert len(d["node_names"]) == len(d["nodes"])


@pytest.mark.parametrize("scale", [1.0, scene.PRESENTER], ids=["normal", "presenter"])
def test_layer_titles_share_one_where_they_would_meet(scale):
    d, _, _ = build((8,) * MAX_HIDDEN_LAYERS, scale, False)
    titles = [t[2] for t in d["titles"]]
    assert titles == ["inputs", "hidden layers", "output"] + [
        str(k + 1) for k in range(MAX_HIDDEN_LAYERS)]
    # each number over its own layer
    xs = sorted({x for x, _, _, _ in d["nodes"]})
    assert [t[0] for t in d["titles"][3:]] == pytest.approx(xs[1:-1], abs=0.1)
    d, _, _ = build((3,), scale, False)
    assert [t[2] for t in d["titles"]] == ["inputs", "hidden layer 1", "output"]


def test_a_small_network_labels_every_weight_a_big_one_its_largest():
    d, texts, weights = build((2,), 1.0, False)
    assert len(d["spots"]) == 6 and all(d["spots"])
    d, texts, weights = build((8, 8, 8), 1.0, False)
    flat = np.abs(np.concatenate([w.ravel() for w in weights]))
    labelled = [k for k, s in enumerate(d["spots"]) if s]
    assert 0 < len(labelled) <= scene.LARGEST_LABELLED
    # the labelled ones are among the largest (some of the largest may have no spot)
    assert min(flat[labelled]) >= np.sort(flat)[-3 * scene.LARGEST_LABELLED]
    # a crowded network's label sits on its own line
    edges = scene._edges([[(x, y) for x, y, _, _ in d["nodes"] if x == col]
                          for col in sorted({n[0] for n in d["nodes"]})])
    for k in labelled:
        (x0, y0), (x1, y1) = edges[k]
        x, y, _ = d["spots"][k]
        assert abs((x1 - x0) * (y - y0) - (y1 - y0) * (x - x0)) / math.hypot(x1 - x0, y1 - y0) \
            < 1


def test_a_6_x_8_network_draws_every_weight():
    d, texts, weights = build((8,) * MAX_HIDDEN_LAYERS, 1.0, False)
    assert len(d["edges"]) == sum(w.size for w in weights)


def tick_gaps(plot, size, along_x):
    key = "xticks" if along_x else "yticks"
    at = [p for p, _ in plot[key]]
    extent = [scene.text_width(t, size) if along_x else size for _, t in plot[key]]
    return [abs(b - a) - (ea + eb) / 2 for a, b, ea, eb in zip(at, at[1:], extent, extent[1:])]


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("scale", [1.0, scene.PRESENTER], ids=["normal", "presenter"])
@pytest.mark.parametrize(("loss", "x_max"), [
    ([0.146, 2.04e-39], 10),  # two gaussians: one Step to 1e-39
    ([0.3, 0.2, 0.1], 1_000_000),
    ([0.25, 0.2500001], 7),
    ([1e-300, 1.0], 123_456),
    ([0.7, 0.0], 20_000)])
def test_at_most_six_tick_labels_per_axis_none_overlapping(loss, x_max, scale, lang):
    its = np.linspace(0, x_max, len(loss)).round()
    series = np.array([[0.5, -3.0], [1e5, 2.0], [-7.0, 0.1]][:len(loss)])[:, :2]
    panel, _ = scene.curves(its, loss, series, ["w1", "w2"],
                            dict(iteration_axis="iteration", loss_axis="loss",
                                 weight_axis="weight", train="train", test="test"),
                            lambda v: number(v, lang, 3), x_max, log=True, scale=scale)
    size = panel["fonts"]["tick"]
    for plot in panel["plots"]:
        for along_x in (True, False):
            ticks = plot["xticks" if along_x else "yticks"]
            assert 2 <= len(ticks) <= scene.MAX_TICKS, ticks
            assert min(tick_gaps(plot, size, along_x)) >= 0, ticks


def test_a_loss_down_to_1e_39_keeps_its_log_axis_with_few_decades_labelled():
    panel, _ = scene.curves([0, 1], [0.146, 2.04e-39], np.zeros((2, 1)), ["w"],
                            dict(iteration_axis="i", loss_axis="l", weight_axis="w"),
                            lambda v: number(v, "es", 3), 10, log=True)
    loss = panel["plots"][0]
    assert loss["log"]
    labels = [t for _, t in loss["yticks"]]
    assert labels == ["1e−30", "1e−20", "1e−10", "1"]
    assert len(labels) <= scene.MAX_TICKS


def test_many_weight_curves_are_faint_but_the_largest_named():
    its = np.arange(5)
    series = np.tile(np.arange(40, dtype=float) - 25, (5, 1))  # -25 .. 14
    names = [f"w{k}" for k in range(40)]
    labels = dict(iteration_axis="i", loss_axis="l", weight_axis="w")
    panel, axes = scene.curves(its, np.full(5, 0.3), series, names, labels, str, 5)
    lines = panel["plots"][1]["lines"]
    strong = [line["name"] for line in lines if "faint" not in line]
    assert sorted(strong) == ["w0", "w1", "w2", "w3"]  # -25 .. -22
    ends = scene.end_labels(panel, axes, series[-1], names)
    assert sorted(e[2] for e in ends) == sorted(strong)
    # markers only on the named curves (a column of 40 dots reads as a black bar)
    points = scene.markers(axes, 4, 0.3, series[-1])
    assert len(points) == 1 + 4
    # the panel keeps its width and every plot and line stays inside it
    width, height = panel["size"]
    assert width == scene.PANEL[0]
    for plot in panel["plots"]:
        x, y, w, h = plot["rect"]
        assert 0 <= x and x + w <= width and 0 <= y and y + h <= height
    assert [y for _, y in points[1:]] == pytest.approx(
        [float(axes[1][1](v)) for v in series[-1][:4]], abs=0.1)


@pytest.mark.parametrize("scale", [1.0, scene.PRESENTER], ids=["normal", "presenter"])
@pytest.mark.parametrize("hidden", NETWORKS, ids=str)
def test_every_label_has_a_backing_and_lines_cross_labels_only_where_no_side_is_clear(
        hidden, scale):
    d, texts, _ = build(hidden, scale, False)
    boxes = label_boxes(d, texts)
    backs = [(x, y, x + w, y + h) for x, y, w, h in d["backs"]]
    titles = len(d["titles"])
    # one backing per neuron's and weight's label (titles sit above the lines), its own box
    labels = boxes[:len(d["texts"])] + boxes[len(d["texts"]) + titles:]
    assert len(backs) == len(labels)
    for back, (box, t) in zip(backs, labels):
        assert back == pytest.approx(box, abs=0.1), t
    # a small network's weights sit beside their lines, clear of every line
    segments = np.array(d["edges"], dtype=float).reshape(-1, 4)
    if sum(a * b for a, b in zip(d["sizes"], d["sizes"][1:])) <= scene.MAX_LABELLED:
        for k, spot in enumerate(d["spots"]):
            if spot:
                box = scene._box(*spot[:2], texts[k], d["fonts"]["label"], spot[2])
                assert not scene._segments_hitting(segments, box).any(), texts[k]


def test_a_hidden_neurons_label_takes_a_side_no_line_crosses_where_there_is_one():
    # 2 -> 1 -> 1: the hidden neuron's lines leave it left and right, its name goes above
    d, texts, _ = build((1,), 1.0, False)
    segments = np.array(d["edges"], dtype=float).reshape(-1, 4)
    for x, y, t, a, s in d["texts"]:
        assert not scene._segments_hitting(segments, scene._box(x, y, t, s, a)).any(), t


def test_end_labels_sit_clear_of_the_markers_and_a_line_apart():
    its = np.arange(5)
    series = np.array([[0.0, 0.1, 0.2, 0.3]] * 5)  # four curves ending close together
    names = ["w1", "w2", "w3", "w4"]
    labels = dict(iteration_axis="i", loss_axis="l", weight_axis="w", train="train",
                  test="test")
    panel, axes = scene.curves(its, np.full(5, 0.3), series, names, labels, str, 4,
                               test_loss=np.full(5, 0.31))
    ends = scene.end_labels(panel, axes, series[-1], names, losses=(0.3, 0.31))
    points = scene.markers(axes, 4, 0.3, series[-1])
    size = panel["fonts"]["tick"]
    for x, _, t, _ in ends:
        # left of the text: every marker's right edge (the loss's marker is the larger)
        assert all(x >= px + scene.MARKERS[0] + 2 for px, _ in points), t
        assert x + scene.text_width(t, size) <= panel["size"][0], t
    for plot in ({"train", "test"}, set(names)):
        ys = sorted(y for _, y, t, _ in ends if t in plot)
        assert min(np.diff(ys)) >= size * scene.LINE - 0.1
