"""A TensorFlow Playground address read as a lesson for this trainer.

The part of a playground.tensorflow.org address after ``#`` lists its settings
(``dataset=circle&noise=10&networkShape=4,2&learningRate=0.03&...``, its src/state.ts).
``read`` turns it into the same data set, inputs and network here; a part it cannot read
is named in ``Lesson.problems`` and left at the Playground's default. Nothing raises.

The learning rate is converted, so the set-up trains at the Playground's speed. There an
update averages the gradient over the batch and subtracts ``rate * regularizationRate``
times the penalty's slope (its nn.ts ``updateWeights``); here it sums the gradient over the
batch (the article's update) and scales the penalty by this page's rate too (neuron/network.py
``update``). Equal steps need::

    learning_rate = Playground's learningRate / batchSize
    regularization_rate = batchSize * Playground's regularizationRate

What cannot be the same: the Playground's output is tanh with labels -1 and 1 (linear for
regression), this page's a sigmoid with 0 and 1; its iteration is an epoch, here one
update from one batch; and its random draws (points, split, weights) are its own.
"""

import math
import zlib
from dataclasses import dataclass, field
from urllib.parse import unquote

from .config import (
    MAX_BATCH_SIZE,
    MAX_HIDDEN_LAYERS,
    MAX_HIDDEN_SIZE,
    MAX_LEARNING_RATE,
    MAX_REGULARIZATION_RATE,
    MAX_TEST_FRACTION,
    SEED_LIMIT,
    Config,
)
from .datasets import ALIASES

POINTS, REGRESSION_POINTS = 500, 1_200  # the Playground's NUM_SAMPLES_CLASSIFY, _REGRESS
DATASETS = ("circle", "xor", "gauss", "spiral")
REGRESSION_DATASETS = ("reg-plane", "reg-gauss")
ACTIVATIONS = ("tanh", "relu", "sigmoid", "linear")
REGULARIZATIONS = {"none": "none", "L1": "l1", "L2": "l2"}
# the Playground's input checkboxes, and the feature here each one is
INPUTS = {"x": "x1", "y": "x2"}
FEATURES = {"xSquared": "x1_squared", "ySquared": "x2_squared", "xTimesY": "x1_x2",
            "sinX": "sin_x1", "sinY": "sin_x2"}
# parts that only change how the Playground draws itself
DISPLAY = {"showTestData", "discretize", "collectStats", "tutorial", "hideText"}
MAX_LESSON_CHARS = 4_000


@dataclass(frozen=True)
class Lesson:
    """A Playground set-up in this page's terms: the data set (a ``neuron.datasets`` name,
    its points, noise and seed), the input features switched on, the inputs switched off
    (``"x1"``, ``"x2"``), the Config, and the parts that were not carried over."""

    dataset: str = "circle"
    points: int = POINTS
    noise: int = 0
    data_seed: int = 0
    features: tuple = ()
    inputs_off: tuple = ()
    config: Config = field(default_factory=Config)
    problems: tuple = ()


def address_part(text):
    """The part after ``#`` of a pasted address (or the text itself when it has none)."""
    text = str(text).strip()
    return text.partition("#")[2] if "#" in text else text


def read(fragment):
    """The ``Lesson`` a Playground address's part after ``#`` describes (URL-encoded or
    not; a whole address is accepted too)."""
    fragment = address_part(unquote(str(fragment)))
    problems = []
    if len(fragment) > MAX_LESSON_CHARS:
        return Lesson(problems=("playground",))
    parts = {}
    for item in fragment.split("&"):
        if not item.strip():
            continue
        name, eq, value = item.partition("=")
        name, value = name.strip(), value.strip()
        if not eq or not name:
            problems.append(item[:40])
        elif name in parts:
            problems.append(name)
        else:
            parts[name] = value

    def take(name, parse, default):
        """The part's value, or ``default`` if it is absent, empty or unreadable (named)."""
        value = parts.pop(name, "")
        if value == "":
            return default
        try:
            return parse(value)
        except (ValueError, OverflowError):
            problems.append(name)
            return default

    regression = take("problem", _choice(("classification", "regression")),
                      "classification") == "regression"
    classify = take("dataset", _choice(DATASETS), "circle")
    regress = take("regDataset", _choice(REGRESSION_DATASETS), "reg-plane")
    name = regress if regression else classify
    noise = take("noise", _number(0, 50, whole=True), 0)
    seed_text = take("seed", str, None)
    data_seed = 0 if seed_text is None else zlib.crc32(seed_text.encode()) % SEED_LIMIT
    # "networkShape=" (empty) is no hidden layer, as the Playground reads it
    hidden = () if parts.get("networkShape") == "" else take("networkShape", _shape, (4, 2))
    parts.pop("networkShape", None)
    activation = take("activation", _choice(ACTIVATIONS), "tanh")
    batch = take("batchSize", _number(1, MAX_BATCH_SIZE, whole=True), 10)
    rate = take("learningRate", _number(0, math.inf), 0.03)
    regularization = REGULARIZATIONS[take("regularization", _choice(REGULARIZATIONS), "none")]
    regularization_rate = take("regularizationRate", _number(0, math.inf), 0.0)
    train = take("percTrainData", _number(100 * (1 - MAX_TEST_FRACTION), 100), 50)
    switched = {}
    for part, feature in {**INPUTS, **FEATURES}.items():
        on = take(part, _flag, part in INPUTS)
        switched[feature] = on
    inputs_off = tuple(x for x in INPUTS.values() if not switched[x])
    if len(inputs_off) == len(INPUTS) and not any(switched[f] for f in FEATURES.values()):
        problems += list(INPUTS)  # no input at all: both stay on
        inputs_off = ()
    for part in ("cosX", "cosY", "initZero"):  # not offered here: named only when on
        if take(part, _flag, False):
            problems.append(part)
    for part in list(parts):
        if part in DISPLAY or part.endswith("_hide"):
            parts.pop(part)
    problems += sorted(parts)

    test_fraction = round((100 - train) / 10) / 10  # this page holds out whole tenths
    if not math.isclose(100 * (1 - test_fraction), train):
        problems.append("percTrainData")
    # the Playground averages the batch's gradient, this page sums it (see the docstring)
    learning_rate = rate / batch
    if not 0 < learning_rate <= MAX_LEARNING_RATE:
        problems.append("learningRate")
        learning_rate = 0.03 / batch
    regularization_rate *= batch
    if regularization_rate > MAX_REGULARIZATION_RATE:
        problems.append("regularizationRate")
        regularization_rate = MAX_REGULARIZATION_RATE
    config = Config(hidden=hidden, activation=activation, bias=True,
                    learning_rate=learning_rate, seed=data_seed, batch_size=batch,
                    regularization=regularization,
                    regularization_rate=regularization_rate if regularization != "none" else 0.0,
                    test_fraction=test_fraction, data_seed=data_seed)
    return Lesson(dataset=ALIASES.get(name, name),
                  points=REGRESSION_POINTS if regression else POINTS, noise=noise,
                  data_seed=data_seed,
                  features=tuple(f for f in FEATURES.values() if switched[f]),
                  inputs_off=inputs_off, config=config, problems=tuple(problems))


def _choice(options):
    def parse(value):
        if value not in options:
            raise ValueError(value)
        return value
    return parse


def _number(low, high, whole=False):
    def parse(value):
        x = float(value)
        if not math.isfinite(x) or not low <= x <= high or (whole and not x.is_integer()):
            raise ValueError(value)
        return int(x) if whole else x
    return parse


def _flag(value):
    # as the Playground reads a boolean: anything but "false" is true
    return value != "false"


def _shape(value):
    sizes = tuple(int(v) for v in value.split(",") if v.strip())
    if len(sizes) > MAX_HIDDEN_LAYERS or not all(1 <= n <= MAX_HIDDEN_SIZE for n in sizes):
        raise ValueError(value)
    return sizes
