"""Drawing a plotly figure the page's way."""

import streamlit as st

from .. import charts


def plot(fig, key, lang):
    """Draw a chart with the language's decimal mark and without plotly's tool bar."""
    fig.to_dict()["layout"]["separators"] = ",." if lang == "es" else ".,"
    st.plotly_chart(fig, key=key, config={"displayModeBar": False})


def scale(lab):
    """Chart text size: larger in presenter mode, for the back of a room."""
    return charts.PRESENTER_SCALE if lab.present else 1.0
