"""The page's parts: strings, charts and session handling (app.py wires them)."""

import gc

# Streamlit runs a full gc.collect() after every rerun (runner.postScriptGC). With numpy,
# pandas, plotly, scipy and Streamlit loaded that visits ~140,000 objects: about 90 ms of
# the one shared server core per rerun, per visitor. Importing them here, once per process,
# and freezing what exists makes each later collection visit only objects made since
# (under 0.01 ms): a Step costs the server a third of what it did.
import numpy  # noqa: F401
import pandas  # noqa: F401
import plotly.graph_objects  # noqa: F401
import scipy.optimize  # noqa: F401
import streamlit  # noqa: F401

gc.freeze()
