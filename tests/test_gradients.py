"""Each update is gradient descent on the summed loss, checked by central finite differences.

squared:        adjustment = -learning_rate * d/dW 0.5 * sum((y - a)^2)
cross_entropy:  adjustment = -learning_rate * d/dW sum(logaddexp(0, z) - y * z)
regularization: plus rate * sum(|w|) (l1) or rate * 0.5 * sum(w^2) (l2), weights only
"""

import itertools

import numpy as np
import pytest

from neuron import Config, Table, Trainer

LEARNING_RATE = 0.5
H = 1e-6


def _act(name, z):
    if name == "sigmoid":
        return 1 / (1 + np.exp(-z))
    if name == "tanh":
        return np.tanh(z)
    return np.maximum(z, 0)


def _summed_loss(weights, biases, X, y, config):
    a = X
    for layer, (w, b) in enumerate(zip(weights, biases)):
        z = a @ w + (b if config.bias else 0)
        a = _act("sigmoid" if layer == len(weights) - 1 else config.activation, z)
    if config.loss == "squared":
        loss = 0.5 * np.sum((y - a) ** 2)
    else:
        loss = np.sum(np.logaddexp(0, z) - y * z)
    if config.regularization == "l1":
        loss += config.regularization_rate * sum(np.abs(w).sum() for w in weights)
    elif config.regularization == "l2":
        loss += config.regularization_rate * 0.5 * sum((w * w).sum() for w in weights)
    return loss


def _numeric_gradient(params, f):
    grads = []
    for p in params:
        g = np.zeros_like(p)
        for i in np.ndindex(p.shape):
            keep = p[i]
            p[i] = keep + H
            up = f()
            p[i] = keep - H
            down = f()
            p[i] = keep
            g[i] = (up - down) / (2 * H)
        grads.append(g)
    return grads


def _table_away_from_kinks(config):
    """Rows whose hidden sums all keep clear of 0, where relu has no derivative."""
    for data_seed in range(100):
        rng = np.random.default_rng(data_seed)
        table = Table(rng.uniform(-1, 1, (5, 3)), rng.uniform(0, 1, (5, 2)))
        trainer = Trainer(config, table)
        if config.bias:  # make the biases matter: start them away from 0
            for b in trainer.biases:
                b += rng.uniform(-0.5, 0.5, b.shape)
        zs, _ = trainer.forward(table.inputs)
        if all(np.abs(z).min() > 1e-3 for z in zs[:-1]):
            return table, trainer
    raise AssertionError("no table keeps away from the kinks")


CASES = list(itertools.product(
    ["sigmoid", "tanh", "relu"], ["squared", "cross_entropy"], [False, True],
    [(), (4,), (4, 3)]))


@pytest.mark.parametrize(("activation", "loss", "bias", "hidden"), CASES)
def test_adjustments_are_minus_rate_times_gradient(activation, loss, bias, hidden):
    config = Config(hidden=hidden, activation=activation, loss=loss, bias=bias,
                    learning_rate=LEARNING_RATE, seed=3)
    table, trainer = _table_away_from_kinks(config)
    weights = [w.copy() for w in trainer.weights]
    biases = [b.copy() for b in trainer.biases]

    def f():
        return _summed_loss(weights, biases, table.inputs, table.targets, config)

    expected_w = [-LEARNING_RATE * g for g in _numeric_gradient(weights, f)]
    expected_b = [-LEARNING_RATE * g for g in _numeric_gradient(biases, f)]
    record = trainer.step()
    for got, want in zip(record.adjustments, expected_w):
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-8)
    if bias:
        for got, want in zip(record.bias_adjustments, expected_b):
            np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-8)
    else:
        assert all(not b.any() for b in record.bias_adjustments)
        assert all(not b.any() for b in trainer.biases)


@pytest.mark.parametrize(("regularization", "hidden", "bias"), itertools.product(
    ["l1", "l2"], [(), (4, 3)], [False, True]))
def test_regularized_adjustments_are_minus_rate_times_gradient(regularization, hidden, bias):
    config = Config(hidden=hidden, activation="tanh", bias=bias, learning_rate=LEARNING_RATE,
                    seed=5, regularization=regularization, regularization_rate=0.3)
    table, trainer = _table_away_from_kinks(config)
    weights = [w.copy() for w in trainer.weights]
    biases = [b.copy() for b in trainer.biases]

    def f():
        return _summed_loss(weights, biases, table.inputs, table.targets, config)

    record = trainer.step()
    for got, want in zip(record.adjustments, _numeric_gradient(weights, f)):
        np.testing.assert_allclose(got, -LEARNING_RATE * want, rtol=1e-5, atol=1e-8)
    for got, want in zip(record.bias_adjustments, _numeric_gradient(biases, f)):
        np.testing.assert_allclose(got, -LEARNING_RATE * want if bias else 0, rtol=1e-5,
                                   atol=1e-8)
    # and regularisation's part of each adjustment is minus the rate times its own gradient
    def penalty():
        return _summed_loss(weights, biases, table.inputs[:0], table.targets[:0], config)

    for got, want in zip(record.penalty_adjustments, _numeric_gradient(weights, penalty)):
        np.testing.assert_allclose(got, -LEARNING_RATE * want, rtol=1e-5, atol=1e-8)
