"""Activations as data: each is its function and its slope written from its output.

The article's slope ``out * (1 - out)`` takes the sigmoid's *output*, not its input;
tanh's slope is likewise ``1 - out**2``. ReLU's slope is 0 at z = 0.
"""

from dataclasses import dataclass
from typing import Callable

import numpy as np

# exp(709) is the largest power of e a float64 holds; below -709 the sigmoid is 0 to
# float64 precision anyway, so clipping there changes nothing but the overflow.
_EXP_LIMIT = 709.0


def sigmoid(z):
    """1 / (1 + e^-z), as the article writes it, without overflow for very negative z."""
    return 1 / (1 + np.exp(-np.maximum(z, -_EXP_LIMIT)))


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
    "sigmoid": Activation("sigmoid", sigmoid, _sigmoid_slope),
    "tanh": Activation("tanh", np.tanh, _tanh_slope),
    "relu": Activation("relu", _relu, _relu_slope),
}
