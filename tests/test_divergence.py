"""Divergence with batches and held-out rows: ``Network.train`` proves most states finite
with a bound instead of a forward pass; training still stops exactly where a check of
every state, row by row (``Trainer.step``), stops it, and so do sweep and the script."""

import re
from dataclasses import replace

import numpy as np
import pytest

from neuron import Config, Table, Trainer, export_script, sweep
from neuron.activations import ACTIVATIONS
from neuron.network import Layout, Network
from tests.test_export import _printed_outputs, _run

BIG = Table([[1e6, 1e6], [-1e6, 1e6], [1e6, -1e6], [-1e6, -1e6], [3e5, -2e5], [1e5, 7e5]],
            [0.5, 0, 1, 0.5, 1, 0])
# relu with cross-entropy on inputs of 1e6: the weights stay finite while a sum z overflows,
# so the loss is what stops these runs
DIVERGING = [
    Config(hidden=(2,), activation="relu", loss="cross_entropy", bias=True, seed=0,
           batch_size=2, learning_rate=100.0),
    Config(hidden=(2,), activation="relu", loss="cross_entropy", bias=True, seed=0,
           batch_size=4, learning_rate=3.0),
    Config(hidden=(2,), activation="relu", loss="cross_entropy", bias=True, seed=3,
           batch_size=1, test_fraction=0.5, data_seed=3, learning_rate=100.0),
]


def test_no_activation_is_larger_than_its_sum_or_1():
    # the bound in Network.bounded relies on |output(z)| <= max(1, |z|)
    z = np.concatenate([np.linspace(-50, 50, 10_001), [-1e308, -1e30, 1e30, 1e308]])
    for activation in ACTIVATIONS.values():
        with np.errstate(over="ignore"):
            assert (np.abs(activation.output(z)) <= np.maximum(1, np.abs(z))).all(), activation


@pytest.mark.parametrize("config", [
    Config(hidden=(3, 2, 2), activation="relu", loss="cross_entropy", bias=True,
           test_fraction=0.5),
    Config(hidden=(4, 3), activation="tanh", batch_size=2),
    Config(loss="cross_entropy", batch_size=3),
])
def test_the_bound_vouches_only_for_finite_states(config):
    trainer = Trainer(config, BIG)
    net = trainer._net
    rng = np.random.default_rng(0)
    layout = trainer.layout
    with np.errstate(all="ignore"):
        # up to 1e330 in all, shared out at random between the layers
        params = rng.standard_normal((3_000, layout.size))
        shares = rng.dirichlet(np.ones(len(layout.shapes)), size=3_000)
        shares *= rng.uniform(0, 330, size=(3_000, 1))
        for w, b, share in zip(layout.weights(params), layout.biases(params), shares.T):
            w *= 10.0 ** share[:, None, None]
            b *= 10.0 ** share[:, None]
        params[::97, 0] = np.nan
        vouched = net.bounded(params)
        assert 300 < vouched.sum() < 2_900  # both verdicts happen
        assert net.bounded(trainer.params[None])[0]  # an ordinary state needs no forward pass
        for p in params[vouched]:
            exact = Network(trainer.layout, p.copy(), config, net.inputs, net.targets, 1.0,
                            every_row=net.every_row)
            assert exact.finite(exact.current_loss())


@pytest.mark.parametrize("config", DIVERGING)
def test_a_diverging_batch_run_stops_where_every_row_is_checked(config):
    ran = Trainer(config, BIG).run(2_000)
    stepped = Trainer(config, BIG)
    while stepped.step() is not None:
        pass
    assert ran.diverged and stepped.diverged and 0 < ran.iteration < 2_000
    assert ran.iteration == stepped.iteration
    assert np.array_equal(ran.params, stepped.params) and ran.loss() == stepped.loss()
    assert ran.history.iterations[-1] == ran.iteration
    # the update after the last state leaves the weights finite: the loss stopped it
    net = stepped._net
    with np.errstate(all="ignore"):
        net.update(rows=net.batches.rows(stepped.iteration))
        assert np.isfinite(stepped._params).all()
        assert not net.finite(net.current_loss())


@pytest.mark.parametrize("config", DIVERGING)
def test_sweep_and_the_script_stop_there_too(config, tmp_path):
    trainer = Trainer(config, BIG).run(2_000)
    result = sweep(config, BIG, 2_000, learning_rates=[config.learning_rate, 1e-9])
    assert list(result.diverged) == [True, False]
    assert result.trained[0] == trainer.iteration
    assert result.final_loss[0] == trainer.loss()
    stdout = _run(export_script(config, BIG, 2_000), tmp_path)
    stopped = re.search(r"stopped after (\d+) iterations", stdout)
    assert stopped and int(stopped.group(1)) == trainer.iteration
    np.testing.assert_allclose(_printed_outputs(stdout), trainer.predict(BIG.inputs),
                               rtol=1e-7, atol=1e-8)


def test_a_layout_without_hidden_layers_is_bounded_too():
    layout = Layout((2, 1))
    net = Network(layout, np.zeros(layout.size), replace(Config(), bias=True), BIG.inputs,
                  BIG.targets, 1.0)
    assert list(net.bounded(np.array([[1.0, 1.0, 1.0], [1e95, 0.0, 0.0], [0.0, 0.0, 1e100]]))) \
        == [True, False, False]
