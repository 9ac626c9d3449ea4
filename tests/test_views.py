"""The teaching views (issue 4) through AppTest: explain a step, the sigmoid, the decision
boundary, "can one neuron learn this?", common questions, the timeline, comparing runs,
export and sharing. Each view is drawn only while it is open (issue 8): a test opens it
with the link (``view=explain``) or as its tab does (``open_view``).

Expected numbers never come from the page: they are worked out here with plain numpy from
the article's formulas (sigmoid, error × slope, inputs.T @ delta), or with an independent
``neuron.Trainer`` / ``neuron.sweep`` run. Numbers read off the page are parsed back (with the
language's decimal mark) and compared within the digits the page shows.
"""

import json
import re
from urllib.parse import parse_qsl

import numpy as np
import pytest
import streamlit.testing.v1.app_test as app_test_module

from lab.text import TEXT, text
from lab.views import boundary
from neuron import Config, Table, Trainer, presets, sweep
from tests.test_app import (
    click,
    compare,
    edit,
    iteration,
    lab,
    metrics,
    open_view,
    page,
    set_widget,
    shown,
    stage,
    toasts,
    values,
)
from tests.test_export import _printed_outputs, _run

# -- independent arithmetic (the article's formulas) ----------------------------------------


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def initial_weights(sizes, seed=1):
    """The article's start: one RandomState, ``2 * random_sample((n_in, n_out)) - 1`` per
    layer, in order."""
    rng = np.random.RandomState(seed)
    return [2 * rng.random_sample((a, b)) - 1 for a, b in zip(sizes[:-1], sizes[1:])]


def article_step(X, y, weights):
    """One full-batch update of a sigmoid network without bias, squared error: returns the
    adjustments per layer (inputs.T @ delta) and the new weights."""
    acts = [X]
    for w in weights:
        acts.append(sigmoid(acts[-1] @ w))
    out = acts[-1]
    delta = (y - out) * out * (1 - out)
    deltas = [delta]
    for layer in range(len(weights) - 1, 0, -1):
        a = acts[layer]
        delta = (delta @ weights[layer].T) * a * (1 - a)
        deltas.append(delta)
    deltas.reverse()
    adjustments = [a.T @ d for a, d in zip(acts, deltas)]
    return adjustments, [w + adj for w, adj in zip(weights, adjustments)]


def article_run(X, y, weights, n):
    for _ in range(n):
        weights = article_step(X, y, weights)[1]
    return weights


SEED_X = np.array([[0, 0, 1], [1, 1, 1], [1, 0, 1], [0, 1, 1]], dtype=float)
SEED_Y = np.array([[0], [1], [1], [0]], dtype=float)


# -- reading the page ------------------------------------------------------------------------

def num(value, lang="en"):
    return shown(str(value).strip(), lang)


def explain_tables(at):
    """The explanation's tables (st.table), as DataFrames of formatted numbers."""
    return [t.value for t in at.table]


def adjustment_rows(at, lang="en"):
    """Per contributions table: {weight name: adjustment} from its 'sum = adjustment' row."""
    found = []
    for df in explain_tables(at):
        if text(lang, "col_sum_adjustment") in list(df.index):
            row = df.loc[text(lang, "col_sum_adjustment")]
            found.append({name: num(v, lang) for name, v in row.items()})
    return found


NEW_WEIGHT = re.compile(r"^- (?P<name>.+?): (?P<before>\S+) \+ \((?P<adj>\S+)\) = "
                        r"\*\*(?P<after>\S+)\*\*$")


def new_weights(at, lang="en"):
    """Step 5 of the explanation: {weight name: (before, adjustment, after)}."""
    found = {}
    for block in values(at.markdown):
        for line in block.splitlines():
            m = NEW_WEIGHT.match(line)
            if m:
                found[m["name"]] = tuple(num(m[k], lang) for k in ("before", "adj", "after"))
    return found


def filled(lang, key, md_text):
    """The value a one-placeholder string from the catalogue was filled with, or None."""
    template = TEXT[lang][key]
    head, tail = re.split(r"\{\w+\}", template, maxsplit=1)
    if md_text.startswith(head) and md_text.endswith(tail):
        return md_text[len(head):len(md_text) - len(tail)]
    return None


def filled_many(lang, key, md_text):
    """All values a catalogue string was filled with, by name, or None."""
    pattern, seen = "", set()
    for part in re.split(r"(\{\w+\})", TEXT[lang][key]):
        name = part[1:-1] if re.fullmatch(r"\{\w+\}", part) else None
        if name is None:
            pattern += re.escape(part)
        else:  # a placeholder used twice must hold the same text both times
            pattern += f"(?P={name})" if name in seen else f"(?P<{name}>.+?)"
            seen.add(name)
    m = re.fullmatch(pattern, md_text, flags=re.S)
    return m.groupdict() if m else None


def open_tab(at):
    """The label of the one tab drawn (only the open view is drawn)."""
    drawn = [t.label for t in at.tabs if t.children]
    assert len(drawn) == 1, drawn
    return drawn[0]


def chart(at, key):
    found = [c for c in at.get("plotly_chart") if c.proto.id.endswith(f"-{key}")]
    assert len(found) <= 1
    return json.loads(found[0].proto.spec) if found else None


def markers(spec):
    return [t for t in spec["data"] if t.get("mode") == "markers"]


def equation(at, lang="en"):
    """The boundary line's equation: the text after 'The line where the output is 0.5: '."""
    found = [filled(lang, "boundary_line", m) for m in values(at.markdown)]
    found = [f for f in found if f is not None]
    assert len(found) <= 1
    return found[0] if found else None


def equation_terms(eq, x, y, lang="en"):
    """``a·x + b·y + c = 0`` read back as (a, b, c)."""
    m = re.fullmatch(rf"(\S+)·{re.escape(x)} ([+−]) (\S+)·{re.escape(y)} ([+−]) (\S+) = 0", eq)
    assert m, eq
    sign = {"+": 1.0, "−": -1.0}
    return (num(m[1], lang), sign[m[2]] * num(m[3], lang), sign[m[4]] * num(m[5], lang))


def share_link(at):
    """The link the Share section shows (in a code box or the copy-link component)."""
    links = [c.value for c in at.code if "?" in c.value]
    for element in at.get("bidi_component"):
        data = json.loads(element.proto.json or "{}")
        if isinstance(data, dict) and "url" in data:
            links.append(data["url"])
    assert len(links) == 1, links
    return links[0]


# -- Explain this step -----------------------------------------------------------------------

def test_explain_shows_the_update_step_made_with_the_articles_numbers():
    at = page({"view": "explain"})
    click(at, "step")
    w0 = initial_weights((3, 1))
    adj1, (w1,) = article_step(SEED_X, SEED_Y, w0)
    md = values(at.markdown)
    assert text("en", "explain_last") in values(at.caption)
    assert text("en", "explain_intro", a="0", b="1") in md
    (shown_adj,) = adjustment_rows(at)
    np.testing.assert_allclose([shown_adj[f"x{i}→y"] for i in (1, 2, 3)], adj1[0].ravel(),
                               rtol=1e-4)
    steps = new_weights(at)
    assert list(steps) == ["x1→y", "x2→y", "x3→y"]
    got = np.array(list(steps.values()))
    np.testing.assert_allclose(got[:, 0], w0[0].ravel(), rtol=1e-7)
    np.testing.assert_allclose(got[:, 1], adj1[0].ravel(), rtol=1e-7)
    np.testing.assert_allclose(got[:, 2], w1.ravel(), rtol=1e-7)
    # row by row: z, σ(z), error, slope and δ of the first update
    z = SEED_X @ w0[0]
    out = sigmoid(z)
    tables = explain_tables(at)
    sums = next(t for t in tables if "z" in t.columns)
    np.testing.assert_allclose([num(v) for v in sums["z"]], z.ravel(), rtol=1e-4)
    np.testing.assert_allclose([num(v) for v in sums["σ(z)"]], out.ravel(), rtol=1e-4)
    deltas = next(t for t in tables if text("en", "col_delta") in t.columns)
    np.testing.assert_allclose([num(v) for v in deltas[text("en", "col_slope")]],
                               (out * (1 - out)).ravel(), rtol=1e-4)
    np.testing.assert_allclose([num(v) for v in deltas[text("en", "col_delta")]],
                               ((SEED_Y - out) * out * (1 - out)).ravel(), rtol=1e-4)
    # loss before and after, the squared error averaged over rows
    loss = filled_many("en", "explain_loss", next(m for m in md if m.startswith("Loss before")))
    assert num(loss["before"]) == pytest.approx(np.mean((SEED_Y - out) ** 2), rel=1e-5)
    assert num(loss["after"]) == pytest.approx(
        np.mean((SEED_Y - sigmoid(SEED_X @ w1)) ** 2), rel=1e-5)

    # the second Step: the update from 1 to 2 and its numbers
    click(at, "step")
    adj2, (w2,) = article_step(SEED_X, SEED_Y, [w1])
    assert text("en", "explain_intro", a="1", b="2") in values(at.markdown)
    (shown_adj,) = adjustment_rows(at)
    np.testing.assert_allclose(list(shown_adj.values()), adj2[0].ravel(), rtol=1e-4)
    got = np.array(list(new_weights(at).values()))
    np.testing.assert_allclose(got[:, 2], w2.ravel(), rtol=1e-7)
    np.testing.assert_array_equal(lab(at).trainer.weights[0], w2)


def test_explain_after_step_many_shows_the_update_that_led_there_and_step_the_next():
    at = page({"view": "explain"})
    set_widget(at, "field", "step_size", 5)
    click(at, "step_many")
    w4 = article_run(SEED_X, SEED_Y, initial_weights((3, 1)), 4)
    adj5, (w5,) = article_step(SEED_X, SEED_Y, w4)
    adj6, (w6,) = article_step(SEED_X, SEED_Y, [w5])
    assert text("en", "explain_led_here") in values(at.caption)
    assert text("en", "explain_intro", a="4", b="5") in values(at.markdown)
    (shown_adj,) = adjustment_rows(at)
    np.testing.assert_allclose(list(shown_adj.values()), adj5[0].ravel(), rtol=1e-4)
    got = np.array(list(new_weights(at).values()))
    np.testing.assert_allclose(got[:, 2], w5.ravel(), rtol=1e-7)
    assert lab(at).trainer.iteration == 5  # replaying the update does not train
    np.testing.assert_array_equal(lab(at).trainer.weights[0], w5)
    click(at, "step")
    assert text("en", "explain_last") in values(at.caption)
    assert text("en", "explain_intro", a="5", b="6") in values(at.markdown)
    (shown_adj,) = adjustment_rows(at)
    np.testing.assert_allclose(list(shown_adj.values()), adj6[0].ravel(), rtol=1e-4)
    np.testing.assert_allclose(lab(at).trainer.weights[0], w6, rtol=1e-12)


def test_explain_before_any_update_shows_the_next_one_without_training():
    at = page({"view": "explain"})
    adj, _ = article_step(SEED_X, SEED_Y, initial_weights((3, 1)))
    assert text("en", "explain_next") in values(at.caption)
    assert text("en", "explain_intro", a="0", b="1") in values(at.markdown)
    (shown_adj,) = adjustment_rows(at)
    np.testing.assert_allclose(list(shown_adj.values()), adj[0].ravel(), rtol=1e-4)
    assert lab(at).trainer.iteration == 0


def test_explain_in_spanish_uses_the_decimal_comma():
    at = page({"lang": "es", "view": "explain"})
    click(at, "step")
    adj, (w1,) = article_step(SEED_X, SEED_Y, initial_weights((3, 1)))
    assert open_tab(at) == text("es", "view_explain")
    assert text("es", "explain_last") in values(at.caption)
    assert text("es", "explain_intro", a="0", b="1") in values(at.markdown)
    frames = [df for df in explain_tables(at)
              if text("es", "col_sum_adjustment") in list(df.index)]
    assert len(frames) == 1
    raw = list(frames[0].loc[text("es", "col_sum_adjustment")])
    assert all("," in v and "." not in v for v in raw), raw  # 0,28621, not 0.28621
    np.testing.assert_allclose([num(v, "es") for v in raw], adj[0].ravel(), rtol=1e-4)
    steps = new_weights(at, "es")
    assert steps, "step 5 missing"
    np.testing.assert_allclose([after for _, _, after in steps.values()], w1.ravel(),
                               rtol=1e-7)
    deltas = next(t for t in explain_tables(at) if text("es", "col_delta") in t.columns)
    assert text("es", "col_slope") in deltas.columns


def test_explain_with_a_hidden_layer_covers_each_layer():
    at = page({"view": "explain"})
    set_widget(at, "number_input", "hidden", 1)
    assert lab(at).trainer.config.hidden == (2,)
    click(at, "step")
    weights = initial_weights((3, 2, 1))
    adjustments, after = article_step(SEED_X, SEED_Y, weights)
    md = values(at.markdown)
    hidden_title = f"**{text('en', 'hidden_layer', n=1)}**"
    output_title = f"**{text('en', 'layer_output')}**"
    # steps 1, 2, 4 and 5 each name both layers
    assert md.count(hidden_title) == 4 and md.count(output_title) == 4
    assert text("en", "explain_backprop") in md
    contributions = adjustment_rows(at)
    assert len(contributions) == 2
    output_adj, hidden_adj = contributions  # step 4 walks back from the output
    assert list(output_adj) == ["h1→y", "h2→y"]
    assert list(hidden_adj) == [f"x{i}→h{j}" for i in (1, 2, 3) for j in (1, 2)]
    np.testing.assert_allclose(list(output_adj.values()), adjustments[1].ravel(), rtol=1e-4)
    np.testing.assert_allclose(list(hidden_adj.values()), adjustments[0].ravel(), rtol=1e-4)
    steps = new_weights(at)
    for layer, (ins, outs) in enumerate([(["x1", "x2", "x3"], ["h1", "h2"]),
                                         (["h1", "h2"], ["y"])]):
        for i, a in enumerate(ins):
            for j, b in enumerate(outs):
                before, adj, new = steps[f"{a}→{b}"]
                assert before == pytest.approx(weights[layer][i, j], rel=1e-7)
                assert new == pytest.approx(after[layer][i, j], rel=1e-7)
    # the weights tables: one per layer, with the hidden layer's 3 x 2 weights
    weight_tables = [df for df in explain_tables(at) if df.index.name == text("en", "col_from")]
    assert [df.shape for df in weight_tables] == [(3, 2), (2, 1)]
    np.testing.assert_allclose(weight_tables[0].map(num).to_numpy(), weights[0], rtol=1e-4)


# -- the sigmoid view ------------------------------------------------------------------------

@pytest.mark.parametrize("steps", [0, 1, 30])
def test_sigmoid_view_marks_each_rows_sum_and_output(steps):
    at = page({"view": "sigmoid"})
    if steps:
        set_widget(at, "field", "step_size", steps)
        click(at, "step_many")
    assert open_tab(at) == text("en", "view_sigmoid")
    spec = chart(at, "sigmoid_chart")
    assert spec is not None
    (w,) = article_run(SEED_X, SEED_Y, initial_weights((3, 1)), steps)
    z = (SEED_X @ w).ravel()
    out = sigmoid(z)
    points = markers(spec)
    assert [p["name"] for p in points] == [text("en", "row_n", n=r) for r in (1, 2, 3, 4)]
    np.testing.assert_allclose([p["x"][0] for p in points], z, rtol=1e-12)
    np.testing.assert_allclose([p["y"][0] for p in points], out, rtol=1e-12)
    # the curve itself is the sigmoid
    curve = max(spec["data"], key=lambda t: len(t["x"]))
    np.testing.assert_allclose(curve["y"], sigmoid(np.asarray(curve["x"])), rtol=1e-12)
    # every row is drawn where the curve is, and inside the y axis
    assert min(curve["x"]) < z.min() and z.max() < max(curve["x"])
    low, high = spec["layout"]["yaxis"]["range"]
    assert low < out.min() and out.max() < high
    # each short line through a point has the sigmoid's slope there, output × (1 − output)
    segments = [t for t in spec["data"] if t.get("mode") == "lines" and len(t["x"]) == 2]
    assert len(segments) == 4
    for seg, zk, ak in zip(segments, z, out):
        (x0, x1), (y0, y1) = seg["x"], seg["y"]
        assert (y1 - y0) / (x1 - x0) == pytest.approx(ak * (1 - ak), rel=1e-9)
        assert (x0 + x1) / 2 == pytest.approx(zk) and (y0 + y1) / 2 == pytest.approx(ak)


def test_sigmoid_view_with_a_hidden_layer_shows_the_output_neuron():
    at = page({"view": "sigmoid"})
    set_widget(at, "number_input", "hidden", 1)
    click(at, "step")
    w1, w2 = article_step(SEED_X, SEED_Y, initial_weights((3, 2, 1)))[1]
    z = (sigmoid(SEED_X @ w1) @ w2).ravel()
    points = markers(chart(at, "sigmoid_chart"))
    np.testing.assert_allclose([p["x"][0] for p in points], z, rtol=1e-12)
    np.testing.assert_allclose([p["y"][0] for p in points], sigmoid(z), rtol=1e-12)
    assert text("en", "sigmoid_hidden") in values(at.caption)


# -- the decision boundary -------------------------------------------------------------------

def grid_axis(column):
    lo, hi = column.min(), column.max()
    return np.linspace(lo - 0.25 * (hi - lo), hi + 0.25 * (hi - lo), boundary.GRID)


def check_boundary_grid(spec, weights, table, a, b, held):
    """The contour's z is σ(w·x) over the grid of inputs a (x) and b (y), others held."""
    (contour,) = [t for t in spec["data"] if t["type"] == "contour"]
    xs, ys = grid_axis(table.inputs[:, a]), grid_axis(table.inputs[:, b])
    np.testing.assert_allclose(contour["x"], xs, rtol=1e-12)
    np.testing.assert_allclose(contour["y"], ys, rtol=1e-12)
    gx, gy = np.meshgrid(xs, ys)
    z = gx * weights[a, 0] + gy * weights[b, 0]
    for k, v in held.items():
        z = z + v * weights[k, 0]
    np.testing.assert_allclose(contour["z"], sigmoid(z), atol=5.1e-5)  # rounded to 4 places
    assert contour["contours"]["start"] == contour["contours"]["end"] == 0.5


@pytest.mark.parametrize("preset", ["and", "xor", "seed"])
def test_boundary_for_two_varying_inputs_with_its_line(preset):
    table = presets.get(preset)
    at = page()
    set_widget(at, "selectbox", "preset", preset)
    open_view(at, "boundary")
    set_widget(at, "field", "step_size", 200)
    click(at, "step_many")
    (w,) = article_run(table.inputs, table.targets, initial_weights((3, 1)), 200)
    assert open_tab(at) == text("en", "view_boundary")
    spec = chart(at, "boundary_chart")
    assert spec is not None
    assert spec["layout"]["xaxis"]["title"]["text"] == "x1"
    assert spec["layout"]["yaxis"]["title"]["text"] == "x2"
    # x3, constant 1 in every one of these tables, is held at 1 and said to act as a bias
    check_boundary_grid(spec, w, table, 0, 1, {2: 1.0})
    assert text("en", "boundary_constant", names="x3") in values(at.caption)
    # the rows: circles for target 1, squares for target 0
    circles = next(t for t in markers(spec) if t["marker"]["symbol"] == "circle")
    crosses = next(t for t in markers(spec) if t["marker"]["symbol"] == "square")
    ones = table.targets[:, 0] == 1
    assert sorted(zip(circles["x"], circles["y"])) == sorted(map(tuple, table.inputs[ones, :2]))
    assert sorted(zip(crosses["x"], crosses["y"])) == sorted(map(tuple, table.inputs[~ones, :2]))
    # one neuron: the line w1·x1 + w2·x2 + w3 = 0, written with its numbers and drawn
    a, b, c = equation_terms(equation(at), "x1", "x2")
    np.testing.assert_allclose([a, b, c], w.ravel(), rtol=1e-3)
    (line,) = [t for t in spec["data"] if t.get("mode") == "lines"]
    lx, ly = np.asarray(line["x"]), np.asarray(line["y"])
    assert len(lx) >= 2
    np.testing.assert_allclose(w[0, 0] * lx + w[1, 0] * ly + w[2, 0], 0, atol=1e-9)


def test_boundary_in_spanish_writes_the_equation_with_decimal_commas():
    at = page({"lang": "es"})
    set_widget(at, "selectbox", "preset", "and")
    open_view(at, "boundary")
    click(at, "step")
    (w,) = article_run(presets.get("and").inputs, presets.get("and").targets,
                       initial_weights((3, 1)), 1)
    eq = equation(at, "es")
    assert eq is not None and "," in eq and "." not in eq
    np.testing.assert_allclose(equation_terms(eq, "x1", "x2", "es"), w.ravel(), rtol=1e-3)


def test_no_boundary_for_one_varying_input():
    at = page()
    set_widget(at, "selectbox", "preset", "not")
    open_view(at, "boundary")
    assert text("en", "boundary_none") in values(at.info)
    assert chart(at, "boundary_chart") is None


def test_boundary_with_a_hidden_layer_has_no_straight_line():
    table = presets.get("xor")
    at = page()
    set_widget(at, "selectbox", "preset", "xor")
    open_view(at, "boundary")
    set_widget(at, "number_input", "hidden", 1)
    set_widget(at, "field", "step_size", 50)
    click(at, "step_many")
    spec = chart(at, "boundary_chart")
    assert equation(at) is None
    assert not [t for t in spec["data"] if t.get("mode") == "lines"]
    (contour,) = [t for t in spec["data"] if t["type"] == "contour"]
    gx, gy = np.meshgrid(contour["x"], contour["y"])
    grid = np.column_stack([gx.ravel(), gy.ravel(), np.ones(gx.size)])
    w1, w2 = article_run(table.inputs, table.targets, initial_weights((3, 2, 1)), 50)
    expected = sigmoid(sigmoid(grid @ w1) @ w2).reshape(gx.shape)
    np.testing.assert_allclose(contour["z"], expected, atol=5.1e-5)


def test_boundary_axis_pickers_for_more_than_two_varying_inputs():
    table = presets.get("majority")  # x1, x2, x3 vary; x4 is a constant 1
    at = page()
    set_widget(at, "selectbox", "preset", "majority")
    open_view(at, "boundary")
    click(at, "step")
    (w,) = article_run(table.inputs, table.targets, initial_weights((4, 1)), 1)
    x_pick, y_pick = at.selectbox(key="boundary_x"), at.selectbox(key="boundary_y")
    assert x_pick.options == ["x1", "x2", "x3"]
    assert x_pick.value == 0 and y_pick.value == 1
    assert y_pick.options == ["x2", "x3"]
    hold = at.select_slider(key="hold_2")  # x3, the varying input on neither axis
    assert hold.value == pytest.approx(0.5)  # the median of x3's column
    spec = chart(at, "boundary_chart")
    check_boundary_grid(spec, w, table, 0, 1, {2: 0.5, 3: 1.0})
    a, b, c = equation_terms(equation(at), "x1", "x2")
    np.testing.assert_allclose([a, b, c], [w[0, 0], w[1, 0], 0.5 * w[2, 0] + w[3, 0]],
                               rtol=1e-3)
    # x3 across: the vertical axis keeps x2, and x1 is now the input held by a slider
    set_widget(at, "selectbox", "boundary_x", 2)
    spec = chart(at, "boundary_chart")
    assert spec["layout"]["xaxis"]["title"]["text"] == "x3"
    assert spec["layout"]["yaxis"]["title"]["text"] == "x2"
    assert at.selectbox(key="boundary_y").options == ["x1", "x2"]
    assert [s.key for s in at.select_slider if s.key.startswith("hold_")] == ["hold_0"]
    set_widget(at, "select_slider", "hold_0", 1.0)
    check_boundary_grid(chart(at, "boundary_chart"), w, table, 2, 1, {0: 1.0, 3: 1.0})
    # the vertical axis cannot be the horizontal one; picking x1 for it holds x2 instead
    set_widget(at, "selectbox", "boundary_y", 0)
    assert chart(at, "boundary_chart")["layout"]["yaxis"]["title"]["text"] == "x1"
    assert [s.key for s in at.select_slider if s.key.startswith("hold_")] == ["hold_1"]


def test_a_held_input_is_written_in_the_pages_language():
    # x3 held at its median on a Spanish page, written 0,5 (a number slider writes 0.50)
    at = page({"lang": "es"})
    set_widget(at, "selectbox", "preset", "majority")
    open_view(at, "boundary")
    hold = at.select_slider(key="hold_2")
    assert hold.value == 0.5
    assert "0,5" in hold.options and "0,025" in hold.options
    assert not [o for o in hold.options if "." in o]


def test_boundary_of_the_second_output_with_two_targets():
    table = presets.get("half_adder")
    at = page()
    set_widget(at, "selectbox", "preset", "half_adder")
    open_view(at, "boundary")
    click(at, "step")
    w = article_run(table.inputs, table.targets, initial_weights((3, 2)), 1)[0]
    set_widget(at, "radio", "boundary_output", 1)
    spec = chart(at, "boundary_chart")
    (contour,) = [t for t in spec["data"] if t["type"] == "contour"]
    assert contour["colorbar"]["title"]["text"] == "carry"
    check_boundary_grid(spec, w[:, [1]], table, 0, 1, {2: 1.0})
    circles = next(t for t in markers(spec) if t["marker"]["symbol"] == "circle")
    assert list(zip(circles["x"], circles["y"])) == [(1.0, 1.0)]  # carry is 1 for 1 + 1 only
    np.testing.assert_allclose(equation_terms(equation(at), "x1", "x2"), w[:, 1], rtol=1e-3)


# -- can one neuron learn this? --------------------------------------------------------------

def test_xor_says_one_neuron_cannot_and_adds_a_hidden_layer():
    """The fix offered is one hidden layer of 6 sigmoid neurons (neuron.lesson.fix: measured
    to learn xor, xor3 and half_adder for seeds 0-99); seed, loss and bias stay."""
    at = page()
    set_widget(at, "selectbox", "preset", "xor")
    open_view(at, "boundary")
    assert text("en", "separable_no") in values(at.warning)
    assert text("en", "separable_yes") not in values(at.success)
    button = at.button(key="add_hidden")
    assert button.label == text("en", "add_hidden", n=6)
    click(at, "add_hidden")
    assert at.number_input(key="hidden").value == 1
    assert at.number_input(key="neurons").value == 6
    assert lab(at).trainer.config == Config(hidden=(6,))
    assert iteration(at) == 0
    np.testing.assert_array_equal(lab(at).trainer.params,
                                  Trainer(Config(hidden=(6,)), presets.get("xor")).params)
    # the offer is gone; the view now says how far the hidden layer has got
    assert not [b for b in at.button if b.key == "add_hidden"]
    right = int(Trainer(Config(hidden=(6,)), presets.get("xor")).rows_right().sum())
    assert text("en", "hidden_learning", right=right, rows=4) in values(at.caption)
    assert at.query_params["hidden"] == "6"
    # and it learns: Train to the target gets every row right
    click(at, "train")
    trained = Trainer(Config(hidden=(6,)), presets.get("xor")).run(10_000)
    assert trained.rows_right().all()
    np.testing.assert_array_equal(lab(at).trainer.params, trained.params)


@pytest.mark.parametrize("preset", ["and", "seed", "majority"])
def test_separable_tables_do_not_get_the_cannot_verdict(preset):
    at = page()
    set_widget(at, "selectbox", "preset", preset)
    open_view(at, "boundary")
    assert text("en", "separable_yes") in values(at.success)
    assert text("en", "separable_no") not in values(at.warning)
    assert not [b for b in at.button if b.key == "add_hidden"]


def test_two_targets_name_the_one_a_neuron_cannot_learn():
    at = page({"lang": "es"})
    set_widget(at, "selectbox", "preset", "half_adder")
    open_view(at, "boundary")
    warnings = values(at.warning)
    assert text("es", "separable_no_output", name="sum") in warnings
    assert text("es", "separable_no_output", name="carry") not in warnings
    assert at.button(key="add_hidden").label == text("es", "add_hidden", n=6)


def test_the_verdict_follows_an_edited_table():
    at = page()
    set_widget(at, "selectbox", "preset", "xor")
    open_view(at, "boundary")
    assert text("en", "separable_no") in values(at.warning)
    open_view(at, "table")
    edit(at, {3: {"y": 1}})  # 1 xor 1 -> 1: now OR, which one neuron can learn
    assert lab(at).table.targets.ravel().tolist() == [0, 1, 1, 1]
    open_view(at, "boundary")
    assert text("en", "separable_yes") in values(at.success)
    assert text("en", "separable_no") not in values(at.warning)


# -- common questions ------------------------------------------------------------------------

def answer(at, lang, key):
    found = [filled_many(lang, key, m) for m in values(at.markdown)]
    found = [f for f in found if f is not None]
    assert len(found) == 1, key
    return found[0]


def test_common_questions_with_the_real_numbers():
    at = page({"view": "explain"})
    labels = [e.label for e in at.expander]
    for key in ("q_zero", "q_slope", "q_lr"):
        assert text("en", key) in labels
    assert num(answer(at, "en", "a_zero")["value"]) == 0.5
    # before any step the slope answer uses the next update's first row: σ(x·w) at the start
    out = sigmoid(SEED_X[0] @ initial_weights((3, 1))[0])[0]
    a = answer(at, "en", "a_slope")
    assert num(a["out"]) == pytest.approx(out, rel=1e-4)
    assert num(a["slope"]) == pytest.approx(out * (1 - out), rel=1e-4)
    assert num(answer(at, "en", "a_lr")["lr"]) == 1.0
    set_widget(at, "field", "learning_rate", 0.25)
    assert num(answer(at, "en", "a_lr")["lr"]) == 0.25


def test_all_zero_input_is_exactly_one_half_without_bias_even_after_training():
    at = page({"lang": "es", "view": "explain"})
    click(at, "train")
    assert iteration(at, "es") == 10_000
    assert num(answer(at, "es", "a_zero")["value"], "es") == 0.5


def test_with_bias_the_all_zero_answer_is_the_sigmoid_of_the_bias():
    at = page({"view": "explain"})
    set_widget(at, "toggle", "bias", True)
    set_widget(at, "field", "step_size", 20)
    click(at, "step_many")
    # one neuron with bias: for x = 0 the sum is the bias alone; replay the updates in numpy
    w, b = initial_weights((3, 1))[0], 0.0
    for _ in range(20):
        out = sigmoid(SEED_X @ w + b)
        delta = (SEED_Y - out) * out * (1 - out)
        w, b = w + SEED_X.T @ delta, b + delta.sum()
    said = answer(at, "en", "a_zero_bias")
    value = num(said["value"])
    assert value != 0.5
    assert value == pytest.approx(sigmoid(b), rel=1e-7)
    assert num(said["bias"]) == pytest.approx(b, rel=1e-7)


def test_the_zero_input_question_is_not_contradicted_with_a_hidden_layer():
    at = page({"view": "explain"})
    set_widget(at, "number_input", "hidden", 1)
    w1, w2 = initial_weights((3, 2, 1))
    actual = sigmoid(sigmoid(np.zeros(3) @ w1) @ w2)[0]
    assert actual != pytest.approx(0.5)  # "exactly 0.5" is false for this network
    said = answer(at, "en", "a_zero_hidden")
    assert num(said["value"]) == pytest.approx(actual, rel=1e-7)
    # with tanh hidden neurons, tanh(0) = 0 passes the zeros on: exactly 0.5 again
    set_widget(at, "selectbox", "activation", "tanh")
    said = answer(at, "en", "a_zero_hidden_half")
    assert num(said["value"]) == 0.5 and said["act"] == "tanh"


# -- the timeline ----------------------------------------------------------------------------

def test_timeline_shows_an_earlier_iteration_and_training_stays_put():
    at = page({"view": "explain"})
    assert not [s for s in at.slider if s.key == "timeline"]  # nothing to look back at yet
    click(at, "step_many")
    slider = at.slider(key="timeline")
    assert (slider.min, slider.max, slider.value) == (0, 100, 100)
    set_widget(at, "slider", "timeline", 40)
    then = Trainer(Config(), presets.get("seed")).run(40)
    # metrics as they were at 40
    m = metrics(at)
    assert iteration(at) == 40
    assert num(m["Loss"]) == float(f"{then.loss():.6g}")
    assert m["Rows right"] == f"{int(then.rows_right().sum())} / 4"
    data = stage(at)
    assert data["status"] == text("en", "status_past", i="40", now="100")
    # the diagram's weight labels are the weights at 40
    np.testing.assert_allclose([num(v) for v in data["state"]["labels"]],
                               then.weights[0].ravel(), rtol=1e-2)
    # the explanation is the update that led to 40, from 39
    w39 = article_run(SEED_X, SEED_Y, initial_weights((3, 1)), 39)
    adj, (w40,) = article_step(SEED_X, SEED_Y, w39)
    assert text("en", "explain_intro", a="39", b="40") in values(at.markdown)
    assert text("en", "explain_led_here") in values(at.caption)
    assert text("en", "explain_next") not in values(at.caption)
    (shown_adj,) = adjustment_rows(at)
    np.testing.assert_allclose(list(shown_adj.values()), adj[0].ravel(), rtol=1e-4)
    # the boundary line too, and the predictions, at the same iteration
    open_view(at, "boundary")
    a, b, c = equation_terms(equation(at), "x1", "x2")
    np.testing.assert_allclose([a, b, c], then.weights[0].ravel(), rtol=1e-3)
    open_view(at, "predictions")
    said = [m for m in values(at.markdown) if m.startswith("**At iteration")]
    assert len(said) == 1 and said[0].startswith("**At iteration 40 ")
    assert f"{then.predict([1, 0, 0])[0, 0]:.8f}" in said[0]
    # training itself is where it was, and the link names the iteration shown
    assert lab(at).trainer.iteration == 100
    np.testing.assert_array_equal(lab(at).trainer.params,
                                  Trainer(Config(), presets.get("seed")).run(100).params)
    assert at.query_params["it"] == "40"
    # "Back to now" returns, and the timeline follows training again
    click(at, "timeline_now")
    assert iteration(at) == 100
    assert at.slider(key="timeline").value == 100
    assert not [b for b in at.button if b.key == "timeline_now"]
    assert stage(at)["status"].startswith(text("en", "status", i="100", loss="")[:14])
    click(at, "step")
    assert iteration(at) == 101
    assert at.slider(key="timeline").value == 101


def test_step_while_looking_back_returns_to_the_latest_and_says_so():
    """Step trains from the latest iteration: the page goes back there and says so
    (it used to train on while the counter stayed at the iteration looked at)."""
    at = page()
    click(at, "step_many")
    set_widget(at, "slider", "timeline", 40)
    assert iteration(at) == 40
    click(at, "step")
    assert lab(at).trainer.iteration == 101  # training went on from the latest
    assert iteration(at) == 101
    assert at.slider(key="timeline").value == 101
    assert text("en", "back_to_latest", shown=40, latest=100) in toasts(at)
    np.testing.assert_array_equal(lab(at).trainer.params,
                                  Trainer(Config(), presets.get("seed")).run(101).params)


def test_timeline_explanation_before_a_learning_rate_change_uses_the_rate_of_then():
    at = page({"view": "explain"})
    set_widget(at, "field", "step_size", 50)
    click(at, "step_many")
    set_widget(at, "field", "learning_rate", 0.5)
    click(at, "step_many")
    assert lab(at).trainer.iteration == 100
    set_widget(at, "slider", "timeline", 50)
    w49 = article_run(SEED_X, SEED_Y, initial_weights((3, 1)), 49)
    _, (w50,) = article_step(SEED_X, SEED_Y, w49)  # the update that led to 50: rate 1
    steps = new_weights(at)
    np.testing.assert_allclose([after for _, _, after in steps.values()], w50.ravel(),
                               rtol=1e-7)
    assert text("en", "explain_lr", lr="0.5") not in values(at.markdown)
    set_widget(at, "slider", "timeline", 51)  # the update that led to 51: rate 0.5
    assert text("en", "explain_lr", lr="0.5") in values(at.markdown)
    adj, _ = article_step(SEED_X, SEED_Y, [w50])
    np.testing.assert_allclose([a for _, a, _ in new_weights(at).values()],
                               0.5 * adj[0].ravel(), rtol=1e-7)


# -- compare runs ----------------------------------------------------------------------------

def compare_result(at, lang="en"):
    found = [filled_many(lang, "compare_result", m) for m in values(at.markdown)]
    found = [f for f in found if f is not None]
    assert len(found) == 1
    return {k: int(num(v, lang)) for k, v in found[0].items()}


def test_compare_seeds_on_xor_with_a_hidden_layer():
    at = page()
    set_widget(at, "selectbox", "preset", "xor")
    set_widget(at, "number_input", "hidden", 1)  # (add_hidden: see the xfail above)
    open_view(at, "compare")
    set_widget(at, "field", "target_iterations", 4_000)
    assert chart(at, "compare_chart") is None
    set_widget(at, "select_slider", "compare_count", 8)
    compare(at)
    expected = sweep(Config(hidden=(2,)), presets.get("xor"), 4_000, seeds=range(1, 9))
    fits = int(expected.fits.sum())
    assert 0 < fits < 8, "this case should have runs that fit and runs that do not"
    assert compare_result(at) == dict(fit=fits, total=8, iterations=4_000)
    spec = chart(at, "compare_chart")
    runs = spec["data"]
    assert len(runs) == 8
    for k, trace in enumerate(runs):
        fit = text("en", "compare_fits" if expected.fits[k] else "compare_misses")
        assert trace["name"] == text("en", "compare_seed", seed=k + 1) + ": " + fit
        np.testing.assert_allclose(trace["x"], expected.iterations)
        np.testing.assert_allclose(trace["y"], expected.loss[k], rtol=1e-9)
    # the result stays on the page across reruns, and goes when it no longer describes
    # the table and settings on screen
    click(at, "step")
    assert chart(at, "compare_chart") is not None
    set_widget(at, "number_input", "neurons", 3)
    assert chart(at, "compare_chart") is None
    set_widget(at, "number_input", "neurons", 2)
    compare(at)
    assert chart(at, "compare_chart") is not None
    open_view(at, "table")
    set_widget(at, "selectbox", "preset", "and")
    open_view(at, "compare")
    assert chart(at, "compare_chart") is None


def test_compare_learning_rates():
    at = page({"lang": "es", "view": "compare"})
    set_widget(at, "field", "target_iterations", 300)
    set_widget(at, "radio", "compare_by", "rates")
    set_widget(at, "multiselect", "compare_rates", [0.1, 10.0])
    compare(at)
    expected = sweep(Config(), presets.get("seed"), 300, learning_rates=[0.1, 10.0])
    runs = chart(at, "compare_chart")["data"]
    assert [t["name"].split(": ")[0] for t in runs] == [
        text("es", "compare_rate", lr="0,1"), text("es", "compare_rate", lr="10")]
    for trace, loss in zip(runs, expected.loss):
        np.testing.assert_allclose(trace["y"], loss, rtol=1e-9)
    assert compare_result(at, "es") == dict(fit=int(expected.fits.sum()), total=2,
                                            iterations=300)


# -- export ----------------------------------------------------------------------------------

@pytest.fixture
def downloads(monkeypatch):
    """What the page's download buttons serve: the media storage each AppTest run uses is
    recorded, and ``served(at, key)`` returns the bytes a click on that button would get."""
    storages = []
    managers = []

    class Storage(app_test_module.MemoryMediaFileStorage):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            storages.append(self)

    class Manager(app_test_module.MediaFileManager):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            managers.append(self)

    monkeypatch.setattr(app_test_module, "MemoryMediaFileStorage", Storage)
    monkeypatch.setattr(app_test_module, "MediaFileManager", Manager)

    def served(at, key):
        (button,) = [b for b in at.get("download_button") if b.proto.id.endswith(f"-{key}")]
        proto = button.proto
        url = proto.url
        if proto.deferred_file_id:
            url = managers[-1].execute_deferred(proto.deferred_file_id)
        return storages[-1].get_file(url.rsplit("/", 1)[1]).content

    return served


def run_script(source, tmp_path):
    """Run a downloaded script; each row's printed outputs (test_export's own helpers)."""
    return _printed_outputs(_run(source.decode(), tmp_path))


@pytest.mark.parametrize(("preset", "settings", "config"), [
    ("seed", [], Config()),
    ("xor", [("number_input", "hidden", 1), ("toggle", "bias", True),
             ("selectbox", "activation", "tanh")],
     Config(hidden=(2,), bias=True, activation="tanh")),
], ids=["article", "hidden-bias"])
def test_export_script_json_and_csv(preset, settings, config, downloads, tmp_path):
    table = presets.get(preset)
    at = page()
    set_widget(at, "selectbox", "preset", preset)
    for kind, key, value in settings:
        set_widget(at, kind, key, value)
    set_widget(at, "field", "step_size", 150)
    click(at, "step_many")
    expected = Trainer(config, table).run(150)
    keys = {b.proto.id.rsplit("-", 1)[1] for b in at.get("download_button")}
    assert "download_csv" in keys  # the table's own, in the table view
    # the CSV is the table
    assert Table.from_csv(downloads(at, "download_csv")) == table
    open_view(at, "share")
    keys = {b.proto.id.rsplit("-", 1)[1] for b in at.get("download_button")}
    assert {"export_script", "export_json"} <= keys
    # the script, run on its own, prints the outputs the trainer has now
    printed = run_script(downloads(at, "export_script"), tmp_path)
    np.testing.assert_allclose(printed, expected.predict(table.inputs), rtol=1e-7, atol=1e-9)
    # the JSON: configuration, table, weights and history
    data = json.loads(downloads(at, "export_json"))
    assert data["iteration"] == 150
    assert data["config"]["hidden"] == list(config.hidden)
    assert data["config"]["bias"] is config.bias
    assert data["table"]["inputs"] == table.inputs.tolist()
    assert data["table"]["targets"] == table.targets.tolist()
    for got, want in zip(data["weights"], expected.weights):
        np.testing.assert_allclose(got, want, rtol=1e-12)
    assert data["loss"] == pytest.approx(expected.loss(), rel=1e-12)
    assert data["history"]["iterations"] == list(range(151))
    np.testing.assert_allclose(data["history"]["loss"][-1], expected.loss(), rtol=1e-12)


def test_export_follows_a_learning_rate_change(downloads, tmp_path):
    """The script replays the learning rates as they were changed (the trainer's schedule)."""
    at = page({"view": "share"})
    set_widget(at, "field", "step_size", 30)
    click(at, "step_many")
    set_widget(at, "field", "learning_rate", 2.0)
    click(at, "step_many")
    expected = Trainer(Config(), presets.get("seed")).run(30)
    expected.set_learning_rate(2.0)
    expected.run(30)
    printed = run_script(downloads(at, "export_script"), tmp_path)
    table = presets.get("seed")
    np.testing.assert_allclose(printed, expected.predict(table.inputs), rtol=1e-7, atol=1e-9)
    # not the same as 60 updates at either rate alone
    for lr in (1.0, 2.0):
        alone = Trainer(Config(learning_rate=lr), table).run(60).predict(table.inputs)
        assert not np.allclose(printed, alone, rtol=1e-7, atol=1e-9)


# -- share -----------------------------------------------------------------------------------

def test_share_link_is_the_url_the_page_writes():
    at = page({"view": "share"})
    assert open_tab(at) == text("en", "view_share")
    assert dict(parse_qsl(share_link(at).split("?", 1)[1])) == dict(at.query_params)
    open_view(at, "table")
    set_widget(at, "selectbox", "preset", "xor")
    set_widget(at, "number_input", "hidden", 1)
    open_view(at, "share")
    set_widget(at, "field", "step_size", 33)
    click(at, "step_many")
    set_widget(at, "radio", "lang", "es")
    link = share_link(at)
    params = dict(parse_qsl(link.split("?", 1)[1]))
    assert params == dict(at.query_params)
    assert params["it"] == "33" and params["lang"] == "es" and params["preset"] == "xor"
    assert params["view"] == "share"
    # a visitor opening the shared link gets the same state
    again = page(params)
    assert iteration(again, "es") == 33
    np.testing.assert_array_equal(lab(again).trainer.params,
                                  Trainer(Config(hidden=(2,)), presets.get("xor")).run(33).params)
    np.testing.assert_array_equal(lab(again).trainer.params, lab(at).trainer.params)
    assert open_tab(again) == text("es", "view_share")
    assert share_link(again) == link
