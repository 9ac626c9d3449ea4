"""Can a single neuron fit this table? An exact answer, with a certificate that proves it.

Each 1-row must get w·x + b > 0 and each 0-row w·x + b < 0. Gordan's theorem: either
such (w, b) exists, or nonnegative row weights, not all zero, make the weighted 1-rows
and 0-rows meet (equal sums of inputs and, with a bias, equal total weight). A float
linear program (HiGHS) suggests which rows matter; an exact simplex in rationals on
those rows gives one of the two certificates, and the weights are then checked on
every row in integers. Either certificate is checked exactly before it is returned.
"""

import math
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from .errors import TableError
from .table import Table

MAX_EXACT_BITS = 30_000  # size of the rows the exact simplex may hold at once
MAX_ROUNDS = 40  # rounds of adding the rows a candidate neuron gets wrong


@dataclass(frozen=True)
class Verdict:
    """The answer to "can one neuron fit this table?" and its proof.

    ``separable`` is True, False, or None when it could not be decided (``reason``
    says why). When True, ``weights`` (one per input) and ``bias`` (None without a
    bias) are exact rationals with w·x + b > 0 on every 1-row and < 0 on every 0-row.
    When False, ``mixture`` holds one nonnegative rational per row, not all zero,
    with sum(m·x) over the 1-rows equal to sum(m·x) over the 0-rows (and, with a bias,
    sum(m) equal too): a point both classes reach, which no plane can split.
    """

    separable: bool | None
    weights: tuple | None = None
    bias: Fraction | None = None
    mixture: tuple | None = None
    reason: str = ""


def linearly_separable(table, bias=True):
    """True if one neuron can put every 1-row on one side of a line (plane) and every
    0-row on the other, so that rounding its output gives every target exactly.

    Needs one output whose targets are all 0 or 1. With ``bias=False`` the boundary
    must pass through the origin, as for the article's neuron (a constant input
    column still acts as a bias). Exact (see ``separability``); returns None, which
    is falsy, in the rare case the exact check could not decide.
    """
    return separability(table, bias).separable


def separability(table, bias=True):
    """A ``Verdict``: whether one neuron can fit ``table``, with its exact certificate."""
    y = table.targets
    if y.shape[1] != 1 or not np.isin(y, (0.0, 1.0)).all():
        raise TableError("this question needs one output whose targets are all 0 or 1",
                         "binary_targets")
    sign = np.where(y[:, 0] == 1, 1.0, -1.0)
    A = sign[:, None] * table.inputs  # every row of A must get A·v > 0
    if bias:
        A = np.hstack([A, sign[:, None]])
    M, shifts = _integer_columns(A)  # M[:, j] == A[:, j] * 2**shifts[j], exactly
    guess, support, working = _float_guess(A)
    if guess is None and support:  # the rows the float duals weigh: do they meet, exactly?
        k = M.shape[1]
        m = _solve([[M[i, j] for i in support] for j in range(k)] + [[1] * len(support)],
                   [0] * k + [1])
        if m is not None and min(m) >= 0:
            mixture = [Fraction(0)] * len(M)
            for i, x in zip(support, m):
                mixture[i] = x
            verdict = _not_separable(M, mixture)
            if verdict.separable is False:
                return verdict
    v = None if guess is None else [Fraction(x) / 2 ** s for x, s in zip(guess, shifts)]
    for _ in range(MAX_ROUNDS):
        if v is not None:
            V = _integers(v)
            margins = M.dot(np.array(V, dtype=object))
            wrong = sorted((i for i, m in enumerate(margins) if m <= 0), key=margins.__getitem__)
            if not wrong:
                return _separable([x * Fraction(2) ** s for x, s in zip(V, shifts)], bias)
            working.update(int(i) for i in wrong[:M.shape[1] + 1])
        rows = sorted(working)
        if sum(int(x).bit_length() + 1 for i in rows for x in M[i]) > MAX_EXACT_BITS:
            break
        kind, found = _simplex([list(M[i]) for i in rows])
        if kind == "mixture":
            mixture = [Fraction(0)] * len(M)
            for i, m in zip(rows, found):
                mixture[i] = m
            return _not_separable(M, mixture)
        v = found
    return Verdict(None, reason="the exact check needed more rows or rounds than it may use")


def verdicts(table, bias=True, progress=None):
    """Per target column: (its name, whether one neuron can fit it: True, False, None when
    undecided, or "n/a" when its targets are not all 0 or 1). ``progress(fraction)``, if
    given, is called after each column (neuron/work.py cancels a job through it)."""
    out = []
    for k, name in enumerate(table.target_names):
        single = Table(table.inputs, table.targets[:, [k]], table.input_names, [name])
        try:
            out.append((name, separability(single, bias=bias).separable))
        except TableError:  # targets other than 0 and 1: the question does not apply
            out.append((name, "n/a"))
        if progress is not None:
            progress((k + 1) / table.n_outputs)
    return out


def _separable(v, bias):
    scale = max(abs(x) for x in v)
    v = [x / scale for x in v]
    if bias:
        return Verdict(True, weights=tuple(v[:-1]), bias=v[-1])
    return Verdict(True, weights=tuple(v))


def _not_separable(M, mixture):
    support = [i for i, m in enumerate(mixture) if m]
    meet = all(sum(mixture[i] * M[i, j] for i in support) == 0 for j in range(M.shape[1]))
    if not (support and meet and min(mixture) >= 0):
        return Verdict(None, reason="the exact simplex gave a mixture that does not check")
    return Verdict(False, mixture=tuple(mixture))


def _integer_columns(A):
    """Integers M and shifts with M[:, j] == A[:, j] * 2**shifts[j] exactly."""
    ratios = [[x.as_integer_ratio() for x in column] for column in A.T.tolist()]
    shifts = [max(q.bit_length() - 1 for _, q in column) for column in ratios]
    M = np.array([[p << (s - q.bit_length() + 1) for p, q in column]
                  for column, s in zip(ratios, shifts)], dtype=object).T
    return M, shifts


def _integers(v):
    """The same direction as the rationals ``v``, in integers."""
    d = math.lcm(*(Fraction(x).denominator for x in v))
    return [int(Fraction(x) * d) for x in v]


def _float_guess(A):
    """A float linear program's guess: weights that separate (as exact rationals) or
    None, the rows its duals weigh, and the rows that decide it. Maximises the margin t with A·u >= t and every |u| <= 1, after
    scaling columns and rows to the same size (the answer does not change)."""
    from scipy.optimize import linprog  # imported here: only this question needs scipy

    col = np.abs(A).max(axis=0)
    col[col == 0] = 1.0
    G = A / col
    row = np.abs(G).max(axis=1)
    G = G / np.where(row > 0, row, 1.0)[:, None]
    n, k = G.shape
    result = linprog(np.r_[np.zeros(k), -1.0], A_ub=np.hstack([-G, np.ones((n, 1))]),
                     b_ub=np.zeros(n), bounds=[(-1, 1)] * k + [(None, 1)], method="highs")
    if result.status != 0:
        return None, [], set(range(min(n, k + 1)))
    u, t = result.x[:k], result.x[k]
    duals = np.abs(result.ineqlin.marginals)
    margins = G @ u
    support = np.flatnonzero(duals > 1e-9 * duals.max()).tolist() if duals.any() else []
    hints = set(support) | set(np.argsort(margins)[:k + 1].tolist())
    guess = [Fraction(a) / Fraction(c) for a, c in zip(u, col)] if t > 0 else None
    return guess, support, hints


def _solve(rows, rhs):
    """A rational x with rows·x == rhs (free unknowns 0), or None if there is none."""
    a = [[Fraction(int(x)) for x in row] + [Fraction(b)] for row, b in zip(rows, rhs)]
    n, r, pivots = len(a[0]) - 1, 0, []
    for c in range(n):
        p = next((i for i in range(r, len(a)) if a[i][c]), None)
        if p is None:
            continue
        a[r], a[p] = a[p], a[r]
        a[r] = [x / a[r][c] for x in a[r]]
        for i in range(len(a)):
            if i != r and a[i][c]:
                f = a[i][c]
                a[i] = [x - f * y for x, y in zip(a[i], a[r])]
        pivots.append(c)
        r += 1
    if any(row[-1] for row in a[r:]):
        return None
    x = [Fraction(0)] * n
    for i, c in enumerate(pivots):
        x[c] = a[i][-1]
    return x


def _simplex(rows):
    """Phase one of the simplex method in exact rationals (Bland's rule) on
    sum_i m_i·rows[i] = 0, sum_i m_i = 1, m >= 0.

    Returns ("mixture", m) if that has a solution, else ("weights", v) with
    rows[i]·v > 0 for every i: read from the duals, which prove it has none.
    """
    n, k = len(rows), len(rows[0])
    eqs = k + 1
    one, zero = Fraction(1), Fraction(0)
    # columns: m_0..m_{n-1}, then one artificial per equation, then the right-hand side
    T = [[Fraction(int(rows[i][e])) for i in range(n)] + [one if a == e else zero
                                                          for a in range(eqs)] + [zero]
         for e in range(k)]
    T.append([one] * n + [one if a == k else zero for a in range(eqs)] + [one])
    basis = [n + e for e in range(eqs)]
    z = [-sum(T[e][j] for e in range(eqs)) for j in range(n)] + [zero] * eqs + [-one]
    while True:
        j = next((j for j in range(n + eqs) if z[j] < 0), None)
        if j is None:
            break
        e = min((e for e in range(eqs) if T[e][j] > 0),
                key=lambda e: (T[e][-1] / T[e][j], basis[e]))
        pivot = T[e][j]
        T[e] = [x / pivot for x in T[e]]
        for r in range(eqs):
            if r != e and T[r][j]:
                f = T[r][j]
                T[r] = [a - f * b for a, b in zip(T[r], T[e])]
        f = z[j]
        z = [a - f * b for a, b in zip(z, T[e])]
        basis[e] = j
    if z[-1] == 0:
        m = [zero] * n
        for e, j in enumerate(basis):
            if j < n:
                m[j] = T[e][-1]
        return "mixture", m
    duals = [1 - z[n + e] for e in range(eqs)]
    return "weights", [-d for d in duals[:k]]
