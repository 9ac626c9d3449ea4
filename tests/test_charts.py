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
    positions = charts.node_positions(sizes)
    k = 0
    for layer, w in enumerate(trainer.weights):
        for i in range(w.shape[0]):
            for j in range(w.shape[1]):
                assert list(edges[k]["x"]) == [positions[layer][i][0],
                                              positions[layer + 1][j][0]]
                assert list(edges[k]["y"]) == [positions[layer][i][1],
                                              positions[layer + 1][j][1]]
                colour = charts.POSITIVE if w[i, j] >= 0 else charts.NEGATIVE
                assert edges[k]["line"]["color"] == colour
                k += 1
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
