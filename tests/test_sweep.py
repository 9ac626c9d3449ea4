"""sweep: many runs at once, each the same as a Trainer trained on its own."""

from dataclasses import replace

import numpy as np
import pytest

from neuron import Config, ConfigError, Table, Trainer, datasets, presets, sweep

CLOSE = dict(rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize(("config", "preset", "iterations"), [
    (Config(), "seed", 300),
    (Config(hidden=(3,), activation="tanh", loss="cross_entropy", bias=True), "half_adder", 250),
    (Config(hidden=(4, 2), activation="relu", bias=True), "xor3", 200),
])
def test_each_run_equals_its_own_trainer(config, preset, iterations):
    table = presets.get(preset)
    result = sweep(config, table, iterations, seeds=[0, 1, 7], learning_rates=[0.5, 2.0])
    assert len(result) == 6
    assert list(result.seeds) == [0, 0, 1, 1, 7, 7]
    assert list(result.learning_rates) == [0.5, 2.0] * 3
    assert result.iterations[0] == 0 and result.iterations[-1] == iterations
    for r in range(len(result)):
        own = replace(config, seed=int(result.seeds[r]),
                      learning_rate=float(result.learning_rates[r]))
        trainer = Trainer(own, table).run(iterations)
        np.testing.assert_allclose(result.loss[r], trainer.history.loss[result.iterations],
                                   **CLOSE)
        np.testing.assert_allclose(result.predictions[r], trainer.predict(table.inputs),
                                   **CLOSE)
        assert result.final_loss[r] == pytest.approx(trainer.loss(), rel=1e-12)
        assert not result.diverged[r]
        assert result.fits[r] == trainer.rows_right().all()


def test_long_sweeps_thin_the_loss_curve():
    result = sweep(Config(), presets.get("seed"), 10_001, seeds=[1, 2])
    assert result.loss.shape[1] <= 2_002
    assert result.iterations[-1] == 10_001
    assert (np.diff(result.iterations) > 0).all()
    trainer = Trainer(Config(seed=2), presets.get("seed")).run(10_001)
    np.testing.assert_allclose(result.loss[1, -1], trainer.loss(), **CLOSE)
    np.testing.assert_allclose(result.loss[1, :-1], trainer.history.loss[result.iterations[:-1]],
                               **CLOSE)


def test_xor_with_two_hidden_neurons_fits_for_some_seeds_only():
    table = presets.get("xor")
    result = sweep(Config(hidden=(2,)), table, 5_000, seeds=range(32))
    assert 0 < result.fits.sum() < 32
    for r in (int(np.argmax(result.fits)), int(np.argmin(result.fits))):
        trainer = Trainer(Config(hidden=(2,), seed=r), table).run(5_000)
        assert trainer.rows_right().all() == result.fits[r]


def test_a_diverging_run_is_frozen_and_marked():
    table = Table([[1e6, 1e6], [-1e6, 1e6], [1e6, -1e6], [-1e6, -1e6]], [0.5] * 4)
    config = Config(hidden=(2,), activation="relu", loss="cross_entropy", bias=True, seed=0)
    with np.errstate(divide="raise", over="raise", invalid="raise"):
        result = sweep(config, table, 100, learning_rates=[1e-9, 100])
    assert list(result.diverged) == [False, True]
    assert np.isfinite(result.loss).all() and np.isfinite(result.predictions).all()


def test_limits():
    with pytest.raises(ConfigError):
        sweep(Config(), presets.get("seed"), -1)
    with pytest.raises(ConfigError):
        sweep(Config(), presets.get("seed"), 10, seeds=[])
    with pytest.raises(ConfigError):
        sweep(Config(), presets.get("seed"), 10, seeds=range(257))


@pytest.mark.parametrize("iterations", [300, 2_500, 5_001])
def test_a_diverged_run_is_frozen_where_its_trainer_stops(iterations):
    # the runs stop at iterations 18, 21 and 23: off the recorded points once they thin out
    table = Table([[1e6, 1e6], [-1e6, 1e6], [1e6, -1e6], [-1e6, -1e6]], [0.5] * 4)
    config = Config(hidden=(2,), activation="relu", loss="cross_entropy", bias=True, seed=0)
    rates = [100.0, 10.0, 3.0, 1e-9]
    result = sweep(config, table, iterations, learning_rates=rates)
    for r, rate in enumerate(rates):
        trainer = Trainer(replace(config, learning_rate=rate), table).run(iterations)
        assert result.diverged[r] == trainer.diverged == (rate > 1)
        assert result.trained[r] == trainer.iteration
        assert result.final_loss[r] == pytest.approx(trainer.loss(), rel=1e-12)
        np.testing.assert_allclose(result.predictions[r], trainer.predict(table.inputs), **CLOSE)
        # the curve follows the trainer's history, then stays at its last loss
        its = result.iterations
        want = trainer.history.loss[np.minimum(its, trainer.iteration)]
        np.testing.assert_allclose(result.loss[r], want, **CLOSE)


@pytest.mark.parametrize(("config", "table"), [
    (Config(hidden=(2,)), presets.get("xor")),
    (Config(hidden=(8,), bias=True, activation="tanh", learning_rate=0.01),
     datasets.get("spiral", points=1_000)),
    (Config(hidden=(4, 2), bias=True, loss="cross_entropy", learning_rate=0.003),
     datasets.get("circle", points=2_000)),
])
def test_a_full_batch_sweep_is_each_trainer_bit_for_bit(config, table):
    result = sweep(config, table, 12, seeds=range(32))
    for r in range(0, 32, 5):
        trainer = Trainer(replace(config, seed=r), table).run(12)
        assert np.array_equal(result.predictions[r], trainer.predict(table.inputs))
        assert np.array_equal(result.loss[r], trainer.history.loss[result.iterations])
