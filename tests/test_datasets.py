"""neuron.datasets: seeded, counted, in range, labelled by their geometry at no noise."""

import numpy as np
import pytest

from neuron import ConfigError, Table, datasets

NAMES = datasets.names()
CLASSIFY = [n for n in NAMES if not datasets.is_regression(n)]


def _xy(table):
    return table.inputs[:, 0], table.inputs[:, 1], table.targets[:, 0]


@pytest.mark.parametrize("name", NAMES)
def test_same_seed_same_table_other_seed_other_table(name):
    a = datasets.get(name, points=300, noise=20, seed=5)
    assert isinstance(a, Table) and a == datasets.get(name, points=300, noise=20, seed=5)
    assert a != datasets.get(name, points=300, noise=20, seed=6)
    assert a.columns == ("x1", "x2", "y")


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("points", [2, 3, 201, 10_000])
def test_counts(name, points):
    table = datasets.get(name, points=points, noise=50, seed=1)
    assert table.n_rows == points and table.n_inputs == 2 and table.n_outputs == 1
    assert np.isfinite(table.inputs).all()
    y = table.targets[:, 0]
    assert ((y >= 0) & (y <= 1)).all()
    if name in ("gaussians", "spiral"):  # one half of each label, the odd point a 1
        assert y.sum() == points - points // 2


@pytest.mark.parametrize("name", CLASSIFY)
def test_classification_targets_are_0_or_1_and_both_appear(name):
    y = datasets.get(name, points=500, noise=30, seed=2).targets
    assert set(np.unique(y)) == {0.0, 1.0}


def test_rows_are_shuffled():
    y = datasets.get("gaussians", points=200).targets[:, 0]
    assert 0 < y[:100].sum() < 100


def test_circle_at_no_noise():
    x1, x2, y = _xy(datasets.get("circle", points=2_000, seed=3))
    r = np.hypot(x1, x2)
    np.testing.assert_array_equal(y, r < 2.5)
    assert ((r <= 2.5 + 1e-3) | ((r >= 3.5 - 1e-3) & (r <= 5 + 1e-3))).all()  # the gap
    assert y.sum() == 1_000


def test_xor_at_no_noise():
    x1, x2, y = _xy(datasets.get("xor", points=2_000, seed=3))
    np.testing.assert_array_equal(y, x1 * x2 > 0)
    for v in (x1, x2):
        assert ((np.abs(v) >= 0.3) & (np.abs(v) <= 5.3)).all()
    assert 0.45 < y.mean() < 0.55


def test_gaussians_at_no_noise_and_at_most_noise():
    x1, x2, y = _xy(datasets.get("gaussians", points=4_000, seed=3))
    ones = np.column_stack([x1, x2])[y == 1]
    np.testing.assert_allclose(ones.mean(axis=0), [2, 2], atol=0.06)
    np.testing.assert_allclose(ones.var(axis=0), [0.5, 0.5], rtol=0.1)
    assert np.mean((x1 + x2 > 0) == (y == 1)) > 0.999
    x1, x2, y = _xy(datasets.get("gaussians", points=4_000, noise=50, seed=3))
    zeros = np.column_stack([x1, x2])[y == 0]
    np.testing.assert_allclose(zeros.mean(axis=0), [-2, -2], atol=0.15)
    np.testing.assert_allclose(zeros.var(axis=0), [4, 4], rtol=0.1)


def test_spiral_at_no_noise_lies_on_its_arms():
    x1, x2, y = _xy(datasets.get("spiral", points=1_000, seed=3))
    r = np.hypot(x1, x2)
    assert r.max() <= 5
    far = r > 0.5
    # x1 = r sin t, x2 = r cos t with t = 1.75 turns * r / 5, plus half a turn for label 0
    t = 1.75 * 2 * np.pi * r / 5 + np.where(y == 1, 0, np.pi)
    np.testing.assert_allclose(np.cos(np.arctan2(x1, x2) - t)[far], 1, atol=1e-4)


def test_plane_at_no_noise():
    x1, x2, y = _xy(datasets.get("plane", points=2_000, seed=3))
    assert (np.abs(x1) <= 6).all() and (np.abs(x2) <= 6).all()
    np.testing.assert_allclose(y, 0.5 + (x1 + x2) / 24, atol=1e-3)
    assert y.min() < 0.1 and y.max() > 0.9


@pytest.mark.parametrize("name", ["circle", "xor", "plane"])
def test_noise_moves_labels_more_as_it_grows(name):
    rule = {"circle": lambda x1, x2: np.hypot(x1, x2) < 2.5,
            "xor": lambda x1, x2: x1 * x2 > 0,
            "plane": lambda x1, x2: 0.5 + (x1 + x2) / 24}[name]
    off = []
    for noise in (0, 10, 50):
        x1, x2, y = _xy(datasets.get(name, points=2_000, noise=noise, seed=4))
        off.append(np.mean(np.abs(y - rule(x1, x2)) > 2e-3))
    assert off[0] == 0 < off[1] < off[2]


def test_spiral_noise_moves_points_off_their_arm():
    clean = datasets.get("spiral", points=500, seed=4).inputs
    noisy = datasets.get("spiral", points=500, noise=50, seed=4).inputs
    moved = np.abs(np.sort(noisy, axis=0) - np.sort(clean, axis=0))
    assert moved.max() > 0.1


@pytest.mark.parametrize(("points", "noise", "seed"), [
    (1, 0, 0), (10_001, 0, 0), (200, -1, 0), (200, 51, 0), (200, 0, -1), (200, 0, 2**32),
    (200.0, 0, 0), (True, 0, 0)])
def test_parameters_are_checked(points, noise, seed):
    with pytest.raises(ConfigError):
        datasets.get("circle", points=points, noise=noise, seed=seed)
    with pytest.raises(KeyError):
        datasets.get("moons")


def test_parameters_defaults_are_gets():
    defaults = {p.name: p.default for p in datasets.PARAMETERS}
    assert datasets.get("circle") == datasets.get("circle", **defaults)


def _playground_gaussian_label(x, y):
    """regressGaussian's getLabel in TensorFlow Playground's src/dataset.ts, point by point:
    the bump whose (clamped, linear in the distance) value is largest in absolute value."""
    label = 0.0
    for cx, cy, sign in [(-4, 2.5, 1), (0, 2.5, -1), (4, 2.5, 1), (-4, -2.5, -1),
                         (0, -2.5, 1), (4, -2.5, -1)]:
        d = ((x - cx) ** 2 + (y - cy) ** 2) ** 0.5
        new = sign * min(1.0, max(0.0, 1 - d / 2))
        if abs(new) > abs(label):
            label = new
    return label


def test_multi_gaussian_at_no_noise_is_the_playgrounds_reg_gauss():
    x1, x2, y = _xy(datasets.get("reg-gauss", points=2_000, seed=3))
    assert (np.abs(x1) <= 6).all() and (np.abs(x2) <= 6).all()
    want = [(_playground_gaussian_label(a, b) + 1) / 2 for a, b in zip(x1, x2)]
    np.testing.assert_allclose(y, want, atol=6e-4)  # targets rounded to 3 decimals
    assert y.min() < 0.05 and y.max() > 0.95 and np.median(y) == 0.5


def test_the_playgrounds_names_are_accepted():
    for alias, name in datasets.ALIASES.items():
        assert datasets.get(alias, points=30, seed=4) == datasets.get(name, points=30, seed=4)
        assert datasets.is_regression(alias) == datasets.is_regression(name)
    assert set(datasets.ALIASES) == {"gauss", "reg-plane", "reg-gauss"}
