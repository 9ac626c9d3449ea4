"""Typing into the table editor as fast as a script can loses no key: a small script
(lab/grid_keys.js, where the cause is told) holds back the keys the grid would drop while
its cell editor opens, then types them into the editor."""

from pathlib import Path

import streamlit as st

from . import dom

HERE = Path(__file__).parent
_grid_keys = st.components.v2.component("neuron_lab_grid_keys",
                                        js=dom.SCRIPT + (HERE / "grid_keys.js").read_text())


def draw(editor):
    """The script, for the table ``editor`` (lab/state.py's Editor; it draws nothing)."""
    _grid_keys(data={"key": editor.key, "every": editor.KEY}, key="grid_keys",
               width="content")
