"""The training table: a preset, the editor, columns, a CSV to load or download."""

import streamlit as st

from neuron import datasets, features, lesson
from neuron.number_text import DECIMAL_MARK

from .. import callbacks, editor, fields, grid_keys, settings, sources
from ..text import number, table_error, text


def draw(lab, lang):
    s = st.session_state
    # the source's widgets own it (kept while another view is open)
    load = dict(on_change=callbacks.load_preset, args=(lab,), persist_state="session")
    st.selectbox(text(lang, "preset"), sources.choices(), key="preset",
                 format_func=lambda c: sources.title(c, lang), on_change=callbacks.choose_source,
                 args=(lab,), persist_state="session")
    st.caption(sources.description(s["preset"], lang))
    if sources.is_data(s["preset"]):
        with st.container(horizontal=True, gap="medium", vertical_alignment="bottom"):
            for p in datasets.PARAMETERS:
                key = sources.KEYS[p.name]  # the widget's, and its label's in the catalogue
                if p.name == "noise":
                    st.slider(text(lang, key), p.low, p.high, key=key, **load)
                else:
                    fields.field(lab, text(lang, key), key, s[key], settings.whole(p.low, p.high),
                                 callbacks.typed, args=(key, callbacks.load_preset, lab))
            st.button(text(lang, "new_data"), key="new_data", help=text(lang, "new_data_help"),
                      on_click=callbacks.new_data, args=(lab,))
        with st.container(horizontal=True, gap="medium"):
            st.pills(text(lang, "inputs"), list(sources.INPUTS), key=sources.INPUTS_KEY,
                     selection_mode="multi", help=text(lang, "inputs_help"), **load)
            st.pills(text(lang, "features"), list(features.FEATURES), key=sources.FEATURES_KEY,
                     selection_mode="multi", format_func=lambda f: features.FEATURES[f].label(),
                     help=text(lang, "features_help"), **load)
        recipe(lab, lang, s["preset"][len(sources.DATA):])
    # a new row's cells start empty (not "None", the grid's word for a missing value)
    columns = {name: st.column_config.TextColumn(text(lang, "target_mark", name=name),
                                                 default="")
               for name in lab.table.target_names}
    columns.update({name: st.column_config.TextColumn(name, default="")
                    for name in lab.table.input_names})
    st.data_editor(editor.shown(lab, lang), key=lab.editor.key, num_rows="dynamic",
                   column_config=columns, hide_index=True, width="stretch",
                   on_change=editor.edited, args=(lab,))
    grid_keys.draw(lab.editor, lambda: callbacks.keys_refused(lab))
    if lab.problem is not None:
        st.error(text(lang, "table_invalid", reason=table_error(lang, lab.problem)))
    st.caption(text(lang, "table_help"))
    with st.container(horizontal=True, gap="small"):
        for key, change in [("add_input", dict(inputs=1)), ("remove_input", dict(inputs=-1)),
                            ("add_output", dict(outputs=1)), ("remove_output", dict(outputs=-1))]:
            st.button(text(lang, key), key=key, on_click=callbacks.change_columns, args=(lab,),
                      kwargs=change)
    with st.expander(text(lang, "upload")):
        st.file_uploader(text(lang, "upload"), type=["csv", "txt", "json"], key="upload",
                         help=text(lang, "upload_help"), label_visibility="collapsed",
                         on_change=callbacks.uploaded, args=(lab,))
        # Streamlit's own limit message is English only: say it here in the page's language
        st.caption(text(lang, "upload_limit", mb=st.get_option("server.maxUploadSize")))
        # in the reader's spreadsheet convention: ";" and decimal commas in Spanish
        # written when clicked, in a thread of Streamlit's (outside the turn): a large
        # table's CSV takes a quarter of a second
        table, mark = lab.table, DECIMAL_MARK[lang]
        st.download_button(text(lang, "download_csv"), lambda: table.to_csv(mark),
                           file_name="neuron-lab-table.csv", mime="text/csv",
                           key="download_csv", on_click="ignore")
    with st.expander(text(lang, "playground"), expanded=sources.is_data(s["preset"])):
        st.text_input(text(lang, "playground"), key="playground_address",
                      placeholder="https://playground.tensorflow.org/#dataset=xor&…",
                      help=text(lang, "playground_help"), label_visibility="collapsed",
                      on_change=callbacks.open_playground, args=(lab,))
        st.caption(text(lang, "playground_note"))


def recipe(lab, lang, name):
    """The network measured to learn this data set, one click away."""
    config = lab.trainer.config
    proposal = lesson.fix(config, lab.table, dataset=name)
    c = proposal.config
    parts = [text(lang, "recipe_hidden", sizes=" × ".join(map(str, c.hidden)),
                  act=text(lang, c.activation)) if c.hidden else text(lang, "recipe_single")]
    if c.bias:
        parts.append(text(lang, "bias").lower())
    parts.append(f"{text(lang, 'learning_rate').lower()} {number(c.learning_rate, lang, 3)}")
    if proposal.features:
        parts.append(", ".join(features.FEATURES[f].label() for f in proposal.features))
    if proposal.config == config and list(proposal.features) == \
            list(st.session_state[sources.FEATURES_KEY]):
        st.caption(text(lang, "recipe_applied", what="; ".join(parts)))
        return
    with st.container(horizontal=True, vertical_alignment="center"):
        st.caption(text(lang, "recipe", what="; ".join(parts)))
        st.button(text(lang, "recipe_use"), key="use_recipe", on_click=callbacks.apply_config,
                  args=(lab, c, proposal.features))
