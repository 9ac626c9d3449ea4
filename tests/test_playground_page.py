"""The page (AppTest): a TensorFlow Playground lesson opened from the link and from the
Table view's field; every data set trains on what choosing it loads; new weights keep the
data, New data redraws it."""

from urllib.parse import quote

import numpy as np
import pytest

from lab import settings, sources
from lab.text import text
from neuron import Config, datasets, features, playground
from neuron.config import MAX_HIDDEN_LAYERS
from neuron.lesson import fix
from tests.test_app import click, field, lab, loss, page, run, set_widget, toasts, values

LESSON = ("activation=relu&batchSize=20&dataset=xor&learningRate=0.1&noise=10"
          "&networkShape=3,2&seed=0.5&x=false&xTimesY=true&regularization=L2"
          "&regularizationRate=0.01&percTrainData=70")


def _expected(address):
    """The lesson as neuron reads it: its table and Config."""
    found = playground.read(address)
    table = features.expand(datasets.get(found.dataset, points=found.points,
                                         noise=found.noise, seed=found.data_seed),
                            found.features)
    keep = [k for k, n in enumerate(table.input_names) if n not in found.inputs_off]
    return table.inputs[:, keep], table.targets, found.config


def _check_lesson(at, address, lang="en"):
    inputs, targets, config = _expected(address)
    got = lab(at)
    assert got.trainer.config == config
    np.testing.assert_array_equal(got.table.inputs, inputs)
    np.testing.assert_array_equal(got.table.targets, targets)
    assert got.table.input_names == ("x2", "x1·x2")
    assert got.trainer.iteration == 0
    # what the sidebar shows: the converted rates, the network, the batch
    assert field(at, "learning_rate", lang) == pytest.approx(0.1 / 20)
    assert field(at, "batch_size", lang) == 20
    assert field(at, "regularization_rate", lang) == pytest.approx(0.2)
    assert at.selectbox(key="activation").value == "relu"
    assert (at.number_input(key="hidden").value, at.number_input(key="neurons").value,
            at.number_input(key="neurons_2").value) == (2, 3, 2)
    assert at.session_state["data_points"] == 500
    assert at.session_state["data_inputs"] == ["x2"]
    # what differs is said, in the page's language
    assert text(lang, "playground_note") in values(at.caption)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_playground_link_opens_the_lesson(lang):
    at = page({"playground": quote(LESSON, safe=""), "lang": lang})
    _check_lesson(at, LESSON, lang)
    assert text(lang, "playground_opened") in toasts(at)
    assert not at.warning
    # the page now writes its own link, which reloads the same lesson
    again = page({k: at.query_params[k] for k in at.query_params.keys()})
    assert "playground" not in again.query_params
    assert lab(again).table == lab(at).table
    assert lab(again).trainer.config == lab(at).trainer.config


def test_a_playground_link_names_what_it_cannot_carry():
    at = page({"playground": quote(LESSON.replace("relu", "softmax") + "&foo=1&cosX=true")})
    [warning] = [w.value for w in at.warning]
    for part in ("foo", "activation", "cosX"):
        assert part in warning
    assert lab(at).trainer.config.activation == "tanh"  # the Playground's default
    assert lab(at).trainer.config.hidden == (3, 2)


def test_the_links_own_parameters_apply_on_top_of_the_lesson():
    at = page({"playground": quote(LESSON), "lr": "0.5", "view": "boundary"})
    assert lab(at).trainer.config.learning_rate == 0.5
    assert lab(at).view == "boundary"


def test_a_broken_playground_link_opens_the_page():
    too_many = ",".join(["9"] * (MAX_HIDDEN_LAYERS + 1))  # layers
    at = page({"playground": f"%%%&&==&networkShape={too_many}&noise=x"})
    [warning] = [w.value for w in at.warning]
    assert "networkShape" in warning and "noise" in warning
    assert lab(at).trainer.config.hidden == (4, 2)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_an_address_pasted_in_the_table_view_opens_the_lesson(lang):
    at = page({"lang": lang})
    click(at, "step")
    at.text_input(key="playground_address").input(
        "https://playground.tensorflow.org/#" + LESSON)
    run(at)
    _check_lesson(at, LESSON, lang)
    assert at.selectbox(key="preset").value == "data:xor"


def test_a_pasted_address_with_unknown_parts_names_them_and_keeps_the_rest():
    at = page()
    at.text_input(key="playground_address").input(
        "https://playground.tensorflow.org/#dataset=spiral&bogus=2&noise=80")
    run(at)
    [warning] = [w.value for w in at.warning]
    assert "bogus" in warning and "noise" in warning
    assert at.selectbox(key="preset").value == "data:spiral"
    assert lab(at).table.n_rows == 500


# -- every data set trains on what choosing it loads --------------------------------------

@pytest.mark.parametrize("name", datasets.names())
def test_choosing_a_data_set_loads_a_rate_that_trains_it(name):
    at = page()
    set_widget(at, "selectbox", "preset", sources.DATA + name)
    proposal = fix(Config(), datasets.get(name), dataset=name)
    assert lab(at).trainer.config == proposal.config
    assert at.session_state["features"] == list(proposal.features)
    assert field(at, "learning_rate") == proposal.config.learning_rate
    shown_rate = [c for c in values(at.caption) if c.startswith("Set when this data set")]
    assert len(shown_rate) == 1 and f"{proposal.config.learning_rate:g}" in shown_rate[0]
    for noise in (0, 50):
        if noise:
            set_widget(at, "slider", "data_noise", noise)
            assert lab(at).trainer.config == proposal.config  # the rate stays
        before = loss(at)
        click(at, "step")
        after_one = loss(at)
        assert after_one < before, (name, noise)
        click(at, "step_many")
        assert loss(at) < after_one, (name, noise)


def test_a_preset_after_a_data_set_is_back_at_the_articles_rate():
    at = page()
    set_widget(at, "selectbox", "preset", "data:circle")
    assert lab(at).trainer.config.learning_rate != 1
    set_widget(at, "selectbox", "preset", "seed")
    assert lab(at).trainer.config.learning_rate == 1.0
    assert field(at, "learning_rate") == 1.0


# -- data and weights apart ---------------------------------------------------------------

def test_new_weights_keep_the_table_and_the_held_out_rows():
    at = page()
    set_widget(at, "selectbox", "preset", "data:circle")
    set_widget(at, "select_slider", "test_fraction", 0.3)
    before = lab(at).trainer
    click(at, "new_weights")
    after = lab(at).trainer
    assert after.config.seed == before.config.seed + 1
    assert after.table == before.table
    np.testing.assert_array_equal(after.test_rows, before.test_rows)
    assert not np.array_equal(after.params, before.params)


def test_new_data_redraws_the_data_set_and_its_held_out_rows_only():
    at = page()
    set_widget(at, "selectbox", "preset", "data:circle")
    set_widget(at, "select_slider", "test_fraction", 0.3)
    before = lab(at).trainer
    click(at, "new_data")
    after = lab(at).trainer
    assert at.session_state["data_seed"] == 1
    assert after.table == datasets.get("circle", seed=1) != before.table
    assert after.config.data_seed == 1 and after.config.seed == before.config.seed
    assert not np.array_equal(after.test_rows, before.test_rows)
    np.testing.assert_array_equal(after.params, before.params)  # the same starting weights
    # the link carries the data seed: a reload holds out the same rows
    again = page({k: at.query_params[k] for k in at.query_params.keys()})
    np.testing.assert_array_equal(lab(again).trainer.test_rows, after.test_rows)


def test_the_articles_defaults_hold_out_nothing():
    at = page()
    assert lab(at).trainer.config == Config()
    assert len(lab(at).trainer.test_rows) == 0
    assert settings.config({**settings.defaults(), **sources.defaults(),
                            "preset": "seed"}) == Config()


def test_switching_both_inputs_off_without_a_feature_is_refused():
    at = page()
    set_widget(at, "selectbox", "preset", "data:circle")
    set_widget(at, "pills", "data_inputs", ["x2"])
    x2_only = lab(at).table
    assert x2_only.input_names == ("x2",)
    np.testing.assert_array_equal(x2_only.inputs[:, 0], datasets.get("circle").inputs[:, 1])
    assert at.query_params["data"] == "circle.200.0.0..x2"
    set_widget(at, "pills", "data_inputs", [])
    [warning] = [w.value for w in at.warning]
    assert text("en", "error_count_inputs", value=0) in warning
    assert lab(at).table == x2_only  # the last good table is kept, and its input stays on
    assert at.pills(key="data_inputs").value == ["x2"]


@pytest.mark.parametrize("view", ["explain", "tensorflow", "share", "boundary"])
def test_a_linear_hidden_layer_everywhere(view):
    at = page({"hidden": "3", "act": "linear", "bias": "1", "view": view})
    click(at, "step")
    assert lab(at).trainer.config.activation == "linear"
    assert at.selectbox(key="activation").value == "linear"
    assert "linear" in at.selectbox(key="activation").options
