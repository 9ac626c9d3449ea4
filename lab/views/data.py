"""The data behind the stage's pictures, as tables: the loss and every weight at the
recorded iterations, and each weight of the diagram (the charts' text alternative)."""

import pandas as pd
import streamlit as st

from .. import describe
from ..stage import weight_names
from ..text import text


def draw(lab, lang):
    trainer = lab.viewed()
    history = trainer.history
    n = trainer.iteration
    its = history.iterations
    keep = its <= n
    st.caption(text(lang, "chart_data_help"))
    st.header(text(lang, "loss_title"))
    st.dataframe(pd.DataFrame(describe.loss_rows(its[keep], history.loss[keep], lang)),
                 hide_index=True, key="data_loss")
    names, columns = weight_names(trainer)
    st.header(text(lang, "weights_title"))
    st.dataframe(pd.DataFrame(describe.weights_rows(its[keep], history.params[keep][:, columns],
                                                    names, lang)),
                 hide_index=True, key="data_weights")
    st.header(text(lang, "diagram"))
    layers = trainer.layer_names()
    st.dataframe(pd.DataFrame(describe.diagram_rows(trainer.weights, layers[:-1], layers[1:],
                                                    lang)),
                 hide_index=True, key="data_diagram")
