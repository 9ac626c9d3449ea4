"""neuron.features: extra input columns from x1 and x2, and reading them back."""

import math

import numpy as np
import pytest

from neuron import ConfigError, Table, TableError, datasets, features, presets

ALL = list(features.FEATURES)


def test_the_playgrounds_five_features_in_its_order():
    assert [f.label() for f in features.FEATURES.values()] == \
        ["x1²", "x2²", "x1·x2", "sin x1", "sin x2"]


def test_each_feature_computes_its_formula_row_by_row():
    table = datasets.get("spiral", points=50, noise=20, seed=2)
    wide = features.expand(table, ALL)
    assert wide.input_names == ("x1", "x2", "x1²", "x2²", "x1·x2", "sin x1", "sin x2")
    for (x1, x2), row in zip(table.inputs.tolist(), wide.inputs.tolist()):
        assert row == [x1, x2, x1 * x1, x2 * x2, x1 * x2, math.sin(x1), math.sin(x2)]
    np.testing.assert_array_equal(wide.targets, table.targets)


def test_column_order_does_not_depend_on_the_order_asked():
    table = datasets.get("circle", points=20)
    a = features.expand(table, ["sin_x2", "x1_squared"])
    b = features.expand(table, ["x1_squared", "sin_x2", "sin_x2"])
    assert a == b and a.input_names == ("x1", "x2", "x1²", "sin x2")


def test_no_features_is_the_same_table():
    table = datasets.get("xor", points=20)
    assert features.expand(table, []) == table
    assert features.chosen(table) == [] and features.base(table) == table


@pytest.mark.parametrize("names", [["x1_x2"], ["x2_squared", "sin_x1"], ALL])
def test_chosen_and_base_undo_expand_also_through_csv(names):
    table = datasets.get("gaussians", points=30, noise=30, seed=1)
    wide = features.expand(table, names)
    assert features.chosen(wide) == [f for f in ALL if f in names]
    assert features.base(wide) == table
    again = Table.from_csv(wide.to_csv())
    assert again == wide and features.chosen(again) == features.chosen(wide)


def test_features_follow_the_tables_own_input_names():
    table = Table([[1, 2], [3, 4]], [0, 1], ["a", "b"], ["y"])
    wide = features.expand(table, ["x1_x2", "sin_x2"])
    assert wide.input_names == ("a", "b", "a·b", "sin b")
    assert features.chosen(wide) == ["x1_x2", "sin_x2"]


def test_chosen_ignores_look_alike_or_edited_columns():
    assert features.chosen(presets.get("seed")) == []
    assert features.chosen(presets.get("not")) == []
    wide = features.expand(datasets.get("circle", points=5), ["x1_squared"])
    edited = wide.inputs.copy()
    edited[0, 2] += 1
    fake = Table(edited, wide.targets, wide.input_names, wide.target_names)
    assert features.chosen(fake) == []
    with pytest.raises(TableError):
        features.base(fake)


def test_columns_on_grid_points_match_expand():
    X = np.array([[0.0, 0.0], [1.5, -2.0], [-3.0, 4.0]])
    table = Table(X, [[0], [1], [0]])
    np.testing.assert_array_equal(features.columns(X, ALL), features.expand(table, ALL).inputs)


def test_bad_requests():
    with pytest.raises(ConfigError):
        features.expand(datasets.get("circle", points=5), ["x3_squared"])
    with pytest.raises(TableError):
        features.expand(presets.get("seed"), ["x1_squared"])
