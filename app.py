"""Neuron Lab: the page. Wiring only: the stage, then the open view. The parts live in
lab/, training in neuron/."""

import streamlit as st

from lab import sidebar, stage, state, turn, views, warm

present = st.query_params.get("present") == "1"
st.set_page_config(page_title="Neuron Lab", page_icon="🧠", layout="wide",
                   initial_sidebar_state="collapsed" if present else "auto")

with turn.lock:  # one script run at a time in this process (lab/turn.py)
    lab = state.start()
    lab.drawing = True
    lang = st.session_state["lang"]
    stage.style(lab)
    stage.header(lab, lang)
    stage.live(lab, lang)  # the controls too: a Step reruns the stage alone
    sidebar.draw(lab, lang)  # after the stage: a new visitor's browser loads its code first
    views.draw(lab, lang)
    state.sync_link(lab)
    lab.drawing = False
warm.warm_up()  # what only some views need, imported while the browser draws
