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


def _sigmoid(z):
    # For z < -709, e^-z overflows to inf and 1 / (1 + inf) is 0: the exact float64 limit.
    # The trainer calls this inside np.errstate(over="ignore"), so nothing warns.
    a = np.exp(-z)
    a += 1
    return np.divide(1, a, out=a)


def sigmoid(z):
    """1 / (1 + e^-z), as the article writes it: exact, and silent for any z."""
    with np.errstate(over="ignore"):
        return _sigmoid(np.asarray(z, dtype=float))


def _sigmoid_slope(a, z):
    return a * (1 - a)


def _tanh_slope(a, z):
    return 1 - a * a


def _linear(z):
    return np.asarray(z, dtype=float)


def _linear_slope(a, z):
    return np.ones_like(a)


def _relu(z):
    return np.maximum(z, 0.0)


def _relu_slope(a, z):
    return (z > 0).astype(float)


@dataclass(frozen=True)
class Activation:
    name: str
    output: Callable
    slope: Callable  # slope(a, z): derivative at z, from the output a = output(z)
    symbol: str  # as the explanation writes it: σ(z)
    output_source: str  # numpy expression of output(z), for exported scripts
    slope_source: str  # numpy expression of slope(a, z)
    keras: str
    js: str  # output(z) in JavaScript: the stage's browser draws the plane with it (lab/plane.js)

    def __repr__(self):
        return f"Activation({self.name}: {self.output_source}, slope {self.slope_source})"


ACTIVATIONS = {a.name: a for a in (
    Activation("sigmoid", _sigmoid, _sigmoid_slope, "σ",
               "1 / (1 + np.exp(-z))", "a * (1 - a)", "sigmoid", "1 / (1 + Math.exp(-z))"),
    Activation("tanh", np.tanh, _tanh_slope, "tanh", "np.tanh(z)", "1 - a * a", "tanh",
               "Math.tanh(z)"),
    Activation("relu", _relu, _relu_slope, "ReLU",
               "np.maximum(z, 0.0)", "(z > 0).astype(float)", "relu", "Math.max(z, 0)"),
    Activation("linear", _linear, _linear_slope, "id", "z", "np.ones_like(a)", "linear", "z"),
)}
OUTPUT = ACTIVATIONS["sigmoid"]  # the output layer is always a sigmoid, as in the article
