"""The ready-made tables: the article's, the logic gates, the follow-up's, the half adder."""

from itertools import product

import numpy as np
import pytest

from neuron import Table, presets

NAMES = ["seed", "and", "or", "nand", "nor", "xor", "not", "majority", "xor3", "half_adder"]


def test_names_article_first():
    assert presets.names()[0] == "seed"
    assert set(presets.names()) == set(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_each_loads(name):
    table = presets.get(name)
    assert isinstance(table, Table)
    assert set(np.unique(table.targets)) <= {0.0, 1.0}


def test_unknown_name():
    with pytest.raises(KeyError):
        presets.get("nope")


def test_get_returns_a_fresh_table():
    assert presets.get("seed") is not presets.get("seed")


def test_seed_is_the_articles_table():
    table = presets.get("seed")
    np.testing.assert_array_equal(table.inputs, [[0, 0, 1], [1, 1, 1], [1, 0, 1], [0, 1, 1]])
    np.testing.assert_array_equal(table.targets, [[0], [1], [1], [0]])
    assert table.inputs.dtype == np.float64


def test_xor3_is_the_follow_ups_table():
    table = presets.get("xor3")
    np.testing.assert_array_equal(
        table.inputs, [[0, 0, 1], [0, 1, 1], [1, 0, 1], [0, 1, 0], [1, 0, 0], [1, 1, 1], [0, 0, 0]])
    np.testing.assert_array_equal(table.targets.ravel(), [0, 1, 1, 1, 1, 0, 0])


GATES = {
    "and": lambda a, b: a and b, "or": lambda a, b: a or b,
    "nand": lambda a, b: not (a and b), "nor": lambda a, b: not (a or b),
    "xor": lambda a, b: a != b,
}


@pytest.mark.parametrize("name", sorted(GATES))
def test_gates(name):
    table = presets.get(name)
    assert table.n_rows == 4
    assert (table.inputs[:, 2] == 1).all()  # the constant input
    for (a, b, _), (y,) in zip(table.inputs, table.targets):
        assert y == GATES[name](bool(a), bool(b))


def test_not():
    table = presets.get("not")
    for (a, one), (y,) in zip(table.inputs, table.targets):
        assert one == 1 and y == 1 - a


def test_majority():
    table = presets.get("majority")
    assert table.n_rows == 8
    seen = set()
    for row, (y,) in zip(table.inputs, table.targets):
        assert row[3] == 1
        assert y == (row[:3].sum() >= 2)
        seen.add(tuple(row[:3]))
    assert seen == set(product((0.0, 1.0), repeat=3))


def test_half_adder_has_two_outputs():
    table = presets.get("half_adder")
    assert table.n_outputs == 2
    assert table.target_names == ("sum", "carry")
    for (a, b, _), (s, c) in zip(table.inputs, table.targets):
        assert s == (a != b) and c == (a and b)
