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
# - Importing numpy, pandas, plotly and Streamlit here, once per process, and freezing
#   what exists keeps their ~140,000 objects out of every collection for good.
# - scipy's solver (only the separability verdict needs it) took ~0.6 s of the first
#   visitor's wait: it is imported after the first page is drawn, off the script's thread,
#   and frozen too (with what the first session holds then: a one-off few thousand objects).
import threading

import numpy  # noqa: F401
import pandas  # noqa: F401
import plotly.graph_objects  # noqa: F401
import streamlit  # noqa: F401

gc.freeze()
_warming = threading.Lock()


def _import_the_rest():
    import scipy.optimize  # noqa: F401
    gc.freeze()


def warm_up():
    """Import, once per process and in the background, what only some views need."""
    if _warming.acquire(blocking=False):  # never released: the first call starts it
        threading.Thread(target=_import_the_rest, name="neuron-lab-imports",
                         daemon=True).start()
