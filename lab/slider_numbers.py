"""A slider's whole numbers grouped as the page writes them (12,346 / 12.346).

Streamlit writes a slider's numbers with a printf format, which cannot group with "." (a
Spanish page showed "12346"), or with the browser's locale, which is not the page's
language. This script rewrites the numbers the slider shows (its value and its ends)
each time the slider draws them; it draws nothing itself. It relies on Streamlit's test ids
for the slider (lab/dom.py), checked by tests/browser/test_both_languages.py and test_dom.py."""

import streamlit as st

from . import dom
from .text import GROUP

_JS = """
// a whole number as Streamlit writes it, or as this script grouped it for another language
const WHOLE = /^([0-9]{4,}|[0-9]{1,3}([.,][0-9]{3})+)$/;

function group(root, sep) {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const shown = node.data.trim();
    if (!WHOLE.test(shown)) continue;
    const grouped = shown.replace(/[.,]/g, '').replace(/\\B(?=([0-9]{3})+$)/g, sep);
    if (grouped !== node.data) node.data = grouped;
  }
}

function attach(slider, sep) {
  const apply = () => slider.querySelectorAll(`${DOM.slider_value}, ${DOM.slider_ends}`)
    .forEach(p => group(p, sep));
  if (slider._grouping) slider._grouping.disconnect();
  slider._grouping = new MutationObserver(apply);
  slider._grouping.observe(slider, {subtree: true, childList: true, characterData: true});
  need('slider_value', slider);
  need('slider_ends', slider);
  apply();
}

export default function ({data, parentElement}) {
  hideOwnElement(parentElement);
  // on a first visit the slider's code may arrive after this script: wait for it a while
  const start = performance.now();
  const own = parentElement.host || parentElement;
  const find = () => {
    const slider = document.querySelector(`${keyed(data.key)} ${DOM.slider}`);
    if (slider) attach(slider, data.sep);
    else if (!own.isConnected) return;  // the slider went (Run began): nothing to find
    else if (performance.now() - start < 20000) requestAnimationFrame(find);
    else domMissing('slider');
  };
  find();
}
"""
_group = st.components.v2.component("neuron_lab_slider_numbers", js=dom.SCRIPT + _JS)


def draw(slider_key, lang):
    """Group the numbers of the slider keyed ``slider_key`` as ``lang`` writes them."""
    _group(data={"key": slider_key, "sep": GROUP[lang]},
           key=f"{slider_key}_numbers", width="content")
