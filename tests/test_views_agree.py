"""Every view tells the same truth (issue 20.3): rows right, the update Explain shows and
the weights "now" are one number each, whichever view shows them and however the iteration
shown was reached."""

import numpy as np
import pytest

from lab.describe import right_rule
from lab.text import text
from tests.test_app import click, metrics, open_view, page, set_widget, stage, values
from tests.test_views import (
    SEED_X,
    SEED_Y,
    adjustment_rows,
    article_run,
    article_step,
    explain_tables,
    filled_many,
    initial_weights,
    new_weights,
    num,
)


def _right(out, targets):
    """The rule the page states, written out here: for targets 0 and 1 the output on the
    target's side of 0.5 (0.5 itself on neither), for a regression's within 0.1."""
    out, targets = np.asarray(out), np.asarray(targets)
    binary = np.isin(targets, (0, 1)).all()
    if binary:
        return ((out > 0.5) == (targets == 1)).all(axis=1) & (out != 0.5).all(axis=1)
    return (np.abs(out - targets) < 0.1).all(axis=1)


@pytest.mark.parametrize("params", [
    {"preset": "xor", "it": "100"},  # one neuron on XOR: every output exactly 0.5
    {"data": "plane.200.0.0", "it": "1000"},  # a regression data set
    {"data": "spiral.200.0.0", "hidden": "8x8", "act": "tanh", "bias": "1", "lr": "0.03",
     "it": "300"},
])
def test_rows_right_is_the_same_number_on_the_stage_boundary_and_predictions(params):
    at = page({**params, "view": "boundary"})
    trainer = at.session_state["lab"].trainer
    table = trainer.table
    out = trainer.predict(table.inputs)
    right = int(_right(out, table.targets).sum())
    rows = table.n_rows
    assert metrics(at)[text("en", "rows_right")] == f"{right} / {rows}"
    captions = values(at.caption)
    summary = next(c for c in captions if c.startswith("Output above 0.5"))
    assert f"{right} of {rows} rows right." in summary
    assert right_rule("en") in captions
    if (out == 0.5).any():
        assert right == 0
        assert "Output exactly 0.5, on neither side: row 1, row 2, row 3 and row 4." in summary
    open_view(at, "predictions")
    (grid,) = [d.value for d in at.dataframe if text("en", "right_col") in d.value.columns]
    said = list(grid[text("en", "right_col")])
    assert said.count(text("en", "right")) == right
    assert right_rule("en") in values(at.caption)


def _three_by_step():
    at = page({"view": "explain"})
    for _ in range(3):
        click(at, "step")
    return at


def _three_by_link():
    return page({"view": "explain", "it": "3"})


def _three_on_the_timeline():
    at = page({"view": "explain"})
    click(at, "step_many")  # to 100
    return set_widget(at, "slider", "timeline", 3)


@pytest.mark.parametrize("reach", [_three_by_step, _three_by_link, _three_on_the_timeline])
def test_explain_shows_the_update_that_led_to_the_iteration_shown_however_reached(reach):
    at = reach()
    w2 = article_run(SEED_X, SEED_Y, initial_weights((3, 1)), 2)
    adj, (w3,) = article_step(SEED_X, SEED_Y, w2)
    md = values(at.markdown)
    assert text("en", "explain_intro", a="2", b="3") in md
    assert "## " + text("en", "explain_1", a="2", b="3") in md
    (shown_adj,) = adjustment_rows(at)
    np.testing.assert_allclose(list(shown_adj.values()), adj[0].ravel(), rtol=1e-4)
    # step 1: the weights the update started from, in a table of its own
    before = explain_tables(at)[0]
    np.testing.assert_allclose([num(v) for v in before.iloc[:, 0]], w2[0].ravel(), rtol=1e-4)
    # step 5: the new weights are the ones the diagram shows at this iteration
    after = np.array([a for _, _, a in new_weights(at).values()])
    np.testing.assert_allclose(after, w3.ravel(), rtol=1e-7)
    labels = [num(v) for v in stage(at)["state"]["labels"]]
    np.testing.assert_allclose(labels, after, rtol=5e-3)
    # the loss after it is the loss the stage shows
    loss = filled_many("en", "explain_loss", next(m for m in md if m.startswith("Loss before")))
    assert num(loss["after"]) == num(metrics(at)[text("en", "loss_metric")])


def test_explain_at_iteration_zero_says_it_shows_the_next_update():
    at = page({"view": "explain"})
    assert text("en", "explain_next") in values(at.caption)
    assert text("en", "explain_intro", a="0", b="1") in values(at.markdown)
    slope = filled_many("en", "a_slope", next(
        m for m in values(at.markdown) if m.startswith(text("en", "a_slope").split("{")[0])))
    out = 1 / (1 + np.exp(-(SEED_X[0] @ initial_weights((3, 1))[0])))[0]
    assert num(slope["slope"]) == pytest.approx(out * (1 - out), rel=1e-4)


def test_boundarys_progress_speaks_of_the_iteration_shown():
    at = page({"preset": "xor", "hidden": "2", "n": "4000", "view": "boundary"})
    click(at, "step_many")  # stalled by 4,000 (rows still wrong, the loss flat)
    set_widget(at, "slider", "timeline", 10)
    captions = values(at.caption)
    assert text("en", "hidden_learning", right="2", rows="4") in captions, captions
    assert not [c for c in captions if c.startswith(text("en", "stalled", window="")[:20])]
