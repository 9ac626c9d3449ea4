"""Any valid table and config trains silently and stays finite; invalid ones raise named errors."""

import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from neuron import Config, ConfigError, Table, TableError, Trainer, sweep
from neuron.config import MAX_HIDDEN_LAYERS

SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


@st.composite
def tables(draw):
    rows = draw(st.integers(1, 30))
    n_in = draw(st.integers(1, 5))
    n_out = draw(st.integers(1, 3))
    cells = st.one_of(st.sampled_from([0.0, 1.0, -1.0, 1e6, -1e6]),
                      st.floats(-1e6, 1e6, allow_nan=False))
    inputs = draw(hnp.arrays(float, (rows, n_in), elements=cells))
    targets = draw(hnp.arrays(float, (rows, n_out), elements=st.one_of(
        st.sampled_from([0.0, 1.0]), st.floats(0, 1))))
    return Table(inputs, targets)


configs = st.builds(
    Config,
    hidden=st.lists(st.integers(1, 6), max_size=2).map(tuple),
    activation=st.sampled_from(["sigmoid", "tanh", "relu"]),
    loss=st.sampled_from(["squared", "cross_entropy"]),
    learning_rate=st.one_of(st.sampled_from([100.0, 1.0]),
                            st.floats(0, 100, exclude_min=True)),
    bias=st.booleans(),
    seed=st.integers(0, 2**32 - 1),
    batch_size=st.one_of(st.none(), st.integers(1, 40)),
    regularization=st.sampled_from(["none", "l1", "l2"]),
    regularization_rate=st.one_of(st.sampled_from([0.0, 10.0]), st.floats(0, 10)),
    test_fraction=st.one_of(st.sampled_from([0.0, 0.9]), st.floats(0, 0.9)),
)


def _all_finite(*arrays):
    return all(np.isfinite(np.asarray(a)).all() for a in arrays)


@SETTINGS
@given(tables(), configs, st.integers(1, 300))
def test_training_is_silent_and_finite(table, config, iterations):
    with warnings.catch_warnings(), np.errstate(divide="raise", over="raise", invalid="raise"):
        warnings.simplefilter("error")
        trainer = Trainer(config, table)
        trainer.run(iterations)
        trainer.step()
        h = trainer.history
        assert _all_finite(trainer.params, trainer.loss(), h.loss, h.params,
                           trainer.predict(table.inputs), *trainer.weights, *trainer.biases)
        assert h.iterations[-1] == trainer.iteration
        if not trainer.diverged:
            assert trainer.iteration == iterations + 1
        assert ((0 <= trainer.predict(table.inputs)) & (trainer.predict(table.inputs) <= 1)).all()
        repr(trainer)


@SETTINGS
@given(tables(), configs, st.integers(0, 100))
def test_sweep_is_silent_and_finite(table, config, iterations):
    with warnings.catch_warnings(), np.errstate(divide="raise", over="raise", invalid="raise"):
        warnings.simplefilter("error")
        result = sweep(config, table, iterations, seeds=[config.seed, 1],
                       learning_rates=[config.learning_rate, 100.0])
        assert _all_finite(result.loss, result.predictions, result.final_loss)


BAD_CELLS = [np.nan, np.inf, -np.inf, 1e6 * (1 + 1e-12), -2e6]
BAD_TARGETS = [np.nan, np.inf, -1e-9, 1.5, -1.0]


@SETTINGS
@given(tables(), st.data())
def test_a_bad_cell_names_its_row_and_column(table, data):
    in_targets = data.draw(st.booleans())
    grid = (table.targets if in_targets else table.inputs).copy()
    names = table.target_names if in_targets else table.input_names
    r = data.draw(st.integers(0, grid.shape[0] - 1))
    c = data.draw(st.integers(0, grid.shape[1] - 1))
    grid[r, c] = data.draw(st.sampled_from(BAD_TARGETS if in_targets else BAD_CELLS))
    inputs, targets = (table.inputs, grid) if in_targets else (grid, table.targets)
    with pytest.raises(TableError) as caught:
        Table(inputs, targets)
    error = caught.value
    assert isinstance(error, ValueError)
    assert error.rule
    assert error.row == r + 1 and error.column == names[c]
    assert f"row {r + 1}" in str(error) and names[c] in str(error)


BAD_CONFIGS = {
    "hidden": [(0,), (17,), (1,) * (MAX_HIDDEN_LAYERS + 1), (2.5,), (True,), 4, "4", (-1,)],
    "activation": ["softmax", "", None, "Sigmoid"],
    "loss": ["mse", None, "cross-entropy"],
    "learning_rate": [0, -1, 100.0001, np.inf, np.nan, "1", None, True],
    "bias": [1, "yes", None],
    "seed": [-1, 2**32, 1.5, "1", None, True],
}


@pytest.mark.parametrize(("field", "value"),
                         [(f, v) for f, values in BAD_CONFIGS.items() for v in values])
def test_a_bad_setting_raises_config_error(field, value):
    with pytest.raises(ConfigError) as caught:
        Config(**{field: value})
    assert isinstance(caught.value, ValueError)
    assert caught.value.field == field
    assert str(caught.value)


@given(configs)
def test_a_config_is_frozen_and_normalised(config):
    with pytest.raises(AttributeError):
        config.seed = 2
    assert isinstance(config.hidden, tuple)
    assert isinstance(config.learning_rate, float)
    assert Config(**config.__dict__) == config


def test_defaults_are_the_article():
    c = Config()
    assert (c.hidden, c.activation, c.loss, c.learning_rate, c.bias, c.seed) == (
        (), "sigmoid", "squared", 1.0, False, 1)


@pytest.mark.parametrize("shape", [(0, 2), (10_001, 1), (2, 33)])
def test_table_size_limits(shape):
    with pytest.raises(TableError) as caught:
        Table(np.zeros(shape), np.zeros((shape[0], 1)))
    assert caught.value.rule


def test_too_many_outputs_and_mismatched_rows():
    with pytest.raises(TableError):
        Table(np.zeros((2, 1)), np.zeros((2, 9)))
    with pytest.raises(TableError) as caught:
        Table(np.zeros((2, 1)), np.zeros((3, 1)))
    assert caught.value.rule == "row_mismatch"


@pytest.mark.parametrize(("names", "rule"), [
    (["a", "a"], "name_repeated"), (["a", ""], "name_empty"), (["a", "b" * 41], "name_long"),
    (["a"], "name_count")])
def test_bad_names(names, rule):
    with pytest.raises(TableError) as caught:
        Table(np.zeros((2, 2)), np.zeros((2, 1)), input_names=names)
    assert caught.value.rule == rule


def test_input_named_like_a_target_is_repeated():
    with pytest.raises(TableError) as caught:
        Table(np.zeros((2, 1)), np.zeros((2, 1)), input_names=["y"])
    assert caught.value.rule == "name_repeated"
