"""The plane on the stage, as TensorFlow Playground draws it: the network's output (and each
neuron's) over the plane of the two inputs, computed in the browser (lab/plane.js) by a
forward pass over a grid from any frame's weights. The server sends once what defines the
picture (layer sizes, activations, input features, the plane's extent, the rows) and per
frame only the weights (``params``).

    python -m lab.plane     # rewrite plane.js's block of activations and features
"""

import base64
import re
import sys
from pathlib import Path

import numpy as np

from neuron import features, lesson
from neuron.activations import ACTIVATIONS, OUTPUT
from neuron.features import FEATURES

from . import describe
from .scene import nice_ticks
from .text import number, text

GRID = 100  # samples per side of the output map (the Playground's)
THUMB = 25  # samples per side of a neuron's map on the diagram (every 4th of GRID's)
# A frame's forward pass costs grid points x weights: up to this many weights the browser
# works out 100 x 100 points in a few ms; a bigger network gets a coarser grid, same cost.
GRID_WEIGHTS = 300
PRESENTER = 1.5  # the plane's text scale in presenter mode (its map is drawn ~0.8x)
HERE = Path(__file__).parent


def inputs(table):
    """The features computed from x1 and x2 when ``table``'s inputs are a plane (two
    inputs, and any features of them), else None."""
    if table.n_inputs == 2:
        return []
    return features.chosen(table) or None


def is_regression(targets):
    """Targets other than 0 and 1: a continuous colour scale, no "target 1 / 0" legend."""
    return not np.isin(targets, (0.0, 1.0)).all()


def grid_size(weights):
    """Samples per side of the plane for a network of ``weights`` weights and biases."""
    return min(GRID, max(40, int(GRID * (GRID_WEIGHTS / max(weights, 1)) ** 0.5)))


def params(p):
    """One frame's weights and biases (``Layout`` order) for the browser: float64, base64."""
    return base64.b64encode(np.ascontiguousarray(p, dtype="<f8").tobytes()).decode()


def spec(trainer, lang, scale=1.0):
    """What the browser needs to draw the plane of ``trainer``'s table, or None when its
    inputs are not a plane. Sent with every picture; the weights come per frame.
    ``scale``: the text's (larger in presenter mode)."""
    table = trainer.table
    names = inputs(table)
    if names is None:
        return None
    sizes = trainer.layout.sizes
    X = table.inputs
    target = table.targets[:, 0]
    extent = [list(lesson.extent(X[:, k])) for k in (0, 1)]
    test = np.zeros(table.n_rows, dtype=bool)
    test[trainer.test_rows] = True
    hidden = trainer.config.activation
    kinds = ([None] * sizes[0] + [ACTIVATIONS[hidden].bounds] * sum(sizes[1:-1])
             + [OUTPUT.bounds] * sizes[-1])
    nodes = [n for layer in trainer.layer_names() for n in layer]
    regression = is_regression(target)
    right = trainer.rows_right()
    n = grid_size(trainer.layout.size)
    return dict(
        n=n, thumb=max(1, round(n / THUMB)), font=round(14 * scale), sizes=list(sizes), bias=bool(trainer.config.bias),
        acts=[hidden] * (len(sizes) - 2) + [OUTPUT.name], features=names,
        extent=extent, kinds=kinds, names=nodes, regression=bool(regression),
        points=dict(x=np.round(X[:, 0], 6).tolist(), y=np.round(X[:, 1], 6).tolist(),
                    t=target.tolist(), test=test.tolist()),
        ticks=[[[v, number(v, lang, 3)] for v in nice_ticks(lo, hi, 4) if lo <= v <= hi]
               for lo, hi in extent],
        axes=list(table.input_names[:2]),
        text=dict(output=text(lang, "plane_output", name=table.target_names[0]),
                  neuron=text(lang, "plane_neuron"), discretize=text(lang, "plane_discretize"),
                  test=text(lang, "plane_test_rows"), one=text(lang, "plane_target_1"),
                  zero=text(lang, "plane_target_0"), test_rows=text(lang, "plane_test"),
                  test_squares=text(lang, "plane_test_regression"), low=number(0, lang),
                  high=number(1, lang), scale=text(lang, "plane_scale")),
        aria=describe.plane_summary(table.input_names[:2], table.target_names[0], extent,
                                    int(right.sum()), len(right), len(trainer.test_rows),
                                    regression, lang))


# -- the registries, in JavaScript ----------------------------------------------------------

BEGIN = "// -- begin: from neuron's registries (python -m lab.plane writes it) --\n"
END = "// -- end --\n"


def registries_js():
    """plane.js's block of the activations and features, derived from their registries."""
    acts = "".join(f"  {a.name}: (z) => {a.js},\n" for a in ACTIVATIONS.values())
    feats = "".join(f"  {f.name}: (a, b) => {f.js},\n" for f in FEATURES.values())
    return f"{BEGIN}const ACTIVATIONS = {{\n{acts}}};\nconst FEATURES = {{\n{feats}}};\n{END}"


def block(source):
    """The registries' block as it stands in ``source`` (plane.js's text)."""
    found = re.search(re.escape(BEGIN) + ".*?" + re.escape(END), source, re.S)
    return found.group(0) if found else None


if __name__ == "__main__":
    path = HERE / "plane.js"
    source = path.read_text()
    path.write_text(source.replace(block(source), registries_js()))
    sys.exit(0)
