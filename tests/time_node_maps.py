"""Time neuron.lesson.node_maps for hidden (4, 2) on a 1,000-point circle with all five
features, on a 40 x 40 grid (issue 9: <= 30 ms). Run: python -m tests.time_node_maps"""

import time

import numpy as np

from neuron import Config, Trainer, datasets, features
from neuron.lesson import node_maps


def main(repeats=200):
    for names in ([], list(features.FEATURES)):
        table = features.expand(datasets.get("circle", points=1_000, noise=10), names)
        trainer = Trainer(Config(hidden=(4, 2), bias=True, learning_rate=0.01), table).run(100)
        node_maps(trainer)  # warm
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            node_maps(trainer, size=40)
            times.append(time.perf_counter() - start)
        ms = 1000 * np.array(times)
        print(f"node_maps, hidden (4, 2), {table.n_inputs} inputs, 40 x 40: median "
              f"{np.median(ms):.2f} ms, 95th percentile {np.percentile(ms, 95):.2f} ms, "
              f"max {ms.max():.2f} ms ({repeats} calls)")


if __name__ == "__main__":
    main()
