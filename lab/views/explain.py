"""Explain this step: the update that led to the iteration shown (at 0, the next one), in
the article's five steps, and the questions learners ask about it."""

import numpy as np
import pandas as pd
import streamlit as st

from ..explain import explain
from ..text import number, text


def draw(lab, lang):
    trainer = lab.viewed()
    record, which = lab.record_shown()
    if record is None:
        st.info(text(lang, "diverged"))
        return
    st.caption(text(lang, which))
    for kind, payload in explain(record, trainer, lang):
        if kind == "md":
            st.markdown(payload)
        else:
            columns, rows = payload
            st.table(pd.DataFrame(rows, columns=columns).set_index(columns[0]))
    questions(trainer, record, lang)


def questions(trainer, record, lang):
    st.header(text(lang, "questions"))
    zero = trainer.predict(np.zeros(trainer.table.n_inputs))[0, 0]
    value = number(zero, lang, 8)
    config = trainer.config
    if config.bias and not config.hidden:
        answer = text(lang, "a_zero_bias", bias=number(trainer.biases[-1][0], lang, 8),
                      value=value)
    elif config.bias:
        answer = text(lang, "a_zero_deep_bias", value=value)
    elif not config.hidden:
        answer = text(lang, "a_zero", value=value)
    elif zero == 0.5:
        answer = text(lang, "a_zero_hidden_half", act=config.activation, value=value)
    else:
        answer = text(lang, "a_zero_hidden", value=value)
    with st.expander(text(lang, "q_zero")):
        st.markdown(answer)
    with st.expander(text(lang, "q_slope")):
        st.markdown(text(lang, "a_slope", out=number(record.outputs[0, 0], lang, 5),
                         slope=number(record.slopes[-1][0, 0], lang, 5)))
    with st.expander(text(lang, "q_lr")):
        st.markdown(text(lang, "a_lr", lr=number(trainer.config.learning_rate, lang)))
