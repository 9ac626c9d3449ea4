"""Where the training table comes from: a preset, a data set drawn with its parameters
(points, noise, seed), input features and inputs (x1 or x2 may be switched off, as in
TensorFlow Playground), or the user's own (edited or loaded).

The picker's choices are preset names, ``data:<name>`` for data sets and ``custom``. A
source is rebuilt exactly from its choice and parameters, so the link carries a data set
as a few numbers instead of its rows.
"""

from neuron import ConfigError, Table, TableError, datasets, features, presets

from .text import text

CUSTOM = "custom"
DATA = "data:"
PARAMS = tuple(p.name for p in datasets.PARAMETERS)  # points, noise, seed
# the widgets' keys for a data set's parameters and the input features
KEYS = {name: f"data_{name}" for name in PARAMS}
FEATURES_KEY = "features"
INPUTS_KEY = "data_inputs"
INPUTS = ("x1", "x2")


def choices():
    return [*presets.names(), *(DATA + n for n in datasets.names()), CUSTOM]


def defaults():
    return {**{KEYS[p.name]: p.default for p in datasets.PARAMETERS}, FEATURES_KEY: [],
            INPUTS_KEY: list(INPUTS)}


def is_data(choice):
    return choice.startswith(DATA) and choice[len(DATA):] in datasets.names()


def data_seed(values):
    """The seed the table was drawn with (it chooses the held-out rows): a data set's own,
    0 for any other table (``values``: ``preset`` and the parameter widgets)."""
    return int(values[KEYS["seed"]]) if is_data(values.get("preset", "")) else 0


def table(choice, values):
    """The table a choice describes (``values``: the parameter and feature widgets), or
    None for the user's own table."""
    if choice in presets.names():
        return presets.get(choice)
    if is_data(choice):
        base = datasets.get(choice[len(DATA):], **{p: int(values[KEYS[p]]) for p in PARAMS})
        chosen = list(values.get(FEATURES_KEY) or [])
        wide = features.expand(base, chosen) if chosen else base
        return without(wide, off(values))
    return None


def off(values):
    """The inputs switched off (x1, x2 or both: then a feature must be on)."""
    kept = values.get(INPUTS_KEY)
    return [] if kept is None else [x for x in INPUTS if x not in kept]


def without(table, inputs):
    """``table`` without its first inputs named ``inputs`` (x1, x2)."""
    if not inputs:
        return table
    keep = [k for k in range(table.n_inputs) if k >= 2 or INPUTS[k] not in inputs]
    return Table(table.inputs[:, keep], table.targets,
                 [table.input_names[k] for k in keep], table.target_names)


def from_lesson(lesson):
    """The parameter and feature widgets' values for a ``neuron.playground.Lesson``."""
    return {KEYS["points"]: lesson.points, KEYS["noise"]: lesson.noise,
            KEYS["seed"]: lesson.data_seed, FEATURES_KEY: list(lesson.features),
            INPUTS_KEY: [x for x in INPUTS if x not in lesson.inputs_off]}


def title(choice, lang):
    return text(lang, text_key(choice))


def description(choice, lang):
    return text(lang, text_key(choice) + "_help")


def text_key(choice):
    """The catalogue's key for a choice's title (``_help`` added: its description)."""
    if choice in presets.names():
        return f"preset_{choice}"
    if is_data(choice):
        return f"dataset_{choice[len(DATA):]}"
    return "source_custom"


def encode(choice, values):
    """The link's ``data`` parameter for a data set:
    name.points.noise.seed[.features[.inputs kept, when one is off]]."""
    feats = "+".join(values.get(FEATURES_KEY) or [])
    parts = [choice[len(DATA):], *(str(int(values[KEYS[p]])) for p in PARAMS)]
    if off(values):
        return ".".join(parts + [feats, "+".join(values[INPUTS_KEY])])
    return ".".join(parts + ([feats] if feats else []))


def decode(text):
    """(choice, values) from the link's ``data`` parameter; ValueError if unreadable."""
    parts = text.split(".")
    if len(parts) not in (4, 5, 6) or parts[0] not in datasets.names():
        raise ValueError(text)
    values = {KEYS[p]: int(v) for p, v in zip(PARAMS, parts[1:4]) if v.isdigit()}
    if len(values) != len(PARAMS):
        raise ValueError(text)
    values[FEATURES_KEY] = [f for f in parts[4].split("+") if f] if len(parts) >= 5 else []
    kept = [x for x in parts[5].split("+") if x] if len(parts) == 6 else list(INPUTS)
    if any(x not in INPUTS for x in kept) or len(set(kept)) != len(kept):
        raise ValueError(text)
    values[INPUTS_KEY] = kept
    choice = DATA + parts[0]
    try:
        table(choice, values)
    except (ConfigError, TableError, KeyError) as error:
        raise ValueError(text) from error
    return choice, values
