"""Work handed to a worker process (neuron/work.py) and followed on the page. Starting it
takes no time (a callback, or the script run that needs it); a fragment then shows its
progress with Cancel, asked again every POLL_S seconds (that part of the page alone),
until the result is in the lab and the page is drawn again with it."""

import streamlit as st

from neuron import work

from . import turn
from .text import number, text

POLL_S = 0.5


def start(lab, name, about, fn, *args, **kwargs):
    """Hand ``fn(*args, **kwargs)`` to a worker as job ``name`` (one per name: a new one
    replaces the last); ``about``: what its result will describe."""
    cancel(lab, name, quiet=True)
    try:
        lab.jobs[name] = (about, work.submit(fn, *args, **kwargs))
    except work.Busy:
        lab.say("warning", "work_busy")


def cancel(lab, name, quiet=False):
    pending = lab.jobs.pop(name, None)
    if pending is not None:
        pending[1].cancel()
        if not quiet:
            lab.say("info", "work_cancelled")


def about(lab, name):
    """What job ``name`` under way is about; None without one."""
    pending = lab.jobs.get(name)
    return None if pending is None else pending[0]


def follow(lab, name, lang, working, done, failed=None):
    """While job ``name`` is under way: its progress (text key ``working``, with
    {percent}) and Cancel; once it is done, ``done(about, result)`` and the page again
    (if it raised, ``failed(about, error)``, true when it said so on the page)."""
    if name not in lab.jobs:
        return

    @st.fragment(run_every=POLL_S)
    def poll():
        with turn.lock:
            pending = lab.jobs.get(name)
            if pending is None:  # cancelled: the page without this part
                st.rerun()
            about, job = pending
            if job.done():
                del lab.jobs[name]
                _settle(lab, about, job, done, failed)
                st.rerun()
            share = job.progress
            st.progress(share, text=text(lang, working, percent=number(round(100 * share), lang))
                        if job.started() else text(lang, "work_waiting"))
            st.button(text(lang, "work_cancel"), key=f"{name}_cancel",
                      on_click=cancel, args=(lab, name))

    poll()


def _settle(lab, about, job, done, failed):
    try:
        result = job.result()
    except work.Cancelled:
        return
    except Exception as error:  # noqa: BLE001 - raised in the worker
        if failed is None or not failed(about, error):
            lab.say("error", "work_failed")  # a worker that died, or a bug: keep the page
        return
    done(about, result)
