"""The same network in Keras 3: a standalone script, and the numpy and Keras lines side by side.

Keras' defaults differ from the article's in three places, each set in the script: float32
(it sets float64), a loss averaged over rows (the article's update is the gradient of a sum:
``reduction="sum"``, and ½ in the squared error), and about 0.1 s of bookkeeping per epoch
(one epoch of ``iterations`` batches, each batch the whole table, is the same updates).
Nothing here imports Keras: the script names it as its dependency.
"""

import re
from dataclasses import fields
from numbers import Integral

from .activations import ACTIVATIONS
from .config import Config
from .errors import ConfigError, TableError
from .table import Table, format_number
from .trainer import Trainer

# Settings other engineers may add to Config; the export refuses them until it supports them.
_NOT_YET = ("batch_size", "regularization", "regularization_rate", "test_fraction")

_STEPS_PER_EXECUTION = 1000

_HEADER = '''\
# A dense network trained as in the article, in Keras 3, exported by Neuron Lab.
# Needs Keras 3 and one backend:  pip install keras tensorflow-cpu   (or jax, or torch;
# the KERAS_BACKEND environment variable picks it, TensorFlow by default). Float64 holds on
# TensorFlow and JAX; Keras 3.15's PyTorch backend computes Dense layers in float32.
# Layers {sizes}; hidden activation {activation}; {loss} loss; learning rate {learning_rate};
# bias {bias}; seed {seed}; {iterations} iterations.
import json
import os

os.environ.setdefault("JAX_ENABLE_X64", "1")  # JAX's float64 needs this before the import

import keras
import numpy as np
from keras import ops

{float64}  # as numpy; Keras' default is float32

inputs = np.array({inputs}, dtype="float64")
targets = np.array({targets}, dtype="float64")
iterations = {iterations}

# The network. Step 2 (weighted sum and output): a Dense layer computes
# z = inputs @ weights{plus_bias}, then its activation of z.{logits_note}
model = keras.Sequential([
    keras.Input(shape=({n_inputs},)),
{layers}
])

# Step 1 (the weights): the page's starting weights, drawn as the article draws them.
# Biases start at 0, Dense's default.
{random}
for layer in model.layers:
    {assign}

'''

_SQUARED = '''\
# Steps 3 and 4 (the error, how much to adjust): the gradient of this loss is
# -(targets - output) * output * (1 - output) at the output, backpropagated by Keras through
# the layers. Half the squared error, summed over rows and outputs: Keras' usual mean would
# divide every adjustment by the number of rows.
class HalfSquaredError(keras.losses.Loss):
    def call(self, y, output):
        {squared_loss}


loss = HalfSquaredError(reduction="sum")


def predict(rows):
    return model.predict(rows, verbose=0)


'''

_CROSS_ENTROPY = '''\
# Steps 3 and 4 (the error, how much to adjust): cross-entropy written from the last layer's
# weighted sum z, where it stays finite; its gradient is -(targets - sigmoid(z)) at the output,
# backpropagated by Keras through the layers. Summed over rows and outputs: Keras' usual mean
# would divide every adjustment by the number of rows.
class CrossEntropy(keras.losses.Loss):
    def call(self, y, z):
        {cross_entropy_loss}


loss = CrossEntropy(reduction="sum")


def predict(rows):
    return ops.convert_to_numpy(ops.sigmoid(model.predict(rows, verbose=0)))


'''

_TRAIN = '''\
# Step 5 (new weight = old weight + adjustment): plain gradient descent,
# weights -= learning_rate * gradient, no momentum.
# steps_per_execution: updates per call into the backend (the same updates, fewer trips);
# the PyTorch backend accepts only 1.
model.compile(optimizer={sgd}, loss=loss,
              steps_per_execution=1 if keras.backend.backend() == "torch" else {steps_per_execution})


# One iteration is one update on the whole table. model.fit(inputs, targets,
# batch_size=len(inputs), epochs=iterations) trains the same, slowly: one epoch of
# `iterations` batches, each batch the whole table, is the same updates.
class EveryIteration(keras.utils.PyDataset):
    def __len__(self):
        return iterations

    def __getitem__(self, index):
        return inputs, targets


if iterations > 0:  # Keras refuses an empty epoch
    {fit}

# The output for every row, as the article prints it, then every number in full precision.
outputs = predict(inputs)
for row, output in zip(inputs, outputs):
    print(row, output)
print("outputs:", json.dumps(outputs.tolist()))
print("weights:", json.dumps([[w.tolist() for w in layer.get_weights()] for layer in model.layers]))
'''

_FLOAT64 = 'keras.config.set_floatx("float64")'
_SQUARED_LOSS = "return ops.sum(ops.square(y - output), axis=-1) / 2"
_CROSS_ENTROPY_LOSS = "return ops.sum(ops.softplus(z) - y * z, axis=-1)"
_ASSIGN = "layer.kernel.assign(2 * random.random_sample(layer.kernel.shape) - 1)"
_FIT = "model.fit(EveryIteration(), verbose=0)"


def _slope(activation, a, z):
    """The registry's slope source, with this layer's names for its output a and sum z."""
    names = {"a": a, "z": z}
    return re.sub(r"\b[az]\b", lambda m: names[m[0]], ACTIVATIONS[activation].slope_source)


def export_keras(trainer_or_config, table=None, iterations=None):
    """Keras 3 source that builds, trains and prints the same network as the ``Trainer``.

    Give a ``Trainer`` (its table and iteration count are the defaults) or a ``Config``
    with a ``table`` and ``iterations``. Runs on any Keras 3 backend, in float64.
    """
    config, table, iterations = _resolve(trainer_or_config, table, iterations)
    sizes = config.layer_sizes(table.n_inputs, table.n_outputs)
    squared = config.loss == "squared"
    layers = "\n".join(f"    {_dense(config, n, last=i == len(sizes) - 2)},"
                       for i, n in enumerate(sizes[1:]))
    script = _HEADER.format(
        sizes=list(sizes), activation=config.activation,
        loss="squared" if squared else "cross-entropy",
        learning_rate=repr(config.learning_rate), bias=config.bias, seed=config.seed,
        iterations=iterations, float64=_FLOAT64, inputs=_literal(table.inputs),
        targets=_literal(table.targets), n_inputs=table.n_inputs,
        plus_bias=" + bias" if config.bias else "",
        logits_note="" if squared else (
            "\n# The last layer gives z without the sigmoid: the loss applies it (from logits)."),
        layers=layers, random=_random(config), assign=_ASSIGN)
    if squared:
        script += _SQUARED.format(squared_loss=_SQUARED_LOSS)
    else:
        script += _CROSS_ENTROPY.format(cross_entropy_loss=_CROSS_ENTROPY_LOSS)
    return script + _TRAIN.format(sgd=_sgd(config), steps_per_execution=_STEPS_PER_EXECUTION,
                                  fit=_FIT)


def keras_lines(trainer_or_config, table=None):
    """The numpy update beside the Keras code that does the same, for a page to show.

    A list of ``(numpy lines, Keras lines, explanation key)``; lines are joined by newlines.
    Layer sizes are the table's (a ``Trainer`` brings its own table).
    """
    config, table, _ = _resolve(trainer_or_config, table, 0)
    sizes = config.layer_sizes(table.n_inputs, table.n_outputs)
    n = len(sizes) - 1
    squared = config.loss == "squared"
    # Names for layer k = 1..n (it reads a(k - 1), the table's inputs for k = 1).
    one = n == 1
    w = lambda k: "weights" if one else f"weights[{k - 1}]"  # noqa: E731
    b = lambda k: "biases" if one else f"biases[{k - 1}]"  # noqa: E731
    z = lambda k: "z" if one else f"z{k}"  # noqa: E731
    d = lambda k: "delta" if one else f"delta{k}"  # noqa: E731
    a = lambda k: "inputs" if k == 0 else "output" if k == n else f"a{k}"  # noqa: E731

    draws = [f"{w(k)} = 2 * random.random(({sizes[k - 1]}, {sizes[k]})) - 1"
             for k in range(1, n + 1)]
    if config.bias:
        draws += [f"{b(k)} = zeros({sizes[k]})" for k in range(1, n + 1)]
    lines = [
        ("inputs = array(table, dtype=float)", _FLOAT64, "keras_float64"),
        ("\n".join([f"random.seed({config.seed})", *draws]),
         "\n".join([_random(config), "for layer in model.layers:", f"    {_ASSIGN}"]),
         "keras_initial"),
    ]
    for k in range(1, n + 1):
        total = f"{z(k)} = {a(k - 1)} @ {w(k)}" + (f" + {b(k)}" if config.bias else "")
        act = "sigmoid" if k == n else config.activation
        key = "keras_logits" if k == n and not squared else "keras_dense"
        lines.append((f"{total}\n{a(k)} = {act}({z(k)})", _dense(config, sizes[k], k == n), key))
    if squared:
        lines.append((f"errors = targets - output\n{d(n)} = errors * output * (1 - output)",
                      _SQUARED_LOSS.removeprefix("return ") + '\nreduction="sum"',
                      "keras_loss_squared"))
    else:
        lines.append((f"errors = targets - output\n{d(n)} = errors",
                      _CROSS_ENTROPY_LOSS.removeprefix("return ") + '\nreduction="sum"',
                      "keras_loss_cross_entropy"))
    for k in range(n - 1, 0, -1):
        slope = _slope(config.activation, a(k), z(k))
        lines.append((f"{d(k)} = ({d(k + 1)} @ {w(k + 1)}.T) * {slope}",
                      "# automatic: Keras differentiates the loss", "keras_backprop"))
    step = [f"{w(k)} += learning_rate * {a(k - 1)}.T @ {d(k)}" for k in range(1, n + 1)]
    if config.bias:
        step += [f"{b(k)} += learning_rate * {d(k)}.sum(axis=0)" for k in range(1, n + 1)]
    lines.append(("\n".join(step), _sgd(config), "keras_sgd"))
    lines.append(("for iteration in range(iterations):", _FIT, "keras_iterations"))
    return lines


def _resolve(trainer_or_config, table, iterations):
    if isinstance(trainer_or_config, Trainer):
        trainer = trainer_or_config
        config = trainer.config
        table = trainer.table if table is None else table
        iterations = trainer.iteration if iterations is None else iterations
    elif isinstance(trainer_or_config, Config):
        config = trainer_or_config
        if iterations is None:
            raise ConfigError("give the number of iterations with a Config", "iterations")
    else:
        raise ConfigError("export needs a neuron.Trainer or a neuron.Config", "config")
    if not isinstance(table, Table):
        raise TableError("table must be a neuron.Table", "not_a_table")
    if isinstance(iterations, bool) or not isinstance(iterations, Integral) or iterations < 0:
        raise ConfigError(f"the number of iterations must be a whole number ≥ 0, not "
                          f"{iterations!r}", "iterations", value=iterations)
    defaults = {f.name: f.default for f in fields(config)}
    for name in _NOT_YET:
        value = getattr(config, name, defaults.get(name))
        if name in defaults and value != defaults[name]:
            raise ConfigError(f"the Keras export does not support {name} yet "
                              f"({name}={value!r}; the default is {defaults[name]!r})",
                              name, value=value)
    return config, table, int(iterations)


def _dense(config, n, last):
    bias = f"use_bias={config.bias}"
    if not last:
        return f'keras.layers.Dense({n}, activation="{config.activation}", {bias})'
    if config.loss == "squared":
        return f'keras.layers.Dense({n}, activation="sigmoid", {bias})'
    return f"keras.layers.Dense({n}, {bias})"


def _random(config):
    return f"random = np.random.RandomState({config.seed})"


def _sgd(config):
    return f"keras.optimizers.SGD(learning_rate={config.learning_rate!r}, momentum=0.0)"


def _literal(matrix):
    return "[" + ", ".join("[" + ", ".join(format_number(v) for v in row) + "]"
                           for row in matrix) + "]"
