"""What the page last said: notices kept in the lab, shown once in the page's language."""

import streamlit as st

from neuron import TableError

from . import settings
from .text import md, number, table_error, text


def notices(lab, lang):
    for kind, key, values in lab.notices:
        values = {k: table_error(lang, v) if isinstance(v, TableError) else
                  md(v) if k in ("name", "parts") else v for k, v in values.items()}
        if isinstance(values.get("what"), tuple):
            values["what"] = ", ".join(text(lang, settings.LABELS.get(k, k)).lower()
                                       for k in values["what"])
        if "lr" in values:
            values["lr"] = number(values["lr"], lang)
        message = text(lang, key, **values)
        if kind == "info":  # out of the layout: the stage does not move
            st.toast(message)
        else:
            getattr(st, kind)(message)
    lab.notices.clear()
