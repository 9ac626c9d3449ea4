"""The training table: a preset, the editor, columns, a CSV to load or download."""

import streamlit as st

from neuron import datasets, features

from .. import sources, state
from ..text import table_error, text


def draw(lab, lang):
    s = st.session_state
    load = dict(on_change=state.load_preset, args=(lab,))
    st.selectbox(text(lang, "preset"), sources.choices(), key="preset",
                 format_func=lambda c: sources.title(c, lang), **load)
    st.caption(sources.description(s["preset"], lang))
    if sources.is_data(s["preset"]):
        with st.container(horizontal=True, gap="medium"):
            for p in datasets.PARAMETERS:
                if p.name == "noise":
                    st.slider(p.label(lang), p.low, p.high, key=sources.KEYS[p.name], **load)
                else:
                    st.number_input(p.label(lang), p.low, p.high, key=sources.KEYS[p.name],
                                    **load)
        st.pills(text(lang, "features"), list(features.FEATURES), key=sources.FEATURES_KEY,
                 selection_mode="multi", format_func=lambda f: features.FEATURES[f].label(),
                 help=text(lang, "features_help"), **load)
    columns = {name: st.column_config.TextColumn(text(lang, "target_mark", name=name))
               for name in lab.table.target_names}
    columns.update({name: st.column_config.TextColumn(name) for name in lab.table.input_names})
    editor = lab.editor
    if editor.lang != lang:
        # new labels make a new editor: a pending (invalid) edit is carried over, a valid
        # table is written again with the language's decimal mark
        editor.frame = editor.now if lab.problem is not None and editor.now is not None \
            else state.table_frame(lab.table, lang)
        editor.version += 1
        editor.lang = lang
    st.data_editor(editor.frame, key=editor.key, num_rows="dynamic", column_config=columns,
                   hide_index=True, width="stretch", on_change=state.edited, args=(lab,))
    if lab.problem is not None:
        st.error(text(lang, "table_invalid", reason=table_error(lang, lab.problem)))
    st.caption(text(lang, "table_help"))
    with st.container(horizontal=True, gap="small"):
        for key, change in [("add_input", dict(inputs=1)), ("remove_input", dict(inputs=-1)),
                            ("add_output", dict(outputs=1)), ("remove_output", dict(outputs=-1))]:
            st.button(text(lang, key), key=key, on_click=state.change_columns, args=(lab,),
                      kwargs=change)
    with st.expander(text(lang, "upload")):
        st.file_uploader(text(lang, "upload"), type=["csv", "txt"], key="upload",
                         help=text(lang, "upload_help"), label_visibility="collapsed",
                         on_change=state.uploaded, args=(lab,))
        st.download_button(text(lang, "download_csv"), lab.table.to_csv(),
                           file_name="neuron-lab-table.csv", mime="text/csv",
                           key="download_csv")
