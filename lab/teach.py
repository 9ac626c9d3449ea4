"""The teaching sections: explain a step, the sigmoid, the boundary, whether one neuron
can learn the table, common questions, the timeline, comparing runs, export and sharing."""

import json
from urllib.parse import urlencode

import numpy as np
import pandas as pd
import streamlit as st

from neuron import Table, TableError, export_script, linearly_separable, sweep

from . import charts
from .explain import explain
from .sections import plot
from .text import md, number, text

GRID = 61  # boundary grid points per axis: coarse, one vectorised pass
SWEEP_SEEDS = (4, 8, 16, 32)
SWEEP_RATES = (0.1, 0.5, 1.0, 2.0, 5.0, 10.0, 50.0)


def view(lab):
    """The trainer the page shows: now, or an earlier iteration picked on the timeline."""
    wanted = st.session_state.get("timeline")
    trainer = lab.trainer
    if wanted is None or wanted >= trainer.iteration or st.session_state["running"]:
        return trainer
    if lab.view is None or lab.view[0] is not trainer or lab.view[1].iteration != wanted:
        past = trainer.copy().rewind(int(wanted))
        past.set_learning_rate(learning_rate_at(lab, int(wanted)))
        lab.view = (trainer, past)
    return lab.view[1]


def learning_rate_at(lab, iteration):
    """The learning rate the update from ``iteration`` used."""
    rates = [lr for i, lr in lab.lr_changes if i <= iteration]
    return rates[-1] if rates else lab.trainer.config.learning_rate


def timeline(lab, lang):
    trainer = lab.trainer
    state = st.session_state
    if trainer.iteration == 0:
        state.pop("timeline", None)
        return
    if state.get("timeline") is None or state["timeline"] > trainer.iteration or \
            state.get("timeline_follow", True):
        state["timeline"] = trainer.iteration
    else:
        # a new maximum makes a new slider, which would start at 0: keep the chosen iteration
        state["timeline"] = state["timeline"]
    st.slider(text(lang, "timeline"), 0, trainer.iteration, key="timeline",
              help=text(lang, "timeline_help"), on_change=_timeline_moved)
    shown = state["timeline"]
    if shown < trainer.iteration:
        c1, c2 = st.columns([3, 1])
        c1.info(text(lang, "timeline_past", i=number(shown, lang),
                     now=number(trainer.iteration, lang)))
        c2.button(text(lang, "timeline_now"), key="timeline_now", on_click=_timeline_now)


def _timeline_moved():
    st.session_state["timeline_follow"] = False


def _timeline_now():
    st.session_state["timeline_follow"] = True


def record_for(lab, trainer):
    """The last update if it led here, otherwise the next one (worked out on a copy)."""
    if lab.record is not None and lab.record.iteration == trainer.iteration \
            and trainer is lab.trainer:
        return lab.record, "explain_last"
    return trainer.copy().step(), "explain_next" if trainer is lab.trainer else "explain_past"


def explanation(lab, trainer, lang):
    st.subheader(text(lang, "explain_title"))
    record, which = record_for(lab, trainer)
    if record is None:
        return None
    st.caption(text(lang, which))
    for kind, payload in explain(record, trainer, lang):
        if kind == "md":
            st.markdown(payload)
        else:
            columns, rows = payload
            df = pd.DataFrame(rows, columns=columns)
            st.table(df.set_index(columns[0]))
    return record


def sigmoid_view(trainer, record, lang):
    st.subheader(text(lang, "sigmoid_title"))
    zs, acts = trainer.forward(trainer.table.inputs)
    z, out = zs[-1][:, 0], acts[-1][:, 0]
    names = [text(lang, "row_n", n=r + 1) for r in range(len(z))][:12]
    fig = charts.sigmoid_figure(z[:12], out[:12], names, {"slope": text(lang, "col_slope")})
    plot(fig, "sigmoid_chart", lang)
    st.caption(text(lang, "sigmoid_caption"))
    if len(trainer.layout.sizes) > 2 or trainer.table.n_outputs > 1:
        st.caption(text(lang, "sigmoid_hidden"))


def questions(trainer, record, lang):
    st.subheader(text(lang, "questions"))
    zero = trainer.predict(np.zeros(trainer.table.n_inputs))[0, 0]
    value = number(zero, lang, 8)
    config = trainer.config
    if config.bias and not config.hidden:
        answer = text(lang, "a_zero_bias", bias=number(trainer.biases[-1][0], lang, 8),
                      value=value)
    elif config.bias:
        answer = text(lang, "a_zero_deep_bias", value=value)
    elif not config.hidden:
        answer = text(lang, "a_zero", value=value)
    elif zero == 0.5:
        answer = text(lang, "a_zero_hidden_half", act=config.activation, value=value)
    else:
        answer = text(lang, "a_zero_hidden", value=value)
    with st.expander(text(lang, "q_zero")):
        st.markdown(answer)
    with st.expander(text(lang, "q_slope")):
        out = record.outputs[0, 0] if record is not None else 0.5
        st.markdown(text(lang, "a_slope", out=number(out, lang, 5),
                         slope=number(out * (1 - out), lang, 5)))
    with st.expander(text(lang, "q_lr")):
        st.markdown(text(lang, "a_lr", lr=number(trainer.config.learning_rate, lang)))


# -- the decision boundary ---------------------------------------------------------------

def boundary(lab, trainer, lang):
    st.subheader(text(lang, "boundary_title"))
    table = trainer.table
    X = table.inputs
    varying = [k for k in range(table.n_inputs) if np.ptp(X[:, k]) > 0]
    constant = [k for k in range(table.n_inputs) if k not in varying]
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
            lo, hi = float(X[:, k].min()), float(X[:, k].max())
            held[k] = st.slider(text(lang, "boundary_hold", name=md(names[k])), lo, hi,
                                float(np.median(X[:, k])), key=f"hold_{k}")
    output = 0
    if table.n_outputs > 1:
        output = st.radio(text(lang, "boundary_output"), range(table.n_outputs),
                          format_func=lambda k: table.target_names[k], horizontal=True,
                          key="boundary_output")
    xs = _axis(X[:, a])
    ys = _axis(X[:, b])
    gx, gy = np.meshgrid(xs, ys)
    grid = np.empty((gx.size, table.n_inputs))
    for k, v in held.items():
        grid[:, k] = v
    grid[:, a], grid[:, b] = gx.ravel(), gy.ravel()
    out = trainer.predict(grid)[:, output].reshape(gy.shape)
    line = equation = None
    if len(trainer.layout.sizes) == 2:
        line, equation = _line(trainer, a, b, held, output, xs, ys, lang)
    fig = charts.boundary_figure(
        xs, ys, out, (X[:, a], X[:, b], table.targets[:, output],
                      [text(lang, "row_n", n=r + 1) for r in range(table.n_rows)]),
        {"x": names[a], "y": names[b], "output": table.target_names[output],
         "target": text(lang, "col_target")}, line=line)
    plot(fig, "boundary_chart", lang)
    st.caption(text(lang, "boundary_caption"))
    if constant:
        st.caption(text(lang, "boundary_constant",
                        names=", ".join(md(names[k]) for k in constant)))
    if equation:
        st.markdown(text(lang, "boundary_line", equation=equation))


def _signed(x, lang):
    """``+ 0.44`` or ``− 0.17``: a term written after another."""
    return f"{'−' if x < 0 else '+'} {number(abs(x), lang, 4)}"


def _axis(values):
    lo, hi = float(values.min()), float(values.max())
    pad = 0.25 * (hi - lo)
    return np.linspace(lo - pad, hi + pad, GRID)


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

def separable(lab, trainer, lang):
    table = trainer.table
    state = st.session_state
    if lab.separable is None or lab.separable[0] is not table or \
            lab.separable[1] != trainer.config.bias:
        verdicts = []
        for k, name in enumerate(table.target_names):
            y = table.targets[:, [k]]
            if not np.isin(y, (0.0, 1.0)).all():
                verdicts.append((name, None))
                continue
            single = Table(table.inputs, y, table.input_names, [name])
            try:
                verdicts.append((name, linearly_separable(single, bias=trainer.config.bias)))
            except TableError:
                verdicts.append((name, None))
        lab.separable = (table, trainer.config.bias, verdicts)
    verdicts = lab.separable[2]
    known = [v for _, v in verdicts if v is not None]
    if not known:
        return
    if all(known):
        st.success(text(lang, "separable_yes"))
        return
    if len(verdicts) == 1:
        st.warning(text(lang, "separable_no"))
    else:
        for name, v in verdicts:
            if v is False:
                st.warning(text(lang, "separable_no_output", name=md(name)))
    if state["hidden"] == 0:
        st.button(text(lang, "add_hidden"), key="add_hidden", type="primary",
                  on_click=_add_hidden)
    else:
        st.caption(text(lang, "separable_hidden", layers=state["hidden"]))


def _add_hidden():
    st.session_state["hidden"] = 1
    st.session_state["neurons"] = max(2, int(st.session_state["neurons"]))


# -- compare runs ----------------------------------------------------------------------

def compare(lab, lang):
    st.subheader(text(lang, "compare"))
    st.caption(text(lang, "compare_help"))
    state = st.session_state
    by = st.radio(text(lang, "compare_by"), ["seeds", "rates"], horizontal=True,
                  key="compare_by", format_func=lambda v: text(lang, f"compare_{v}"))
    if by == "seeds":
        st.select_slider(text(lang, "compare_count"), SWEEP_SEEDS, value=16,
                         key="compare_count")
    else:
        st.multiselect(text(lang, "compare_rate_list"), SWEEP_RATES,
                       default=[0.1, 1.0, 10.0], key="compare_rates",
                       format_func=lambda v: number(v, lang))
    if st.button(text(lang, "compare_button"), key="compare", disabled=lab.problem is not None):
        config = lab.trainer.config
        iterations = min(int(state["target_iterations"]), 20_000)
        if by == "seeds":
            seeds = [(config.seed + k) % 2**32 for k in range(int(state["compare_count"]))]
            result = sweep(config, lab.table, iterations, seeds=seeds)
        else:
            rates = state.get("compare_rates") or [config.learning_rate]
            result = sweep(config, lab.table, iterations, learning_rates=rates)
        lab.sweep = ((lab.table, config, iterations), result)
    # a comparison is shown only while it is about the table and settings on screen
    key = (lab.table, lab.trainer.config, min(int(state["target_iterations"]), 20_000))
    if lab.sweep is None or lab.sweep[0] != key:
        return
    result = lab.sweep[1]
    names = [text(lang, "compare_run", seed=s, lr=number(lr, lang))
             for s, lr in zip(result.seeds, result.learning_rates)]
    labels = {k: text(lang, k) for k in ("iteration_axis", "loss_axis")}
    plot(charts.sweep_figure(result.iterations, result.loss, names, result.fits, labels),
         "compare_chart", lang)
    st.markdown(text(lang, "compare_result", fit=int(result.fits.sum()), total=len(result),
                     iterations=number(result.iterations[-1], lang)))


# -- export and share --------------------------------------------------------------------

def export(lab, lang):
    st.subheader(text(lang, "export"))
    trainer = lab.trainer
    st.download_button(text(lang, "export_script"), key="export_script",
                       data=lambda: export_script(trainer.config, trainer.table,
                                                  trainer.iteration),
                       file_name="neuron_lab.py", mime="text/x-python",
                       help=text(lang, "export_script_help"), on_click="ignore")
    if lab.lr_changes:
        st.caption(text(lang, "export_lr_note"))
    st.download_button(text(lang, "export_json"), key="export_json",
                       data=lambda: weights_json(trainer), file_name="neuron_lab.json",
                       mime="application/json", on_click="ignore")


def weights_json(trainer):
    """The configuration, table, current weights and history, as JSON text."""
    history = trainer.history
    c = trainer.config
    return json.dumps({
        "config": {"hidden": list(c.hidden), "activation": c.activation, "loss": c.loss,
                   "learning_rate": c.learning_rate, "bias": c.bias, "seed": c.seed},
        "table": {"input_names": list(trainer.table.input_names),
                  "target_names": list(trainer.table.target_names),
                  "inputs": trainer.table.inputs.tolist(),
                  "targets": trainer.table.targets.tolist()},
        "iteration": trainer.iteration,
        "loss": trainer.loss(),
        "weights": [w.tolist() for w in trainer.weights],
        "biases": [b.tolist() for b in trainer.biases],
        "history": {"iterations": history.iterations.tolist(),
                    "loss": history.loss.tolist(),
                    "parameters": trainer.layout.labels(trainer.table.input_names,
                                                        trainer.table.target_names),
                    "values": history.params.tolist()},
    })


def share(lab, lang):
    st.subheader(text(lang, "share"))
    base = (st.context.url or "").split("?")[0]
    params = st.query_params.to_dict()
    copy_link(data=dict(url=f"{base}?{urlencode(params)}", copy=text(lang, "copy_link"),
                        copied=text(lang, "link_copied")), key="copy_link")
    st.caption(text(lang, "share_help"))
    st.caption(text(lang, "present_link"))



_COPY_JS = """
export default function ({data, parentElement}) {
  let box = parentElement.querySelector('.copy');
  if (!box) {
    box = document.createElement('div');
    box.className = 'copy';
    const link = document.createElement('input');
    link.readOnly = true;
    link.addEventListener('focus', () => link.select());
    const button = document.createElement('button');
    button.type = 'button';
    button.addEventListener('click', async () => {
      link.select();
      try {
        await navigator.clipboard.writeText(link.value);
      } catch (e) {
        document.execCommand('copy');  // no clipboard API outside https: copy the selection
      }
      button.textContent = box.dataset.copied;
      setTimeout(() => { button.textContent = box.dataset.copy; }, 2000);
    });
    box.append(link, button);
    parentElement.append(box);
  }
  box.dataset.copy = data.copy;
  box.dataset.copied = data.copied;
  box.querySelector('input').value = data.url;
  box.querySelector('button').textContent = data.copy;
}
"""

_COPY_CSS = """
.copy { display: flex; gap: 0.5rem; }
.copy input { flex: 1; min-width: 0; font: 0.85rem monospace; padding: 0.45rem 0.6rem;
  border: 1px solid #c9ccd3; border-radius: 0.4rem; background: #f6f7f9; color: #111; }
.copy button { font: inherit; padding: 0.45rem 0.9rem; border-radius: 0.4rem; cursor: pointer;
  border: 1px solid #c9ccd3; background: #fff; color: #111; white-space: nowrap; }
.copy button:hover { border-color: #1f5fbf; color: #1f5fbf; }
"""

# The lesson's link in a read-only box and a button that copies it (st.code would do, but
# its syntax highlighter costs a cold page load about 0.7 s): text set as values, never HTML.
copy_link = st.components.v2.component("neuron_lab_copy_link", js=_COPY_JS, css=_COPY_CSS)
