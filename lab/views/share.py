"""Take it home and share: a numpy script, the weights as JSON, and the lesson's link.

A download's content is made when it is clicked, in a thread of Streamlit's (outside the
turn); the JSON (up to tens of MB with a long history) is written in a worker process,
which that thread waits for without holding the interpreter."""

from urllib.parse import urlencode

import streamlit as st

from neuron import export_script

from .. import link, settings, sources, take_home
from ..text import text


def draw(lab, lang):
    share(lab, lang)
    export(lab, lang)


def export(lab, lang):
    trainer = lab.trainer
    st.download_button(text(lang, "export_script"), key="export_script",
                       data=lambda: export_script(trainer.config, trainer.table,
                                                  trainer.iteration, trainer.schedule),
                       file_name="neuron_lab.py", mime="text/x-python",
                       help=text(lang, "export_script_help"), on_click="ignore")
    shown, state = lab.viewed(), st.session_state
    preset, ask = state["preset"], lab.ask
    source = {k: state[k] for k in sources.defaults()}
    page = {k: state[k] for k in settings.PAGE_SETTINGS}
    st.download_button(text(lang, "export_json"), key="export_json",
                       data=lambda: take_home.write(shown, preset, source, page, ask),
                       file_name="neuron_lab.json", mime="application/json",
                       help=text(lang, "export_json_help"), on_click="ignore")


def share(lab, lang):
    base = (st.context.url or "").split("?")[0]
    params = st.query_params.to_dict()
    copy_link(data=dict(url=f"{base}?{urlencode(params)}", copy=text(lang, "copy_link"),
                        label=text(lang, "share"),
                        copied=text(lang, "link_copied")), key="copy_link")
    st.caption(text(lang, "share_table_large" if params.get("table") == link.TABLE_TOO_LARGE
                    else "share_help"))
    st.caption(text(lang, "present_link"))



_COPY_JS = """
export default function ({data, parentElement}) {
  let box = parentElement.querySelector('.copy');
  if (!box) {
    box = document.createElement('div');
    box.className = 'copy';
    const link = document.createElement('input');
    link.readOnly = true;
    link.setAttribute('aria-label', data.label);
    link.addEventListener('focus', () => link.select());
    const button = document.createElement('button');
    button.type = 'button';
    button.addEventListener('click', async () => {
      link.select();
      try {
        await navigator.clipboard.writeText(link.value);
      } catch (e) {
        document.execCommand('copy');  // no clipboard API outside https: copy the selection
      }
      button.textContent = box.dataset.copied;
      setTimeout(() => { button.textContent = box.dataset.copy; }, 2000);
    });
    box.append(link, button);
    parentElement.append(box);
  }
  box.dataset.copy = data.copy;
  box.dataset.copied = data.copied;
  box.querySelector('input').value = data.url;
  box.querySelector('input').setAttribute('aria-label', data.label);
  box.querySelector('button').textContent = data.copy;
}
"""

_COPY_CSS = """
.copy { display: flex; gap: 0.5rem; }
.copy input { flex: 1; min-width: 0; font: 0.85rem monospace; padding: 0.45rem 0.6rem;
  border: 1px solid #c9ccd3; border-radius: 0.4rem; background: #f6f7f9; color: #111; }
.copy button { font: inherit; padding: 0.45rem 0.9rem; border-radius: 0.4rem; cursor: pointer;
  border: 1px solid #c9ccd3; background: #fff; color: #111; white-space: nowrap; }
.copy button:hover { border-color: #1f5fbf; color: #1f5fbf; }
"""

# The lesson's link in a read-only box and a button that copies it (st.code would do, but
# its syntax highlighter costs a cold page load about 0.7 s): text set as values, never HTML.
copy_link = st.components.v2.component("neuron_lab_copy_link", js=_COPY_JS, css=_COPY_CSS)
