"""The same network in TensorFlow (Keras 3): the numpy update beside the Keras code that
does the same, line for line, a script to download, and what the tests prove."""

import streamlit as st

from neuron import export_keras, keras_lines
from neuron.export_keras import unsupported

from .. import settings
from ..text import md, number, text


def draw(lab, lang):
    trainer = lab.trainer
    st.markdown(text(lang, "keras_intro"))
    refused = unsupported(trainer.config)
    if refused:
        names = ", ".join(text(lang, settings.LABELS[name]) if name in settings.LABELS
                          else md(name) for name in refused)
        st.info(text(lang, "keras_unsupported", settings=names))
        return
    pairs = keras_lines(trainer)
    left, right = st.columns(2)
    left.markdown(f"**{text(lang, 'keras_numpy')}**")
    right.markdown(f"**{text(lang, 'keras_keras')}**")
    for numpy_code, keras_code, key in pairs:
        st.markdown(text(lang, key))
        left, right = st.columns(2)
        left.code(numpy_code, language="python")
        right.code(keras_code, language="python")
    st.markdown(text(lang, f"keras_loss_shown_{trainer.config.loss}",
                     loss=number(trainer.loss(), lang)))
    ask = lab.asked()
    st.download_button(text(lang, "keras_download"), key="export_keras",
                       data=lambda: export_keras(trainer, ask=ask), file_name="neuron_keras.py",
                       mime="text/x-python", on_click="ignore")
    st.caption(text(lang, "keras_proven"))
