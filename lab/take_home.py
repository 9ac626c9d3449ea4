"""The take-home JSON: the run as the page showed it (every Config field, the learning
rate's changes, the table and where it came from, the iteration, the Ask row, with the
weights and history for reading), and back: ``read`` checks a file part by part and
returns what rebuilds it, or raises ``FileRefused`` naming what it cannot use. A large
file takes seconds (the table's checks, training it again to the file's iteration): the
page reads it in a worker process (neuron/work.py), which sends the bytes in and the
``Run`` back.

Training is deterministic, so the settings, the table and the iteration rebuild the run;
the weights in the file are for people and other programs, and are checked against the
rebuilt ones."""

import json
import math
from dataclasses import dataclass, fields
from numbers import Integral, Real

import numpy as np

from neuron import Config, ConfigError, Table, TableError, Trainer, presets
from neuron.trainer import replayed

from . import settings, sources
from .describe import spread

FORMAT = "neuron-lab run 1"
MAX_BYTES = 4_000_000  # twice the upload limit of .streamlit/config.toml
MOST_HISTORY = 20_000  # numbers of the history kept in a file (evenly spread entries)


class FileRefused(ValueError):
    """A file the page cannot use: ``key`` is the catalogue's reason, ``values`` fill it."""

    def __init__(self, key, **values):
        super().__init__(key)
        self.key, self.values = key, values


@dataclass(frozen=True)
class Run:
    """What a file rebuilds."""

    trainer: Trainer  # at the file's iteration, its learning rate changed as it says
    preset: str  # the picker's choice
    source: dict  # a data set's parameter and feature widgets
    page: dict  # settings.PAGE_SETTINGS' values
    ask: list | None
    weights_match: bool  # the file's weights are the rebuilt ones


def _plain(value):
    return list(value) if isinstance(value, tuple) else value


def write(trainer, preset, source, page, ask):
    """The JSON text of ``trainer``'s run (the trainer at the iteration shown)."""
    c, table = trainer.config, trainer.table
    history = trainer.history
    most = max(2, MOST_HISTORY // max(1, trainer.layout.size))
    kept = spread(len(history.iterations), most)
    origin = {"custom": True}
    if preset in presets.names() and table == presets.get(preset):
        origin = {"preset": preset}
    elif sources.is_data(preset) and table == sources.table(preset, source):
        origin = {"data": {"name": preset[len(sources.DATA):],
                           **{p: int(source[sources.KEYS[p]]) for p in sources.PARAMS},
                           "features": list(source.get(sources.FEATURES_KEY) or [])}}
    return json.dumps({
        "format": FORMAT,
        "config": {f.name: _plain(getattr(c, f.name)) for f in fields(Config)},
        "learning_rate_changes": [[at, lr] for at, lr in trainer.schedule],
        "page": {k: page[k] for k in settings.PAGE_SETTINGS},
        "source": origin,
        "table": {"input_names": list(table.input_names),
                  "target_names": list(table.target_names),
                  "inputs": table.inputs.tolist(), "targets": table.targets.tolist()},
        "iteration": trainer.iteration,
        "ask": None if ask is None else [float(v) for v in ask],
        "loss": trainer.loss(),
        "weights": [w.tolist() for w in trainer.weights],
        "biases": [b.tolist() for b in trainer.biases],
        "history": {"iterations": history.iterations[kept].tolist(),
                    "loss": history.loss[kept].tolist(),
                    "parameters": trainer.layout.labels(table.input_names, table.target_names),
                    "values": history.params[kept].tolist()},
    }, allow_nan=False)


# -- reading ------------------------------------------------------------------------------

def _finite(text):
    x = float(text)
    if not math.isfinite(x):
        raise FileRefused("file_not_finite", value=text[:20])
    return x


def _constant(name):
    raise FileRefused("file_not_finite", value=name)


def _part(data, name, kind):
    if name not in data:
        raise FileRefused("file_missing", part=name)
    value = data[name]
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        raise FileRefused("file_bad", part=name, value=_short(value))
    return value


def _short(value):
    return json.dumps(value)[:40]


def _whole(value, part, low, high):
    if isinstance(value, bool) or not isinstance(value, Integral) or not low <= value <= high:
        raise FileRefused("file_bad", part=part, value=_short(value))
    return int(value)


def _matrix(rows, part):
    """A list of rows of numbers (never text read as a number)."""
    if not isinstance(rows, list) or not all(
            isinstance(r, list) and all(isinstance(v, Real) and not isinstance(v, bool)
                                        for v in r) for r in rows):
        raise FileRefused("file_bad", part=part, value=_short(rows))
    return rows


def _names(table, key):
    names = _part(table, key, list)
    if not all(isinstance(n, str) for n in names):
        raise FileRefused("file_bad", part=f"table.{key}", value=_short(names))
    return names


def read(data, progress=None):
    """The ``Run`` a file describes; raises ``FileRefused`` or ``TableError``.
    ``progress(fraction)``: the replay's, as ``neuron.trainer.train_to`` reports it."""
    if len(data) > MAX_BYTES:
        raise FileRefused("file_too_big", mb=MAX_BYTES // 1_000_000)
    try:
        content = data.decode("utf-8") if isinstance(data, bytes) else str(data)
    except UnicodeDecodeError:
        raise FileRefused("file_not_json") from None
    try:
        doc = json.loads(content, parse_float=_finite, parse_constant=_constant)
    except FileRefused:
        raise
    except RecursionError:
        raise FileRefused("file_too_deep") from None
    except ValueError:  # not JSON, or a whole number of more than 4,300 digits
        raise FileRefused("file_not_json") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise FileRefused("file_not_a_run")
    stored = _part(doc, "config", dict)
    names = [f.name for f in fields(Config)]
    for name in names:
        if name not in stored:
            raise FileRefused("file_missing", part=f"config.{name}")
    values = {n: stored[n] for n in names}
    if not isinstance(values["hidden"], list):
        raise FileRefused("file_bad", part="config.hidden", value=_short(values["hidden"]))
    values["hidden"] = tuple(values["hidden"])
    try:
        config = Config(**values)
    except ConfigError as error:
        raise FileRefused("file_bad", part=f"config.{error.field}",
                          value=_short(stored.get(error.field))) from None
    changes = _part(doc, "learning_rate_changes", list)
    if len(changes) > 1000 or not all(isinstance(c, list) and len(c) == 2 for c in changes):
        raise FileRefused("file_bad", part="learning_rate_changes", value=_short(changes))
    iteration = _whole(doc.get("iteration"), "iteration", 0, settings.MAX_TARGET)
    t = _part(doc, "table", dict)
    table = Table(_matrix(_part(t, "inputs", list), "table.inputs"),
                  _matrix(_part(t, "targets", list), "table.targets"),
                  _names(t, "input_names"), _names(t, "target_names"))
    preset, source = _origin(doc.get("source"), table)
    page = {}
    stored_page = _part(doc, "page", dict)
    for key in settings.PAGE_SETTINGS:
        value = stored_page.get(key)
        try:
            if isinstance(value, bool) or not isinstance(value, Integral):
                raise ValueError(value)
            page[key] = settings.BY_KEY[key].parse(str(value))
        except (ValueError, KeyError):
            raise FileRefused("file_bad", part=f"page.{key}", value=_short(value)) from None
    ask = doc.get("ask")
    if ask is not None:
        if not (isinstance(ask, list) and len(ask) == table.n_inputs and all(
                isinstance(v, Real) and not isinstance(v, bool) and abs(v) <= 1e6 for v in ask)):
            raise FileRefused("file_bad", part="ask", value=_short(ask))
        ask = [float(v) for v in ask]
    try:
        trainer = replayed(config, table, iteration, tuple(map(tuple, changes)), progress)
    except ConfigError:
        raise FileRefused("file_bad", part="learning_rate_changes",
                          value=_short(changes)) from None
    try:
        match = all(np.allclose(np.asarray(w, dtype=float), mine, rtol=1e-9, atol=1e-12)
                    for w, mine in zip(doc.get("weights"), trainer.weights, strict=True))
    except (TypeError, ValueError):
        match = False
    return Run(trainer, preset, source, page, ask, match)


def _origin(origin, table):
    """The picker's choice and a data set's widgets: the named source only when it makes
    exactly the file's table (else the table is the user's own)."""
    if isinstance(origin, dict) and isinstance(origin.get("preset"), str) \
            and origin["preset"] in presets.names() and presets.get(origin["preset"]) == table:
        return origin["preset"], {}
    data = origin.get("data") if isinstance(origin, dict) else None
    if isinstance(data, dict):
        try:
            feats = data.get("features") or []
            text = ".".join([str(data["name"]), *(str(_whole(data[p], p, 0, 2**32))
                                                  for p in sources.PARAMS)]
                            + (["+".join(map(str, feats))] if feats else []))
            choice, values = sources.decode(text)
            if sources.table(choice, values) == table:
                return choice, values
        except (KeyError, ValueError, TypeError, TableError, ConfigError):
            pass
    return sources.CUSTOM, {}
