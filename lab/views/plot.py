"""Drawing a plotly figure the page's way."""

import streamlit as st

from neuron.number_text import DECIMAL_MARK

from .. import charts
from ..text import GROUP

# ticks as the page writes numbers (10,000 / 10.000, 0.0001), never with plotly's SI
# prefixes (10k, 100μ)
TICKS = dict(tickformat=",.7~g")


def plot(fig, key, lang):
    """Draw a chart with the language's decimal mark and ticks, without plotly's tool bar."""
    layout = fig.to_dict()["layout"]
    layout["separators"] = DECIMAL_MARK[lang] + GROUP[lang]
    for name, axis in layout.items():
        if name.startswith(("xaxis", "yaxis")):
            for k, v in TICKS.items():
                axis.setdefault(k, v)
    st.plotly_chart(fig, key=key, config={"displayModeBar": False})


def scale(lab):
    """Chart text size: larger in presenter mode, for the back of a room."""
    return charts.PRESENTER_SCALE if lab.present else 1.0
