"""What the network answers: every row of the table, a new row to ask about, and a row
to follow through the diagram."""

import numpy as np
import pandas as pd
import streamlit as st

from .. import describe, fields, state
from ..settings import number_from
from ..text import md, number, text

ASK_RANGE = number_from(-1e6, 1e6)


def draw(lab, lang):
    trainer = lab.viewed()
    table = trainer.table
    out = trainer.predict(table.inputs)
    right = trainer.rows_right()
    data = {text(lang, "col_row"): np.arange(1, table.n_rows + 1)}
    data.update({name: [number(v, lang) for v in table.inputs[:, k]]
                 for k, name in enumerate(table.input_names)})
    for k, name in enumerate(table.target_names):
        data[text(lang, "target_col", name=name)] = [number(v, lang) for v in table.targets[:, k]]
        data[text(lang, "output_col", name=name)] = [number(v, lang, 8) for v in out[:, k]]
    data[text(lang, "right_col")] = [text(lang, "right" if r else "wrong") for r in right]
    if len(trainer.test_rows):  # which rows training never sees
        held = set(trainer.test_rows.tolist())
        data[text(lang, "set_col")] = [text(lang, "test_curve" if r in held else "train_curve")
                                       for r in range(table.n_rows)]
    st.dataframe(pd.DataFrame(data), width="stretch", hide_index=True, key="predictions_table")
    st.caption(describe.right_rule(lang))
    rows = list(range(-1, table.n_rows))
    if st.session_state.get("row") not in rows:
        st.session_state["row"] = -1
    st.selectbox(text(lang, "row_picker"), rows, key="row",
                 format_func=lambda r: text(lang, "no_row") if r < 0 else
                 text(lang, "row_n", n=r + 1))
    ask(lab, trainer, lang)


def ask(lab, trainer, lang):
    table = trainer.table
    st.header(text(lang, "ask"))
    st.caption(text(lang, "ask_help"))
    asked = lab.asked()
    with st.container(horizontal=True, gap="small"):
        for k, name in enumerate(table.input_names):
            fields.field(lab, md(name), f"ask_{k}", asked[k], ASK_RANGE, state.set_ask,
                         args=(lab, k), width=130)
    out = trainer.predict(np.array(asked))[0]
    shown = ", ".join(f"{md(n)} = {number(v, lang, 8)}" for n, v in zip(table.target_names, out))
    st.markdown(f"**{text(lang, 'answer', values=shown, i=number(trainer.iteration, lang))}**")
