"""The registries of activations and losses: each entry's slope, delta and source agree
with an independent computation (central differences, the formula evaluated by Python)."""

import numpy as np
import pytest

from neuron import Config, ConfigError
from neuron.activations import ACTIVATIONS, OUTPUT
from neuron.config import ACTIVATIONS as ACTIVATION_NAMES
from neuron.config import LOSSES as LOSS_NAMES
from neuron.losses import LOSSES, mean_loss

Z = np.array([-3.0, -0.7, -0.1, 0.2, 0.9, 2.5])
H = 1e-6


def _evaluate(source, **names):
    """The numpy expression an exported script writes, evaluated (our own source text)."""
    return eval(source, {"np": np, **names})  # noqa: S307


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_slope_from_the_output_is_the_derivative(name):
    act = ACTIVATIONS[name]
    numeric = (act.output(Z + H) - act.output(Z - H)) / (2 * H)
    np.testing.assert_allclose(act.slope(act.output(Z), Z), numeric, rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_exported_source_computes_the_same_numbers(name):
    act = ACTIVATIONS[name]
    a = act.output(Z)
    np.testing.assert_array_equal(_evaluate(act.output_source, z=Z), a)
    np.testing.assert_array_equal(_evaluate(act.slope_source, z=Z, a=a),
                                  act.slope(a, Z))


@pytest.mark.parametrize("name", list(LOSSES))
def test_delta_is_minus_the_summed_loss_derivative_at_the_output_sum(name):
    loss = LOSSES[name]
    y = np.array([0.0, 1.0, 0.3, 1.0, 0.0, 0.6])[:, None]
    z = Z[:, None]

    def summed(z):
        # the summed loss the update descends: half the squared errors, or the cross-entropy
        out = 1 / (1 + np.exp(-z))
        return 0.5 * (y - out) ** 2 if name == "squared" else -(
            y * np.log(out) + (1 - y) * np.log(1 - out))

    numeric = -(summed(z + H) - summed(z - H)) / (2 * H)
    out = OUTPUT.output(z)
    np.testing.assert_allclose(loss.delta(y - out, out), numeric, rtol=1e-6, atol=1e-9)
    shown = np.mean((y - out) ** 2) if name == "squared" else np.mean(summed(z))
    assert mean_loss(loss.terms(y, z, out)) == pytest.approx(shown, rel=1e-12)
    env = dict(z=z, targets=y, output=out, errors=y - out)
    np.testing.assert_array_equal(_evaluate(loss.delta_source, **env), loss.delta(y - out, out))
    np.testing.assert_array_equal(_evaluate(loss.terms_source, **env), loss.terms(y, z, out))


def test_config_accepts_exactly_the_registries():
    assert ACTIVATION_NAMES == ("sigmoid", "tanh", "relu", "linear")
    assert LOSS_NAMES == ("squared", "cross_entropy")
    for name in ACTIVATION_NAMES:
        Config(activation=name)
    for name in LOSS_NAMES:
        Config(loss=name)
    with pytest.raises(ConfigError):
        Config(activation="softplus")
    with pytest.raises(ConfigError):
        Config(loss="hinge")
