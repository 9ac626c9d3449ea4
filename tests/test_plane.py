"""The plane (issue 18), server side: what the stage sends the browser to draw it, the JS
registries derived from neuron's, and the Boundary view's true boundary (features computed
from x1 and x2 at every point, never held fixed). The browser's drawing is checked against
Trainer.predict in tests/browser/test_plane.py."""

import base64
import json

import numpy as np
from streamlit.testing.v1 import AppTest

from lab import plane
from lab.text import text
from neuron import Config, Trainer, datasets, features
from neuron.activations import ACTIVATIONS
from neuron.features import FEATURES
from tests.test_app import APP, lab, stage

SPIRAL = {"lang": "en", "data": "spiral.200.0.0.sin_x1+sin_x2", "hidden": "8", "act": "tanh",
          "bias": "1", "lr": "0.003", "it": "400"}


def spiral_trainer(iteration):
    table = features.expand(datasets.get("spiral", 200, 0, 0), ["sin_x1", "sin_x2"])
    trainer = Trainer(Config(hidden=(8,), activation="tanh", bias=True, learning_rate=0.003),
                      table)
    trainer.run(iteration)
    return trainer


def page(params, view=None):
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params.update(params | ({"view": view} if view else {}))
    at.run()
    assert not at.exception
    return at


def test_plane_js_holds_every_activation_and_feature_of_the_registries():
    source = (plane.HERE / "plane.js").read_text()
    assert plane.block(source) == plane.registries_js()  # python -m lab.plane rewrites it
    for name, activation in ACTIVATIONS.items():
        assert f"  {name}: (z) => {activation.js},\n" in source
    for name, feature in FEATURES.items():
        assert f"  {name}: (a, b) => {feature.js},\n" in source


def test_the_stage_sends_the_plane_once_and_the_weights_per_frame():
    at = page(SPIRAL)
    sent = stage(at)
    spec = sent["plane"]
    trainer = spiral_trainer(400)
    assert spec["sizes"] == [4, 8, 1] and spec["acts"] == ["tanh", "sigmoid"]
    assert spec["features"] == ["sin_x1", "sin_x2"] and spec["bias"] is True
    X = trainer.table.inputs
    assert spec["extent"][0][0] < X[:, 0].min() and spec["extent"][0][1] > X[:, 0].max()
    assert spec["names"] == ["x1", "x2", "sin x1", "sin x2",
                             *(f"h{k}" for k in range(1, 9)), "y"]
    assert len(spec["points"]["x"]) == 200 and not spec["regression"]
    params = np.frombuffer(base64.b64decode(sent["params"]), dtype="<f8")
    np.testing.assert_array_equal(params, trainer.params)  # the iteration shown, exactly
    # the next Step's weights ride along, so a press shows its map at once
    ahead = np.frombuffer(base64.b64decode(sent["ahead"]["p"]), dtype="<f8")
    trainer.step()
    np.testing.assert_array_equal(ahead, trainer.params)
    # the map's description for screen readers does not list the rows
    assert "row 1" not in spec["aria"] and "200" in spec["aria"]


def test_the_grid_is_the_playgrounds_unless_the_network_is_large():
    assert plane.grid_size(25) == plane.grid_size(300) == 100  # hidden (4, 2); (8, 8) on 2
    assert 40 <= plane.grid_size(1_500) < 50  # six layers of 16: about the same work
    assert plane.grid_size(10**6) == 40


def test_a_table_that_is_not_a_plane_has_no_plane():
    at = page({"lang": "en"})  # the article's table: three inputs
    sent = stage(at)
    assert sent["plane"] is None and sent["params"] is None
    assert len(sent["curves"]["plots"]) == 2  # the loss and the weights, as before


def test_run_frames_carry_each_frames_weights():
    at = page(SPIRAL)
    at.session_state["running"] = True
    at.run()
    sent = stage(at)
    trainer = spiral_trainer(400)
    frames = sent["frames"]
    assert len(frames) > 2
    for frame in frames[:3]:
        trainer.run(frame["i"] - trainer.iteration)
        p = np.frombuffer(base64.b64decode(frame["p"]), dtype="<f8")
        np.testing.assert_array_equal(p, trainer.params)


def test_the_boundary_view_draws_the_true_boundary_with_features():
    at = page(SPIRAL, view="boundary")
    # no sliders holding sin x1 or sin x2, no choice of axes: the plane is x1 and x2
    assert not [s for s in at.select_slider if s.key and s.key.startswith("hold_")]
    assert not [s for s in at.selectbox if s.key in ("boundary_x", "boundary_y")]
    charts = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    (fig,) = [f for f in charts if any(t.get("type") == "contour" for t in f["data"])]
    (contour,) = [t for t in fig["data"] if t["type"] == "contour"]
    xs, ys, z = (np.asarray(contour[k], dtype=float) for k in ("x", "y", "z"))
    gx, gy = np.meshgrid(xs, ys)
    grid = features.columns(np.column_stack([gx.ravel(), gy.ravel()]), ["sin_x1", "sin_x2"])
    want = spiral_trainer(400).predict(grid)[:, 0].reshape(gy.shape)
    np.testing.assert_allclose(z, want, atol=5e-5)  # rounded to 4 decimals when sent
    # the rows right by the map are the rows right on the stage
    trainer = lab(at).trainer
    right = int(trainer.rows_right().sum())
    caption = " ".join(c.value for c in at.caption)
    assert f"{right} of 200 rows right" in caption
    assert "row 17" not in caption  # counted, not listed


def test_a_regression_table_has_a_continuous_scale_and_no_target_legend():
    at = page({"lang": "en", "data": "plane.200.0.0", "bias": "1", "it": "50"},
              view="boundary")
    assert stage(at)["plane"]["regression"] is True
    charts = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    (fig,) = [f for f in charts if any(t.get("type") == "contour" for t in f["data"])]
    names = [t.get("name") for t in fig["data"] if t.get("mode") == "markers"]
    assert names == [text("en", "train_curve")]
    assert not any("target" in (n or "") for n in names)
    assert text("en", "boundary_caption_regression") in [c.value for c in at.caption]
