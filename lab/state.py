"""One visitor's lab, kept in ``st.session_state`` (never in module globals: one server
process serves everyone), and the commands that change it.

Data flows one way: a widget's callback runs a command, the command changes the lab, then
the page is drawn from the lab. There is one iteration shown (``Lab.shown``): every view
reads it; only the timeline and the commands write it.
"""

from dataclasses import dataclass, field, replace

import numpy as np
import streamlit as st

from neuron import ConfigError, Table, TableError, Trainer, lesson, playground, presets
from neuron.config import SEED_LIMIT
from neuron.table import read_csv
from neuron.trainer import checked_schedule, replayed, train_to

from . import jobs, link, run, settings, sources
from .run import Stretch
from .text import md, text

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
    discrete: bool = False  # the plane: its output painted by side of 0.5 only
    test_rows: bool = True  # the plane: test rows drawn
    resend: bool = False  # Run: send the stretch playing again (a switch redrew the stage)
    hide: list = field(default_factory=list)
    past: tuple | None = None  # (trainer, its copy rewound to ``shown``)
    drawing: bool = False  # a whole-page run is drawing (not the stage's part alone)
    views_at: tuple | None = None  # (iteration, Run playing) the views were drawn at
    link: dict | None = None  # the query parameters this session last wrote
    axis_end: int = 0  # the curves' iteration axis reaches this far (Run's goal), until a restart
    advised: list = field(default_factory=list)  # (trainer, iteration, lesson.Advice), 2 at most
    separable: tuple | None = None  # (table, bias, verdict per target)
    sweep: tuple | None = None  # ((table, config, iterations), SweepResult)
    to_stage: int = 0  # one-click fixes so far: the page scrolls up to the stage after each

    def asked(self):
        """The row Ask is about: the visitor's, else the article's question [1, 0, 0] (zeros
        for a table of another width)."""
        n = self.table.n_inputs
        if self.ask is None or len(self.ask) != n:
            return [1.0, 0.0, 0.0] if n == 3 else [0.0] * n
        return list(self.ask)
    jobs: dict = field(default_factory=dict)  # name: (what it is about, its neuron.work.Job)
    run_file: tuple | None = None  # (file name, take_home.Run) a worker read, loaded next run

    def say(self, kind, key, **values):
        self.notices.append((kind, key, values))

    def views_key(self):
        """What the open view shows: the iteration (the table shows none), whether Run was
        playing, and the work under way in a worker (its progress is drawn above the views:
        a Train handed to a worker from the stage's part alone brings the page with it)."""
        return ((None if self.view in TIMELESS_VIEWS else self.iteration), self.run is not None,
                tuple(sorted(self.jobs)))

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
        """(update, which): the update that led to the iteration shown (at iteration 0 the
        next one), as ``Trainer.explained_update`` defines it; Step's own record when it is
        that update."""
        trainer = self.viewed()
        if trainer.iteration == 0:
            return trainer.explained_update(), "explain_next"
        if self.record is not None and self.record.iteration == trainer.iteration \
                and trainer is self.trainer:
            return self.record, "explain_last"
        return trainer.explained_update(), "explain_led_here"


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
    if lab.run_file is not None:  # before the widgets it sets are drawn
        load_run(lab, *lab.run_file)
        lab.run_file = None
    settle(lab)
    return lab


def settle(lab):
    """A command asked Run to stop: its toggle goes off (before it is drawn again). Run
    switched off while a stretch was on its way (toggled fast): stop where the browser is."""
    if lab.stop:
        st.session_state["running"] = False
        lab.stop = False
    if lab.run is not None and not st.session_state["running"]:
        browser_paused(lab)
        run.pause(lab)


def _from_link(state):
    defaults = dict(lang=browser_language(), preset="seed", table=presets.get("seed"),
                    source=sources.defaults(),
                    settings=settings.defaults(), iteration=0, lr_changes=[],
                    present=False, discrete=False, test_rows=True, hide=[],
                    view=link.VIEWS[0], ask=None)
    values, problems = link.decode(st.query_params.to_dict(), defaults)
    state["lang"] = values["lang"]
    state["preset"] = values["preset"] if values["preset"] in sources.choices() else "seed"
    state.update(values["source"])
    try:
        config = settings.config({**values["settings"], **values["source"],
                                  "preset": state["preset"]})
    except ValueError:
        config = settings.config(settings.defaults())
        problems.append("settings")
    state.update(settings.from_config(config))
    for key in ("target_iterations", "speed", "step_size"):
        state[key] = values["settings"][key]
    table, iteration, lrs = values["table"], values["iteration"], values["lr_changes"]
    try:
        checked_schedule(config, iteration, lrs)
    except ConfigError:
        lrs = []
        problems.append("lrs")
    ask = values["ask"] if values["ask"] and len(values["ask"]) == table.n_inputs else None
    lab = Lab(table, Trainer(config, table), Editor(),
              present=values["present"], discrete=values["discrete"],
              test_rows=values["test_rows"], hide=values["hide"], view=values["view"], ask=ask)
    if "playground" in st.query_params:
        lab.say("info", "playground_opened")
    if cost(lab.trainer, iteration) <= INLINE_WORK:
        lab.trainer = Trainer.replay(config, table, iteration, lrs)
    else:  # a late iteration (a lesson trained long): replayed in a worker, followed
        jobs.start(lab, "train", lab.trainer, replayed, config, table, iteration, lrs)
    if problems:
        lab.say("warning", "link_problems", parts=", ".join(problems))
    return lab


def link_state(lab):
    state = st.session_state
    return dict(lang=state["lang"], preset=state["preset"], table=lab.table,
                source={k: state[k] for k in sources.defaults()},
                settings={k: state[k] for k in settings.defaults()},
                iteration=lab.iteration, lr_changes=changes(lab.trainer), present=lab.present,
                discrete=lab.discrete, test_rows=lab.test_rows, hide=lab.hide, view=lab.view,
                ask=lab.ask)


def changes(trainer):
    """The learning rate's schedule when it ever changed (the link's ``lrs``), else none."""
    return list(trainer.schedule) if len(trainer.schedule) > 1 else []


def sync_link(lab):
    """Write the lab into the URL, so a reload or a shared link gives the same state.
    ``st.query_params`` holds the address the browser had when it asked for this run: a run
    still on its way may since have written another (a burst of timeline keys), so what
    this session last wrote is compared too. While Run plays, the browser is somewhere in a
    stretch trained ahead: the link keeps its iteration until Run stops, and then says
    exactly where. Nothing while a worker trains (the link stays the lesson it opened)."""
    if "train" in lab.jobs:
        return
    params = link.encode(link_state(lab))
    if lab.run is not None and "it" in st.query_params:
        params["it"] = st.query_params["it"]
    if st.query_params.to_dict() != params or lab.link != params:
        st.query_params.from_dict(params)
        lab.link = params


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
        train_on(lab, lab.trainer.iteration + n)


def remaining(lab):
    return max(0, int(st.session_state["target_iterations"]) - lab.trainer.iteration)


def train(lab):
    _pause_run(lab)
    _latest(lab)
    lab.run = None
    st.session_state["running"] = False
    train_on(lab, int(st.session_state["target_iterations"]))


INLINE_WORK = 20_000  # about the article's Train to 10,000 (10,000), done in the callback


def cost(trainer, n):
    """What ``n`` iterations cost, in iterations of the article's table (measured: a
    network's size times its training rows adds one such iteration per ~13,000)."""
    return n * (1 + len(trainer.train_rows) * trainer.layout.size / 13_000)


def train_on(lab, iteration):
    """Train to ``iteration``: here and now when it is quick, else in a worker process (up
    to a million iterations on 10,000 rows: minutes) that the page follows above the
    views, training commands held meanwhile."""
    lab.record = None
    if cost(lab.trainer, iteration - lab.trainer.iteration) <= INLINE_WORK:
        lab.trainer.run(max(0, iteration - lab.trainer.iteration))
        return
    if lab.run is not None:  # Run stops where it is: the worker trains from there
        run.pause(lab)
        lab.stop = True
    jobs.start(lab, "train", lab.trainer, train_to, lab.trainer, iteration)


def trained(lab, before, trainer):
    """A worker's training is in: it replaces the trainer it started from, unless that one
    was replaced meanwhile (a reset, new settings: what was asked for no longer holds)."""
    if lab.trainer is before:
        trainer.table = before.table  # the same table (a copy came back): the page's own
        lab.trainer = trainer
        lab.record = None


def reset(lab):
    lab.trainer = Trainer(lab.trainer.config, lab.table)
    _restart(lab)


def new_weights(lab):
    """New starting weights only: the table and its held-out rows stay."""
    state = st.session_state
    state["seed"] = (int(state["seed"]) + 1) % SEED_LIMIT
    settings_changed(lab)


def new_data(lab):
    """The data set drawn again from its next seed (its held-out rows too)."""
    state = st.session_state
    key = sources.KEYS["seed"]
    state[key] = (int(state[key]) + 1) % SEED_LIMIT
    load_preset(lab)


def apply_config(lab, config, features=None):
    """Set the settings to ``config`` (the one-click fix, a bigger layer, a data set's
    recipe, with its input ``features``) and start over."""
    st.session_state.update(settings.from_config(config))
    settings_changed(lab)
    lab.to_stage += 1
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


def plane_switched(lab):
    """The plane's switches changed in the browser (already drawn there): keep them, for
    the link and the next picture; while Run plays, the stretch playing is sent again."""
    result = st.session_state.get("stage")
    switches = result.get("plane") if isinstance(result, dict) else None
    if not isinstance(switches, dict):
        return
    lab.discrete = switches.get("discrete") is True
    lab.test_rows = switches.get("test") is not False
    lab.resend = lab.run is not None


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

def set_table(lab, table, replace_editor=True, config=None):
    """A new valid table (its source already chosen): training starts over, with ``config``
    (default: the settings as they were), holding out the rows its data seed picks."""
    lab.table = table
    lab.problem = None
    if config is None:
        config = replace(lab.trainer.config, data_seed=sources.data_seed(st.session_state))
    lab.trainer = Trainer(config, table)
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
    own_table()
    set_table(lab, table)
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
    own_table()
    set_table(lab, table)
    lab.say("info", "table_changed")


def _new_name(prefix, taken):
    n = 1
    while f"{prefix}{n}" in taken:
        n += 1
    return f"{prefix}{n}"


def choose_source(lab):
    """The picker changed: load that table, with a learning rate that trains it: a data
    set's recipe (its network, features and rate, which an update summing over the rows
    needs smaller as they grow), the article's rate 1 for a preset."""
    s = st.session_state
    choice = s["preset"]
    if sources.is_data(choice):
        name = choice[len(sources.DATA):]
        try:
            base = sources.table(choice, {**s, sources.FEATURES_KEY: [],
                                          sources.INPUTS_KEY: sources.INPUTS})
        except (TableError, ConfigError) as error:
            lab.say("warning", "source_failed", reason=error)
            return
        proposal = lesson.fix(settings.config(s), base, dataset=name)
        s.update(settings.from_config(proposal.config))
        s[sources.FEATURES_KEY] = list(proposal.features)
        s[sources.INPUTS_KEY] = list(sources.INPUTS)
    elif choice != sources.CUSTOM:
        s["learning_rate"] = settings.BY_KEY["learning_rate"].default
    load_preset(lab, settings.config(s))


def open_playground(lab, address=None):
    """A TensorFlow Playground address (the Table view's field, or the link's part after
    ``#``): its data set, inputs and settings, the learning rate converted."""
    s = st.session_state
    address = s.get("playground_address", "") if address is None else address
    if not address.strip():
        return
    found = playground.read(address)
    s["preset"] = sources.DATA + found.dataset
    s.update(sources.from_lesson(found))
    s.update(settings.from_config(found.config))
    load_preset(lab, settings.config(s))
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
        set_table(lab, table, config=config)


def own_table():
    """An edit or an upload: the picker now says the table is the user's own."""
    st.session_state["preset"] = sources.CUSTOM


def load_csv(lab, name, data):
    """Read a file and load it, here and now (a small one, a test)."""
    try:
        table = read_csv(data, lab.table.target_names)
    except TableError as error:
        csv_failed(lab, name, error)
        return
    csv_read(lab, name, table)


def csv_read(lab, name, table):
    own_table()
    set_table(lab, table)
    lab.say("info", "table_loaded", name=name)


def run_read(lab, name, done):
    """A worker read a run file (``take_home.read``): it is loaded at the start of the next
    page run (which follows at once), before the settings' widgets it changes are drawn."""
    lab.run_file = (name, done)


def load_run(lab, name, done):
    """A run downloaded from Share, as ``take_home.read`` rebuilt it: its table, settings,
    learning-rate changes, iteration and Ask row, exactly."""
    trainer = done.trainer
    set_table(lab, trainer.table)
    lab.trainer = trainer
    state = st.session_state
    state.update(settings.from_config(trainer.config))
    state.update(done.page)
    state["preset"] = done.preset
    state.update(done.source)
    lab.ask = done.ask
    lab.say("info", "run_loaded", name=name, i=trainer.iteration)
    if not done.weights_match:
        lab.say("warning", "run_weights_differ", name=name)


def run_failed(lab, name, error, lang):
    """A run file it cannot use changes nothing: say why (True), unless the error is not
    the file's."""
    from .take_home import FileRefused

    if isinstance(error, FileRefused):
        reason = text(lang, error.key, **{k: md(v) for k, v in error.values.items()})
    elif isinstance(error, TableError):
        reason = error
    else:
        return False
    lab.say("error", "run_failed", name=name, reason=reason)
    return True


def csv_failed(lab, name, error):
    """The file could not be read: say why (True), unless it is not a TableError."""
    if not isinstance(error, TableError):
        return False
    lab.say("error", "upload_failed", name=name, reason=error)
    return True


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
    if upload.name.lower().endswith(".json") or data.lstrip()[:1] == b"{":
        from .take_home import read  # only when a run is uploaded

        jobs.start(lab, "run_file", upload.name, read, data)
    else:
        jobs.start(lab, "upload", upload.name, read_csv, data, lab.table.target_names)
