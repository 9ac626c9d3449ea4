"""The same network in Keras 3: a standalone script, and the numpy and Keras lines side by side.

Keras' defaults differ from the article's in three places, each set in the script: float32
(it sets float64), a loss averaged over rows (the article's update is the gradient of a sum:
``reduction="sum"``, and ½ in the squared error), and about 0.1 s of bookkeeping per epoch
(one epoch of ``iterations`` batches is the same updates). Batches come in the page's order
(the same hash), regularisation is each Dense layer's ``kernel_regularizer``, held-out rows
are left out of the training data, and learning-rate changes are a schedule.
Nothing here imports Keras: the script names it as its dependency.
"""

import re
from dataclasses import dataclass
from numbers import Integral

from .activations import ACTIVATIONS
from .config import Config, unexported
from .errors import ConfigError, TableError
from .export import batch_definitions, literal
from .losses import PENALTIES
from .table import Table
from .trainer import Trainer, batches_of, checked_schedule


@dataclass(frozen=True)
class _Plan:
    """What the script trains on: the Trainer's training and test rows, its batches, and
    the learning rate's changes."""

    train_rows: object
    test_rows: object
    table: Table
    batches: object
    schedule: tuple

_STEPS_PER_EXECUTION = 1000

_HEADER = '''\
# A dense network trained as in the article, in Keras 3, exported by Neuron Lab.
# Needs Keras 3 and one backend:  pip install keras tensorflow-cpu   (or jax, or torch;
# the KERAS_BACKEND environment variable picks it, TensorFlow by default). Float64 holds on
# TensorFlow and JAX; Keras 3.15's PyTorch backend computes Dense layers in float32.
# Layers {sizes}; hidden activation {activation}; {loss} loss; bias {bias}; seed {seed};
# learning rate {learning_rate};
# {batch}; regularization {regularization}; {held_out}; {iterations} iterations.
import json
import os

os.environ.setdefault("JAX_ENABLE_X64", "1")  # JAX's float64 needs this before the import

import keras
import numpy as np
from keras import ops

{float64}  # as numpy; Keras' default is float32

{data_lines}iterations = {iterations}
seed = {seed}
{batch_defs}
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

_LOSS = '''\
# Steps 3 and 4 (the error, how much to adjust): {about}
class {name}(keras.losses.Loss):
    def call(self, y, {output}):
        {body}


loss = {name}(reduction="sum")


def predict(rows):
    return {predict}


'''

_TRAIN = '''\
# Step 5 (new weight = old weight + adjustment): plain gradient descent,
# weights -= learning_rate * gradient, no momentum.
# steps_per_execution: updates per call into the backend (the same updates, fewer trips);
# the PyTorch backend accepts only 1.
{schedule}model.compile(optimizer={sgd}, loss=loss,
              steps_per_execution=1 if keras.backend.backend() == "torch" else {steps_per_execution})


# {iteration_note} model.fit(inputs, targets, ...) would
# train the same, slowly: one epoch of `iterations` batches is the same updates.
class EveryIteration(keras.utils.PyDataset):
    def __len__(self):
        return iterations

    def __getitem__(self, index):
        {batch}


if iterations > 0:  # Keras refuses an empty epoch; shuffle=False keeps the page's order
    {fit}

# The output for every row, as the article prints it, then every number in full precision.
outputs = predict({all_inputs})
for row, output in zip({all_inputs}, outputs):
    print(row, output)
print("outputs:", json.dumps(outputs.tolist()))
print("weights:", json.dumps([[w.tolist() for w in layer.get_weights()] for layer in model.layers]))
'''

_ASK = '''print("ask:", predict(np.array([[{row}]], dtype="float64")))  # the row the page asks about
'''

# Each iteration's rows, and what the script says of them
_EVERY_ROW = "return inputs, targets"
_BATCH = "rows = batch_rows(index)\n        return inputs[rows], targets[rows]"

_FLOAT64 = 'keras.config.set_floatx("float64")'
_SQUARED_LOSS = "return ops.sum(ops.square(y - output), axis=-1) / 2"
_CROSS_ENTROPY_LOSS = "return ops.sum(ops.softplus(z) - y * z, axis=-1)"
# The loss and predict() of the script, per loss (filled into _LOSS)
_LOSSES = {
    "squared": dict(
        name="HalfSquaredError", output="output", body=_SQUARED_LOSS,
        predict="model.predict(rows, verbose=0)", about="""the gradient of this loss is
# -(targets - output) * output * (1 - output) at the output, backpropagated by Keras through
# the layers. Half the squared error, summed over rows and outputs: Keras' usual mean would
# divide every adjustment by the number of rows."""),
    "cross_entropy": dict(
        name="CrossEntropy", output="z", body=_CROSS_ENTROPY_LOSS,
        predict="ops.convert_to_numpy(ops.sigmoid(model.predict(rows, verbose=0)))",
        about="""cross-entropy written from the last layer's
# weighted sum z, where it stays finite; its gradient is -(targets - sigmoid(z)) at the output,
# backpropagated by Keras through the layers. Summed over rows and outputs: Keras' usual mean
# would divide every adjustment by the number of rows."""),
}
_ASSIGN = "layer.kernel.assign(2 * random.random_sample(layer.kernel.shape) - 1)"
_FIT = "model.fit(EveryIteration(), shuffle=False, verbose=0)"


def export_keras(trainer_or_config, table=None, iterations=None, ask=None):
    """Keras 3 source that builds, trains and prints the same network as the ``Trainer``.

    Give a ``Trainer`` (its table, iteration count and learning-rate changes are the
    defaults) or a ``Config`` with a ``table`` and ``iterations``. ``ask``: a row of inputs
    whose output the script prints last. Runs on any Keras 3 backend, in float64.
    """
    config, table, iterations, schedule = _resolve(trainer_or_config, table, iterations)
    rows = Trainer(config, table)  # which rows train, and in which batches: the Trainer's
    trainer = _Plan(rows.train_rows, rows.test_rows, table,
                    batches_of(config, len(rows.train_rows)), schedule)
    sizes = config.layer_sizes(table.n_inputs, table.n_outputs)
    squared = config.loss == "squared"
    held_out = len(trainer.test_rows) > 0
    batches = trainer.batches
    several = len(schedule) > 1
    layers = "\n".join(f"    {_dense(config, n, last=i == len(sizes) - 2)},"
                       for i, n in enumerate(sizes[1:]))
    script = _HEADER.format(
        sizes=list(sizes), activation=config.activation,
        loss="squared" if squared else "cross-entropy",
        learning_rate=", then ".join(f"{lr!r} from iteration {at}" for at, lr in schedule)
        if several else repr(schedule[0][1]),
        bias=config.bias, seed=config.seed,
        batch="every row per update" if batches is None else
        f"batches of {batches.size} rows, shuffled each epoch",
        regularization=f"{config.regularization} at rate {config.regularization_rate!r} "
        "(weights only)" if _regularization(config) else "none",
        held_out=f"{len(trainer.test_rows)} rows held out" if held_out else "no rows held out",
        iterations=iterations, float64=_FLOAT64, data_lines=_data_lines(trainer),
        batch_defs="" if batches is None else batch_definitions(batches) + "\n",
        n_inputs=table.n_inputs,
        plus_bias=" + bias" if config.bias else "",
        logits_note="" if squared else (
            "\n# The last layer gives z without the sigmoid: the loss applies it (from logits)."),
        layers=layers, random=_random(config), assign=_ASSIGN)
    script += _LOSS.format(**_LOSSES[config.loss])
    script += _TRAIN.format(
        schedule=_schedule_lines(schedule), sgd=_sgd(schedule),
        steps_per_execution=_STEPS_PER_EXECUTION, fit=_FIT,
        iteration_note="One iteration is one update on the whole training table." if batches
        is None else f"One iteration is one update on a batch of {batches.size} training rows.",
        batch=_EVERY_ROW if batches is None else _BATCH,
        all_inputs="table_inputs" if held_out else "inputs")
    if ask is not None:
        script += _ASK.format(row=", ".join(repr(float(v)) for v in ask))
    return script


def unsupported(config):
    """The Config fields set away from their defaults that the Keras script cannot reproduce
    (their ``keras`` metadata is not true; a field declared without it is refused)."""
    return unexported(config, "keras")


def keras_lines(trainer_or_config, table=None):
    """The numpy update beside the Keras code that does the same, for a page to show.

    A list of ``(numpy lines, Keras lines, explanation key)``; lines are joined by newlines.
    Layer sizes are the table's (a ``Trainer`` brings its own table).
    """
    given = None if isinstance(trainer_or_config, Trainer) else 0
    config, table, _, schedule = _resolve(trainer_or_config, table, given)
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
        slope = _named(ACTIVATIONS[config.activation].slope_source, a=a(k), z=z(k))
        lines.append((f"{d(k)} = ({d(k + 1)} @ {w(k + 1)}.T) * {slope}",
                      "# automatic: Keras differentiates the loss", "keras_backprop"))
    step = [f"{w(k)} += learning_rate * {a(k - 1)}.T @ {d(k)}" for k in range(1, n + 1)]
    if config.bias:
        step += [f"{b(k)} += learning_rate * {d(k)}.sum(axis=0)" for k in range(1, n + 1)]
    regularizer = _regularization(config)
    if regularizer:
        penalty = PENALTIES[config.regularization]
        lines.append(("\n".join(
            f"adjustment{k} = {a(k - 1)}.T @ {d(k)} - {config.regularization_rate!r} * "
            f"{_named(penalty.gradient_source, w=w(k))}" for k in range(1, n + 1)),
            f"kernel_regularizer={regularizer}", f"keras_{penalty.name}"))
    lines.append(("\n".join(step), _schedule_lines(schedule) + _sgd(schedule), "keras_sgd"))
    batches = batches_of(config, len(Trainer(config, table).train_rows))
    if batches is None:
        lines.append(("for iteration in range(iterations):", _FIT, "keras_iterations"))
    else:
        lines.append(("for iteration in range(iterations):\n"
                      "    rows = batch_rows(iteration)  # inputs[rows], targets[rows]",
                      _BATCH.replace("        ", ""), "keras_batches"))
    return lines


def _named(expression, **names):
    """A registry's numpy expression with its variables renamed (``a`` to ``a1``...)."""
    return re.sub(r"\b[a-z]\b", lambda m: names.get(m.group(), m.group()), expression)


def _resolve(trainer_or_config, table, iterations):
    """(config, table, iterations, the learning rate's changes)."""
    if isinstance(trainer_or_config, Trainer):
        trainer = trainer_or_config
        table = trainer.table if table is None else table
        iterations = trainer.iteration if iterations is None else iterations
        config, schedule = trainer.config, trainer.schedule
    elif isinstance(trainer_or_config, Config):
        config, schedule = trainer_or_config, None
        if iterations is None:
            raise ConfigError("give the number of iterations with a Config", "iterations")
    else:
        raise ConfigError("export needs a neuron.Trainer or a neuron.Config", "config")
    if not isinstance(table, Table):
        raise TableError("table must be a neuron.Table", "not_a_table")
    if isinstance(iterations, bool) or not isinstance(iterations, Integral) or iterations < 0:
        raise ConfigError(f"the number of iterations must be a whole number ≥ 0, not "
                          f"{iterations!r}", "iterations", value=iterations)
    refused = unsupported(config)
    if refused:
        raise ConfigError(f"the Keras export does not support {', '.join(refused)} yet",
                          refused[0], value=refused)
    iterations = int(iterations)
    return config, table, iterations, checked_schedule(config, iterations, schedule or ())


def _data_lines(trainer):
    table = trainer.table
    inputs, targets = literal(table.inputs), literal(table.targets)
    if not len(trainer.test_rows):
        return (f'inputs = np.array({inputs}, dtype="float64")\n'
                f'targets = np.array({targets}, dtype="float64")\n')
    return (f'table_inputs = np.array({inputs}, dtype="float64")\n'
            f'table_targets = np.array({targets}, dtype="float64")\n'
            f"test_rows = {trainer.test_rows.tolist()}  # held out: training never uses them\n"
            f"train_rows = {trainer.train_rows.tolist()}\n"
            "inputs, targets = table_inputs[train_rows], table_targets[train_rows]\n")


def _regularization(config):
    """The Dense layers' kernel_regularizer, or None. Keras adds rate × Σ|w| (L1) or
    rate × Σw² (L2) to the loss; the page's L2 is rate × ½Σw²."""
    penalty = PENALTIES.get(config.regularization)
    if penalty is None or not config.regularization_rate:
        return None
    rate = config.regularization_rate
    factor = rate / 2 if penalty.name == "l2" else rate
    return f"keras.regularizers.{penalty.keras.upper()}({factor!r})"


def _dense(config, n, last):
    options = f"use_bias={config.bias}"
    regularizer = _regularization(config)
    if regularizer:
        options += f", kernel_regularizer={regularizer}"
    if not last:
        return f'keras.layers.Dense({n}, activation="{ACTIVATIONS[config.activation].keras}", '\
            f'{options})'
    if config.loss == "squared":
        return f'keras.layers.Dense({n}, activation="sigmoid", {options})'
    return f"keras.layers.Dense({n}, {options})"


def _random(config):
    return f"random = np.random.RandomState({config.seed})"


def _schedule_lines(schedule):
    """A learning rate that changed during training: a schedule by update count."""
    if len(schedule) == 1:
        return ""
    boundaries = [at - 1 for at, _ in schedule[1:]]  # updates 0..at-1 use the rate before
    rates = ", ".join(repr(lr) for _, lr in schedule)
    return ("# The learning rate changed during training: from update `at` on, the next rate.\n"
            "learning_rate = keras.optimizers.schedules.PiecewiseConstantDecay(\n"
            f"    boundaries={boundaries}, values=[np.float64(r) for r in [{rates}]])\n")


def _sgd(schedule):
    rate = "learning_rate" if len(schedule) > 1 else repr(schedule[0][1])
    return f"keras.optimizers.SGD(learning_rate={rate}, momentum=0.0)"
