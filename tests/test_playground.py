"""neuron.playground: a TensorFlow Playground address read part by part, every unreadable
part named, and the learning rate converted so an update here is the Playground's update
(checked against a straight port of its nn.ts)."""

from dataclasses import replace
from urllib.parse import quote

import hypothesis
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from neuron import Config, Trainer, datasets, features, playground
from neuron.config import MAX_HIDDEN_LAYERS, MAX_REGULARIZATION_RATE

# the Playground's own default address (playground.tensorflow.org on first opening)
DEFAULT = ("activation=tanh&batchSize=10&dataset=circle&regDataset=reg-plane&learningRate=0.03"
           "&regularizationRate=0&noise=0&networkShape=4,2&seed=0.37851&showTestData=false"
           "&discretize=false&percTrainData=50&x=true&y=true&xTimesY=false&xSquared=false"
           "&ySquared=false&cosX=false&sinX=false&cosY=false&sinY=false&collectStats=false"
           "&problem=classification&initZero=false&hideText=false")


def read(**parts):
    return playground.read("&".join(f"{k}={v}" for k, v in parts.items()))


def test_the_playgrounds_default_address():
    lesson = playground.read(DEFAULT)
    assert lesson.problems == ()
    assert (lesson.dataset, lesson.points, lesson.noise) == ("circle", 500, 0)
    assert lesson.features == () and lesson.inputs_off == ()
    c = lesson.config
    assert (c.hidden, c.activation, c.bias, c.batch_size) == ((4, 2), "tanh", True, 10)
    assert c.learning_rate == pytest.approx(0.03 / 10)
    assert (c.regularization, c.regularization_rate, c.test_fraction) == ("none", 0.0, 0.5)
    assert c.seed == c.data_seed == lesson.data_seed


def test_an_empty_address_is_the_playgrounds_defaults():
    assert playground.read("") == replace(playground.read(DEFAULT), data_seed=0, problems=(),
                                          config=replace(playground.read(DEFAULT).config,
                                                         seed=0, data_seed=0))


@pytest.mark.parametrize(("name", "ours"), [
    ("circle", "circle"), ("xor", "xor"), ("gauss", "gaussians"), ("spiral", "spiral")])
def test_classification_data_sets(name, ours):
    lesson = read(dataset=name, regDataset="reg-gauss")
    assert (lesson.dataset, lesson.points, lesson.problems) == (ours, 500, ())
    assert datasets.get(name) == datasets.get(ours)  # the Playground's name is accepted


@pytest.mark.parametrize(("name", "ours"), [("reg-plane", "plane"),
                                            ("reg-gauss", "multi_gaussian")])
def test_regression_data_sets(name, ours):
    lesson = read(problem="regression", regDataset=name, dataset="xor")
    assert (lesson.dataset, lesson.points, lesson.problems) == (ours, 1_200, ())
    assert datasets.get(name, points=50) == datasets.get(ours, points=50)


@pytest.mark.parametrize("noise", [0, 5, 35, 50])
def test_noise(noise):
    assert read(noise=noise).noise == noise


def test_seed_sets_the_data_and_the_weights():
    a, b = read(seed="0.12345"), read(seed="0.54321")
    assert a.data_seed != b.data_seed and read(seed="0.12345") == a
    assert a.config.seed == a.config.data_seed == a.data_seed
    assert read().data_seed == 0


@pytest.mark.parametrize(("part", "feature"), [
    ("xSquared", "x1_squared"), ("ySquared", "x2_squared"), ("xTimesY", "x1_x2"),
    ("sinX", "sin_x1"), ("sinY", "sin_x2")])
def test_each_feature(part, feature):
    assert read(**{part: "true"}).features == (feature,)
    assert read(**{part: "false"}).features == ()


def test_features_come_in_this_pages_order():
    lesson = read(sinY="true", xTimesY="true", xSquared="true")
    assert lesson.features == ("x1_squared", "x1_x2", "sin_x2")
    assert list(features.FEATURES) == ["x1_squared", "x2_squared", "x1_x2", "sin_x1", "sin_x2"]


def test_inputs_switched_off():
    assert read(x="false").inputs_off == ("x1",)
    assert read(y="false", xTimesY="true").inputs_off == ("x2",)
    assert read(x="false", y="false", xTimesY="true").inputs_off == ("x1", "x2")
    lesson = read(x="false", y="false")  # nothing left to feed the network: both stay on
    assert lesson.inputs_off == () and set(lesson.problems) == {"x", "y"}


@pytest.mark.parametrize(("shape", "hidden"), [("4,2", (4, 2)), ("", ()), ("8", (8,)),
                                               ("1,2,3,4", (1, 2, 3, 4))])
def test_network_shape(shape, hidden):
    assert read(networkShape=shape).config.hidden == hidden


@pytest.mark.parametrize("activation", ["tanh", "relu", "sigmoid", "linear"])
def test_activation(activation):
    assert read(activation=activation).config.activation == activation


@pytest.mark.parametrize(("batch", "rate"), [(1, 0.03), (10, 0.003), (30, 0.001)])
def test_learning_rate_is_divided_by_the_batch(batch, rate):
    c = read(batchSize=batch, learningRate=0.03).config
    assert c.batch_size == batch and c.learning_rate == pytest.approx(rate)


@pytest.mark.parametrize(("name", "ours"), [("none", "none"), ("L1", "l1"), ("L2", "l2")])
def test_regularization_rate_is_multiplied_by_the_batch(name, ours):
    c = read(regularization=name, regularizationRate=0.03, batchSize=20).config
    assert c.regularization == ours
    assert c.regularization_rate == (0.0 if name == "none" else pytest.approx(0.6))


@pytest.mark.parametrize(("train", "test"), [(10, 0.9), (50, 0.5), (80, 0.2), (100, 0.0)])
def test_training_share(train, test):
    lesson = read(percTrainData=train)
    assert lesson.config.test_fraction == test and lesson.problems == ()


@pytest.mark.parametrize(("parts", "named"), [
    (dict(dataset="moons"), "dataset"), (dict(problem="ranking"), "problem"),
    (dict(regDataset="reg-sin"), "regDataset"), (dict(noise="60"), "noise"),
    (dict(noise="2.5"), "noise"), (dict(noise="abc"), "noise"),
    (dict(networkShape="4,x"), "networkShape"), (dict(networkShape="0"), "networkShape"),
    (dict(networkShape=",".join(["8"] * (MAX_HIDDEN_LAYERS + 1))), "networkShape"), (dict(networkShape="17"), "networkShape"),
    (dict(activation="softmax"), "activation"), (dict(batchSize="0"), "batchSize"),
    (dict(batchSize="2.5"), "batchSize"), (dict(learningRate="0"), "learningRate"),
    (dict(learningRate="-1"), "learningRate"), (dict(learningRate="Infinity"), "learningRate"),
    (dict(learningRate="1e9"), "learningRate"), (dict(regularization="L3"), "regularization"),
    (dict(regularizationRate="-0.1"), "regularizationRate"),
    (dict(regularizationRate="NaN"), "regularizationRate"),
    (dict(percTrainData="75"), "percTrainData"), (dict(percTrainData="5"), "percTrainData"),
    (dict(cosX="true"), "cosX"), (dict(cosY="true"), "cosY"), (dict(initZero="true"), "initZero"),
    (dict(foo="1"), "foo")])
def test_a_malformed_or_unknown_part_is_named_and_the_rest_read(parts, named):
    lesson = read(**{"activation": "relu", "noise": 20, **parts})
    assert named in lesson.problems
    assert lesson.config.activation == "relu" or named == "activation"
    assert lesson.noise == 20 or named == "noise"


def test_a_malformed_value_leaves_the_playgrounds_default():
    default = playground.read("").config
    for parts in (dict(networkShape="x"), dict(activation="cubic"), dict(batchSize="-3"),
                  dict(learningRate="fast")):
        c = read(**parts).config
        assert (c.hidden, c.activation, c.batch_size, c.learning_rate) == (
            default.hidden, default.activation, default.batch_size, default.learning_rate)


def test_too_strong_a_regularization_is_named_and_held_at_the_limit():
    lesson = read(regularization="L2", regularizationRate=1, batchSize=30)
    assert "regularizationRate" in lesson.problems
    assert lesson.config.regularization_rate == MAX_REGULARIZATION_RATE


def test_odd_parts_are_named_display_parts_ignored():
    lesson = playground.read("noise=5&bare&noise=10&=3&showTestData=true&tutorial=x"
                             "&discretize=true&x_hide=true&hideText=true&collectStats=true")
    assert lesson.noise == 5
    assert set(lesson.problems) == {"bare", "noise", "=3"}


@pytest.mark.parametrize("text", [
    "https://playground.tensorflow.org/#activation=relu&dataset=xor&noise=10",
    "playground.tensorflow.org/#" + quote("activation=relu&dataset=xor&noise=10"),
    quote("activation=relu&dataset=xor&noise=10", safe=""),
    "  #activation=relu&dataset=xor&noise=10  "])
def test_a_whole_address_or_an_encoded_part(text):
    lesson = playground.read(text)
    assert (lesson.config.activation, lesson.dataset, lesson.noise, lesson.problems) == (
        "relu", "xor", 10, ())


@hypothesis.settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from([
    "activation", "batchSize", "dataset", "regDataset", "learningRate", "regularization",
    "regularizationRate", "noise", "networkShape", "seed", "percTrainData", "x", "y",
    "xTimesY", "sinX", "problem", "other", ""]),
    st.text(max_size=12) | st.sampled_from(["0", "1", "-1", "4,2", "", "false", "true",
                                            "1e400", "NaN", "reg-gauss", "L1"])),
    max_size=12), st.text(max_size=20))
def test_reading_never_raises(parts, noise):
    text = "&".join(f"{k}={v}" for k, v in parts) + noise
    lesson = playground.read(text)
    assert isinstance(lesson.config, Config)
    assert lesson.dataset in datasets.names()
    assert all(isinstance(p, str) for p in lesson.problems)
    table = datasets.get(lesson.dataset, points=lesson.points, noise=lesson.noise,
                         seed=lesson.data_seed)
    assert table.n_rows == lesson.points


# -- the converted rate: an update here is the Playground's ------------------------------

def _playground_update(weights, biases, X, y, activation, rate, reg, reg_rate):
    """One batch as the Playground's nn.ts does it (forwardProp, backProp with
    Errors.SQUARE per row, then updateWeights), but with this page's sigmoid output, so
    the two updates can be compared number for number."""
    acts = {"tanh": (np.tanh, lambda z: 1 - np.tanh(z) ** 2),
            "relu": (lambda z: max(z, 0.0), lambda z: 0.0 if z <= 0 else 1.0),
            "linear": (lambda z: z, lambda z: 1.0)}
    out_f = (lambda z: 1 / (1 + np.exp(-z)), lambda z: 1 / (1 + np.exp(-z)) * (1 - 1 / (1 + np.exp(-z))))
    der = {"l1": np.sign, "l2": lambda w: w, "none": lambda w: 0 * w}[reg]
    layers = len(weights)
    acc_w = [np.zeros_like(w) for w in weights]
    acc_b = [np.zeros_like(b) for b in biases]
    for x, target in zip(X, y):
        outs, totals = [np.array(x, dtype=float)], []
        for k in range(layers):
            total = outs[-1] @ weights[k] + biases[k]
            f = out_f[0] if k == layers - 1 else np.vectorize(acts[activation][0])
            totals.append(total)
            outs.append(f(total))
        output_der = outs[-1] - target  # Errors.SQUARE.der
        for k in range(layers - 1, -1, -1):
            d = out_f[1] if k == layers - 1 else np.vectorize(acts[activation][1])
            input_der = output_der * d(totals[k])
            acc_b[k] += input_der
            acc_w[k] += np.outer(outs[k], input_der)
            output_der = weights[k] @ input_der
    n = len(X)
    new_w, new_b = [], []
    for w, b, aw, ab in zip(weights, biases, acc_w, acc_b):
        regul = der(w)  # at the weight before the update, as updateWeights reads it
        w = w - rate / n * aw
        new_w.append(w - rate * reg_rate * regul)
        new_b.append(b - rate * ab / n)
    return new_w, new_b


@pytest.mark.parametrize(("address", "activation", "reg"), [
    ("networkShape=3&activation=tanh&batchSize=10&learningRate=0.3", "tanh", "none"),
    ("networkShape=4,2&activation=relu&batchSize=7&learningRate=0.1&regularization=L2"
     "&regularizationRate=0.03", "relu", "l2"),
    ("networkShape=2&activation=linear&batchSize=25&learningRate=1&regularization=L1"
     "&regularizationRate=0.01", "linear", "l1")])
def test_one_update_here_is_the_playgrounds_update(address, activation, reg):
    lesson = playground.read(address + "&dataset=circle&noise=10&seed=7")
    table = datasets.get(lesson.dataset, points=200, noise=lesson.noise, seed=lesson.data_seed)
    trainer = Trainer(lesson.config, table)
    weights = [w.copy() for w in trainer.weights]
    biases = [b.copy() for b in trainer.biases]
    record = trainer.step()
    rows = record.rows
    pg_rate = float(address.split("learningRate=")[1].split("&")[0])
    pg_reg = float(address.split("regularizationRate=")[1]) if reg != "none" else 0.0
    want_w, want_b = _playground_update(weights, biases, table.inputs[rows],
                                        table.targets[rows, 0], activation, pg_rate, reg,
                                        pg_reg)
    assert len(rows) == lesson.config.batch_size
    for got, want in zip(trainer.weights + trainer.biases, want_w + want_b):
        np.testing.assert_allclose(got, want, rtol=1e-10, atol=1e-13)
