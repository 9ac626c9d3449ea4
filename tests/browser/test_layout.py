"""What a class reads on the stage and in the views, as Chromium draws it: no label of the
network diagram on another label or on a neuron, at TensorFlow Playground's sizes, and every
tick label of every axis apart from the others, at most MAX_TICKS per axis, for a loss that
falls to 1e-39 in one Step too. Boxes are the browser's own (getBoundingClientRect) in the
stage component's shadow root and in plotly's SVG."""

from __future__ import annotations

import pytest

from lab import sources
from lab.notices import notice
from lab.scene import MAX_TICKS
from lab.text import number
from neuron import Config, Trainer

from .helpers import wait_for_app
from .test_both_languages import _SCROLLED
from .test_page import assert_no_exception, load
from .test_stage import _STAGE

NET = "&data=circle.200.10.0&act=tanh&bias=1&lr=0.03&it=20"
GAUSSIANS = "&data=gaussians.200.0.0&it=1"  # the loss falls from 0.15 to 2e-39 in one Step

_HIT = "const hit = (a, b) => a.left + 0.5 < b.right && b.left + 0.5 < a.right && " \
       "a.top + 0.5 < b.bottom && b.top + 0.5 < a.bottom;"

# every pair of the diagram's labels that meet, and every label on a neuron
_DIAGRAM_JS = """() => {
  const d = """ + _STAGE + """.querySelector('svg.diagram');
  """ + _HIT + """
  const labels = [...d.querySelectorAll('text.node-label, text.layer-title, text.weight-label')]
    .filter(t => t.textContent).map(t => [t.textContent, t.getBoundingClientRect()]);
  const nodes = [...d.querySelectorAll('circle, image')].map(n => n.getBoundingClientRect());
  const bad = [];
  labels.forEach(([ta, a], i) => {
    labels.forEach(([tb, b], j) => { if (i < j && hit(a, b)) bad.push(`${ta} meets ${tb}`); });
    if (nodes.some(n => hit(a, n))) bad.push(`${ta} on a neuron`);
  });
  nodes.forEach((a, i) => nodes.forEach((b, j) => {
    if (i < j && hit(a, b)) bad.push(`neurons ${i} and ${j} touch`);
  }));
  return {bad, labels: labels.length, nodes: nodes.length};
}"""

# per axis of the stage's curves (and of the plane's map, when it is on the stage): its tick
# labels, and any two that meet; a group with no ticks (the curves' end names) is no axis
_STAGE_TICKS_JS = """() => {
  const root = """ + _STAGE + """;
  """ + _HIT + """
  const out = [];
  const groups = [...root.querySelectorAll('svg.curves > g')];
  const plane = root.querySelector('svg.plane');
  if (plane) groups.push(plane);
  for (const g of groups) {
    for (const anchor of ['middle', 'end']) {  // x ticks are centred, y ticks end at the axis
      const ticks = [...g.querySelectorAll(`text.tick[text-anchor=${anchor}]`)];
      if (!ticks.length) continue;
      const boxes = ticks.map(t => t.getBoundingClientRect());
      const meet = [];
      boxes.forEach((a, i) => boxes.forEach((b, j) => {
        if (i < j && hit(a, b)) meet.push([ticks[i].textContent, ticks[j].textContent]);
      }));
      out.push({labels: ticks.map(t => t.textContent), meet});
    }
  }
  return out;
}"""

# per axis of every plotly chart: its tick labels, and any two that meet
_PLOTLY_TICKS_JS = """() => {
  """ + _HIT + """
  const out = [];
  for (const gd of document.querySelectorAll('.js-plotly-plot')) {
    for (const kind of ['xtick', 'ytick']) {
      const ticks = [...gd.querySelectorAll(`g.${kind} text`)].filter(t => t.textContent);
      const boxes = ticks.map(t => t.getBoundingClientRect());
      const meet = [];
      boxes.forEach((a, i) => boxes.forEach((b, j) => {
        if (i < j && hit(a, b)) meet.push([ticks[i].textContent, ticks[j].textContent]);
      }));
      out.push({labels: ticks.map(t => t.textContent), meet});
    }
  }
  return out;
}"""


def open_stage(page, url):
    load(page, url)
    page.wait_for_function("() => (" + _STAGE + ").querySelector('svg.diagram text')")


def assert_axes_readable(axes):
    assert axes, "no axes drawn"
    for axis in axes:
        assert 2 <= len(axis["labels"]) <= MAX_TICKS, axis
        assert axis["meet"] == [], axis


SCREENS = {"normal": ((1280, 720), "", {}), "presenter": ((1280, 720), "&present=1", {}),
           "phone": ((390, 844), "", dict(is_mobile=True, has_touch=True,
                                          device_scale_factor=2))}


@pytest.mark.parametrize("screen", list(SCREENS))
@pytest.mark.parametrize("hidden", ["8x8x8", "16", "8x8x8x8x8x8"])
def test_no_diagram_label_meets_another_or_a_neuron(app_url, new_page, hidden, screen):
    size, query, extra = SCREENS[screen]
    page = new_page(*size, locale="en-US", **extra)
    open_stage(page, f"{app_url}/?lang=en{query}{NET}&hidden={hidden}")
    drawn = page.evaluate(_DIAGRAM_JS)
    sizes = [2, *map(int, hidden.split("x")), 1]
    assert drawn["nodes"] == sum(sizes)
    assert drawn["labels"] >= 3 + len(sizes)  # the titles and some neurons' names at least
    assert drawn["bad"] == []
    assert_axes_readable(page.evaluate(_STAGE_TICKS_JS))
    assert_no_exception(page)


@pytest.mark.parametrize("query", ["", "&present=1"], ids=["normal", "presenter"])
@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_loss_of_1e_39_gets_few_separate_ticks(app_url, new_page, lang, query):
    page = new_page(1280, 720, locale="en-US")
    open_stage(page, f"{app_url}/?lang={lang}{query}{GAUSSIANS}")
    axes = page.evaluate(_STAGE_TICKS_JS)
    assert_axes_readable(axes)
    loss_y = axes[1]["labels"]
    assert loss_y[-1] == "1" and loss_y[0].startswith("1e−"), loss_y
    assert_no_exception(page)


@pytest.mark.parametrize("query", ["", "&present=1"], ids=["normal", "presenter"])
@pytest.mark.parametrize("view", ["sigmoid", "boundary", "compare"])
def test_every_plotly_axis_has_few_separate_ticks(app_url, new_page, view, query):
    page = new_page(1280, 720, locale="en-US")
    load(page, f"{app_url}/?lang=es{query}{GAUSSIANS}&view={view}")
    if view == "compare":
        page.locator(".st-key-compare button:visible").click()
    page.wait_for_selector(".js-plotly-plot .xtick text", state="attached")
    wait_for_app(page)
    axes = page.evaluate(_PLOTLY_TICKS_JS)
    assert_axes_readable(axes)
    if view == "compare":  # the runs' losses reach 1e-39: a log axis, written in Spanish
        labels = axes[1]["labels"]
        assert any(t.startswith("1e−") for t in labels), labels
        # iterations written in full as the page writes them: "10.000", never "10k"
        its = axes[0]["labels"]
        assert "10.000" in its and all(t.replace(".", "").isdigit() for t in its), its
    assert_no_exception(page)


_HOVER_JS = """() => {
  const d = """ + _STAGE + """.querySelector('svg.diagram');
  const label = d.querySelector('text.hover-label');
  return {text: label && label.style.display !== 'none' ? label.textContent : null,
          hot: d.querySelectorAll('line.edge.hot').length, lit: d.classList.contains('lit')};
}"""


def test_a_big_network_names_a_weight_and_a_neuron_on_hover(app_url, new_page):
    page = new_page(1280, 720, locale="en-US")
    open_stage(page, f"{app_url}/?lang=en{NET}&hidden=8x8x8")
    # the pointer on h2_1 (layer 2's first neuron): its name, its 8 + 8 lines lit
    node = page.evaluate("""() => { const d = """ + _STAGE + """.querySelector('svg.diagram');
      const r = d.querySelectorAll('g.node')[2 + 8].getBoundingClientRect();
      return [r.left + r.width / 2, r.top + r.height / 2]; }""")
    page.mouse.move(*node)
    shown = page.evaluate(_HOVER_JS)
    assert shown == {"text": "h2_1", "hot": 16, "lit": True}
    page.mouse.move(2, 2)
    assert page.evaluate(_HOVER_JS)["text"] is None
    # a line: its weight's name and value, as the Data view lists them
    page.evaluate("""() => (""" + _STAGE + """).querySelectorAll('svg.diagram line.edge-hit')[0]
      .dispatchEvent(new PointerEvent('pointerenter'))""")
    shown = page.evaluate(_HOVER_JS)
    assert shown["text"] == f"w(x1→h1) = {number(first_weight(), 'en', 3)}"
    assert shown["hot"] == 1


def first_weight():
    """w(x1→h1) after NET's 20 iterations at hidden 8x8x8, from the trainer itself."""
    choice, values = sources.decode("circle.200.10.0")
    config = Config(hidden=(8, 8, 8), activation="tanh", bias=True, learning_rate=0.03)
    return Trainer(config, sources.table(choice, values)).run(20).weights[0][0, 0]


def test_the_keyboard_walks_the_diagrams_weights(app_url, new_page):
    page = new_page(1280, 720, locale="en-US")
    open_stage(page, f"{app_url}/?lang=en{NET}&hidden=8x8x8")
    page.evaluate("() => (" + _STAGE + ").querySelector('svg.diagram').focus()")
    page.keyboard.press("ArrowRight")
    shown = page.evaluate(_HOVER_JS)
    assert shown["text"] == f"w(x1→h1) = {number(first_weight(), 'en', 3)}"
    assert shown["hot"] == 1
    page.keyboard.press("ArrowRight")
    assert page.evaluate(_HOVER_JS)["text"].startswith("w(x1→h2) = ")
    page.keyboard.press("Escape")
    assert page.evaluate(_HOVER_JS)["text"] is None


# -- labels over lines, end labels by markers, the controls after a fix (issue 18/20) -------

# every neuron's and weight's label that a drawn line crosses, and whether an opaque backing
# (drawn over every line, under the label, the page's background) hides the line there;
# boxes in the diagram's own coordinates (getBBox), lines as the stage drew them
_CROSSED_JS = """() => {
  const d = """ + _STAGE + """.querySelector('svg.diagram');
  const edges = [...d.querySelectorAll('line.edge')];
  const segs = edges.map(e => ['x1', 'y1', 'x2', 'y2'].map(a => Number(e.getAttribute(a))));
  const hits = ([x0, y0, x1, y1], b) => {  // Liang-Barsky, the box shrunk by half a pixel
    let t0 = 0, t1 = 1;
    for (const [p, dp, lo, hi] of [[x0, x1 - x0, b.x + 0.5, b.x + b.width - 0.5],
                                   [y0, y1 - y0, b.y + 0.5, b.y + b.height - 0.5]]) {
      if (dp === 0) { if (p < lo || p > hi) return false; continue; }
      const a = (lo - p) / dp, c = (hi - p) / dp;
      t0 = Math.max(t0, Math.min(a, c)); t1 = Math.min(t1, Math.max(a, c));
      if (t0 > t1) return false;
    }
    return true;
  };
  const after = (a, b) => !!(b.compareDocumentPosition(a) & Node.DOCUMENT_POSITION_FOLLOWING);
  const background = getComputedStyle(d.closest('.stage')).getPropertyValue('--background');
  const rgb = (hex) => `rgb(${[1, 3, 5].map(k => parseInt(hex.trim().slice(k, k + 2), 16))
    .join(', ')})`;
  const backs = [...d.querySelectorAll('rect.label-back')];
  const labels = [...d.querySelectorAll('text.node-label, text.weight-label')]
    .filter(t => t.textContent);
  const crossed = [], bad = [];
  for (const t of labels) {
    const b = t.getBBox();
    if (!segs.some(s => hits(s, b))) continue;
    crossed.push(t.textContent);
    const back = backs.find(r => {
      const x = r.x.baseVal.value, y = r.y.baseVal.value;
      return x <= b.x + 0.5 && y <= b.y + 0.5 && b.x + b.width <= x + r.width.baseVal.value + 0.5
        && b.y + b.height <= y + r.height.baseVal.value + 0.5;
    });
    const style = back && getComputedStyle(back);
    if (!back) bad.push(`${t.textContent}: crossed by a line, no backing`);
    else if (style.fill !== rgb(background) || style.fillOpacity !== '1'
             || style.opacity !== '1') bad.push(`${t.textContent}: backing not opaque`);
    else if (!edges.every(e => after(back, e)) || !after(t, back))
      bad.push(`${t.textContent}: backing not between the lines and the label`);
  }
  return {crossed, bad, labels: labels.length, edges: edges.length};
}"""

LINES = {  # the article's table; XOR after the one-click fix; a 2-D data set at (8, 8)
    "article": "",
    "xor-fixed": "&preset=xor&hidden=6",
    "circle-8x8": "&data=circle.200.10.0&hidden=8x8&act=tanh&bias=1&lr=0.03&it=20",
}


@pytest.mark.parametrize("screen", ["normal", "phone"])
@pytest.mark.parametrize("case", list(LINES))
def test_no_line_runs_through_a_label(app_url, new_page, case, screen):
    size, query, extra = SCREENS[screen]
    page = new_page(*size, locale="en-US", **extra)
    open_stage(page, f"{app_url}/?lang=en{query}{LINES[case]}")
    drawn = page.evaluate(_CROSSED_JS)
    assert drawn["edges"] > 0 and drawn["labels"] > 0
    assert drawn["bad"] == []
    if case == "article":  # nothing was wrong there: no label on a line at all
        assert drawn["crossed"] == []
    assert_no_exception(page)


# the curves' end labels: any that meets a marker or another end label
_ENDS_JS = """() => {
  const c = """ + _STAGE + """.querySelector('svg.curves');
  """ + _HIT + """
  const ends = [...c.querySelectorAll('text.end-label')]
    .map(t => [t.textContent, t.getBoundingClientRect()]);
  const markers = [...c.querySelectorAll('circle.marker')].map(m => m.getBoundingClientRect());
  const bad = [];
  ends.forEach(([ta, a], i) => {
    ends.forEach(([tb, b], j) => { if (i < j && hit(a, b)) bad.push(`${ta} meets ${tb}`); });
    if (markers.some(m => hit(a, m))) bad.push(`${ta} on a marker`);
  });
  return {bad, ends: ends.map(([t]) => t), markers: markers.length};
}"""

ENDS = {  # trained to the end: each curve's marker at the plot's right edge
    "train-test": ("&data=circle.200.10.0&hidden=4&act=tanh&bias=1&lr=0.03&test=0.3"
                   "&it=10000", {"train", "test"}),
    "weights": ("&preset=xor&hidden=6&it=10000", {"w(h4→y)"}),
}


@pytest.mark.parametrize("screen", ["normal", "presenter", "phone"])
@pytest.mark.parametrize("case", list(ENDS))
def test_the_curves_end_labels_keep_off_the_markers(app_url, new_page, case, screen):
    size, query, extra = SCREENS[screen]
    page = new_page(*size, locale="en-US", **extra)
    url, names = ENDS[case]
    open_stage(page, f"{app_url}/?lang=en{query}{url}")
    drawn = page.evaluate(_ENDS_JS)
    assert names <= set(drawn["ends"]) and drawn["markers"] >= 1, drawn
    assert drawn["bad"] == []
    assert_no_exception(page)


# every stage control where a point of it (its centre and around) is not the control itself:
# something lies over it, or it is off the first screen
_COVERED_JS = """() => {
  const covered = [];
  const keys = ['step', 'step_many', 'train', 'reset', 'new_weights'];
  const shown = (sel) => [...document.querySelectorAll(sel)].find(e => e.getClientRects().length);
  const controls = [...keys.map(k => shown(`.st-key-${k} button`)),
                    shown('.st-key-running label:has(input)')];
  for (const c of controls) {
    if (!c) { covered.push('a control is missing'); continue; }
    const r = c.getBoundingClientRect();
    for (const fx of [0.15, 0.5, 0.85]) {  // its centre and eight points around it
      for (const fy of [0.15, 0.5, 0.85]) {
        const top = document.elementFromPoint(r.left + fx * r.width, r.top + fy * r.height);
        if (!c.contains(top)) covered.push(`${c.textContent} at ${fx}, ${fy} under `
                                           + (top && top.outerHTML.slice(0, 80)));
      }
    }
  }
  return covered;
}"""


@pytest.mark.parametrize("screen", list(SCREENS))
@pytest.mark.parametrize("lang", ["en", "es"])
def test_after_the_one_click_fix_every_stage_control_can_be_clicked(app_url, new_page, lang,
                                                                    screen):
    size, query, extra = SCREENS[screen]
    page = new_page(*size, locale="en-US", **extra)
    load(page, f"{app_url}/?lang={lang}{query}&preset=xor&view=boundary")
    page.locator(".st-key-add_hidden button:visible").click()
    page.wait_for_function("() => (" + _STAGE + ").querySelector('.status.news')")
    # the page scrolls back up to the stage (the fix sat under it)
    page.wait_for_function(f"() => ({_SCROLLED})() === 0", polling="raf")
    wait_for_app(page)
    assert page.evaluate(_COVERED_JS) == []
    # the news is where the status line is, in one line, and says what the fix changed
    status = page.evaluate("""() => { const s = (""" + _STAGE + """).querySelector('.status');
      return [s.textContent, s.scrollWidth <= s.clientWidth]; }""")
    assert status == [notice(lang, "status_settings_reset", {"what": ("hidden",)}), True]
    assert_no_exception(page)


_STATUS_JS = "() => { const s = " + _STAGE + """.querySelector('.status');
  return [s.textContent, s.scrollWidth, s.clientWidth, parseFloat(getComputedStyle(s).fontSize)];
}"""


@pytest.mark.parametrize("screen", ["normal", "presenter", "phone"])
@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_status_line_is_never_cut(app_url, new_page, lang, screen):
    """The longest status line, after Train (its target reached), is set in full: smaller
    where the panel is narrow, never cut with an ellipsis."""
    size, query, extra = SCREENS[screen]
    page = new_page(*size, locale="en-US", **extra)
    open_stage(page, f"{app_url}/?lang={lang}{query}&it=10000")
    page.wait_for_function("() => document.fonts.status === 'loaded'")
    said, needs, has, font = page.evaluate(_STATUS_JS)
    assert said.endswith("target reached" if lang == "en" else "objetivo alcanzado"), said
    assert needs <= has, f"{said!r} cut: {needs} px wide in {has} px"
    assert font >= (18 if screen == "presenter" else 13), font  # larger than body type
    assert_no_exception(page)
