"""Activations as data: each is its function and its slope written from its output.

The article's slope ``out * (1 - out)`` takes the sigmoid's *output*, not its input;
tanh's slope is likewise ``1 - out**2``. ReLU's slope is 0 at z = 0.
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


def _relu(z):
    return np.maximum(z, 0.0)


def _relu_slope(a, z):
    return (z > 0).astype(float)


@dataclass(frozen=True)
class Activation:
    name: str
    output: Callable
    slope: Callable  # slope(a, z): derivative at z, from the output a = output(z)


ACTIVATIONS = {
    "sigmoid": Activation("sigmoid", _sigmoid, _sigmoid_slope),
    "tanh": Activation("tanh", np.tanh, _tanh_slope),
    "relu": Activation("relu", _relu, _relu_slope),
}
