"""Extra input columns computed from two inputs, as TensorFlow Playground offers them.

A two-input table (x1, x2) gains x1², x2², x1·x2, sin x1 and/or sin x2 as input
columns, always in that order whatever order they were asked in. The new columns are
named after the table's own two inputs, so ``chosen`` can read them back.

>>> features.expand(datasets.get("circle"), ["x2_squared", "x1_squared"]).input_names
('x1', 'x2', 'x1²', 'x2²')
"""

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .errors import ConfigError, TableError
from .table import Table


@dataclass(frozen=True)
class Feature:
    name: str  # a stable key, for links and settings
    template: str  # the column's name, from the two inputs' names a and b
    function: Callable  # (a, b) -> the column, elementwise
    js: str  # the same in JavaScript, of a and b (the browser draws the plane with it)

    def label(self, a="x1", b="x2"):
        return self.template.format(a=a, b=b)


FEATURES = {f.name: f for f in (
    Feature("x1_squared", "{a}²", lambda a, b: a * a, "a * a"),
    Feature("x2_squared", "{b}²", lambda a, b: b * b, "b * b"),
    Feature("x1_x2", "{a}·{b}", lambda a, b: a * b, "a * b"),
    Feature("sin_x1", "sin {a}", lambda a, b: np.sin(a), "Math.sin(a)"),
    Feature("sin_x2", "sin {b}", lambda a, b: np.sin(b), "Math.sin(b)"),
)}


def _ordered(names):
    unknown = sorted(set(names) - set(FEATURES))
    if unknown:
        raise ConfigError(f"no feature named {unknown[0]!r}; choose from "
                          f"{', '.join(FEATURES)}", "features", value=unknown[0])
    return [f for f in FEATURES if f in set(names)]


def columns(X, names):
    """Points (n x 2) with the chosen features appended: n x (2 + len(names))."""
    X = np.asarray(X, dtype=float)
    a, b = X[:, 0], X[:, 1]
    return np.column_stack([a, b, *(FEATURES[f].function(a, b) for f in _ordered(names))])


def expand(table, names):
    """``table`` (two inputs) with one input column more per chosen feature."""
    if table.n_inputs != 2:
        raise TableError("features need a table of exactly two inputs", "feature_inputs",
                         inputs=table.n_inputs)
    a, b = table.input_names
    labels = [FEATURES[f].label(a, b) for f in _ordered(names)]
    return Table(columns(table.inputs, names), table.targets, [a, b, *labels],
                 table.target_names)


def chosen(table):
    """The features ``expand`` added to ``table`` (registry order), read from its column
    names and checked against its numbers; an empty list for a table without them (or
    whose feature columns were edited). The inverse of ``expand``."""
    if table.n_inputs < 3:
        return []
    a, b = table.input_names[:2]
    labels = {f.label(a, b): f.name for f in FEATURES.values()}
    names = [labels.get(column) for column in table.input_names[2:]]
    if None in names or names != _ordered(names) or \
            not np.array_equal(columns(table.inputs, names), table.inputs):
        return []
    return names


def base(table):
    """The two-input table ``expand`` started from."""
    if table.n_inputs != 2 and not chosen(table):
        raise TableError("this table has no feature columns after two inputs",
                         "feature_inputs", inputs=table.n_inputs)
    return Table(table.inputs[:, :2], table.targets, table.input_names[:2], table.target_names)
