"""Activations as data: the one registry that training, validation, the explanation and the
exports read.

Each is its function, its slope written from its output (the article's ``out * (1 - out)``
takes the sigmoid's *output*, not its input; tanh's is likewise ``1 - out**2``; ReLU's
slope is 0 at z = 0; linear, as TensorFlow Playground has it, passes z on with slope 1), the
symbol the explanation prints, the numpy lines an exported script writes for both, the Keras
name, and the output in JavaScript (the browser draws the plane with it). No output is
larger than max(1, |z|):
``Network.bounded`` relies on it.
"""

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

# 1 as a 0-d array: numpy combines it with an array in half the time it takes for the
# Python number 1 (same result), which counts on the small arrays of a truth table
ONE = np.array(1.0)


def _fresh(like, into):
    """``into``, or a new array of ``like``'s shape (numbers too: in-place steps need one)."""
    return np.empty(np.shape(like)) if into is None else into


def _sigmoid(z, into=None):
    # For z < -709, e^-z overflows to inf and 1 / (1 + inf) is 0: the exact float64 limit.
    # The trainer calls this inside np.errstate(over="ignore"), so nothing warns.
    a = np.negative(z, out=_fresh(z, into))
    np.exp(a, out=a)
    a += ONE
    return np.divide(ONE, a, out=a)


def sigmoid(z):
    """1 / (1 + e^-z), as the article writes it: exact, and silent for any z."""
    with np.errstate(over="ignore"):
        return _sigmoid(np.asarray(z, dtype=float))


def _sigmoid_slope(a, z, into=None):
    s = np.subtract(ONE, a, out=_fresh(a, into))
    return np.multiply(a, s, out=s)


def _tanh_slope(a, z, into=None):
    s = np.multiply(a, a, out=_fresh(a, into))
    return np.subtract(ONE, s, out=s)


def _linear(z, into=None):
    if into is None:
        return np.array(z, dtype=float)
    into[...] = z
    return into


def _linear_slope(a, z, into=None):
    if into is None:
        return np.ones_like(a)
    into.fill(1.0)
    return into


def _relu(z, into=None):
    return np.maximum(z, 0.0, out=into)


def _relu_slope(a, z, into=None):
    return np.greater(z, 0, out=_fresh(z, into))  # 1.0 or 0.0


@dataclass(frozen=True)
class Activation:
    name: str
    output: Callable  # output(z, into=None): into an array of z's shape if given
    slope: Callable  # slope(a, z, into=None): derivative at z, from the output a = output(z)
    symbol: str  # as the explanation writes it: σ(z)
    output_source: str  # numpy expression of output(z), for exported scripts
    slope_source: str  # numpy expression of slope(a, z)
    keras: str
    js: str  # output(z) in JavaScript: the stage's browser draws the plane with it (lab/plane.js)
    bounds: tuple | None = None  # the outputs' range (low, high); None: unbounded

    def __repr__(self):
        return f"Activation({self.name}: {self.output_source}, slope {self.slope_source})"


ACTIVATIONS = {a.name: a for a in (
    Activation("sigmoid", _sigmoid, _sigmoid_slope, "σ",
               "1 / (1 + np.exp(-z))", "a * (1 - a)", "sigmoid", "1 / (1 + Math.exp(-z))", (0.0, 1.0)),
    Activation("tanh", np.tanh, _tanh_slope, "tanh", "np.tanh(z)", "1 - a * a", "tanh",
               "Math.tanh(z)", (-1.0, 1.0)),
    Activation("relu", _relu, _relu_slope, "ReLU",
               "np.maximum(z, 0.0)", "(z > 0).astype(float)", "relu", "Math.max(z, 0)"),
    Activation("linear", _linear, _linear_slope, "id", "z", "np.ones_like(a)", "linear", "z"),
)}
OUTPUT = ACTIVATIONS["sigmoid"]  # the output layer is always a sigmoid, as in the article
