"""Typing into the table editor as fast as a script can loses no key: a small script
(lab/grid_keys.js, where the cause is told) holds back the keys the grid would drop while
its cell editor opens, then types them into the editor. Keys no cell takes (a new table
without the cell they were typed into) it reports, refused: ``refusal`` says which."""

from pathlib import Path

import streamlit as st

from . import dom

HERE = Path(__file__).parent
_grid_keys = st.components.v2.component("neuron_lab_grid_keys",
                                        js=dom.SCRIPT + (HERE / "grid_keys.js").read_text())
# the script's reasons for refusing keys: the notice saying each (its "_somewhere" form when
# the report names no cell)
REFUSED = {"no_cell": "keys_no_cell", "not_taken": "keys_not_taken"}
MAX_KEYS = 1000  # a report comes from the browser: anything longer is not the script's
MAX_NAME = 200


def draw(editor, on_refused):
    """The script, for the table ``editor`` (lab/state.py's Editor; it draws nothing);
    ``on_refused`` is called when it refused keys (``refusal`` reads its report)."""
    _grid_keys(data={"key": editor.key, "every": editor.KEY}, key="grid_keys",
               width="content", on_refused_change=on_refused)


def refusal(report):
    """The notice for the script's report of keys it refused: (text key, values), or None
    when they typed nothing or the report is not one the script makes."""
    if not isinstance(report, dict) or report.get("why") not in REFUSED:
        return None
    keys, row, column = report.get("keys"), report.get("row"), report.get("column")
    if not (isinstance(keys, list) and len(keys) <= MAX_KEYS
            and all(isinstance(k, str) for k in keys)):
        return None
    values = typed(keys)
    if not values:
        return None
    key = REFUSED[report["why"]]
    if (isinstance(row, int) and not isinstance(row, bool) and row >= 1
            and isinstance(column, str) and 0 < len(column) <= MAX_NAME):
        return key, {"typed": values, "row": row, "column": column}
    return key + "_somewhere", {"typed": values}


def typed(keys):
    """The values ``keys`` (KeyboardEvent.key, in order) type into cells one after another:
    Tab and Enter end one, Escape drops it, Backspace takes back a character; keys that
    type nothing (arrows, Shift) are left out. Empty values are not said."""
    values, value = [], ""
    for key in keys:
        if key in ("Tab", "Enter"):
            values.append(value)
            value = ""
        elif key == "Escape":
            value = ""
        elif key == "Backspace":
            value = value[:-1]
        elif len(key) == 1:
            value += key
    values.append(value)
    return tuple(v for v in values if v.strip())
