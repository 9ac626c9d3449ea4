"""Neuron Lab: the page. Layout and wiring only; the parts live in lab/, training in neuron/."""

import streamlit as st

from lab import sections as page
from lab import session, teach
from lab.text import text

present = st.query_params.get("present") == "1"
st.set_page_config(page_title="Neuron Lab", page_icon="🧠", layout="wide",
                   initial_sidebar_state="collapsed" if present else "auto")

lab = session.start()
lang = page.sidebar(lab)
if lab.present:
    page.presenter_style()
st.title(text(lang, "title"))
st.markdown(text(lang, "intro"))
if "controls" not in lab.hide:
    page.controls(lab, lang)
page.notices(lab, lang)


@st.fragment(run_every=session.run_period() if st.session_state["running"] else None)
def live():
    """What training looks like now; while Run is on, replays itself once per stretch."""
    playing = st.session_state["running"] and page.run_view(lab, lang)
    if not playing:
        teach.timeline(lab, lang)
        shown = teach.view(lab)
        page.metrics(shown, lang)
        a, b = st.columns([1, 1], gap="large")
        with a:
            page.diagram(shown, lang)
        if "charts" not in lab.hide:
            with b:
                page.curves(lab, lang)
    session.sync_link(lab)


live()
shown = teach.view(lab)
a, b = st.columns([1, 1], gap="large")
if "table" not in lab.hide:
    with a:
        page.table_section(lab, lang)
with b:
    if "predictions" not in lab.hide:
        page.predictions(lab, lang)
    if "ask" not in lab.hide:
        page.ask(lab, lang)
a, b = st.columns([3, 2], gap="large")
with a:
    record = teach.explanation(lab, shown, lang)
with b:
    teach.sigmoid_view(shown, record, lang)
    teach.questions(shown, record, lang)
a, b = st.columns([1, 1], gap="large")
with a:
    teach.boundary(lab, shown, lang)
    teach.separable(lab, shown, lang)
with b:
    teach.compare(lab, lang)
a, b = st.columns([1, 1], gap="large")
with a:
    teach.export(lab, lang)
with b:
    teach.share(lab, lang)
session.sync_link(lab)
