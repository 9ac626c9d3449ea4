"""Neuron Lab: the page. Layout and wiring only; the parts live in lab/, training in neuron/."""

import streamlit as st

from lab import session
from lab.sections import (
    ask,
    controls,
    curves,
    diagram,
    metrics,
    notices,
    predictions,
    run_view,
    sidebar,
    table_section,
)
from lab.text import text

st.set_page_config(page_title="Neuron Lab", page_icon="🧠", layout="wide")

lab = session.start()
lang = sidebar(lab)
st.title(text(lang, "title"))
st.markdown(text(lang, "intro"))

left, right = st.columns([5, 6], gap="large")
with left:
    table_section(lab, lang)
    controls(lab, lang)
notices(lab, lang)


@st.fragment(run_every=session.run_period(lab) if st.session_state["running"] else None)
def live():
    if st.session_state["running"]:
        run_view(lab, lang)
        return
    metrics(lab, lang)
    a, b = st.columns([6, 5], gap="large")
    with a:
        diagram(lab, lang)
    with b:
        curves(lab, lang)


with right:
    live()

predictions(lab, lang)
ask(lab, lang)
