"""The page through Streamlit's AppTest: what a visitor sees after each widget interaction.

AppTest cannot click grid cells or run timers, so table edits are written into the data
editor's widget state (``table_<version>``) and every step is one ``run()``. Only the open
view under the stage is drawn: a test opens one with the link (``view=explain``) or by
setting ``lab.view`` before a run. Notices of kind "info" are toasts. The stage's picture is
a component; what it draws is the JSON it is sent. Expected numbers come from REFERENCE.md
(the article's program) or from a Trainer replayed here with neuron.
"""

import json
import random
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from lab import fields, link, settings, sources  # noqa: E402
from lab.text import text  # noqa: E402
from neuron import Config, Table, Trainer, presets  # noqa: E402
from neuron.config import MAX_HIDDEN_LAYERS  # noqa: E402

APP = str(ROOT / "app.py")

# REFERENCE.md
INITIAL_MSE = 0.3099458499092816
FINAL_MSE = 6.460939533670806e-05
WEIGHTS_AFTER_1 = [0.12025405710936243, 0.5045619608367021, -0.8506377412381663]
WEIGHTS_AFTER_10000 = [9.672993027736892, -0.20784349926631968, -4.62963668773159]
ANSWER_100 = "0.99993704"


# -- helpers -------------------------------------------------------------------------------

def run(at):
    """One rerun; the page must never show an exception."""
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def page(params=None):
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    return run(at)


def click(at, key):
    button = at.button(key=key)
    assert not button.disabled, f"{key} is disabled"
    button.click()
    return run(at)


def compare(at, timeout=120):
    """Click Compare, then rerun (as the page's progress poll does) until the comparison,
    worked out in another process, is in the lab."""
    click(at, "compare")
    return until_done(at, "compare", "the comparison did not finish", timeout)


def until_done(at, job, unfinished, timeout=120):
    """Rerun (as the page's progress poll does) until the worker's ``job`` is in the lab;
    ``unfinished``: the failure's message when it is not within ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while job in lab(at).jobs:
        assert time.monotonic() < deadline, unfinished
        time.sleep(0.1)
        run(at)
    return at


def set_widget(at, kind, key, value):
    """Set a widget; a number field (kind "field", lab/fields.py) gets ``value`` typed,
    as Python writes it unless it is text."""
    if kind == "field":
        at.text_input(key=key + fields.TEXT).input(str(value))
    else:
        getattr(at, kind)(key=key).set_value(value)
    return run(at)


def field(at, key, lang="en"):
    """The number a number field shows, read back."""
    return shown(at.text_input(key=key + fields.TEXT).value, lang)


def metrics(at):
    return {m.label: m.value for m in at.metric}


def shown(value, lang="en"):
    """A number as the page writes it, read back."""
    value = value.replace("−", "-")
    if lang == "es":
        value = value.replace(".", "").replace(",", ".")
    else:
        value = value.replace(",", "")
    return float(value)


def iteration(at, lang="en"):
    return int(shown(metrics(at)[text(lang, "iteration")], lang))


def loss(at, lang="en"):
    return shown(metrics(at)[text(lang, "loss_metric")], lang)


def six(x):
    """``x`` to 6 significant digits, as the Loss metric shows it."""
    return float(f"{x:.6g}")


def lab(at):
    return at.session_state["lab"]


def editor_key(at):
    return lab(at).editor.key


def open_view(at, view):
    """Open a view under the stage, as clicking its tab does."""
    lab(at).view = view
    return run(at)


def toasts(at):
    """The info notices of the last run (shown as toasts, out of the layout)."""
    return values(at.toast)


def stage(at):
    """What the stage component was sent: the diagram, curves, markers, Run's frames."""
    found = [c for c in at.get("bidi_component") if c.proto.id.endswith("-stage")]
    assert len(found) <= 1
    # the page sends one JSON text, which Streamlit sends as a JSON string
    return json.loads(json.loads(found[0].proto.json)) if found else None


def link_state(**changes):
    """A state for link.encode: the defaults, ``config`` and ``target`` as settings."""
    config = changes.pop("config", None)
    target = changes.pop("target", None)
    s = dict(lang="en", preset="seed", table=presets.get("seed"),
             settings=settings.defaults(), iteration=0, lr_changes=[], present=False,
             hide=[], view="table", ask=None)
    s.update(changes)
    if config is not None:
        s["settings"].update(settings.from_config(config))
    if target is not None:
        s["settings"]["target_iterations"] = target
    return s


def editor_frame(at):
    """The data the table editor shows."""
    found = [d for d in at.dataframe if "-table_" in d.proto.id]
    assert len(found) == 1
    return found[0].value


def send_edit(at, delta):
    """Send the data editor's widget state (its edits since it was drawn) with the next run,
    as the browser does; its on_change then applies it. AppTest cannot set a data editor's
    value, so that state is added to the ones the test sends."""
    (editor,) = [d for d in at.data_editor if d.key == editor_key(at)]
    tree = at._tree
    widget_states = tree.get_widget_states

    def with_the_edit():
        states = widget_states()
        state = states.widgets.add()
        state.id, state.string_value = editor.proto.id, json.dumps(delta, default=str)
        return states

    tree.get_widget_states = with_the_edit


def edit(at, edited_rows=None, added_rows=None, deleted_rows=None):
    """Edit the table (cells by row, rows added, rows deleted) and run."""
    send_edit(at, {"edited_rows": {str(k): v for k, v in (edited_rows or {}).items()},
                   "added_rows": added_rows or [], "deleted_rows": deleted_rows or []})
    return run(at)


def values(elements):
    return [e.value for e in elements]


def all_markdown(at):
    return "\n".join(values(at.markdown))


def seed_trainer(n=0, **config):
    return Trainer(Config(**config), presets.get("seed")).run(n)


def reload(at):
    """A fresh visitor opening the URL the page wrote."""
    return page({k: at.query_params[k] for k in at.query_params.keys()})


# -- loading -----------------------------------------------------------------------------

def test_loads_in_english_with_the_articles_start():
    at = page()
    assert at.title[0].value == text("en", "title")
    m = metrics(at)
    assert m["Iteration"] == "0"
    assert shown(m["Loss"]) == six(INITIAL_MSE)
    assert at.radio(key="lang").value == "en"


def test_loads_in_spanish_from_the_url():
    at = page({"lang": "es"})
    assert at.title[0].value == text("es", "title")
    m = metrics(at)
    assert set(m) >= {"Iteración", text("es", "loss_metric")}
    assert m["Iteración"] == "0"
    assert "," in m[text("es", "loss_metric")]  # decimal comma
    assert shown(m[text("es", "loss_metric")], "es") == six(INITIAL_MSE)
    assert at.radio(key="lang").value == "es"


def test_language_radio_switches_the_page():
    at = page()
    set_widget(at, "radio", "lang", "es")
    assert at.title[0].value == text("es", "title")
    assert "Iteración" in metrics(at)
    assert at.query_params["lang"] == "es"
    set_widget(at, "radio", "lang", "en")
    assert at.title[0].value == text("en", "title")
    assert "Iteration" in metrics(at)


# -- the controls --------------------------------------------------------------------------

def test_step_buttons_reset_and_new_weights_move_the_iteration():
    at = page({"view": "explain"})
    # before any step, the explanation shows the article's first adjustments
    tables = "\n".join(d.value.to_string() for d in [*at.dataframe, *at.table])
    for adjustment in ("0.28621", "0.063913", "0.14913"):
        assert adjustment in tables
    click(at, "step")
    assert iteration(at) == 1
    np.testing.assert_array_equal(lab(at).trainer.weights[0].ravel(), WEIGHTS_AFTER_1)
    set_widget(at, "field", "step_size", 7)
    assert at.button(key="step_many").label == text("en", "step_many", n=7)
    click(at, "step_many")
    assert iteration(at) == 8
    set_widget(at, "field", "step_size", 100)
    click(at, "step_many")
    assert iteration(at) == 108
    assert loss(at) == six(seed_trainer(108).loss())
    click(at, "reset")
    assert iteration(at) == 0
    assert loss(at) == six(INITIAL_MSE)
    click(at, "step")
    click(at, "new_weights")
    assert iteration(at) == 0
    assert field(at, "seed") == 2
    assert loss(at) == six(seed_trainer(0, seed=2).loss())
    np.testing.assert_array_equal(lab(at).trainer.params, seed_trainer(0, seed=2).params)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_train_reaches_the_articles_answer(lang):
    at = page({"lang": lang, "view": "predictions"})
    click(at, "train")
    assert iteration(at, lang) == 10_000
    assert loss(at, lang) == six(FINAL_MSE)
    np.testing.assert_allclose(lab(at).trainer.weights[0].ravel(), WEIGHTS_AFTER_10000,
                               rtol=1e-12)
    answer = [m for m in values(at.markdown) if text(lang, "answer", values="", i="")[:8] in m]
    assert len(answer) == 1
    assert (ANSWER_100 if lang == "en" else ANSWER_100.replace(".", ",")) in answer[0]
    assert ("10,000" if lang == "en" else "10.000") in answer[0]  # the iteration it answers at
    assert field(at, "ask_0") == 1
    assert field(at, "ask_1") == 0
    assert field(at, "ask_2") == 0
    # at the target: Train is off, Step still works
    assert at.button(key="train").disabled
    click(at, "step")
    assert iteration(at, lang) == 10_001


# -- presets -------------------------------------------------------------------------------

def test_each_preset_loads():
    at = page()
    click(at, "step")
    for name in [*presets.names()[1:], presets.names()[0]]:
        set_widget(at, "selectbox", "preset", name)
        expected = presets.get(name)
        assert lab(at).table == expected, name
        frame = editor_frame(at)
        assert list(frame.columns) == list(expected.columns)
        np.testing.assert_array_equal(frame.to_numpy(dtype=float), expected.rows())
        assert iteration(at) == 0
        assert sources.description(name, "en") in values(at.caption)
        open_view(at, "predictions")
        predictions = [d.value for d in at.dataframe
                       if text("en", "right_col") in d.value.columns]
        assert len(predictions) == 1 and len(predictions[0]) == expected.n_rows
        click(at, "step")
        assert iteration(at) == 1
        open_view(at, "table")


# -- editing the table ------------------------------------------------------------------

BAD_EDITS = [
    pytest.param({1: {"x1": "a"}}, 2, "x1", id="letter"),
    pytest.param({0: {"y": 2}}, 1, "y", id="target-2"),
    pytest.param({2: {"x2": None}}, 3, "x2", id="empty"),
    pytest.param({3: {"x3": 5e6}}, 4, "x3", id="huge-input"),
]


@pytest.mark.parametrize(("edits", "row", "column"), BAD_EDITS)
def test_a_bad_edit_names_row_and_column_and_keeps_the_work(edits, row, column):
    at = page()
    set_widget(at, "field", "step_size", 3)
    click(at, "step_many")
    params = lab(at).trainer.params
    edit(at, edits)
    errors = values(at.error)
    assert len(errors) == 1
    assert f"row {row}" in errors[0] and f"column {column}" in errors[0]
    assert iteration(at) == 3
    assert lab(at).table == presets.get("seed")
    np.testing.assert_array_equal(lab(at).trainer.params, params)
    for key in ("step", "step_many", "train"):
        assert at.button(key=key).disabled, key
    # fixing the cell (back to the table as it was) clears the error and keeps the state
    edit(at, {})
    assert not at.error
    assert iteration(at) == 3
    click(at, "step")
    assert iteration(at) == 4


def test_a_bad_edit_in_spanish_names_fila_and_columna():
    at = page({"lang": "es"})
    edit(at, {0: {"y": 2}})
    errors = values(at.error)
    assert len(errors) == 1 and "fila 1" in errors[0] and "columna y" in errors[0]
    assert "2" in errors[0]


def test_a_valid_edit_changes_the_table_and_restarts_with_a_notice():
    at = page()
    click(at, "step_many")
    edit(at, {0: {"y": 1}}, added_rows=[{"x1": 1, "x2": 1, "x3": 0, "y": 0.5}],
         deleted_rows=[3])
    assert not at.error
    assert text("en", "table_changed") in toasts(at)
    assert iteration(at) == 0
    expected = Table.from_rows(["x1", "x2", "x3", "y"], [[0, 0, 1, 1], [1, 1, 1, 1],
                                                        [1, 0, 1, 1], [1, 1, 0, 0.5]])
    assert lab(at).table == expected
    assert loss(at) == six(Trainer(Config(), expected).loss())
    click(at, "step")
    assert iteration(at) == 1
    np.testing.assert_array_equal(lab(at).trainer.params,
                                  Trainer(Config(), expected).run(1).params)
    # the next rerun does not repeat the notice or restart again
    run(at)
    assert text("en", "table_changed") not in toasts(at)
    assert iteration(at) == 1


def test_adding_and_removing_columns():
    at = page()
    click(at, "step")
    click(at, "add_input")
    assert lab(at).table.columns == ("x1", "x2", "x3", "x4", "y")
    assert list(editor_frame(at).columns) == ["x1", "x2", "x3", "x4", "y"]
    assert [shown(v) for v in editor_frame(at)["x4"]] == [0, 0, 0, 0]
    assert iteration(at) == 0
    assert text("en", "table_changed") in toasts(at)
    click(at, "add_output")
    assert lab(at).table.columns == ("x1", "x2", "x3", "x4", "y", "y1")
    open_view(at, "predictions")
    assert field(at, "ask_3") == 0  # Ask has a field per input
    open_view(at, "table")
    click(at, "step")
    assert iteration(at) == 1
    click(at, "remove_output")
    click(at, "remove_input")
    assert lab(at).table == presets.get("seed")
    click(at, "remove_input")
    click(at, "remove_input")
    assert lab(at).table.columns == ("x1", "y")
    click(at, "step")
    click(at, "remove_input")
    assert text("en", "min_columns") in values(at.warning)
    assert lab(at).table.columns == ("x1", "y")
    assert iteration(at) == 1  # refused: nothing restarted
    click(at, "remove_output")
    assert text("en", "min_columns") in values(at.warning)
    assert lab(at).table.columns == ("x1", "y")
    assert list(editor_frame(at).columns) == ["x1", "y"]


def test_an_edit_after_adding_a_column_uses_the_new_editor():
    at = page()
    click(at, "add_input")
    edit(at, {0: {"x4": 3}})
    assert not at.error
    assert lab(at).table.inputs[0].tolist() == [0, 0, 1, 3]


def behind(at, address, preset):
    """The next run asked for by a browser that has not drawn the last one yet: its picker
    and its address (``st.query_params`` in that run) still as they were."""
    at.selectbox(key="preset").set_value(preset)
    at.query_params = dict(address)


def test_the_old_picker_sent_with_an_edit_keeps_the_edits():
    """Issue 20.1: an edit makes the picker say "your own table"; a browser typing fast
    sends its next edit before it has drawn that, with the picker's old value: not a choice
    (it replaced the edited table with the preset, every edit lost)."""
    at = page()
    address = dict(at.query_params)
    assert address["preset"] == "seed"
    edit(at, {1: {"x1": "0.25"}})
    key = editor_key(at)
    behind(at, address, "seed")
    edit(at, {1: {"x1": "0.25", "x2": "0.75"}})
    assert (editor_key(at), at.selectbox(key="preset").value) == (key, "custom")
    assert lab(at).table.inputs[1].tolist() == [0.25, 0.75, 1]
    # chosen on its own, the preset loads
    set_widget(at, "selectbox", "preset", "seed")
    assert lab(at).table == presets.get("seed")


@pytest.mark.parametrize("then", ["step", "new_weights"])
def test_the_old_picker_sent_with_a_click_right_after_an_edit_keeps_it(then):
    """Issue 20.1: an edit, then at once a Step (or any click) from a browser that has not
    drawn the edit's run: its old picker came with the click, unchanged edits beside it, and
    was taken for a choice: the preset loaded again, the edit lost."""
    at = page()
    address = dict(at.query_params)
    edit(at, {1: {"x1": "0.25"}})
    behind(at, address, "seed")
    click(at, then)
    assert at.selectbox(key="preset").value == "custom"
    assert lab(at).table.inputs[1].tolist() == [0.25, 1, 1]
    # the picker chosen in a browser that has drawn it: a choice
    set_widget(at, "selectbox", "preset", "seed")
    assert lab(at).table == presets.get("seed")


def test_edits_are_kept_when_the_table_view_is_opened_again():
    """Issue 20.1: the editor, drawn again after another view was open, has forgotten its
    edits (Streamlit drops a widget's state while it is not drawn): it showed the table
    without them, the next edit lost them, and a preset chosen then was taken for the
    browser's old picker and dropped."""
    at = page()
    edit(at, {1: {"x1": "0.25"}})
    open_view(at, "explain")
    open_view(at, "table")
    assert [shown(v) for v in editor_frame(at)["x1"]] == [0, 0.25, 1, 0]
    edit(at, {2: {"x2": "0.5"}})
    assert lab(at).table.inputs[1:3].tolist() == [[0.25, 1, 1], [1, 0.5, 1]]
    open_view(at, "explain")
    open_view(at, "table")
    set_widget(at, "selectbox", "preset", "xor")
    assert (at.selectbox(key="preset").value, lab(at).table) == ("xor", presets.get("xor"))


# -- settings ------------------------------------------------------------------------------

def _state(at, lang):
    return (iteration(at, lang), loss(at, lang), lab(at).trainer.params, lab(at).table,
            lab(at).trainer.config, field(at, "step_size", lang))


def _same_state(a, b):
    assert a[:2] == b[:2]
    np.testing.assert_array_equal(a[2], b[2])
    assert a[3:] == b[3:]


def test_switching_language_keeps_the_state():
    at = page()
    set_widget(at, "selectbox", "preset", "xor")
    set_widget(at, "number_input", "hidden", 1)
    set_widget(at, "toggle", "bias", True)
    set_widget(at, "field", "step_size", 25)
    click(at, "step_many")
    set_widget(at, "field", "learning_rate", 0.5)
    click(at, "step")
    before = _state(at, "en")
    assert before[0] == 26
    set_widget(at, "radio", "lang", "es")
    _same_state(_state(at, "es"), before)
    assert at.selectbox(key="preset").value == "xor"
    assert at.text_input(key="learning_rate" + fields.TEXT).value == "0,5"
    assert at.toggle(key="bias").value is True
    set_widget(at, "radio", "lang", "en")
    _same_state(_state(at, "en"), before)


def test_switching_language_keeps_an_edited_table():
    at = page()
    click(at, "step")
    edit(at, {1: {"x2": 0.25}})
    click(at, "step_many")
    before = _state(at, "en")
    assert before[0] == 100 and before[3].inputs[1].tolist() == [1, 0.25, 1]
    set_widget(at, "radio", "lang", "es")
    assert text("es", "table_changed") not in toasts(at)
    _same_state(_state(at, "es"), before)
    np.testing.assert_array_equal(lab(at).table.rows(), before[3].rows())


def test_changing_the_learning_rate_keeps_the_weights():
    at = page()
    click(at, "step_many")
    params = lab(at).trainer.params
    set_widget(at, "field", "learning_rate", 0.5)
    assert iteration(at) == 100
    np.testing.assert_array_equal(lab(at).trainer.params, params)
    notice = toasts(at)
    assert text("en", "lr_kept", lr="0.5") in notice
    click(at, "step")
    expected = seed_trainer(100)
    expected.set_learning_rate(0.5)
    expected.step()
    np.testing.assert_array_equal(lab(at).trainer.params, expected.params)
    assert loss(at) == six(expected.loss())


@pytest.mark.parametrize(("kind", "key", "value", "config"), [
    ("number_input", "hidden", 1, dict(hidden=(2,))),
    ("field", "seed", 9, dict(seed=9)),
    ("selectbox", "activation", "tanh", dict(activation="tanh")),
    ("selectbox", "loss", "cross_entropy", dict(loss="cross_entropy")),
    ("toggle", "bias", True, dict(bias=True)),
])
def test_structural_settings_restart_with_a_notice(kind, key, value, config):
    at = page()
    if key == "activation":  # only hidden layers have an activation to choose
        set_widget(at, "number_input", "hidden", 1)
        config = dict(config, hidden=(2,))
    click(at, "step_many")
    assert iteration(at) == 100
    set_widget(at, kind, key, value)
    assert iteration(at) == 0
    assert any(v.startswith(text("en", "settings_reset", what="")[:16]) for v in toasts(at))
    expected = Trainer(Config(**config), presets.get("seed"))
    np.testing.assert_array_equal(lab(at).trainer.params, expected.params)
    click(at, "step")
    np.testing.assert_array_equal(lab(at).trainer.params, expected.run(1).params)


def test_the_restart_notice_names_settings_in_the_pages_language():
    """In Spanish the notice must not show the code's English setting names."""
    at = page({"lang": "es"})
    set_widget(at, "field", "seed", 3)
    notice = [v for v in toasts(at) if v.startswith("Ajustes")]
    assert len(notice) == 1
    assert "seed" not in notice[0], notice[0]
    set_widget(at, "number_input", "hidden", 1)
    notice = [v for v in toasts(at) if v.startswith("Ajustes")]
    assert "hidden" not in notice[0], notice[0]


# -- the link ------------------------------------------------------------------------------

CUSTOM = Table([[0.5, -1.0], [2.0, 3.25], [1.0, 1.0]], [[0.25], [1.0], [0.0]],
               ['a,"b"', "ñandú"], ["<img src=x onerror=alert(1)>"])


def test_a_url_restores_table_settings_and_iteration():
    config = Config(hidden=(3,), activation="tanh", learning_rate=0.5, bias=True, seed=7)
    params = link.encode(link_state(lang="es", preset="custom", table=CUSTOM, config=config,
                                    target=500, iteration=37))
    assert "table" in params and "preset" not in params
    at = page(params)
    assert not at.warning
    assert iteration(at, "es") == 37
    expected = Trainer(config, CUSTOM).run(37)
    assert lab(at).table == CUSTOM
    np.testing.assert_array_equal(lab(at).trainer.params, expected.params)
    assert loss(at, "es") == six(expected.loss())
    assert list(editor_frame(at).columns) == list(CUSTOM.columns)
    for kind, key, value in [("radio", "lang", "es"), ("number_input", "hidden", 1),
                             ("number_input", "neurons", 3),
                             ("selectbox", "activation", "tanh"),
                             ("field", "learning_rate", 0.5), ("toggle", "bias", True),
                             ("field", "seed", 7),
                             ("field", "target_iterations", 500)]:
        got = field(at, key, "es") if kind == "field" else getattr(at, kind)(key=key).value
        assert got == value, key
    # the column names reach the page as text, never as markup
    assert not [h for h in at.get("html") if "onerror" in str(h.proto)]


def test_a_url_past_its_target_restores_the_iteration_it_names():
    """Step works past the target, so a link can name such an iteration: reloading it
    must show that state, not a shorter training."""
    at = page()
    set_widget(at, "field", "target_iterations", 5)
    set_widget(at, "field", "step_size", 7)
    click(at, "step_many")
    assert iteration(at) == 7
    assert at.query_params["it"] == "7"
    reloaded = page(dict(at.query_params))
    assert iteration(reloaded) == 7
    np.testing.assert_array_equal(lab(reloaded).trainer.params, seed_trainer(7).params)


def test_a_url_with_learning_rate_changes_replays_them():
    params = link.encode(link_state(config=Config(learning_rate=2.0), iteration=30,
                                    lr_changes=[(0, 1.0), (10, 0.5), (20, 2.0)]))
    at = page(params)
    expected = seed_trainer(10)
    expected.set_learning_rate(0.5)
    expected.run(10)
    expected.set_learning_rate(2.0)
    expected.run(10)
    assert iteration(at) == 30
    np.testing.assert_array_equal(lab(at).trainer.params, expected.params)


def _after_lr_changes(at):
    click(at, "step_many")
    set_widget(at, "field", "learning_rate", 0.5)
    click(at, "step_many")
    set_widget(at, "field", "learning_rate", 3.0)
    click(at, "step")


def _custom_table_hidden_layer(at):
    set_widget(at, "selectbox", "preset", "xor")
    set_widget(at, "number_input", "hidden", 1)
    set_widget(at, "number_input", "neurons", 3)
    edit(at, {0: {"x3": 0.5}})
    set_widget(at, "field", "step_size", 42)
    click(at, "step_many")


def _paused_run(at):
    set_widget(at, "toggle", "running", True)
    set_widget(at, "toggle", "running", False)
    click(at, "step")


def _edited_back_to_the_preset(at):
    set_widget(at, "selectbox", "preset", "nor")
    edit(at, {0: {"x1": 0.5}})
    edit(at, {})  # the cell back as it was: the table equals the preset again
    click(at, "step_many")


def _train_then_lower_target(at):
    click(at, "train")
    set_widget(at, "field", "target_iterations", 100)


@pytest.mark.parametrize("actions", [_after_lr_changes, _custom_table_hidden_layer,
                                     _paused_run, _edited_back_to_the_preset,
                                     _train_then_lower_target],
                         ids=["lr-changes", "custom-hidden", "paused-run", "edited-back",
                              "lowered-target"])
def test_the_url_the_page_writes_gives_the_same_state_back(actions):
    at = page()
    actions(at)
    again = reload(at)
    assert iteration(again) == iteration(at)
    assert lab(again).table == lab(at).table
    assert lab(again).trainer.config == lab(at).trainer.config
    np.testing.assert_array_equal(lab(again).trainer.params, lab(at).trainer.params)
    assert metrics(again) == metrics(at)


BROKEN = [
    pytest.param({"table": "garbage"}, ["table"], id="garbage-table"),
    pytest.param({"table": "1.AAAA"}, ["table"], id="bad-zlib-table"),
    pytest.param({"hidden": "99"}, ["hidden"], id="hidden-99"),
    pytest.param({"lr": "nan"}, ["lr"], id="lr-nan"),
    pytest.param({"it": "-5"}, ["it"], id="it-negative"),
    pytest.param({"foo": "bar", "zz": "1"}, ["foo", "zz"], id="unknown-keys"),
    pytest.param({"table": "x" * 20_000}, ["link"], id="oversized"),
    pytest.param({"lang": "fr", "seed": "abc", "act": "softmax", "bias": "2", "target": "0",
                  "lrs": "5:1,2:3", "hide": "everything", "present": "7", "preset": "nope",
                  "it": "3"},
                 ["lang", "seed", "act", "bias", "target", "lrs", "hide", "present",
                  "preset"], id="many"),
]


@pytest.mark.parametrize(("params", "parts"), BROKEN)
def test_a_broken_url_falls_back_with_a_warning(params, parts):
    at = page(params)
    warnings = [w for w in values(at.warning)
                if w.startswith(text("en", "link_problems", parts="")[:20])]
    assert len(warnings) == 1
    named = warnings[0].rsplit(":", 1)[1].strip(" .").split(", ")
    assert sorted(named) == sorted(parts)
    assert lab(at).table == presets.get("seed")
    expected_it = 3 if "it" in params and "it" not in parts else 0
    assert iteration(at) == expected_it
    np.testing.assert_array_equal(lab(at).trainer.params, seed_trainer(expected_it).params)
    # the page rewrites the URL: nothing broken is kept in it
    for part in parts:
        if part in params and part != "lang":
            assert at.query_params.get(part) != params[part]
    assert "foo" not in at.query_params
    click(at, "step")  # and the page works
    assert iteration(at) == expected_it + 1


def tab_labels(at):
    return [t.label for t in at.tabs]


def test_presenter_mode_hides_the_settings():
    at = page({"present": "1", "hide": "settings"})
    assert len(at.sidebar.radio) == 0 and len(at.sidebar.number_input) == 0
    assert len(at.sidebar.text_input) == 0
    assert text("en", "intro") not in values(at.caption)  # the teacher says it
    assert "Iteration" in metrics(at) and stage(at)["present"] is True
    click(at, "step")
    assert iteration(at) == 1
    assert at.query_params["present"] == "1"
    assert at.query_params["hide"] == "settings"
    # without hide, presenter mode still has the table and the settings
    at = page({"present": "1"})
    assert [d for d in at.dataframe if "-table_" in d.proto.id]
    assert at.sidebar.radio(key="lang").value == "en"


@pytest.mark.parametrize(("hide", "view", "gone"), [
    ("table,settings", "table", "view_table"),
    ("predictions", "predictions", "view_predictions"),
    ("ask", "explain", "view_predictions"),  # Ask lives in the predictions view
])
def test_hidden_views_are_not_drawn(hide, view, gone):
    """A hidden view has no tab and draws nothing, even when the link names it."""
    at = page({"present": "1", "hide": hide, "view": view})
    labels = tab_labels(at)
    assert labels == [text("en", f"view_{v}") for v in link.VIEWS if f"view_{v}" != gone]
    if gone == "view_table":
        assert not at.data_editor
        assert not [k for k in at.session_state if str(k).startswith("table_")]
    else:
        assert not [n for n in at.text_input if str(n.key).startswith("ask_")]
        assert text("en", "answer", values="", i="")[:8] not in all_markdown(at)
    click(at, "step")
    assert iteration(at) == 1
    assert at.query_params["hide"] == hide


def test_hiding_controls_and_charts():
    at = page({"hide": "controls,charts"})
    assert not [b for b in at.button if b.key in ("step", "step_many", "train", "reset")]
    assert not [t for t in at.toggle if t.key == "running"]
    assert stage(at) is None
    assert "Iteration" in metrics(at)
    # the views are still there, and so is what they show
    open_view(at, "predictions")
    assert text("en", "answer", values="", i="")[:8] in all_markdown(at)


# -- Run -----------------------------------------------------------------------------------

def test_run_plays_a_stretch_and_pause_lands_inside_it():
    at = page()
    assert stage(at)["frames"] is None
    set_widget(at, "toggle", "running", True)
    data = stage(at)
    stretch = lab(at).run.stretch
    per_frame = at.select_slider(key="speed").value
    end = lab(at).trainer.iteration
    assert stretch.first == 0 and stretch.last == end > 0
    frames = data["frames"]
    assert data["stretch"] == stretch.id
    assert [f["i"] for f in frames] == list(range(0, end + 1, per_frame))
    # each frame says the loss the article's program has at that iteration
    for k in (1, len(frames) // 2, len(frames) - 1):
        i = frames[k]["i"]
        assert frames[k]["t"] == text("en", "status_playing", i=f"{i:,}",
                                      loss=f"{seed_trainer(i).loss():.6g}")
    # the counters show the frame on screen: the first, then each frame's own numbers
    # (the trainer's at that iteration), which the browser writes as it plays them
    first = seed_trainer(0)
    assert metrics(at) == {text("en", "iteration_playing"): "0",
                           text("en", "loss_metric"): f"{first.loss():.6g}",
                           text("en", "rows_right"): f"{first.rows_right().sum()} / 4"}
    assert data["counters"] == list(metrics(at))
    for k in (1, len(frames) // 2, len(frames) - 1):
        then = seed_trainer(frames[k]["i"])
        assert frames[k]["r"] == [f"{then.iteration:,}", f"{then.loss():.6g}",
                                  f"{then.rows_right().sum()} / 4"]
    set_widget(at, "toggle", "running", False)
    assert stage(at)["frames"] is None and lab(at).run.stretch is None
    now = iteration(at)
    assert 0 <= now <= end and now % per_frame == 0
    np.testing.assert_array_equal(lab(at).trainer.params, seed_trainer(now).params)
    click(at, "step")
    assert iteration(at) == now + 1


def test_a_bad_edit_while_run_plays_stops_run_where_it_is():
    at = page()
    set_widget(at, "toggle", "running", True)
    assert lab(at).run.stretch is not None
    edit(at, {0: {"y": 2}})
    assert len(values(at.error)) == 1
    assert not at.toggle(key="running").value
    assert lab(at).run.stretch is None and stage(at)["frames"] is None
    now = iteration(at)
    assert now == lab(at).trainer.iteration
    np.testing.assert_array_equal(lab(at).trainer.params, seed_trainer(now).params)


# -- many random interactions -------------------------------------------------------------

SETTING_VALUES = {
    "hidden": ("number_input", [0, 1, 2, 4, 6]),
    "neurons": ("number_input", [1, 2, 16]),
    "activation": ("selectbox", ["sigmoid", "tanh", "relu"]),
    "loss": ("selectbox", ["squared", "cross_entropy"]),
    "learning_rate": ("number_input", [0.001, 0.5, 1.0, 10.0, 100.0]),
    "bias": ("toggle", [True, False]),
    "seed": ("number_input", [0, 1, 2**32 - 1]),
    "target_iterations": ("number_input", [1, 50, 3_000]),
    "step_size": ("number_input", [1, 100, 2_500]),
    "speed": ("select_slider", [1, 20, 100]),
    "lang": ("radio", ["en", "es"]),
    "log_loss": ("toggle", [True, False]),
}
EDIT_VALUES = [0, 1, 0.5, -3, 2, None, "a", 5e6, 0.25]
VIEWS = list(link.VIEWS)


def _random_action(at, rng):
    kind = rng.choice(["button"] * 5 + ["setting"] * 4 + ["preset", "edit", "edit", "run",
                                                          "view", "view", "timeline"])
    if kind == "view":
        return open_view(at, rng.choice(VIEWS))
    if kind == "timeline":
        found = [s for s in at.slider if s.key == "timeline" and not s.disabled]
        if not found:  # nothing to look back at yet, or Run is playing
            return at
        found[0].set_value(rng.randint(int(found[0].min), int(found[0].max)))
        return run(at)
    if kind == "button":
        keys = [b.key for b in at.button if b.key and not b.disabled
                and b.key not in ("compare", "timeline_now")]
        return click(at, rng.choice(keys)) if keys else at  # all wait for a valid table
    if kind == "setting":
        key = rng.choice(list(SETTING_VALUES))
        widget_kind, choices = SETTING_VALUES[key]
        if widget_kind == "field":
            return set_widget(at, "field", key, rng.choice(choices))
        found = [w for w in getattr(at, widget_kind) if w.key == key]
        if not found or found[0].disabled:
            return at
        found[0].set_value(rng.choice(choices))
        return run(at)
    if kind == "preset":
        if lab(at).view != "table":
            open_view(at, "table")
        return set_widget(at, "selectbox", "preset", rng.choice(presets.names()))
    if kind == "run":
        toggle = at.toggle(key="running")
        if toggle.disabled:
            return at
        toggle.set_value(not toggle.value)
        return run(at)
    if lab(at).view != "table":
        open_view(at, "table")
    table = lab(at).table
    row = rng.randrange(table.n_rows + 1)
    column = rng.choice(table.columns)
    value = rng.choice(EDIT_VALUES)
    if row == table.n_rows:
        return edit(at, added_rows=[{c: value if c == column else 0 for c in table.columns}])
    if rng.random() < 0.2 and table.n_rows > 1:
        return edit(at, deleted_rows=[row])
    return edit(at, {row: {column: value}})


@pytest.mark.parametrize("seed", [3, 17, 29])
def test_random_interactions_never_raise(seed):
    """A seeded soak: 30 interactions per seed, each checked for an exception."""
    rng = random.Random(seed)
    at = page()
    for _ in range(30):
        at = _random_action(at, rng)
        lang = at.session_state["lang"]
        assert (lab(at).run.stretch is not None) == at.session_state["running"]
        if lab(at).run.stretch is not None:
            assert stage(at)["stretch"] == lab(at).run.stretch.id
            assert text(lang, "iteration_playing") in metrics(at)
        else:
            assert stage(at)["frames"] is None
            assert iteration(at, lang) == lab(at).iteration
        if lab(at).problem is None:
            assert not at.error, values(at.error)


def test_six_hidden_layers_from_the_sidebar_and_from_a_link():
    # TensorFlow Playground's most: six hidden layers, each with its own size in the sidebar
    at = page()
    set_widget(at, "number_input", "hidden", MAX_HIDDEN_LAYERS)
    assert [n.key for n in at.number_input if n.key.startswith("neurons")] == list(
        settings.LAYER_KEYS)
    assert lab(at).trainer.config.hidden == (2,) * MAX_HIDDEN_LAYERS
    assert at.query_params["hidden"] == "x".join(["2"] * MAX_HIDDEN_LAYERS)
    at = page({"hidden": "x".join(["8"] * MAX_HIDDEN_LAYERS)})
    assert lab(at).trainer.config.hidden == (8,) * MAX_HIDDEN_LAYERS
    assert not at.exception
