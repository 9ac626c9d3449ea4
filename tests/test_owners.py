"""Each fact has one owner (lab/state.py's docstring): a widget's key or the Lab, never both;
commands take what they need as arguments and read no widget.

The commands are run here with a stand-in for ``st.session_state`` that records every key
read; the numbers they reach are the article's (REFERENCE.md)."""

import ast
import inspect
from dataclasses import fields

import numpy as np
import pytest

from lab import settings, sources
from lab import state as lab_state
from neuron import Config, Trainer, datasets, presets
from tests.test_app import (
    WEIGHTS_AFTER_1,
    WEIGHTS_AFTER_10000,
    click,
    field,
    lab,
    open_view,
    page,
    run,
    set_widget,
    stage,
)

# Run's toggle and the stage's report, read by Run's part of the commands (issue 22 item 3
# makes Run one state machine in lab/run.py)
RUN_KEYS = {"running", "stage"}
# what lab/state.py may read from st.session_state, and where: the session's setup, the
# link, and Run's functions (item 3); own_table writes the picker (its owner) and reads nothing
SESSION_FUNCTIONS = {"start", "link_state", "own_table", "settle", "_paused_report"}


class Widgets(dict):
    """``st.session_state`` as the commands see it: the keys they read are recorded."""

    def __init__(self, *args):
        super().__init__(*args)
        self.read = set()

    def __getitem__(self, key):
        self.read.add(key)
        return super().__getitem__(key)

    def get(self, key, default=None):
        self.read.add(key)
        return super().get(key, default)

    def __contains__(self, key):
        self.read.add(key)
        return super().__contains__(key)


@pytest.fixture
def widgets(monkeypatch):
    """Every widget at its default, Run stopped; the keys commands read are recorded."""
    stand_in = Widgets({**settings.defaults(), **sources.defaults(), "lang": "en",
                        "preset": "seed", "log_loss": True, "running": False})
    monkeypatch.setattr(lab_state.st, "session_state", stand_in)
    return stand_in


def article_lab():
    table = presets.get("seed")
    return lab_state.Lab(table, Trainer(Config(), table), lab_state.Editor())


def test_commands_take_their_inputs_as_arguments(widgets):
    lab = article_lab()
    lab_state.step_many(lab, 1)
    np.testing.assert_allclose(lab.trainer.weights[0].ravel(), WEIGHTS_AFTER_1, rtol=1e-12)
    assert lab.record is not None and lab.record.iteration == 1  # Step's own record
    assert lab_state.remaining(lab, 10_000) == 9_999
    lab_state.train(lab, 10_000)
    np.testing.assert_allclose(lab.trainer.weights[0].ravel(), WEIGHTS_AFTER_10000,
                               rtol=1e-12)
    assert lab_state.remaining(lab, 10_000) == 0
    lab_state.show(lab, 40)
    assert lab.iteration == 40
    lab_state.show(lab, 10_000)  # the latest is not "looking back"
    assert lab.shown is None
    lab_state.open_view(lab, "explain")
    assert lab.view == "explain"
    lab_state.set_ask(lab, 1, 0.5)
    assert lab.ask == [1.0, 0.5, 0.0]
    lab_state.plane_switched(lab, {"discrete": True, "test": False})
    assert (lab.discrete, lab.test_rows) == (True, False)
    lab_state.settings_changed(lab, Config(learning_rate=0.5))  # the weights stay
    assert lab.trainer.iteration == 10_000 and lab.trainer.config.learning_rate == 0.5
    lab_state.settings_changed(lab, Config(seed=2))  # anything else starts over
    assert lab.trainer.iteration == 0 and lab.trainer.config.seed == 2
    circle = datasets.get("circle")
    lab_state.set_table(lab, circle, data_seed=3)
    assert lab.trainer.config.data_seed == 3 and lab.ask is None
    lab_state.change_columns(lab, inputs=1, lang="es")
    assert widgets.read <= RUN_KEYS, widgets.read - RUN_KEYS
    assert lab.table.input_names[-1] == "x3" and widgets["preset"] == sources.CUSTOM


def test_only_the_session_and_run_read_widgets_in_the_lab():
    """Commands (lab/state.py) never reach for st.session_state; the widgets' callbacks
    (lab/callbacks.py) read them and pass what they read."""
    tree = ast.parse(inspect.getsource(lab_state))
    readers = {node.name for node in tree.body if isinstance(node, ast.FunctionDef)
               and any(isinstance(n, ast.Attribute) and n.attr == "session_state"
                       for n in ast.walk(node))}
    assert readers <= SESSION_FUNCTIONS, readers - SESSION_FUNCTIONS


def test_no_lab_field_keeps_a_widgets_fact():
    owned = {*lab_state.WIDGET_OWNED}
    assert {*settings.defaults(), *sources.defaults(), "lang", "preset", "log_loss"} <= owned
    assert not {f.name for f in fields(lab_state.Lab)} & owned


def test_the_data_sets_widgets_keep_their_values_while_the_table_view_is_closed():
    at = page({"view": "table"})
    set_widget(at, "selectbox", "preset", "data:circle")
    set_widget(at, "slider", "data_noise", 30)
    set_widget(at, "field", "data_points", 120)
    table = lab(at).table
    open_view(at, "predictions")  # the Table view's widgets are not drawn
    click(at, "step")
    run(at)
    assert (at.session_state["preset"], at.session_state["data_noise"],
            at.session_state["data_points"]) == ("data:circle", 30, 120)
    assert at.query_params["data"].startswith("circle.120.30.")
    open_view(at, "table")
    assert at.selectbox(key="preset").value == "data:circle"
    assert at.slider(key="data_noise").value == 30
    assert field(at, "data_points") == 120
    assert lab(at).table == table
    drawn = datasets.get("circle", points=120, noise=30)
    np.testing.assert_array_equal(table.inputs[:, :2], drawn.inputs[:, :2])
    np.testing.assert_array_equal(table.targets, drawn.targets)


def test_the_log_scale_is_its_toggles_alone():
    """The stage draws the loss on the axis the toggle says (no copy of it in the Lab)."""
    at = click(page(), "train")
    log = stage(at)["curves"]
    set_widget(at, "toggle", "log_loss", False)
    assert stage(at)["curves"] != log
    set_widget(at, "toggle", "log_loss", True)
    assert stage(at)["curves"] == log
