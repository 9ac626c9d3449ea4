"""Many training runs at once: every seed x every learning rate, as one stacked computation."""

from dataclasses import dataclass, replace
from numbers import Integral

import numpy as np

from .activations import ACTIVATIONS
from .errors import ConfigError
from .trainer import Layout, initial_params, right

MAX_RUNS = 256
MAX_POINTS = 2_000  # loss points kept per run


@dataclass(frozen=True)
class SweepResult:
    """Run r used ``seeds[r]`` and ``learning_rates[r]``; ``loss[r]`` is its loss curve."""

    seeds: np.ndarray
    learning_rates: np.ndarray
    iterations: np.ndarray  # the iterations at which loss was recorded
    loss: np.ndarray  # runs x points
    predictions: np.ndarray  # runs x rows x outputs, after the last iteration
    final_loss: np.ndarray
    fits: np.ndarray  # every row's outputs round to its targets
    diverged: np.ndarray

    def __len__(self):
        return len(self.seeds)

    def __repr__(self):
        return (f"SweepResult({len(self)} runs, {int(self.fits.sum())} fit the table, "
                f"{int(self.iterations[-1])} iterations)")


def sweep(config, table, iterations, seeds=None, learning_rates=None):
    """Train one copy per (seed, learning rate) pair, all in the same stacked arrays.

    Each run starts exactly as ``Trainer(replace(config, seed=s, learning_rate=lr), table)``
    and follows the same update rule. A run that stops being finite is frozen at its
    last finite checkpoint and marked ``diverged``.
    """
    if isinstance(iterations, bool) or not isinstance(iterations, Integral) or iterations < 0:
        raise ConfigError(f"iterations must be a whole number ≥ 0, not {iterations!r}",
                          "iterations", value=iterations)
    seeds = [config.seed] if seeds is None else list(seeds)
    rates = [config.learning_rate] if learning_rates is None else list(learning_rates)
    if not seeds or not rates or len(seeds) * len(rates) > MAX_RUNS:
        raise ConfigError(f"a sweep needs 1 to {MAX_RUNS} runs", "runs",
                          value=len(seeds) * len(rates))
    runs = [replace(config, seed=s, learning_rate=lr) for s in seeds for lr in rates]
    return _Sweep(runs, table).train(int(iterations))


class _Sweep:
    def __init__(self, configs, table):
        self.config = configs[0]
        self.layout = Layout(self.config.layer_sizes(table.n_inputs, table.n_outputs))
        self.hidden = ACTIVATIONS[self.config.activation]
        self.output = ACTIVATIONS["sigmoid"]
        self.table = table
        self.seeds = np.array([c.seed for c in configs], dtype=np.int64)
        self.rates = np.array([c.learning_rate for c in configs])
        self.step_rates = self.rates.copy()  # 0 for a run frozen after diverging
        self.params = np.stack([initial_params(self.layout, c.seed) for c in configs])
        self.weights = self.layout.weights(self.params)
        self.biases = self.layout.biases(self.params)

    def forward(self):
        a = self.table.inputs[None]
        zs, acts = [], [a]
        last = len(self.weights) - 1
        for layer, (w, b) in enumerate(zip(self.weights, self.biases)):
            z = a @ w
            if self.config.bias:
                z += b[:, None, :]
            a = (self.output if layer == last else self.hidden).output(z)
            zs.append(z)
            acts.append(a)
        return zs, acts

    def loss(self, zs, acts):
        y = self.table.targets
        if self.config.loss == "squared":
            e = (y - acts[-1]).reshape(len(self.params), -1)
            return (e * e).sum(axis=1) / e.shape[1]
        z = zs[-1]
        ce = (np.logaddexp(0, z) - y * z).reshape(len(self.params), -1)
        return ce.sum(axis=1) / ce.shape[1]

    def update(self, zs, acts):
        out = acts[-1]
        errors = self.table.targets - out
        if self.config.loss == "squared":
            delta = errors * out
            delta *= 1 - out
        else:
            delta = errors
        deltas = [delta]
        for layer in range(len(self.weights) - 1, 0, -1):
            slope = self.hidden.slope(acts[layer], zs[layer - 1])
            delta = (delta @ np.swapaxes(self.weights[layer], 1, 2)) * slope
            deltas.append(delta)
        deltas.reverse()
        rate = self.step_rates
        for w, b, a, d in zip(self.weights, self.biases, acts, deltas):
            w += rate[:, None, None] * (np.swapaxes(a, 1, 2) @ d)
            if self.config.bias:
                b += rate[:, None] * d.sum(axis=1)

    def train(self, iterations):
        stride = max(1, -(-iterations // MAX_POINTS))
        points = list(range(0, iterations + 1, stride))
        if points[-1] != iterations:
            points.append(iterations)
        n = len(self.params)
        loss = np.empty((n, len(points)))
        active = np.ones(n, dtype=bool)
        checkpoint = self.params.copy()
        p = 0
        with np.errstate(all="ignore"):
            for done in range(iterations + 1):
                # the forward pass of the next update is also the loss at this iteration
                zs, acts = self.forward()
                if done == points[p]:
                    current = self.loss(zs, acts)
                    bad = active & ~(np.isfinite(current) & np.isfinite(self.params).all(axis=1))
                    if bad.any():
                        self.params[bad] = checkpoint[bad]
                        active &= ~bad
                        self.step_rates[bad] = 0.0  # frozen at its last finite checkpoint
                        zs, acts = self.forward()
                        current = self.loss(zs, acts)
                    checkpoint[active] = self.params[active]
                    loss[:, p] = current
                    p += 1
                if done < iterations:
                    self.update(zs, acts)
            predictions = acts[-1]
        targets = self.table.targets
        fits = right(predictions, targets).all(axis=(1, 2))
        return SweepResult(self.seeds, self.rates, np.array(points), loss, predictions,
                           loss[:, -1].copy(), fits, ~active)

