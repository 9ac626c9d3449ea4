"""The sidebar: language and every training setting, drawn from the rows of lab/settings.py."""

import streamlit as st

from . import callbacks, fields, settings
from .text import LANGUAGES, text


def draw(lab, lang):
    """The settings in the page's language ``lang`` (the picker's value, which Streamlit
    sets before the run), unless the link hides them."""
    if "settings" in lab.hide:
        return
    rows = [row for row in settings.SETTINGS if row.widget]
    with st.sidebar:
        st.radio(text(lang, "language"), list(LANGUAGES), key="lang",
                 format_func=LANGUAGES.get, horizontal=True, persist_state="session",
                 on_change=callbacks.language)
        st.header(text(lang, "settings"))
        for row in rows:
            if row.group == "main":
                _widget(lab, lang, row)
            elif row is next(r for r in rows if r.group == row.group):
                more = [r for r in rows if r.group == row.group]
                with st.expander(text(lang, "more_settings"), expanded=_changed(more)):
                    for other in more:
                        _widget(lab, lang, other)
        st.toggle(text(lang, "log_scale"), key="log_loss", help=text(lang, "log_scale_help"),
                  persist_state="session")


def _widget(lab, lang, row):
    """One setting's widget, the owner of its value (kept while not drawn); a change to a
    Config field brings training in line (``callbacks.setting``), a page-only setting just
    takes effect."""
    if not _applies(row):  # it would change nothing (a disabled control reads poorly)
        return
    label = text(lang, row.label)
    then = callbacks.setting if row.field or row.widget == "layers" else None
    restarts = dict(on_change=then, args=(lab,)) if then else {}
    help_text = text(lang, row.help) if row.help else None
    if row.widget == "field":
        fields.field(lab, label, row.key, st.session_state[row.key], row.parse,
                     callbacks.typed, args=(row.key, then, lab), help=help_text)
        return
    kwargs = dict(help=help_text, key=row.key, persist_state="session", **restarts)
    if row.widget == "toggle":
        st.toggle(label, **kwargs)
    elif row.widget == "select":
        st.selectbox(label, row.options,
                     format_func=lambda o: text(lang, row.option_text.format(o)), **kwargs)
    elif row.widget == "slider":
        st.select_slider(label, row.options, **kwargs,
                         format_func=(lambda f: f"{f:.0%}") if row.percent else str)
    elif row.widget == "layers":
        st.number_input(label, 0, settings.MAX_HIDDEN_LAYERS, **kwargs)
        for k, key in enumerate(settings.LAYER_KEYS[:st.session_state[row.key]]):
            st.number_input(text(lang, "neurons_in", n=k + 1), 1, settings.MAX_HIDDEN_SIZE,
                            key=key, persist_state="session", **restarts)


def _applies(row):
    """Whether the setting it needs is away from its default."""
    return not row.needs or st.session_state[row.needs] != settings.BY_KEY[row.needs].default


def _changed(rows):
    """The extra settings start open when one of those shown is not the article's."""
    return any(st.session_state[r.key] != r.default for r in rows if _applies(r))
