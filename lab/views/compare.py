"""Compare runs: many seeds or learning rates trained at once, their loss curves overlaid."""

import streamlit as st

from neuron import sweep

from .. import charts
from ..text import number, text
from .plot import plot, scale

SWEEP_SEEDS = (4, 8, 16, 32)
SWEEP_RATES = (0.1, 0.5, 1.0, 2.0, 5.0, 10.0, 50.0)


def draw(lab, lang):
    st.caption(text(lang, "compare_help"))
    state = st.session_state
    # the choices outlive a language switch (new labels make new widgets)
    for key, value in (("compare_by", "seeds"), ("compare_count", 16),
                       ("compare_rates", [0.1, 1.0, 10.0])):
        state[key] = state.get(key, value)
    by = st.radio(text(lang, "compare_by"), ["seeds", "rates"], horizontal=True,
                  key="compare_by", format_func=lambda v: text(lang, f"compare_{v}"))
    if by == "seeds":
        st.select_slider(text(lang, "compare_count"), SWEEP_SEEDS, key="compare_count")
    else:
        st.multiselect(text(lang, "compare_rate_list"), SWEEP_RATES, key="compare_rates",
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
