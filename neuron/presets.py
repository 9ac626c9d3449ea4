"""Ready-made training tables, by name (the page's catalogue, lab/text.py, titles and
describes each).

Logic gates carry a constant input of 1, as the article's third input does: it lets
the single neuron (which has no bias of its own by default) learn a threshold.
"""

from itertools import product

from .table import Table

_PAIRS = [(0, 0), (0, 1), (1, 0), (1, 1)]


def _gate(fn):
    rows = [(a, b, 1) for a, b in _PAIRS]
    return Table(rows, [fn(a, b) for a, b in _PAIRS], ["x1", "x2", "x3"], ["y"])


def _seed():
    return Table([[0, 0, 1], [1, 1, 1], [1, 0, 1], [0, 1, 1]], [0, 1, 1, 0])


def _not():
    return Table([[0, 1], [1, 1]], [1, 0], ["x1", "x2"], ["y"])


def _majority():
    rows = list(product((0, 1), repeat=3))
    return Table([(*r, 1) for r in rows], [int(sum(r) >= 2) for r in rows],
                 ["x1", "x2", "x3", "x4"], ["y"])


def _xor3():
    rows = [[0, 0, 1], [0, 1, 1], [1, 0, 1], [0, 1, 0], [1, 0, 0], [1, 1, 1], [0, 0, 0]]
    return Table(rows, [0, 1, 1, 1, 1, 0, 0])


def _half_adder():
    rows = [(a, b, 1) for a, b in _PAIRS]
    return Table(rows, [(a ^ b, a & b) for a, b in _PAIRS], ["x1", "x2", "x3"],
                 ["sum", "carry"])


_PRESETS = {
    "seed": _seed,
    "and": lambda: _gate(lambda a, b: a & b),
    "or": lambda: _gate(lambda a, b: a | b),
    "nand": lambda: _gate(lambda a, b: 1 - (a & b)),
    "nor": lambda: _gate(lambda a, b: 1 - (a | b)),
    "xor": lambda: _gate(lambda a, b: a ^ b),
    "not": _not,
    "majority": _majority,
    "xor3": _xor3,
    "half_adder": _half_adder,
}


def names():
    """Preset names, the article's first."""
    return list(_PRESETS)


def get(name):
    """A fresh Table for a preset name."""
    try:
        return _PRESETS[name]()
    except KeyError:
        raise KeyError(f"no preset named {name!r}; choose from {', '.join(_PRESETS)}") from None

