"""Compare runs: many seeds or learning rates trained at once, their loss curves overlaid.

The training takes seconds (32 runs of 20,000 iterations on a large table: about a
minute), so it is never done in a script run: the Compare button's callback hands it to a
worker process and the page follows it (lab/jobs.py)."""

import streamlit as st

from neuron import sweep

from .. import charts, jobs
from ..text import number, text
from .plot import plot, scale

SWEEP_SEEDS = (4, 8, 16, 32)
SWEEP_RATES = (0.1, 0.5, 1.0, 2.0, 5.0, 10.0, 50.0)
MAX_ITERATIONS = 20_000  # per run (the target when it is smaller)


def about(lab, target):
    """What a comparison is about (``target``: Train's): it is shown only while these are
    on screen."""
    return lab.table, lab.trainer.config, min(target, MAX_ITERATIONS)


def start(lab):
    """Compare's callback: hand the runs to a worker process."""
    state = st.session_state
    config = lab.trainer.config
    if state["compare_by"] == "seeds":
        runs = dict(seeds=[(config.seed + k) % 2**32 for k in range(int(state["compare_count"]))])
    else:
        runs = dict(learning_rates=state.get("compare_rates") or [config.learning_rate])
    what = about(lab, int(state["target_iterations"]))
    jobs.start(lab, "compare", what, sweep, config, lab.table, what[2], **runs)


def compared(lab, about, result):
    lab.sweep = (about, result)


def draw(lab, lang):
    st.caption(text(lang, "compare_help"))
    st.caption(text(lang, "compare_limits", seeds=max(SWEEP_SEEDS), rates=len(SWEEP_RATES),
                    iterations=number(MAX_ITERATIONS, lang)))
    state = st.session_state
    for key, value in (("compare_by", "seeds"), ("compare_count", 16),
                       ("compare_rates", [0.1, 1.0, 10.0])):
        if key not in state:
            state[key] = value
    # the choices are kept while the view is closed
    by = st.radio(text(lang, "compare_by"), ["seeds", "rates"], horizontal=True,
                  key="compare_by", format_func=lambda v: text(lang, f"compare_{v}"),
                  persist_state="session")
    if by == "seeds":
        st.select_slider(text(lang, "compare_count"), SWEEP_SEEDS, key="compare_count",
                         persist_state="session")
    else:
        st.multiselect(text(lang, "compare_rate_list"), SWEEP_RATES, key="compare_rates",
                       format_func=lambda v: number(v, lang), persist_state="session")
    st.button(text(lang, "compare_button"), key="compare",
              disabled=lab.problem is not None or "compare" in lab.jobs,
              on_click=start, args=(lab,))
    jobs.follow(lab, "compare", lang, "compare_working",
                lambda about, result: compared(lab, about, result))
    # a comparison is shown only while it is about the table and settings on screen
    if lab.sweep is None or lab.sweep[0] != about(lab, int(state["target_iterations"])):
        return
    result = lab.sweep[1]
    # each run named by what differs between them (the legend stays short on a phone)
    key = ("compare_seed" if len(set(result.learning_rates)) == 1 else
           "compare_rate" if len(set(result.seeds)) == 1 else "compare_run")
    names = [text(lang, key, seed=s, lr=number(lr, lang))
             for s, lr in zip(result.seeds, result.learning_rates)]
    labels = {k: text(lang, k) for k in ("iteration_axis", "loss_axis")}
    labels.update(fits=text(lang, "compare_fits"), misses=text(lang, "compare_misses"))
    plot(charts.sweep_figure(result.iterations, result.loss, names, result.fits, labels,
                             scale=scale(lab), tick=lambda v: number(v, lang, 3)),
         "compare_chart", lang)
    st.markdown(text(lang, "compare_result", fit=number(result.fits.sum(), lang),
                     total=number(len(result), lang),
                     iterations=number(result.iterations[-1], lang)))

