"""Number fields in the page's language. Streamlit's ``st.number_input`` writes a printf
format on every page (``0.5``, ``10000``), so a field is a text input instead.

A field shows a number it is given and hands what is typed to its callback: the number
has one owner elsewhere (a setting's own key, the Lab's Ask row). The text input is keyed
``key + TEXT``, in a container keyed ``key``. Its text is always the number as the page
writes it (``number(value, lang, None)``: exact, grouped), so a language switch or a value
set elsewhere (a link, the one-click fix) shows at once. What is typed is read as a table
cell is (``0,5`` and ``0.5`` are 0.5 in both languages); a value that is not a number or
out of range is named in a notice and the last good value kept.
"""

import streamlit as st

from neuron import TableError
from neuron.number_text import parse_cell

from .settings import short
from .text import GROUP, md, number

TEXT = "_text"


def read(typed, lang):
    """The number ``typed`` means on a page in ``lang``: as a table cell means it, and the
    page's own writing as the page means it (``10.000`` in Spanish, which a cell refuses
    as ambiguous). Raises ValueError."""
    try:
        return parse_cell(typed, lang)
    except TableError as error:
        if error.rule != "ambiguous_number":
            raise ValueError(typed) from None
    try:
        x = parse_cell(typed.replace(GROUP[lang], ""), lang)
    except TableError:
        raise ValueError(typed) from None
    if number(x, lang, None) != typed.strip().replace("-", "−"):
        raise ValueError(typed)
    return x


def field(lab, label, key, value, parse, on_change, args=(), **kwargs):
    """A text input for the number ``value``. ``parse`` checks a typed number as the link
    does (the setting's parser, given the number's shortest text); then
    ``on_change(*args, number)`` runs."""
    s = st.session_state
    shown = number(value, s["lang"], None)
    if s.get(key + TEXT) != shown:
        s[key + TEXT] = shown
    # keyed like the setting, so the page's CSS class for it (st-key-<key>) is where it was
    with st.container(key=key, width=kwargs.get("width", "stretch")):
        st.text_input(label, key=key + TEXT, on_change=_typed,
                      args=(lab, label, key, value, parse, on_change, args), **kwargs)


def _typed(lab, label, key, value, parse, on_change, args):
    s = st.session_state
    typed = s[key + TEXT]
    try:
        x = read(typed, s["lang"])
    except ValueError:
        problem = "field_not_number"
    else:
        try:
            x = parse(short(x))
        except (ValueError, KeyError):
            problem = "field_out_of_range"
        else:
            on_change(*args, x)
            return
    lab.say("error", problem, field=label, value=md(typed),
            kept=number(value, s["lang"], None))
    s[key + TEXT] = number(value, s["lang"], None)
