"""Speed and memory against the bare loops this project generalises: ``python -m neuron.bench``.

Each timed row runs its baseline and its candidate alternately in one process, several
times, and compares the medians of their CPU times (``time.process_time``: time the
process spent waiting for a shared, busy machine does not count). ``--quick`` runs
fewer, shorter repetitions; its figures are only indicative.
"""

import argparse
import os
import statistics
import time
from dataclasses import replace

import numpy as np

from . import datasets, presets
from .config import Config
from .sweep import sweep
from .table import Table
from .trainer import Trainer


def article_loop(iterations):
    """The article's nine lines, as written there."""
    from numpy import array, dot, exp, random
    inputs = array([[0, 0, 1], [1, 1, 1], [1, 0, 1], [0, 1, 1]])
    targets = array([[0, 1, 1, 0]]).T
    random.seed(1)
    weights = 2 * random.random((3, 1)) - 1
    for _ in range(iterations):
        output = 1 / (1 + exp(-(dot(inputs, weights))))
        weights += dot(inputs.T, (targets - output) * output * (1 - output))
    return weights


def follow_up_loop(iterations):
    """The two-layer follow-up's loop: 3 inputs, 4 hidden sigmoids, 1 sigmoid output."""
    table = presets.get("xor3")
    X, y = table.inputs, table.targets
    np.random.seed(1)
    s0 = 2 * np.random.random((3, 4)) - 1
    s1 = 2 * np.random.random((4, 1)) - 1

    def sigmoid(x):
        return 1 / (1 + np.exp(-x))

    for _ in range(iterations):
        l1 = sigmoid(X @ s0)
        l2 = sigmoid(l1 @ s1)
        l2_delta = (y - l2) * (l2 * (1 - l2))
        l1_delta = l2_delta.dot(s1.T) * (l1 * (1 - l1))
        s1 += l1.T.dot(l2_delta)
        s0 += X.T.dot(l1_delta)
    return s0, s1


def minimal_loop(table, iterations):
    """The article's update in as few numpy calls as it takes, full batch."""
    X, y = table.inputs, table.targets
    w = 2 * np.random.RandomState(1).random_sample((X.shape[1], 1)) - 1
    for _ in range(iterations):
        o = 1 / (1 + np.exp(-X @ w))
        w += X.T @ ((y - o) * o * (1 - o))
    return w


def minimal_two_layer_loop(table, iterations, hidden=4):
    """The same with a hidden layer of sigmoids: both deltas before either update."""
    X, y = table.inputs, table.targets
    rng = np.random.RandomState(1)
    w1 = 2 * rng.random_sample((X.shape[1], hidden)) - 1
    w2 = 2 * rng.random_sample((hidden, 1)) - 1
    for _ in range(iterations):
        h = 1 / (1 + np.exp(-X @ w1))
        o = 1 / (1 + np.exp(-h @ w2))
        d2 = (y - o) * o * (1 - o)
        d1 = (d2 @ w2.T) * h * (1 - h)
        w2 += h.T @ d2
        w1 += X.T @ d1
    return w1, w2


def minibatch_loop(table, iterations, batch_size=10, learning_rate=0.03, seed=1):
    """A plain minibatch loop for a sigmoid network with biases and hidden layers of 4 and 2
    neurons: each epoch takes the rows in a fresh random order, ``batch_size`` per iteration."""
    X, y = table.inputs, table.targets
    rng = np.random.default_rng(seed)
    w1, w2, w3 = (2 * rng.random(shape) - 1 for shape in ((X.shape[1], 4), (4, 2), (2, 1)))
    b1, b2, b3 = np.zeros(4), np.zeros(2), np.zeros(1)
    per_epoch = -(-len(X) // batch_size)

    def sigmoid(x):
        return 1 / (1 + np.exp(-x))

    for i in range(iterations):
        epoch, j = divmod(i, per_epoch)
        if j == 0:
            order = rng.permutation(len(X))
        rows = order[j * batch_size:(j + 1) * batch_size]
        x, t = X[rows], y[rows]
        h1 = sigmoid(x @ w1 + b1)
        h2 = sigmoid(h1 @ w2 + b2)
        out = sigmoid(h2 @ w3 + b3)
        d3 = (t - out) * out * (1 - out)
        d2 = (d3 @ w3.T) * h2 * (1 - h2)
        d1 = (d2 @ w2.T) * h1 * (1 - h1)
        w3 += learning_rate * (h2.T @ d3)
        b3 += learning_rate * d3.sum(axis=0)
        w2 += learning_rate * (h1.T @ d2)
        b2 += learning_rate * d2.sum(axis=0)
        w1 += learning_rate * (x.T @ d1)
        b1 += learning_rate * d1.sum(axis=0)
    return w1, w2, w3


def _seconds(fn):
    start = time.process_time()
    fn()
    return time.process_time() - start


def compare(baseline, candidate, repeats):
    """Median CPU seconds of each, run alternately (the order swaps every repetition)."""
    times = {baseline: [], candidate: []}
    for r in range(repeats):
        pair = (baseline, candidate) if r % 2 == 0 else (candidate, baseline)
        for fn in pair:
            times[fn].append(_seconds(fn))
    return statistics.median(times[baseline]), statistics.median(times[candidate])


def rows(quick=False):
    """(what, baseline, candidate, figure, target, passed) for each check."""
    repeats = 3 if quick else 15  # the follow-up's runs are long: they repeat half as often
    scale = 10 if quick else 1
    n_a, n_b, n_c = 10_000 // scale, 60_000 // scale, 5_000 // scale
    n_d, n_e = 1_000_000 // scale, 1_000 // scale
    seed, xor3, xor = presets.get("seed"), presets.get("xor3"), presets.get("xor")
    found = []

    def timed(what, baseline, candidate, target, repeats=repeats):
        base, cand = compare(baseline, candidate, repeats)
        found.append((what, base, cand, cand / base, target))

    article = Config()
    timed(f"(a) seed config, {n_a:,} iterations / article's loop",
          lambda: article_loop(n_a), lambda: Trainer(article, seed).run(n_a), 1.0)
    timed("(b) the same / minimal loop (o = 1/(1+exp(-X@w)); w += X.T @ ...)",
          lambda: minimal_loop(seed, n_a), lambda: Trainer(article, seed).run(n_a), 1.0)
    follow_up = Config(hidden=(4,))
    timed(f"(c) hidden=(4,) on xor3, {n_b:,} iterations / follow-up's loop",
          lambda: follow_up_loop(n_b), lambda: Trainer(follow_up, xor3).run(n_b), 1.1,
          repeats // 2)
    timed(f"(d) hidden=(4,) on xor3, {n_a:,} iterations / minimal two-layer loop",
          lambda: minimal_two_layer_loop(xor3, n_a),
          lambda: Trainer(follow_up, xor3).run(n_a), 1.1)

    config = Config(hidden=(2,))
    timed(f"(e) sweep of 32 seeds / one run, hidden=(2,) on xor, {n_c:,} iterations",
          lambda: Trainer(config, xor).run(n_c),
          lambda: sweep(config, xor, n_c, seeds=range(32)), 2.0)

    history = Trainer(article, seed).run(n_d).history
    found.append((f"(f) history after {n_d:,} iterations, MB ({len(history):,} entries)",
                  None, None, history.nbytes() / 1e6, 2.0))

    circle = datasets.get("circle", points=1_000)
    config = Config(hidden=(4, 2), bias=True, learning_rate=0.03, batch_size=10)
    timed(f"(g) circle 1,000 points, hidden=(4, 2), batch 10, {n_e:,} iterations / "
          "bare minibatch loop", lambda: minibatch_loop(circle, n_e),
          lambda: Trainer(config, circle).run(n_e), 1.1)

    held_out = replace(config, test_fraction=0.5)
    train = Trainer(held_out, circle).train_rows
    training_rows = Table(circle.inputs[train], circle.targets[train])
    timed("(h) the same, half the rows held out / the loop on the other half",
          lambda: minibatch_loop(training_rows, n_e),
          lambda: Trainer(held_out, circle).run(n_e), 1.1)
    return [(*row, row[3] <= row[4]) for row in found]


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m neuron.bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="short runs, fewer repetitions")
    args = parser.parse_args(argv)
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"{'what':<84} {'baseline s':>10} {'neuron s':>9} {'figure':>7} {'target':>7}")
    for what, base, cand, figure, target, passed in rows(args.quick):
        times = f"{base:>10.3f} {cand:>9.3f}" if base is not None else f"{'':>10} {'':>9}"
        print(f"{what:<84} {times} {figure:>7.2f} {'<=':>3}{target:>4g} "
              f"{'PASS' if passed else 'MISS'}")


if __name__ == "__main__":
    main()
