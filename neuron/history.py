"""What training went through: loss and every parameter, per recorded iteration.

Every iteration the trainer records is kept (with batches it records only some: see
``Trainer.run``) until the buffer is full; then only entries at even iterations are
kept, and only even iterations after that, then multiples of 4, and so on, so memory
stays bounded however long training runs. Iteration 0 and the latest are always kept.
"""

import numpy as np

MAX_ENTRIES = 20_000
# Keeps one session's history of a large network within about 16 MB.
MAX_FLOATS = 2_000_000


class History:
    def __init__(self, layout):
        self._layout = layout
        size = layout.size + 1
        self.capacity = int(max(1_001, min(MAX_ENTRIES, MAX_FLOATS // size)))
        self._iterations = np.empty(self.capacity, dtype=np.int64)
        self._params = np.empty((self.capacity, layout.size))
        self._loss = np.empty(self.capacity)
        self._n = 0
        self.stride = 1
        self._latest = None  # (iteration, params, loss) when it is not on the stride

    def __len__(self):
        return self._n + (self._latest is not None)

    def __repr__(self):
        last = self.iterations[-1] if len(self) else None
        return f"History({len(self)} entries, iterations 0..{last}, stride {self.stride})"

    def copy(self):
        """An independent history with the same entries (only the used part is copied)."""
        other = object.__new__(History)
        other.__dict__.update(self.__dict__)
        for name in ("_iterations", "_params", "_loss"):
            stored = getattr(self, name)
            fresh = np.empty_like(stored)
            fresh[:self._n] = stored[:self._n]
            setattr(other, name, fresh)
        return other

    def extend(self, iterations, params, loss):
        """Record the states at ``iterations`` (ascending)."""
        iterations = np.asarray(iterations)
        keep = iterations > (self._iterations[self._n - 1] if self._n else -1)
        self._latest = None
        while True:
            keep &= iterations % self.stride == 0
            count = int(keep.sum())
            if self._n + count <= self.capacity:
                break
            self._thin()
        end = self._n + count
        self._iterations[self._n:end] = iterations[keep]
        self._params[self._n:end] = params[keep]
        self._loss[self._n:end] = loss[keep]
        self._n = end
        last = int(iterations[-1])
        if self._n == 0 or self._iterations[self._n - 1] != last:
            self._latest = (last, params[-1].copy(), float(loss[-1]))

    def truncate(self, iteration):
        """Forget every entry after ``iteration``."""
        self._n = int(np.searchsorted(self._iterations[:self._n], iteration, side="right"))
        if self._latest is not None and self._latest[0] > iteration:
            self._latest = None

    def _thin(self):
        self.stride *= 2
        keep = self._iterations[:self._n] % self.stride == 0
        count = int(keep.sum())
        self._iterations[:count] = self._iterations[:self._n][keep]
        self._params[:count] = self._params[:self._n][keep]
        self._loss[:count] = self._loss[:self._n][keep]
        self._n = count

    def _column(self, stored, latest):
        if self._latest is None:
            return stored[:self._n].copy()
        return np.concatenate([stored[:self._n], [latest]])

    @property
    def iterations(self):
        return self._column(self._iterations, self._latest and self._latest[0])

    @property
    def loss(self):
        return self._column(self._loss, self._latest and self._latest[2])

    @property
    def params(self):
        """Entries x parameters: every layer's weights, then its biases, flattened."""
        if self._latest is None:
            return self._params[:self._n].copy()
        return np.vstack([self._params[:self._n], self._latest[1]])

    @property
    def weights(self):
        """Per layer, entries x n_in x n_out."""
        return self._layout.weights(self.params)

    @property
    def biases(self):
        """Per layer, entries x n_out."""
        return self._layout.biases(self.params)

    def recorded(self, iterations):
        """(params, loss) recorded at exactly these iterations (ascending), or None if one
        of them was not kept (the history thins itself on long runs)."""
        iterations = np.asarray(iterations)
        stored = self._iterations[:self._n]
        index = np.searchsorted(stored, iterations)
        inside = index < self._n
        if not inside.all() or (stored[index] != iterations).any():
            return None
        return self._params[index].copy(), self._loss[index].copy()

    def index_at(self, iteration):
        """Index of the last entry recorded at or before ``iteration``."""
        its = self.iterations
        return max(0, int(np.searchsorted(its, iteration, side="right")) - 1)

    def entry(self, index):
        """(iteration, params, loss) of one entry."""
        if index < 0:
            index += len(self)
        if self._latest is not None and index == self._n:
            it, p, loss = self._latest
            return it, p.copy(), loss
        return int(self._iterations[index]), self._params[index].copy(), float(self._loss[index])

    def nbytes(self):
        size = self._iterations.nbytes + self._params.nbytes + self._loss.nbytes
        return size + (self._latest[1].nbytes if self._latest else 0)
