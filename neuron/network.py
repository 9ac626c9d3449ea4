"""The network's arithmetic, written once: forward, backward and the update.

``Network`` works on one parameter vector (the Trainer) or on a stack of them with a
leading run axis (sweep): the same lines, with numpy's ``dot`` for one (half the cost
of ``@`` on the small arrays of a truth table) and ``matmul`` for a stack. An update
writes into arrays it keeps (``Arrays``), so an iteration costs about the numpy calls
of its arithmetic and little more.
"""

import numpy as np

from .activations import ACTIVATIONS, OUTPUT
from .losses import LOSSES, PENALTIES, mean_loss

CHUNK = 512  # iterations trained between two checks for divergence
CHUNK_FLOATS = 4_000_000  # at most this many floats buffered per chunk (32 MB)
# Sums z smaller than this leave every loss term, and their mean over any table, finite
# (float64 overflows at 1.8e308)
Z_LIMIT = 1e100
# The cost of recording the loss with batches: a numpy call's fixed cost is about that of
# CALL_ROWS rows of arithmetic (measured on this project's small layers), and recording
# takes about 1 / RECORD_SHARE of the updates' time.
CALL_ROWS = 100
RECORD_SHARE = 10
# An update keeps its arrays for the next when they hold at most this many floats
# (128 KB): on a small table numpy's fixed cost per call is most of an update's, and
# reuse saves it; on a big one the arithmetic is, and kept arrays would hold memory
# for every trainer of every visitor
KEEP_FLOATS = 16_384


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

    def __repr__(self):
        return f"Layout({list(self.sizes)}, {self.size} parameters)"

    def weights(self, params):
        """Views of the weights, per layer (n_in x n_out), for one vector or a stack."""
        lead = params.shape[:-1]
        return [params[..., s].reshape(*lead, *shape) for s, shape in zip(self._w, self.shapes)]

    def biases(self, params):
        return [params[..., s] for s in self._b]

    def names(self, input_names, output_names):
        """Per layer, its neurons' names: the inputs', h1, h2... (h2_1... in a second
        hidden layer), the outputs'."""
        hidden = [neuron_names(k + 1, n) for k, n in enumerate(self.sizes[1:-1])]
        return [list(input_names), *hidden, list(output_names)]

    def labels(self, input_names, output_names):
        """One name per parameter, in vector order: ``w(x1→y)``, ``b(h1)``..."""
        layers = self.names(input_names, output_names)
        names = []
        for ins, outs in zip(layers[:-1], layers[1:]):
            names += [f"w({i}→{o})" for i in ins for o in outs]
            names += [f"b({o})" for o in outs]
        return names


def neuron_names(layer, n):
    """Names of hidden neurons: h1, h2... in the first hidden layer, h2_1... in the second."""
    prefix = "h" if layer == 1 else f"h{layer}_"
    return [f"{prefix}{j + 1}" for j in range(n)]


def initial_params(layout, seed):
    """The article's start: one RandomState(seed); each layer in turn draws
    ``2 * random_sample((n_in, n_out)) - 1``. Biases start at 0 and draw nothing.
    Given a list of seeds, one vector per seed, stacked."""
    seeds = np.ravel(seed)
    params = np.zeros((len(seeds), layout.size))
    rng = np.random.RandomState(seeds[0])  # reseeded: seeding one is cheap, making one is not
    for vector, s in zip(params, seeds):
        rng.seed(s)
        for w in layout.weights(vector):
            w[...] = 2 * rng.random_sample(w.shape) - 1
    return params if np.ndim(seed) else params[0]


def record_stride(n_rows, batch_size):
    """With batches, ``Trainer.run`` records the loss of the ``n_rows`` training rows every
    this many iterations. A forward pass over them costs about n_rows + CALL_ROWS rows of
    arithmetic, an update from a batch about 3 (batch_size + CALL_ROWS): the stride keeps
    recording near 1 / RECORD_SHARE of the work, and a rewind (which replays from the
    nearest record) near the cost of RECORD_SHARE forward passes."""
    return max(1, -(-RECORD_SHARE * (n_rows + CALL_ROWS) // (3 * (batch_size + CALL_ROWS))))


CLOSE = 0.1  # a regression's output is right within this of its target


def right_within(targets):
    """How near its target an output must be to be right, per target column: 0.5 where
    every target is 0 or 1 (the output on the target's side of 0.5), else ``CLOSE`` (a
    regression, targets between 0 and 1)."""
    t = np.asarray(targets)
    return np.where(((t == 0) | (t == 1)).all(axis=0), 0.5, CLOSE)


def right(outputs, targets, within=0.5):
    """Element-wise: is the output less than ``within`` (``right_within``) from its target?
    With 0.5 and a target 0 or 1, an output of exactly 0.5 is on neither side: not right."""
    return np.abs(outputs - targets) < within


class Arrays:
    """Every array an update from rows X (targets Y) reads and writes: ``Network.update``
    keeps one set per shape of X (up to KEEP_FLOATS) and reuses it, so an update
    allocates almost nothing; an explained update gets its own. With batches, X and Y
    are filled with each batch."""

    def __init__(self, net, X, Y):
        layout = net.layout
        lead = np.broadcast_shapes(net.params.shape[:-1], X.shape[:-2])
        outs = [(*lead, X.shape[-2], n) for n in layout.sizes[1:]]
        self.X, self.Y = X, Y
        self.z = [np.empty(s) for s in outs]
        self.a = [np.empty(s) for s in outs]
        self.received = [np.empty(s) for s in outs]  # the output layer's: the errors
        self.errors = self.received[-1]
        self.slopes = [np.empty(s) for s in outs]
        self.deltas = [np.empty(s) for s in outs]
        # every adjustment, laid out as the parameters are: one addition applies them all
        self.step = np.zeros((*lead, layout.size))
        self.floats = 5 * sum(np.prod(s) for s in outs) + self.step.size
        self.adjustments = layout.weights(self.step)
        self.bias_adjustments = [b[..., None, :] for b in layout.biases(self.step)]
        self.penalties = []
        # per layer, what it reads and writes: forward, then from the output down, then
        # what its adjustment is made from (fewer Python steps between numpy calls)
        inputs = [X, *self.a[:-1]]
        self.forward = [(w, b, act.output, x, z, a) for (w, b, act), x, z, a
                        in zip(net.layers, inputs, self.z, self.a)]
        self.backward = [(net.weights_T[i], self.received[i - 1], net.layers[i - 1][2].slope,
                          self.a[i - 1], self.z[i - 1], self.slopes[i - 1], self.deltas[i - 1])
                         for i in range(len(outs) - 1, 0, -1)]
        self.moves = [(w, x.mT, d, adjustment, b is not None, bias_adjustment)
                      for (w, b, _), x, d, adjustment, bias_adjustment
                      in zip(net.layers, inputs, self.deltas, self.adjustments,
                             self.bias_adjustments)]

    def __repr__(self):
        return (f"Arrays({self.X.shape[-2]} rows, neurons per layer "
                f"{[z.shape[-1] for z in self.z]}, {self.floats} floats)")


class Network:
    """Forward and backward passes over ``params`` (one vector, or runs x vector), which
    ``update`` changes in place. ``learning_rate`` is a number, or one per run. ``inputs``
    and ``targets`` are the training rows: (rows, columns), or one set per run.
    ``batches`` (a ``Batches``) picks each iteration's rows; None updates from every row.
    ``every_row`` (inputs, targets): when training uses only some rows of the table, the
    whole table, whose loss must stay finite too for a state to count as finite (checked
    on the whole table, the rows ``predict`` is asked about: how an overflow rounds
    depends on how many rows one product holds)."""

    def __init__(self, layout, params, config, inputs, targets, learning_rate, batches=None,
                 every_row=None):
        self.layout, self.config = layout, config
        self.every_row = every_row
        self.params = params
        self.stacked = params.ndim > 1
        self.inputs, self.targets = inputs, targets
        self.batches = batches
        self.loss = LOSSES[config.loss]
        penalty = PENALTIES.get(config.regularization)
        self._penalty = penalty if penalty and config.regularization_rate else None
        self._dot = np.matmul if self.stacked else np.ndarray.dot
        hidden = ACTIVATIONS[config.activation]
        weights = layout.weights(params)
        # biases as (..., 1, n_out) views, so one line adds them with or without a run axis
        biases = ([b[..., None, :] for b in layout.biases(params)] if config.bias
                  else [None] * len(weights))
        acts = [hidden] * (len(weights) - 1) + [OUTPUT]
        self.layers = list(zip(weights, biases, acts))
        self.weights_T = [w.mT for w in weights]
        # the targets once per run: an update's errors then need no broadcasting
        self._targets = np.ascontiguousarray(
            np.broadcast_to(targets, (*params.shape[:-1], *targets.shape[-2:])))
        self._arrays = {}  # Arrays per shape of X, reused by every update
        self.set_learning_rate(learning_rate)
        checked = inputs if every_row is None else every_row[0]
        self._largest_input = np.abs(checked).reshape(-1, checked.shape[-1]).max(axis=0)

    def set_learning_rate(self, learning_rate):
        # one rate: a 0-d array, which numpy multiplies by faster than a Python float
        rate = np.array(learning_rate, dtype=float)
        if self.stacked:
            rate = rate.reshape(-1, 1)
        self._rate = None if (rate == 1.0).all() else rate  # x * 1.0 is x: skip it

    def arrays(self, rows=None):
        """The ``Arrays`` an update from ``rows`` (every training row if None) writes: one
        set kept per shape of rows (if small), into which a batch's rows are copied."""
        key = None if rows is None else rows.shape
        m = self._arrays.get(key)
        if m is None:
            m = self._fresh(rows)
            if m.floats <= KEEP_FLOATS:
                self._arrays[key] = m
        elif rows is not None:
            _pick(self.inputs, rows, m.X)
            _pick(self.targets, rows, m.Y)
        return m

    def _fresh(self, rows):
        """New ``Arrays`` for an update from ``rows`` (every training row if None)."""
        if rows is None:
            return Arrays(self, self.inputs, self._targets)
        return Arrays(self, _pick(self.inputs, rows), _pick(self.targets, rows))

    def forward(self, X):
        """Every layer's sums ``z`` and activations (``acts[0]`` is X)."""
        m = Arrays(self, X, None)
        self._forward(m)
        return m.z, [X, *m.a]

    def _forward(self, m):
        """The forward pass from ``m``'s rows into its sums and activations."""
        dot = self._dot
        for w, b, output, x, z, a in m.forward:
            dot(x, w, z)
            if b is not None:
                z += b
            output(z, a)

    def loss_of(self, z, targets):
        """Loss from output sums ``z`` (rows x outputs, or any stack of them)."""
        return mean_loss(self.loss.terms(targets, z, OUTPUT.output(z)))

    def losses(self, params, X=None, Y=None):
        """The loss on rows X, Y (all of this network's rows if None) of each parameter
        vector in ``params`` (any stack of them), in one vectorised pass."""
        X, Y = (self.inputs, self.targets) if X is None else (X, Y)
        return self._each(params, X, Y, lambda net: self.loss_of(net.forward(X)[0][-1], Y))

    def outputs(self, params, X, Y):
        """The outputs on rows X (targets Y) of each parameter vector in ``params``, in one
        vectorised pass: (vectors, rows, outputs)."""
        return self._each(params, X, Y, lambda net: net.forward(X)[1][-1])

    def _each(self, params, X, Y, result):
        """``result`` of a network over ``params``, a stack of them at a time (memory stays
        bounded), concatenated."""
        width = max(self.layout.sizes) * X.shape[-2] * (params[0].size // self.layout.size)
        step = max(1, CHUNK_FLOATS // width)
        return np.concatenate([result(Network(self.layout, part, self.config, X, Y, 1.0))
                               for part in np.split(params, range(step, len(params), step))])

    def current_loss(self):
        """The loss of ``params`` on the training rows."""
        return self.loss_of(self.forward(self.inputs)[0][-1], self.targets)

    def finite(self, loss):
        """Are every parameter, the training ``loss`` and every row's loss finite (per run)?"""
        good = np.isfinite(loss) & np.isfinite(self.params).all(axis=-1)
        if self.every_row is not None:
            X, y = self.every_row
            good &= np.isfinite(self.loss_of(self.forward(X)[0][-1], y))
        return good

    def bounded(self, params):
        """Per parameter vector of ``params`` (any stack): does a bound on every sum z stay
        below Z_LIMIT for any row ``finite`` checks? Then every row's loss is finite, with no
        forward pass. The bound: |z| <= |W|.T a + |b|, ``a`` the largest |input| per column
        and, for a hidden layer, max(1, the bound on its z) (no activation's output is larger:
        see ``activations``). A False is no verdict: ``finite`` decides."""
        a, ok = self._largest_input, True
        for w, b in zip(self.layout.weights(params), self.layout.biases(params)):
            z = np.matmul(a[..., None, :], np.abs(w))[..., 0, :]
            if self.config.bias:
                z += np.abs(b)
            ok = ok & (z < Z_LIMIT).all(axis=-1)  # NaN compares False
            a = np.maximum(z, 1.0)
        return ok

    def _finite_at(self, params):
        """``finite`` for another parameter vector (or one per run)."""
        net = Network(self.layout, params.copy(), self.config, self.inputs, self.targets, 1.0,
                      every_row=self.every_row)
        return net.finite(net.current_loss())

    def update(self, explain=False, rows=None):
        """One iteration from ``rows`` (every row if None), applied to ``params`` in place.
        Returns the ``Arrays`` it wrote: with ``explain``, its own, holding every term a
        ``StepRecord`` shows: the output layer's slopes too (the loss's delta includes
        them) and ``penalties``, regularisation's part of each adjustment (one run)."""
        return self._update(self._fresh(rows) if explain else self.arrays(rows), explain)

    def _update(self, m, explain=False):
        """``update`` writing into ``m`` (``arrays``)."""
        dot = self._dot
        self._forward(m)
        out = m.a[-1]
        np.subtract(m.Y, out, out=m.errors)
        delta = self.loss.delta(m.errors, out, m.deltas[-1])
        if explain:
            OUTPUT.slope(out, m.z[-1], m.slopes[-1])
        for w_T, r, slope, a, z, s, below in m.backward:
            # the error reaching each neuron of the layer below, through the weights as they were
            dot(delta, w_T, r)
            delta = np.multiply(r, slope(a, z, s), out=below)
        # every delta is known: now each layer moves by learning_rate * inputs.T @ delta
        penalty = self._penalty
        for w, x_T, d, adjustment, bias, bias_adjustment in m.moves:
            dot(x_T, d, adjustment)
            if penalty is not None:
                step = self.config.regularization_rate * penalty.gradient(w)
                adjustment -= step
                if explain:
                    m.penalties.append(-step if self._rate is None else -self._rate * step)
            if bias:
                np.add.reduce(d, axis=-2, keepdims=True, out=bias_adjustment)  # np.sum, sooner
        if self._rate is not None:
            m.step *= self._rate
        self.params += m.step
        return m

    def chunk_length(self, k):
        """How many updates ``train`` may buffer at once (memory stays bounded)."""
        runs = len(self.params) if self.stacked else 1
        per = self.params.size + self.inputs.shape[-2] * self.targets.shape[-1] * runs
        return max(1, min(k, CHUNK, CHUNK_FLOATS // per))

    def train(self, k, first_iteration, record=None):
        """``k`` updates from iteration ``first_iteration``. Returns params (k + 1, ...) of
        every state from the current one; loss (k + 1, ...), their loss on the training rows;
        and ``count``: per run, how many leading states are finite (k + 1 if all), as
        ``finite`` says.

        The loss is computed at the states ``record`` marks (k + 1 booleans; every state if
        None), the last and the last finite one, and is NaN elsewhere. A full-batch update's
        forward pass gives the output sums of the state before it, so its loss costs little,
        and where a sum reaches Z_LIMIT every state's is computed. With batches it costs a
        forward pass over every training row. Whether a state is finite is still decided for
        every state: ``bounded`` proves it for almost every one without a forward pass, and
        ``finite`` decides the rest."""
        params = np.empty((k + 1, *self.params.shape))
        runs = self.params.shape[:-1]
        forward, update, current, batches = self.forward, self.update, self.params, self.batches
        if batches is None:
            # the article's case, kept tight: each update's forward pass over every training
            # row is also the loss of the state before it
            logits = np.empty((k + 1, *runs, *self.targets.shape[-2:]))
            m, update = self.arrays(), self._update
            for j in range(k):
                params[j] = current
                logits[j] = update(m).z[-1]
            params[k] = current
            logits[k] = forward(self.inputs)[0][-1]
            at = np.arange(k) if record is None else np.flatnonzero(record[:k])
            # sums below Z_LIMIT prove every loss finite: then only the recorded ones (and
            # the last) are worth computing (a sweep records one state in a few)
            every = len(at) == k or not np.abs(logits).max() < Z_LIMIT  # NaN compares False
            if every:
                loss = self.loss_of(logits, self._targets)
            else:
                at = np.append(at, k)
                loss = np.full((k + 1, *runs), np.nan)
                loss[at] = self.loss_of(logits[at], self._targets)
        else:
            at = np.flatnonzero(record[:k]) if record is not None else np.arange(0)
            logits = np.empty((len(at) + 1, *runs, *self.targets.shape[-2:]))
            wanted, slot = set(at.tolist()), 0
            for j in range(k):
                params[j] = current
                if j in wanted:
                    logits[slot] = forward(self.inputs)[0][-1]
                    slot += 1
                update(rows=batches.rows(first_iteration + j))
            params[k] = current
            logits[slot] = forward(self.inputs)[0][-1]
            loss = np.full((k + 1, *runs), np.nan)
            loss[np.append(at, k)] = self.loss_of(logits, self.targets)
        good = _all_last(np.isfinite(params))
        if batches is None and every:
            good &= np.isfinite(loss)
        if batches is not None or self.every_row is not None:
            unproven = good & ~self.bounded(params)
            for j in np.flatnonzero(unproven.reshape(k + 1, -1).any(axis=1)):
                # only runs finite up to j need a verdict at j
                if (unproven[j] & good[:j].all(axis=0)).any():
                    good[j] &= self._finite_at(params[j])
        count = np.where(good.all(axis=0), k + 1, good.argmin(axis=0))
        for j in np.unique(count[count <= k] - 1):  # the last finite state's loss is kept
            if j >= 0 and np.isnan(loss[j]).any():
                loss[j] = (self.loss_of(logits[j], self._targets) if batches is None
                           else self.losses(params[j][None])[0])
        return params, loss, count


def _all_last(a):
    """``a.all(axis=-1)``, sooner when every entry is True (numpy reduces a short last
    axis slowly)."""
    return np.ones(a.shape[:-1], dtype=bool) if a.all() else a.all(axis=-1)


def _pick(rows_x_columns, rows, into=None):
    """The given rows of a table, or of one table per run (rows then has a run axis too)."""
    if rows_x_columns.ndim == 2:
        # rows are always valid: "clip" spares the copy "raise" makes before writing ``into``
        return np.take(rows_x_columns, rows, axis=0, out=into, mode="clip")
    picked = np.take_along_axis(rows_x_columns, rows[..., None], axis=-2)
    if into is None:
        return picked
    into[...] = picked
