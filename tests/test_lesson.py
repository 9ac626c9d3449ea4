"""neuron.lesson: the proposed network learns; a stalled run is recognised."""

from dataclasses import replace

import numpy as np
import pytest

from neuron import Config, Trainer, datasets, linearly_separable, presets, sweep
from neuron.lesson import ITERATIONS, Proposal, fix, needs_hidden, node_maps, remedies, stalled
from neuron.table import Table

SEEDS = range(100)


def _one_neuron_cannot(name, bias):
    table = presets.get(name)
    return any(
        not linearly_separable(Table(table.inputs, table.targets[:, [k]]), bias=bias)
        for k in range(table.n_outputs))


HARD = [name for name in presets.names() if _one_neuron_cannot(name, bias=False)]


def test_the_hard_presets_are_found():
    assert {"xor", "xor3", "half_adder"} <= set(HARD)
    assert "seed" not in HARD and "and" not in HARD
    assert [n for n in presets.names() if needs_hidden(presets.get(n))] == HARD


@pytest.mark.parametrize("user", [
    Config(),
    Config(bias=True, seed=7),
    Config(loss="cross_entropy", learning_rate=0.1),
    Config(hidden=(2,), activation="tanh", learning_rate=50.0),
], ids=["article", "bias", "cross_entropy", "stuck_tanh"])
@pytest.mark.parametrize("name", HARD)
def test_the_fix_learns_on_95_of_100_seeds(name, user):
    table = presets.get(name)
    proposed = fix(user, table).config
    assert proposed.hidden and (proposed.seed, proposed.loss, proposed.bias) == \
        (user.seed, user.loss, user.bias)
    result = sweep(proposed, table, ITERATIONS, seeds=SEEDS)
    assert result.fits.sum() >= 95


def test_the_fix_keeps_a_learning_rate_that_works_and_changes_nothing_else():
    table = presets.get("xor")
    assert fix(Config(learning_rate=0.5), table).config.learning_rate == 0.5
    assert fix(Config(learning_rate=50.0), table).config.learning_rate == 1.0
    assert fix(Config(), table).features == ()
    assert fix(Config(), presets.get("seed")) == Proposal(Config())
    assert fix(Config(hidden=(3,), bias=True), presets.get("and")).config == \
        Config(hidden=(3,), bias=True)


def test_the_old_proposal_fails_on_the_default_seed():
    """The issue's report: hidden (2,) on xor from seed 1 is stuck at 0.125, 2 of 4 right."""
    trainer = Trainer(Config(hidden=(2,)), presets.get("xor")).run(ITERATIONS)
    assert trainer.rows_right().sum() == 2
    assert trainer.loss() == pytest.approx(0.125, abs=1e-3)
    fixed = Trainer(fix(trainer.config, trainer.table).config, trainer.table).run(ITERATIONS)
    assert fixed.rows_right().all()


def test_a_stuck_run_is_stalled():
    trainer = Trainer(Config(hidden=(2,)), presets.get("xor")).run(ITERATIONS)
    assert stalled(trainer)
    later = trainer.copy().run(50_000)  # independent evidence: still stuck much later
    assert not later.rows_right().all() and later.loss() > 0.1


def test_a_run_still_learning_is_not_stalled():
    # seed 7 still has rows wrong at 2,000 iterations, its loss falling; it fits by 10,000
    trainer = Trainer(Config(hidden=(2,), seed=7), presets.get("xor")).run(1_000)
    before = trainer.loss()
    trainer.run(1_000)
    assert not trainer.rows_right().all()
    assert before - trainer.loss() > 0.01 * before
    assert not stalled(trainer)
    assert trainer.run(ITERATIONS - 2_000).rows_right().all()


def test_a_run_that_fits_or_is_young_is_not_stalled():
    done = Trainer(Config(), presets.get("seed")).run(ITERATIONS)  # flat, but every row right
    assert done.loss() < 1e-4 and not stalled(done)
    young = Trainer(Config(hidden=(2,)), presets.get("xor")).run(999)
    assert not stalled(young)
    assert stalled(young, window=100) == (not young.rows_right().all())


def test_remedies_offer_the_next_seed_and_a_bigger_layer():
    table = presets.get("xor")
    small = Config(hidden=(2,), seed=1)
    offers = remedies(small, table)
    assert offers["new_weights"] == replace(small, seed=2)
    assert offers["bigger"] == fix(small, table).config
    assert sum(offers["bigger"].hidden) > 2
    assert remedies(Config(hidden=(6, 3)), table)["bigger"].hidden == (12, 3)
    assert "bigger" not in remedies(Config(hidden=(16,)), table)
    assert remedies(Config(seed=2**32 - 1), table)["new_weights"].seed == 0


def test_the_bigger_layer_learns_where_the_stuck_one_did_not():
    table = presets.get("xor")
    stuck = sweep(Config(hidden=(2,)), table, ITERATIONS, seeds=SEEDS)
    bigger = sweep(remedies(Config(hidden=(2,)), table)["bigger"], table, ITERATIONS,
                   seeds=SEEDS)
    assert np.sum(bigger.fits) >= 95 > np.sum(stuck.fits)


def _sigmoid(z):
    return 1 / (1 + np.exp(-z))


def test_node_maps_match_a_hand_written_forward_pass():
    from neuron import datasets, features
    table = features.expand(datasets.get("circle", points=100, noise=10), ["x1_squared", "x1_x2"])
    trainer = Trainer(Config(hidden=(4, 2), bias=True, activation="tanh"), table).run(50)
    xs, ys, maps = node_maps(trainer, size=9)
    assert [m.shape for m in maps] == [(4, 9, 9), (4, 9, 9), (2, 9, 9), (1, 9, 9)]
    assert xs[0] < table.inputs[:, 0].min() and xs[-1] > table.inputs[:, 0].max()
    (w1, w2, w3), (b1, b2, b3) = trainer.weights, trainer.biases
    for j, i in [(0, 0), (3, 7), (8, 8), (5, 1)]:
        x1, x2 = xs[i], ys[j]
        x = np.array([x1, x2, x1 * x1, x1 * x2])
        h1 = np.tanh(x @ w1 + b1)
        h2 = np.tanh(h1 @ w2 + b2)
        out = _sigmoid(h2 @ w3 + b3)
        for layer, expected in enumerate([x, h1, h2, out]):
            np.testing.assert_allclose(maps[layer][:, j, i], expected, rtol=1e-12, atol=1e-14)
        np.testing.assert_allclose(maps[-1][:, j, i], trainer.predict(x)[0], rtol=1e-12)


def test_node_maps_hold_a_constant_input_and_agree_with_forward():
    trainer = Trainer(Config(hidden=(6,)), presets.get("xor")).run(ITERATIONS)  # x3 = 1
    xs, ys, maps = node_maps(trainer, size=5)
    assert xs[0] == -0.25 and xs[-1] == 1.25
    np.testing.assert_array_equal(maps[0][2], 1.0)
    points = np.array([[x, y, 1.0] for y in ys for x in xs])
    _, acts = trainer.forward(points)
    for layer, a in enumerate(acts):
        np.testing.assert_allclose(maps[layer].reshape(len(a.T), -1), a.T, rtol=1e-12)
    corners = maps[-1][0][[1, 1, 3, 3], [1, 3, 1, 3]]  # (0, 0), (1, 0), (0, 1), (1, 1)
    np.testing.assert_array_equal(corners.round(), [0, 1, 1, 0])


def test_node_maps_refuse_a_table_that_is_not_two_dimensional():
    from neuron import TableError
    trainer = Trainer(Config(), presets.get("majority"))  # x1, x2, x3 all vary
    with pytest.raises(TableError):
        node_maps(trainer)


@pytest.mark.parametrize("name", ["circle", "xor", "gaussians", "spiral", "plane",
                                  "multi_gaussian"])
def test_the_fix_learns_each_data_set_at_its_defaults(name):
    """At the defaults (200 points, no noise): >= 95 % of rows right (the plane: mean
    squared error <= 0.001; the six bumps: <= a tenth of the targets' variance) on each of
    seeds 0-9 (measured: 100 of 100, see fix)."""
    from neuron import datasets, features
    from neuron.trainer import right
    table = datasets.get(name)
    proposal = fix(Config(), table, dataset=name)
    assert proposal.config.seed == Config().seed
    wide = features.expand(table, proposal.features)
    result = sweep(proposal.config, wide, ITERATIONS, seeds=range(10))
    if name == "multi_gaussian":
        assert (result.final_loss <= 0.1 * table.targets.var()).all()
    elif datasets.is_regression(name):
        assert (result.final_loss <= 0.001).all()
    else:
        share = right(result.predictions, wide.targets).all(axis=2).mean(axis=1)
        assert (share >= 0.95).all()


def test_a_data_sets_learning_rate_follows_its_rows():
    from neuron import datasets
    small, big = (datasets.get("circle", points=n) for n in (200, 1_000))
    assert fix(Config(), small, "circle").config.learning_rate == 0.03
    assert fix(Config(), big, "circle").config.learning_rate == pytest.approx(0.006)
    assert fix(Config(seed=5), small, "spiral") == Proposal(
        Config(hidden=(8,), activation="tanh", bias=True, learning_rate=0.003, seed=5),
        ("sin_x1", "sin_x2"))


@pytest.mark.parametrize("noise", [0, 50])
@pytest.mark.parametrize("name", datasets.names())
def test_each_data_set_trains_from_what_choosing_it_loads(name, noise):
    """Choosing a data set loads its recipe (network, features, rate / rows) on the page's
    defaults: from there one Step lowers the loss, and so do 100 Steps."""
    from neuron import features
    table = datasets.get(name, noise=noise)
    proposal = fix(Config(), table, dataset=name)
    trainer = Trainer(proposal.config, features.expand(table, proposal.features))
    start = trainer.loss()
    trainer.step()
    assert trainer.loss() < start
    after_one = trainer.loss()
    trainer.run(100)
    assert trainer.loss() < after_one
    assert Trainer(proposal.config, features.expand(table, proposal.features)).run(
        100).loss() < start


def test_noise_is_told_apart_from_a_network_that_cannot_fit():
    """Issue 19.5: the rows a noisy data set leaves wrong are noise (the held-out rows do as
    well, the misses sit among the other class); xor's, with one neuron, are not."""
    from neuron import datasets
    from neuron.lesson import advise, noise

    noisy = Trainer(Config(test_fraction=0.3), datasets.get("gaussians", noise=30)).run(5_000)
    assert stalled(noisy) and noise(noisy)
    assert advise(noisy).kind == "noise" and advise(noisy).offers == ()
    xor = Trainer(Config(test_fraction=0.3, data_seed=1), datasets.get("xor")).run(5_000)
    assert stalled(xor) and not noise(xor)
    advice = advise(xor)
    assert advice.kind == "one_neuron" and [n for n, _ in advice.offers] == ["bigger"]
    assert advice.offers[0][1].hidden == fix(xor.config, xor.table).config.hidden == (6,)
