"""The Step the browser shows the moment it is pressed (the stage's ``ahead``): exactly what
the rerun after the click then shows, the article's numbers, and nothing where Step would
not simply add one iteration to what is on screen."""

from types import SimpleNamespace

import numpy as np

from lab import stage
from neuron import Config, Table, Trainer
from tests.test_app import (
    click,
    edit,
    lab,
    metrics,
    open_view,
    page,
    run,
    set_widget,
    shown,
    six,
    values,
)
from tests.test_app import stage as sent
from tests.test_trainer import DIVERGING, _diverging_table

# /work/shared/seed/REFERENCE.md: the article's table and its weights after one iteration
X = np.array([[0, 0, 1], [1, 1, 1], [1, 0, 1], [0, 1, 1]], dtype=float)
Y = np.array([0, 1, 1, 0], dtype=float)
AFTER_ONE = np.array([0.12025405710936243, 0.5045619608367021, -0.8506377412381663])


def confirmed_by_the_rerun(at):
    """Click Step; the numbers the browser showed on the press are the rerun's."""
    ahead = sent(at)["ahead"]
    assert ahead is not None
    before = lab(at).trainer.iteration
    click(at, "step")
    data = sent(at)
    assert lab(at).trainer.iteration == ahead["i"] == before + 1
    assert dict(ahead["metrics"]) == metrics(at) == dict(data["metrics"])
    assert ahead["s"] == data["state"]  # the diagram's widths, signs and weight labels
    assert ahead["t"] == data["status"]
    assert ahead["announce"] == data["announce"]
    return ahead


def test_step_shown_on_press_is_the_articles_first_update():
    at = page()
    ahead = confirmed_by_the_rerun(at)
    labels = [shown(v) for v in ahead["s"]["labels"]]
    np.testing.assert_allclose(labels, AFTER_ONE, atol=0.0051)
    out = 1 / (1 + np.exp(-(X @ AFTER_ONE)))
    assert shown(metrics(at)["Loss"]) == six(np.mean((Y - out) ** 2))
    assert metrics(at)["Iteration"] == "1"
    for _ in range(3):  # and so on, Step after Step
        confirmed_by_the_rerun(at)
    assert metrics(at)["Iteration"] == "4"


def test_step_shown_on_press_in_spanish():
    at = page({"lang": "es"})
    click(at, "train")
    ahead = confirmed_by_the_rerun(at)
    assert dict(ahead["metrics"])["Iteración"] == "10.001"


def test_step_shown_on_press_with_a_hidden_layer_and_held_out_rows():
    at = page()
    set_widget(at, "number_input", "hidden", 1)
    set_widget(at, "select_slider", "test_fraction", 0.5)
    click(at, "train")
    ahead = confirmed_by_the_rerun(at)
    assert "Test loss" in dict(ahead["metrics"])
    confirmed_by_the_rerun(at)


def test_no_step_shown_where_step_does_more_or_is_refused():
    at = page()
    click(at, "step")
    click(at, "step")
    # looking back at an earlier iteration: Step goes back to the latest first
    at.slider(key="timeline").set_value(1)
    run(at)
    assert lab(at).shown == 1 and sent(at)["ahead"] is None
    click(at, "step")
    assert lab(at).trainer.iteration == 3 and sent(at)["ahead"] is not None
    # a row picked: the diagram shows values that flow through it, for this iteration only
    open_view(at, "predictions")
    at.selectbox(key="row").set_value(0)
    run(at)
    assert sent(at)["ahead"] is None
    at.selectbox(key="row").set_value(-1)
    run(at)
    assert sent(at)["ahead"] is not None
    # a table being edited into something invalid: Step is refused
    open_view(at, "table")
    edit(at, {0: {"y": 2}})
    assert len(values(at.error)) == 1 and sent(at)["ahead"] is None
    edit(at, {0: {"y": 0}})
    # Run plays a stretch: Step is not what the picture shows
    set_widget(at, "toggle", "running", True)
    assert sent(at)["frames"] and sent(at)["ahead"] is None


def _lab(trainer):
    return SimpleNamespace(problem=None, trainer=trainer, viewed=lambda: trainer)


def article(n):
    return Trainer(Config(), Table(X.tolist(), Y.tolist())).run(n)


def test_the_step_ahead_is_the_trainers_next_update_and_leaves_it_as_it_was():
    trainer = article(5)
    history = len(trainer.history)
    nxt = stage.ahead(_lab(trainer))
    assert trainer.iteration == 5 and len(trainer.history) == history
    np.testing.assert_array_equal(trainer.params, article(5).params)
    assert nxt.iteration == 6
    np.testing.assert_array_equal(nxt.params, article(6).params)
    assert nxt.loss() == article(6).loss()
    # the article's own numbers, bit for bit (params: the three weights, then the unused bias)
    np.testing.assert_array_equal(stage.ahead(_lab(article(0))).params[:3], AFTER_ONE)


def test_no_step_ahead_when_the_next_update_diverges():
    stepped = Trainer(DIVERGING, _diverging_table())
    while not stepped.diverged:
        stepped.step()
    last = stepped.iteration  # the last finite iteration: its next update diverges
    trainer = Trainer(DIVERGING, _diverging_table()).run(last)
    assert not trainer.diverged and stage.ahead(_lab(trainer)) is None
    assert trainer.iteration == last and not trainer.diverged
