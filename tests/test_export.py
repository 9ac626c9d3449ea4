"""export_script: the generated program, run on its own, prints the trainer's predictions."""

import re
import subprocess
import sys

import numpy as np
import pytest

from neuron import Config, Table, Trainer, export_script, presets


def _run(script, tmp_path):
    """The script's output; any warning (RuntimeWarning included) fails the run."""
    path = tmp_path / "neuron_script.py"
    path.write_text(script)
    done = subprocess.run([sys.executable, "-W", "error", str(path)], capture_output=True,
                          text=True, timeout=120, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert not done.stderr
    return done.stdout


def _printed_outputs(stdout):
    """The last [...] on each line that has one: numpy's print of that row's outputs."""
    groups = [re.findall(r"\[([^\[\]]*)\]", line) for line in stdout.splitlines()]
    return np.array([[float(v) for v in g[-1].split()] for g in groups if g])


CASES = [
    (Config(), "seed", 10_000),
    (Config(hidden=(3,), activation="tanh", loss="cross_entropy", bias=True, learning_rate=0.5),
     "half_adder", 2_000),
    (Config(hidden=(4, 2), activation="relu", bias=True, seed=3), "xor3", 1_500),
    (Config(learning_rate=0.5), "and", 500),
    (Config(hidden=(2,), activation="sigmoid", seed=11), "xor", 3_000),
    (Config(hidden=(3,), activation="linear", bias=True, learning_rate=0.1), "and", 500),
]


@pytest.mark.parametrize(("config", "preset", "iterations"), CASES,
                         ids=["article", "general", "relu", "rate", "xor", "linear"])
def test_script_prints_the_trainers_predictions(config, preset, iterations, tmp_path):
    table = presets.get(preset)
    stdout = _run(export_script(config, table, iterations), tmp_path)
    printed = _printed_outputs(stdout)
    want = Trainer(config, table).run(iterations).predict(table.inputs)
    assert printed.shape == want.shape
    np.testing.assert_allclose(printed, want, rtol=1e-7, atol=1e-8)


def test_article_script_reads_like_the_nine_lines():
    script = export_script(Config(), presets.get("seed"), 10_000)
    assert "random.seed(1)" in script
    assert "2 * random.random((3, 1)) - 1" in script
    assert "range(10000)" in script
    assert "1 / (1 + exp(-dot(inputs, weights)))" in script
    assert "output * (1 - output)" in script
    assert "[[0, 0, 1], [1, 1, 1], [1, 0, 1], [0, 1, 1]]" in script
    code = [line for line in script.splitlines() if line.strip() and not line.startswith("#")]
    assert len(code) <= 11


def test_article_script_answers_the_articles_question(tmp_path):
    script = export_script(Config(), presets.get("seed"), 10_000)
    script += "print(1 / (1 + exp(-dot(array([1, 0, 0]), weights))))\n"
    assert _run(script, tmp_path).splitlines()[-1] == "[0.99993704]"


DIVERGING = Config(hidden=(2,), activation="relu", loss="cross_entropy", bias=True, seed=0)
DIVERGING_TABLE = Table([[1e6, 1e6], [-1e6, 1e6], [1e6, -1e6], [-1e6, -1e6]], [0.5] * 4)


@pytest.mark.parametrize("learning_rate", [100.0, 3.0])
def test_a_diverging_script_stops_where_the_trainer_stops(learning_rate, tmp_path):
    config = Config(**{**DIVERGING.__dict__, "learning_rate": learning_rate})
    trainer = Trainer(config, DIVERGING_TABLE).run(2_000)
    assert trainer.diverged and 0 < trainer.iteration < 2_000
    stdout = _run(export_script(config, DIVERGING_TABLE, 2_000), tmp_path)
    assert "nan" not in stdout and "inf" not in stdout
    stopped = re.search(r"stopped after (\d+) iterations", stdout)
    assert stopped and int(stopped.group(1)) == trainer.iteration
    np.testing.assert_allclose(_printed_outputs(stdout),
                               trainer.predict(DIVERGING_TABLE.inputs), rtol=1e-7, atol=1e-8)
