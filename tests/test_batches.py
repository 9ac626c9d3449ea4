"""Batch size and regularisation: the defaults are the article's update, bit for bit;
smaller batches follow a reproducible shuffle, checked against a hand-written loop;
sweep and the exported script train the same runs."""

from dataclasses import replace

import numpy as np
import pytest

from neuron import Config, ConfigError, Trainer, export_script, presets, sweep
from neuron.config import MAX_BATCH_SIZE, MAX_REGULARIZATION_RATE
from neuron.rows import epoch_order
from tests.test_export import _printed_outputs, _run


def _same(a, b):
    assert np.array_equal(a.params, b.params)
    assert np.array_equal(a.history.loss, b.history.loss)


@pytest.mark.parametrize("same_as_default", [
    dict(batch_size=None), dict(batch_size=4), dict(batch_size=MAX_BATCH_SIZE),
    dict(regularization="l2"), dict(regularization="l1", regularization_rate=0.0),
    dict(regularization="none", regularization_rate=0.5)])
def test_defaults_and_their_equivalents_are_the_articles_update(same_as_default):
    # a batch of every row (or more) is the full batch in the table's order
    table = presets.get("seed")
    _same(Trainer(Config(**same_as_default), table).run(1_000),
          Trainer(Config(), table).run(1_000))
    record = Trainer(Config(**same_as_default), table).step()
    assert list(record.rows) == [0, 1, 2, 3]
    assert all(not p.any() for p in record.penalty_adjustments)


def test_shuffled_batches_take_every_row_once_per_epoch():
    table = presets.get("majority")  # 8 rows: batches of 3, 3 and 2 per epoch
    trainer = Trainer(Config(batch_size=3, seed=5), table)
    epochs = [[trainer.step().rows for _ in range(3)] for _ in range(4)]
    for epoch in epochs:
        assert [len(rows) for rows in epoch] == [3, 3, 2]
        assert sorted(np.concatenate(epoch)) == list(range(8))
    orders = {tuple(np.concatenate(epoch)) for epoch in epochs}
    assert len(orders) == 4  # each epoch shuffled afresh


def test_the_shuffle_is_seeded_and_leaves_the_weights_draw_alone():
    table = presets.get("majority")
    a = Trainer(Config(batch_size=2, seed=5), table)
    assert np.array_equal(a.params, Trainer(Config(seed=5), table).params)
    rows = [a.step().rows for _ in range(12)]
    again = Trainer(Config(batch_size=2, seed=5), table)
    assert all(np.array_equal(r, again.step().rows) for r in rows)
    other = Trainer(Config(batch_size=2, seed=6), table)
    assert not all(np.array_equal(r, other.step().rows) for r in rows)


def _hand_loop(table, batch_size, seed, rate, iterations, l2=0.0):
    """Mini-batch descent on one sigmoid neuron with a bias, written out; the rows of
    each epoch in ``epoch_order``'s shuffled order."""
    rng = np.random.RandomState(seed)
    w = 2 * rng.random_sample((table.n_inputs, 1)) - 1
    b = np.zeros(1)
    n = table.n_rows
    per_epoch = -(-n // batch_size)
    for i in range(iterations):
        epoch, j = divmod(i, per_epoch)
        rows = epoch_order(seed, epoch, n)[j * batch_size:(j + 1) * batch_size]
        X, y = table.inputs[rows], table.targets[rows]
        out = 1 / (1 + np.exp(-(X @ w + b)))
        d = (y - out) * out * (1 - out)
        w += rate * (X.T @ d - l2 * w)
        b += rate * d.sum(axis=0)
    return np.concatenate([w.ravel(), b])


@pytest.mark.parametrize(("batch_size", "l2"), [(1, 0.0), (3, 0.0), (5, 0.05), (7, 0.2)])
def test_batches_train_as_the_hand_written_loop(batch_size, l2):
    table = presets.get("majority")
    config = Config(bias=True, batch_size=batch_size, seed=3, learning_rate=0.7,
                    regularization="l2" if l2 else "none", regularization_rate=l2)
    trainer = Trainer(config, table).run(700)
    np.testing.assert_allclose(trainer.params, _hand_loop(table, batch_size, 3, 0.7, 700, l2),
                               rtol=1e-12, atol=1e-14)


def test_rewind_and_replay_find_the_same_batches():
    table = presets.get("majority")
    config = Config(hidden=(3,), batch_size=3, regularization="l1", regularization_rate=0.01)
    trainer = Trainer(config, table).run(25_000)  # past the history's thinning
    for iteration in (7, 20_001, 24_999):
        rewound = trainer.copy().rewind(iteration)
        again = Trainer.replay(config, table, iteration)
        assert np.array_equal(rewound.params, again.params)
        assert rewound.loss() == again.loss()


@pytest.mark.parametrize("config", [
    Config(hidden=(3,), bias=True, batch_size=3),
    Config(hidden=(2,), activation="relu", loss="cross_entropy", batch_size=1,
           regularization="l1", regularization_rate=0.01),
    Config(regularization="l2", regularization_rate=0.1, batch_size=5),
])
def test_sweep_trains_each_run_as_its_trainer(config):
    table = presets.get("majority")
    result = sweep(config, table, 1_100, seeds=[1, 9], learning_rates=[1.0, 0.3])
    for r in range(len(result)):
        own = replace(config, seed=int(result.seeds[r]),
                      learning_rate=float(result.learning_rates[r]))
        trainer = Trainer(own, table).run(1_100, record_every=1)
        np.testing.assert_allclose(result.loss[r], trainer.history.loss[result.iterations],
                                   rtol=1e-12, atol=1e-14)
        np.testing.assert_allclose(result.predictions[r], trainer.predict(table.inputs),
                                   rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("config", [
    Config(hidden=(3,), bias=True, batch_size=3, regularization="l2", regularization_rate=0.02),
    Config(activation="relu", hidden=(4,), loss="cross_entropy", batch_size=1,
           regularization="l1", regularization_rate=0.01, seed=4),
    Config(regularization="l1", regularization_rate=0.05),  # the article's neuron, regularised
])
def test_the_exported_script_reproduces_batches_and_regularization(config, tmp_path):
    table = presets.get("majority")
    trainer = Trainer(config, table).run(600)
    stdout = _run(export_script(config, table, 600), tmp_path)
    np.testing.assert_allclose(_printed_outputs(stdout), trainer.predict(table.inputs),
                               rtol=1e-7, atol=1e-8)


@pytest.mark.parametrize(("field", "value"), [
    ("batch_size", 0), ("batch_size", -1), ("batch_size", 2.0), ("batch_size", True),
    ("batch_size", MAX_BATCH_SIZE + 1), ("regularization", "l3"), ("regularization", None),
    ("regularization_rate", -0.1), ("regularization_rate", MAX_REGULARIZATION_RATE * 1.01),
    ("regularization_rate", float("nan")), ("regularization_rate", "0.1"),
])
def test_limits(field, value):
    with pytest.raises(ConfigError) as error:
        Config(**{field: value})
    assert error.value.field == field
