"""A soak (issue 5): several hundred seeded random interactions with the page through
AppTest, each followed by a check that the page showed no exception.

Interactions: the training buttons (Step, Step x N, Train to N with a small target first,
Reset, New weights), Run on and off, every setting, the preset, the language, opening each
view under the stage, the row picker, the timeline slider, column buttons, the Ask inputs,
table edits sent as the data editor's widget state (valid and broken cells, added and
deleted rows), and reopening the page with query parameters (the page's own link, or
hand-edited and hostile ones). After each one, the link the page wrote must read back as
the state on screen.

A fixed number of interactions per seed, whatever the machine's speed: the same seed always
makes the same interactions.
"""

import random
import sys
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from lab import fields, link, settings  # noqa: E402
from lab.text import number, text  # noqa: E402
from neuron import Table, presets  # noqa: E402
from tests.test_app import send_edit  # noqa: E402

APP = str(ROOT / "app.py")
SEEDS = (11, 23, 37)
ACTIONS = 150  # page runs per seed (opening a view is one)
SMALL_TARGETS = (1, 7, 60, 400, 1_500)

HOSTILE_NAME = "<img src=x onerror=alert(1)>"
ODD_TABLE = Table([[0, 0], [1, 1], [1, 0]], [0, 1, 1], [HOSTILE_NAME, "peso, kg"], ["ñandú"])
START_PARAMS = [
    {},
    {"lang": "es"},
    {"preset": "xor", "hidden": "2", "it": "40", "target": "400"},
    {"table": link.encode_table(ODD_TABLE), "it": "5", "target": "60"},
    {"preset": "half_adder", "act": "tanh", "loss": "cross_entropy", "bias": "1"},
    {"present": "1", "hide": "table,settings"},
    {"present": "1", "hide": "controls,charts,predictions,ask", "view": "predictions"},
    {"view": "explain", "it": "12", "n": "7", "speed": "5"},
    {"view": "boundary", "preset": "majority", "ask": "1,0,1,1"},
    {"view": "compare", "preset": "xor", "hidden": "2x2"},
    {"view": "share", "lang": "es", "it": "9"},
    {"view": "sigmoid", "preset": "half_adder", "it": "20"},
    {"view": "nope", "n": "0", "speed": "7", "ask": "1,nan,<b>"},
    {"it": "30", "lrs": "0:1,10:0.5,20:5", "target": "100"},
    {"it": "-1", "lr": "nan", "seed": "x", "hidden": "99", "table": "1.@@", "lang": "fr"},
    {"table": "9." + "A" * 40, "preset": "<b>", "lrs": "5:1,3:2", "hide": "everything"},
    {"it": "999999999999", "target": "0", "act": "", "loss": "\x00", "bias": "yes"},
    {"foo": "bar", "lang": "es", "it": "3"},
]
SETTINGS = {
    "hidden": ("number_input", [0, 0, 1, 2, 4]),
    "neurons": ("number_input", [1, 2, 3, 16]),
    "activation": ("selectbox", ["sigmoid", "tanh", "relu"]),
    "loss": ("selectbox", ["squared", "cross_entropy"]),
    "learning_rate": ("field", [0.001, 0.1, 1.0, 7.5, 100.0]),
    "bias": ("toggle", [True, False]),
    "seed": ("field", [0, 1, 2, 12345, 2**32 - 1]),
    "target_iterations": ("field", list(SMALL_TARGETS)),
    "step_size": ("field", [1, 3, 100, 1_000]),
    "speed": ("select_slider", [1, 5, 20, 100]),
    "lang": ("radio", ["en", "es"]),
    "log_loss": ("toggle", [True, False]),
}
CELLS = [0, 1, 0.5, 0.25, -3, 2, 1e6, 5e6, -1e7, None, float("nan"), float("inf"), 1e300, -0.0]
# text in a number column: the grid never sends it, a hand-made widget message can
TEXT_CELLS = ["a", "", "0,5", "1.234,5", "<b>x</b>"]


class Soak:
    def __init__(self, rng, cells=CELLS):
        self.rng = rng
        self.cells = cells
        self.actions = 0
        self.log = []
        self.at = None

    # -- running the page ---------------------------------------------------------------

    def run(self, what):
        self.log.append(what)
        self.at.run()
        self.actions += 1
        if self.at.exception:
            pytest.fail(f"exception after {self.log[-12:]}:\n"
                        + "\n".join(str(e.value) for e in self.at.exception), pytrace=False)
        state = self.at.session_state
        lab = state["lab"]
        # the link the page wrote reads back without a problem (unless the table is so
        # large it was left out on purpose)
        params = {k: self.at.query_params[k] for k in self.at.query_params.keys()}
        defaults = dict(lang="en", preset="seed", table=presets.get("seed"),
                        settings=settings.defaults(), iteration=0, lr_changes=[],
                        present=False, hide=[], view="table", ask=None)
        decoded, problems = link.decode(params, defaults)
        assert not problems, (problems, params, self.log[-12:])
        if lab.run.stretch is None:
            assert decoded["iteration"] == lab.iteration, self.log[-12:]
        else:  # while Run plays the link keeps the iteration it had; it says where Run stops
            assert decoded["iteration"] <= lab.run.stretch.first, self.log[-12:]
        assert settings.config({**decoded["settings"], **decoded.get("source", {}),
                                "preset": decoded["preset"]}) == lab.trainer.config, \
            self.log[-12:]
        assert decoded["table"] == lab.table, self.log[-12:]
        assert decoded["view"] == lab.view, self.log[-12:]
        # one iteration everywhere: the counter shows the iteration the lab shows
        assert (lab.run.stretch is not None) == bool(state["running"]), self.log[-12:]
        counter = [m.value for m in self.at.metric
                   if m.label == text(state["lang"], "iteration")]
        if lab.run.stretch is None and counter:
            assert counter == [number(lab.iteration, state["lang"])], self.log[-12:]

    def open(self, params):
        self.at = AppTest.from_file(APP, default_timeout=60)
        for key, value in params.items():
            self.at.query_params[key] = value
        self.run(("open", params))

    def widget(self, kind, key):
        if kind == "field":  # a number field (lab/fields.py): its text input
            kind, key = "text_input", key + fields.TEXT
        found = [w for w in getattr(self.at, kind) if w.key == key]
        if not found or found[0].disabled:
            return None
        return found[0]

    def set(self, kind, key, value):
        w = self.widget(kind, key)
        if w is None:
            return False
        if kind == "field":  # typed as Python or as the page writes it
            lang = self.at.session_state["lang"]
            value = self.rng.choice([str(value), number(value, lang, None)])
        w.set_value(value)
        self.run((key, value))
        return True

    def click(self, key):
        w = self.widget("button", key)
        if w is None:
            return False
        w.click()
        self.run(("click", key))
        return True

    def small_target(self):
        """Keep training cheap: a small iteration target before Train or Run."""
        state = self.at.session_state
        if int(state["target_iterations"]) > max(SMALL_TARGETS) or self.rng.random() < 0.3:
            if not self.set("field", "target_iterations", self.rng.choice(SMALL_TARGETS)):
                return False
        return True

    # -- the interactions ---------------------------------------------------------------

    def act(self):
        rng = self.rng
        kind = rng.choices(
            ["step", "step_many", "train", "reset", "new_weights", "running", "setting",
             "preset", "row", "timeline", "edit", "columns", "ask", "misc", "reopen", "view"],
            weights=[8, 3, 2, 2, 2, 3, 10, 3, 3, 3, 6, 2, 1, 2, 1, 4])[0]
        state = self.at.session_state
        if kind in ("step", "reset", "new_weights"):
            self.click(kind)
        elif kind == "step_many":
            self.set("field", "step_size", rng.choice([1, 2, 25, 100, 800]))
            self.click("step_many")
        elif kind == "train":
            if self.small_target():
                self.click("train")
        elif kind == "running":
            if not state["running"] and not self.small_target():
                return
            toggle = self.widget("toggle", "running")
            if toggle is not None:
                self.set("toggle", "running", not toggle.value)
        elif kind == "setting":
            key = rng.choice(list(SETTINGS))
            widget_kind, values = SETTINGS[key]
            self.set(widget_kind, key, rng.choice(values))
        elif kind == "view":
            self.view(rng.choice(link.VIEWS))
        elif kind == "preset":
            self.view("table")
            self.set("selectbox", "preset", rng.choice(presets.names()))
        elif kind == "row":
            self.view("predictions")
            n = state["lab"].trainer.table.n_rows
            self.set("selectbox", "row", rng.randrange(-1, n))
        elif kind == "timeline":
            now = state["lab"].trainer.iteration
            if rng.random() < 0.2:
                self.click("timeline_now")
            elif now > 0:
                self.set("slider", "timeline", rng.randint(0, now))
        elif kind == "edit":
            self.edit()
        elif kind == "columns":
            self.view("table")
            self.click(rng.choice(["add_input", "remove_input", "add_output", "remove_output"]))
        elif kind == "ask":
            self.view("predictions")
            n = state["lab"].table.n_inputs
            self.set("field", f"ask_{rng.randrange(n)}", rng.choice([0.0, 1.0, -5.5, 1e6]))
        elif kind == "misc":
            choice = rng.choice(["add_hidden", "compare", "boundary"])
            if choice == "compare":
                if self.small_target():
                    self.view("compare")
                    self.click("compare")
            elif choice == "boundary":
                self.view("boundary")
                X = state["lab"].table.inputs
                varying = [k for k in range(X.shape[1]) if np.ptp(X[:, k]) > 0]
                if varying:
                    self.set("selectbox", "boundary_x", rng.choice(varying))
            else:
                self.view("boundary")
                self.click("add_hidden")
        elif kind == "reopen":
            own = {k: self.at.query_params[k] for k in self.at.query_params.keys()}
            self.open(own if rng.random() < 0.5 else rng.choice(START_PARAMS))

    def view(self, name):
        """Open a view under the stage (as its tab does), unless it is open already."""
        lab = self.at.session_state["lab"]
        if lab.view != name:
            lab.view = name
            self.run(("view", name))

    def edit(self):
        rng = self.rng
        self.view("table")
        lab = self.at.session_state["lab"]
        if not [d for d in self.at.data_editor if d.key == lab.editor.key]:
            return  # the table is hidden
        columns = list(lab.editor.frame.columns)
        n = len(lab.editor.frame)
        change = {"edited_rows": {}, "added_rows": [], "deleted_rows": []}
        what = rng.choice(["cell", "cell", "add", "delete", "many"])
        if what in ("cell", "many"):
            for _ in range(1 if what == "cell" else rng.randint(2, 6)):
                row = rng.randrange(n)
                change["edited_rows"].setdefault(row, {})[rng.choice(columns)] = \
                    rng.choice(self.cells)
        elif what == "add":
            change["added_rows"] = [{c: rng.choice(self.cells + [0, 1] * 6) for c in columns}
                                    for _ in range(rng.randint(1, 3))]
        else:
            change["deleted_rows"] = sorted(rng.sample(range(n), rng.randint(1, n)))
        change["edited_rows"] = {str(k): v for k, v in change["edited_rows"].items()}
        send_edit(self.at, change)
        self.run(("edit", change))


def soak(seed, cells=CELLS, actions=ACTIONS):
    rng = random.Random(seed)
    soak = Soak(rng, cells)
    soak.open(rng.choice(START_PARAMS))
    while soak.actions < actions:
        soak.act()


@pytest.mark.parametrize("seed", SEEDS)
def test_soak(seed):
    soak(seed)


def test_soak_with_text_in_number_cells():
    soak(SEEDS[0], CELLS + TEXT_CELLS * 3, actions=40)
