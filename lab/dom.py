"""Streamlit's page as this page's scripts and style reach into it, named once: Streamlit's
test ids, the class a keyed element gets, glide-data-grid's (st.data_editor) editor and
timing. A component's JavaScript starts with ``SCRIPT`` (these as ``DOM``, and dom.js,
which says when one finds nothing); the page's style gets them through ``css``.
tests/browser/test_dom.py loads the page and checks that each still finds something, so
a Streamlit upgrade that renames one fails a test instead of silently doing nothing."""

import json
from pathlib import Path
from string import Template

HERE = Path(__file__).parent

KEY_CLASS = "st-key-"  # a widget keyed "k" sits in an element of the class st-key-k
CONNECTION = "data-test-connection-state"  # on the app: "CONNECTED" while it is live
SCRIPT_STATE = "data-test-script-state"  # on the app: "running" while the script runs

SELECTORS = {
    "app": '[data-testid="stApp"]',
    "connected": f'[data-testid="stApp"][{CONNECTION}="CONNECTED"]',
    "keyed": f'[class*="{KEY_CLASS}"]',
    "element": '[data-testid="stElementContainer"]',
    "header": '[data-testid="stHeader"]',
    "main": '[data-testid="stMain"]',
    "main_block": '[data-testid="stMainBlockContainer"]',
    "scroller": '[data-testid="stAppViewContainer"]',
    "metric": '[data-testid="stMetric"]',
    "metric_label": '[data-testid="stMetricLabel"]',
    "metric_label_text": '[data-testid="stMetricLabel"] p',
    "metric_value": '[data-testid="stMetricValue"]',
    "metric_value_text": '[data-testid="stMetricValue"] p',
    "slider": '[data-testid="stSlider"]',
    "slider_value": '[data-testid="stSliderThumbValue"]',
    "slider_ends": '[data-testid="stSliderTickBar"]',
    # the grid's canvas gets the keys of the cell it selects (a <td> of its accessible
    # table, in the canvas); a cell's editor opens in an overlay outside the grid
    "grid_canvas": "canvas",
    "grid_cell": "td",
    "grid_header": "th",  # a column's header cell, in the same table
    "grid_scroller": ".dvn-scroller",  # over the canvas: its scrollTop is the rows scrolled by
    "grid_editor": '[id^="gdg-overlay-"]',
}
# glide's timing, read in its data-editor.tsx: it focuses the grid this many animation
# frames after a click, and a click within this many ms of the last is a double click;
# Streamlit's grid draws its header and each row this many pixels high
GLIDE = {"focus_frames": 2, "double_click_ms": 500, "row_height": 35}

SCRIPT = ("const DOM = " + json.dumps(dict(SELECTORS, key_class=KEY_CLASS,
                                           connection=CONNECTION, script_state=SCRIPT_STATE,
                                           **GLIDE)) + ";\n"
          + (HERE / "dom.js").read_text())


def css(style):
    """``style`` with each ``$name`` written as the selector ``SELECTORS[name]``."""
    return Template(style).substitute(SELECTORS)
