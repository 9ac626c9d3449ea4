"""The widgets' callbacks: each reads what its widgets hold in ``st.session_state``, once,
and runs a command of lab/state.py with it (a command that needs no widget, Step or Reset,
is its button's callback itself). The settings and the table's source are owned by their
widgets (lab/state.py says who owns what): a callback that changes them writes them here,
then brings the lab in line."""

import streamlit as st

from neuron import ConfigError, TableError, lesson, playground
from neuron.config import SEED_LIMIT

from . import grid_keys, jobs, settings, sources, state, table_text


def _config():
    """The Config the settings' widgets describe."""
    return settings.config(st.session_state)


# -- the stage -----------------------------------------------------------------------------

def step_many(lab):
    state.step_many(lab, int(st.session_state["step_size"]))


def train(lab):
    state.train(lab, int(st.session_state["target_iterations"]))


def new_weights(lab):
    """New starting weights only: the table and its held-out rows stay."""
    s = st.session_state
    s["seed"] = (int(s["seed"]) + 1) % SEED_LIMIT
    setting(lab, say="status")  # a toast would cover the button


def timeline(lab):
    state.show(lab, st.session_state.get("timeline"))


def plane(lab):
    result = st.session_state.get("stage")
    state.plane_switched(lab, result.get("plane") if isinstance(result, dict) else None)


def view(lab, labels):
    """A tab was opened: ``labels`` maps its label in the page's language to its view."""
    state.open_view(lab, labels.get(st.session_state.get("view")))


# -- settings ------------------------------------------------------------------------------

def language():
    """The page's language changed. A select's value comes back from the browser as its
    option's label: every widget's value is given again, so the browser has it in the new
    language's labels (else the old label, found in no option, would come back as the
    value)."""
    s = st.session_state
    for key in state.WIDGET_OWNED:
        if key in s and key != "lang":
            s[key] = s[key]


def setting(lab, say="info"):
    """A setting's widget changed; ``say``: where the news goes (a notice's kind)."""
    state.settings_changed(lab, _config(), say)


def typed(key, then, lab, value):
    """A number field's ``value`` (lab/fields.py), then ``then(lab)`` if given."""
    st.session_state[key] = value
    if then is not None:
        then(lab)


def apply_config(lab, config, features=None):
    """Set the settings to ``config`` (the one-click fix, a bigger layer, a data set's
    recipe, with its input ``features``) and start over."""
    s = st.session_state
    s.update(settings.from_config(config))
    setting(lab, say="status")
    lab.to_stage += 1
    if features is not None and list(features) != list(s[sources.FEATURES_KEY]):
        s[sources.FEATURES_KEY] = list(features)
        load_preset(lab)


# -- the table's source --------------------------------------------------------------------

def new_data(lab):
    """The data set drawn again from its next seed (its held-out rows too)."""
    s = st.session_state
    key = sources.KEYS["seed"]
    s[key] = (int(s[key]) + 1) % SEED_LIMIT
    load_preset(lab)


def choose_source(lab):
    """The picker changed: load that table, with a learning rate that trains it: a data
    set's recipe (its network, features and rate, which an update summing over the rows
    needs smaller as they grow), the article's rate 1 for a preset."""
    s = st.session_state
    choice = s["preset"]
    if _addressed(choice):
        # the browser's old picker, sent before it drew the run that changed it (an edit
        # made the table the visitor's own): not a choice (measured: a table edited at
        # script speed went back to the preset, and so did an edit followed at once by a
        # Step or any other click, the edits lost)
        state.own_table()
        return
    if sources.is_data(choice):
        name = choice[len(sources.DATA):]
        try:
            base = sources.table(choice, {**s, sources.FEATURES_KEY: [],
                                          sources.INPUTS_KEY: sources.INPUTS})
        except (TableError, ConfigError) as error:
            lab.say("warning", "source_failed", reason=error)
            return
        proposal = lesson.fix(_config(), base, dataset=name)
        s.update(settings.from_config(proposal.config))
        s[sources.FEATURES_KEY] = list(proposal.features)
        s[sources.INPUTS_KEY] = list(sources.INPUTS)
    elif choice != sources.CUSTOM:
        s["learning_rate"] = settings.BY_KEY["learning_rate"].default
    load_preset(lab, _config())


def keys_refused(lab):
    """lab/grid_keys.js could not bring keys typed into the table to a cell (the new table
    has no such cell; the grid never took them): the page says so, naming the cell and what
    was typed; nothing else changes."""
    result = st.session_state.get("grid_keys")
    said = grid_keys.refusal(result.get("refused") if isinstance(result, dict) else None)
    if said is not None:
        key, values = said
        lab.say("warning", key, **values)


def _addressed(choice):
    """Whether the browser's address when it asked for this run (``st.query_params``, which
    the page writes each run) names ``choice`` as the table's source: then the picker it
    sent is the one it showed, unchanged by the visitor, and only the server changed it."""
    q = st.query_params
    if sources.is_data(choice):
        return q.get("data", "").split(".")[0] == choice[len(sources.DATA):]
    return q.get("preset") == choice


def open_playground(lab):
    """A TensorFlow Playground address typed in the Table view: its data set, inputs and
    settings, the learning rate converted."""
    s = st.session_state
    address = s.get("playground_address", "")
    if not address.strip():
        return
    found = playground.read(address)
    s["preset"] = sources.DATA + found.dataset
    s.update(sources.from_lesson(found))
    s.update(settings.from_config(found.config))
    load_preset(lab, _config())
    lab.say("info", "playground_opened")
    if found.problems:
        lab.say("warning", "playground_problems", parts=", ".join(found.problems))


def load_preset(lab, config=None):
    """The picker, a data set's parameters or its features changed: load that table (and
    train it with ``config`` if given)."""
    s = st.session_state
    try:
        table = sources.table(s["preset"], s)
    except (TableError, ConfigError) as error:
        lab.say("warning", "source_failed", reason=error)
        if not s[sources.INPUTS_KEY]:  # no input at all: those the table has stay on
            s[sources.INPUTS_KEY] = [x for x in sources.INPUTS
                                     if x in lab.table.input_names] or list(sources.INPUTS)
        return
    if table is not None:
        state.set_table(lab, table, config=config, data_seed=sources.data_seed(s))


def change_columns(lab, inputs=0, outputs=0):
    state.change_columns(lab, inputs, outputs, st.session_state["lang"])


UPLOADS = ("upload", "run_file")  # the jobs reading an upload: a CSV's table, a run file


def uploaded(lab):
    """The upload's callback: the file is read in a worker process (a large one takes
    seconds); the page follows it above the views (lab/views/__init__.py)."""
    upload = st.session_state.get("upload")
    if upload is None:
        return
    data = upload.getvalue()
    for name in UPLOADS:  # the file chosen last is the one loaded
        jobs.cancel(lab, name, quiet=True)
    lang = st.session_state["lang"]
    if upload.name.lower().endswith(".json") or data.lstrip()[:1] == b"{":
        jobs.start(lab, "run_file", upload.name, table_text.read_run, data, lang)
    else:
        jobs.start(lab, "upload", upload.name, table_text.read_csv, data,
                   lab.table.target_names, lang)


def load_run(lab, name, done, written=None):
    """A run downloaded from Share, as ``take_home.read`` rebuilt it: its table, settings,
    learning-rate changes, iteration and Ask row, exactly. ``written``: its table's texts
    (lab/table_text.py)."""
    trainer = done.trainer
    state.set_table(lab, trainer.table)
    if written is not None:
        state.took_written(lab, written)
    lab.trainer = trainer
    s = st.session_state
    s.update(settings.from_config(trainer.config))
    s.update(done.page)
    s["preset"] = done.preset
    s.update(done.source)
    lab.ask = done.ask
    lab.say("info", "run_loaded", name=name, i=trainer.iteration)
    if not done.weights_match:
        lab.say("warning", "run_weights_differ", name=name)
