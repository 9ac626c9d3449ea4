"""The trainer: the article's update rule, generalised to dense layers.

One iteration is one update from every training row, as in the article, or from one
batch of them: forward through every layer, the output delta, deltas backpropagated
through the weights as they were, then every layer updated by
``learning_rate * inputs.T @ delta`` (summed over rows), less regularisation's part.
"""

import hashlib
from dataclasses import dataclass, replace
from numbers import Integral

import numpy as np

from .config import Config
from .errors import ConfigError, TableError
from .history import History
from .network import (
    CHUNK,
    Layout,
    Network,
    initial_params,
    neuron_names,
    record_stride,
    right,
    right_within,
)
from .rows import Batches, split
from .table import Table

__all__ = ["CHUNK", "Layout", "StepRecord", "Trainer", "checked_schedule", "initial_params",
           "neuron_names", "right"]


@dataclass(frozen=True)
class StepRecord:
    """Every number of one update, layer by layer (layer 0 reads the table's inputs).

    ``contributions[l][r, i, j]`` is row ``rows[r]``'s share of the change to weight i→j;
    summed over rows and added to ``penalty_adjustments[l]`` it is ``adjustments[l]``,
    what was added to ``weights_before[l]``. Per-row arrays hold the rows of ``rows``.
    """

    iteration: int  # the iteration this update produced
    learning_rate: float
    loss_name: str
    inputs: list
    z: list
    activations: list
    slopes: list
    received: list  # per layer, the error reaching each neuron (delta = received x slope)
    deltas: list
    weights_before: list
    biases_before: list
    adjustments: list
    bias_adjustments: list
    contributions: list
    weights_after: list
    biases_after: list
    penalty_adjustments: list  # per layer, regularisation's part of the adjustment
    rows: np.ndarray  # the table's rows this update used, in the order it used them
    targets: np.ndarray
    outputs: np.ndarray
    errors: np.ndarray
    loss_before: float
    loss_after: float

    def __repr__(self):
        return (f"StepRecord(iteration={self.iteration}, loss {self.loss_before:.6g} → "
                f"{self.loss_after:.6g}, adjustments={[a.ravel().tolist() for a in self.adjustments]})")


@dataclass(frozen=True)
class Played:
    """What a play (``Trainer.play``) did, for a trainer in the same state to take."""

    recorded: list  # (iterations, params, losses) put in the history, in order
    params: np.ndarray  # where it left the weights
    iteration: int
    loss: float
    diverged: bool
    frames: tuple  # what ``play`` returned

    @property
    def nbytes(self):
        return sum(a.nbytes for entries in self.recorded for a in entries) + sum(
            a.nbytes for a in self.frames) + self.params.nbytes


class Trainer:
    """Trains a network on a table, one iteration (every training row, or a batch) at a time.

    >>> t = Trainer(Config(), presets.get("seed")).run(10_000)
    >>> t.predict([1, 0, 0])   # 0.99993704, as in the article
    """

    def __init__(self, config, table):
        if not isinstance(config, Config):
            raise ConfigError("config must be a neuron.Config", "config")
        if not isinstance(table, Table):
            raise TableError("table must be a neuron.Table", "not_a_table")
        self.config = config
        self.table = table
        self.layout = Layout(config.layer_sizes(table.n_inputs, table.n_outputs))
        self.train_rows, self.test_rows = split(config.data_seed, table.n_rows,
                                                config.test_fraction)
        self.right_within = right_within(table.targets)  # one rule for every row set
        self._params = initial_params(self.layout, config.seed)
        self._build()
        batches = self._net.batches
        self.record_stride = 1 if batches is None else record_stride(batches.n_rows, batches.size)
        self.iteration = 0
        self.diverged = False
        self._schedule = [(0, config.learning_rate)]
        self.history = History(self.layout)
        self._data = None  # the rows' digest, for ``play``'s shared plays (made once)
        with np.errstate(all="ignore"):
            self._loss = float(self._current_loss())
        self.history.extend([0], self._params[None], np.array([self._loss]))

    def __repr__(self):
        c = self.config
        return (f"Trainer(layers {list(self.layout.sizes)}, {c.activation}, {c.loss} loss, "
                f"learning rate {c.learning_rate:g}, bias {c.bias}, seed {c.seed}; "
                f"iteration {self.iteration}, loss {self._loss:.6g}"
                f"{', diverged' if self.diverged else ''})")

    @property
    def params(self):
        """Every weight and bias in one vector (a copy), in ``Layout`` order."""
        return self._params.copy()

    def loss(self):
        """Loss of the current weights on the training rows (every row without a split)."""
        return self._loss

    def test_loss(self):
        """Loss of the current weights on the test rows; None without test rows."""
        if not len(self.test_rows):
            return None
        X, y = self._rows(test=True)
        with np.errstate(all="ignore"):
            return float(self._net.loss_of(self._net.forward(X)[0][-1], y))

    def test_losses(self, params=None):
        """The test loss of each parameter vector of ``params`` (default: every history
        entry, aligned with ``history.iterations``), in one vectorised pass; None without
        test rows."""
        if not len(self.test_rows):
            return None
        params = self.history.params if params is None else params
        with np.errstate(all="ignore"):
            return self._net.losses(params, *self._rows(test=True))

    def predict(self, X):
        """Network outputs for rows of inputs: (rows, outputs). A single row may be 1-D."""
        X = np.array(X, dtype=float)
        if X.ndim == 1:
            X = X[None]
        if X.ndim != 2 or X.shape[1] != self.table.n_inputs:
            raise TableError(
                f"each row needs {self.table.n_inputs} inputs", "predict_shape",
                inputs=self.table.n_inputs)
        if not np.isfinite(X).all():
            raise TableError("inputs must be finite numbers", "not_finite")
        with np.errstate(all="ignore"):
            return self._net.forward(X)[1][-1]

    def forward(self, X):
        """Every layer's sums ``z`` and activations for rows ``X`` (activations[0] is X)."""
        X = np.atleast_2d(np.asarray(X, dtype=float))
        with np.errstate(all="ignore"):
            return self._net.forward(X)

    def layer_names(self):
        """Per layer, its neurons' names: the table's inputs, h1, h2..., its targets."""
        return self.layout.names(self.table.input_names, self.table.target_names)

    def rows_right(self, test=None):
        """Per row: is every output right (``network.right``): on its target's side of 0.5
        for targets 0 and 1 (an output of exactly 0.5 is on neither side, so it is not
        right), within ``CLOSE`` of it for a regression's. Every row of the table, or with
        ``test`` True the test rows, False the training rows."""
        X, y = self._rows(test)
        with np.errstate(all="ignore"):
            out = self._net.forward(X)[1][-1]
        return right(out, y, self.right_within).all(axis=1)

    def rows_right_at(self, params, test=None):
        """``rows_right`` of each parameter vector of ``params`` (say, Run's frames), in one
        vectorised pass: (vectors, rows)."""
        params = np.asarray(params, dtype=float)
        X, y = self._rows(test)
        if not len(X):  # no test rows
            return np.zeros((len(params), 0), dtype=bool)
        with np.errstate(all="ignore"):
            out = self._net.outputs(params, X, y)
        return right(out, y, self.right_within).all(axis=-1)

    def _rows(self, test):
        rows = {None: slice(None), True: self.test_rows, False: self.train_rows}[test]
        return self.table.inputs[rows], self.table.targets[rows]

    @classmethod
    def replay(cls, config, table, iteration, schedule=()):
        """The trainer after ``iteration`` updates, its learning rate changed as ``schedule``
        says (what ``schedule`` returned; ``config.learning_rate`` is the rate in force at
        the end): exactly the trainer a lesson link describes."""
        schedule = checked_schedule(config, iteration, schedule)
        trainer = cls(replace(config, learning_rate=schedule[0][1]), table)
        trainer._schedule = list(schedule)
        return trainer._follow_schedule(iteration)

    @property
    def schedule(self):
        """The learning rate's changes: (iteration, rate from that iteration on) pairs,
        the first at 0."""
        return tuple(self._schedule)

    def set_learning_rate(self, learning_rate):
        """Change the learning rate from this iteration on and keep the trained weights."""
        self._set_rate(learning_rate)
        _change(self._schedule, self.iteration, self.config.learning_rate)

    def step(self):
        """One update; returns its ``StepRecord``, or None if it would diverge."""
        if self.diverged:
            return None
        loss_before = self._loss
        before = self._params.copy()
        with np.errstate(all="ignore"):
            batches = self._net.batches
            rows = None if batches is None else batches.rows(self.iteration)
            m = self._net.update(explain=True, rows=rows)
            acts = [m.X, *m.a]
            loss = self._current_loss()
            if not self._net.finite(loss):
                self._params[:] = before
                self.diverged = True
                return None
            lr = self.config.learning_rate
            contributions = [a[:, :, None] * (lr * d)[:, None, :] for a, d in zip(acts, m.deltas)]
        self.iteration += 1
        self._loss = float(loss)
        self.history.extend([self.iteration], self._params[None], np.array([self._loss]))
        layout = self.layout
        return StepRecord(
            iteration=self.iteration,
            learning_rate=lr,
            loss_name=self.config.loss,
            inputs=acts[:-1],
            z=m.z,
            activations=m.a,
            slopes=m.slopes,
            received=m.received,
            deltas=m.deltas,
            weights_before=layout.weights(before),
            biases_before=layout.biases(before),
            adjustments=m.adjustments,
            bias_adjustments=[b[0] for b in m.bias_adjustments],  # zeros without bias
            contributions=contributions,
            weights_after=[w.copy() for w in self.weights],
            biases_after=[b.copy() for b in self.biases],
            penalty_adjustments=m.penalties or [np.zeros(w.shape) for w in self.weights],
            rows=self.train_rows if rows is None else self.train_rows[rows],
            targets=self._net.targets if rows is None else self._net.targets[rows],
            outputs=m.a[-1],
            errors=m.errors,
            loss_before=loss_before,
            loss_after=self._loss,
        )

    def explained_update(self):
        """The update every view explains at this iteration: the one that led here (replayed
        exactly on a copy, with the learning rate then in force), or at iteration 0 the next
        one, what a Step would do (``record.iteration`` tells which). None if it diverges."""
        if self.iteration == 0:
            return self.copy().step()
        return self.copy().rewind(self.iteration - 1).step()

    def run(self, n, record_every=None):
        """``n`` updates (stops early if training diverges). Returns the trainer.

        The history records every state of a full-batch run: each update's forward pass
        gives its loss. With batches the loss on every training row is a forward pass of
        its own, so a run records it only every ``record_stride`` iterations, at the last
        state, and every ``record_every``-th state from the current one if given (Run's
        frames); ``rewind`` replays exactly from the nearest record. Every state is still
        checked for divergence (``Network.train``)."""
        if isinstance(n, bool) or not isinstance(n, Integral) or n < 0:
            raise ConfigError(f"the number of iterations must be a whole number ≥ 0, not {n!r}",
                              "iterations", value=n)
        if record_every is not None and (isinstance(record_every, bool) or not isinstance(
                record_every, Integral) or record_every < 1):
            raise ConfigError(f"record_every must be None or a whole number ≥ 1, not "
                              f"{record_every!r}", "iterations", value=record_every)
        self._train(n, record_every)
        return self

    def play(self, n, every, shared=None):
        """``run(n, record_every=every)``, returning the states it went through every
        ``every`` iterations from the current one, and the last: (iterations, params,
        losses), the current state first. They are read from the run itself, not from the
        history (which thins itself on long runs), so a Run stretch costs the same at any
        iteration.

        ``shared``: a mapping that trainers share (a class's sessions on one server, which
        opened one link and pressed Run): a play that a trainer in exactly this state (the
        same network, rows, settings, weights and iteration) made is taken from it, the
        history included, instead of trained again; one made here is put in it. The numbers
        are the same either way: training is deterministic."""
        key = self._state(n, every) if shared is not None else None
        done = shared.get(key) if key is not None else None
        if done is not None:
            return self._replay(done)
        its, params, losses = [[self.iteration]], [self._params[None].copy()], [[self._loss]]
        start, end = self.iteration, self.iteration + n

        def seen(at, p, loss):
            frame = ((at - start) % every == 0) | (at == end)
            its.append(at[frame])
            params.append(p[frame])
            losses.append(loss[frame])

        recorded = self._train(n, every, seen)
        frames = np.concatenate(its), np.concatenate(params), np.concatenate(losses)
        if key is not None:
            shared[key] = Played(recorded, self._params.copy(), self.iteration, self._loss,
                                 self.diverged, tuple(a.copy() for a in frames))
        return frames

    def _state(self, n, every):
        """Everything a play of ``n`` iterations, frames ``every``, depends on."""
        if self._data is None:
            digest = hashlib.blake2b(digest_size=16)
            for part in (self.table.inputs, self.table.targets, self.train_rows,
                         self.test_rows):
                digest.update(repr(part.shape).encode())
                digest.update(np.ascontiguousarray(part).tobytes())
            self._data = digest.digest()
        return (n, every, self.iteration, self._loss, self.diverged, self._params.tobytes(),
                self.config, self._data)

    def _replay(self, done):
        """The trainer as a play that another trainer made from this state left it."""
        for entries in done.recorded:
            self.history.extend(*entries)
        self._params[:] = done.params
        self.iteration, self._loss, self.diverged = done.iteration, done.loss, done.diverged
        return tuple(a.copy() for a in done.frames)

    def _train(self, n, record_every, seen=None):
        """Train ``n`` iterations; returns what went into the history, in order."""
        net, start, end = self._net, self.iteration, self.iteration + n
        recorded = []
        with np.errstate(all="ignore"):
            while n > 0 and not self.diverged:
                k = net.chunk_length(n)
                its = self.iteration + np.arange(k + 1)
                record = its % self.record_stride == 0
                if record_every:
                    record |= (its - start) % record_every == 0
                record[-1] |= its[-1] == end
                params, loss, count = net.train(k, self.iteration, record)
                count = int(count)
                # entry 0 is the state training started from: recorded already
                kept = np.flatnonzero(record[1:count]) + 1
                if count <= k:
                    self._params[:] = params[count - 1]
                    self.diverged = True
                    kept = np.append(kept[kept < count - 1], count - 1)
                if len(kept) and kept[-1] > 0:
                    entries = its[kept], params[kept], loss[kept]
                    self.history.extend(*entries)
                    recorded.append(entries)
                    if seen is not None:
                        seen(*entries)
                self.iteration += count - 1
                self._loss = float(loss[count - 1])
                n -= k
        return recorded

    def rewind(self, iteration):
        """Go back to an earlier iteration exactly (replaying from the nearest record with
        the learning rates then in force); later learning-rate changes are forgotten."""
        if not 0 <= iteration <= self.iteration:
            raise ConfigError(f"can only go back to iterations 0..{self.iteration}",
                              "iterations", value=iteration)
        index = self.history.index_at(iteration)
        it, params, loss = self.history.entry(index)
        self.history.truncate(it)
        self._params[:] = params
        self.iteration, self._loss, self.diverged = it, loss, False
        self.history.extend([it], params[None], np.array([loss]))
        self._schedule = [change for change in self._schedule if change[0] <= iteration]
        return self._follow_schedule(iteration)

    def copy(self):
        """An independent trainer in the same state."""
        other = object.__new__(Trainer)
        other.__dict__.update(self.__dict__)
        other._params = self._params.copy()
        other._schedule = list(self._schedule)
        other._build()
        other.history = self.history.copy()
        return other

    def _set_rate(self, learning_rate):
        self.config = replace(self.config, learning_rate=learning_rate)
        self._net.set_learning_rate(self.config.learning_rate)

    def _follow_schedule(self, iteration):
        """Train to ``iteration``, changing the rate where the schedule says."""
        for at, rate in self._schedule:
            if at > self.iteration:
                self.run(min(at, iteration) - self.iteration)
            if at <= iteration:
                self._set_rate(rate)
        return self.run(iteration - self.iteration)

    def __getstate__(self):
        """Pickled (to a worker process and back, neuron/work.py): without the views of
        ``_params`` and the network, made again from it on the other side."""
        state = dict(self.__dict__)
        for name in ("weights", "biases", "_net"):
            del state[name]
        return state

    def __setstate__(self, state):
        self.__dict__.update(state)
        self._build()

    def _build(self):
        """Views of ``_params`` and the network that updates them."""
        self.weights = self.layout.weights(self._params)
        self.biases = self.layout.biases(self._params)
        X, y, train, test = self.table.inputs, self.table.targets, self.train_rows, self.test_rows
        rows = train if len(test) else slice(None)
        self._net = Network(self.layout, self._params, self.config, X[rows], y[rows],
                            self.config.learning_rate, batches_of(self.config, len(train)),
                            (X, y) if len(test) else None)

    def _current_loss(self):
        return self._net.current_loss()


def batches_of(config, n_rows, seeds=None):
    """The ``Batches`` of a config on ``n_rows`` rows (one per seed of ``seeds`` if given),
    or None when each update uses every row, in the table's order."""
    size = config.batch_size
    if size is None or size >= n_rows:
        return None
    return Batches(n_rows, size, config.seed if seeds is None else seeds)


def checked_schedule(config, iteration, schedule=()):
    """``schedule``'s (iteration, learning rate) changes up to ``iteration``, checked; the
    first at 0; ends with ``config.learning_rate`` in force at ``iteration``."""
    changes, previous = [], -1
    for change in schedule:
        try:
            at, rate = change
        except (TypeError, ValueError):
            raise ConfigError(f"each change is (iteration, learning rate), not {change!r}",
                              "schedule", value=change) from None
        if (isinstance(at, bool) or not isinstance(at, Integral) or at <= previous
                or (previous < 0 and at != 0)):
            raise ConfigError("the schedule's iterations start at 0 and increase",
                              "schedule", value=at)
        previous = at
        if at <= iteration:
            _change(changes, int(at), replace(config, learning_rate=rate).learning_rate)
    _change(changes, iteration if changes else 0, config.learning_rate)
    return tuple(changes)


def _change(changes, at, rate):
    """Record a change of rate at ``at``: one replaces another at the same iteration, and
    a rate already in force is no change."""
    if changes and changes[-1][0] == at:
        changes.pop()
    if not changes or changes[-1][1] != rate:
        changes.append((at, rate))


def train_to(trainer, iteration, progress=None, start=None):
    """Train ``trainer`` on to ``iteration`` (or until it diverges) and return it: the same
    numbers as ``trainer.run``, in chunks ending on its record stride, each reported to
    ``progress(fraction)``, the share done since ``start`` (default: where it is now)
    (neuron/work.py runs it in a worker and cancels through it)."""
    start = trainer.iteration if start is None else start
    chunk = trainer.record_stride * -(-1_000 // trainer.record_stride)
    while trainer.iteration < iteration and not trainer.diverged:
        trainer.run(min(chunk, iteration - trainer.iteration))
        if progress is not None:
            progress((trainer.iteration - start) / max(1, iteration - start))
    return trainer


def replayed(config, table, iteration, schedule=(), progress=None):
    """``Trainer.replay(config, table, iteration, schedule)``, reported as ``train_to``
    reports (a lesson link opened at a late iteration: neuron/work.py)."""
    schedule = checked_schedule(config, iteration, schedule)
    trainer = Trainer(replace(config, learning_rate=schedule[0][1]), table)
    trainer._schedule = list(schedule)
    for at, rate in schedule:
        if at > trainer.iteration:
            train_to(trainer, min(at, iteration), progress, start=0)
        if at <= iteration:
            trainer._set_rate(rate)
    return train_to(trainer, iteration, progress, start=0)
