"""The trainer's bookkeeping: run equals repeated steps, records match the change, history."""

from dataclasses import replace

import numpy as np
import pytest

from neuron import Config, ConfigError, Table, Trainer, datasets, presets

CONFIGS = [
    (Config(), "seed"),
    (Config(hidden=(4,)), "xor3"),
    (Config(hidden=(3, 2), activation="tanh", loss="cross_entropy", bias=True,
            learning_rate=0.3, seed=7), "half_adder"),
    (Config(hidden=(5,), activation="relu", bias=True, learning_rate=2.5, seed=11), "majority"),
    (Config(hidden=(3,), bias=True, batch_size=3, regularization="l2", regularization_rate=0.01,
            seed=2), "majority"),
    (Config(activation="tanh", loss="cross_entropy", batch_size=1, regularization="l1",
            regularization_rate=0.003), "half_adder"),
]
IDS = ["article", "follow-up", "tanh-ce-bias", "relu-bias", "batch-l2", "batch1-l1"]


def _assert_same_state(a, b, records=None):
    """Same state and history; or, given ``records``, a's history is b's at those iterations."""
    assert a.iteration == b.iteration
    assert np.array_equal(a.params, b.params)
    assert a.loss() == b.loss()
    index = slice(None) if records is None else records
    assert np.array_equal(a.history.iterations, b.history.iterations[index])
    assert np.array_equal(a.history.loss, b.history.loss[index])
    assert np.array_equal(a.history.params, b.history.params[index])


@pytest.mark.parametrize(("config", "preset"), CONFIGS, ids=IDS)
def test_run_equals_steps(config, preset):
    n = 1_100  # more than one chunk of run()
    ran = Trainer(config, presets.get(preset)).run(n)
    stepped = Trainer(config, presets.get(preset))
    for _ in range(n):
        stepped.step()
    # a step records every iteration; a run with batches every record_stride-th and the last
    stride = 1 if config.batch_size is None else ran.record_stride
    assert stride > 1 or config.batch_size is None
    records = np.append(np.arange(0, n, stride), n)
    _assert_same_state(ran, stepped, records)


@pytest.mark.parametrize(("config", "preset"), CONFIGS, ids=IDS)
def test_record_matches_the_applied_change(config, preset):
    trainer = Trainer(config, presets.get(preset)).run(5)
    before = [w.copy() for w in trainer.weights]
    biases_before = [b.copy() for b in trainer.biases]
    loss_before = trainer.loss()
    record = trainer.step()
    assert record.iteration == trainer.iteration == 6
    assert record.loss_before == loss_before
    assert record.loss_after == trainer.loss()
    for layer, w in enumerate(trainer.weights):
        assert np.array_equal(record.weights_before[layer], before[layer])
        assert np.array_equal(record.weights_after[layer], w)
        assert np.array_equal(before[layer] + record.adjustments[layer], w)
        assert np.array_equal(biases_before[layer] + record.bias_adjustments[layer],
                              trainer.biases[layer])
        assert record.contributions[layer].shape == (len(record.rows), *w.shape)
        np.testing.assert_allclose(
            record.contributions[layer].sum(axis=0) + record.penalty_adjustments[layer],
            record.adjustments[layer], rtol=1e-12, atol=1e-15)
    np.testing.assert_array_equal(record.inputs[0], trainer.table.inputs[record.rows])
    np.testing.assert_array_equal(record.targets, trainer.table.targets[record.rows])
    np.testing.assert_array_equal(record.errors, record.targets - record.outputs)
    np.testing.assert_array_equal(record.outputs, record.activations[-1])


def test_record_of_the_article_spelled_out():
    trainer = Trainer(Config(), presets.get("seed"))
    record = trainer.step()
    X, y, w = trainer.table.inputs, trainer.table.targets, record.weights_before[0]
    out = 1 / (1 + np.exp(-(X @ w)))
    np.testing.assert_allclose(record.z[0], X @ w, rtol=1e-15)
    np.testing.assert_allclose(record.outputs, out, rtol=1e-15)
    np.testing.assert_allclose(record.deltas[0], (y - out) * out * (1 - out), rtol=1e-15)
    np.testing.assert_allclose(record.contributions[0],
                               X[:, :, None] * record.deltas[0][:, None, :], rtol=1e-15)
    assert record.loss_before == pytest.approx(np.mean((y - out) ** 2), rel=1e-15)


def test_loss_definitions():
    table = presets.get("half_adder")
    for loss in ("squared", "cross_entropy"):
        trainer = Trainer(Config(hidden=(3,), loss=loss, bias=True, seed=5), table).run(40)
        zs, acts = trainer.forward(table.inputs)
        y = table.targets
        if loss == "squared":
            want = np.mean((y - acts[-1]) ** 2)
        else:
            a = acts[-1]
            want = np.mean(-(y * np.log(a) + (1 - y) * np.log(1 - a)))
        assert trainer.loss() == pytest.approx(want, rel=1e-12)


@pytest.mark.parametrize("n", [0, 1, 511, 512, 513, 10_000])
def test_history_keeps_every_iteration_up_to_10_000(n):
    trainer = Trainer(Config(), presets.get("seed")).run(n)
    h = trainer.history
    assert len(h) == n + 1
    assert np.array_equal(h.iterations, np.arange(n + 1))
    assert h.loss.shape == (n + 1,)
    assert h.params.shape == (n + 1, 4)  # three weights and the (unused) bias
    assert h.weights[0].shape == (n + 1, 3, 1)
    assert np.array_equal(h.params[-1], trainer.params)
    assert h.loss[-1] == trainer.loss()


def test_history_stays_bounded_after_1_000_000_iterations():
    trainer = Trainer(Config(), presets.get("seed")).run(1_000_000)
    h = trainer.history
    its = h.iterations
    assert trainer.iteration == 1_000_000
    assert len(h) <= 20_001
    assert its[0] == 0 and its[-1] == 1_000_000
    assert (np.diff(its) > 0).all()
    assert h.nbytes() <= 2_000_000
    assert np.array_equal(h.params[-1], trainer.params)
    np.testing.assert_allclose(h.weights[0][0].ravel(), [-0.165955990594852, 0.4406489868843162,
                                                         -0.9997712503653102], rtol=1e-15)


def test_history_thinning_keeps_the_latest_off_the_stride():
    trainer = Trainer(Config(), presets.get("seed")).run(45_001)
    h = trainer.history
    assert h.iterations[0] == 0 and h.iterations[-1] == 45_001
    assert (np.diff(h.iterations) > 0).all()
    assert len(h) <= 20_001
    trainer.run(3)
    assert h.iterations[-1] == 45_004
    assert (np.diff(h.iterations) > 0).all()


def test_rewind_replays_exactly():
    config, table = CONFIGS[2][0], presets.get(CONFIGS[2][1])
    trainer = Trainer(config, table).run(300)
    trainer.rewind(123)
    _assert_same_state(trainer, Trainer(config, table).run(123))
    trainer.run(177)
    _assert_same_state(trainer, Trainer(config, table).run(300))


def test_rewind_after_thinning():
    trainer = Trainer(Config(), presets.get("seed")).run(30_000)
    trainer.rewind(12_345)
    fresh = Trainer(Config(), presets.get("seed")).run(12_345)
    assert trainer.iteration == 12_345
    assert np.array_equal(trainer.params, fresh.params)
    assert trainer.loss() == fresh.loss()
    assert trainer.history.iterations[-1] == 12_345
    assert (np.diff(trainer.history.iterations) > 0).all()


def test_rewind_rejects_the_future():
    trainer = Trainer(Config(), presets.get("seed")).run(10)
    with pytest.raises(ConfigError):
        trainer.rewind(11)
    with pytest.raises(ConfigError):
        trainer.rewind(-1)


def test_copy_is_independent():
    config, table = CONFIGS[3][0], presets.get(CONFIGS[3][1])
    trainer = Trainer(config, table).run(50)
    params, history = trainer.params, trainer.history.params
    twin = trainer.copy()
    twin.run(50)
    assert np.array_equal(trainer.params, params)
    assert np.array_equal(trainer.history.params, history)
    assert trainer.iteration == 50
    trainer.run(50)
    _assert_same_state(trainer, twin)
    _assert_same_state(twin, Trainer(config, table).run(100))


@pytest.mark.parametrize("n", [-1, 1.5, "10", True])
def test_run_rejects_bad_counts(n):
    with pytest.raises(ConfigError):
        Trainer(Config(), presets.get("seed")).run(n)


DIVERGING = Config(hidden=(2,), activation="relu", loss="cross_entropy", bias=True,
                   learning_rate=100, seed=0)


def _diverging_table():
    return Table([[1e6, 1e6], [-1e6, 1e6], [1e6, -1e6], [-1e6, -1e6]], [0.5] * 4)


def test_divergence_stops_and_keeps_the_last_finite_state():
    trainer = Trainer(DIVERGING, _diverging_table())
    with np.errstate(divide="raise", over="raise", invalid="raise"):
        trainer.run(2_000)
    assert trainer.diverged
    assert 0 < trainer.iteration < 2_000
    assert np.isfinite(trainer.params).all()
    assert np.isfinite(trainer.loss())
    assert np.isfinite(trainer.history.loss).all()
    assert np.isfinite(trainer.history.params).all()
    assert trainer.history.iterations[-1] == trainer.iteration
    assert np.array_equal(trainer.history.params[-1], trainer.params)
    with np.errstate(divide="raise", over="raise", invalid="raise"):
        assert np.isfinite(trainer.predict(trainer.table.inputs)).all()
    assert trainer.step() is None
    before = trainer.iteration
    trainer.run(10)
    assert trainer.iteration == before


def test_divergence_by_steps_matches_run():
    ran = Trainer(DIVERGING, _diverging_table()).run(2_000)
    stepped = Trainer(DIVERGING, _diverging_table())
    while stepped.step() is not None:
        pass
    assert stepped.diverged
    _assert_same_state(stepped, ran)


def test_predict_shapes():
    trainer = Trainer(Config(), presets.get("half_adder"))
    assert trainer.predict([1, 0, 1]).shape == (1, 2)
    assert trainer.predict(np.zeros((5, 3))).shape == (5, 2)


def test_repr_says_what_it_is():
    text = repr(Trainer(Config(hidden=(4,)), presets.get("xor3")).run(3))
    assert "[3, 4, 1]" in text and "iteration 3" in text


def test_a_step_from_huge_hidden_activations_is_silent():
    # A relu neuron at 1e307 feeding a saturated output: the update is exactly 0, the
    # loss finite, and the record's contributions must be 0 too (not inf * 0).
    trainer = Trainer(Config(hidden=(1,), activation="relu", learning_rate=100),
                      Table([[1e6]], [[1]]))
    trainer.weights[0][...] = 1e301
    trainer.weights[1][...] = -1
    with np.errstate(divide="raise", over="raise", invalid="raise"):
        record = trainer.step()
    assert all(np.isfinite(c).all() for c in record.contributions)
    assert all(np.isfinite(s).all() for s in record.slopes)


@pytest.mark.parametrize("table, config", [
    (presets.get("seed"), Config()),
    (datasets.get("circle", points=120, noise=10, seed=3),
     Config(hidden=(4, 2), activation="tanh", batch_size=10, test_fraction=0.5, seed=2)),
], ids=["article", "circle held out"])
def test_rows_right_of_many_weights_at_once_is_rows_right_of_each(table, config):
    # Run's frames show rows right for each frame's weights, worked out in one pass; each
    # must be what the trainer says at that iteration
    trainer = Trainer(config, table).run(600)
    its = trainer.history.iterations[::37]
    params = np.array([trainer.copy().rewind(int(i)).params for i in its])
    for test in (None, False, True):
        at_once = trainer.rows_right_at(params, test=test)
        one_by_one = [trainer.copy().rewind(int(i)).rows_right(test=test) for i in its]
        assert at_once.dtype == bool
        np.testing.assert_array_equal(at_once, np.array(one_by_one))
    assert 0 < trainer.rows_right_at(params).sum() < params.shape[0] * table.n_rows


def test_the_explained_update_is_the_one_that_led_here_or_at_zero_the_next():
    """Replayed exactly, with batches and the learning rate then in force."""
    config = Config(hidden=(3,), batch_size=2, seed=4)
    table = presets.get("xor")
    live = Trainer(config, table)
    records = [live.step() for _ in range(6)]
    live.set_learning_rate(0.25)
    records += [live.step() for _ in range(3)]
    for k in (1, 6, 7, 9):
        at_k = Trainer.replay(replace(config, learning_rate=0.25 if k > 6 else 1.0), table, k,
                              live.schedule)
        record = at_k.explained_update()
        assert record.iteration == k and at_k.iteration == k
        assert record.learning_rate == records[k - 1].learning_rate
        for a, b in zip(record.adjustments, records[k - 1].adjustments):
            np.testing.assert_array_equal(a, b)
        np.testing.assert_array_equal(record.rows, records[k - 1].rows)
    start = Trainer(config, table)
    first = start.explained_update()
    assert first.iteration == 1 and start.iteration == 0
    np.testing.assert_array_equal(first.adjustments[0], records[0].adjustments[0])


class Counted(dict):
    """A shared mapping that counts the plays taken from it."""

    taken = 0

    def get(self, key):
        done = super().get(key)
        self.taken += done is not None
        return done


def _plays(trainer, shared, n=2_000, every=20, times=3):
    return [trainer.play(n, every, shared) for _ in range(times)]


@pytest.mark.parametrize(("config", "preset"), CONFIGS, ids=IDS)
@pytest.mark.parametrize("start", [0, 7, 25_000])  # odd iterations; past the history's thinning
def test_a_play_taken_from_another_trainer_leaves_it_as_training_would(config, preset, start):
    table = presets.get(preset)
    alone, first, second = (Trainer(config, table).run(start) for _ in range(3))
    shared = Counted()
    expected = _plays(alone, None)
    _plays(first, shared)
    assert shared.taken == 0
    got = _plays(second, shared)
    assert shared.taken == 3
    for frames, same in zip(expected, got):
        for a, b in zip(frames, same):
            assert np.array_equal(a, b)
    _assert_same_state(second, alone)
    assert second.diverged == alone.diverged
    second.rewind(start + 1_001)
    alone.rewind(start + 1_001)
    _assert_same_state(second, alone)


def test_a_diverging_play_taken_from_another_trainer_diverges_where_training_does():
    alone, first, second = (Trainer(DIVERGING, _diverging_table()) for _ in range(3))
    shared = Counted()
    expected = alone.play(2_000, 20)
    first.play(2_000, 20, shared)
    got = second.play(2_000, 20, shared)
    assert shared.taken == 1 and second.diverged and second.iteration < 2_000
    assert all(np.array_equal(a, b) for a, b in zip(expected, got))
    _assert_same_state(second, alone)


def _changed(trainer, change):
    if change == "iteration":
        return trainer.run(1)
    if change == "rate":
        return Trainer(replace(trainer.config, learning_rate=0.5), trainer.table)
    if change == "row":
        return Trainer(trainer.config, Table(trainer.table.inputs, 1 - trainer.table.targets,
                                             trainer.table.input_names,
                                             trainer.table.target_names))
    if change == "split":
        return Trainer(replace(trainer.config, test_fraction=0.25), trainer.table)
    raise ValueError(change)


@pytest.mark.parametrize("change", ["iteration", "rate", "row", "split"])
def test_a_trainer_in_another_state_trains_its_own_play(change):
    shared = Counted()
    Trainer(Config(), presets.get("seed")).play(2_000, 20, shared)
    other = _changed(Trainer(Config(), presets.get("seed")), change)
    alone = _changed(Trainer(Config(), presets.get("seed")), change)
    other.play(2_000, 20, shared)
    alone.play(2_000, 20)
    assert shared.taken == 0
    _assert_same_state(other, alone)


def test_plays_taken_are_copies():
    shared = Counted()
    first = Trainer(Config(), presets.get("seed")).play(100, 10, shared)
    first[1][:] = 0.0
    second = Trainer(Config(), presets.get("seed")).play(100, 10, shared)
    third = Trainer(Config(), presets.get("seed")).play(100, 10)
    assert shared.taken == 1 and np.array_equal(second[1], third[1])
