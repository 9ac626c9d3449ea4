"""Training settings: a frozen dataclass whose defaults are the article's program."""

from dataclasses import dataclass
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

    hidden: tuple = ()
    activation: str = "sigmoid"
    loss: str = "squared"
    learning_rate: float = 1.0
    bias: bool = False
    seed: int = 1
    batch_size: int | None = None
    regularization: str = "none"
    regularization_rate: float = 0.0
    test_fraction: float = 0.0
    data_seed: int = 0

    def __post_init__(self):
        _check_hidden(self.hidden)
        if self.activation not in ACTIVATIONS:
            raise ConfigError(
                f"activation must be one of {', '.join(ACTIVATIONS)}, not {self.activation!r}",
                "activation", value=self.activation)
        if self.loss not in LOSSES:
            raise ConfigError(
                f"loss must be one of {', '.join(LOSSES)}, not {self.loss!r}",
                "loss", value=self.loss)
        lr = self.learning_rate
        if isinstance(lr, bool) or not isinstance(lr, Real) or not 0 < lr <= MAX_LEARNING_RATE:
            raise ConfigError(
                f"learning rate must be a number above 0 and at most {MAX_LEARNING_RATE:g}, "
                f"not {lr!r}", "learning_rate", value=lr)
        if not isinstance(self.bias, bool):
            raise ConfigError(f"bias must be True or False, not {self.bias!r}", "bias",
                              value=self.bias)
        for name in ("seed", "data_seed"):
            seed = getattr(self, name)
            if isinstance(seed, bool) or not isinstance(seed, Integral) or \
                    not 0 <= seed < SEED_LIMIT:
                raise ConfigError(
                    f"{name.replace('_', ' ')} must be a whole number from 0 to "
                    f"{SEED_LIMIT - 1}, not {seed!r}", name, value=seed)
        size = self.batch_size
        if size is not None and (isinstance(size, bool) or not isinstance(size, Integral)
                                 or not 1 <= size <= MAX_BATCH_SIZE):
            raise ConfigError(
                f"batch size must be None (every row) or a whole number from 1 to "
                f"{MAX_BATCH_SIZE}, not {size!r}", "batch_size", value=size)
        if self.regularization not in REGULARIZATIONS:
            raise ConfigError(
                f"regularization must be one of {', '.join(REGULARIZATIONS)}, "
                f"not {self.regularization!r}", "regularization", value=self.regularization)
        rr = self.regularization_rate
        if isinstance(rr, bool) or not isinstance(rr, Real) or not (
                0 <= rr <= MAX_REGULARIZATION_RATE):
            raise ConfigError(
                f"regularization rate must be a number from 0 to {MAX_REGULARIZATION_RATE:g}, "
                f"not {rr!r}", "regularization_rate", value=rr)
        tf = self.test_fraction
        if isinstance(tf, bool) or not isinstance(tf, Real) or not 0 <= tf <= MAX_TEST_FRACTION:
            raise ConfigError(
                f"test fraction must be a number from 0 to {MAX_TEST_FRACTION:g}, not {tf!r}",
                "test_fraction", value=tf)
        object.__setattr__(self, "hidden", tuple(int(n) for n in self.hidden))
        object.__setattr__(self, "test_fraction", float(tf))
        object.__setattr__(self, "batch_size", None if size is None else int(size))
        object.__setattr__(self, "regularization_rate", float(rr))
        object.__setattr__(self, "learning_rate", float(lr))
        object.__setattr__(self, "seed", int(self.seed))
        object.__setattr__(self, "data_seed", int(self.data_seed))

    def layer_sizes(self, n_inputs, n_outputs):
        """Neurons per layer, inputs first: ``(3, 1)`` for the article."""
        return (n_inputs, *self.hidden, n_outputs)


def _check_hidden(hidden):
    if not isinstance(hidden, (tuple, list)):
        raise ConfigError(f"hidden must be a tuple of layer sizes, not {hidden!r}", "hidden",
                          value=hidden)
    if len(hidden) > MAX_HIDDEN_LAYERS:
        raise ConfigError(
            f"at most {MAX_HIDDEN_LAYERS} hidden layers, not {len(hidden)}", "hidden",
            value=hidden)
    for n in hidden:
        if isinstance(n, bool) or not isinstance(n, Integral) or not 1 <= n <= MAX_HIDDEN_SIZE:
            raise ConfigError(
                f"each hidden layer needs 1 to {MAX_HIDDEN_SIZE} neurons, not {n!r}", "hidden",
                value=hidden)
