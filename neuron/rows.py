"""Which rows training uses: the seeded train/test split, and each iteration's batch.

The split holds out ``round(n_rows * test_fraction)`` rows (at least 1 when the fraction
is above 0, at most n_rows - 1), chosen by the data's seed (not the weights': new weights
keep the test rows) with the same hash as the batches' order and a key no epoch uses; both
keep the table's order within the training and the test rows.

Each epoch (one pass over the rows) takes them in an order shuffled afresh; iteration i
uses the (i mod m)-th slice of ``batch_size`` rows of epoch i // m, m slices per epoch
(the last may be smaller). The order is a pure function of (seed, epoch): a hash of
(seed, epoch, row) sorted, so rewinding, replaying, a sweep and an exported script all
find the same rows without replaying a random generator, and the weights' draw from
``RandomState(seed)`` is untouched.
"""

import numpy as np

# Epochs' orders are computed together, and cached: enough for about ITERATIONS_AT_ONCE
# iterations, at most EPOCHS_AT_ONCE epochs (a short run computes no more than it uses)
ITERATIONS_AT_ONCE = 512
EPOCHS_AT_ONCE = 64
SPLIT = 2**64 - 1  # the hash's "epoch" for the train/test split: no epoch reaches it


def mix(x):
    """SplitMix64's finaliser: a bijection of uint64 that spreads every input bit."""
    x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


def epoch_order(seed, epoch, n_rows):
    """The rows in the order epoch ``epoch`` takes them; ``seed`` and ``epoch`` may be
    arrays that broadcast (the result has one more axis, of length n_rows)."""
    seed = np.asarray(seed, dtype=np.uint64)[..., None]
    epoch = np.asarray(epoch, dtype=np.uint64)[..., None]
    keys = mix(mix(mix(seed) ^ epoch) + np.arange(n_rows, dtype=np.uint64))
    return np.argsort(keys, axis=-1, kind="stable")


def split(seed, n_rows, test_fraction):
    """(training rows, test rows): index arrays into the table, each in the table's order
    (one row of each per seed if ``seed`` is an array)."""
    n_test = 0 if test_fraction == 0 or n_rows < 2 else min(
        n_rows - 1, max(1, round(n_rows * test_fraction)))
    order = epoch_order(seed, SPLIT, n_rows)
    return np.sort(order[..., n_test:]), np.sort(order[..., :n_test])


class Batches:
    """``rows(iteration)``: the row indices of that iteration's batch, (batch,) for one
    seed or (runs, batch) for an array of seeds."""

    def __init__(self, n_rows, batch_size, seed):
        self.n_rows, self.size = n_rows, batch_size
        self.per_epoch = -(-n_rows // batch_size)
        self.seed = np.asarray(seed)
        self._first, self._orders = None, None

    def __repr__(self):
        return f"Batches({self.size} of {self.n_rows} rows, {self.per_epoch} per epoch)"

    def rows(self, iteration):
        epoch, j = divmod(iteration, self.per_epoch)
        if self._first is None or not 0 <= epoch - self._first < len(self._orders):
            self._first = epoch
            count = min(EPOCHS_AT_ONCE, -(-ITERATIONS_AT_ONCE // self.per_epoch))
            epochs = epoch + np.arange(count).reshape(-1, *[1] * self.seed.ndim)
            self._orders = epoch_order(self.seed, epochs, self.n_rows)
        return self._orders[epoch - self._first, ..., j * self.size:(j + 1) * self.size]
