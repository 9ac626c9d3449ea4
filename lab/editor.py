"""The table editor's content: the table as the editor shows it (a pandas frame of text
cells), and a change to it applied in the editor's callback.

pandas (a quarter of a second to import) is needed only here and in the views that draw
tables, so the first page's stage is sent before it is loaded (lab/warm.py).
"""

import pandas as pd
import streamlit as st

from neuron import Table, TableError

from . import run, state, table_text


def table_frame(table, lang="en", written=None):
    """The table as the editor shows it (``table_text.cells``): from ``written`` where
    that holds this table's cells in ``lang`` (a worker wrote them)."""
    if written is not None and written.table is table and written.lang == lang:
        return pd.DataFrame(written.cells, dtype=object)
    return pd.DataFrame(table_text.cells(table, lang), dtype=object)


def shown(lab, lang):
    """The frame the editor is given, made when a new table is first drawn; new labels
    (the language changed) make a new editor, and so does an editor that forgot its edits."""
    editor = lab.editor
    if editor.frame is None:
        editor.frame, editor.lang = table_frame(lab.table, lang, editor.written), lang
    elif editor.lang != lang:
        # a pending (invalid) edit is carried over, a valid table is written again with the
        # language's decimal mark
        editor.frame = editor.now if lab.problem is not None and editor.now is not None \
            else table_frame(lab.table, lang)
        editor.rekey()
        editor.lang = lang
    elif state.edits(editor.delta) and editor.key not in st.session_state:
        # drawn again after another view was open: Streamlit forgets a widget's state (the
        # editor's edits) while it is not drawn, so a new editor starts from them
        editor.frame = editor.now
        editor.rekey()
    return editor.frame


def edited(lab):
    """The editor's change, applied in its callback: a new table, or a problem to show."""
    if lab.editor.frame is None:  # the table was replaced first: the change was to the old one
        return
    delta = st.session_state.get(lab.editor.key) or {}
    df = apply_edits(lab.editor.frame, delta)
    lab.editor.now, lab.editor.delta = df, delta
    try:
        table = Table.from_dataframe(df, targets=lab.table.target_names,
                                     lang=st.session_state.get("lang", "en"))
    except TableError as error:
        lab.problem = error
        run.stop(lab)  # where training is, not at the stretch's start
        return
    lab.problem = None
    if table != lab.table:
        state.user_table(lab, table, replace_editor=False)


def apply_edits(frame, delta):
    """The editor's content: its input frame with the edits Streamlit reports applied."""
    df = frame.copy()
    for row, changes in (delta.get("edited_rows") or {}).items():
        for column, value in changes.items():
            if column in df.columns and int(row) < len(df):
                df.iloc[int(row), df.columns.get_loc(column)] = value
    added = list(delta.get("added_rows") or [])
    if added:
        df = pd.concat([df, pd.DataFrame(added, columns=df.columns, dtype=object)],
                       ignore_index=True)
    deleted = [int(r) for r in (delta.get("deleted_rows") or []) if int(r) < len(df)]
    if deleted:
        df = df.drop(index=df.index[deleted]).reset_index(drop=True)
    return df
