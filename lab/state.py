"""One visitor's lab, kept in ``st.session_state`` (never in module globals: one server
process serves everyone), and the commands that change it.

Data flows one way: a widget's callback runs a command, the command changes the lab, then
the page is drawn from the lab. There is one iteration shown (``Lab.shown``): every view
reads it; only the timeline and the commands write it.
"""

from dataclasses import dataclass, field

import numpy as np
import streamlit as st

from neuron import ConfigError, Table, TableError, Trainer, presets
from neuron.config import SEED_LIMIT

from . import link, run, settings, sources
from .run import Stretch

# views that show no iteration: training does not redraw them
TIMELESS_VIEWS = ("table",)


@dataclass
class Editor:
    """The table editor: what it was given, and what it showed last (edits included); both
    pandas frames (lab/editor.py), made when the Table view first draws it."""

    frame: object = None  # None: not made yet
    version: int = 0  # part of the editor's key: a new table makes a new editor
    lang: str | None = None  # the language its column labels were drawn in
    now: object = None

    @property
    def key(self):
        return f"table_{self.version}"

    def renew(self):
        """A new table: a new editor (new key), made from the table when next drawn."""
        self.frame = self.now = self.lang = None
        self.version += 1


@dataclass
class Lab:
    table: Table
    trainer: Trainer
    editor: Editor
    record: object = None  # the last StepRecord, while it is the latest update
    notices: list = field(default_factory=list)  # (kind, text key, values)
    problem: TableError | None = None
    run: Stretch | None = None  # None: Run is stopped
    stop: bool = False  # switch the Run toggle off at the start of the next page run
    held: bool = False  # the browser paused Run; its toggle's rerun is on the way
    shown: int | None = None  # the iteration every view shows; None: the latest
    view: str = link.VIEWS[0]  # the open view under the stage
    log_loss: bool = True  # loss curve on a log axis
    ask: list | None = None  # the Ask inputs
    present: bool = False
    hide: list = field(default_factory=list)
    past: tuple | None = None  # (trainer, its copy rewound to ``shown``)
    drawing: bool = False  # a whole-page run is drawing (not the stage's part alone)
    views_at: tuple | None = None  # (iteration, Run playing) the views were drawn at
    axis_end: int = 0  # the curves' iteration axis reaches this far (Run's goal), until a restart
    advised: list = field(default_factory=list)  # (trainer, iteration, lesson.Advice), 2 at most
    separable: tuple | None = None  # (table, bias, verdict per target)
    sweep: tuple | None = None  # ((table, config, iterations), SweepResult)

    def say(self, kind, key, **values):
        self.notices.append((kind, key, values))

    def views_key(self):
        """What the open view shows: the iteration (the table shows none), and whether Run
        was playing."""
        return (None if self.view in TIMELESS_VIEWS else self.iteration), self.run is not None

    @property
    def iteration(self):
        """The iteration shown."""
        return self.trainer.iteration if self.shown is None else self.shown

    def viewed(self):
        """The trainer as it was at the iteration shown (a rewound copy when looking back)."""
        trainer = self.trainer
        if self.run is not None:  # Run plays ahead in the browser: the stretch's start
            return self.run.start
        if self.shown is None or self.shown >= trainer.iteration:
            return trainer
        if self.past is None or self.past[0] is not trainer or \
                self.past[1].iteration != self.shown:
            self.past = (trainer, trainer.copy().rewind(self.shown))
        return self.past[1]

    def record_shown(self):
        """(update, which): the last update if it led to the iteration shown, else the next
        one from there (worked out on a copy)."""
        trainer = self.viewed()
        if self.record is not None and self.record.iteration == trainer.iteration \
                and trainer is self.trainer:
            return self.record, "explain_last"
        if trainer.iteration > 0 and trainer is self.trainer:
            # the update that led here, replayed from the iteration before (a reloaded link)
            before = trainer.copy().rewind(trainer.iteration - 1)
            record = before.step()
            if record is not None:
                return record, "explain_led_here"
        return trainer.copy().step(), "explain_next" if trainer is self.trainer else \
            "explain_past"


def browser_language():
    locale = (st.context.locale or "").lower()
    return "es" if locale.startswith("es") else "en"


def start():
    """The visitor's lab: made on the first run from the link (or the defaults)."""
    state = st.session_state
    if "lab" not in state:
        state["lab"] = _from_link(state)
    for key, value in {**settings.defaults(), **sources.defaults(), "lang": "en",
                       "preset": "seed", "running": False}.items():
        if key not in state:
            state[key] = value
        else:
            state[key] = state[key]  # kept while its widget is not drawn
    lab = state["lab"]
    settle(lab)
    return lab


def settle(lab):
    """A command asked Run to stop: its toggle goes off (before it is drawn again)."""
    if lab.stop:
        st.session_state["running"] = False
        lab.stop = False


def _from_link(state):
    defaults = dict(lang=browser_language(), preset="seed", table=presets.get("seed"),
                    source=sources.defaults(),
                    settings=settings.defaults(), iteration=0, lr_changes=[],
                    present=False, hide=[], view=link.VIEWS[0], ask=None)
    values, problems = link.decode(st.query_params.to_dict(), defaults)
    state["lang"] = values["lang"]
    state["preset"] = values["preset"] if values["preset"] in sources.choices() else "seed"
    state.update(values["source"])
    try:
        config = settings.config(values["settings"])
    except ValueError:
        config = settings.config(settings.defaults())
        problems.append("settings")
    state.update(settings.from_config(config))
    for key in ("target_iterations", "speed", "step_size"):
        state[key] = values["settings"][key]
    table = values["table"]
    try:
        trainer = Trainer.replay(config, table, values["iteration"], values["lr_changes"])
    except ConfigError:
        trainer = Trainer.replay(config, table, values["iteration"])
        problems.append("lrs")
    ask = values["ask"] if values["ask"] and len(values["ask"]) == table.n_inputs else None
    lab = Lab(table, trainer, Editor(),
              present=values["present"], hide=values["hide"], view=values["view"], ask=ask)
    if problems:
        lab.say("warning", "link_problems", parts=", ".join(problems))
    return lab


def link_state(lab):
    state = st.session_state
    return dict(lang=state["lang"], preset=state["preset"], table=lab.table,
                source={k: state[k] for k in sources.defaults()},
                settings={k: state[k] for k in settings.defaults()},
                iteration=lab.iteration, lr_changes=changes(lab.trainer), present=lab.present,
                hide=lab.hide, view=lab.view, ask=lab.ask)


def changes(trainer):
    """The learning rate's schedule when it ever changed (the link's ``lrs``), else none."""
    return list(trainer.schedule) if len(trainer.schedule) > 1 else []


def sync_link(lab):
    """Write the lab into the URL, so a reload or a shared link gives the same state. While
    Run plays, the browser is somewhere in a stretch trained ahead: the link keeps its
    iteration until Run stops, and then says exactly where."""
    params = link.encode(link_state(lab))
    if lab.run is not None and "it" in st.query_params:
        params["it"] = st.query_params["it"]
    if st.query_params.to_dict() != params:
        st.query_params.from_dict(params)


# -- commands (widget callbacks) ----------------------------------------------------------

def _latest(lab):
    """Commands that train start from the latest iteration: say so if one was looking back."""
    if lab.shown is not None and lab.shown < lab.trainer.iteration:
        lab.say("info", "back_to_latest", shown=lab.shown, latest=lab.trainer.iteration)
    lab.shown = None


def _pause_at_screen(lab):
    """Run pauses at the frame on screen: where the browser said (its report often comes in
    the same batch), else where the clock says."""
    if lab.run is not None:
        browser_paused(lab)
        run.pause(lab)


def _pause_run(lab):
    """A command that trains while Run plays starts from the frame on screen; Run stops."""
    _pause_at_screen(lab)
    if st.session_state.get("running"):
        lab.stop = True


def step(lab):
    _pause_run(lab)
    _latest(lab)
    record = lab.trainer.step()
    if record is not None:
        lab.record = record


def step_many(lab):
    _pause_run(lab)
    _latest(lab)
    n = int(st.session_state["step_size"])
    if n == 1:
        step(lab)
    else:
        lab.trainer.run(n)
        lab.record = None


def remaining(lab):
    return max(0, int(st.session_state["target_iterations"]) - lab.trainer.iteration)


def train(lab, progress=None):
    _pause_run(lab)
    _latest(lab)
    left = remaining(lab)
    goal = int(st.session_state["target_iterations"])
    while left > 0 and not lab.trainer.diverged:
        lab.trainer.run(min(left, 20_000))
        left = remaining(lab)
        if progress:
            progress(lab.trainer.iteration, goal)
    lab.record = None
    lab.run = None
    st.session_state["running"] = False


def reset(lab):
    lab.trainer = Trainer(lab.trainer.config, lab.table)
    _restart(lab)


def new_weights(lab):
    state = st.session_state
    state["seed"] = (int(state["seed"]) + 1) % SEED_LIMIT
    settings_changed(lab)


def apply_config(lab, config, features=None):
    """Set the settings to ``config`` (the one-click fix, a bigger layer, a data set's
    recipe, with its input ``features``) and start over."""
    st.session_state.update(settings.from_config(config))
    settings_changed(lab)
    if features is not None and list(features) != list(st.session_state[sources.FEATURES_KEY]):
        st.session_state[sources.FEATURES_KEY] = list(features)
        load_preset(lab)


def _restart(lab):
    lab.axis_end = 0
    lab.record = None
    lab.run = None
    lab.shown = None
    lab.stop = True


def settings_changed(lab):
    """Bring the trainer in line with the settings: a new learning rate keeps the weights,
    anything else starts over."""
    state = st.session_state
    config = settings.config(state)
    old = lab.trainer.config
    if config == old:
        return
    if lab.run is not None:
        run.pause(lab)
    changed = [name for name in settings.CONFIG_FIELDS
               if name != "learning_rate" and getattr(config, name) != getattr(old, name)]
    if changed:
        lab.trainer = Trainer(config, lab.table)
        _restart(lab)
        lab.say("info", "settings_reset", what=tuple(changed))
    else:
        _latest(lab)
        lab.trainer.set_learning_rate(config.learning_rate)
        lab.say("info", "lr_kept", lr=config.learning_rate)


def running_changed(lab):
    if st.session_state["running"]:
        _latest(lab)
        lab.held = False
    else:
        _pause_at_screen(lab)
        lab.held = False


def browser_paused(lab):
    result = st.session_state.get("stage")
    run.browser_paused(lab, result.get("paused") if isinstance(result, dict) else None)


def timeline_moved(lab):
    value = st.session_state.get("timeline")
    if isinstance(value, int) and 0 <= value < lab.trainer.iteration:
        lab.shown = value
    else:
        lab.shown = None


def timeline_now(lab):
    lab.shown = None


def view_changed(lab, labels):
    label = st.session_state.get("view")
    lab.view = labels.get(label, lab.view)


def log_changed(lab):
    lab.log_loss = bool(st.session_state["log_loss"])


# -- the table ----------------------------------------------------------------------------

def set_table(lab, table, replace_editor=True):
    """A new valid table: training starts over."""
    lab.table = table
    lab.problem = None
    lab.trainer = Trainer(lab.trainer.config, table)
    _restart(lab)
    lab.ask = None
    if replace_editor:
        lab.editor.renew()


def change_columns(lab, inputs=0, outputs=0):
    """Add (+1) or remove (-1) the last input or target column. A pending invalid edit is
    kept: the change is made to what the editor shows."""
    if lab.problem is not None and lab.editor.now is not None:
        _change_pending(lab, inputs, outputs)
        return
    t = lab.table
    X, Y = t.inputs, t.targets
    in_names, out_names = list(t.input_names), list(t.target_names)
    if inputs > 0:
        X = np.hstack([X, np.zeros((t.n_rows, 1))])
        in_names.append(_new_name("x", t.columns))
    elif inputs < 0:
        X, in_names = X[:, :-1], in_names[:-1]
    if outputs > 0:
        Y = np.hstack([Y, np.zeros((t.n_rows, 1))])
        out_names.append(_new_name("y", t.columns))
    elif outputs < 0:
        Y, out_names = Y[:, :-1], out_names[:-1]
    try:
        table = Table(X, Y, in_names, out_names)
    except TableError:
        lab.say("warning", "min_columns" if inputs < 0 or outputs < 0 else "max_columns")
        return
    set_table(lab, table)
    own_table()
    lab.say("info", "table_changed")


def _change_pending(lab, inputs, outputs):
    df = lab.editor.now.copy()
    ins, outs = list(lab.table.input_names), list(lab.table.target_names)
    if inputs > 0:
        name = _new_name("x", df.columns)
        df.insert(len(ins), name, "0")
        ins.append(name)
    elif inputs < 0 and len(ins) > 1:
        df = df.drop(columns=ins.pop())
    if outputs > 0:
        name = _new_name("y", df.columns)
        df[name] = "0"
        outs.append(name)
    elif outputs < 0 and len(outs) > 1:
        df = df.drop(columns=outs.pop())
    lab.editor.frame = lab.editor.now = df
    lab.editor.version += 1
    try:
        table = Table.from_dataframe(df, targets=outs, lang=st.session_state.get("lang", "en"))
    except TableError as error:
        lab.problem = error
        return
    set_table(lab, table)
    own_table()
    lab.say("info", "table_changed")


def _new_name(prefix, taken):
    n = 1
    while f"{prefix}{n}" in taken:
        n += 1
    return f"{prefix}{n}"


def load_preset(lab):
    """The picker, a data set's parameters or its features changed: load that table."""
    s = st.session_state
    try:
        table = sources.table(s["preset"], s)
    except (TableError, ConfigError) as error:
        lab.say("warning", "source_failed", reason=error)
        return
    if table is not None:
        set_table(lab, table)


def own_table():
    """An edit or an upload: the picker now says the table is the user's own."""
    st.session_state["preset"] = sources.CUSTOM


def load_csv(lab, name, data):
    try:
        table = Table.from_csv(data)
        current = lab.table.target_names
        if table.target_names != current and set(current) < set(table.columns):
            # a table this page wrote (its own download): keep its target columns
            table = Table.from_csv(data, targets=current)
    except TableError as error:
        lab.say("error", "upload_failed", name=name, reason=error)
        return
    set_table(lab, table)
    own_table()
    lab.say("info", "table_loaded", name=name)


def uploaded(lab):
    upload = st.session_state.get("upload")
    if upload is not None:
        load_csv(lab, upload.name, upload.getvalue())
