"""The page's sections, one function each: draw from the lab, wire widgets to session."""

from functools import partial

import numpy as np
import pandas as pd
import streamlit as st

from neuron import TableError, presets
from neuron.config import ACTIVATIONS, LOSSES, MAX_HIDDEN_LAYERS, MAX_HIDDEN_SIZE
from neuron.trainer import neuron_names

from . import charts, session
from .text import LANGUAGES, md, number, table_error, text


def plot(fig, key, lang):
    """Draw a chart with the language's decimal mark and without plotly's tool bar."""
    fig.to_dict()["layout"]["separators"] = ",." if lang == "es" else ".,"
    st.plotly_chart(fig, key=key, config={"displayModeBar": False})


def labels(lang):
    keys = ("iteration_axis", "loss_axis", "weight_axis", "play", "pause")
    return {k: text(lang, k) for k in keys}


def notices(lab, lang):
    for kind, key, values in lab.notices:
        values = {k: table_error(lang, v) if isinstance(v, TableError) else
                  md(v) if k == "name" else v for k, v in values.items()}
        if isinstance(values.get("what"), tuple):
            values["what"] = ", ".join(text(lang, k).lower() for k in values["what"])
        if "lr" in values:
            values["lr"] = number(values["lr"], lang)
        getattr(st, kind)(text(lang, key, **values))
    lab.notices.clear()


# -- sidebar -----------------------------------------------------------------------------

def presenter_style():
    """Larger type for a projector (fixed CSS: nothing from the user goes into it)."""
    st.html("<style>html { font-size: 21px; } "
            ".stMarkdown p, .stCaption p { font-size: 1.05rem; }</style>")


def sidebar(lab):
    state = st.session_state
    if "settings" in lab.hide:
        session.apply_settings(lab, state)
        return state["lang"]
    with st.sidebar:
        st.radio(text(state["lang"], "language"), list(LANGUAGES), key="lang",
                 format_func=LANGUAGES.get, horizontal=True)
        lang = state["lang"]
        st.header(text(lang, "settings"))
        st.number_input(text(lang, "hidden"), 0, MAX_HIDDEN_LAYERS, key="hidden",
                        help=text(lang, "hidden_help"))
        st.number_input(text(lang, "neurons"), 1, MAX_HIDDEN_SIZE, key="neurons",
                        disabled=state["hidden"] == 0)
        st.selectbox(text(lang, "activation"), ACTIVATIONS, key="activation",
                     format_func=partial(text, lang), disabled=state["hidden"] == 0)
        st.selectbox(text(lang, "loss"), LOSSES, key="loss", format_func=partial(text, lang))
        st.number_input(text(lang, "learning_rate"), min_value=0.001, max_value=100.0,
                        step=0.1, format="%g", key="learning_rate",
                        help=text(lang, "learning_rate_help"))
        st.toggle(text(lang, "bias"), key="bias", help=text(lang, "bias_help"))
        st.number_input(text(lang, "seed"), 0, 2**32 - 1, key="seed",
                        help=text(lang, "seed_help"))
        st.number_input(text(lang, "target_iterations"), 1, session.MAX_TARGET, step=1000,
                        key="target_iterations")
        st.select_slider(text(lang, "speed"), session.SPEEDS, key="speed")
    session.apply_settings(lab, state)
    return lang


# -- the table -------------------------------------------------------------------------

def table_section(lab, lang):
    state = st.session_state
    st.subheader(text(lang, "table_header"))
    st.selectbox(text(lang, "preset"), presets.names(), key="preset",
                 format_func=lambda n: presets.title(n, lang),
                 on_change=session.load_preset, args=(lab, state))
    st.caption(presets.description(state["preset"], lang))
    columns = {name: st.column_config.NumberColumn(text(lang, "target_mark", name=name),
                                                   format="plain")
               for name in lab.table.target_names}
    columns.update({name: st.column_config.NumberColumn(name, format="plain")
                    for name in lab.table.input_names})
    if lab.editor_lang != lang:
        # new labels make a new editor: carry the edits over (valid or not) instead of losing them
        if lab.editor_lang is not None and lab.editor_now is not None:
            lab.editor_df = lab.editor_now
            lab.editor_version += 1
        lab.editor_lang = lang
    df = st.data_editor(lab.editor_df, key=f"table_{lab.editor_version}", num_rows="dynamic",
                        column_config=columns, hide_index=True, width="stretch")
    session.edited(lab, df, state)
    if lab.problem is not None:
        st.error(text(lang, "table_invalid", reason=table_error(lang, lab.problem)))
    st.caption(text(lang, "table_help"))
    cols = st.columns(2) + st.columns(2)
    for col, (key, change) in zip(cols, [("add_input", dict(inputs=1)),
                                         ("remove_input", dict(inputs=-1)),
                                         ("add_output", dict(outputs=1)),
                                         ("remove_output", dict(outputs=-1))]):
        col.button(text(lang, key), key=key, width="stretch",
                   on_click=session.change_columns, args=(lab, state), kwargs=change)
    with st.expander(text(lang, "upload")):
        upload = st.file_uploader(text(lang, "upload"), type=["csv", "txt"], key="upload",
                                  help=text(lang, "upload_help"), label_visibility="collapsed")
        if upload is not None and state.get("uploaded") != upload.file_id:
            state["uploaded"] = upload.file_id
            session.load_csv(lab, state, upload.name, upload.getvalue())
            st.rerun()
        st.download_button(text(lang, "download_csv"), lab.table.to_csv(),
                           file_name="neuron-lab-table.csv", mime="text/csv",
                           key="download_csv")


# -- controls --------------------------------------------------------------------------

def controls(lab, lang):
    state = st.session_state
    blocked = lab.problem is not None
    done = session.remaining(lab, state) == 0
    stuck = blocked or lab.trainer.diverged
    st.subheader(text(lang, "controls"))
    c = st.columns([1, 1.2, 1, 1.5, 1, 1.2], vertical_alignment="center")
    c[0].button(text(lang, "step"), key="step", type="primary", disabled=stuck,
                help=text(lang, "step_help"), on_click=session.step, args=(lab,),
                width="stretch")
    n = int(state["step_size"])
    c[1].button(text(lang, "step_many", n=number(n, lang)), key="step_many", disabled=stuck,
                on_click=lambda: session.step_many(lab, int(state["step_size"])),
                width="stretch")
    c[2].toggle(text(lang, "running"), key="running", disabled=stuck or done,
                help=text(lang, "running_help"), on_change=_running_changed, args=(lab,))
    c[3].button(text(lang, "train", n=number(state["target_iterations"], lang)), key="train",
                disabled=stuck or done, help=text(lang, "train_help"),
                on_click=_train, args=(lab, lang), width="stretch")
    c[4].button(text(lang, "reset"), key="reset", disabled=blocked,
                help=text(lang, "reset_help"), on_click=session.reset, args=(lab, state),
                width="stretch")
    c[5].button(text(lang, "new_weights"), key="new_weights", disabled=blocked,
                help=text(lang, "new_weights_help"), on_click=_new_weights, width="stretch")
    st.number_input(text(lang, "step_size"), 1, 100_000, key="step_size", width=260)
    if done and not lab.trainer.diverged:
        st.caption(text(lang, "at_target"))


def _running_changed(lab):
    if not st.session_state["running"]:
        # where the browser stopped (its report often comes in the same batch), else the clock
        _paused(lab)
        session.pause(lab)
        lab.held = False


def _new_weights():
    st.session_state["seed"] = (int(st.session_state["seed"]) + 1) % 2**32


def _train(lab, lang):
    state = st.session_state
    left = session.remaining(lab, state)
    if left <= 50_000:
        lab.trainer.run(left)
    else:
        bar = st.progress(0.0)
        goal = int(state["target_iterations"])
        while left > 0 and not lab.trainer.diverged:
            lab.trainer.run(min(left, 20_000))
            left = session.remaining(lab, state)
            i = lab.trainer.iteration
            bar.progress(min(1.0, i / goal), text(lang, "training_progress",
                                                  i=number(i, lang), n=number(goal, lang)))
        bar.empty()
    lab.record = None
    lab.run = None
    state["running"] = False


# -- what training looks like -----------------------------------------------------------

def metrics(trainer, lang):
    c = st.columns(3)
    c[0].metric(text(lang, "iteration"), number(trainer.iteration, lang))
    c[1].metric(text(lang, "loss_metric"), number(trainer.loss(), lang, 6))
    right = trainer.rows_right()
    c[2].metric(text(lang, "rows_right"), f"{int(right.sum())} / {len(right)}")
    if trainer.diverged:
        st.warning(text(lang, "diverged"))


def layer_titles(sizes, lang):
    return ([text(lang, "input_layer")]
            + [text(lang, "hidden_layer", n=k + 1) for k in range(len(sizes) - 2)]
            + [text(lang, "output_layer")])


def node_labels(trainer, lang, row=None):
    """Per layer, a label per neuron: names, and with a row its values flowing through."""
    table = trainer.table
    sizes = trainer.layout.sizes
    names = ([list(table.input_names)]
             + [neuron_names(k + 1, n) for k, n in enumerate(sizes[1:-1])]
             + [list(table.target_names)])
    if row is None:
        return [[f"{n}  " for n in names[0]]] + [
            [f"Σ→σ {n}" if k == len(sizes) - 2 else f"Σ {n}" for n in layer]
            for k, layer in enumerate(names[1:])]
    zs, acts = trainer.forward(table.inputs[row])
    out = [[f"{n} = {number(v, lang, 4)}  " for n, v in zip(names[0], acts[0][0])]]
    for k, layer in enumerate(names[1:]):
        out.append([f"{n}: z = {number(z, lang, 4)} → {number(a, lang, 4)}"
                    for n, z, a in zip(layer, zs[k][0], acts[k + 1][0])])
    return out


def edge_labels(trainer, lang, row=None):
    texts = []
    acts = trainer.forward(trainer.table.inputs[row])[1] if row is not None else None
    for layer, w in enumerate(trainer.weights):
        for i in range(w.shape[0]):
            for j in range(w.shape[1]):
                label = number(w[i, j], lang, 4)
                if acts is not None:
                    x = acts[layer][0][i]
                    label += f" × {number(x, lang, 3)} = {number(w[i, j] * x, lang, 4)}"
                texts.append(label)
    return texts


def diagram(trainer, lang):
    st.subheader(text(lang, "diagram"))
    rows = list(range(-1, trainer.table.n_rows))
    if st.session_state.get("row") not in rows:  # also when Run's fragment runs forgot it
        st.session_state["row"] = -1
    st.selectbox(text(lang, "row_picker"), rows, key="row",
                 format_func=lambda r: text(lang, "no_row") if r < 0 else
                 text(lang, "row_n", n=r + 1))
    row = st.session_state["row"] if st.session_state["row"] >= 0 else None
    fig = charts.network_figure(trainer.layout.sizes, trainer.weights,
                                node_labels(trainer, lang, row), edge_labels(trainer, lang, row),
                                layer_titles(trainer.layout.sizes, lang),
                                height=320 + 20 * max(trainer.layout.sizes))
    plot(fig, "diagram_chart", lang)
    st.caption(text(lang, "diagram_caption"))


def weight_names(trainer):
    names = trainer.layout.labels(trainer.table.input_names, trainer.table.target_names)
    keep = [k for k, n in enumerate(names) if trainer.config.bias or not n.startswith("b(")]
    return [names[k] for k in keep], keep


def _log_changed(lab):
    lab.log_loss = bool(st.session_state["log_loss"])


def curves(lab, lang):
    trainer = lab.trainer
    history = trainer.history
    st.subheader(text(lang, "charts"))
    # the choice lives in the lab: the toggle is not drawn while Run plays, and the browser
    # forgets a widget it has not shown
    st.session_state["log_loss"] = lab.log_loss
    log = st.toggle(text(lang, "log_scale"), key="log_loss", help=text(lang, "log_scale_help"),
                    on_change=_log_changed, args=(lab,))
    loss = history.loss
    # a log axis over less than a factor of 10 only shows odd tick labels
    log = log and (loss > 0).all() and loss.max() > 10 * loss.min()
    plot(charts.loss_figure(history.iterations, loss, labels(lang), log=log), "loss_chart",
         lang)
    names, keep = weight_names(trainer)
    st.markdown(f"**{text(lang, 'weights_title')}**")
    plot(charts.weights_figure(history.iterations, history.params[:, keep], names,
                               labels(lang)), "weights_chart", lang)


def run_view(lab, lang):
    """Run: the next stretch of training, played by the browser as animation frames.
    False (nothing drawn) right after the browser paused it: the paused state shows."""
    if lab.held:
        lab.held = False
        return False
    state = st.session_state
    run = session.next_stretch(lab, state)
    if run is None:
        lab.stop = True
        why = ("why_diverged" if lab.trainer.diverged else
               "why_target" if session.remaining(lab, state) == 0 else "why_converged")
        lab.say("info", "run_done", why=text(lang, why))
        st.rerun()
    trainer = lab.trainer
    history = trainer.history
    names, keep = weight_names(trainer)
    layout = trainer.layout
    frames = []
    for i, p, loss in zip(run.iterations, run.params, run.losses):
        weights = layout.weights(p)
        frames.append(dict(
            iteration=int(i), loss=float(loss), weights=weights, series=p[keep],
            edge_labels=[number(v, lang, 4) for w in weights for v in w.ravel()],
            title=f"{text(lang, 'iteration')} {number(i, lang)} · "
                  f"{text(lang, 'loss_metric')} {number(loss, lang, 6)}"))
    its = history.iterations
    past = dict(iterations=its, loss=history.loss, series=history.params[:, keep], names=names)
    fig = charts.run_figure(layout.sizes, frames, past, labels(lang),
                            node_labels(trainer, lang), frame_ms=session.PLAY_MS)
    st.caption(text(lang, "run_playing", a=number(run.first, lang),
                    b=number(trainer.iteration, lang)))
    plot(fig, "run_chart", lang)
    autoplay(data=str(run.sent_at), key="autoplay", on_paused_change=partial(_paused, lab))
    return True


def _paused(lab):
    result = st.session_state.get("autoplay")
    session.browser_paused(lab, result.get("paused") if isinstance(result, dict) else None)


_AUTOPLAY_JS = """
// plotly's animation loop outlives the figure it animates (a new stretch's figure, or the
// chart removed): it then throws 60 times a second. End the last one before the next.
let animation = null;
const endAnimation = () => {
  if (animation && animation._animationRaf) cancelAnimationFrame(animation._animationRaf);
  animation = null;
};

export default function (component) {
  const box = '.st-key-run_chart';
  const click = (button) => button.dispatchEvent(new MouseEvent('click', {bubbles: true}));
  let tries = 0, timer = null, shown = null;
  const play = () => {
    const buttons = document.querySelectorAll(box + ' .updatemenu-button');
    const chart = document.querySelector(box + ' .js-plotly-plot');
    if (buttons.length && chart) {
      endAnimation();
      animation = chart._transitionData;
      if (chart.on) chart.on('plotly_animatingframe', (event) => { shown = event.name; });
      click(buttons[0]);
    } else if (tries++ < 50) {
      timer = setTimeout(play, 100);
    }
  };
  // Pause stops the picture at once, before the server has answered the toggle
  const pauseNow = (event) => {
    if (!event.target.closest('.st-key-running')) return;
    const buttons = document.querySelectorAll(box + ' .updatemenu-button');
    if (buttons.length > 1) click(buttons[1]);
    // frame names are iterations: the server stops training exactly there
    component.setTriggerValue('paused', {stretch: component.data, iteration: Number(shown)});
  };
  document.addEventListener('pointerdown', pauseNow, true);
  play();
  return () => {
    clearTimeout(timer);
    document.removeEventListener('pointerdown', pauseNow, true);
    endAnimation();
  };
}
"""

# Presses the Run chart's Play button once the chart is drawn; when the Run toggle is
# pressed, its Pause button, and tells the server the iteration on screen; ends plotly's
# animation loop with the chart. Fixed code, no user data.
autoplay = st.components.v2.component("neuron_lab_autoplay", js=_AUTOPLAY_JS)


def predictions(lab, lang):
    trainer = lab.trainer
    table = trainer.table
    st.subheader(text(lang, "predictions"))
    out = trainer.predict(table.inputs)
    right = trainer.rows_right()
    data = {name: table.inputs[:, k] for k, name in enumerate(table.input_names)}
    for k, name in enumerate(table.target_names):
        data[text(lang, "target_col", name=name)] = table.targets[:, k]
        data[text(lang, "output_col", name=name)] = [number(v, lang, 8) for v in out[:, k]]
    data[text(lang, "right_col")] = [text(lang, "right" if r else "wrong") for r in right]
    df = pd.DataFrame(data)
    df.index = np.arange(1, len(df) + 1)
    st.dataframe(df, width="stretch", key="predictions_table")


def ask(lab, lang):
    trainer = lab.trainer
    table = trainer.table
    st.subheader(text(lang, "ask"))
    st.caption(text(lang, "ask_help"))
    start = [1.0, 0.0, 0.0] if table.n_inputs == 3 else [0.0] * table.n_inputs
    cols = st.columns(min(table.n_inputs, 8))
    values = []
    for k, name in enumerate(table.input_names):
        key = f"ask_{k}"
        if key not in st.session_state:
            st.session_state[key] = start[k]
        values.append(cols[k % len(cols)].number_input(md(name), -1e6, 1e6, key=key,
                                                       format="%g"))
    out = trainer.predict(np.array(values))[0]
    shown = ", ".join(f"{md(n)} = {number(v, lang, 8)}" for n, v in zip(table.target_names, out))
    st.markdown(f"### {text(lang, 'answer', values=shown)}")
