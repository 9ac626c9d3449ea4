"""The page's settings, one row each: widget key, link parameter, default, how to read it
from a link, the Config field it sets, and how the sidebar draws it. The rows for Config's
fields are derived from their declaration (neuron/config.py's field metadata); the rows
below them are the page's own. The defaults, the link, the sidebar and the Config are
derived from this table (as TensorFlow Playground's state.ts does); nothing else lists
the settings."""

import math
from collections.abc import Callable
from dataclasses import dataclass, fields

from neuron import Config

from . import sources

ARTICLE_ITERATIONS = 10_000
MAX_TARGET = 1_000_000
MAX_STEP_SIZE = 100_000
SPEEDS = (1, 5, 20, 100)  # iterations per frame of Run; 500 cost 50 ms/s of server CPU


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


def flag(value):
    return {"1": True, "0": False}[value]


def number_from(low, high, above=False):
    def parse(value):
        x = float(value)
        if not math.isfinite(x) or not (low < x if above else low <= x) or not x <= high:
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


def _same(value):
    return value


@dataclass(frozen=True)
class Setting:
    key: str  # the widget's key in st.session_state
    param: str | None  # the link's query parameter (None: carried by another one)
    default: object
    parse: Callable  # link text -> value; raises ValueError (or KeyError) if unreadable
    field: str | None = None  # the Config field it sets
    to_field: Callable = _same  # widget value -> Config value
    from_field: Callable = _same  # Config value -> widget value
    widget: str | None = None  # select, field, toggle, slider, layers (None: drawn by another)
    label: str | None = None  # text keys
    help: str | None = None
    options: tuple = ()  # a select's or slider's
    option_text: str | None = None  # an option's text key, "{}" being the option
    percent: bool = False  # options shown as percentages
    group: str = "main"  # "more": in the sidebar's expander
    needs: str | None = None  # shown only when this setting is away from its default


def _options(meta):
    """The values a page offers: the choices, or multiples of ``step`` from low to high."""
    if meta["kind"] == "choice":
        return meta["choices"]
    if "step" in meta:
        n, low = round(1 / meta["step"]), meta["low"]
        return tuple(low + k / n for k in range(round((meta["high"] - low) * n) + 1))
    return ()


def _parse(meta):
    kind, options = meta["kind"], _options(meta)
    if kind == "flag":
        return flag
    if options:
        return choice(options)
    if kind == "whole":  # 0 in the widget and the link: None
        return whole(0 if meta.get("none") else meta["low"], meta["high"])
    return number_from(meta["low"], meta["high"], meta.get("above", False))


def _row(f):
    meta = f.metadata
    to_field, from_field = _same, _same
    if meta.get("none"):  # 0 in the widget stands for None (batch_size: every row)
        to_field, from_field = (lambda v: int(v) or None), (lambda v: v or 0)
    elif meta["kind"] == "number":
        to_field = float
    return Setting(f.name, meta["link"], from_field(f.default), _parse(meta), f.name,
                   to_field, from_field, meta["widget"], meta["label"], meta["help"],
                   _options(meta), meta.get("option_text"), meta.get("percent", False),
                   meta["group"], meta["needs"])


_FIELDS = {f.name: f for f in fields(Config)}
_LAYERS = _FIELDS["hidden"].metadata
MAX_HIDDEN_LAYERS, MAX_HIDDEN_SIZE = _LAYERS["high"], _LAYERS["size"]
LAYER_KEYS = ("neurons", *(f"neurons_{k}" for k in range(2, MAX_HIDDEN_LAYERS + 1)))

SETTINGS = (
    # the link's "hidden" is 8x8 (hidden_param); these rows are the widgets' count and sizes
    Setting("hidden", None, 0, whole(0, MAX_HIDDEN_LAYERS), widget="layers",
            label=_LAYERS["label"], help=_LAYERS["help"]),
    *(Setting(key, None, 2, whole(1, MAX_HIDDEN_SIZE), label="neurons_in")
      for key in LAYER_KEYS),
    # the data seed is the data set's (lab/sources.py): its link parameter is the data set's
    *(_row(f) for f in _FIELDS.values() if f.metadata["widget"] not in ("layers", None)),
    Setting("target_iterations", "target", ARTICLE_ITERATIONS, whole(1, MAX_TARGET),
            widget="field", label="target_iterations"),
    Setting("step_size", "n", 100, whole(1, MAX_STEP_SIZE), widget="field", label="step_size"),
    Setting("speed", "speed", 20, choice(SPEEDS), widget="slider", label="speed",
            options=SPEEDS),
)
BY_KEY = {s.key: s for s in SETTINGS}
# the page's own settings, not Config fields: Train's target, Step × N, Run's speed
PAGE_SETTINGS = tuple(s.key for s in SETTINGS
                      if s.field is None and s.key not in ("hidden", *LAYER_KEYS))
CONFIG_FIELDS = tuple(_FIELDS)
LABELS = {name: f.metadata["label"] for name, f in _FIELDS.items()}  # text keys
TEST_FRACTIONS = BY_KEY["test_fraction"].options  # held out, as the Playground's 10-90 %
rate = BY_KEY["learning_rate"].parse


def defaults():
    return {s.key: s.default for s in SETTINGS}


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
