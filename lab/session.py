"""One visitor's lab: the table, the trainer and what the page last said, kept in
``st.session_state`` (never in module globals: one server process serves everyone)."""

import math
import time
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd
import streamlit as st

from neuron import Config, Table, TableError, Trainer, presets

from . import link

ARTICLE_ITERATIONS = 10_000
MAX_TARGET = 1_000_000
RUN_FRAMES = 100  # frames the browser plays per stretch of Run: one server run per 10 s
FRAME_MS = 100  # 10 frames a second
# plotly shows the next frame on the first screen refresh *after* its duration: asking for
# 100 ms gives 117 ms at 60 Hz (8.6 frames/s), asking for 90 ms gives 100 ms
PLAY_MS = FRAME_MS - 10
SPEEDS = (1, 5, 20, 100)  # iterations per frame; 500 cost 50 ms/s of server CPU per session

# Widget keys and their defaults (the article's program).
DEFAULTS = {
    "lang": "en",
    "preset": "seed",
    "hidden": 0,
    "neurons": 2,
    "activation": "sigmoid",
    "loss": "squared",
    "learning_rate": 1.0,
    "bias": False,
    "seed": 1,
    "target_iterations": ARTICLE_ITERATIONS,
    "speed": 20,
    "step_size": 100,
    "running": False,
    "row": -1,
}


@dataclass
class Run:
    """A stretch of training sent to the browser as animation frames."""

    start: object  # the trainer as it was when the stretch began
    first: int
    per_frame: int
    frames: int
    sent_at: float
    iterations: np.ndarray  # per frame (frames + 1, the start included)
    params: np.ndarray  # per frame, every weight and bias
    losses: np.ndarray  # per frame


@dataclass
class Lab:
    table: Table
    trainer: Trainer
    editor_df: pd.DataFrame
    editor_version: int = 0
    record: object = None  # the last StepRecord
    notices: list = field(default_factory=list)  # (kind, text key, values)
    problem: TableError | None = None
    run: Run | None = None
    stop: bool = False  # switch Run off at the start of the next page run
    held: bool = False  # the browser paused Run; its toggle's rerun is on the way
    log_loss: bool = True  # loss curve on a log axis
    editor_now: pd.DataFrame | None = None  # what the editor showed last, edits included
    editor_lang: str | None = None  # the language the editor's column labels were drawn in
    lr_changes: list = field(default_factory=list)  # (iteration, learning rate) when changed
    present: bool = False
    hide: list = field(default_factory=list)
    view: tuple | None = None  # (trainer, its copy rewound to the timeline's iteration)
    separable: tuple | None = None  # (table, bias, verdict per target)
    sweep: tuple | None = None  # ((table, config, iterations), SweepResult): last comparison

    def say(self, kind, key, **values):
        self.notices.append((kind, key, values))


def table_frame(table):
    """The table as the editor shows it: inputs then targets, one column each."""
    return pd.DataFrame(table.rows(), columns=list(table.columns))


def config_from_widgets(state):
    hidden = (int(state["neurons"]),) * int(state["hidden"])
    return Config(hidden=hidden, activation=state["activation"], loss=state["loss"],
                  learning_rate=float(state["learning_rate"]), bias=bool(state["bias"]),
                  seed=int(state["seed"]))


def start():
    """The visitor's lab: made on the first run from the link (or the defaults)."""
    state = st.session_state
    if "lab" not in state:
        state["lab"] = _from_link(state)
    keep_widgets()
    lab = state["lab"]
    if lab.stop:
        state["running"] = False
        lab.stop = False
    return lab


def keep_widgets():
    """Widget values survive runs that do not draw the widget (Streamlit forgets them)."""
    state = st.session_state
    for key, value in DEFAULTS.items():
        if key not in state:
            state[key] = value
        else:
            state[key] = state[key]


def browser_language():
    locale = (st.context.locale or "").lower()
    return "es" if locale.startswith("es") else "en"


def _from_link(state):
    defaults = dict(lang=browser_language(), preset="seed", table=presets.get("seed"),
                    config=Config(), target=ARTICLE_ITERATIONS, iteration=0, lr_changes=[],
                    present=False, hide=[])
    values, problems = link.decode(st.query_params.to_dict(), defaults)
    config = values["config"]
    state["lang"] = values["lang"]
    state["preset"] = values["preset"] if values["preset"] in presets.names() else "seed"
    state["hidden"] = len(config.hidden)
    state["neurons"] = config.hidden[0] if config.hidden else DEFAULTS["neurons"]
    for key in ("activation", "loss", "learning_rate", "bias", "seed"):
        state[key] = getattr(config, key)
    state["target_iterations"] = values["target"]
    table = values["table"]
    trainer = replay(config, table, values["iteration"], values["lr_changes"])
    lab = Lab(table, trainer, table_frame(table), lr_changes=list(values["lr_changes"]),
              present=values["present"], hide=values["hide"])
    if problems:
        lab.say("warning", "link_problems", parts=", ".join(problems))
    return lab


def replay(config, table, iteration, lr_changes=()):
    """The trainer after ``iteration`` updates, learning rates changed where recorded."""
    changes = [(i, lr) for i, lr in lr_changes if i <= iteration]
    first_lr = changes[0][1] if changes else config.learning_rate
    trainer = Trainer(replace(config, learning_rate=first_lr), table)
    for (_, lr), (until, _) in zip(changes, [*changes[1:], (iteration, None)]):
        trainer.set_learning_rate(lr)
        trainer.run(max(0, until - trainer.iteration))
    trainer.set_learning_rate(config.learning_rate)
    trainer.run(iteration - trainer.iteration)
    return trainer


def sync_link(lab):
    """Write the lab into the URL, so a reload or a shared link gives the same state."""
    state = st.session_state
    params = link.encode(dict(
        lang=state["lang"], preset=state["preset"], table=lab.table,
        config=lab.trainer.config, target=int(state["target_iterations"]),
        iteration=lab.trainer.iteration, lr_changes=lab.lr_changes,
        present=lab.present, hide=lab.hide))
    if st.query_params.to_dict() != params:
        st.query_params.from_dict(params)


def apply_settings(lab, state):
    """Bring the trainer in line with the settings: a new learning rate keeps the weights,
    anything else starts over."""
    config = config_from_widgets(state)
    old = lab.trainer.config
    if config == old:
        return
    pause(lab)
    changed = [name for name in ("hidden", "activation", "loss", "bias", "seed")
               if getattr(config, name) != getattr(old, name)]
    if changed:
        lab.trainer = Trainer(config, lab.table)
        lab.record = None
        lab.lr_changes = []
        lab.say("info", "settings_reset", what=tuple(changed))
    else:
        iteration = lab.trainer.iteration
        if iteration > 0:
            if not lab.lr_changes:
                lab.lr_changes = [(0, old.learning_rate)]
            lab.lr_changes = [c for c in lab.lr_changes if c[0] < iteration]
            lab.lr_changes.append((iteration, config.learning_rate))
        lab.trainer.set_learning_rate(config.learning_rate)
        lab.say("info", "lr_kept", lr=config.learning_rate)


def set_table(lab, table, state, replace_editor=True):
    """A new valid table: training starts over."""
    lab.table = table
    lab.problem = None
    lab.trainer = Trainer(lab.trainer.config, table)
    lab.record = None
    lab.run = None
    lab.lr_changes = []
    lab.stop = True
    if replace_editor:
        lab.editor_df = table_frame(table)
        lab.editor_version += 1


def edited(lab, df, state):
    """The editor's current content: a new table, a problem to report, or nothing new.
    Called after the controls are drawn, so a change reruns the page to update them."""
    lab.editor_now = df
    was_blocked = lab.problem is not None
    try:
        table = Table.from_dataframe(df, targets=lab.table.target_names)
    except TableError as error:
        lab.problem = error
        lab.stop = True
        if not was_blocked:
            st.rerun()
        return
    lab.problem = None
    if table != lab.table:
        set_table(lab, table, state, replace_editor=False)
        lab.say("info", "table_changed")
        st.rerun()
    elif was_blocked:
        st.rerun()


def change_columns(lab, state, inputs=0, outputs=0):
    """Add (+1) or remove (-1) the last input or target column."""
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
    set_table(lab, table, state)
    lab.say("info", "table_changed")


def _new_name(prefix, taken):
    n = 1
    while f"{prefix}{n}" in taken:
        n += 1
    return f"{prefix}{n}"


def load_preset(lab, state):
    set_table(lab, presets.get(state["preset"]), state)


def load_csv(lab, state, name, data):
    try:
        table = Table.from_csv(data)
        current = lab.table.target_names
        if table.target_names != current and set(current) < set(table.columns):
            # a table this page wrote (its own download): keep its target columns
            table = Table.from_csv(data, targets=current)
    except TableError as error:
        lab.say("error", "upload_failed", name=name, reason=error)
        return
    set_table(lab, table, state)
    lab.say("info", "table_loaded", name=name)


# -- training --------------------------------------------------------------------------

def remaining(lab, state):
    return max(0, int(state["target_iterations"]) - lab.trainer.iteration)


def step(lab):
    record = lab.trainer.step()
    if record is not None:
        lab.record = record


def step_many(lab, n):
    if n == 1:
        step(lab)
    else:
        lab.trainer.run(n)
        lab.record = None


def reset(lab, state):
    lab.trainer = Trainer(lab.trainer.config, lab.table)
    lab.record = None
    lab.run = None
    lab.lr_changes = []
    lab.stop = True


def next_stretch(lab, state, now=None):
    """Train the next stretch of Run and remember where it started; None when Run is over."""
    left = remaining(lab, state)
    trainer = lab.trainer
    if left == 0 or trainer.diverged or converged(trainer):
        return None
    per_frame = int(state["speed"])
    frames = min(RUN_FRAMES, -(-left // per_frame))
    start = trainer.copy()
    first = trainer.iteration
    goal = first + min(left, frames * per_frame)
    # each frame's numbers as trained (the history may be thinned on long runs)
    its, params, losses = [first], [trainer.params], [trainer.loss()]
    while trainer.iteration < goal and not trainer.diverged:
        trainer.run(min(per_frame, goal - trainer.iteration))
        its.append(trainer.iteration)
        params.append(trainer.params)
        losses.append(trainer.loss())
    lab.run = Run(start, first, per_frame, len(its) - 1,
                  time.monotonic() if now is None else now,
                  np.array(its), np.array(params), np.array(losses))
    lab.record = None
    return lab.run


def pause(lab, now=None, shown=None):
    """Stop Run at the frame the browser is showing: ``shown``, the iteration the browser
    reported (checked against the stretch), or else worked out from the clock."""
    run = lab.run
    if run is None:
        return
    frames = [int(i) for i in run.iterations]
    if shown in frames:
        target = shown
    else:
        elapsed = (time.monotonic() if now is None else now) - run.sent_at
        target = frames[min(run.frames, max(0, int(elapsed * 1000 / FRAME_MS)))]
    trainer = run.start
    trainer.run(target - trainer.iteration)
    lab.trainer = trainer
    lab.run = None
    lab.lr_changes = [c for c in lab.lr_changes if c[0] <= target]


def browser_paused(lab, report):
    """The browser stopped the animation (Run switched off) and said where: stop there.
    ``report`` comes from the page's script: anything unexpected is ignored."""
    run = lab.run
    if run is None or not isinstance(report, dict) or report.get("stretch") != str(run.sent_at):
        return
    shown = report.get("iteration")
    if isinstance(shown, (int, float)) and not isinstance(shown, bool) \
            and math.isfinite(shown) and shown == int(shown):
        pause(lab, shown=int(shown))
        lab.held = True


def converged(trainer, window=200, tolerance=1e-9):
    """Every row right and the loss no longer falling measurably."""
    if not trainer.rows_right().all():
        return False
    loss = trainer.history.loss
    its = trainer.history.iterations
    if its[-1] < window:
        return False
    earlier = loss[trainer.history.index_at(its[-1] - window)]
    return earlier - loss[-1] < tolerance * max(earlier, 1e-300)


def run_period():
    """Seconds between two stretches of Run: the time the browser takes to play one."""
    return RUN_FRAMES * FRAME_MS / 1000 + 0.5
