"""The learning rate's schedule: the trainer records each change, rewinds and replays
with the rates then in force, and exports them; checked against a hand-written loop."""

from dataclasses import replace

import numpy as np
import pytest

from neuron import Config, ConfigError, Trainer, export_script, presets
from neuron.trainer import checked_schedule
from tests.test_export import _printed_outputs, _run

CONFIG = Config(hidden=(3,), activation="tanh", bias=True, seed=4)
CHANGES = ((0, 1.0), (7, 0.3), (20, 2.5))


def _hand_loop(table, changes, iterations):
    """The update written out for one tanh hidden layer with biases, rate by rate."""
    rng = np.random.RandomState(CONFIG.seed)
    w0 = 2 * rng.random_sample((table.n_inputs, 3)) - 1
    w1 = 2 * rng.random_sample((3, table.n_outputs)) - 1
    b0, b1 = np.zeros(3), np.zeros(table.n_outputs)
    X, y = table.inputs, table.targets
    for i in range(iterations):
        lr = [rate for at, rate in changes if at <= i][-1]
        h = np.tanh(X @ w0 + b0)
        out = 1 / (1 + np.exp(-(h @ w1 + b1)))
        d1 = (y - out) * out * (1 - out)
        d0 = (d1 @ w1.T) * (1 - h * h)
        w1 += lr * h.T @ d1
        b1 += lr * d1.sum(axis=0)
        w0 += lr * X.T @ d0
        b0 += lr * d0.sum(axis=0)
    return np.concatenate([w0.ravel(), b0, w1.ravel(), b1])


def _trained(iterations=30):
    trainer = Trainer(CONFIG, presets.get("half_adder"))
    for (_, rate), (until, _) in zip(CHANGES, [*CHANGES[1:], (iterations, None)]):
        trainer.set_learning_rate(rate)
        trainer.run(until - trainer.iteration)
    return trainer


def test_changed_rates_train_as_the_hand_written_loop():
    trainer = _trained()
    assert trainer.schedule == CHANGES
    np.testing.assert_allclose(trainer.params, _hand_loop(trainer.table, CHANGES, 30),
                               rtol=1e-12, atol=1e-14)


def test_each_change_is_recorded_once():
    trainer = Trainer(CONFIG, presets.get("seed"))
    assert trainer.schedule == ((0, 1.0),)
    trainer.set_learning_rate(0.5)  # at iteration 0: replaces the first rate
    assert trainer.schedule == ((0, 0.5),)
    trainer.run(3)
    trainer.set_learning_rate(0.5)  # the rate in force already: no change
    trainer.set_learning_rate(2.0)
    trainer.set_learning_rate(3.0)  # a second change at iteration 3 replaces the first
    assert trainer.schedule == ((0, 0.5), (3, 3.0))
    trainer.set_learning_rate(0.5)  # and one back to the rate before is no change at all
    assert trainer.schedule == ((0, 0.5),)
    assert trainer.config.learning_rate == 0.5


@pytest.mark.parametrize("iteration", [0, 5, 7, 12, 20, 25])
def test_rewind_restores_the_rate_and_forgets_later_changes(iteration):
    trainer = _trained().rewind(iteration)
    kept = tuple(c for c in CHANGES if c[0] <= iteration)
    assert trainer.schedule == kept
    assert trainer.config.learning_rate == kept[-1][1]
    np.testing.assert_allclose(trainer.params, _hand_loop(trainer.table, kept, iteration),
                               rtol=1e-12, atol=1e-14)
    trainer.run(30 - iteration)  # and trains on at the restored rate
    np.testing.assert_allclose(trainer.params, _hand_loop(trainer.table, kept, 30),
                               rtol=1e-12, atol=1e-14)


def test_rewind_replays_across_a_change_between_two_records():
    # past 20,000 iterations the history keeps every second one: rewinding to 20,005
    # replays from 20,004 across the change at 20,005 and from 20,002 across 20,003
    table = presets.get("seed")
    straight = Trainer(Config(), table).run(20_003)
    straight.set_learning_rate(0.25)
    straight.run(2)
    straight.set_learning_rate(4.0)
    straight.run(3)
    for target in (20_004, 20_005, 20_006):
        rewound = straight.copy()
        rewound.run(1_000)
        rewound.rewind(target)
        assert rewound.history.stride == 2
        rate = next(lr for at, lr in reversed(straight.schedule) if at <= target)
        again = Trainer.replay(replace(Config(), learning_rate=rate), table, target,
                               straight.schedule)
        assert np.array_equal(rewound.params, again.params)
        assert rewound.schedule == again.schedule
        assert rewound.config == again.config


def test_replay_rebuilds_the_trainer_exactly():
    trainer = _trained(26)
    again = Trainer.replay(trainer.config, trainer.table, 26, trainer.schedule)
    assert again.config == trainer.config
    assert again.schedule == trainer.schedule
    assert again.iteration == 26
    assert np.array_equal(again.params, trainer.params)
    assert np.array_equal(again.history.loss, trainer.history.loss)


def test_replay_ends_at_the_configs_rate_and_ignores_later_changes():
    table = presets.get("half_adder")
    again = Trainer.replay(replace(CONFIG, learning_rate=0.7), table, 10, CHANGES)
    assert again.schedule == ((0, 1.0), (7, 0.3), (10, 0.7))
    assert again.config.learning_rate == 0.7
    np.testing.assert_allclose(again.params, _hand_loop(table, CHANGES, 10), rtol=1e-12,
                               atol=1e-14)
    plain = Trainer.replay(CONFIG, table, 10)
    assert plain.schedule == ((0, 1.0),)
    assert np.array_equal(plain.params, Trainer(CONFIG, table).run(10).params)


@pytest.mark.parametrize("schedule", [
    [(3, 1.0)], [(0, 1.0), (5, 2.0), (5, 3.0)], [(0, 1.0), (9, 2.0), (4, 3.0)],
    [(0, 0.0)], [(0, "fast")], [(0,)], [(-1, 1.0)], [(0.5, 1.0)]])
def test_a_bad_schedule_is_refused(schedule):
    with pytest.raises(ConfigError):
        checked_schedule(CONFIG, 10, schedule)


def test_copy_keeps_its_own_schedule():
    trainer = _trained()
    other = trainer.copy()
    other.set_learning_rate(9.0)
    assert trainer.schedule == CHANGES
    assert other.schedule == (*CHANGES, (30, 9.0))


def test_the_exported_script_follows_the_schedule(tmp_path):
    trainer = _trained()
    stdout = _run(export_script(trainer.config, trainer.table, 30, trainer.schedule), tmp_path)
    want = Trainer(CONFIG, trainer.table)
    want._params[:] = _hand_loop(trainer.table, CHANGES, 30)
    np.testing.assert_allclose(_printed_outputs(stdout), want.predict(trainer.table.inputs),
                               rtol=1e-7, atol=1e-8)
