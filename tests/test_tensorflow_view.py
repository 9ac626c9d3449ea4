"""The TensorFlow view through AppTest: the Keras code for a playground lesson, the loss the
stage shows, the Ask row in the download, and every setting the export cannot reproduce."""

import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from lab.text import number, text  # noqa: E402
from neuron import Config, Trainer, datasets, export_keras, features  # noqa: E402

APP = str(ROOT / "app.py")
# a noisy circle with x1² and x2², hidden (4, 2), batches of 10, L2, 30 % held out, 7 iterations
LESSON = {"data": "circle.200.10.0.x1_squared+x2_squared", "hidden": "4x2", "act": "tanh",
          "bias": "1", "lr": "0.01", "batch": "10", "reg": "l2", "rr": "0.001", "test": "0.3",
          "it": "7", "view": "tensorflow"}


def _page(params):
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _trainer():
    circle = features.expand(datasets.get("circle", points=200, noise=10, seed=0),
                             ["x1_squared", "x2_squared"])
    config = Config(hidden=(4, 2), activation="tanh", bias=True, learning_rate=0.01,
                    batch_size=10, regularization="l2", regularization_rate=0.001,
                    test_fraction=0.3)
    return Trainer(config, circle).run(7)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_playground_lesson_shows_its_keras_code_and_the_stages_loss(lang):
    at = _page({**LESSON, "lang": lang})
    lab = at.session_state["lab"]
    assert lab.trainer.iteration == 7 and lab.trainer.config.batch_size == 10
    assert not [i.value for i in at.info], "a playground lesson is exported, not refused"
    code = "\n".join(c.value for c in at.code)
    assert "kernel_regularizer=keras.regularizers.L2(0.0005)" in code
    assert "rows = batch_rows(index)" in code
    shown = text(lang, "keras_loss_shown_squared", loss=number(_trainer().loss(), lang))
    assert shown in [m.value for m in at.markdown]


def test_download_is_the_lesson_with_the_ask_row():
    at = _page({**LESSON, "ask": "0.5,-0.5,0.25,0.25"})
    lab = at.session_state["lab"]
    assert lab.asked() == [0.5, -0.5, 0.25, 0.25]
    expected = export_keras(_trainer(), ask=[0.5, -0.5, 0.25, 0.25])
    assert 'predict(np.array([[0.5, -0.5, 0.25, 0.25]], dtype="float64"))' in expected
    assert export_keras(lab.trainer, ask=lab.asked()) == expected


@dataclass(frozen=True)
class _LaterConfig(Config):
    """A Config with settings the export does not know, as a later change may add."""

    momentum: float = 0.0
    dropout: float = 0.0


def test_every_setting_it_cannot_export_is_listed():
    at = _page({"view": "tensorflow"})
    lab = at.session_state["lab"]
    lab.trainer = Trainer(_LaterConfig(momentum=0.9, dropout=0.5), lab.table)
    at.run()
    assert not at.exception
    said = [i.value for i in at.info]
    assert said == [text("en", "keras_unsupported", settings="momentum, dropout")]
    assert not at.code
