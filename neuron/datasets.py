"""Two-input data sets shaped like TensorFlow Playground's (src/dataset.ts), seeded.

Each generator takes ``points`` (rows), ``noise`` (the playground's 0-50 %) and ``seed``
and returns a ``Table`` with inputs x1, x2 and target y. Classification sets have
targets 0 and 1; the regression sets have targets in [0, 1]. Coordinates are rounded to
3 decimals (readable in the table editor) before the labels are computed from them.

As in the playground, noise moves the point at which the label is read (the point
itself stays where it was drawn), so noisy labels near a boundary are flipped; for the
gaussians it widens the clouds, for the spiral it moves the points off their arm.

>>> datasets.get("circle", points=200, noise=10, seed=0)
Table(200 rows, inputs ['x1', 'x2'], targets ['y'])
"""

from dataclasses import dataclass

import numpy as np

from .errors import ConfigError
from .table import MAX_ROWS, Table

DECIMALS = 3


@dataclass(frozen=True)
class Parameter:
    name: str
    low: int
    high: int
    default: int


PARAMETERS = (
    Parameter("points", 2, MAX_ROWS, 200),
    Parameter("noise", 0, 50, 0),
    Parameter("seed", 0, 2**32 - 1, 0),
)


def _round(a):
    return np.round(a, DECIMALS) + 0.0  # + 0.0 turns -0.0 into 0.0


def _halves(points):
    return points - points // 2, points // 2  # label 1 first, label 0 second


def _polar(rng, r_low, r_high, n):
    r = rng.uniform(r_low, r_high, n)
    angle = rng.uniform(0, 2 * np.pi, n)
    return np.column_stack([r * np.sin(angle), r * np.cos(angle)])


def circle(points, noise, rng):
    """Label 1 inside radius 2.5, 0 outside; drawn at radius 0-2.5 and 3.5-5 (a gap)."""
    radius = 5.0
    inner, outer = _halves(points)
    X = _round(np.vstack([_polar(rng, 0, 0.5 * radius, inner),
                          _polar(rng, 0.7 * radius, radius, outer)]))
    read = X + rng.uniform(-radius, radius, (points, 2)) * noise
    return X, (np.hypot(read[:, 0], read[:, 1]) < 0.5 * radius).astype(float)


def xor(points, noise, rng):
    """Label 1 where x1 and x2 have the same sign; each coordinate kept 0.3 off the axes."""
    X = rng.uniform(-5, 5, (points, 2))
    X = _round(X + np.where(X > 0, 0.3, -0.3))
    read = X + rng.uniform(-5, 5, (points, 2)) * noise
    return X, (read[:, 0] * read[:, 1] >= 0).astype(float)


def gaussians(points, noise, rng):
    """Label 1 around (2, 2), 0 around (-2, -2); variance 0.5 at no noise, 4 at 50 %."""
    variance = 0.5 + noise / 0.5 * 3.5
    ones, zeros = _halves(points)
    centres = np.repeat([[2.0, 2.0], [-2.0, -2.0]], [ones, zeros], axis=0)
    X = _round(centres + rng.normal(0, np.sqrt(variance), (points, 2)))
    return X, np.repeat([1.0, 0.0], [ones, zeros])


def spiral(points, noise, rng):
    """Two arms, 1.75 turns out to radius 5: label 1 from angle 0, label 0 from angle pi."""
    arms = []
    for n, turn in zip(_halves(points), (0.0, np.pi)):
        i = np.arange(n) / max(n, 1)
        r, t = 5 * i, 1.75 * 2 * np.pi * i + turn
        arms.append(np.column_stack([r * np.sin(t), r * np.cos(t)]))
    X = np.vstack(arms) + rng.uniform(-1, 1, (points, 2)) * noise
    ones, zeros = _halves(points)
    return _round(X), np.repeat([1.0, 0.0], [ones, zeros])


def plane(points, noise, rng):
    """Regression: y = 0.5 + (x1 + x2) / 24 over the square [-6, 6]², so y spans [0, 1];
    read at the noise-moved point and clipped to [0, 1]."""
    radius = 6.0
    X = _round(rng.uniform(-radius, radius, (points, 2)))
    read = X + rng.uniform(-radius, radius, (points, 2)) * noise
    y = np.clip(0.5 + read.sum(axis=1) / (4 * radius), 0.0, 1.0)
    return X, _round(y)


def multi_gaussian(points, noise, rng):
    """Regression, TensorFlow Playground's "reg-gauss": six bumps on a 3 x 2 grid over the
    square [-6, 6]², alternately up (target 1 at the centre) and down (0); a point takes the
    bump whose value is furthest from 0.5, falling linearly to 0.5 at distance 2 from its
    centre. The Playground's labels -1..1 are mapped to 0..1, read at the noise-moved point."""
    radius = 6.0
    X = _round(rng.uniform(-radius, radius, (points, 2)))
    read = X + rng.uniform(-radius, radius, (points, 2)) * noise
    centres = np.array([[-4, 2.5], [0, 2.5], [4, 2.5], [-4, -2.5], [0, -2.5], [4, -2.5]])
    signs = np.array([1, -1, 1, -1, 1, -1])
    distance = np.hypot(*(read[:, None, :] - centres).transpose(2, 0, 1))
    labels = signs * np.clip(1 - distance / 2, 0, 1)
    label = np.take_along_axis(labels, np.abs(labels).argmax(axis=1)[:, None], 1)[:, 0]
    return X, _round((label + 1) / 2)


_DATASETS = {  # the page's catalogue (lab/text.py) titles and describes each
    "circle": circle,
    "xor": xor,
    "gaussians": gaussians,
    "spiral": spiral,
    "plane": plane,
    "multi_gaussian": multi_gaussian,
}
# TensorFlow Playground's names for the same data sets
ALIASES = {"gauss": "gaussians", "reg-plane": "plane", "reg-gauss": "multi_gaussian"}


def names():
    """Data set names, the classification sets first."""
    return list(_DATASETS)


def get(name, points=200, noise=0, seed=0):
    """A fresh Table of ``points`` rows drawn from ``seed``, with ``noise`` percent noise.
    ``name`` is one of ``names()`` or TensorFlow Playground's (``ALIASES``).

    The rows are shuffled (with the same seed), so any first rows are a fair sample.
    """
    name = ALIASES.get(name, name)
    if name not in _DATASETS:
        raise KeyError(f"no data set named {name!r}; choose from {', '.join(_DATASETS)} "
                       f"(or {', '.join(ALIASES)})")
    values = {"points": points, "noise": noise, "seed": seed}
    for p in PARAMETERS:
        v = values[p.name]
        if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or \
                not p.low <= v <= p.high:
            raise ConfigError(f"{p.name} must be a whole number from {p.low} to {p.high}, "
                              f"not {v!r}", p.name, value=v)
    rng = np.random.default_rng(seed)
    X, y = _DATASETS[name](int(points), noise / 100, rng)
    order = rng.permutation(points)
    return Table(X[order], y[order, None], ["x1", "x2"], ["y"])


def is_regression(name):
    """True for a data set whose targets are any number in [0, 1], not just 0 and 1."""
    return _DATASETS[ALIASES.get(name, name)] in (plane, multi_gaussian)
