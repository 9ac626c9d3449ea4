"""What the page last said: notices kept in the lab, shown once in the page's language."""

from numbers import Real

import streamlit as st

from neuron import TableError

from . import settings
from .text import md, number, table_error, text


def notices(lab, lang):
    for kind, key, values in lab.notices:
        message = notice(lang, key, values)
        if kind == "info":  # out of the layout: the stage does not move
            st.toast(message)
        else:
            getattr(st, kind)(message)
    lab.notices.clear()


def notice(lang, key, values):
    """A notice's words in the page's language."""
    values = {k: _said(k, v, lang) for k, v in values.items()}
    if isinstance(values.get("what"), tuple):
        values["what"] = ", ".join(text(lang, settings.LABELS.get(k, k)).lower()
                                   for k in values["what"])
    return text(lang, key, **values)


def _said(name, value, lang):
    """A notice's value in the page's language: numbers as it writes them (10.000)."""
    if isinstance(value, TableError):
        return table_error(lang, value)
    if name in ("name", "column"):
        return md(value)
    if name == "typed":  # values typed into the table, each quoted as the language quotes
        return ", ".join(text(lang, "quoted", value=md(v)) for v in value)
    if isinstance(value, Real) and not isinstance(value, bool):
        return number(value, lang)
    return value
