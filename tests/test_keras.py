"""export_keras: the exported Keras scripts, run on a real backend, train the Trainer's network.

Every script runs in one subprocess (Keras' import costs seconds), each in fresh globals as
``python script.py`` would run it. The backend is KERAS_BACKEND's, TensorFlow unless set.
"""

import importlib.util
import json
import os
import subprocess
import sys
from dataclasses import dataclass, fields
from itertools import product

import numpy as np
import pytest

from neuron import (
    Config,
    ConfigError,
    Trainer,
    datasets,
    export_keras,
    features,
    keras_lines,
    presets,
)
from neuron.config import ACTIVATIONS, LOSSES, REGULARIZATIONS
from neuron.export_keras import unsupported

needs_keras = pytest.mark.skipif(importlib.util.find_spec("keras") is None,
                                 reason="keras is not installed (pip install -r "
                                        "requirements-dev.txt installs it with TensorFlow)")

ITERATIONS = 100

_RUNNER = """
import runpy, sys, traceback
for path in sys.argv[1:]:
    print('=== ' + path, flush=True)
    try:
        runpy.run_path(path, run_name='__main__')
    except BaseException:
        traceback.print_exc(file=sys.stdout)
"""


def _random_cases():
    """One random network for every (activation, loss, bias), on a random preset."""
    rng = np.random.default_rng(20261129)
    cases = []
    for activation, loss, bias in product(ACTIVATIONS, LOSSES, (False, True)):
        hidden = tuple(int(n) for n in rng.integers(1, 6, size=rng.integers(1, 3)))
        config = Config(hidden=hidden, activation=activation, loss=loss, bias=bias,
                        learning_rate=float(rng.choice([0.1, 0.5, 1.0, 2.0])),
                        seed=int(rng.integers(0, 1000)))
        cases.append((config, str(rng.choice(presets.names()))))
    return cases


def _circle():
    """A playground lesson: a noisy circle with two derived input features."""
    return features.expand(datasets.get("circle", points=200, noise=10, seed=0),
                           ["x1_squared", "x2_squared"])


def _playground(regularization):
    """Batches of 10, regularisation, 30 % held out, and a learning rate changed midway."""
    config = Config(hidden=(4, 2), activation="tanh", bias=True, learning_rate=0.01,
                    batch_size=10, regularization=regularization, regularization_rate=0.001,
                    test_fraction=0.3)
    trainer = Trainer(config, _circle()).run(ITERATIONS // 2)
    trainer.set_learning_rate(0.03)
    return trainer.run(ITERATIONS - ITERATIONS // 2)


RANDOM = _random_cases()
# every Config field the export takes, away from its default at once (the fields' own
# examples, as tests/test_config_fields.py sets them)
EVERY_FIELD = Trainer(Config(**{f.name: f.metadata["example"] for f in fields(Config)
                                if f.metadata["keras"]}),
                      datasets.get("gaussians", points=12, seed=5)).run(20)
PLAYGROUND = {penalty: _playground(penalty) for penalty in REGULARIZATIONS if penalty != "none"}
CASES = {
    "article": (Config(), "seed", 10_000, [1, 0, 0]),
    "follow_up": (Config(hidden=(4,)), "xor3", 60_000, [1, 1, 0]),
    "untrained": (Config(hidden=(2,), bias=True, seed=7), "xor", 0, None),
    **{f"random{i}": (config, preset, ITERATIONS, None) for i, (config, preset) in enumerate(RANDOM)},
    **{f"playground_{penalty}": (trainer, None, None, [0.5, -0.5, 0.25, 0.25])
       for penalty, trainer in PLAYGROUND.items()},
    "every_field": (EVERY_FIELD, None, None, None),
}


@pytest.fixture(scope="module")
def ran(tmp_path_factory):
    """Each case's printed outputs, weights and answer, from one run of every script."""
    folder = tmp_path_factory.mktemp("keras")
    paths = []
    for name, (config, preset, iterations, ask) in CASES.items():
        table = None if preset is None else presets.get(preset)
        script = export_keras(config, table, iterations, ask=ask)
        paths.append(folder / f"{name}.py")
        paths[-1].write_text(script)
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3")
    env.setdefault("KERAS_BACKEND", "tensorflow")
    done = subprocess.run([sys.executable, "-c", _RUNNER, *map(str, paths)], capture_output=True,
                          text=True, timeout=1200, cwd=folder, env=env)
    assert done.returncode == 0, done.stderr[-3000:]
    results = {}
    for block in done.stdout.split("=== ")[1:]:
        path, _, printed = block.partition("\n")
        results[os.path.basename(path)[:-3]] = printed
    return results


def _parse(printed):
    lines = {line.partition(":")[0]: line.partition(":")[2] for line in printed.splitlines()
             if line.startswith(("outputs:", "weights:", "ask:"))}
    assert "weights" in lines, printed[-3000:]
    weights = [[np.array(w) for w in layer] for layer in json.loads(lines["weights"])]
    return np.array(json.loads(lines["outputs"])), weights, lines.get("ask", "").strip()


def _assert_same_network(printed, trainer):
    outputs, weights, _ = _parse(printed)
    assert len(weights) == len(trainer.weights)
    for layer, (w, b) in enumerate(zip(trainer.weights, trainer.biases)):
        want = [w, b] if trainer.config.bias else [w]
        assert len(weights[layer]) == len(want)
        for got, expected in zip(weights[layer], want):
            np.testing.assert_allclose(got, expected, rtol=1e-6, atol=1e-12)
    np.testing.assert_allclose(outputs, trainer.predict(trainer.table.inputs),
                               rtol=1e-6, atol=1e-12)


@needs_keras
def test_article_neuron_prints_the_articles_answer(ran):
    outputs, weights, ask = _parse(ran["article"])
    assert ask == "[[0.99993704]]"  # the article's printed digits
    # the article's weights after 10,000 iterations (REFERENCE.md, the original program)
    np.testing.assert_allclose(weights[0][0].ravel(),
                               [9.672993027736892, -0.20784349926631968, -4.62963668773159],
                               rtol=1e-9)
    _assert_same_network(ran["article"], Trainer(Config(), presets.get("seed")).run(10_000))


@needs_keras
def test_two_layer_follow_up_prints_its_answer(ran):
    assert _parse(ran["follow_up"])[2] == "[[0.0078876]]"  # the follow-up's printed digits
    trainer = Trainer(Config(hidden=(4,)), presets.get("xor3")).run(60_000)
    _assert_same_network(ran["follow_up"], trainer)


@needs_keras
def test_untrained_script_starts_from_the_trainers_weights(ran):
    config, preset, _, _ = CASES["untrained"]
    _assert_same_network(ran["untrained"], Trainer(config, presets.get(preset)))


@needs_keras
@pytest.mark.parametrize("index", range(len(RANDOM)),
                         ids=[f"{c.activation}-{c.loss}-bias{c.bias}" for c, _ in RANDOM])
def test_random_networks_train_as_the_trainer(ran, index):
    config, preset = RANDOM[index]
    _assert_same_network(ran[f"random{index}"], Trainer(config, presets.get(preset)).run(ITERATIONS))


@needs_keras
@pytest.mark.parametrize("penalty", sorted(PLAYGROUND))
def test_playground_lesson_trains_as_the_trainer(ran, penalty):
    """Features, hidden (4, 2), batches of 10, L1 or L2, 30 % held out and a learning rate
    changed midway: the script's weights are the page's, and it answers the page's Ask row."""
    trainer = PLAYGROUND[penalty]
    assert len(trainer.test_rows) == 60 and len(trainer.schedule) == 2
    _assert_same_network(ran[f"playground_{penalty}"], trainer)
    asked = _parse(ran[f"playground_{penalty}"])[2]
    np.testing.assert_allclose(json.loads(asked),
                               trainer.predict([0.5, -0.5, 0.25, 0.25]), rtol=1e-6)


@needs_keras
def test_every_field_it_takes_trains_as_the_trainer(ran):
    _assert_same_network(ran["every_field"], EVERY_FIELD)


def test_random_networks_cover_every_setting():
    assert {(c.activation, c.loss, c.bias) for c, _ in RANDOM} == set(
        product(ACTIVATIONS, LOSSES, (False, True)))
    assert any(len(c.hidden) > 1 for c, _ in RANDOM) and any(c.learning_rate != 1 for c, _ in RANDOM)


def test_trainer_gives_its_table_and_iteration():
    trainer = Trainer(Config(hidden=(3,), bias=True), presets.get("xor")).run(25)
    assert export_keras(trainer) == export_keras(trainer.config, presets.get("xor"), 25)
    assert "iterations = 25\n" in export_keras(trainer)


def test_script_names_its_dependency_and_float64():
    script = export_keras(Config(), presets.get("seed"), 10_000)
    assert "pip install keras tensorflow-cpu" in script
    assert 'keras.config.set_floatx("float64")' in script
    assert "SGD(learning_rate=1.0, momentum=0.0)" in script
    assert 'Dense(1, activation="sigmoid", use_bias=False)' in script
    assert 'reduction="sum"' in script


@dataclass(frozen=True)
class _LaterConfig(Config):
    """Config with settings the export does not know yet, as a later change may add."""

    momentum: float = 0.0
    dropout: float = 0.0


def test_unknown_settings_are_refused_by_name():
    table = presets.get("seed")
    export_keras(_LaterConfig(), table, 10)  # at their defaults they change nothing
    assert unsupported(_LaterConfig(momentum=0.9, dropout=0.5)) == ["momentum", "dropout"]
    with pytest.raises(ConfigError, match="momentum, dropout") as error:
        export_keras(_LaterConfig(momentum=0.9, dropout=0.5), table, 10)
    assert error.value.field == "momentum"


def test_config_needs_table_and_iterations():
    with pytest.raises(ConfigError):
        export_keras(Config(), presets.get("seed"))
    with pytest.raises(ValueError):
        export_keras(Config(), None, 10)
    with pytest.raises(ConfigError):
        export_keras(Config(), presets.get("seed"), -1)


@pytest.mark.parametrize(("config", "preset"), [(Config(), "seed"), *RANDOM])
def test_keras_lines_are_the_scripts_code(config, preset):
    table = presets.get(preset)
    script = export_keras(config, table, 10)
    pairs = keras_lines(config, table)
    for numpy_lines, keras_code, key in pairs:
        assert numpy_lines and key.startswith("keras_")
        for line in keras_code.splitlines():
            if not line.lstrip().startswith("#"):
                assert line in script, (key, line)
    keys = [key for _, _, key in pairs]
    assert keys.count("keras_backprop") == len(config.hidden)
    assert keys.count("keras_dense") + keys.count("keras_logits") == len(config.hidden) + 1
    loss = "keras_loss_squared" if config.loss == "squared" else "keras_loss_cross_entropy"
    assert loss in keys


@pytest.mark.parametrize("penalty", sorted(PLAYGROUND))
def test_keras_lines_show_batches_and_regularization(penalty):
    trainer = PLAYGROUND[penalty]
    script = export_keras(trainer)
    pairs = keras_lines(trainer)
    for _, keras_code, _ in pairs:
        for line in keras_code.splitlines():
            if not line.lstrip().startswith("#"):
                assert line in script, line
    keys = [key for _, _, key in pairs]
    assert f"keras_{penalty}" in keys and "keras_batches" in keys


def test_keras_lines_for_the_article():
    pairs = keras_lines(Config(), presets.get("seed"))
    by_key = {key: (numpy_lines, keras_code) for numpy_lines, keras_code, key in pairs}
    assert by_key["keras_dense"] == ("z = inputs @ weights\noutput = sigmoid(z)",
                                     'keras.layers.Dense(1, activation="sigmoid", use_bias=False)')
    assert "random.seed(1)\nweights = 2 * random.random((3, 1)) - 1" == by_key["keras_initial"][0]
    assert by_key["keras_sgd"][0] == "weights += learning_rate * inputs.T @ delta"
