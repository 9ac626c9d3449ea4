"""Where the training table comes from: a preset, a data set drawn with its parameters
(points, noise, seed) and input features, or the user's own (edited or loaded).

The picker's choices are preset names, ``data:<name>`` for data sets and ``custom``. A
source is rebuilt exactly from its choice and parameters, so the link carries a data set
as a few numbers instead of its rows.
"""

from neuron import ConfigError, TableError, datasets, features, presets

from .text import text

CUSTOM = "custom"
DATA = "data:"
PARAMS = tuple(p.name for p in datasets.PARAMETERS)  # points, noise, seed
# the widgets' keys for a data set's parameters and the input features
KEYS = {name: f"data_{name}" for name in PARAMS}
FEATURES_KEY = "features"


def choices():
    return [*presets.names(), *(DATA + n for n in datasets.names()), CUSTOM]


def defaults():
    return {**{KEYS[p.name]: p.default for p in datasets.PARAMETERS}, FEATURES_KEY: []}


def is_data(choice):
    return choice.startswith(DATA) and choice[len(DATA):] in datasets.names()


def table(choice, values):
    """The table a choice describes (``values``: the parameter and feature widgets), or
    None for the user's own table."""
    if choice in presets.names():
        return presets.get(choice)
    if is_data(choice):
        base = datasets.get(choice[len(DATA):], **{p: int(values[KEYS[p]]) for p in PARAMS})
        chosen = list(values.get(FEATURES_KEY) or [])
        return features.expand(base, chosen) if chosen else base
    return None


def title(choice, lang):
    if choice in presets.names():
        return presets.title(choice, lang)
    if is_data(choice):
        return datasets.title(choice[len(DATA):], lang)
    return text(lang, "source_custom")


def description(choice, lang):
    if choice in presets.names():
        return presets.description(choice, lang)
    if is_data(choice):
        return datasets.description(choice[len(DATA):], lang)
    return text(lang, "source_custom_help")


def encode(choice, values):
    """The link's ``data`` parameter for a data set: name.points.noise.seed[.features]."""
    feats = "+".join(values.get(FEATURES_KEY) or [])
    parts = [choice[len(DATA):], *(str(int(values[KEYS[p]])) for p in PARAMS)]
    return ".".join(parts + ([feats] if feats else []))


def decode(text):
    """(choice, values) from the link's ``data`` parameter; ValueError if unreadable."""
    parts = text.split(".")
    if len(parts) not in (4, 5) or parts[0] not in datasets.names():
        raise ValueError(text)
    values = {KEYS[p]: int(v) for p, v in zip(PARAMS, parts[1:4]) if v.isdigit()}
    if len(values) != len(PARAMS):
        raise ValueError(text)
    values[FEATURES_KEY] = [f for f in parts[4].split("+") if f] if len(parts) == 5 else []
    choice = DATA + parts[0]
    try:
        table(choice, values)
    except (ConfigError, TableError, KeyError) as error:
        raise ValueError(text) from error
    return choice, values
