"""The take-home JSON (issue 20.6): it holds every Config field, the learning-rate changes,
the table's source, the iteration and the Ask row, and loading it in the Table view rebuilds
exactly what the page showed; a file it cannot use is refused with a message and nothing
changes. The file is read in a worker process (issue 21): the upload's callback only hands
it over, the page shows its progress with Cancel and keeps working meanwhile."""

import json
import os
import tempfile
import time
from dataclasses import fields
from pathlib import Path

import numpy as np
import pytest

from lab import link, table_text, take_home
from lab.text import md, text
from neuron import Config, Table, Trainer, datasets, presets
from tests.test_app import click, iteration, lab, open_view, page, run, toasts, until_done, values
from tests.test_views import downloads  # noqa: F401  (a fixture)

LESSON = {"data": "circle.120.10.7", "hidden": "3", "act": "tanh", "loss": "cross_entropy",
          "lr": "0.7", "lrs": "0:0.3,20:0.7", "bias": "1", "seed": "5", "batch": "10",
          "reg": "l2", "rr": "0.01", "test": "0.2", "it": "40", "ask": "0.5,-0.25",
          "target": "500", "n": "7", "speed": "5"}


def choose(at, name, data):
    """Choose a file in the Table view's uploader: its callback hands it to a worker."""
    open_view(at, "table")
    at.file_uploader(key="upload").set_value((name, data, "application/json"))
    return run(at)


def upload(at, name, data, timeout=120):
    """Choose a file, then rerun (as the page's progress poll does) until the worker has
    read it and the page has taken in what it found."""
    choose(at, name, data)
    return until_done(at, "run_file", "the file was not read", timeout)


def test_the_json_rebuilds_the_run_the_page_showed(downloads):  # noqa: F811
    at = page({**LESSON, "view": "share"})
    shown = lab(at).trainer
    data = json.loads(downloads(at, "export_json"))
    assert set(data["config"]) == {f.name for f in fields(Config)}
    expected = Config(hidden=(3,), activation="tanh", loss="cross_entropy", learning_rate=0.7,
                      bias=True, seed=5, batch_size=10, regularization="l2",
                      regularization_rate=0.01, test_fraction=0.2, data_seed=7)
    assert Config(**{**data["config"], "hidden": tuple(data["config"]["hidden"])}) == expected
    assert data["learning_rate_changes"] == [[0, 0.3], [20, 0.7]]
    assert data["source"] == {"data": {"name": "circle", "points": 120, "noise": 10,
                                       "seed": 7, "features": []}}
    assert data["iteration"] == 40 and data["ask"] == [0.5, -0.25]
    assert data["page"] == {"target_iterations": 500, "speed": 5, "step_size": 7}
    table = datasets.get("circle", points=120, noise=10, seed=7)
    assert data["table"]["inputs"] == table.inputs.tolist()
    # an independent replay: 20 iterations at 0.3, then 20 at 0.7
    replay = Trainer(Config(**{**expected.__dict__, "learning_rate": 0.3}), table).run(20)
    replay.set_learning_rate(0.7)
    replay.run(20)
    for got, want in zip(data["weights"], replay.weights):
        np.testing.assert_array_equal(got, want)

    # a fresh page, in its own state, loads the file in the Table view
    other = page({"lang": "es"})
    upload(other, "neuron_lab.json", json.dumps(data).encode())
    rebuilt = lab(other).trainer
    assert rebuilt.config == shown.config
    assert rebuilt.iteration == 40 and rebuilt.schedule == ((0, 0.3), (20, 0.7))
    np.testing.assert_array_equal(rebuilt.params, replay.params)
    assert lab(other).ask == [0.5, -0.25]
    assert other.session_state["preset"] == "data:circle"
    assert text("es", "run_loaded", name=md("neuron_lab.json"), i="40") in values(other.toast)
    # the page says what the first one said: the same link, but for its language and view
    mine = {k: v for k, v in at.query_params.items() if k not in ("lang", "view")}
    theirs = {k: v for k, v in other.query_params.items() if k not in ("lang", "view")}
    assert theirs == mine


def _hostile():
    good = {"format": "neuron-lab run 1"}
    return [
        ("not json", b"x1,x2,y\n0,1,1\n", "file_not_json"),
        ("not a run", json.dumps({"weights": [[1]]}).encode(), "file_not_a_run"),
        ("deeply nested", b"[" * 100_000 + b"]" * 100_000, "file_too_deep"),
        ("NaN", b'{"format": "neuron-lab run 1", "config": {"learning_rate": NaN}}',
         "file_not_finite"),
        ("infinite", b'{"format": "neuron-lab run 1", "iteration": 1e999}', "file_not_finite"),
        ("huge", b" " * 5_000_000, "file_too_big"),
        ("huge integer", b'{"format": "neuron-lab run 1", "iteration": ' + b"9" * 5000 + b"}",
         "file_not_json"),
        ("a field missing", json.dumps({**good, "config": {"hidden": []}}).encode(),
         "file_missing"),
    ]


def _typed(change):
    """A file this page wrote, with one part of it changed."""
    at = page()
    t = lab(at).trainer
    doc = json.loads(take_home.write(t, "seed", {}, {"target_iterations": 10, "speed": 5,
                                                     "step_size": 3}, None))
    change(doc)
    return json.dumps(doc).encode()


def _set(path, value):
    def change(doc):
        *head, last = path
        for k in head:
            doc = doc[k]
        doc[last] = value
    return change


WRONG_TYPES = [
    ("learning rate as text", ["config", "learning_rate"], "1"),
    ("bias as a number", ["config", "bias"], 1),
    ("hidden as a number", ["config", "hidden"], 4),
    ("inputs as text", ["table", "inputs"], [["0", "0", "1"]] * 4),
    ("iteration negative", ["iteration"], -1),
    ("learning-rate changes out of order", ["learning_rate_changes"], [[5, 1.0], [0, 2.0]]),
    ("ask of the wrong length", ["ask"], [1.0]),
    ("a column named by a number", ["table", "input_names"], ["x1", 2, "x3"]),
    ("step size as a boolean", ["page", "step_size"], True),
]


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("what,data,reason", _hostile() + [
    (name, None, "file_bad") for name, _, _ in WRONG_TYPES],
    ids=lambda v: v if isinstance(v, str) and " " in v else "")
def test_a_file_it_cannot_use_is_refused_and_nothing_changes(what, data, reason, lang):
    if data is None:
        (path, value) = next((p, v) for n, p, v in WRONG_TYPES if n == what)
        data = _typed(_set(path, value))
    at = page({"lang": lang, "it": "12", "ask": "1,0,1"})
    before = lab(at).trainer
    params, table = before.params, lab(at).table
    upload(at, "bad.json", data)
    errors = values(at.error)
    assert len(errors) == 1, errors
    said = text(lang, reason, part="{", value="{", mb="{").split("{")[0]
    head = text(lang, "run_failed", name=md("bad.json"), reason="\0").split("\0")[0]
    assert errors[0].startswith(head + said), errors[0]
    assert errors[0].endswith(text(lang, "run_failed", name="", reason="")[-15:])
    assert lab(at).trainer is before and before.iteration == 12
    np.testing.assert_array_equal(lab(at).trainer.params, params)
    assert lab(at).table is table and lab(at).ask == [1.0, 0.0, 1.0]


def test_weights_that_are_not_the_runs_are_said_and_the_rebuilt_ones_shown():
    doc = json.loads(_typed(_set(["iteration"], 5)))
    doc["weights"] = [[[9.0], [9.0], [9.0]]]
    at = page({"view": "table"})
    upload(at, "edited.json", json.dumps(doc).encode())
    assert lab(at).trainer.iteration == 5
    np.testing.assert_array_equal(lab(at).trainer.params,
                                  Trainer(Config(), lab(at).table).run(5).params)
    assert text("en", "run_weights_differ", name=md("edited.json")) in values(at.warning)


GATE = Path(tempfile.gettempdir()) / "neuron-lab-test-run-file-{}"


def gated_read(data, lang, progress=None):
    """The worker's reader, once the test that started it (this worker's parent) opens the
    gate."""
    gate = Path(str(GATE).format(os.getppid()))
    while not gate.exists():
        progress(0.0)  # raises work.Cancelled once the job was cancelled
        time.sleep(0.02)
    return table_text.read_run(data, lang, progress)


@pytest.fixture
def gate(monkeypatch):
    """The page's reader replaced by ``gated_read``: the path to touch to let it read."""
    path = Path(str(GATE).format(os.getpid()))
    path.unlink(missing_ok=True)
    monkeypatch.setattr(table_text, "read_run", gated_read)
    yield path
    path.unlink(missing_ok=True)


def test_a_run_file_is_read_in_a_worker_while_the_page_keeps_working(gate):
    data = _typed(_set(["iteration"], 30))
    at = page({"lang": "es"})
    choose(at, "run.json", data)
    # the callback handed the file over and returned: the reading waits for the gate
    job = lab(at).jobs["run_file"][1]
    assert not job.done() and lab(at).trainer.iteration == 0
    assert len(at.get("progress")) == 1
    assert at.button(key="run_file_cancel").label == text("es", "work_cancel")
    click(at, "step")  # the page is the visitor's meanwhile
    assert lab(at).trainer.iteration == 1 and "run_file" in lab(at).jobs
    gate.touch()
    deadline = time.monotonic() + 120
    while "run_file" in lab(at).jobs:
        assert time.monotonic() < deadline, "the file was not read"
        time.sleep(0.1)
        run(at)
    np.testing.assert_array_equal(lab(at).trainer.params,
                                  Trainer(Config(), lab(at).table).run(30).params)
    assert text("es", "run_loaded", name=md("run.json"), i="30") in toasts(at)
    assert at.session_state["target_iterations"] == 10 and at.session_state["step_size"] == 3
    assert not at.get("progress")


def test_reading_a_run_file_can_be_cancelled_and_changes_nothing(gate):
    data = _typed(_set(["iteration"], 30))
    at = page({"it": "12"})
    before = lab(at).trainer
    params = before.params.copy()
    choose(at, "run.json", data)
    job = lab(at).jobs["run_file"][1]
    click(at, "run_file_cancel")
    assert "run_file" not in lab(at).jobs and not at.get("progress")
    assert text("en", "work_cancelled") in toasts(at)
    deadline = time.monotonic() + 60
    while not job.done():  # the worker stops at its next report
        assert time.monotonic() < deadline, "the worker did not stop"
        time.sleep(0.05)
    run(at)
    assert lab(at).trainer is before and before.iteration == 12
    np.testing.assert_array_equal(before.params, params)
    assert not at.error


def test_the_reader_a_worker_runs_loads_no_streamlit():
    """A worker process imports lab.table_text and lab.take_home to read a file: Streamlit
    and pandas stay out of it (half a second and 40 MB per worker)."""
    import subprocess
    import sys

    code = ("import sys, lab.take_home, lab.table_text; "
            "print(sorted({'streamlit', 'pandas'} & set(sys.modules)))")
    done = subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).parents[1],
                          capture_output=True, text=True, timeout=120)
    assert done.stdout.strip() == "[]", done.stderr[-2000:]


def test_a_table_too_large_for_a_link_is_said_and_the_run_file_carries_it(downloads):  # noqa: F811
    rng = np.random.default_rng(3)
    rows = [[*rng.uniform(-10, 10, 3).round(5), rng.integers(0, 2)] for _ in range(3_000)]
    csv = "x1,x2,x3,y\n" + "".join(",".join(map(str, row)) + "\n" for row in rows)
    at = page({"lang": "es"})
    open_view(at, "table")
    at.file_uploader(key="upload").set_value(("large.csv", csv.encode(), "text/csv"))
    until_done(run(at), "upload", "the CSV was not read")
    assert lab(at).table.n_rows == 3_000
    # the worker wrote the editor's cells as the Spanish page writes them
    frame = lab(at).editor.frame
    assert frame is not None and "," in frame.iloc[0, 0] and "." not in frame.iloc[0, 0]
    assert Table.from_dataframe(frame, targets=["y"], lang="es") == lab(at).table
    click(at, "step")
    # the link says so, keeps the rest, and is short enough to be read
    assert at.query_params["table"] == link.TABLE_TOO_LARGE and at.query_params["it"] == "1"
    assert link.length(dict(at.query_params)) <= link.MAX_LINK_CHARS
    open_view(at, "share")
    captions = values(at.caption)
    assert text("es", "share_table_large") in captions
    assert text("es", "share_help") not in captions
    run_file = downloads(at, "export_json")
    # the link opened elsewhere says what it lost; the run file rebuilds the table
    other = page(dict(at.query_params))
    assert text("es", "link_table_large") in values(other.warning)
    assert lab(other).table == presets.get("seed") and iteration(other, "es") == 1
    upload(other, "neuron_lab.json", run_file)
    assert lab(other).table == lab(at).table and lab(other).trainer.iteration == 1
    np.testing.assert_array_equal(lab(other).trainer.params, lab(at).trainer.params)
