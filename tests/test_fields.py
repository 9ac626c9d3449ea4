"""Number fields in the page's language (issue 10): every number the sidebar, Ask and a
data set's parameters show or accept uses the page's decimal mark and thousands separator."""

import numpy as np
import pytest

from lab import fields
from lab.text import text
from neuron import Config, Trainer, presets
from tests.test_app import lab, open_view, page, run, set_widget, toasts, values


def shows(at, key):
    return at.text_input(key=key + fields.TEXT).value


def errors(at):
    return values(at.error)


@pytest.mark.parametrize(("lang", "lr", "target", "seed"), [
    ("en", "0.5", "10,000", "4,294,967,295"),
    ("es", "0,5", "10.000", "4.294.967.295"),
])
def test_fields_are_written_in_the_pages_language(lang, lr, target, seed):
    at = page({"lang": lang, "lr": "0.5", "seed": str(2**32 - 1)})
    assert (shows(at, "learning_rate"), shows(at, "target_iterations"),
            shows(at, "seed"), shows(at, "step_size")) == (lr, target, seed, "100")
    assert "learning_rate" not in [n.key for n in at.number_input]


def test_a_language_switch_rewrites_the_fields():
    at = page({"lr": "0.25"})
    assert shows(at, "learning_rate") == "0.25" and shows(at, "target_iterations") == "10,000"
    set_widget(at, "radio", "lang", "es")
    assert shows(at, "learning_rate") == "0,25" and shows(at, "target_iterations") == "10.000"


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("typed", ["0,5", "0.5", " 0,5 "])
def test_typing_a_learning_rate_with_either_mark_sets_it(lang, typed):
    at = page({"lang": lang})
    params = lab(at).trainer.params
    set_widget(at, "field", "learning_rate", typed)
    assert lab(at).trainer.config.learning_rate == 0.5
    assert at.session_state["learning_rate"] == 0.5
    np.testing.assert_array_equal(lab(at).trainer.params, params)  # weights kept
    assert text(lang, "lr_kept", lr="0,5" if lang == "es" else "0.5") in toasts(at)
    assert shows(at, "learning_rate") == ("0,5" if lang == "es" else "0.5")
    assert at.query_params["lr"] == "0.5"
    assert not errors(at)


@pytest.mark.parametrize(("lang", "typed", "target"), [
    ("es", "20.000", 20_000),  # the page's own writing
    ("es", "20000", 20_000),
    ("en", "20,000", 20_000),
    ("en", "20000", 20_000),
    ("es", "1.000.000", 1_000_000),
])
def test_typing_a_target_with_thousands_separators(lang, typed, target):
    at = page({"lang": lang})
    set_widget(at, "field", "target_iterations", typed)
    assert at.session_state["target_iterations"] == target
    assert at.query_params["target"] == str(target)
    assert not errors(at)


@pytest.mark.parametrize(("lang", "key", "typed", "kept", "rule"), [
    ("en", "learning_rate", "abc", "1", "field_not_number"),
    ("es", "learning_rate", "abc", "1", "field_not_number"),
    ("es", "learning_rate", "0", "1", "field_out_of_range"),
    ("en", "learning_rate", "1,234", "1", "field_out_of_range"),  # as the page writes 1234
    ("en", "target_iterations", "1.5", "10,000", "field_out_of_range"),
    ("es", "target_iterations", "2.000.001", "10.000", "field_out_of_range"),
    ("es", "seed", "−1", "1", "field_out_of_range"),
    ("es", "step_size", "", "100", "field_not_number"),
])
def test_a_bad_value_is_named_and_the_last_good_one_kept(lang, key, typed, kept, rule):
    at = page({"lang": lang})
    before = at.session_state[key]
    config = lab(at).trainer.config
    set_widget(at, "field", key, typed)
    label = text(lang, key)
    assert errors(at) == [text(lang, rule, field=label, value=typed.replace(".", "\\."),
                               kept=kept)]
    assert label in errors(at)[0]
    assert at.session_state[key] == before
    assert lab(at).trainer.config == config
    assert shows(at, key) == kept
    run(at)
    assert not errors(at)  # said once


def test_the_regularisation_rate_and_batch_size_fields():
    at = page({"lang": "es", "reg": "l2"})
    assert shows(at, "regularization_rate") == "0"
    set_widget(at, "field", "regularization_rate", "0,003")
    assert lab(at).trainer.config.regularization_rate == 0.003
    assert shows(at, "regularization_rate") == "0,003"
    set_widget(at, "field", "batch_size", "2")
    assert lab(at).trainer.config.batch_size == 2


def test_a_lesson_link_with_a_learning_rate_still_loads():
    at = page({"lr": "0.5", "it": "20", "lang": "es"})
    expected = Trainer(Config(learning_rate=0.5), presets.get("seed")).run(20)
    np.testing.assert_array_equal(lab(at).trainer.params, expected.params)
    assert shows(at, "learning_rate") == "0,5"
    assert not at.warning


@pytest.mark.parametrize("lang", ["en", "es"])
def test_ask_fields_read_the_pages_language(lang):
    at = page({"lang": lang, "view": "predictions", "it": "50"})
    assert [shows(at, f"ask_{k}") for k in range(3)] == ["1", "0", "0"]
    set_widget(at, "field", "ask_1", "0,5")
    set_widget(at, "field", "ask_2", "-2.5")
    assert lab(at).ask == [1.0, 0.5, -2.5]
    mark = "," if lang == "es" else "."
    assert [shows(at, f"ask_{k}") for k in range(3)] == ["1", f"0{mark}5", f"−2{mark}5"]
    assert at.query_params["ask"] == "1,0.5,-2.5"
    set_widget(at, "field", "ask_0", "1e7")
    assert lab(at).ask == [1.0, 0.5, -2.5]
    assert errors(at)


def test_a_data_sets_points_are_written_and_read_in_spanish():
    at = page({"lang": "es"})
    open_view(at, "table")
    set_widget(at, "selectbox", "preset", "data:circle")
    assert shows(at, "data_points") == "200"
    set_widget(at, "field", "data_points", "1.000")
    assert lab(at).table.n_rows == 1000
    assert shows(at, "data_points") == "1.000"
    set_widget(at, "field", "data_points", "1,5")
    assert lab(at).table.n_rows == 1000
    assert errors(at)


@pytest.mark.parametrize(("typed", "lang", "x"), [
    ("0,5", "en", 0.5), ("0,5", "es", 0.5), ("0.5", "es", 0.5), ("10.000", "es", 10_000),
    ("10,000", "en", 10_000), ("1.000.000", "es", 1e6), ("1,000,000", "en", 1e6),
    ("−2,5", "es", -2.5), ("10000", "es", 10_000), ("1.234,5", "es", 1234.5),
    # a cell refuses these as ambiguous; a field reads them as the page writes numbers
    ("1,234", "en", 1234), ("1.234", "es", 1234), ("1.234", "en", 1.234), ("1,234", "es", 1.234),
])
def test_read(typed, lang, x):
    assert fields.read(typed, lang) == x


@pytest.mark.parametrize(("typed", "lang"), [
    ("abc", "en"), ("", "es"), ("10.00.0", "es"), ("1,2,3", "en"), ("1.2345,6", "es"),
])
def test_read_refuses(typed, lang):
    with pytest.raises(ValueError):
        fields.read(typed, lang)
