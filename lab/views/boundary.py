"""The decision boundary at the iteration shown, and whether one neuron can fit the table
at all (an exact answer) with the one-click fix when it cannot."""

import numpy as np
import streamlit as st

from neuron import features, lesson
from neuron.separable import verdicts

from .. import callbacks, charts, describe, jobs, plane
from ..text import md, number, text
from .plot import plot, scale

GRID = 61  # boundary grid points per axis: coarse, one vectorised pass
HOLD_STOPS = 41  # values a held input's slider stops at, its column's median among them
INLINE_CELLS = 4_000  # rows x inputs x targets decided in the script run (a few ms); the
# exact verdict on larger tables takes up to seconds, and is worked out in a worker


def held_values(column):
    """Where the slider holding an input can stop: evenly across the column's range, and
    its median (the value first held). Written by the page in its language, so a select
    slider (a number slider writes 0.50 on a Spanish page)."""
    stops = np.linspace(column.min(), column.max(), HOLD_STOPS)
    return sorted({float(v) for v in stops} | {float(np.median(column))})


def draw(lab, lang):
    trainer = lab.viewed()
    verdict(lab, trainer, lang)
    boundary(lab, trainer, lang)


def boundary(lab, trainer, lang):
    table = trainer.table
    X = table.inputs
    # features computed from x1 and x2 (sin x1...) follow them over the plane: never held
    derived = plane.inputs(table) or []
    computed = range(2, 2 + len(derived))
    varying = [k for k in range(table.n_inputs) if np.ptp(X[:, k]) > 0 and k not in computed]
    constant = [k for k in range(table.n_inputs) if k not in varying and k not in computed]
    if len(varying) < 2:
        st.info(text(lang, "boundary_none"))
        return
    names = table.input_names
    state = st.session_state
    a, b = varying[0], varying[1]
    held = {k: float(X[0, k]) for k in constant}
    if len(varying) > 2:
        c1, c2 = st.columns(2)
        a = c1.selectbox(text(lang, "boundary_x"), varying, key="boundary_x",
                         format_func=lambda k: names[k])
        rest = [k for k in varying if k != a]
        if state.get("boundary_y") not in rest:
            state["boundary_y"] = rest[0]
        b = c2.selectbox(text(lang, "boundary_y"), rest, key="boundary_y",
                         format_func=lambda k: names[k])
        for k in varying:
            if k in (a, b):
                continue
            options = held_values(X[:, k])
            held[k] = st.select_slider(text(lang, "boundary_hold", name=md(names[k])), options,
                                       value=float(np.median(X[:, k])), key=f"hold_{k}",
                                       format_func=lambda v: number(v, lang, 3))
    output = 0
    if table.n_outputs > 1:
        output = st.radio(text(lang, "boundary_output"), range(table.n_outputs),
                          format_func=lambda k: table.target_names[k], horizontal=True,
                          key="boundary_output")
    xs = np.linspace(*lesson.extent(X[:, a]), GRID)
    ys = np.linspace(*lesson.extent(X[:, b]), GRID)
    gx, gy = np.meshgrid(xs, ys)
    grid = np.empty((gx.size, table.n_inputs))
    for k, v in held.items():
        grid[:, k] = v
    if derived:  # the plane of x1 and x2, and their features computed at each point
        grid[:, :2 + len(derived)] = features.columns(
            np.column_stack([gx.ravel(), gy.ravel()]), derived)
    else:
        grid[:, a], grid[:, b] = gx.ravel(), gy.ravel()
    out = trainer.predict(grid)[:, output].reshape(gy.shape)
    line = equation = None
    if len(trainer.layout.sizes) == 2 and not derived:  # one neuron of x1, x2: a line
        line, equation = _line(trainer, a, b, held, output, xs, ys, lang)
    rows = [text(lang, "row_n", n=r + 1) for r in range(table.n_rows)]
    test = np.zeros(table.n_rows, dtype=bool)
    test[trainer.test_rows] = True
    targets = table.targets[:, output]
    regression = plane.is_regression(targets)
    fig = charts.boundary_figure(
        xs, ys, out, (X[:, a], X[:, b], targets, rows, test),
        {"x": names[a], "y": names[b], "output": table.target_names[output],
         "target": text(lang, "col_target"), "train": text(lang, "train_curve"),
         "test": text(lang, "test_curve")}, line=line, scale=scale(lab), regression=regression)
    plot(fig, "boundary_chart", lang)
    st.caption(describe.boundary_summary(rows, trainer.predict(X)[:, output],
                                         trainer.rows_right(), lang))
    st.caption(describe.right_rule(lang))
    st.caption(text(lang, "boundary_caption_regression" if regression else "boundary_caption"))
    if constant:
        st.caption(text(lang, "boundary_constant",
                        names=", ".join(md(names[k]) for k in constant)))
    if equation:
        st.markdown(text(lang, "boundary_line", equation=equation))


def _signed(x, lang):
    """``+ 0.44`` or ``− 0.17``: a term written after another."""
    return f"{'−' if x < 0 else '+'} {number(abs(x), lang, 4)}"


def _line(trainer, a, b, held, output, xs, ys, lang):
    """w_a x_a + w_b x_b + (held inputs' terms + bias) = 0, where the sigmoid gives 0.5."""
    w = trainer.weights[0][:, output]
    c = sum(w[k] * v for k, v in held.items()) + (
        trainer.biases[0][output] if trainer.config.bias else 0.0)
    names = trainer.table.input_names
    n = lambda x: number(x, lang, 4)  # noqa: E731
    equation = (f"{n(w[a])}·{md(names[a])} {_signed(w[b], lang)}·{md(names[b])} "
                f"{_signed(c, lang)} = 0")
    if abs(w[b]) > 1e-12:
        line_y = -(w[a] * xs + c) / w[b]
        inside = (line_y >= ys[0]) & (line_y <= ys[-1])
        line = (xs[inside], line_y[inside]) if inside.any() else None
    elif abs(w[a]) > 1e-12:
        line = (np.full(2, -c / w[a]), ys[[0, -1]])
    else:
        line = None
    return line, equation


# -- can one neuron learn this? ------------------------------------------------------

def verdict(lab, trainer, lang):
    """Can one neuron fit the table? An exact answer (with a certificate), or a plain
    "could not decide"; when it cannot, the one-click fix measured to learn it."""
    table = trainer.table
    bias = trainer.config.bias
    if lab.separable is None or lab.separable[0] is not table or lab.separable[1] != bias:
        if table.n_rows * table.n_inputs * table.n_outputs <= INLINE_CELLS:
            lab.separable = (table, bias, verdicts(table, bias))
        else:  # seconds on the largest tables: in a worker process, followed by the page
            pending = jobs.about(lab, "separable")
            if pending is None or pending[0] is not table or pending[1] != bias:
                jobs.start(lab, "separable", (table, bias), verdicts, table, bias)
            jobs.follow(lab, "separable", lang, "separable_working",
                        lambda about, result: setattr(lab, "separable", (*about, result)))
            return
    answers = [(n, v) for n, v in lab.separable[2] if v != "n/a"]
    if not answers:
        return
    if any(v is None for _, v in answers):
        st.info(text(lang, "separable_unknown"))
    if all(v is True for _, v in answers):
        st.success(text(lang, "separable_yes"))
        return
    for name, v in answers:
        if v is False:
            st.warning(text(lang, "separable_no") if len(answers) == 1 else
                       text(lang, "separable_no_output", name=md(name)))
    if not any(v is False for _, v in answers):
        return
    config = trainer.config
    proposed = lesson.fix(config, table).config
    if not config.hidden:
        st.button(text(lang, "add_hidden", n=proposed.hidden[0]), key="add_hidden",
                  type="primary", on_click=callbacks.apply_config, args=(lab, proposed))
    else:
        st.caption(progress(trainer, lang))


def progress(trainer, lang):
    """What the hidden layer has done by the iteration shown, said as it is (never more)."""
    right = trainer.rows_right()
    if right.all():
        return text(lang, "hidden_learned", i=number(trainer.iteration, lang))
    if lesson.stalled(trainer):
        return text(lang, "stalled", window=number(lesson.STALL_WINDOW, lang))
    return text(lang, "hidden_learning", right=number(right.sum(), lang),
                rows=number(len(right), lang))
