"""The stage: the first screen a class watches. Training controls, Iteration / Loss / Rows
right, the timeline, and one picture of the network and its learning curves, drawn by a
small component (lab/stage.js) so a Step or a Run frame costs the browser little."""

from contextlib import nullcontext
from pathlib import Path

import numpy as np
import orjson
import streamlit as st

from neuron import lesson

from . import callbacks, describe, dom, plane, run, scene, settings, slider_numbers, state, turn
from .notices import notice, notices
from .text import number, table_error, text

HERE = Path(__file__).parent
# plane.js first: stage.js draws the plane with it
_stage = st.components.v2.component(
    "neuron_lab_stage",
    js=dom.SCRIPT + (HERE / "plane.js").read_text() + (HERE / "stage.js").read_text(),
    css=(HERE / "stage.css").read_text())

# Fixed CSS (nothing from the user goes into it; $names are lab/dom.py's selectors): a
# compact page so the stage fits a 1280x720 projector, larger type in presenter mode.
_STYLE = """<style>
$main_block { padding-top: 3.2rem; padding-bottom: 2rem; }
h1 { font-size: 1.5rem !important; padding: 0 0 0.1rem 0 !important; }
$metric { padding: 0; }
$metric_value { font-size: 1.6rem; line-height: 1.9rem; }
$metric_label_text { font-size: 0.85rem; }
*:focus-visible { outline: 3px solid #1a4fa0 !important; outline-offset: 2px; }
$header { background: transparent; }
$main h2 { font-size: 1.2rem !important; padding: 0.6rem 0 0.2rem 0 !important; }
</style>"""
_PRESENT = """<style>
html { font-size: 21px; }
h1 { font-size: 1.3rem !important; }
$main_block { padding-top: 3rem; max-width: 100%; }
$metric_value { font-size: 1.7rem; line-height: 2rem; }
</style>"""


def style(lab):
    st.html(dom.css(_STYLE))
    if lab.present:
        st.html(dom.css(_PRESENT))


def header(lab, lang):
    st.title(text(lang, "title"))
    if not lab.present:  # on a projector the teacher says it
        st.caption(text(lang, "intro"))


def controls(lab, lang, page):
    """The training controls; ``page``: the page's own settings (``page_settings``)."""
    blocked = lab.problem is not None
    done = state.remaining(lab, page["target_iterations"]) == 0
    stuck = blocked or lab.trainer.diverged or "train" in lab.jobs  # (a worker trains it)
    with st.container(horizontal=True, vertical_alignment="center", gap="small",
                      key="controls"):
        st.button(text(lang, "step"), key="step", type="primary", disabled=stuck,
                  help=text(lang, "step_help"), on_click=state.step, args=(lab,))
        st.button(text(lang, "step_many", n=number(page["step_size"], lang)), key="step_many",
                  disabled=stuck, on_click=callbacks.step_many, args=(lab,))
        st.toggle(text(lang, "running"), key="running", disabled=stuck or (done and not lab.run.on),
                  help=text(lang, "running_help"))  # heard in state.settle
        st.button(text(lang, "train", n=number(page["target_iterations"], lang)), key="train",
                  disabled=stuck or done, help=text(lang, "at_target" if done else "train_help"),
                  on_click=callbacks.train, args=(lab,))
        st.button(text(lang, "reset"), key="reset", disabled=blocked,
                  help=text(lang, "reset_help"), on_click=state.reset, args=(lab,))
        st.button(text(lang, "new_weights"), key="new_weights", disabled=blocked,
                  help=text(lang, "new_weights_help"), on_click=callbacks.new_weights, args=(lab,))


def readings(trainer, lang):
    """(label, value) of each counter of ``trainer``: iteration, loss and rows right, and
    on held-out rows when there are some."""
    test = len(trainer.test_rows) > 0
    return counters(lang, trainer.iteration, trainer.loss(), trainer.rows_right(test=False),
                    trainer.test_loss() if test else None,
                    trainer.rows_right(test=True) if test else None)


def played(trainer, stretch, lang):
    """The counters of each frame of a Run stretch, the browser shows them with the frame:
    its iteration, and the loss and rows right of its weights (``trainer``: the lab's)."""
    right = trainer.rows_right_at(stretch.params, test=False)
    n = len(stretch.params)
    test_loss, test_right = [None] * n, [None] * n
    if len(trainer.test_rows):
        test_loss = trainer.test_losses(stretch.params)
        test_right = trainer.rows_right_at(stretch.params, test=True)
    labels = counter_labels(lang, len(trainer.test_rows) > 0, playing=True)
    return [list(zip(labels, counter_values(lang, *row))) for row in zip(
        stretch.iterations.tolist(), stretch.losses.tolist(), right, test_loss, test_right)]


def counters(lang, iteration, loss, right, test_loss=None, test_right=None, playing=False):
    return list(zip(counter_labels(lang, test_right is not None, playing),
                    counter_values(lang, iteration, loss, right, test_loss, test_right)))


def counter_labels(lang, test, playing=False):
    keys = ["iteration_playing" if playing else "iteration", "loss_metric", "rows_right"]
    return [text(lang, key) for key in keys + (["test_loss", "test_right"] if test else [])]


def counter_values(lang, iteration, loss, right, test_loss=None, test_right=None):
    out = [number(iteration, lang), number(loss, lang, 6), _of(right, lang)]
    if test_right is not None:
        out += [number(test_loss, lang, 6), _of(test_right, lang)]
    return out


def _of(right, lang):
    """"3 / 4": rows right of rows, as the page writes numbers (9.876 / 10.000)."""
    return f"{number(right.sum(), lang)} / {number(len(right), lang)}"


def metrics(lab, shown, lang):
    """The counters ``shown`` (of the iteration shown, or of a Run stretch's first frame,
    which the stage component moves on frame by frame); the stage component reads each
    result out once (``announce``)."""
    with st.container(horizontal=True, vertical_alignment="bottom", gap="medium",
                      key="metrics"):
        for label, value in shown:
            st.metric(label, value)
        if lab.shown is not None and lab.shown < lab.trainer.iteration:
            st.button(text(lang, "timeline_now"), key="timeline_now",
                      on_click=state.timeline_now, args=(lab,))


def remedies(lab, lang):
    """The settings the advice offers (its words are on the status line), under the picture:
    nothing is added above the diagram."""
    if lab.run.stretch is not None or lab.viewed() is not lab.trainer:
        return
    advice = advise(lab, lab.trainer)
    if advice is None or not advice.offers:
        return
    labels = dict(new_weights=("stuck_new_weights", text(lang, "new_weights")))
    with st.container(horizontal=True, gap="small", key="remedies"):
        for name, config in advice.offers:
            key, label = labels.get(name) or ("bigger_layer",
                                             text(lang, "bigger_layer", n=config.hidden[0]))
            st.button(label, key=key, on_click=callbacks.apply_config, args=(lab, config))


def timeline(lab, lang, playing=False):
    """Any earlier iteration, for every view to show (a scrubber under the pictures)."""
    latest = lab.trainer.iteration
    if playing or latest == 0:  # a note, not a greyed-out slider (which reads poorly)
        st.caption(text(lang, "timeline_later"))
        return
    st.session_state["timeline"] = lab.iteration
    st.slider(text(lang, "timeline"), 0, latest, key="timeline", format="plain",
              help=text(lang, "timeline_help"), on_change=callbacks.timeline, args=(lab,))
    slider_numbers.draw("timeline", lang)


# -- the picture ---------------------------------------------------------------------------

def layer_titles(sizes, lang):
    return ([text(lang, "input_layer")]
            + [text(lang, "hidden_layer", n=k + 1) for k in range(len(sizes) - 2)]
            + [text(lang, "output_layer")])


def node_labels(trainer, lang, row=None):
    """Per layer, a label per neuron: its name, and with a row, the values flowing through."""
    names = trainer.layer_names()
    if row is None:
        return names
    zs, acts = trainer.forward(trainer.table.inputs[row])
    out = [[f"{n} = {number(v, lang, 3)}" for n, v in zip(names[0], acts[0][0])]]
    for k, layer in enumerate(names[1:]):
        out.append([f"{n} → {number(a, lang, 3)}" for n, a in zip(layer, acts[k + 1][0])])
    return out


def weight_texts(weights, lang):
    return [number(v, lang, 3) for w in weights for v in w.ravel()]


def weight_names(trainer):
    names = trainer.layout.labels(trainer.table.input_names, trainer.table.target_names)
    keep = [k for k, n in enumerate(names) if trainer.config.bias or not n.startswith("b(")]
    return [names[k] for k in keep], keep


def _tick(lang):
    def fmt(value):
        return number(value, lang, 3)
    return fmt


def picture(lab, lang, readouts, target, stretch=None, row=None):
    """The stage component: the diagram and the curves at the iteration shown, or a Run
    stretch's frames for the browser to play. Between Steps it also holds the next Step's
    picture and counters (``ahead``), which the browser shows the moment Step is pressed;
    the rerun that follows draws the same numbers. ``readouts``: the counters shown, one
    list per frame of the stretch (one list without a stretch); ``target``: Train's."""
    trainer = lab.trainer if stretch is not None else lab.viewed()
    nxt = ahead(lab) if stretch is None and row is None else None
    # the curves are drawn from the history that reaches furthest (the next Step's or the
    # stretch's end) and clipped at the iteration shown
    history = (nxt or trainer).history
    last = stretch.last if stretch is not None else (nxt or trainer).iteration
    scale = scene.PRESENTER if lab.present else 1.0
    sizes = trainer.layout.sizes
    names, keep = weight_names(trainer)
    labels = {k: text(lang, k) for k in ("iteration_axis", "loss_axis", "weight_axis")}
    labels.update(train=text(lang, "train_curve"), test=text(lang, "test_curve"))
    texts = [weight_texts(trainer.weights, lang)]
    if stretch is not None:
        x_max = max(target, stretch.last)
        extra_loss, extra_series = stretch.losses, stretch.params[:, keep]
        texts = [weight_texts([w], lang) for w in _flat(trainer.layout, stretch.params)]
    else:
        x_max = max(last, 10, lab.axis_end)  # as far as Run reached for: no jump on pause
        extra_loss, extra_series = (), None
        if nxt is not None:
            texts.append(weight_texts(nxt.weights, lang))
    widest = [max(ts, key=len) for ts in zip(*texts)]
    its, loss, params = _until(history.iterations, history.loss, history.params, last)
    edge_names = [n for n in trainer.layout.labels(trainer.table.input_names,
                                                    trainer.table.target_names)
                  if not n.startswith("b(")]
    the_plane = plane.spec(trainer, lang, plane.PRESENTER if lab.present else 1.0)
    if the_plane is not None:
        the_plane["switches"] = dict(discrete=lab.discrete, test=lab.test_rows)
    diagram = scene.diagram(sizes, trainer.weights, node_labels(trainer, lang, row),
                            layer_titles(sizes, lang), widest, edge_names, scale,
                            maps=the_plane is not None and sum(sizes) <= scene.MAX_MAPS,
                            hidden_title=text(lang, "hidden_layers"))
    test = trainer.test_losses(params) if len(trainer.test_rows) else None
    # beside the plane the loss alone (the weights are on the diagram's lines)
    curves, axes = scene.curves(its, loss, params[:, keep], names, labels, _tick(lang), x_max,
                                log=st.session_state["log_loss"], extra_loss=extra_loss,
                                extra_series=extra_series, scale=scale, test_loss=test,
                                show_weights=the_plane is None,
                                height=scene.PANEL[1] if the_plane is None else scene.LOSS_ONLY)
    drawn = sum(w.size for w in trainer.weights) <= scene.MAX_DRAWN
    layout = trainer.layout

    def frames(its, params, losses, texts, statuses, test_losses=None, shown=None):
        """What the browser moves on at each frame (iterations ``its``, every parameter
        ``params``, loss ``losses``, weight label ``texts``, status line ``statuses``, test
        loss ``test_losses`` if named, counter values ``shown``), worked out for every frame
        at once."""
        its, params, losses = np.asarray(its), np.asarray(params), np.asarray(losses)
        flat = _flat(layout, params)
        named = params[:, keep]
        both = None if test is None else np.stack([losses, test_losses], axis=-1)
        out = []
        for i, s, m, e, t, p in zip(its.tolist(), scene.diagram_states(flat, texts, drawn),
                                    scene.markers_each(axes, its, losses, named),
                                    scene.end_labels_each(curves, axes, named, names, both),
                                    statuses, params):
            f = dict(i=int(i), s=s, m=m, c=m[0][0], t=t, e=e)
            if the_plane is not None:  # the browser draws the plane from the weights
                f["p"] = plane.params(p)
            out.append(f)
        if shown is not None:  # the counters' values (their labels are sent once)
            for f, values in zip(out, shown):
                f["r"] = [value for _, value in values]
        return out

    if stretch is not None:
        # the status line says the counters' own numbers
        statuses = [text(lang, "status_playing", i=shown[0][1], loss=shown[1][1])
                    for shown in readouts]
        played_frames = frames(stretch.iterations, stretch.params, stretch.losses, texts,
                               statuses, trainer.test_losses(stretch.params)
                               if test is not None else None, readouts)
        now = played_frames[0]
    else:
        now = frames([trainer.iteration], trainer.params[None], [trainer.loss()], texts[:1],
                     [status(lab, trainer, lang, target)],
                     [trainer.test_loss()] if test is not None else None)[0]
    data = dict(
        diagram=diagram, curves=curves, present=lab.present, ends=now["e"], state=now["s"],
        markers=now["m"], clip=now["c"], status=now["t"],
        why=stretch is None and why(lab, trainer, lang) is not None,
        news=stretch is None and status_news(lab, trainer, lang) is not None,
        aria=dict(diagram=describe.diagram_summary(sizes, trainer.weights, edge_names, lang)
                  + (" " + text(lang, "diagram_keys") if drawn else ""),
                  curves=aria_curves(trainer, its, loss, params[:, keep], names, lang)),
        announce=announce(trainer, lang), lang=lang, plane=the_plane, params=now.get("p"),
        frames=None, stretch=None, frame_ms=run.FRAME_MS, ahead=None,
        # the link's iteration once Run is not playing (its frames wrote theirs), unless a
        # worker is training: the link stays the lesson it opened
        link_iteration=None if stretch is not None or "train" in lab.jobs else lab.iteration,
        metrics=readouts[0],
        counters=[label for label, _ in readouts[0]] if stretch is not None else None)
    if nxt is not None:
        data["ahead"] = dict(frames([nxt.iteration], nxt.params[None], [nxt.loss()], texts[1:],
                                    [status(lab, nxt, lang, target)],
                                    [nxt.test_loss()] if test is not None else None)[0],
                             announce=announce(nxt, lang), metrics=readings(nxt, lang))
    if stretch is not None:
        data["frames"], data["stretch"] = played_frames, stretch.id
    # one JSON text: Streamlit passes a string on as it is (a dict it checks value by value
    # for data frames and serialises twice, once sorted for the element's identity)
    _stage(data=orjson.dumps(data, option=orjson.OPT_SERIALIZE_NUMPY).decode(), key="stage", on_paused_change=lambda: state.browser_paused(lab),
           on_plane_change=lambda: callbacks.plane(lab))


def aria_curves(trainer, its, loss, series, names, lang):
    """The curves in words, up to the iteration shown (not the next Step's point)."""
    its, loss, series = _until(its, loss, series, trainer.iteration)
    right = trainer.rows_right()
    return (describe.loss_summary(its, loss, int(right.sum()), len(right), lang) + " "
            + describe.weights_summary(its, series, names, lang))


def ahead(lab):
    """The trainer one Step on, as Step will leave it; None where Step would not just add
    one iteration to what is shown (blocked, diverging, looking back at an earlier one)."""
    trainer = lab.trainer
    if lab.problem is not None or trainer.diverged or lab.viewed() is not trainer:
        return None
    nxt = trainer.copy()
    return nxt if nxt.step() is not None else None


def _flat(layout, params):
    """Each frame's weights (``params``: frames x parameters) in one row, layer by layer."""
    return np.concatenate([w.reshape(len(params), -1) for w in layout.weights(params)], axis=1)


def _until(its, loss, params, last):
    n = int(np.searchsorted(its, last, side="right"))
    return its[:n], loss[:n], params[:n]


def advise(lab, trainer):
    """``lesson.advise(trainer)``, worked out once (the exact verdict solves a linear
    program; the status line, the Step shown on press and the offers all ask)."""
    for known, iteration, advice in lab.advised:
        if known is trainer and iteration == trainer.iteration:
            return advice
    advice = lesson.advise(trainer)
    lab.advised = [(trainer, trainer.iteration, advice), *lab.advised[:1]]  # shown, next
    return advice


def why(lab, trainer, lang):
    """Why the controls are off, or what to try when training stalls, said on the status
    line in its place (one place, where the eyes are); None when all is well."""
    if lab.problem is not None:
        return text(lang, "why_table", reason=table_error(lang, lab.problem))
    if trainer.diverged:
        return text(lang, "why_stage_diverged")
    if lab.shown is not None and lab.shown < lab.trainer.iteration:
        return None
    advice = advise(lab, trainer)
    if advice is None:
        return None
    if advice.kind == "noise":
        return text(lang, "stalled_noise", wrong=int((~trainer.rows_right(test=False)).sum()))
    if advice.kind == "one_neuron":
        return text(lang, "stalled_one_neuron")
    return text(lang, "stalled", window=number(lesson.STALL_WINDOW, lang))


def status_news(lab, trainer, lang):
    """The news said on the status line (``Lab.status_note``), in one line (the notice's
    status_ form), while it is about ``trainer`` as it is now; None otherwise."""
    if lab.status_note is None:
        return None
    about, at, key, values = lab.status_note
    if about is not trainer or at != trainer.iteration:
        return None
    return notice(lang, "status_" + key, values)


def status(lab, trainer, lang, target):
    reason = why(lab, trainer, lang)
    if reason is not None:
        return reason
    i, loss = number(trainer.iteration, lang), number(trainer.loss(), lang, 6)
    if lab.shown is not None and lab.shown < lab.trainer.iteration:
        return text(lang, "status_past", i=i, now=number(lab.trainer.iteration, lang))
    if (news := status_news(lab, trainer, lang)) is not None:
        return news
    if trainer.iteration >= target:
        return text(lang, "status_done", i=i, loss=loss)
    return text(lang, "status", i=i, loss=loss)


def announce(trainer, lang):
    right = trainer.rows_right()
    return text(lang, "announce", i=number(trainer.iteration, lang),
                loss=number(trainer.loss(), lang, 6), right=number(right.sum(), lang), rows=number(len(right), lang))


def live(lab, lang):
    """The controls and what training looks like now. A control reruns this part alone (a
    Step is about a third of a whole page's work); the views follow with a rerun of the page
    when what they show changed. While Run is on, this part reruns once per stretch, when
    the browser has played the last one (the stage's "more" trigger)."""
    def body():
        page = page_settings()
        target = page["target_iterations"]
        if "controls" not in lab.hide:
            controls(lab, lang, page)
        stretch = state.play(lab, lang, target, page["speed"])  # Run: what the browser plays
        notices(lab, lang)
        readouts = (played(lab.trainer, stretch, lang) if stretch is not None
                    else [readings(lab.viewed(), lang)])
        metrics(lab, readouts[0], lang)
        if "charts" not in lab.hide:
            picture(lab, lang, readouts, target, stretch, row=_row(lab))
        elif stretch is None and (reason := why(lab, lab.viewed(), lang)):
            st.warning(reason)  # no status line without the picture
        remedies(lab, lang)
        timeline(lab, lang, playing=stretch is not None)
        st.caption(text(lang, "diagram_caption"))
        state.sync_link(lab)
        if not lab.drawing and stretch is None and lab.views_at != lab.views_key():
            # this part ran alone (a control, a pause the browser reported): the views follow
            st.rerun()

    @st.fragment
    def draw():
        state.settle(lab)  # this part may run alone after a command (Reset, Train)
        playing = lab.run.state == run.PLAYING
        # a rerun of this part alone takes its turn too (app.py's runs hold it already);
        # Run's stretches queue for it one at a time, so a Step waits behind one at most
        queue = turn.stretches if playing and not lab.drawing else nullcontext()
        with queue, turn.lock:
            body()

    draw()


def page_settings():
    """The page's own settings (Train's target, Step × N, Run's speed), read once a run."""
    return {key: int(st.session_state[key]) for key in settings.PAGE_SETTINGS}


def _row(lab):
    row = st.session_state.get("row", -1)
    return row if isinstance(row, int) and 0 <= row < lab.table.n_rows else None
