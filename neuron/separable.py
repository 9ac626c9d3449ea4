"""Can a single neuron fit this table? An exact linear-programming answer."""

import numpy as np

from .errors import TableError


def linearly_separable(table, bias=True):
    """True if one neuron can put every 1-row on one side of a line (plane) and every
    0-row on the other, so that rounding its output gives every target exactly.

    Needs one output whose targets are all 0 or 1. With ``bias=False`` the boundary
    must pass through the origin, as for the article's neuron (a constant input
    column still acts as a bias). Solved as a feasibility problem: find w, b with
    w·x + b >= 1 on the 1-rows and <= -1 on the 0-rows.
    """
    from scipy.optimize import linprog  # imported here: only this question needs scipy

    y = table.targets
    if y.shape[1] != 1 or not np.isin(y, (0.0, 1.0)).all():
        raise TableError("this question needs one output whose targets are all 0 or 1",
                         "binary_targets")
    X = table.inputs
    scale = np.abs(X).max(axis=0)
    X = X / np.where(scale > 0, scale, 1.0)  # same answer, better conditioned
    if bias:
        X = np.hstack([X, np.ones((len(X), 1))])
    sign = np.where(y[:, 0] == 1, -1.0, 1.0)
    # sign * (w·x) <= -1 for every row
    result = linprog(np.zeros(X.shape[1]), A_ub=sign[:, None] * X, b_ub=-np.ones(len(X)),
                     bounds=[(None, None)] * X.shape[1], method="highs")
    return result.status == 0
