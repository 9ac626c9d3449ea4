"""Losses as data: the one registry that training, validation, the explanation and the
exports read.

The update descends the *summed* loss (the article's ½Σ(y − out)² for ``squared``);
the loss shown is the mean over every row and output. ``delta`` is minus the summed
loss's derivative at the output neuron's sum z, for the sigmoid output layer.
"""

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .activations import ONE


def _squared_delta(errors, out, into=None):
    # σ'(z) = out(1 − out), multiplied in the article's order: its numbers stay bit-exact
    d = np.multiply(errors, out, out=into)
    d *= ONE - out
    return d


def _cross_entropy_delta(errors, out, into=None):
    # the sigmoid's slope cancels against the loss's 1 / (out(1 − out)): the errors (a copy)
    return np.positive(errors, out=into)


def _squared_terms(targets, z, out):
    e = targets - out
    return e * e


def _cross_entropy_terms(targets, z, out):
    # from the logit: finite for every finite z, where log(out) would be -inf
    return np.logaddexp(0, z) - targets * z


@dataclass(frozen=True)
class Loss:
    name: str
    delta: Callable  # delta(errors, out, into=None) at the output sum, errors = targets - out
    terms: Callable  # terms(targets, z, out): one term per row and output; the loss is their mean
    delta_source: str  # numpy expression of delta, for exported scripts
    terms_source: str  # numpy expression of terms
    keras: str

    def __repr__(self):
        return f"Loss({self.name}: mean of {self.terms_source}, delta {self.delta_source})"


LOSSES = {loss.name: loss for loss in (
    Loss("squared", _squared_delta, _squared_terms, "errors * output * (1 - output)",
         "(targets - output) ** 2", "mean_squared_error"),
    Loss("cross_entropy", _cross_entropy_delta, _cross_entropy_terms, "errors",
         "np.logaddexp(0, z) - targets * z", "binary_crossentropy"),
)}


def mean_loss(terms):
    """The loss shown: the mean of the terms over every row and output (the last two axes)."""
    t = terms.reshape(*terms.shape[:-2], -1)
    return np.add.reduce(t, axis=-1) / t.shape[-1]  # np.sum, sooner


@dataclass(frozen=True)
class Penalty:
    """A regularisation term added to the summed loss: ``rate * term(w)`` over the weights."""

    name: str
    term: Callable  # term(w): the penalty of one layer's weights
    gradient: Callable  # its derivative at w
    gradient_source: str  # numpy expression of gradient, for exported scripts
    keras: str

    def __repr__(self):
        return f"Penalty({self.name}: gradient {self.gradient_source})"


PENALTIES = {p.name: p for p in (
    # sign(0) = 0: a weight at exactly 0 stays there
    Penalty("l1", lambda w: np.abs(w).sum(axis=(-2, -1)), np.sign, "np.sign(w)", "l1"),
    # Keras's L2 is rate * Σw², without the ½: its factor is half this rate
    Penalty("l2", lambda w: 0.5 * (w * w).sum(axis=(-2, -1)), lambda w: w, "w", "l2"),
)}
