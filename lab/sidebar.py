"""The sidebar: language and every training setting (each one a row of lab/settings.py)."""

from functools import partial

import streamlit as st

from neuron.config import (
    ACTIVATIONS,
    LOSSES,
    MAX_HIDDEN_LAYERS,
    MAX_HIDDEN_SIZE,
    REGULARIZATIONS,
)

from . import fields, settings, state
from .text import LANGUAGES, text


def draw(lab, lang):
    """The settings in the page's language ``lang`` (the picker's value, which Streamlit
    sets before the run), unless the link hides them."""
    s = st.session_state
    if "settings" in lab.hide:
        return
    changed = dict(on_change=state.settings_changed, args=(lab,))
    with st.sidebar:
        st.radio(text(lang, "language"), list(LANGUAGES), key="lang",
                 format_func=LANGUAGES.get, horizontal=True)
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
        _field(lab, text(lang, "learning_rate"), "learning_rate", **changed,
               help=text(lang, "learning_rate_help"))
        st.toggle(text(lang, "bias"), key="bias", help=text(lang, "bias_help"), **changed)
        _field(lab, text(lang, "seed"), "seed", **changed, help=text(lang, "seed_help"))
        with st.expander(text(lang, "more_settings"), expanded=_changed(s)):
            _field(lab, text(lang, "batch_size"), "batch_size", **changed,
                   help=text(lang, "batch_size_help"))
            st.selectbox(text(lang, "regularization"), REGULARIZATIONS, key="regularization",
                         format_func=lambda r: text(lang, f"reg_{r}"), **changed)
            if s["regularization"] != "none":
                _field(lab, text(lang, "regularization_rate"), "regularization_rate", **changed)
            st.select_slider(text(lang, "test_fraction"), settings.TEST_FRACTIONS,
                             key="test_fraction", format_func=lambda f: f"{f:.0%}",
                             help=text(lang, "test_fraction_help"), **changed)
        _field(lab, text(lang, "target_iterations"), "target_iterations")
        _field(lab, text(lang, "step_size"), "step_size")
        st.select_slider(text(lang, "speed"), settings.SPEEDS, key="speed")
        s["log_loss"] = lab.log_loss
        st.toggle(text(lang, "log_scale"), key="log_loss", help=text(lang, "log_scale_help"),
                  on_change=state.log_changed, args=(lab,))


def _field(lab, label, key, **kwargs):
    """A number setting, written and read in the page's language (lab/fields.py)."""
    fields.field(lab, label, key, settings.BY_KEY[key].parse, **kwargs)


def _changed(s):
    """The extra settings start open when one of them is not the article's."""
    return any(s[k] != settings.BY_KEY[k].default
               for k in ("batch_size", "regularization", "test_fraction"))
