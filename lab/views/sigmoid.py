"""The sigmoid, row by row: where each row sits on the curve at the iteration shown."""

import streamlit as st

from .. import charts, describe
from ..text import text
from .plot import plot, scale


def draw(lab, lang):
    trainer = lab.viewed()
    zs, acts = trainer.forward(trainer.table.inputs)
    z, out = zs[-1][:, 0], acts[-1][:, 0]
    names = [text(lang, "row_n", n=r + 1) for r in range(len(z))][:12]
    fig = charts.sigmoid_figure(z[:12], out[:12], names, {"slope": text(lang, "col_slope")},
                                scale=scale(lab))
    plot(fig, "sigmoid_chart", lang)
    st.caption(describe.sigmoid_summary(z[:12], out[:12], names, lang))  # the chart in words
    st.caption(text(lang, "sigmoid_caption"))
    if len(trainer.layout.sizes) > 2 or trainer.table.n_outputs > 1:
        st.caption(text(lang, "sigmoid_hidden"))
