"""Heavy work in worker processes (neuron/work.py, followed by lab/jobs.py), never in a
script run: Compare gives neuron.sweep's numbers, reports progress, can be cancelled and
leaves the turn (lab/turn.py) free while it works; the verdict on a large table, a long
Train, and errors and objects that travel back whole."""

import os
import tempfile
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from lab import turn as lab_turn
from lab.text import text
from neuron import Config, Trainer, datasets, presets, separability, sweep, work
from tests.test_app import click, lab, open_view, page, run, set_widget, toasts
from tests.test_views import chart

HEAVY = dict(config=Config(hidden=(8,)), table=datasets.get("spiral", 1000), iterations=20_000,
             seeds=range(32))


def wait(job, timeout=120):
    deadline = time.monotonic() + timeout
    while not job.done():
        assert time.monotonic() < deadline, "the job did not finish"
        time.sleep(0.05)


def test_a_sweep_in_a_worker_gives_the_same_numbers_bit_for_bit():
    config, table = Config(hidden=(2,)), presets.get("xor")
    here = sweep(config, table, 1_500, seeds=[3, 4, 5])
    job = work.submit(sweep, config, table, 1_500, seeds=[3, 4, 5])
    wait(job)
    there = job.result()
    for name in ("seeds", "learning_rates", "iterations", "loss", "predictions", "fits",
                 "diverged", "trained"):
        assert np.array_equal(getattr(there, name), getattr(here, name)), name
    assert job.progress == 1.0


def test_a_sweep_reports_its_progress_and_stops_when_told():
    seen = []

    def progress(fraction):
        seen.append(fraction)
        if fraction >= 0.5:
            raise work.Cancelled

    with pytest.raises(work.Cancelled):
        sweep(Config(), presets.get("seed"), 3_000, seeds=[1, 2], progress=progress)
    assert seen == sorted(seen) and 0 < seen[0] < 0.5 <= seen[-1] < 1


def test_a_cancelled_job_stops_early():
    job = work.submit(sweep, **HEAVY)
    deadline = time.monotonic() + 120
    while job.progress == 0:  # under way
        assert time.monotonic() < deadline
        time.sleep(0.05)
    job.cancel()
    wait(job)
    with pytest.raises(work.Cancelled):
        job.result()
    assert job.progress < 1


def test_compare_shows_progress_and_cancel_then_cancels():
    at = page({"view": "compare", "data": "spiral.1000.0.0", "hidden": "8", "target": "20000"})
    set_widget(at, "select_slider", "compare_count", 32)
    click(at, "compare")
    assert "compare" in lab(at).jobs
    assert at.button(key="compare").disabled
    bars = [p for p in at.get("progress")]
    assert len(bars) == 1
    assert at.button(key="compare_cancel").label == text("en", "work_cancel")
    job = lab(at).jobs["compare"][1]
    click(at, "compare_cancel")
    assert "compare" not in lab(at).jobs and lab(at).sweep is None
    assert text("en", "work_cancelled") in toasts(at)
    assert not at.button(key="compare").disabled
    assert not at.get("progress") and chart(at, "compare_chart") is None
    wait(job)
    with pytest.raises(work.Cancelled):
        job.result()


GATE = Path(tempfile.gettempdir()) / "neuron-lab-test-gate-{}"


def gated_sweep(*args, progress=None, **kwargs):
    """neuron.sweep, once the test that started it (this process's parent) opens the gate."""
    gate = Path(str(GATE).format(os.getppid()))
    while not gate.exists():
        progress(0.0)
        time.sleep(0.02)
    return sweep(*args, progress=progress, **kwargs)


class WatchedTurn:
    """lab.turn.lock, counting how deep it is held (by any thread)."""

    def __init__(self, turn):
        self.turn, self.depth, self.lock = turn, 0, threading.Lock()

    def __enter__(self):
        self.turn.__enter__()
        with self.lock:
            self.depth += 1

    def __exit__(self, *exc):
        with self.lock:
            self.depth -= 1
        return self.turn.__exit__(*exc)


def test_the_sweep_runs_while_no_script_holds_the_turn(monkeypatch):
    from lab.views import compare as view

    gate = Path(str(GATE).format(os.getpid()))
    gate.unlink(missing_ok=True)
    turn = WatchedTurn(lab_turn.lock)
    monkeypatch.setattr(lab_turn, "lock", turn)
    monkeypatch.setattr(view, "sweep", gated_sweep)
    at = page({"view": "compare", "preset": "xor", "hidden": "2", "target": "600"})
    set_widget(at, "select_slider", "compare_count", 4)
    click(at, "compare")
    # the click's script run has ended, the turn is free, and the sweep has not finished:
    # it waits for the gate, which opens only now
    job = lab(at).jobs["compare"][1]
    assert turn.depth == 0 and not job.done()
    gate.touch()
    try:
        wait(job)
    finally:
        gate.unlink()
    run(at)
    expected = sweep(Config(hidden=(2,)), presets.get("xor"), 600, seeds=range(1, 5))
    drawn = chart(at, "compare_chart")["data"]
    for trace, loss in zip(drawn, expected.loss, strict=True):
        np.testing.assert_allclose(trace["y"], loss, rtol=1e-12)


def test_compare_says_its_limits_in_both_languages():
    for lang, words in (("en", "20,000"), ("es", "20.000")):
        at = page({"view": "compare", "lang": lang})
        open_view(at, "compare")
        assert any(words in c.value for c in at.caption)


def test_the_verdict_on_a_large_table_is_worked_out_in_a_worker():
    at = page({"view": "boundary", "data": "spiral.5000.0.0"})
    assert "separable" in lab(at).jobs and lab(at).separable is None
    assert len(at.get("progress")) == 1
    deadline = time.monotonic() + 120
    while "separable" in lab(at).jobs:
        assert time.monotonic() < deadline
        time.sleep(0.1)
        run(at)
    table = datasets.get("spiral", 5000)
    assert lab(at).separable[2] == [("y", separability(table).separable)] == [("y", False)]
    assert text("en", "separable_no") in [w.value for w in at.warning]
    assert not at.get("progress")


def test_a_long_train_runs_in_a_worker_with_the_same_numbers_and_holds_step():
    at = page({"data": "circle.1000.0.0", "hidden": "4", "target": "30000"})
    click(at, "train")
    assert "train" in lab(at).jobs and at.button(key="step").disabled
    assert len(at.get("progress")) == 1
    deadline = time.monotonic() + 300
    while "train" in lab(at).jobs:
        assert time.monotonic() < deadline
        time.sleep(0.2)
        run(at)
    expected = Trainer(Config(hidden=(4,)), datasets.get("circle", 1000)).run(30_000)
    assert lab(at).trainer.iteration == 30_000
    assert np.array_equal(lab(at).trainer.params, expected.params)
    assert lab(at).trainer.loss() == expected.loss()
    assert not at.button(key="step").disabled


def test_a_long_train_can_be_cancelled_and_leaves_the_trainer_as_it_was():
    at = page({"data": "circle.1000.0.0", "hidden": "4", "target": "1000000"})
    click(at, "step")
    before = lab(at).trainer.params
    click(at, "train")
    click(at, "train_cancel")
    assert "train" not in lab(at).jobs and not at.button(key="step").disabled
    assert lab(at).trainer.iteration == 1
    assert np.array_equal(lab(at).trainer.params, before)


def test_errors_and_trainers_travel_between_processes_whole():
    from neuron import ConfigError
    from neuron.trainer import train_to

    job = work.submit(sweep, Config(), presets.get("seed"), -1)
    wait(job)
    with pytest.raises(ConfigError) as caught:
        job.result()
    assert caught.value.field == "iterations" and caught.value.details == {"value": -1}
    trainer = Trainer(Config(hidden=(3,), batch_size=2), presets.get("xor")).run(7)
    job = work.submit(train_to, trainer, 2_057)
    wait(job)
    back = job.result()
    trainer.run(2_050)
    assert back.iteration == trainer.iteration == 2_057
    assert np.array_equal(back.params, trainer.params) and back.loss() == trainer.loss()
    back.run(10)  # its views and network are its own params again
    assert np.array_equal(back.weights[0], back.layout.weights(back.params)[0])
    assert not np.array_equal(back.params, trainer.params)


def test_an_upload_that_breaks_a_rule_comes_back_as_its_table_error():
    from lab.table_text import read_csv
    from neuron import TableError

    job = work.submit(read_csv, b"x1,y\n1,0\n2,oops\n", None, "es")
    wait(job)
    with pytest.raises(TableError) as caught:
        job.result()
    assert caught.value.rule == "not_a_number" and caught.value.column == "y"


def test_a_link_at_a_late_iteration_is_replayed_in_a_worker_and_keeps_its_link():
    params = {"data": "circle.1000.0.0", "hidden": "4", "it": "30000", "target": "40000",
              "lrs": "0:1,12000:0.5", "lr": "0.5"}
    at = page(params)
    assert "train" in lab(at).jobs and at.button(key="step").disabled
    deadline = time.monotonic() + 300
    while "train" in lab(at).jobs:
        assert time.monotonic() < deadline
        assert at.query_params["it"] in ("30000", ["30000"])  # the link it opened
        time.sleep(0.2)
        run(at)
    config = Config(hidden=(4,), learning_rate=0.5)
    expected = Trainer.replay(config, datasets.get("circle", 1000), 30_000,
                              [(0, 1.0), (12_000, 0.5)])
    trainer = lab(at).trainer
    assert trainer.iteration == 30_000 and trainer.schedule == expected.schedule
    assert np.array_equal(trainer.params, expected.params)
    assert not lab(at).notices and not at.warning


EXITING = """
import time
from neuron import Config, Trainer, datasets, work
from neuron.trainer import train_to
if __name__ == "__main__":
    trainer = Trainer(Config(hidden=(8,)), datasets.get("spiral", 10_000))
    job = work.submit(train_to, trainer, 1_000_000)  # hours of work
    while not job.started():
        time.sleep(0.05)
"""


def test_a_server_that_exits_cancels_its_jobs_instead_of_waiting_for_them(tmp_path):
    import subprocess
    import sys

    script = tmp_path / "exiting.py"
    script.write_text(EXITING)
    done = subprocess.run([sys.executable, str(script)], cwd=Path(__file__).parents[1],
                          env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[1])},
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]


PAGE = """
from pathlib import Path
Path(__file__).with_suffix(".ran").write_text("the page ran")
"""

AS_STREAMLIT = """
import sys, types
from pathlib import Path
from neuron import work
from lab import table_text
# as Streamlit does: the page script is __main__ while the server runs it
page = types.ModuleType("__main__")
page.__file__ = sys.argv[1]
sys.modules["__main__"] = page
job = work.submit(table_text.read_csv, b"x,y\\n1,0\\n", None, "es")
print(job.future.result(timeout=120).cells)
"""


def test_a_worker_does_not_run_the_page_streamlit_runs_as_main(tmp_path):
    """Under Streamlit ``__main__`` is the page script, which a spawned process runs first:
    the workers start without it (no Streamlit, pandas or page drawn in them)."""
    import subprocess
    import sys

    page = tmp_path / "page.py"
    page.write_text(PAGE)
    script = tmp_path / "as_streamlit.py"
    script.write_text(AS_STREAMLIT)
    done = subprocess.run([sys.executable, str(script), str(page)],
                          cwd=Path(__file__).parents[1],
                          env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[1])},
                          capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "{'x': ['1'], 'y': ['0']}"
    assert not page.with_suffix(".ran").exists()
