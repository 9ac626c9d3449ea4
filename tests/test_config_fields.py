"""Every Config field, one loop: a setting added to Config cannot be forgotten by the
training, the link, the sweep, the exports or the catalogue. Each field's declaration
(neuron/config.py's metadata) names a value away from its default; the rest is derived."""

import sys
from dataclasses import fields, replace
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from lab import fields as lab_fields  # noqa: E402
from lab import link, settings, sources  # noqa: E402
from lab.text import TEXT  # noqa: E402
from neuron import Config, ConfigError, Trainer, datasets, export_keras, export_script  # noqa: E402
from neuron.config import unexported  # noqa: E402
from neuron.sweep import sweep  # noqa: E402
from tests.test_export import _printed_outputs, _run  # noqa: E402

FIELDS = fields(Config)
NAMES = [f.name for f in FIELDS]
ITERATIONS = 20
DATASET = "gaussians"
# every field set away from its default at once: each one then matters (the activation
# has a hidden layer to act in, the rate a penalty, the data seed held-out rows to choose,
# the batch more training rows than it holds)
EVERY = Config(**{f.name: f.metadata["example"] for f in FIELDS})
# the same with only the fields both exports reproduce
EXAMPLE = Config(**{f.name: f.metadata["example"] for f in FIELDS
                    if f.metadata["script"] and f.metadata["keras"]})


def _table(data_seed=5):
    return datasets.get(DATASET, points=12, seed=data_seed)


def _alone(f):
    """The article's Config with only ``f`` changed."""
    return replace(Config(), **{f.name: f.metadata["example"]})


def test_every_field_is_declared_with_a_value_away_from_its_default():
    for f in FIELDS:
        assert f.metadata.get("kind"), f.name
        assert f.metadata["example"] != f.default, f.name
        Config(**{f.name: f.metadata["example"]})  # valid


@pytest.mark.parametrize("name", NAMES)
def test_its_value_changes_the_training(name):
    table = _table()
    at_default = replace(EVERY, **{name: Config.__dataclass_fields__[name].default})
    changed = Trainer(EVERY, table).run(ITERATIONS)
    default = Trainer(at_default, table).run(ITERATIONS)
    assert not np.allclose(changed.predict(table.inputs), default.predict(table.inputs),
                           rtol=0, atol=1e-9)


def _link_state(config):
    """The page's state for ``config`` on the data set drawn with ``config.data_seed``."""
    choice = sources.DATA + DATASET
    source = {**sources.defaults(), sources.KEYS["points"]: 12,
              sources.KEYS["seed"]: config.data_seed}
    values = {**settings.defaults(), **settings.from_config(config)}
    return dict(lang="en", preset=choice, table=sources.table(choice, source), source=source,
                settings=values, iteration=ITERATIONS, lr_changes=[], present=False, hide=[],
                view="table", ask=None)


@pytest.mark.parametrize("name", NAMES)
def test_it_round_trips_through_the_link(name):
    defaults = _link_state(Config())
    for config in (_alone(Config.__dataclass_fields__[name]), EVERY):
        params = link.encode(_link_state(config))
        back, problems = link.decode(params, defaults)
        assert problems == []
        read = settings.config({**back["settings"], **back["source"], "preset": back["preset"]})
        assert getattr(read, name) == getattr(config, name)
        assert read == config


@pytest.mark.parametrize("name", NAMES)
def test_sweep_gives_the_trainers_numbers(name):
    table = _table()
    for config in (_alone(Config.__dataclass_fields__[name]), EVERY):
        result = sweep(config, table, ITERATIONS)
        trainer = Trainer(config, table).run(ITERATIONS)
        np.testing.assert_allclose(result.predictions[0], trainer.predict(table.inputs),
                                   rtol=1e-12, atol=1e-15)
        assert result.final_loss[0] == pytest.approx(trainer.loss(), rel=1e-12)


@pytest.mark.parametrize("name", NAMES)
def test_the_export_script_reproduces_it_or_says_it_cannot(name, tmp_path):
    f = Config.__dataclass_fields__[name]
    table = _table()
    if not f.metadata["script"]:
        assert name in unexported(_alone(f), "script")
        with pytest.raises(ConfigError, match=name):
            export_script(_alone(f), table, ITERATIONS)
        return
    for config in (_alone(f), EXAMPLE):
        script = export_script(config, table, ITERATIONS)
        want = Trainer(config, table).run(ITERATIONS).predict(table.inputs)
        np.testing.assert_allclose(_printed_outputs(_run(script, tmp_path)), want, rtol=1e-7, atol=1e-8)
    # the article's nine lines only where they train this field's value too
    short = export_script(_alone(f), table, ITERATIONS).startswith("# The article's neuron")
    assert short is not f.metadata["article"]


@pytest.mark.parametrize("name", NAMES)
def test_the_keras_export_takes_it_or_says_it_cannot(name):
    config = _alone(Config.__dataclass_fields__[name])
    if Config.__dataclass_fields__[name].metadata["keras"]:
        assert name not in unexported(config, "keras")
    else:
        assert name in unexported(config, "keras")
        with pytest.raises(ConfigError, match=name):
            export_keras(config, _table(), ITERATIONS)


@pytest.mark.parametrize("name", NAMES)
def test_the_catalogue_names_it_in_both_languages(name):
    meta = Config.__dataclass_fields__[name].metadata
    keys = [meta["label"], *([meta["help"]] if meta["help"] else [])]
    if meta.get("option_text"):
        keys += [meta["option_text"].format(o) for o in meta["choices"]]
    for lang in ("en", "es"):
        for key in keys:
            assert TEXT[lang].get(key, "").strip(), (lang, key)
    assert TEXT["en"][meta["label"]] != TEXT["es"][meta["label"]]


def test_the_sidebar_shows_each_field_with_a_widget_labelled_from_the_catalogue():
    from tests.test_app import page  # an AppTest of app.py

    at = page(link.encode(_link_state(EVERY)))  # every setting one needs is away from default
    assert not at.warning
    assert at.session_state["lab"].trainer.config == EVERY
    kinds = {"field": "text_input", "toggle": "toggle", "select": "selectbox",
             "slider": "select_slider", "layers": "number_input"}
    for f in FIELDS:
        meta = f.metadata
        if meta["widget"] is None:
            continue
        key = f.name + lab_fields.TEXT if meta["widget"] == "field" else f.name
        widget = getattr(at.sidebar, kinds[meta["widget"]])(key=key)
        assert widget.label == TEXT["en"][meta["label"]], f.name
