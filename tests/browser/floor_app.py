"""The benchmarks' speed floor: the least a Streamlit page with one button and one metric costs."""

import streamlit as st

if "counter" not in st.session_state:
    st.session_state.counter = 0
if st.button("Step", key="step"):
    st.session_state.counter += 1
st.metric("Iteration", st.session_state.counter)
