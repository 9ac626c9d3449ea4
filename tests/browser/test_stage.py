"""The stage as a class and a student see it, in Chromium: what fits the screen, whether every
chart shows all of its data, and whether every view shows the same iteration.

What was checked by eye on screenshots (python -m tests.browser.screenshots) is asserted
here: bounding boxes against the viewport, drawn points against their plot's box, plotly's
rendered axis ranges (``_fullLayout``) against its traces (``_fullData``).
"""

from __future__ import annotations

import re

import pytest

from lab.text import number, text

from .helpers import as_int, metric_text, wait_for_app, wait_for_metric
from .test_page import assert_no_exception, load

PLAYING = text("en", "iteration_playing")  # the Iteration counter's label while Run plays
STAGE_PARTS = {  # what a class must see together, without scrolling
    "Step": ".st-key-step button:visible",
    "Iteration": '[data-testid="stMetric"]:has-text("Iteration")',
    "diagram": "svg.diagram",
    "loss": "svg.curves",
}
PHONE_PARTS = ("Step", "Iteration", "diagram")


def boxes_outside(page, parts):
    """The parts whose bounding box is not wholly inside the viewport (scroll at the top)."""
    view = page.viewport_size
    outside = {}
    for name in parts:
        box = page.locator(STAGE_PARTS[name]).first.bounding_box()
        if box is None or box["x"] < 0 or box["y"] < 0 or \
                box["x"] + box["width"] > view["width"] + 0.5 or \
                box["y"] + box["height"] > view["height"] + 0.5:
            outside[name] = box
    return outside


# every polyline point and marker of the stage's curves inside its plot's frame (in the
# page's pixels), every diagram shape inside its panel
# the stage component draws inside a shadow root
_STAGE = """(() => [...document.querySelectorAll('*')].map(e => e.shadowRoot)
  .find(r => r && r.querySelector('.stage')) || document)()"""

_STAGE_DATA_JS = """() => {
  const bad = [];
  const stage = """ + _STAGE + """;
  const svg = stage.querySelector('svg.curves');
  if (!svg) return ['no curves'];
  const frames = [...svg.querySelectorAll('rect.frame')].map(r => r.getBoundingClientRect());
  const inside = (x, y) => frames.some(f => x >= f.left - 1 && x <= f.right + 1 &&
                                            y >= f.top - 1 && y <= f.bottom + 1);
  const m = svg.getScreenCTM();
  for (const line of svg.querySelectorAll('polyline')) {
    for (const p of line.points) {
      const q = new DOMPoint(p.x, p.y).matrixTransform(m);
      if (!inside(q.x, q.y)) bad.push(`point ${p.x},${p.y}`);
    }
  }
  for (const c of svg.querySelectorAll('circle.marker')) {
    const r = c.getBoundingClientRect();
    if (!inside(r.left + r.width / 2, r.top + r.height / 2)) bad.push('marker');
  }
  const d = stage.querySelector('svg.diagram');
  const box = d.getBoundingClientRect();
  for (const e of d.querySelectorAll('line, circle, text')) {
    const r = e.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 ||
        r.bottom > box.bottom + 1) bad.push(`diagram ${e.tagName} ${e.textContent}`);
  }
  // a weight label never covers a node or another label
  const labels = [...d.querySelectorAll('text.weight-label')].filter(t => t.textContent)
    .map(t => t.getBoundingClientRect());
  const nodes = [...d.querySelectorAll('circle')].map(c => c.getBoundingClientRect());
  const hit = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  labels.forEach((a, i) => {
    labels.forEach((b, j) => { if (i < j && hit(a, b)) bad.push('labels overlap'); });
    nodes.forEach(n => { if (hit(a, n)) bad.push('label on a node'); });
  });
  return bad;
}"""

# plotly: every point of every trace inside the rendered axis ranges
_PLOTLY_JS = """() => {
  const bad = [];
  for (const gd of document.querySelectorAll('.js-plotly-plot')) {
    const L = gd._fullLayout;
    for (const t of gd._fullData) {
      if (t.visible === false || !t.x || !t.y || t.type === 'contour' || t.type === 'heatmap')
        continue;
      const xa = L[(t.xaxis || 'x').replace('x', 'xaxis')];
      const ya = L[(t.yaxis || 'y').replace('y', 'yaxis')];
      const log = (a, v) => a.type === 'log' ? Math.log10(v) : v;
      const [x0, x1] = [...xa.range].sort((a, b) => a - b);
      const [y0, y1] = [...ya.range].sort((a, b) => a - b);
      for (let i = 0; i < t.x.length; i++) {
        if (t.x[i] === null || t.y[i] === null) continue;
        const x = log(xa, t.x[i]), y = log(ya, t.y[i]);
        if (x < x0 - 1e-9 || x > x1 + 1e-9 || y < y0 - 1e-9 || y > y1 + 1e-9)
          bad.push(`${t.name || t.type} (${t.x[i]}, ${t.y[i]}) outside x ${x0}..${x1} y ${y0}..${y1}`);
      }
    }
  }
  return bad;
}"""


# the smallest text of each kind on the stage, in screen px (font size times the SVG's scale)
_FONT_PX_JS = """() => { const r = """ + _STAGE + """; const out = {};
  for (const svg of r.querySelectorAll('svg')) {
    const k = svg.getScreenCTM().a;
    for (const t of svg.querySelectorAll('text')) {
      const c = t.getAttribute('class');
      out[c] = Math.min(out[c] ?? 99, Number(t.getAttribute('font-size')) * k);
    }
  }
  return out;
}"""


def start_run(page):
    page.locator(".st-key-running label").first.click()
    wait_for_playing(page)
    # the browser is playing frames: the status line moves on
    page.wait_for_function("""() => {
        const s = """ + _STAGE + """.querySelector('.stage .status');
        return s && /▶/.test(s.textContent) && !/Iteration 0 /.test(s.textContent);
    }""")


def wait_for_playing(page):
    page.wait_for_function("""(label) => [...document.querySelectorAll('[data-testid="stMetricLabel"]')]
        .some(l => l.innerText.trim() === label)""", arg=PLAYING)


def pause(page):
    page.locator(".st-key-running label").first.click()
    wait_for_metric(page, "Iteration", changed_from="__never__")
    wait_for_app(page)


def status_iteration(page):
    text = page.locator(".stage .status").inner_text()
    return as_int(re.search(r"(\d[\d,.]*)", text).group(1))


@pytest.mark.parametrize("query", ["", "&present=1"], ids=["laptop", "presenter"])
def test_stage_fits_a_projector_before_during_and_after_run(app_url, new_page, query):
    page = new_page(1280, 720, locale="en-US")
    load(page, f"{app_url}/?lang=en{query}&it=100")
    assert boxes_outside(page, STAGE_PARTS) == {}
    assert page.evaluate(_STAGE_DATA_JS) == []
    if query:  # the back row reads ticks, axis titles and the diagram's labels
        small = {k: v for k, v in page.evaluate(_FONT_PX_JS).items() if v < 18}
        assert small == {}, small
    page.locator(".st-key-reset button:visible").click()
    wait_for_metric(page, "Iteration", equals="0")
    wait_for_app(page)
    page.locator(STAGE_PARTS["Step"]).click()
    wait_for_metric(page, "Iteration", equals="1")
    wait_for_app(page)
    assert boxes_outside(page, STAGE_PARTS) == {}
    start_run(page)
    assert boxes_outside(page, STAGE_PARTS) == {}
    assert page.evaluate(_STAGE_DATA_JS) == []
    pause(page)
    assert boxes_outside(page, STAGE_PARTS) == {}
    assert page.evaluate(_STAGE_DATA_JS) == []
    assert_no_exception(page)


def test_phone_first_screen_has_step_counter_and_diagram(app_url, new_page):
    page = new_page(390, 844, is_mobile=True, has_touch=True, device_scale_factor=2,
                    locale="en-US")
    load(page, f"{app_url}/?lang=en")
    assert boxes_outside(page, PHONE_PARTS) == {}
    page.locator(STAGE_PARTS["Step"]).tap()
    wait_for_metric(page, "Iteration", equals="1")
    wait_for_app(page)
    assert boxes_outside(page, PHONE_PARTS) == {}
    assert page.evaluate(_STAGE_DATA_JS) == []


def test_every_chart_shows_all_of_its_data(app_url, new_page):
    page = new_page(1280, 720, locale="en-US")
    for view in ("sigmoid", "boundary"):
        for it in ("0", "10000"):
            load(page, f"{app_url}/?lang=en&view={view}&it={it}")
            page.wait_for_selector(".js-plotly-plot")
            assert page.evaluate(_STAGE_DATA_JS) == [], (view, it)
            assert page.evaluate(_PLOTLY_JS) == [], (view, it)


def test_one_iteration_everywhere_after_pause_timeline_and_reload(app_url, new_page):
    page = new_page(1280, 720, locale="en-US")
    load(page, f"{app_url}/?lang=en&view=explain")
    start_run(page)
    page.wait_for_timeout(1500)
    pause(page)
    paused = as_int(metric_text(page, "Iteration"))
    assert paused > 0
    assert status_iteration(page) == paused
    explain = page.locator('[data-testid="stMainBlockContainer"]').inner_text()
    assert f"to {paused:,}" in explain, "Explain shows another iteration"
    assert f"it={paused}" in page.url

    # the timeline: every view follows it
    page.locator(".st-key-timeline input[type=range]").focus()
    page.keyboard.press("Home")
    wait_for_metric(page, "Iteration", equals="0")
    wait_for_app(page)
    assert status_iteration(page) == 0
    assert "it=0" in page.url

    # a reloaded link shows the same iteration, with the update that led there
    page.goto(f"{app_url}/?lang=en&view=explain&it={paused}")
    wait_for_app(page)
    assert as_int(metric_text(page, "Iteration")) == paused
    assert status_iteration(page) == paused
    text = page.locator('[data-testid="stMainBlockContainer"]').inner_text()
    assert f"from iteration {paused - 1:,} to {paused:,}" in text
    assert "The update that led to this iteration" in text
    assert_no_exception(page)


def test_a_step_reruns_the_stage_and_the_open_view_follows(app_url, new_page):
    # a Step reruns the stage's fragment alone; the Explain view shows an iteration, so the
    # page follows with a rerun of its own and Explain shows the update just made
    page = new_page(1280, 720, locale="en-US")
    load(page, f"{app_url}/?lang=en&view=explain")
    for i in (1, 2):
        page.locator(STAGE_PARTS["Step"]).click()
        wait_for_metric(page, "Iteration", equals=str(i))
        page.wait_for_function(
            """(i) => document.querySelector('[data-testid="stMainBlockContainer"]')
                 .innerText.includes(`from iteration ${i - 1} to ${i}`)""", arg=i)
        wait_for_app(page)
        assert status_iteration(page) == i
        assert f"it={i}" in page.url
    assert_no_exception(page)


# read in one animation frame: the counters, the stage's frame and its status line
_PLAYING_NOW_JS = """() => {
  const stage = """ + _STAGE + """.querySelector('.stage');
  const out = {frame: stage.dataset.iteration, status: stage.querySelector('.status').textContent};
  for (const m of document.querySelectorAll('[data-testid="stMetric"]'))
    out[m.querySelector('[data-testid="stMetricLabel"]').innerText.trim()] =
      m.querySelector('[data-testid="stMetricValue"]').innerText.trim();
  return out;
}"""


@pytest.mark.parametrize("size, lang", [((1280, 720), "en"), ((390, 844), "en"),
                                        ((390, 844), "es")],
                         ids=["laptop", "phone", "phone-es"])
def test_while_run_plays_the_counters_show_the_frame_on_screen(app_url, new_page, size, lang):
    page = new_page(*size, locale="en-US")
    load(page, f"{app_url}/?lang={lang}&it=1900")  # losses of 0.0003: the widest counters
    metrics = page.locator(".st-key-metrics")
    stopped = metrics.bounding_box()
    page.locator(".st-key-running label").first.click()
    page.wait_for_function("""(label) => [...document.querySelectorAll('[data-testid="stMetricLabel"]')]
        .some(l => l.innerText.trim() === label)""", arg=text(lang, "iteration_playing"))
    # and the stage component plays the stretch's frames (its render follows the counters')
    page.wait_for_function("() => (" + _STAGE + ").querySelector('.stage').dataset.iteration"
                           " !== undefined", polling="raf")
    seen = set()
    for _ in range(8):
        now = page.evaluate(_PLAYING_NOW_JS)
        status = re.search(r"(\d[\d.,]*) · \S+ (\S+)$", now["status"])
        assert now[text(lang, "iteration_playing")] == status.group(1) == \
            number(int(now["frame"]), lang), now
        assert now[text(lang, "loss_metric")] == status.group(2), now
        # the counters keep their place and size as their values change: nothing moves
        box = metrics.bounding_box()
        assert abs(box["y"] - stopped["y"]) < 1 and abs(box["height"] - stopped["height"]) < 1
        assert box["x"] + box["width"] <= size[0] + 0.5
        seen.add(now["frame"])
        page.wait_for_function("(f) => (" + _STAGE + ").querySelector('.stage').dataset.iteration"
                               " !== f", arg=now["frame"], polling="raf")
    page.locator(".st-key-running label").first.click()  # pause
    wait_for_metric(page, text(lang, "iteration"), changed_from="__never__")
    wait_for_app(page)
    assert as_int(metric_text(page, text(lang, "iteration"))) == status_iteration(page)
    assert_no_exception(page)


@pytest.mark.parametrize("lang, shown", [("en", "10,000"), ("es", "10.000")])
def test_the_timeline_writes_the_iteration_as_the_page_does(app_url, new_page, lang, shown):
    # in the page's language, not the browser's: "10,000" on a Spanish page reads as ten
    page = new_page(1280, 720, locale="en-US")
    load(page, f"{app_url}/?lang={lang}&it=10000")
    thumb = page.locator('.st-key-timeline [data-testid="stSliderThumbValue"]')
    page.wait_for_function("(s) => document.querySelector("
                           "'.st-key-timeline [data-testid=\"stSliderThumbValue\"]')"
                           "?.innerText.trim() === s", arg=shown, polling="raf")
    assert thumb.inner_text().strip() == shown
    ends = page.locator('.st-key-timeline [data-testid="stSliderTickBar"]').inner_text()
    assert ends.split() == ["0", shown]


@pytest.mark.parametrize("query", ["", "&present=1"], ids=["laptop", "presenter"])
@pytest.mark.parametrize("lesson", ["&preset=xor&it=10000",
                                    "&data=gaussians.200.30.0&test=0.3&it=5000"],
                         ids=["xor-one-neuron", "noisy-gaussians"])
def test_the_advice_takes_no_room_above_the_diagram(app_url, new_page, query, lesson):
    """Issue 19.5: whatever the run is told (one neuron cannot fit: the hidden layer; the
    rest may be noise), Step, the counter, the diagram and the loss stay on the first
    screen, and the reason is in the status line's place."""
    page = new_page(1280, 720, locale="en-US")
    load(page, f"{app_url}/?lang=en{query}{lesson}")
    status = page.locator(".stage .status").inner_text()
    expected = (text("en", "stalled_one_neuron") if "xor" in lesson
                else text("en", "stalled_noise", wrong=7))
    assert expected in status, status
    assert boxes_outside(page, STAGE_PARTS) == {}
    if "xor" in lesson:
        assert page.locator(".st-key-bigger_layer button:visible").count() == 1
        assert page.locator(".st-key-stuck_new_weights").count() == 0
    assert_no_exception(page)
