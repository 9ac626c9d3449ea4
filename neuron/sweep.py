"""Many training runs at once: every seed x every learning rate, as one stacked computation."""

from dataclasses import dataclass, replace
from numbers import Integral

import numpy as np

from .errors import ConfigError
from .network import Layout, Network, initial_params, right, right_within
from .rows import split
from .trainer import batches_of

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
    trained: np.ndarray  # iterations each run trained: where a diverged run stopped

    def __len__(self):
        return len(self.seeds)

    def __repr__(self):
        return (f"SweepResult({len(self)} runs, {int(self.fits.sum())} fit the table, "
                f"{int(self.iterations[-1])} iterations)")


def sweep(config, table, iterations, seeds=None, learning_rates=None, progress=None):
    """Train one copy per (seed, learning rate) pair, all in the same stacked arrays.

    Each run starts exactly as ``Trainer(replace(config, seed=s, learning_rate=lr), table)``
    and runs the same update code. A run that stops being finite is frozen where its
    Trainer would stop (its last state with finite parameters and loss) and marked
    ``diverged``; ``trained`` says at which iteration. ``progress(fraction)``, if given, is
    called after every chunk of iterations (neuron/work.py cancels a job through it).
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
    return _Sweep(runs, table).train(int(iterations), progress)


class _Sweep:
    def __init__(self, configs, table):
        config = configs[0]
        self.layout = Layout(config.layer_sizes(table.n_inputs, table.n_outputs))
        self.table = table
        self.seeds = np.array([c.seed for c in configs], dtype=np.int64)
        self.rates = np.array([c.learning_rate for c in configs])
        self.params = initial_params(self.layout, self.seeds)
        # every run holds out the same test rows, the data seed's, as its Trainer does
        train, test = split(config.data_seed, table.n_rows, config.test_fraction)
        X, y = table.inputs, table.targets
        rows = train if test.size else slice(None)
        self.net = Network(self.layout, self.params, config, X[rows], y[rows], self.rates,
                           batches_of(config, len(train), self.seeds),
                           (X, y) if test.size else None)

    def train(self, iterations, progress=None):
        stride = max(1, -(-iterations // MAX_POINTS))
        points = np.arange(0, iterations + 1, stride)
        if points[-1] != iterations:
            points = np.append(points, iterations)
        net, n = self.net, len(self.params)
        loss = np.empty((n, len(points)))
        with np.errstate(all="ignore"):
            current = net.current_loss()
        # A run stops, as a Trainer does, at its last state whose parameters and loss are
        # finite; the others train on, and a stopped run is put back after every chunk.
        trained = np.full(n, iterations)
        stopped = np.zeros(n, dtype=bool)
        frozen_params, frozen_loss = self.params.copy(), current.copy()
        loss[:, 0] = current
        done, p = 0, 1
        with np.errstate(all="ignore"):
            while done < iterations:
                k = net.chunk_length(iterations - done)
                params, chunk_loss, count = net.train(
                    k, done, np.isin(done + np.arange(k + 1), points))
                newly = ~stopped & (count <= k)
                runs = np.flatnonzero(newly)
                last = count[runs] - 1
                frozen_params[runs] = params[last, runs]
                frozen_loss[runs] = chunk_loss[last, runs]
                trained[runs] = done + last
                stopped |= newly
                # the loss at each point of this chunk: a stopped run keeps its last loss
                at = points[(points > done) & (points <= done + k)]
                after = stopped[:, None] & (trained[:, None] < at)
                loss[:, p:p + len(at)] = np.where(after, frozen_loss[:, None],
                                                  chunk_loss[at - done].T)
                p += len(at)
                self.params[stopped] = frozen_params[stopped]
                done += k
                if progress is not None:
                    progress(done / iterations)
            predictions = net.forward(self.table.inputs)[1][-1]
        targets = self.table.targets
        fits = right(predictions, targets, right_within(targets)).all(axis=(1, 2))
        final = np.where(stopped, frozen_loss, loss[:, -1])
        return SweepResult(self.seeds, self.rates, points, loss, predictions, final, fits,
                           stopped, trained)
