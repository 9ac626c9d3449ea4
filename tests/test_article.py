"""The article's numbers (shared/seed/REFERENCE.md) and its two-layer follow-up's."""

import numpy as np
import pytest

from neuron import Config, Trainer, presets
from neuron.bench import follow_up_loop  # the follow-up's program, plain numpy

EXACT = dict(rtol=1e-15, atol=0)

INITIAL = [-0.165955990594852, 0.4406489868843162, -0.9997712503653102]
AFTER = {
    1: [0.12025405710936243, 0.5045619608367021, -0.8506377412381663],
    10: [1.7205762367871322, 0.23669265180382312, -0.8407452199473421],
    100: [4.621287365729615, -0.20338466199808072, -2.093253109251212],
    1_000: [7.262830093488654, -0.21614617920792425, -3.41703015274278],
    10_000: [9.672993027736892, -0.20784349926631968, -4.62963668773159],
}


@pytest.fixture
def article():
    return Trainer(Config(), presets.get("seed"))


def test_initial_weights(article):
    np.testing.assert_allclose(article.weights[0].ravel(), INITIAL, **EXACT)
    assert article.weights[0].shape == (3, 1)


def test_first_iteration(article):
    record = article.step()
    np.testing.assert_allclose(
        record.outputs.ravel(),
        [0.2689863986549585, 0.3262756985110817, 0.23762817371784412, 0.3637505753263374],
        **EXACT)
    np.testing.assert_allclose(
        record.slopes[-1].ravel(),
        [0.19663271599359422, 0.2198198670721874, 0.18116102477336624, 0.23143609427609593],
        **EXACT)
    np.testing.assert_allclose(
        record.adjustments[0].ravel(),
        [0.28621004770421443, 0.06391297395238597, 0.1491335091271439], **EXACT)
    np.testing.assert_allclose(record.weights_before[0].ravel(), INITIAL, **EXACT)
    np.testing.assert_allclose(record.weights_after[0].ravel(), AFTER[1], **EXACT)
    np.testing.assert_allclose(record.loss_before, 0.3099458499092816, **EXACT)


@pytest.mark.parametrize("iterations", sorted(AFTER))
def test_weights_after(article, iterations):
    article.run(iterations)
    assert article.iteration == iterations
    np.testing.assert_allclose(article.weights[0].ravel(), AFTER[iterations], **EXACT)


def test_loss_and_predictions_after_10_000(article):
    assert article.loss() == pytest.approx(0.3099458499092816, rel=1e-15)
    article.run(10_000)
    assert article.loss() == pytest.approx(6.460939533670806e-05, rel=1e-14)
    p = article.predict([[1, 0, 0], [0, 0, 0], [1, 1, 1]])[:, 0]
    assert round(p[0], 8) == 0.99993704
    assert p[1] == 0.5  # no bias: z = 0 for the zero row, whatever the weights
    assert round(p[2], 8) == 0.99211997


def test_history_starts_at_the_initial_weights(article):
    article.run(10)
    np.testing.assert_allclose(article.history.weights[0][0].ravel(), INITIAL, **EXACT)
    np.testing.assert_allclose(article.history.weights[0][10].ravel(), AFTER[10], **EXACT)
    assert article.history.loss[0] == pytest.approx(0.3099458499092816, rel=1e-15)


def test_two_layer_follow_up():
    trainer = Trainer(Config(hidden=(4,)), presets.get("xor3")).run(60_000)
    assert round(float(trainer.predict([1, 1, 0])[0, 0]), 7) == 0.0078876
    s0, s1 = follow_up_loop(60_000)
    np.testing.assert_allclose(trainer.weights[0], s0, rtol=1e-12)
    np.testing.assert_allclose(trainer.weights[1], s1, rtol=1e-12)


def test_single_neuron_cannot_learn_xor3():
    trainer = Trainer(Config(), presets.get("xor3")).run(60_000)
    p = float(trainer.predict([1, 1, 0])[0, 0])
    # REFERENCE.md's 0.99999999: the first 8 decimals (0.9999999992...); XOR(1, 1) is 0.
    assert np.floor(p * 1e8) / 1e8 == 0.99999999
    assert p < 1
