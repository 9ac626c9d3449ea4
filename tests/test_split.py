"""Train/test split: a fixed seeded split; training sees the training rows only; test
losses computed afterwards agree with a straightforward computation."""

from dataclasses import replace

import numpy as np
import pytest

from neuron import Config, ConfigError, Table, Trainer, export_script, presets, sweep
from neuron.config import MAX_TEST_FRACTION
from tests.test_export import _printed_outputs, _run


def _table(n=20, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.uniform(-1, 1, (n, 2))
    return Table(X, (X[:, :1] * X[:, 1:] > 0).astype(float))


def test_no_split_by_default():
    trainer = Trainer(Config(), presets.get("seed"))
    assert list(trainer.train_rows) == [0, 1, 2, 3] and len(trainer.test_rows) == 0
    assert trainer.test_loss() is None and trainer.test_losses() is None


@pytest.mark.parametrize(("n", "fraction", "n_test"), [
    (20, 0.5, 10), (20, 0.1, 2), (20, 0.9, 18), (4, 0.1, 1), (3, 0.9, 2), (1, 0.5, 0),
    (10, 0.25, 2)])
def test_the_split_holds_out_that_share_of_rows(n, fraction, n_test):
    trainer = Trainer(Config(test_fraction=fraction), _table(n))
    train, test = trainer.train_rows, trainer.test_rows
    assert len(test) == n_test
    assert sorted([*train, *test]) == list(range(n))
    assert list(train) == sorted(train) and list(test) == sorted(test)


def test_the_same_seed_gives_the_same_split_and_weights():
    table = _table(40)
    a = Trainer(Config(seed=3, test_fraction=0.3), table)
    b = Trainer(Config(seed=3, test_fraction=0.3, hidden=(2,)), table)
    assert np.array_equal(a.test_rows, b.test_rows)
    assert np.array_equal(a.params, Trainer(Config(seed=3), table).params)
    others = {tuple(Trainer(Config(data_seed=s, test_fraction=0.3), table).test_rows)
              for s in range(10)}
    assert len(others) > 5


def test_new_weights_keep_the_test_rows():
    """The split follows the data seed: other weight seeds hold out the same rows, and
    their weights differ."""
    table = _table(40)
    first = Trainer(Config(seed=1, data_seed=4, test_fraction=0.3), table)
    for seed in range(2, 12):
        other = Trainer(Config(seed=seed, data_seed=4, test_fraction=0.3), table)
        assert np.array_equal(other.test_rows, first.test_rows)
        assert not np.array_equal(other.params, first.params)
    assert not np.array_equal(
        Trainer(Config(seed=1, data_seed=5, test_fraction=0.3), table).test_rows,
        first.test_rows)


@pytest.mark.parametrize("config", [
    Config(hidden=(3,), bias=True, test_fraction=0.3),
    Config(hidden=(3,), batch_size=4, test_fraction=0.5, regularization="l2",
           regularization_rate=0.01, seed=7)])
def test_training_uses_the_training_rows_only(config):
    table = _table(20)
    trainer = Trainer(config, table).run(300)
    train = trainer.train_rows
    # the same config trained on a table of the training rows alone: same weights
    alone = Trainer(replace(config, test_fraction=0.0),
                    Table(table.inputs[train], table.targets[train])).run(300)
    np.testing.assert_array_equal(trainer.params, alone.params)
    # and the test rows' targets do not matter to training
    flipped = table.targets.copy()
    flipped[trainer.test_rows] = 1 - flipped[trainer.test_rows]
    other = Trainer(config, Table(table.inputs, flipped)).run(300)
    np.testing.assert_array_equal(trainer.params, other.params)


def test_losses_and_rows_right_on_each_side():
    table = _table(30)
    trainer = Trainer(Config(hidden=(4,), bias=True, test_fraction=0.4), table).run(500)
    train, test = trainer.train_rows, trainer.test_rows
    out = trainer.predict(table.inputs)
    y = table.targets
    assert trainer.loss() == pytest.approx(np.mean((y[train] - out[train]) ** 2), rel=1e-12)
    assert trainer.test_loss() == pytest.approx(np.mean((y[test] - out[test]) ** 2), rel=1e-12)
    right = np.abs(out - y) < 0.5
    assert np.array_equal(trainer.rows_right(test=True), right[test].all(axis=1))
    assert np.array_equal(trainer.rows_right(test=False), right[train].all(axis=1))
    assert np.array_equal(trainer.rows_right(), right.all(axis=1))


def test_test_losses_follow_the_history():
    table = _table(30)
    config = Config(hidden=(3,), loss="cross_entropy", test_fraction=0.3, batch_size=5)
    trainer = Trainer(config, table).run(700)
    losses = trainer.test_losses()
    assert losses.shape == trainer.history.iterations.shape
    test = trainer.test_rows
    y = table.targets[test]
    for index in (0, 1, len(losses) // 2, len(losses) - 1):
        at = Trainer.replay(config, table, int(trainer.history.iterations[index]))
        z = at.forward(table.inputs[test])[0][-1]
        want = np.mean(np.logaddexp(0, z) - y * z)
        assert losses[index] == pytest.approx(want, rel=1e-12)
    assert losses[-1] == pytest.approx(trainer.test_loss(), rel=1e-12)


def test_sweep_runs_hold_out_their_own_rows():
    table = _table(24)
    config = Config(hidden=(2,), test_fraction=0.25, batch_size=6)
    result = sweep(config, table, 400, seeds=[1, 2, 3])
    for r, seed in enumerate(result.seeds):
        trainer = Trainer(replace(config, seed=int(seed)), table).run(400, record_every=1)
        np.testing.assert_allclose(result.loss[r], trainer.history.loss[result.iterations],
                                   rtol=1e-12, atol=1e-14)


def test_the_exported_script_holds_out_the_same_rows(tmp_path):
    table = _table(16)
    config = Config(hidden=(3,), bias=True, test_fraction=0.25, batch_size=4)
    trainer = Trainer(config, table).run(400)
    stdout = _run(export_script(config, table, 400), tmp_path)
    np.testing.assert_allclose(_printed_outputs(stdout), trainer.predict(table.inputs),
                               rtol=1e-7, atol=1e-8)


@pytest.mark.parametrize("value", [-0.1, MAX_TEST_FRACTION + 0.01, float("nan"), "0.2", True])
def test_limits(value):
    with pytest.raises(ConfigError) as error:
        Config(test_fraction=value)
    assert error.value.field == "test_fraction"
