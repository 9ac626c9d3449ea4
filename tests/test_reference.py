"""The trainer, bit for bit, against the update written out here as a plain numpy loop.

The loop is the textbook algorithm with the article's expressions, one run at a time;
it shares no code with ``neuron.network``, only the definitions of which rows an
iteration uses (``neuron.rows``). Its floating-point operations are the trainer's, in the
same order, so every weight, loss, record and sweep must come out equal, not merely
close (``np.array_equal``): a faster trainer that rounds differently fails here.
"""

from dataclasses import fields, replace

import numpy as np
import pytest

from neuron import Config, Table, Trainer, datasets, presets, sweep
from neuron.rows import epoch_order, split

OUTPUT = (lambda z: 1 / (1 + np.exp(-z)), lambda a, z: a * (1 - a))
ACTIVATIONS = {
    "sigmoid": OUTPUT,
    "tanh": (np.tanh, lambda a, z: 1 - a * a),
    "relu": (lambda z: np.maximum(z, 0.0), lambda a, z: (z > 0).astype(float)),
}
DELTAS = {"squared": lambda errors, out: errors * out * (1 - out),
          "cross_entropy": lambda errors, out: errors}
TERMS = {"squared": lambda t, z, out: (t - out) ** 2,
         "cross_entropy": lambda t, z, out: np.logaddexp(0, z) - t * z}
GRADIENTS = {"l1": np.sign, "l2": lambda w: w}


class Loop:
    """One run of the update, written out: weights ``ws``, biases ``bs`` (zeros without bias)."""

    def __init__(self, config, table):
        self.c = config
        sizes = config.layer_sizes(table.n_inputs, table.n_outputs)
        rng = np.random.RandomState(config.seed)
        self.ws = [2 * rng.random_sample(shape) - 1 for shape in zip(sizes[:-1], sizes[1:])]
        self.bs = [np.zeros(n) for n in sizes[1:]]
        self.table = table
        self.train, self.test = split(config.data_seed, table.n_rows, config.test_fraction)
        rows = self.train if len(self.test) else slice(None)
        self.X, self.Y = table.inputs[rows], table.targets[rows]

    def forward(self, X):
        zs, acts = [], [X]
        for layer, (w, b) in enumerate(zip(self.ws, self.bs)):
            z = acts[-1].dot(w)
            if self.c.bias:
                z = z + b
            last = layer == len(self.ws) - 1
            zs.append(z)
            acts.append((OUTPUT if last else ACTIVATIONS[self.c.activation])[0](z))
        return zs, acts

    def loss(self, X=None, Y=None):
        X, Y = (self.X, self.Y) if X is None else (X, Y)
        z = self.forward(X)[0][-1]
        return TERMS[self.c.loss](Y, z, OUTPUT[0](z)).sum() / Y.size

    def finite(self):
        ok = all(np.isfinite(w).all() for w in self.ws + self.bs) and np.isfinite(self.loss())
        return ok and (not len(self.test) or np.isfinite(
            self.loss(self.table.inputs, self.table.targets)))

    def rows(self, iteration):
        size, n = self.c.batch_size, len(self.X)
        if size is None or size >= n:
            return np.arange(n)
        epoch, j = divmod(iteration, -(-n // size))
        return epoch_order(self.c.seed, epoch, n)[j * size:(j + 1) * size]

    def update(self, iteration):
        """One update; returns its terms, layer by layer, for comparing with a StepRecord."""
        c, rate, ws = self.c, self.c.learning_rate, self.ws
        rows = self.rows(iteration)
        X, Y = self.X[rows], self.Y[rows]
        zs, acts = self.forward(X)
        errors = Y - acts[-1]
        deltas = [DELTAS[c.loss](errors, acts[-1])]
        received = [errors]
        for layer in range(len(ws) - 1, 0, -1):
            r = deltas[0].dot(ws[layer].T)
            received.insert(0, r)
            deltas.insert(0, r * ACTIVATIONS[c.activation][1](acts[layer], zs[layer - 1]))
        adjustments, bias_adjustments = [], []
        for a, d, w, b in zip(acts, deltas, ws, self.bs):
            adjustment = a.T.dot(d)
            if c.regularization != "none" and c.regularization_rate:
                adjustment = adjustment - c.regularization_rate * GRADIENTS[c.regularization](w)
            adjustment = adjustment * rate
            w += adjustment
            adjustments.append(adjustment)
            if c.bias:
                bias_adjustments.append(d.sum(axis=0) * rate)
                b += bias_adjustments[-1]
        return dict(rows=rows, z=zs, activations=acts[1:], received=received, deltas=deltas,
                    adjustments=adjustments, bias_adjustments=bias_adjustments, errors=errors)

    def params(self):
        return np.concatenate([p.ravel() for w, b in zip(self.ws, self.bs) for p in (w, b)])

    def run(self, n):
        """(iterations, params, loss) of every state up to n, stopping where a state would
        not be finite (as the trainer does)."""
        states = [(0, self.params(), self.loss())]
        for i in range(n):
            before = [p.copy() for p in self.ws + self.bs]
            self.update(i)
            if not self.finite():
                self.ws[:], self.bs[:] = before[:len(self.ws)], before[len(self.ws):]
                break
            states.append((i + 1, self.params(), self.loss()))
        return states


BIG = Table([[1e6, 1e6], [-1e6, 1e6], [1e6, -1e6], [-1e6, -1e6], [3e5, -2e5], [1e5, 7e5]],
            [0.5, 0, 1, 0.5, 1, 0])
CIRCLE = datasets.get("circle", points=200)
CASES = [
    *[(Config(hidden=(3,), activation=act, loss=loss, bias=bias), "xor3", 300)
      for act in ("sigmoid", "tanh", "relu") for loss in ("squared", "cross_entropy")
      for bias in (False, True)],
    (Config(), "seed", 1_200),
    (Config(hidden=(4,)), "xor3", 600),
    (Config(hidden=(4, 2), bias=True, learning_rate=0.03, batch_size=10), CIRCLE, 400),
    (Config(hidden=(4, 2), bias=True, learning_rate=0.03, batch_size=10, test_fraction=0.5),
     CIRCLE, 400),
    # arrays too big for an update to keep (KEEP_FLOATS): each update allocates its own
    (Config(hidden=(4, 2), bias=True, learning_rate=0.03), datasets.get("circle", points=1_000),
     30),
    (Config(hidden=(3,), bias=True, batch_size=3, regularization="l1",
            regularization_rate=0.01), "majority", 400),
    (Config(regularization="l2", regularization_rate=0.1, learning_rate=0.3, bias=True),
     "half_adder", 300),
    (Config(hidden=(2, 2, 2), activation="tanh", regularization="l1", regularization_rate=0.02),
     "half_adder", 300),
    (Config(hidden=(3,), test_fraction=0.3, seed=4), "majority", 300),
    (Config(batch_size=1, learning_rate=2.0), "xor", 300),
    # these diverge: relu with cross-entropy on inputs of 1e6
    (Config(hidden=(2,), activation="relu", loss="cross_entropy", bias=True, seed=0,
            learning_rate=100.0), BIG, 100),
    (Config(hidden=(2,), activation="relu", loss="cross_entropy", bias=True, seed=3,
            batch_size=1, test_fraction=0.5, learning_rate=100.0), BIG, 100),
]
IDS = [f"case{i}" for i in range(len(CASES))]


def _table(table):
    return presets.get(table) if isinstance(table, str) else table


@pytest.mark.parametrize(("config", "table", "n"), CASES, ids=IDS)
def test_run_is_the_loop_bit_for_bit(config, table, n):
    table = _table(table)
    with np.errstate(all="ignore"):
        want = Loop(config, table).run(n)
    trainer = Trainer(config, table).run(n, record_every=1 if config.batch_size else None)
    its, params, loss = (np.array(column) for column in zip(*want))
    assert trainer.iteration == its[-1] and trainer.diverged == (its[-1] < n)
    assert np.array_equal(trainer.params, params[-1])
    assert trainer.loss() == loss[-1]
    assert np.array_equal(trainer.history.iterations, its)
    assert np.array_equal(trainer.history.params, params)
    assert np.array_equal(trainer.history.loss, loss)


@pytest.mark.parametrize(("config", "table", "n"), CASES, ids=IDS)
def test_each_step_records_the_loops_terms(config, table, n):
    table = _table(table)
    loop, trainer = Loop(config, table), Trainer(config, table)
    for i in range(min(n, 30)):
        with np.errstate(all="ignore"):
            want = loop.update(i)
            finite = loop.finite()
        record = trainer.step()
        if not finite:
            assert record is None
            return
        assert np.array_equal(record.rows, trainer.train_rows[want["rows"]])
        assert np.array_equal(record.errors, want["errors"])
        for name in ("z", "activations", "received", "deltas", "adjustments"):
            got = getattr(record, name)
            assert len(got) == len(want[name]) and all(
                np.array_equal(g, w) for g, w in zip(got, want[name])), name
        if config.bias:
            assert all(np.array_equal(g, w) for g, w in
                       zip(record.bias_adjustments, want["bias_adjustments"]))
        assert np.array_equal(trainer.params, loop.params())


@pytest.mark.parametrize(("config", "table", "n"), CASES[::3], ids=IDS[::3])
def test_a_sweep_is_the_loop_per_run_bit_for_bit(config, table, n):
    table = _table(table)
    result = sweep(config, table, n, seeds=[0, 5], learning_rates=[config.learning_rate, 0.3])
    for r in range(len(result)):
        own = replace(config, seed=int(result.seeds[r]),
                      learning_rate=float(result.learning_rates[r]))
        loop = Loop(own, table)
        with np.errstate(all="ignore"):
            states = loop.run(n)
            predictions = loop.forward(table.inputs)[1][-1]
        its, _, loss = (np.array(column) for column in zip(*states))
        assert result.trained[r] == its[-1] and result.diverged[r] == (its[-1] < n)
        assert np.array_equal(result.predictions[r], predictions)
        assert np.array_equal(result.loss[r], loss[np.minimum(result.iterations, its[-1])])


def test_a_long_sweep_keeps_every_few_states_bit_for_bit():
    # past sweep's MAX_POINTS a loss curve keeps one state in a few: only theirs is computed
    config, table = Config(hidden=(2,)), presets.get("xor")
    result = sweep(config, table, 2_500, seeds=[0, 1])
    assert result.iterations[1] > 1 and result.iterations[-1] == 2_500
    for r in range(2):
        with np.errstate(all="ignore"):
            states = Loop(replace(config, seed=int(result.seeds[r])), table).run(2_500)
        loss = np.array([state[2] for state in states])
        assert np.array_equal(result.loss[r], loss[result.iterations])
        assert result.final_loss[r] == loss[-1]


def test_the_cases_cover_every_setting():
    seen = {f.name: {getattr(c, f.name) for c, _, _ in CASES} for f in fields(Config)}
    assert seen["activation"] == {"sigmoid", "tanh", "relu"}
    assert seen["loss"] == {"squared", "cross_entropy"}
    assert seen["bias"] == {False, True}
    assert seen["regularization"] == {"none", "l1", "l2"}
    assert {None, 1, 3, 10} <= seen["batch_size"]
    assert len(seen["test_fraction"]) > 1 and len(seen["hidden"]) > 3
