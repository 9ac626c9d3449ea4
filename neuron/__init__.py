"""Neuron Lab's trainer: the article's sigmoid neuron, exact, generalised to dense layers.

>>> from neuron import Config, Trainer, presets
>>> trainer = Trainer(Config(), presets.get("seed")).run(10_000)
>>> trainer.predict([1, 0, 0])
array([[0.99993704]])
"""

from . import datasets, features, lesson, playground, presets
from .activations import sigmoid
from .config import Config
from .errors import ConfigError, TableError
from .export import export_script
from .export_keras import export_keras, keras_lines
from .history import History
from .separable import Verdict, linearly_separable, separability
from .sweep import SweepResult, sweep
from .table import Table
from .trainer import Layout, StepRecord, Trainer

__all__ = [
    "Config", "ConfigError", "History", "Layout", "StepRecord", "SweepResult", "Table",
    "TableError", "Trainer", "Verdict", "datasets", "export_keras", "export_script",
    "features", "keras_lines", "lesson", "linearly_separable", "playground", "presets",
    "separability", "sigmoid", "sweep",
]
