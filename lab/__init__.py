"""The page's parts: strings, charts and session handling (app.py wires them)."""

import gc

# Garbage collection, one server process for every visitor (measured by
# `python -m tests.bench classroom` and `soak`):
# - .streamlit/config.toml turns off Streamlit's gc.collect(2) after every script run
#   (runner.postScriptGC). It walks every session's objects, so a class of N running
#   sessions paid for it N times per stretch period, N² in all.
# - Python's generational collection stays on: it collects the youngest objects often and
#   all of them only when the survivors grew by a quarter, so its cost follows what is
#   allocated, not how many sessions exist. The soak shows memory does not grow without
#   the forced collection.
# - Importing numpy, pandas, plotly, scipy and Streamlit here, once per process, and
#   freezing what exists keeps their ~140,000 objects out of every collection for good.
import numpy  # noqa: F401
import pandas  # noqa: F401
import plotly.graph_objects  # noqa: F401
import scipy.optimize  # noqa: F401
import streamlit  # noqa: F401

gc.freeze()
