"""Drawing a plotly figure the page's way."""

import streamlit as st


def plot(fig, key, lang):
    """Draw a chart with the language's decimal mark and without plotly's tool bar."""
    fig.to_dict()["layout"]["separators"] = ",." if lang == "es" else ".,"
    st.plotly_chart(fig, key=key, config={"displayModeBar": False})
