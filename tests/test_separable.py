"""linearly_separable and separability: exact answers, each with a certificate checked here in
rationals, against known counts of threshold functions and tables whose answer is known by
construction."""

from fractions import Fraction
from itertools import product

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from neuron import Table, TableError, linearly_separable, presets
from neuron.separable import separability


@pytest.mark.parametrize("name", ["and", "or", "nand", "nor", "not", "majority", "seed"])
def test_a_single_neuron_can(name):
    assert linearly_separable(presets.get(name))


@pytest.mark.parametrize("name", ["xor", "xor3"])
def test_a_single_neuron_cannot(name):
    assert not linearly_separable(presets.get(name))
    assert not linearly_separable(presets.get(name), bias=False)


def test_and_without_the_constant_column_needs_a_bias():
    table = Table([[0, 0], [0, 1], [1, 0], [1, 1]], [0, 0, 0, 1])
    assert linearly_separable(table)
    assert not linearly_separable(table, bias=False)


def test_the_constant_column_acts_as_a_bias():
    assert linearly_separable(presets.get("and"), bias=False)


@pytest.mark.parametrize(("n", "count"), [(2, 14), (3, 104)])
def test_counts_of_boolean_threshold_functions(n, count):
    # Known: 14 of the 16 two-input functions (all but XOR, XNOR) and 104 of the 256
    # three-input ones are linearly separable.
    rows = list(product((0, 1), repeat=n))
    found = sum(linearly_separable(Table(rows, list(targets)))
                for targets in product((0, 1), repeat=len(rows)))
    assert found == count


def test_scaled_inputs_same_answer():
    rows = [[0, 0], [0, 1e6], [1e-3, 0], [1e-3, 1e6]]
    assert linearly_separable(Table(rows, [0, 0, 0, 1]))
    assert not linearly_separable(Table(rows, [0, 1, 1, 0]))


def test_repeated_rows_with_different_targets():
    assert not linearly_separable(Table([[1, 0], [1, 0]], [0, 1]))


@pytest.mark.parametrize("table", [
    Table([[0, 1], [1, 1]], [0.5, 1]),
    presets.get("half_adder"),
])
def test_needs_one_binary_output(table):
    with pytest.raises(TableError) as caught:
        linearly_separable(table)
    assert caught.value.rule


# -- exact verdicts with certificates ---------------------------------------------------------

def checked(table, bias=True):
    """The verdict, after checking its certificate here in exact rationals."""
    verdict = separability(table, bias)
    X = [[Fraction(x) for x in row] for row in table.inputs.tolist()]
    y = table.targets[:, 0].tolist()
    if verdict.separable:
        b = verdict.bias if bias else 0
        assert bias or verdict.bias is None
        for x, t in zip(X, y):
            z = sum(w * xi for w, xi in zip(verdict.weights, x)) + b
            assert z > 0 if t == 1 else z < 0
    elif verdict.separable is False:
        m = verdict.mixture
        assert len(m) == len(X) and min(m) >= 0 and any(m)
        for j in range(table.n_inputs):
            assert sum(mi * x[j] for mi, x, t in zip(m, X, y) if t == 1) == \
                sum(mi * x[j] for mi, x, t in zip(m, X, y) if t == 0)
        if bias:
            assert sum(mi for mi, t in zip(m, y) if t == 1) == sum(mi for mi, t in zip(m, y) if t == 0)
    return verdict.separable


def test_the_issue_example():
    table = Table([[-1], [0], [1e-9], [1]], [0, 0, 1, 1])
    assert checked(table) is True
    assert linearly_separable(table) is True


def one_column_truth(xs, ys):
    """Independent rule for one input with a bias: the classes' ranges do not overlap."""
    ones = [x for x, y in zip(xs, ys) if y == 1]
    zeros = [x for x, y in zip(xs, ys) if y == 0]
    return not ones or not zeros or max(zeros) < min(ones) or max(ones) < min(zeros)


GAPS = [1e-3, 1e-9, 1e-12, 2.0**-40, 1e-15, 2.0**-52, 1e-300, 5e-324]
OFFSETS = [0.0, 1.0, -1e6 + 1, 1e6 - 1]


@pytest.mark.parametrize("gap", GAPS)
@pytest.mark.parametrize("offset", OFFSETS)
def test_close_classes_in_one_column(offset, gap):
    """Two classes whose nearest rows are `gap` apart near `offset` (32 probes). Where the
    float sum rounds the gap away, the rows coincide and the truth changes with them."""
    xs = [offset - 1, offset, offset + gap, offset + 1]
    ys = [0, 0, 1, 1]
    truth = one_column_truth(xs, ys)
    assert checked(Table([[x] for x in xs], ys)) is truth
    interleaved = [0, 1, 0, 1] if xs[1] != xs[2] else [1, 0, 1, 0]
    assert checked(Table([[x] for x in xs], interleaved)) is False


@pytest.mark.parametrize("gap", GAPS)
@pytest.mark.parametrize("scale", [1.0, 5e5, 2.0**-30])
def test_close_classes_across_a_diagonal(gap, scale):
    """x1 > x2 for the 1-rows, by as little as `gap`; the boundary w = (1, -1) is known.
    Points that round onto the diagonal are dropped, so every row is strictly on a side;
    those at t = 0 always stay (24 probes, plus the same table through the origin)."""
    rows, ys = [], []
    for t in (-1.0, -0.5, 0.0, 0.25, 1.0):
        for d in (gap, -gap, 2 * gap, -3 * gap):
            x1, x2 = t * scale + d, t * scale
            if x1 != x2:
                rows.append([x1, x2])
                ys.append(int(x1 > x2))
    assert checked(Table(rows, ys)) is True
    assert checked(Table(rows, ys), bias=False) is True


@pytest.mark.parametrize("size", [1.0, 2.0**-30, 2.0**-500, 2.0**-1064])
@pytest.mark.parametrize("center", [(0.0, 0.0), (1e6 - 1, -1e6 + 1), (0.5, 3.0)])
def test_xor_like_parallelograms(center, size):
    """p, r (1-rows) and q, s (0-rows) with p + r == q + s exactly: the midpoints meet, so
    no line splits them, however small (12 probes); with a bias and through the origin."""
    cx, cy = center
    p, r, q, s = (cx + size, cy), (cx - size, cy), (cx, cy + size), (cx, cy - size)
    assert all(Fraction(p[k]) + Fraction(r[k]) == Fraction(q[k]) + Fraction(s[k]) for k in (0, 1))
    table = Table([p, r, q, s], [1, 1, 0, 0])
    assert checked(table) is False
    if center == (0.0, 0.0):
        assert checked(table, bias=False) is False


def test_conflicting_duplicate_and_zero_rows():
    assert checked(Table([[1e-300, 2], [1e-300, 2]], [1, 0])) is False
    assert checked(Table([[0.0, 0.0], [1, 1]], [1, 1]), bias=False) is False  # z = 0 at the origin
    assert checked(Table([[0.0, 0.0], [1, 1]], [1, 1])) is True


@settings(deadline=None, max_examples=150)
@given(st.lists(st.sampled_from([0.0, 1.0, -1.0, 1e-9, -1e-9, 1e-300, 5e-324, 1e6, -1e6,
                                 1 + 2**-52, 0.5]), min_size=2, max_size=8),
       st.data())
def test_one_column_agrees_with_the_ranges_rule(xs, data):
    ys = data.draw(st.lists(st.sampled_from([0, 1]), min_size=len(xs), max_size=len(xs)))
    assert checked(Table([[x] for x in xs], ys)) is one_column_truth(xs, ys)


small = st.one_of(st.integers(-3, 3).map(float), st.sampled_from([1e-9, -1e-12, 5e-324, 1e6]),
                  st.floats(-1e6, 1e6, allow_subnormal=True))


@settings(deadline=None, max_examples=100)
@given(st.integers(1, 3), st.integers(2, 8), st.data())
def test_labelled_by_a_known_plane(n_in, n_rows, data):
    """Rows labelled by the sign of a known w·x + b (rows on the plane left out): separable."""
    w = data.draw(st.lists(st.integers(-3, 3).map(Fraction), min_size=n_in, max_size=n_in))
    b = data.draw(st.sampled_from([Fraction(0), Fraction(1, 3), Fraction(-5, 10**9)]))
    rows = data.draw(st.lists(st.lists(small, min_size=n_in, max_size=n_in),
                              min_size=n_rows, max_size=n_rows))
    z = [sum(wi * Fraction(x) for wi, x in zip(w, row)) + b for row in rows]
    kept = [(row, int(zi > 0)) for row, zi in zip(rows, z) if zi != 0]
    if kept:
        table = Table([r for r, _ in kept], [y for _, y in kept])
        assert checked(table) is True
        if b == 0:
            assert checked(table, bias=False) is True


@settings(deadline=None, max_examples=100)
@given(st.integers(1, 3), st.integers(2, 7), st.data())
def test_any_small_table_gets_a_checked_verdict(n_in, n_rows, data):
    rows = data.draw(st.lists(st.lists(small, min_size=n_in, max_size=n_in),
                              min_size=n_rows, max_size=n_rows))
    ys = data.draw(st.lists(st.sampled_from([0, 1]), min_size=n_rows, max_size=n_rows))
    table = Table(rows, ys)
    bias = data.draw(st.booleans())
    assert checked(table, bias) is not None
    # scaling a column by a power of two changes nothing (where the scaling is exact)
    k, e = data.draw(st.integers(0, n_in - 1)), data.draw(st.integers(-20, -1))
    scaled = table.inputs.copy()
    scaled[:, k] *= 2.0 ** e
    assume(np.array_equal(scaled[:, k] / 2.0 ** e, table.inputs[:, k]))
    assert checked(Table(scaled, ys), bias) is checked(table, bias)
