"""Training settings: a frozen dataclass whose defaults are the article's program.

Each field is declared once, with what the rest of the project needs to know about it in
its metadata (plain data: ``neuron`` knows nothing of the page):

- ``kind``: ``"choice"`` (one of ``choices``), ``"number"`` (a float from ``low`` to
  ``high``, above ``low`` if ``above``), ``"whole"`` (an int from ``low`` to ``high``;
  ``None`` too if ``none`` says what None means), ``"flag"`` or ``"layers"``. Validation
  is derived from these.
- ``link``: the link's query parameter, or None where another part of the link carries it.
- ``label`` and ``help``: keys in the page's text catalogue; ``widget``: how the page
  shows it (``select``, ``field``, ``toggle``, ``slider``, ``layers``, or None: not a widget);
  ``group``: ``"more"`` for the settings most lessons leave alone; ``step``: the page offers
  multiples of it; ``needs``: the field that must be away from its default for this one
  to matter (the page hides it until then); ``option_text``: an option's text key, ``{}``
  standing for the option; ``percent``: the page shows the values as percentages.
- ``script``: the numpy export (neuron/export.py) reproduces it; ``article``: its short
  article script applies only with this field at its default; ``keras``: the Keras export
  (neuron/export_keras.py) reproduces it. An export refuses a field it does not reproduce
  when that field is away from its default (``unexported``).
- ``example``: a value away from the default, which changes training (tests use it).
"""

from dataclasses import dataclass, field, fields
from numbers import Integral, Real

from . import activations, losses
from .errors import ConfigError
from .table import MAX_ROWS

ACTIVATIONS = tuple(activations.ACTIVATIONS)  # the names, in the registries' order
LOSSES = tuple(losses.LOSSES)
REGULARIZATIONS = ("none", *losses.PENALTIES)
MAX_HIDDEN_LAYERS = 6  # TensorFlow Playground's most
MAX_HIDDEN_SIZE = 16
MAX_LEARNING_RATE = 100.0
MAX_BATCH_SIZE = MAX_ROWS
MAX_REGULARIZATION_RATE = 10.0
MAX_TEST_FRACTION = 0.9  # at least 10 % of the rows train, as in TensorFlow Playground
SEED_LIMIT = 2**32


def setting(default, kind, *, link, label, example, widget=None, help=None, group="main",
            needs=None, script=False, article=False, keras=False, **limits):
    """A Config field with its metadata (see the module's docstring)."""
    return field(default=default, metadata=dict(
        kind=kind, link=link, label=label, example=example, widget=widget, help=help,
        group=group, needs=needs, script=script, article=article, keras=keras, **limits))


@dataclass(frozen=True)
class Config:
    """How to build and train the network.

    ``hidden=()`` is the article's single neuron; ``(4,)`` adds one hidden layer
    of four neurons. ``activation`` applies to hidden layers; the output layer is
    always a sigmoid. ``batch_size=None`` updates from every row at once, in the table's
    order (the article); a smaller batch updates from that many rows per iteration, the
    rows shuffled afresh each epoch, seeded by ``seed``. ``regularization`` "l1" or
    "l2" adds ``regularization_rate`` times Σ|w| or ½Σw² over the weights (not the
    biases) to the loss each update descends. ``test_fraction`` of the rows (chosen by
    ``data_seed``, the seed the data was drawn with, so new weights keep the same test
    rows) are held out as test rows: training never uses them.
    """

    hidden: tuple = setting(
        (), "layers", link="hidden", label="hidden", help="hidden_help", widget="layers",
        example=(2,), article=True, script=True, keras=True,
        high=MAX_HIDDEN_LAYERS, size=MAX_HIDDEN_SIZE)
    activation: str = setting(
        "sigmoid", "choice", link="act", label="activation", widget="select", needs="hidden",
        example="tanh", script=True, keras=True, choices=ACTIVATIONS, option_text="{}")
    loss: str = setting(
        "squared", "choice", link="loss", label="loss", widget="select",
        example="cross_entropy", article=True, script=True, keras=True, choices=LOSSES,
        option_text="{}")
    learning_rate: float = setting(
        1.0, "number", link="lr", label="learning_rate", help="learning_rate_help",
        widget="field", example=0.5, article=True, script=True, keras=True,
        low=0.0, above=True, high=MAX_LEARNING_RATE)
    bias: bool = setting(
        False, "flag", link="bias", label="bias", help="bias_help", widget="toggle",
        example=True, article=True, script=True, keras=True)
    seed: int = setting(
        1, "whole", link="seed", label="seed", help="seed_help", widget="field",
        example=2, script=True, keras=True, low=0, high=SEED_LIMIT - 1)
    batch_size: int | None = setting(
        None, "whole", link="batch", label="batch_size", help="batch_size_help",
        widget="field", group="more", example=2, article=True, script=True, keras=True,
        low=1, high=MAX_BATCH_SIZE, none="every row")
    regularization: str = setting(
        "none", "choice", link="reg", label="regularization", widget="select", group="more",
        example="l1", script=True, keras=True, choices=REGULARIZATIONS, option_text="reg_{}")
    regularization_rate: float = setting(
        0.0, "number", link="rr", label="regularization_rate", widget="field", group="more",
        needs="regularization", example=0.01, article=True, script=True, keras=True,
        low=0.0, high=MAX_REGULARIZATION_RATE)
    test_fraction: float = setting(
        0.0, "number", link="test", label="test_fraction", help="test_fraction_help",
        widget="slider", group="more", example=0.5, article=True, script=True, keras=True,
        low=0.0, high=MAX_TEST_FRACTION, step=0.1, percent=True)
    # the data set's seed: the link carries it with the data set (lab/sources.py)
    data_seed: int = setting(
        0, "whole", link=None, label="data_seed", needs="test_fraction", example=3,
        script=True, keras=True, low=0, high=SEED_LIMIT - 1)

    def __post_init__(self):
        for f in fields(self):
            if "kind" in f.metadata:  # a field declared without metadata is left as given
                value = _checked(f.name, getattr(self, f.name), f.metadata)
                object.__setattr__(self, f.name, value)

    def layer_sizes(self, n_inputs, n_outputs):
        """Neurons per layer, inputs first: ``(3, 1)`` for the article."""
        return (n_inputs, *self.hidden, n_outputs)


def unexported(config, export):
    """The fields of ``config`` away from their defaults that ``export`` ("script" or
    "keras") cannot reproduce (a field declared without that metadata is among them)."""
    return [f.name for f in fields(config)
            if not f.metadata.get(export) and getattr(config, f.name) != f.default]


def _checked(name, value, meta):
    """``value`` as the field holds it (an int, a float, a tuple), or ConfigError."""
    kind, what = meta["kind"], name.replace("_", " ")
    if kind == "layers":
        return _layers(value, meta["high"], meta["size"])
    if kind == "choice":
        if value not in meta["choices"]:
            raise ConfigError(f"{what} must be one of {', '.join(meta['choices'])}, "
                              f"not {value!r}", name, value=value)
        return value
    if kind == "flag":
        if not isinstance(value, bool):
            raise ConfigError(f"{what} must be True or False, not {value!r}", name,
                              value=value)
        return value
    if value is None and meta.get("none"):
        return None
    whole = kind == "whole"
    low, high = meta["low"], meta["high"]
    ok = (not isinstance(value, bool) and isinstance(value, Integral if whole else Real)
          and (low < value if meta.get("above") else low <= value) and value <= high)
    if not ok:
        none = f"None ({meta['none']}) or " if meta.get("none") else ""
        a = "whole number" if whole else "number"
        low, high = (low, high) if whole else (f"{low:g}", f"{high:g}")
        span = f"above {low} and at most {high}" if meta.get("above") else f"from {low} to {high}"
        raise ConfigError(f"{what} must be {none}a {a} {span}, not {value!r}", name,
                          value=value)
    return int(value) if whole else float(value)


def _layers(hidden, most, size):
    if not isinstance(hidden, (tuple, list)):
        raise ConfigError(f"hidden must be a tuple of layer sizes, not {hidden!r}", "hidden",
                          value=hidden)
    if len(hidden) > most:
        raise ConfigError(f"at most {most} hidden layers, not {len(hidden)}", "hidden",
                          value=hidden)
    for n in hidden:
        if isinstance(n, bool) or not isinstance(n, Integral) or not 1 <= n <= size:
            raise ConfigError(f"each hidden layer needs 1 to {size} neurons, not {n!r}",
                              "hidden", value=hidden)
    return tuple(int(n) for n in hidden)
