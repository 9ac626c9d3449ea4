"""linearly_separable: exact answers, checked against known counts of threshold functions."""

from itertools import product

import pytest

from neuron import Table, TableError, linearly_separable, presets


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
