"""A standalone numpy script that reproduces a configuration, to take home, and the
weights with their history as JSON."""

import json
from dataclasses import fields
from inspect import getsource

from .activations import ACTIVATIONS, OUTPUT
from .config import unexported
from .errors import ConfigError
from .losses import LOSSES, PENALTIES
from .number_text import format_number
from .rows import epoch_order, mix, split
from .trainer import batches_of, checked_schedule

_BATCHES = '''

# Each epoch takes the rows in an order shuffled afresh (the same as Neuron Lab's):
# iteration i uses slice i mod {per_epoch} of epoch i // {per_epoch}'s order.
{mix}

{epoch_order}

def batch_rows(iteration):
    epoch, j = divmod(iteration, {per_epoch})
    return epoch_order(seed, epoch, len(inputs))[j * {size}:(j + 1) * {size}]
'''

_ARTICLE = '''\
# The article's neuron, as exported by Neuron Lab.
from numpy import array, dot, exp, random

inputs = array({inputs})
targets = array({targets})
random.seed({seed})
weights = 2 * random.random(({n_in}, 1)) - 1
for iteration in range({iterations}):
    output = 1 / (1 + exp(-dot(inputs, weights)))
    weights += dot(inputs.T, (targets - output) * output * (1 - output))
for row in inputs:
    print(row, 1 / (1 + exp(-dot(row, weights))))
'''

_GENERAL = '''\
# A dense network trained as in the article (updates summed over rows), exported by
# Neuron Lab. Layers: {sizes}; hidden activation {activation}; {loss} loss; bias {bias};
# seed {seed}; {batch}; learning rate {learning_rate};
# regularization {regularization}; {iterations} iterations.
# Training stops, as Neuron Lab's does, before an update that leaves a weight or the
# loss infinite or not a number, and keeps the last finite weights.
import numpy as np

np.seterr(all="ignore")  # exp and sums may overflow to inf: checked after every update
{data_lines}sizes = {sizes}
learning_rates = {learning_rates}  # iteration: the learning rate from then on
use_bias = {bias}
seed = {seed}


{activation_defs}
{batch_defs}

random = np.random.RandomState(seed)
weights = [2 * random.random_sample((n_in, n_out)) - 1 for n_in, n_out in zip(sizes, sizes[1:])]
biases = [np.zeros(n_out) for n_out in sizes[1:]]


def forward(x):
    zs, acts = [], [x]
    for layer, (w, b) in enumerate(zip(weights, biases)):
        z = acts[-1] @ w
        if use_bias:
            z += b
        zs.append(z)
        acts.append(sigmoid(z) if layer == len(weights) - 1 else {activation}(z))
    return zs, acts


def loss(z, output, targets):
    return np.mean({loss_terms})


def finite():
    """Every weight and bias finite, and the loss on {checked_rows}."""
    if not all(np.isfinite(p).all() for p in weights + biases):
        return False
    for x, y in {checked}:
        zs, acts = forward(x)
        if not np.isfinite(loss(zs[-1], acts[-1], y)):
            return False
    return True


zs, acts = forward(inputs)
learning_rate = learning_rates[0]
for iteration in range({iterations}):
    learning_rate = learning_rates.get(iteration, learning_rate)
{batch_lines}    output = acts[-1]
    errors = {targets_used} - output
    delta = {output_delta}
    deltas = [delta]
    for layer in range(len(weights) - 1, 0, -1):
        delta = (delta @ weights[layer].T) * {activation}_slope(acts[layer], zs[layer - 1])
        deltas.append(delta)
    deltas.reverse()
    saved = [w.copy() for w in weights], [b.copy() for b in biases]
    for layer, (a, d) in enumerate(zip(acts, deltas)):
        adjustment = a.T @ d
{penalty_lines}        weights[layer] += learning_rate * adjustment
        if use_bias:
            biases[layer] += learning_rate * d.sum(axis=0)
    zs, acts = forward(inputs)
    if not finite():
        weights, biases = saved
        zs, acts = forward(inputs)
        print(f"Training diverged: stopped after {{iteration}} iterations, as Neuron Lab does.")
        break

for row, output in zip({all_inputs}, forward({all_inputs})[1][-1]):
    print(row, output)
'''



def export_script(config, table, iterations, schedule=()):
    """Python 3 + numpy source that trains ``config`` on ``table`` for ``iterations``
    and prints the final output for every row of the table, the numbers Neuron Lab shows.
    ``schedule`` is the learning rate's changes, as ``Trainer.schedule`` gives them.
    Raises ConfigError naming the settings it cannot reproduce yet (``unsupported``)."""
    refused = unsupported(config)
    if refused:
        raise ConfigError(f"the script does not support {', '.join(refused)} yet",
                          refused[0], value=refused)
    iterations = int(iterations)
    schedule = checked_schedule(config, iterations, schedule)
    train, test = split(config.data_seed, table.n_rows, config.test_fraction)
    batches = batches_of(config, len(train))
    if short_applies(config) and len(schedule) == 1 and table.n_outputs == 1:
        return _ARTICLE.format(inputs=literal(table.inputs), targets=literal(table.targets),
                               seed=config.seed, n_in=table.n_inputs, iterations=iterations)
    hidden, loss = ACTIVATIONS[config.activation], LOSSES[config.loss]
    defs = [_definition(OUTPUT.name, "z", OUTPUT.output_source)
            + "  # exp overflows to inf for z < -709: the limit, 0"]
    if hidden is not OUTPUT:
        defs.append(_definition(hidden.name, "z", hidden.output_source))
    defs.append(_definition(f"{hidden.name}_slope", "a, z", hidden.slope_source))
    penalty = PENALTIES.get(config.regularization) if config.regularization_rate else None
    return _GENERAL.format(
        sizes=list(config.layer_sizes(table.n_inputs, table.n_outputs)),
        activation=hidden.name, activation_defs="\n\n\n".join(defs),
        loss=loss.name.replace("_", "-"), output_delta=loss.delta_source,
        loss_terms=loss.terms_source,
        learning_rate=repr(config.learning_rate) if len(schedule) == 1 else "as scheduled",
        learning_rates="{" + ", ".join(f"{at}: {lr!r}" for at, lr in schedule) + "}",
        bias=config.bias, seed=config.seed, iterations=iterations,
        data_lines=_data_lines(table, train, test),
        all_inputs="table_inputs" if len(test) else "inputs",
        checked_rows="the training rows and the whole table" if len(test) else "every row",
        checked="[(inputs, targets), (table_inputs, table_targets)]" if len(test) else
        "[(inputs, targets)]",
        **_batch_parts(batches),
        regularization=(f"{penalty.name} at rate {config.regularization_rate!r} (weights only)"
                        if penalty else "none"),
        penalty_lines="" if penalty is None else (
            "        w = weights[layer]\n"
            f"        adjustment -= {config.regularization_rate!r} * {penalty.gradient_source}\n"))


def unsupported(config):
    """The Config fields set away from their defaults that the script cannot reproduce."""
    return unexported(config, "script")


def short_applies(config):
    """Whether the article's nine lines train ``config``: every field they leave out is at
    its default (the fields' ``article`` metadata)."""
    return all(getattr(config, f.name) == f.default for f in fields(config)
               if f.metadata.get("article", True))


def _data_lines(table, train, test):
    inputs, targets = literal(table.inputs), literal(table.targets)
    if not len(test):
        return (f"inputs = np.array({inputs}, dtype=float)\n"
                f"targets = np.array({targets}, dtype=float)\n")
    return (f"table_inputs = np.array({inputs}, dtype=float)\n"
            f"table_targets = np.array({targets}, dtype=float)\n"
            f"test_rows = {test.tolist()}  # held out: training never uses them\n"
            f"train_rows = {train.tolist()}\n"
            "inputs, targets = table_inputs[train_rows], table_targets[train_rows]\n")


def _batch_parts(batches):
    if batches is None:
        return dict(batch="every row per update", batch_defs="", batch_lines="",
                    targets_used="targets")
    return dict(
        batch=f"batches of {batches.size} rows, shuffled each epoch",
        batch_defs=batch_definitions(batches),
        batch_lines="    rows = batch_rows(iteration)\n    zs, acts = forward(inputs[rows])\n",
        targets_used="targets[rows]")


def batch_definitions(batches):
    """Source of ``batch_rows(iteration)``: the rows of each iteration's batch, as the Trainer
    takes them (its ``Batches``)."""
    return _BATCHES.format(mix=getsource(mix), epoch_order=getsource(epoch_order),
                           per_epoch=batches.per_epoch, size=batches.size)


def _definition(name, args, expression):
    return f"def {name}({args}):\n    return {expression}"


def literal(matrix):
    return "[" + ", ".join("[" + ", ".join(format_number(v) for v in row) + "]"
                           for row in matrix) + "]"


def weights_json(trainer, progress=None):
    """The configuration, table, current weights and history, as JSON text (``progress``:
    for neuron/work.py, which runs it in a worker)."""
    history = trainer.history
    c = trainer.config
    return json.dumps({
        "config": {"hidden": list(c.hidden), "activation": c.activation, "loss": c.loss,
                   "learning_rate": c.learning_rate, "bias": c.bias, "seed": c.seed},
        "table": {"input_names": list(trainer.table.input_names),
                  "target_names": list(trainer.table.target_names),
                  "inputs": trainer.table.inputs.tolist(),
                  "targets": trainer.table.targets.tolist()},
        "iteration": trainer.iteration,
        "loss": trainer.loss(),
        "weights": [w.tolist() for w in trainer.weights],
        "biases": [b.tolist() for b in trainer.biases],
        "history": {"iterations": history.iterations.tolist(),
                    "loss": history.loss.tolist(),
                    "parameters": trainer.layout.labels(trainer.table.input_names,
                                                        trainer.table.target_names),
                    "values": history.params.tolist()},
    })
