"""The views under the stage, one click away, each drawn only while it is open: a Step
redraws the stage and the one open view. Which view is open is part of the lesson link."""

from importlib import import_module

import streamlit as st

from .. import callbacks, dom, jobs, state
from ..link import VIEWS
from ..text import text

# the link's hide= parts that remove a view
HIDES = {"table": "table", "predictions": "predictions", "ask": "predictions"}


def draw(lab, lang):
    lab.views_at = lab.views_key()
    jobs.follow(lab, "train", lang, "training",
                lambda before, trainer: state.trained(lab, before, trainer))
    jobs.follow(lab, "upload", lang, "upload_reading",
                lambda name, written: state.csv_read(lab, name, written.table, written),
                lambda name, error: state.csv_failed(lab, name, error))
    jobs.follow(lab, "run_file", lang, "run_reading",
                lambda name, done: state.run_read(lab, name, done),
                lambda name, error: state.run_failed(lab, name, error, lang))
    hidden = {HIDES[h] for h in lab.hide if h in HIDES}
    shown = [v for v in VIEWS if v not in hidden]
    if lab.view not in shown:
        lab.view = shown[0]
    labels = {text(lang, f"view_{v}"): v for v in shown}
    st.session_state["view"] = text(lang, f"view_{lab.view}")
    scroll_up(data=dict(fix=lab.to_stage), key="to_stage")
    tabs = st.tabs(list(labels), key="view", on_change=callbacks.view, args=(lab, labels))
    for tab, view in zip(tabs, shown):
        if tab.open:
            with tab:
                if lab.run.stretch is not None:
                    st.caption(text(lang, "view_during_run", i=lab.run.stretch.first))
                module(view).draw(lab, lang)


def module(view):
    """A view's module (named after it), imported when the view is first drawn: a new
    visitor's stage is sent before pandas and plotly are loaded (the other views' modules
    are imported in the background after that first page, lab/warm.py)."""
    return import_module(f"{__name__}.{view}")


# After a one-click fix (a button below the stage) the page scrolls up to the stage, where
# training restarts; a count, so a redraw for another reason scrolls nowhere.
_SCROLL_JS = """
let seen;  // the count drawn last (this module lives as long as the page)
export default function ({data, parentElement}) {
  hideOwnElement(parentElement);
  const fix = Number(data.fix);
  const due = seen !== undefined && fix > seen;
  seen = fix;
  if (!due) return;
  for (const el of [document.scrollingElement, need('main'), need('scroller')]) {
    el?.scrollTo({top: 0, behavior: 'instant'});
  }
}
"""
scroll_up = st.components.v2.component("neuron_lab_scroll_up", js=dom.SCRIPT + _SCROLL_JS)
