"""The page's settings, one row each: widget key, link parameter, default, how to read it
from a link, and the Config field it sets. The defaults, the link and the Config are
derived from this table (as TensorFlow Playground's state.ts does); nothing else lists
the settings."""

import math
from collections.abc import Callable
from dataclasses import dataclass

from neuron import Config
from neuron.config import (
    ACTIVATIONS,
    LOSSES,
    MAX_BATCH_SIZE,
    MAX_HIDDEN_LAYERS,
    MAX_HIDDEN_SIZE,
    MAX_REGULARIZATION_RATE,
    MAX_TEST_FRACTION,
    REGULARIZATIONS,
    SEED_LIMIT,
)

from . import sources

ARTICLE_ITERATIONS = 10_000
MAX_TARGET = 1_000_000
MAX_STEP_SIZE = 100_000
SPEEDS = (1, 5, 20, 100)  # iterations per frame of Run; 500 cost 50 ms/s of server CPU
# held out for testing, as TensorFlow Playground's 10-90 % training ratio
TEST_FRACTIONS = tuple(k / 10 for k in range(int(MAX_TEST_FRACTION * 10) + 1))


def whole(low, high):
    def parse(value):
        if not value.isdigit() or len(value) > 10 or not low <= int(value) <= high:
            raise ValueError(value)
        return int(value)
    return parse


def choice(options):
    def parse(value):
        for option in options:
            if value == fmt(option):
                return option
        raise ValueError(value)
    return parse


def rate(value):
    lr = float(value)
    if not math.isfinite(lr) or not 0 < lr <= 100:
        raise ValueError(value)
    return lr


def flag(value):
    return {"1": True, "0": False}[value]


def number_from(low, high):
    def parse(value):
        x = float(value)
        if not math.isfinite(x) or not low <= x <= high:
            raise ValueError(value)
        return x
    return parse


def short(x):
    """A number as the link writes it: ``1`` rather than ``1.0``."""
    return repr(float(x)).removesuffix(".0")


def fmt(value):
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return short(value)
    return str(value)


@dataclass(frozen=True)
class Setting:
    key: str  # the widget's key in st.session_state
    param: str | None  # the link's query parameter (None: carried by another one)
    default: object
    parse: Callable  # link text -> value; raises ValueError (or KeyError) if unreadable
    field: str | None = None  # the Config field it sets
    to_field: Callable = lambda v: v  # widget value -> Config value
    from_field: Callable = lambda v: v  # Config value -> widget value


SETTINGS = (
    Setting("hidden", None, 0, whole(0, MAX_HIDDEN_LAYERS)),  # the link's "hidden" is 8x8
    Setting("neurons", None, 2, whole(1, MAX_HIDDEN_SIZE)),  # the first hidden layer's
    *(Setting(f"neurons_{k}", None, 2, whole(1, MAX_HIDDEN_SIZE))
      for k in range(2, MAX_HIDDEN_LAYERS + 1)),
    Setting("activation", "act", "sigmoid", choice(ACTIVATIONS), "activation"),
    Setting("loss", "loss", "squared", choice(LOSSES), "loss"),
    Setting("learning_rate", "lr", 1.0, rate, "learning_rate"),
    Setting("bias", "bias", False, flag, "bias"),
    Setting("seed", "seed", 1, whole(0, SEED_LIMIT - 1), "seed"),
    # 0 in the widget: every row at once, the article's full batch (Config: None)
    Setting("batch_size", "batch", 0, whole(0, MAX_BATCH_SIZE), "batch_size",
            to_field=lambda v: int(v) or None, from_field=lambda v: v or 0),
    Setting("regularization", "reg", "none", choice(REGULARIZATIONS), "regularization"),
    Setting("regularization_rate", "rr", 0.0, number_from(0.0, MAX_REGULARIZATION_RATE),
            "regularization_rate", to_field=float),
    Setting("test_fraction", "test", 0.0, choice(TEST_FRACTIONS), "test_fraction",
            to_field=float),
    Setting("target_iterations", "target", ARTICLE_ITERATIONS, whole(1, MAX_TARGET)),
    Setting("speed", "speed", 20, choice(SPEEDS)),
    Setting("step_size", "n", 100, whole(1, MAX_STEP_SIZE)),
)
BY_KEY = {s.key: s for s in SETTINGS}
# the data seed is the data set's (lab/sources.py): it chooses the held-out rows
CONFIG_FIELDS = ("hidden", "data_seed") + tuple(s.field for s in SETTINGS if s.field)


def defaults():
    return {s.key: s.default for s in SETTINGS}


LAYER_KEYS = ("neurons", *(f"neurons_{k}" for k in range(2, MAX_HIDDEN_LAYERS + 1)))


def config(values):
    """The Config the settings describe (``values``: widget key -> value, with the table's
    source, ``preset`` and its parameters, where there is one)."""
    hidden = tuple(int(values[k]) for k in LAYER_KEYS[:int(values["hidden"])])
    return Config(hidden=hidden, data_seed=sources.data_seed(values),
                  **{s.field: s.to_field(values[s.key]) for s in SETTINGS if s.field})


def from_config(config):
    """Widget values for a Config (the inverse of ``config``)."""
    values = {s.key: s.from_field(getattr(config, s.field)) for s in SETTINGS if s.field}
    values["hidden"] = len(config.hidden)
    for key, n in zip(LAYER_KEYS, config.hidden):
        values[key] = n
    return values


def hidden_param(config):
    return "x".join(str(n) for n in config.hidden) or "0"


def parse_hidden(value):
    if value == "0":
        return ()
    sizes = tuple(whole(1, MAX_HIDDEN_SIZE)(v) for v in value.split("x"))
    if len(sizes) > MAX_HIDDEN_LAYERS:
        raise ValueError(value)
    return sizes


def encode(values):
    """Link parameters for the settings (``values``: widget key -> value)."""
    params = {"hidden": hidden_param(config(values))}
    params.update({s.param: fmt(values[s.key]) for s in SETTINGS if s.param})
    return params


def decode(params, problems):
    """Widget values a link sets (only those it names); unreadable parts are added to
    ``problems`` by parameter name."""
    values = {}
    if "hidden" in params:
        try:
            sizes = parse_hidden(params["hidden"])
            values["hidden"] = len(sizes)
            values.update(zip(LAYER_KEYS, sizes))
        except (ValueError, TypeError):
            problems.append("hidden")
    for s in SETTINGS:
        if s.param and s.param in params:
            try:
                values[s.key] = s.parse(params[s.param])
            except (ValueError, TypeError, KeyError, OverflowError):
                problems.append(s.param)
    return values


PARAMS = {"hidden"} | {s.param for s in SETTINGS if s.param}
