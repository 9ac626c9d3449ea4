"""The sidebar: language and every training setting (each one a row of lab/settings.py)."""

from functools import partial

import streamlit as st

from neuron.config import (
    ACTIVATIONS,
    LOSSES,
    MAX_BATCH_SIZE,
    MAX_HIDDEN_LAYERS,
    MAX_HIDDEN_SIZE,
    MAX_REGULARIZATION_RATE,
    REGULARIZATIONS,
    SEED_LIMIT,
)

from . import settings, state
from .text import LANGUAGES, text


def draw(lab):
    """Draws the settings (unless hidden) and returns the page's language."""
    s = st.session_state
    if "settings" in lab.hide:
        return s["lang"]
    changed = dict(on_change=state.settings_changed, args=(lab,))
    with st.sidebar:
        st.radio(text(s["lang"], "language"), list(LANGUAGES), key="lang",
                 format_func=LANGUAGES.get, horizontal=True)
        lang = s["lang"]
        st.header(text(lang, "settings"))
        st.number_input(text(lang, "hidden"), 0, MAX_HIDDEN_LAYERS, key="hidden",
                        help=text(lang, "hidden_help"), **changed)
        for k, key in enumerate(settings.LAYER_KEYS[:s["hidden"]]):
            # one per hidden layer (shown only when it applies: a disabled control reads poorly)
            st.number_input(text(lang, "neurons_in", n=k + 1), 1, MAX_HIDDEN_SIZE, key=key,
                            **changed)
        if s["hidden"] > 0:
            st.selectbox(text(lang, "activation"), ACTIVATIONS, key="activation",
                         format_func=partial(text, lang), **changed)
        st.selectbox(text(lang, "loss"), LOSSES, key="loss", format_func=partial(text, lang),
                     **changed)
        st.number_input(text(lang, "learning_rate"), min_value=0.001, max_value=100.0,
                        step=0.1, format="%g", key="learning_rate",
                        help=text(lang, "learning_rate_help"), **changed)
        st.toggle(text(lang, "bias"), key="bias", help=text(lang, "bias_help"), **changed)
        st.number_input(text(lang, "seed"), 0, SEED_LIMIT - 1, key="seed",
                        help=text(lang, "seed_help"), **changed)
        with st.expander(text(lang, "more_settings"), expanded=_changed(s)):
            st.number_input(text(lang, "batch_size"), 0, MAX_BATCH_SIZE, key="batch_size",
                            help=text(lang, "batch_size_help"), **changed)
            st.selectbox(text(lang, "regularization"), REGULARIZATIONS, key="regularization",
                         format_func=lambda r: text(lang, f"reg_{r}"), **changed)
            if s["regularization"] != "none":
                st.number_input(text(lang, "regularization_rate"), 0.0,
                                MAX_REGULARIZATION_RATE, step=0.001, format="%g",
                                key="regularization_rate", **changed)
            st.select_slider(text(lang, "test_fraction"), settings.TEST_FRACTIONS,
                             key="test_fraction", format_func=lambda f: f"{f:.0%}",
                             help=text(lang, "test_fraction_help"), **changed)
        st.number_input(text(lang, "target_iterations"), 1, settings.MAX_TARGET, step=1000,
                        key="target_iterations")
        st.number_input(text(lang, "step_size"), 1, settings.MAX_STEP_SIZE, key="step_size")
        st.select_slider(text(lang, "speed"), settings.SPEEDS, key="speed")
        s["log_loss"] = lab.log_loss
        st.toggle(text(lang, "log_scale"), key="log_loss", help=text(lang, "log_scale_help"),
                  on_change=state.log_changed, args=(lab,))
    return lang


def _changed(s):
    """The extra settings start open when one of them is not the article's."""
    return any(s[k] != settings.BY_KEY[k].default
               for k in ("batch_size", "regularization", "test_fraction"))
