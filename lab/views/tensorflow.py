"""The same network in TensorFlow (Keras 3): the numpy update beside the Keras code that
does the same, line for line, a script to download, and what the tests prove."""

import streamlit as st

from neuron import ConfigError, export_keras, keras_lines

from ..text import text


def draw(lab, lang):
    trainer = lab.trainer
    st.markdown(text(lang, "keras_intro"))
    try:
        pairs = keras_lines(trainer)
    except ConfigError as error:
        st.info(text(lang, "keras_unsupported", setting=text(lang, error.field)))
        return
    if len(trainer.schedule) > 1:  # the Keras script trains at one learning rate
        st.info(text(lang, "keras_schedule"))
    left, right = st.columns(2)
    left.markdown(f"**{text(lang, 'keras_numpy')}**")
    right.markdown(f"**{text(lang, 'keras_keras')}**")
    for numpy_code, keras_code, key in pairs:
        st.markdown(text(lang, key))
        left, right = st.columns(2)
        left.code(numpy_code, language="python")
        right.code(keras_code, language="python")
    st.download_button(text(lang, "keras_download"), key="export_keras",
                       data=lambda: export_keras(trainer), file_name="neuron_keras.py",
                       mime="text/x-python", on_click="ignore")
    st.caption(text(lang, "keras_proven"))
