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
# - Freezing what exists once numpy and Streamlit are imported (app.py imports Streamlit
#   before this package) keeps their objects out of every collection for good. Streamlit
#   is not imported here: a worker process reading a take-home run (lab/take_home.py)
#   needs none of it (half a second and 40 MB more per worker).
# - What only the views need (pandas 0.26 s, plotly, scipy's solver 0.6 s) is not in the
#   first visitor's wait for the stage: a view's module is imported when the view is first
#   drawn, after the stage was sent, and the rest after the first page, off the script's
#   thread; then frozen too (with what the first session holds then: a one-off few
#   thousand objects).
import threading

import numpy  # noqa: F401

gc.freeze()
_warming = threading.Lock()


def _import_the_rest():
    from .link import VIEWS
    from .views import module

    for view in VIEWS:
        module(view)
    import scipy.optimize  # noqa: F401
    gc.freeze()


def warm_up():
    """Import, once per process and in the background, what only some views need."""
    if _warming.acquire(blocking=False):  # never released: the first call starts it
        threading.Thread(target=_import_the_rest, name="neuron-lab-imports",
                         daemon=True).start()
