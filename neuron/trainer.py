"""The trainer: the article's update rule, generalised to dense layers.

One iteration is one full-batch update, as in the article: forward through every
layer, the output delta, deltas backpropagated through the weights as they were,
then every layer updated by ``learning_rate * inputs.T @ delta`` (summed over rows).
"""

from dataclasses import dataclass, replace
from numbers import Integral

import numpy as np

from .activations import ACTIVATIONS
from .config import Config
from .errors import ConfigError, TableError
from .history import History
from .table import Table

CHUNK = 512  # iterations trained between two checks for divergence


class Layout:
    """Where each layer's weights and biases sit in one flat parameter vector."""

    def __init__(self, sizes):
        self.sizes = tuple(sizes)
        self.shapes = list(zip(self.sizes[:-1], self.sizes[1:]))
        self._w, self._b = [], []
        start = 0
        for n_in, n_out in self.shapes:
            self._w.append(slice(start, start + n_in * n_out))
            start += n_in * n_out
            self._b.append(slice(start, start + n_out))
            start += n_out
        self.size = start

    def weights(self, params):
        """Views of the weights, per layer (n_in x n_out), for one vector or a stack."""
        lead = params.shape[:-1]
        return [params[..., s].reshape(*lead, *shape) for s, shape in zip(self._w, self.shapes)]

    def biases(self, params):
        return [params[..., s] for s in self._b]

    def labels(self, input_names, output_names):
        """One name per parameter, in vector order: ``w(x1→y)``, ``b(h1)``..."""
        names = []
        for layer, (n_in, n_out) in enumerate(self.shapes):
            ins = input_names if layer == 0 else _neuron_names(layer, n_in)
            last = layer == len(self.shapes) - 1
            outs = output_names if last else _neuron_names(layer + 1, n_out)
            names += [f"w({i}→{o})" for i in ins for o in outs]
            names += [f"b({o})" for o in outs]
        return names


def right(outputs, targets):
    """Element-wise: is the output within 0.5 of its target (rounds to it, ties excluded)?"""
    return np.abs(outputs - targets) < 0.5


def initial_params(layout, seed):
    """The article's start: one RandomState(seed); each layer in turn draws
    ``2 * random_sample((n_in, n_out)) - 1``. Biases start at 0 and draw nothing."""
    params = np.zeros(layout.size)
    rng = np.random.RandomState(seed)
    for w in layout.weights(params):
        w[...] = 2 * rng.random_sample(w.shape) - 1
    return params


def _neuron_names(layer, n):
    prefix = "h" if layer == 1 else f"h{layer}_"
    return [f"{prefix}{j + 1}" for j in range(n)]


def neuron_names(layer, n):
    """Names of hidden neurons: h1, h2... in the first hidden layer, h2_1... in the second."""
    return _neuron_names(layer, n)


@dataclass(frozen=True)
class StepRecord:
    """Every number of one update, layer by layer (layer 0 reads the table's inputs).

    ``contributions[l][r, i, j]`` is row r's share of the change to weight i→j;
    summed over rows it is ``adjustments[l]``, what was added to ``weights_before[l]``.
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
    targets: np.ndarray
    outputs: np.ndarray
    errors: np.ndarray
    loss_before: float
    loss_after: float

    def __repr__(self):
        return (f"StepRecord(iteration={self.iteration}, loss {self.loss_before:.6g} → "
                f"{self.loss_after:.6g}, adjustments={[a.ravel().tolist() for a in self.adjustments]})")


class Trainer:
    """Trains a network on a table, one full-batch iteration at a time.

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
        self._params = initial_params(self.layout, config.seed)
        self.weights = self.layout.weights(self._params)
        self.biases = self.layout.biases(self._params)
        self._hidden = ACTIVATIONS[config.activation]
        self._output = ACTIVATIONS["sigmoid"]
        self._squared = config.loss == "squared"
        self._inputs, self._targets = table.inputs, table.targets
        self._setup()
        self.iteration = 0
        self.diverged = False
        self.history = History(self.layout)
        with np.errstate(all="ignore"):
            self._loss = self._loss_of(*self._forward_out())
        self.history.extend(0, self._params[None], np.array([self._loss]))

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
        """Loss of the current weights on the table."""
        return self._loss

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
            return self._forward(X)[1][-1]

    def forward(self, X):
        """Every layer's sums ``z`` and activations for rows ``X`` (activations[0] is X)."""
        X = np.atleast_2d(np.asarray(X, dtype=float))
        with np.errstate(all="ignore"):
            return self._forward(X)

    def rows_right(self):
        """Per row: is every output on the target's side of 0.5 (within 0.5 of it)?
        An output of exactly 0.5 is on neither side, so it is not right."""
        with np.errstate(all="ignore"):
            out = self._forward(self._inputs)[1][-1]
        return right(out, self._targets).all(axis=1)

    def set_learning_rate(self, learning_rate):
        """Change the learning rate and keep the trained weights."""
        self.config = replace(self.config, learning_rate=learning_rate)
        self._setup()

    def step(self):
        """One update; returns its ``StepRecord``, or None if it would diverge."""
        if self.diverged:
            return None
        loss_before = self._loss
        with np.errstate(all="ignore"):
            before = self._params.copy()
            zs, acts, errors, deltas, adjustments, bias_adjustments = self._update()
            if not self._finish(before):
                return None
            lr = self.config.learning_rate
            contributions = [a[:, :, None] * (lr * d)[:, None, :] for a, d in zip(acts, deltas)]
            slopes = [self._hidden.slope(a, z) for a, z in zip(acts[1:-1], zs[:-1])]
            slopes.append(self._output.slope(acts[-1], zs[-1]))
        layout = self.layout
        weights_before = layout.weights(before)
        # what reaches each layer's neurons: the output's error, then (delta @ W.T) backwards,
        # the same product _update multiplied by the slope
        received = [d @ w.T for d, w in zip(deltas[1:], weights_before[1:])] + [errors]
        return StepRecord(
            iteration=self.iteration,
            learning_rate=lr,
            loss_name=self.config.loss,
            inputs=acts[:-1],
            z=zs,
            activations=acts[1:],
            slopes=slopes,
            received=received,
            deltas=deltas,
            weights_before=weights_before,
            biases_before=layout.biases(before),
            adjustments=adjustments,
            bias_adjustments=bias_adjustments or [np.zeros(b.shape) for b in self.biases],
            contributions=contributions,
            weights_after=[w.copy() for w in self.weights],
            biases_after=[b.copy() for b in self.biases],
            targets=self.table.targets,
            outputs=acts[-1],
            errors=errors,
            loss_before=loss_before,
            loss_after=self._loss,
        )

    def run(self, n):
        """``n`` updates (stops early if training diverges). Returns the trainer."""
        if isinstance(n, bool) or not isinstance(n, Integral) or n < 0:
            raise ConfigError(f"the number of iterations must be a whole number ≥ 0, not {n!r}",
                              "iterations", value=n)
        with np.errstate(all="ignore"):
            while n > 0 and not self.diverged:
                k = min(n, CHUNK)
                self._run_chunk(k)
                n -= k
        return self

    def rewind(self, iteration):
        """Go back to an earlier iteration exactly (replaying from the nearest record)."""
        if not 0 <= iteration <= self.iteration:
            raise ConfigError(f"can only go back to iterations 0..{self.iteration}",
                              "iterations", value=iteration)
        index = self.history.index_at(iteration)
        it, params, loss = self.history.entry(index)
        self.history.truncate(it)
        self._params[:] = params
        self.iteration, self._loss, self.diverged = it, loss, False
        self.history.extend(it, params[None], np.array([loss]))
        return self.run(iteration - it)

    def copy(self):
        """An independent trainer in the same state."""
        other = object.__new__(Trainer)
        other.__dict__.update(self.__dict__)
        other._params = self._params.copy()
        other.weights = self.layout.weights(other._params)
        other.biases = self.layout.biases(other._params)
        other._setup()
        other.history = self.history.copy()
        return other

    # -- the arithmetic ---------------------------------------------------------------

    def _setup(self):
        """Per layer: its weights, its biases (None without bias) and its activation."""
        last = len(self.weights) - 1
        self._layers = [
            (w, b if self.config.bias else None,
             self._output if layer == last else self._hidden)
            for layer, (w, b) in enumerate(zip(self.weights, self.biases))]

    # ``a.dot(b)`` rather than ``a @ b``: the same numbers, and on the small arrays of a
    # truth table numpy's dot method costs half as much as the operator.
    def _forward(self, X):
        zs, acts = [], [X]
        for w, b, act in self._layers:
            z = acts[-1].dot(w)
            if b is not None:
                z += b
            zs.append(z)
            acts.append(act.output(z))
        return zs, acts

    def _forward_out(self):
        zs, acts = self._forward(self.table.inputs)
        return self.table.targets - acts[-1], zs[-1]

    def _update(self):
        """One iteration, applied in place; returns its intermediate numbers."""
        layers = self._layers
        zs, acts = self._forward(self._inputs)
        out = acts[-1]
        errors = self._targets - out
        delta = errors * out * (1 - out) if self._squared else errors
        deltas = [delta]
        for layer in range(len(layers) - 1, 0, -1):
            slope = layers[layer - 1][2].slope(acts[layer], zs[layer - 1])
            delta = delta.dot(layers[layer][0].T) * slope
            deltas.append(delta)
        deltas.reverse()
        # Every delta is known: now each layer moves by learning_rate * inputs.T @ delta.
        lr, bias = self.config.learning_rate, self.config.bias
        adjustments, bias_adjustments = [], [] if bias else None
        for (w, b, _), a, d in zip(layers, acts, deltas):
            adjustment = a.T.dot(d)
            if lr != 1.0:
                adjustment *= lr
            w += adjustment
            adjustments.append(adjustment)
            if bias:
                bias_adjustment = lr * d.sum(axis=0)
                b += bias_adjustment
                bias_adjustments.append(bias_adjustment)
        return zs, acts, errors, deltas, adjustments, bias_adjustments

    def _loss_of(self, errors, z):
        """Loss for one (rows x outputs) or a stack of them, from errors or logits."""
        if self.config.loss == "squared":
            e = errors.reshape(*errors.shape[:-2], -1)
            return (e * e).sum(axis=-1) / e.shape[-1]
        y = self.table.targets
        ce = (np.logaddexp(0, z) - y * z)
        ce = ce.reshape(*ce.shape[:-2], -1)
        return ce.sum(axis=-1) / ce.shape[-1]

    def _finish(self, before):
        """After updates: record the new state, or roll back to ``before`` if not finite."""
        loss = self._loss_of(*self._forward_out()) if np.isfinite(self._params).all() else np.inf
        if not np.isfinite(loss):
            self._params[:] = before
            self.diverged = True
            return False
        self.iteration += 1
        self._loss = float(loss)
        self.history.extend(self.iteration, self._params[None], np.array([self._loss]))
        return True

    def _run_chunk(self, k):
        first = self.iteration
        params = np.empty((k + 1, self.layout.size))
        errors = np.empty((k + 1, *self.table.targets.shape))
        logits = np.empty_like(errors)
        squared = self.config.loss == "squared"
        update = self._update
        current = self._params
        for j in range(k):
            params[j] = current
            step = update()
            if squared:
                errors[j] = step[2]
            else:
                logits[j] = step[0][-1]
        params[k] = current
        if np.isfinite(current).all():
            e, z = self._forward_out()
            errors[k], logits[k] = e, z
        else:
            errors[k] = logits[k] = np.nan
        loss = self._loss_of(errors, logits)
        good = np.isfinite(loss) & np.isfinite(params).all(axis=1)
        count = k + 1 if good.all() else int(np.argmin(good))
        # Entry 0 is the state training started from: finite, and recorded already.
        if count > 1:
            self.history.extend(first + 1, params[1:count], loss[1:count])
        self.iteration = first + count - 1
        self._loss = float(loss[count - 1])
        if count <= k:
            self._params[:] = params[count - 1]
            self.diverged = True
