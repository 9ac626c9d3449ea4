"""The lesson in the link: the page's state as URL query parameters, and back.

Training is deterministic, so the table, the settings and the iteration are enough to
rebuild exactly what the page showed. Decoding never raises: each part that cannot be
read is reported by name and left at its default.
"""

import base64
import binascii
import csv
import math
import weakref
import zlib

from neuron import ConfigError, Table, TableError, playground, presets
from neuron.csv_file import csv_lines, csv_names

from . import settings, sources

MAX_LINK_CHARS = 12_000
# the table parameter of a table too large for a link (a link that long is not read)
TABLE_TOO_LARGE = "large"
MAX_TARGET = settings.MAX_TARGET
SECTIONS = ("table", "settings", "controls", "charts", "predictions", "ask")
# the views under the stage, the first open by default
VIEWS = ("table", "predictions", "explain", "sigmoid", "boundary", "compare", "tensorflow",
         "data", "share")


def encode(state):
    """Query parameters for a state dict with the keys ``decode`` returns."""
    params = {"lang": state["lang"]}
    params.update(settings.encode(state["settings"]))
    params["it"] = str(state["iteration"])
    table, choice = state["table"], state["preset"]
    values = state.get("source") or sources.defaults()
    if choice in presets.names() and table == presets.get(choice):
        params["preset"] = choice
    elif sources.is_data(choice) and table == _drawn(choice, values):
        params["data"] = sources.encode(choice, values)
    else:
        params["table"] = encode_table(table) or TABLE_TOO_LARGE
    if state.get("lr_changes"):
        params["lrs"] = ",".join(f"{i}:{settings.short(lr)}" for i, lr in state["lr_changes"])
    if state.get("present"):
        params["present"] = "1"
    if state.get("discrete"):  # the plane's switches, where not at their defaults
        params["discrete"] = "1"
    if state.get("test_rows") is False:
        params["testrows"] = "0"
    if state.get("hide"):
        params["hide"] = ",".join(state["hide"])
    if state.get("view") and state["view"] != VIEWS[0]:
        params["view"] = state["view"]
    if state.get("ask"):
        params["ask"] = ",".join(settings.short(v) for v in state["ask"])
    if length(params) > MAX_LINK_CHARS:  # a link that long is not read: all but the table
        params["table"] = TABLE_TOO_LARGE
    return params


def length(params):
    """What counts against MAX_LINK_CHARS."""
    return sum(len(k) + len(v) for k, v in params.items())


def _drawn(choice, values):
    """The data set's table, or None where its parameters describe none."""
    try:
        return sources.table(choice, values)
    except (TableError, ConfigError):
        return None


def encode_table(table):
    """The table as CSV, compressed, in URL-safe base64, with the count of targets; None
    when that would not fit in a link (worked out once per table: the link is written on
    every run)."""
    if table not in _encoded:
        packed = _packed(table)
        _encoded[table] = packed and (f"{table.n_outputs}."
                                      f"{base64.urlsafe_b64encode(packed).decode().rstrip('=')}")
    return _encoded[table]


_encoded = weakref.WeakKeyDictionary()  # table: its text in the link, while it is in use


def know_table(table, text):
    """``encode_table(table)`` is ``text`` (a worker wrote it)."""
    _encoded[table] = text


def _packed(table):
    """The table's CSV compressed, or None as soon as it outgrows a link: a large table
    costs the lines that fill a link, not a whole CSV of them."""
    room = MAX_LINK_CHARS * 3 // 4  # base64 writes 4 characters for 3 bytes
    pack, parts, size = zlib.compressobj(9), [], 0
    for line in csv_lines(table.columns, table.rows()):
        parts.append(pack.compress(line.encode()))
        size += len(parts[-1])
        if size > room:
            return None
    parts.append(pack.flush())
    return b"".join(parts) if size + len(parts[-1]) <= room else None


def decode_table(text):
    n_targets, _, data = text.partition(".")
    if not n_targets.isdigit() or not data:
        raise ValueError("not a table")
    raw = base64.urlsafe_b64decode(data + "=" * (-len(data) % 4))
    inflater = zlib.decompressobj()
    content = inflater.decompress(raw, 2_000_000)
    if inflater.unconsumed_tail:
        raise ValueError("too large")
    content = content.decode()
    header = csv_names(content)
    n = int(n_targets)
    if not 1 <= n < len(header):
        raise ValueError("bad target count")
    return Table.from_csv(content, targets=header[-n:])


def decode(params, defaults):
    """``(state, problems)``: the state the link describes, and the names of the parts
    that were ignored (each falls back to ``defaults``)."""
    params = {str(k): str(v) for k, v in dict(params).items()}
    state = dict(defaults)
    state["settings"] = dict(defaults["settings"])
    problems = []
    if length(params) > MAX_LINK_CHARS:
        return state, ["link"]

    def read(name, parse):
        if name not in params:
            return None
        try:
            return parse(params[name])
        except (ValueError, TypeError, OverflowError, KeyError, zlib.error, binascii.Error,
                UnicodeDecodeError, csv.Error, TableError, ConfigError):
            problems.append(name)
            return None

    lang = read("lang", settings.choice(("en", "es")))
    if lang:
        state["lang"] = lang
    lesson = read("playground", _playground)
    if lesson is not None:  # what the link says besides is read on top of it
        found, state["preset"], state["source"], state["table"] = lesson
        state["settings"].update(settings.from_config(found.config))
        if found.problems:
            problems.append(f"playground ({', '.join(found.problems)})")
    preset = read("preset", settings.choice(presets.names()))
    if preset:
        state["preset"], state["table"] = preset, presets.get(preset)
    data = read("data", sources.decode)
    if data is not None:
        state["preset"], state["source"] = data
        state["table"] = sources.table(*data)
    if params.get("table") == TABLE_TOO_LARGE:
        problems.append(TABLE_TOO_LARGE)
        del params["table"]
    table = read("table", decode_table)
    if table is not None:
        state["table"] = table
        state["preset"] = next((p for p in presets.names() if presets.get(p) == table),
                               state["preset"] if preset else sources.CUSTOM)
    state["settings"].update(settings.decode(params, problems))
    iteration = read("it", settings.whole(0, MAX_TARGET))
    if iteration is not None:
        state["iteration"] = iteration
    changes = read("lrs", _lr_changes)
    if changes is not None:
        state["lr_changes"] = changes
    present = read("present", lambda v: {"1": True, "0": False}[v])
    if present is not None:
        state["present"] = present
    for key, param in (("discrete", "discrete"), ("test_rows", "testrows")):
        value = read(param, settings.flag)
        if value is not None:
            state[key] = value
    hide = read("hide", _hide)
    if hide is not None:
        state["hide"] = hide
    view = read("view", settings.choice(VIEWS))
    if view is not None:
        state["view"] = view
    ask = read("ask", _ask)
    if ask is not None:
        state["ask"] = ask
    if params.keys() - KNOWN:
        problems += sorted(params.keys() - KNOWN)
    return state, problems


KNOWN = {"lang", "preset", "data", "table", "it", "lrs", "present", "discrete", "testrows",
         "hide", "view", "ask", "playground"} | settings.PARAMS


def _playground(value):
    """A TensorFlow Playground address's part after ``#``: (lesson, choice, source, table)."""
    found = playground.read(value)
    choice, source = sources.DATA + found.dataset, sources.from_lesson(found)
    return found, choice, source, sources.table(choice, source)


def _lr_changes(value):
    changes = []
    for part in value.split(",")[:50]:
        it, _, lr = part.partition(":")
        changes.append((settings.whole(0, MAX_TARGET)(it), settings.rate(lr)))
    if [i for i, _ in changes] != sorted({i for i, _ in changes}):
        raise ValueError(value)
    return changes


def _hide(value):
    parts = [p for p in value.split(",") if p]
    if any(p not in SECTIONS for p in parts):
        raise ValueError(value)
    return parts


def _ask(value):
    values = [float(v) for v in value.split(",")[:32]]
    if not all(math.isfinite(v) and abs(v) <= 1e6 for v in values):
        raise ValueError(value)
    return values
