"""What a run with batches records: the training rows' loss every ``record_stride``
iterations and at the end (a forward pass over every training row each time), each entry
exact; Run's frames recorded as it trains, every frame a state the trainer reached."""

import numpy as np
import pytest

from lab import run as runs
from lab.state import Editor, Lab
from neuron import Config, ConfigError, Trainer, datasets

CIRCLE = datasets.get("circle", points=300, noise=10, seed=2)
CONFIG = Config(hidden=(3,), bias=True, learning_rate=0.1, batch_size=5, test_fraction=0.3)


def _sigmoid(z):
    return 1 / (1 + np.exp(-z))


def _training_loss(trainer, params):
    """Mean squared error on the training rows, written out for one hidden sigmoid layer."""
    (w1, w2), (b1, b2) = trainer.layout.weights(params), trainer.layout.biases(params)
    X, y = CIRCLE.inputs[trainer.train_rows], CIRCLE.targets[trainer.train_rows]
    out = _sigmoid(_sigmoid(X @ w1 + b1) @ w2 + b2)
    return np.mean((y - out) ** 2)


def test_a_full_batch_records_every_iteration_and_bigger_batches_more_often():
    assert Trainer(Config(), CIRCLE).record_stride == 1  # full batch: every loss is free
    strides = [Trainer(Config(batch_size=b), CIRCLE).record_stride for b in (1, 10, 100, 299)]
    assert strides == sorted(strides, reverse=True) and strides[0] > 1


def test_a_batch_run_records_exact_losses_at_its_stride_and_end():
    trainer = Trainer(CONFIG, CIRCLE).run(700)
    stride = trainer.record_stride
    assert 1 < stride < 700
    its = trainer.history.iterations
    np.testing.assert_array_equal(its, np.append(np.arange(0, 700, stride), 700))
    for params, loss in zip(trainer.history.params, trainer.history.loss):
        assert loss == pytest.approx(_training_loss(trainer, params), rel=1e-12)
    assert trainer.history.loss[-1] == trainer.loss()
    # a later run goes on from there, recording its own end
    trainer.run(5)
    assert list(trainer.history.iterations[-2:]) == [700, 705]


def test_record_every_adds_entries_and_changes_nothing_else():
    plain = Trainer(CONFIG, CIRCLE).run(300)
    framed = Trainer(CONFIG, CIRCLE).run(300, record_every=7)
    assert np.array_equal(plain.params, framed.params) and plain.loss() == framed.loss()
    its = framed.history.iterations
    assert set(range(0, 301, 7)) <= set(its)
    assert set(plain.history.iterations) <= set(its)
    for it in (7, 140, 294):
        index = int(np.searchsorted(its, it))
        assert framed.history.loss[index] == Trainer(CONFIG, CIRCLE).run(it).loss()


@pytest.mark.parametrize("speed", [1, 3, 20])
def test_run_plays_a_batch_run_from_its_records(speed):
    trainer = Trainer(CONFIG, CIRCLE).run(11)
    lab = Lab(CIRCLE, trainer, Editor())
    runs.press(lab)
    stretch = runs.next_stretch(lab, 10_000, speed, now=0.0)
    assert lab.trainer is trainer  # read from the history, not trained again frame by frame
    np.testing.assert_array_equal(stretch.iterations, 11 + speed * np.arange(runs.RUN_FRAMES + 1))
    for k in (0, 1, 50, runs.RUN_FRAMES):
        other = Trainer(CONFIG, CIRCLE).run(int(stretch.iterations[k]))
        np.testing.assert_array_equal(stretch.params[k], other.params)
        assert stretch.losses[k] == other.loss()


@pytest.mark.parametrize("every", [0, -3, 2.5, True, "7"])
def test_record_every_is_a_whole_number_from_1(every):
    with pytest.raises(ConfigError):
        Trainer(CONFIG, CIRCLE).run(10, record_every=every)
