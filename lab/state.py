"""One visitor's lab, kept in ``st.session_state`` (never in module globals: one server
process serves everyone), and the commands that change it.

Data flows one way: a widget's callback (lab/callbacks.py) reads what its widgets hold,
once, and runs a command with it; the command changes the lab; then the page is drawn from
the lab. Commands take their inputs as arguments.

Each fact has one owner:

- the ``Lab``: the table, the trainer and its record, the iteration shown (``shown``; the
  ``timeline`` slider shows it), the open view (``view``; the ``view`` tabs show its label
  in the page's language), the Ask row (``ask``; the ``ask_<k>`` fields), the plane's
  switches, ``hide``, ``present``, notices, the work under way. A widget that shows a Lab
  fact is given it when drawn; its callback hands the new value to a command.
- a widget's key, kept while the widget is not drawn by ``persist_state="session"``: the
  settings drawn as toggles, selects, sliders and ``hidden``/``neurons*``; the table's
  source (``preset``, ``data_noise``, ``features``, ``data_inputs``); ``lang``,
  ``log_loss``, Compare's choices (``compare_*``).
- a key of its own: a number field's number (``learning_rate``, ``target_iterations``,
  ``data_points``...: lab/fields.py draws it as the text input ``<key>_text``).
- a widget's key while it is drawn, nothing else: ``row``, ``boundary_*``, ``hold_*``,
  ``upload``, ``playground_address``, the table editor's ``table_<n>``, ``stage``.
- Run's machine, ``lab.run`` (lab/run.py): the toggle ``running`` is heard and set in one
  place, ``settle``; the stage's report (``stage``) is read by ``_paused_report``.
"""

from dataclasses import dataclass, field, replace

import numpy as np
import streamlit as st

from neuron import ConfigError, Table, TableError, Trainer, presets
from neuron.table import read_csv
from neuron.trainer import checked_schedule, replayed, train_to

from . import jobs, link, run, settings, sources
from .run import Run
from .text import md, text

# views that show no iteration: training does not redraw them
TIMELESS_VIEWS = ("table",)
# the facts owned by their widgets' keys (number fields' numbers among them)
WIDGET_OWNED = (*settings.defaults(), *sources.defaults(), "preset", "lang", "log_loss",
                "compare_by", "compare_count", "compare_rates")


@dataclass
class Editor:
    """The table editor: what it was given, and what it showed last (edits included); both
    pandas frames (lab/editor.py), made when the Table view first draws it."""

    frame: object = None  # None: not made yet
    version: int = 0  # part of the editor's key: a new table makes a new editor
    lang: str | None = None  # the language its column labels were drawn in
    now: object = None
    delta: dict | None = None  # the edits Streamlit reported last, applied in ``now``
    written: object = None  # the table's cells a worker wrote (lab/table_text.py), or None
    KEY = "table_"  # every editor's key starts so

    @property
    def key(self):
        return f"{self.KEY}{self.version}"

    def renew(self):
        """A new table: a new editor (new key), made from the table when next drawn."""
        self.frame = self.now = self.lang = self.written = None
        self.rekey()

    def rekey(self):
        """A new editor (new key) for what ``frame`` holds: it has reported no edits yet."""
        self.version += 1
        self.delta = None


@dataclass
class Lab:
    table: Table
    trainer: Trainer
    editor: Editor
    record: object = None  # the last StepRecord, while it is the latest update
    notices: list = field(default_factory=list)  # (kind, text key, values)
    problem: TableError | None = None
    run: Run = field(default_factory=Run)  # Run's state machine (lab/run.py)
    shown: int | None = None  # the iteration every view shows; None: the latest
    view: str = link.VIEWS[0]  # the open view under the stage
    ask: list | None = None  # the Ask inputs
    present: bool = False
    discrete: bool = False  # the plane: its output painted by side of 0.5 only
    test_rows: bool = True  # the plane: test rows drawn
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
    # (trainer, iteration, key, values): news said on the status line while that trainer is
    # at that iteration (a one-click fix's: a toast would cover the stage's controls)
    status_note: tuple | None = None

    def asked(self):
        """The row Ask is about: the visitor's, else the article's question [1, 0, 0] (zeros
        for a table of another width)."""
        n = self.table.n_inputs
        if self.ask is None or len(self.ask) != n:
            return [1.0, 0.0, 0.0] if n == 3 else [0.0] * n
        return list(self.ask)
    jobs: dict = field(default_factory=dict)  # name: (what it is about, its neuron.work.Job)
    run_file: tuple | None = None  # (file name, take_home.Run, its table's texts) a worker
    # read, loaded next run

    def say(self, kind, key, **values):
        if kind == "status":
            self.status_note = (self.trainer, self.trainer.iteration, key, values)
        else:
            self.notices.append((kind, key, values))

    def views_key(self):
        """What the open view shows: the iteration (the table shows none), whether Run was
        playing, and the work under way in a worker (its progress is drawn above the views:
        a Train handed to a worker from the stage's part alone brings the page with it)."""
        return ((None if self.view in TIMELESS_VIEWS else self.iteration),
                self.run.stretch is not None, tuple(sorted(self.jobs)))

    @property
    def iteration(self):
        """The iteration shown."""
        return self.trainer.iteration if self.shown is None else self.shown

    def viewed(self):
        """The trainer as it was at the iteration shown (a rewound copy when looking back)."""
        trainer = self.trainer
        if self.run.stretch is not None:  # Run plays ahead in the browser: the stretch's start
            return self.run.stretch.start
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
                       "preset": "seed", "log_loss": True, "running": False}.items():
        if key not in state:
            state[key] = value
    state["running"] = state["running"]  # Run's toggle, kept while it is not drawn
    lab = state["lab"]
    if lab.run_file is not None:  # before the widgets it sets are drawn
        from .callbacks import load_run  # (callbacks import this module)

        load_run(lab, *lab.run_file)
        lab.run_file = None
    settle(lab)
    return lab


def settle(lab):
    """Run's toggle (``running``) is heard and set here only, at the start of each run
    before it is drawn: the visitor's switch moves Run (lab/run.py), then the toggle shows
    Run (off once a command or Run's end stopped it)."""
    state = st.session_state
    if run.heard(lab, state["running"], _paused_report()):
        _latest(lab)
    if state["running"] != lab.run.toggle:
        state["running"] = lab.run.toggle


def _paused_report():
    """Where the browser says it paused Run (the stage's trigger), if it said so."""
    result = st.session_state.get("stage")
    return result.get("paused") if isinstance(result, dict) else None


def play(lab, lang, target, speed):
    """Run's part of a run of the stage: the stretch the browser is to play (None when Run
    is not playing), toward Train's ``target`` at ``speed`` iterations a frame. Run starts
    and ends with the whole page: the views say where it began, and its end is said."""
    playing = lab.run.state == run.PLAYING
    if playing and lab.run.stretch is None and not lab.drawing:
        st.rerun()
    stretch = run.to_play(lab, target, speed) if playing else None
    if playing and stretch is None:
        lab.say("info", "run_done", why=text(lang, run.over(lab.trainer, target)))
        st.rerun()
    run.sent(lab)
    return stretch


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
    if link.TABLE_TOO_LARGE in problems:
        problems.remove(link.TABLE_TOO_LARGE)
        lab.say("warning", "link_table_large")
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
    if lab.run.stretch is not None and "it" in st.query_params:
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


def _stop_run(lab):
    """A command that trains while Run plays starts from the frame on screen; Run stops."""
    run.stop(lab, _paused_report())


def step(lab):
    _stop_run(lab)
    _latest(lab)
    record = lab.trainer.step()
    if record is not None:
        lab.record = record


def step_many(lab, n):
    """Step × N: ``n`` iterations (Step's own record when ``n`` is 1)."""
    _stop_run(lab)
    _latest(lab)
    if n == 1:
        step(lab)
    else:
        train_on(lab, lab.trainer.iteration + n)


def remaining(lab, target):
    """Iterations left to Train's ``target``."""
    return max(0, target - lab.trainer.iteration)


def train(lab, target):
    _stop_run(lab)
    _latest(lab)
    train_on(lab, target)


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


def _restart(lab):
    lab.axis_end = 0
    lab.record = None
    run.drop(lab)
    lab.shown = None


def settings_changed(lab, config, say="info"):
    """Bring the trainer in line with the settings' ``config``: a new learning rate keeps
    the weights, anything else starts over; ``say``: where the news goes (a notice's kind)."""
    old = lab.trainer.config
    if config == old:
        return
    run.back_to_screen(lab)
    changed = [name for name in settings.CONFIG_FIELDS
               if name != "learning_rate" and getattr(config, name) != getattr(old, name)]
    if changed:
        lab.trainer = Trainer(config, lab.table)
        _restart(lab)
        lab.say(say, "settings_reset", what=tuple(changed))
    else:
        _latest(lab)
        lab.trainer.set_learning_rate(config.learning_rate)
        lab.say(say, "lr_kept", lr=config.learning_rate)


def browser_paused(lab):
    run.browser_paused(lab, _paused_report())


def plane_switched(lab, switches):
    """The plane's switches changed in the browser (already drawn there): keep them, for
    the link and the next picture; while Run plays, the stretch playing is sent again."""
    if not isinstance(switches, dict):
        return
    lab.discrete = switches.get("discrete") is True
    lab.test_rows = switches.get("test") is not False
    run.send_again(lab)


def show(lab, value):
    """The timeline moved to iteration ``value`` (the latest: None)."""
    if isinstance(value, int) and 0 <= value < lab.trainer.iteration:
        lab.shown = value
    else:
        lab.shown = None


def timeline_now(lab):
    lab.shown = None


def open_view(lab, view):
    if view is not None:
        lab.view = view


def set_ask(lab, k, value):
    """Ask's input ``k`` typed."""
    ask = lab.asked()
    ask[k] = value
    lab.ask = ask


# -- the table ----------------------------------------------------------------------------

def set_table(lab, table, replace_editor=True, config=None, data_seed=0):
    """A new valid table (its source already chosen): training starts over, with ``config``
    (default: the settings as they were), holding out the rows ``data_seed`` picks (a data
    set's seed; 0 for any other table)."""
    lab.table = table
    lab.problem = None
    if config is None:
        config = replace(lab.trainer.config, data_seed=data_seed)
    lab.trainer = Trainer(config, table)
    _restart(lab)
    lab.ask = None
    if replace_editor:
        lab.editor.renew()


def change_columns(lab, inputs=0, outputs=0, lang="en"):
    """Add (+1) or remove (-1) the last input or target column. A pending invalid edit is
    kept: the change is made to what the editor shows (read in the page's ``lang``)."""
    if lab.problem is not None and lab.editor.now is not None:
        _change_pending(lab, inputs, outputs, lang)
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
    user_table(lab, table)


def _change_pending(lab, inputs, outputs, lang):
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
    lab.editor.rekey()
    try:
        table = Table.from_dataframe(df, targets=outs, lang=lang)
    except TableError as error:
        lab.problem = error
        return
    user_table(lab, table)


def user_table(lab, table, replace_editor=True):
    """An edit or a column change made a new table of the user's own (in a callback,
    outside the turn): its part of the link is written here too (for a large table,
    tenths of a second the page's next run would spend inside the turn)."""
    own_table()
    link.encode_table(table)
    set_table(lab, table, replace_editor)
    lab.say("info", "table_changed")


def _new_name(prefix, taken):
    n = 1
    while f"{prefix}{n}" in taken:
        n += 1
    return f"{prefix}{n}"


def edits(delta):
    """What an editor's reported change holds (None and no edits alike)."""
    return {part: edits for part, edits in (delta or {}).items() if edits}


def run_read(lab, name, done):
    """A worker read a run file (``table_text.read_run``): it is loaded at the start of the
    next page run (which follows at once), before the settings' widgets it changes are
    drawn."""
    lab.run_file = (name, *done)


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


def csv_read(lab, name, table, written=None):
    """A table read from a file; ``written``: its texts, written by the worker that read
    it (lab/table_text.py)."""
    own_table()
    set_table(lab, table)
    if written is not None:
        took_written(lab, written)
    lab.say("info", "table_loaded", name=name)


def took_written(lab, written):
    """The lab's table's texts, written elsewhere: kept for the editor and the link."""
    link.know_table(written.table, written.link)
    lab.editor.written = written


def csv_failed(lab, name, error):
    """The file could not be read: say why (True), unless it is not a TableError."""
    if not isinstance(error, TableError):
        return False
    lab.say("error", "upload_failed", name=name, reason=error)
    return True
