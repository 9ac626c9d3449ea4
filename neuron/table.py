"""The training table: input columns, target columns, checked once when built."""

import csv
import io
import math
import re

import numpy as np

from .errors import TableError

MAX_ROWS = 10_000
MAX_INPUTS = 32
MAX_OUTPUTS = 8
MAX_INPUT = 1e6
MAX_NAME = 40
MAX_CSV_BYTES = 5_000_000

_TARGET_NAME = re.compile(r"^(y\d*|target.*)$", re.IGNORECASE)
_QUOTED_NAME = re.compile(r"[;\t\r]")  # a name holding one of these is written in quotes


class Table:
    """Rows of inputs with the outputs the network should learn.

    ``inputs`` is rows x inputs, ``targets`` rows x outputs; both are read-only
    float64 arrays. Names default to x1, x2, ... and y (or y1, y2, ...).
    """

    def __init__(self, inputs, targets, input_names=None, target_names=None):
        inputs = _as_matrix(inputs, "inputs")
        targets = _as_matrix(targets, "targets")
        if targets.ndim == 2 and inputs.ndim == 2 and targets.shape[0] != inputs.shape[0]:
            raise TableError(
                f"inputs have {inputs.shape[0]} rows but targets have {targets.shape[0]}",
                "row_mismatch", inputs=inputs.shape[0], targets=targets.shape[0])
        n_rows, n_in = inputs.shape
        n_out = targets.shape[1]
        _check_count("rows", n_rows, 1, MAX_ROWS)
        _check_count("inputs", n_in, 1, MAX_INPUTS)
        _check_count("outputs", n_out, 1, MAX_OUTPUTS)
        if input_names is None:
            input_names = [f"x{i + 1}" for i in range(n_in)]
        if target_names is None:
            target_names = ["y"] if n_out == 1 else [f"y{i + 1}" for i in range(n_out)]
        input_names = _check_names(input_names, n_in, "input")
        target_names = _check_names(target_names, n_out, "target")
        _check_unique([*input_names, *target_names])
        _check_cells(inputs, input_names, -MAX_INPUT, MAX_INPUT, "input_range")
        _check_cells(targets, target_names, 0.0, 1.0, "target_range")
        inputs.flags.writeable = False
        targets.flags.writeable = False
        self.inputs = inputs
        self.targets = targets
        self.input_names = input_names
        self.target_names = target_names

    @property
    def n_rows(self):
        return self.inputs.shape[0]

    @property
    def n_inputs(self):
        return self.inputs.shape[1]

    @property
    def n_outputs(self):
        return self.targets.shape[1]

    @property
    def columns(self):
        return (*self.input_names, *self.target_names)

    def __eq__(self, other):
        if not isinstance(other, Table):
            return NotImplemented
        return (self.columns == other.columns
                and np.array_equal(self.inputs, other.inputs)
                and np.array_equal(self.targets, other.targets))

    def __hash__(self):
        return hash((self.columns, self.inputs.tobytes(), self.targets.tobytes()))

    def __repr__(self):
        return (f"Table({self.n_rows} rows, inputs {list(self.input_names)}, "
                f"targets {list(self.target_names)})")

    def rows(self):
        """Each row as one float array: inputs then targets."""
        return np.hstack([self.inputs, self.targets])

    def to_csv(self):
        """Comma-separated text with a header; numbers written so they read back exactly."""
        out = io.StringIO()
        quote = any(_QUOTED_NAME.search(name) for name in self.columns)
        csv.writer(out, lineterminator="\n",
                   quoting=csv.QUOTE_ALL if quote else csv.QUOTE_MINIMAL).writerow(self.columns)
        writer = csv.writer(out, lineterminator="\n")
        for row in self.rows():
            writer.writerow(format_number(v) for v in row)
        return out.getvalue()

    @classmethod
    def from_rows(cls, header, rows, targets=None):
        """Build from a header and rows of cells (strings or numbers), as a grid shows them.

        ``targets`` names the target columns; by default those named ``y``, ``y1``, ...
        or ``target...``, and if none is, the last column. Cells that are not numbers
        name their row and column.
        """
        header = [_clean_name(h) for h in header]
        if len(header) < 2:
            raise TableError(
                "a table needs at least one input column and one target column",
                "too_few_columns", columns=len(header))
        if len(header) > MAX_INPUTS + MAX_OUTPUTS:
            raise TableError(
                f"{len(header)} columns is too many (at most {MAX_INPUTS} inputs and "
                f"{MAX_OUTPUTS} targets)", "too_many_columns", columns=len(header))
        if targets is not None:
            wanted = {_clean_name(t) for t in targets}
            target_cols = [i for i, h in enumerate(header) if h in wanted]
        else:
            target_cols = [i for i, h in enumerate(header) if _TARGET_NAME.match(h)]
        if not target_cols or len(target_cols) == len(header):
            target_cols = [len(header) - 1]
        input_cols = [i for i in range(len(header)) if i not in target_cols]
        values = []
        for r, cells in enumerate(rows, start=1):
            if r > MAX_ROWS:
                raise TableError(
                    f"too many rows: more than {MAX_ROWS:,} (at most {MAX_ROWS:,})",
                    "count", what="rows", limit=MAX_ROWS)
            cells = list(cells)
            if len(cells) != len(header):
                raise TableError(
                    f"row {r} has {len(cells)} cells but the header has {len(header)} columns",
                    "cell_count", row=r, cells=len(cells), columns=len(header))
            values.append([_parse_number(c, r, header[i]) for i, c in enumerate(cells)])
        if not values:
            raise TableError("the table has no rows", "count", what="rows", value=0, limit=MAX_ROWS)
        grid = np.array(values, dtype=float)
        return cls(grid[:, input_cols], grid[:, target_cols],
                   [header[i] for i in input_cols], [header[i] for i in target_cols])

    @classmethod
    def from_dataframe(cls, df, targets=None):
        """Build from a pandas DataFrame (anything with ``columns`` and row tuples).
        ``targets`` names the target columns, as for ``from_rows``."""
        try:
            header = [str(c) for c in df.columns]
            rows = df.itertuples(index=False, name=None)
        except AttributeError:
            raise TableError("expected a table with named columns", "not_a_table") from None
        return cls.from_rows(header, rows, targets)

    @classmethod
    def from_csv(cls, data, targets=None):
        """Read CSV text or bytes: a header line, then one row per line.

        Commas or semicolons separate cells; a decimal comma (``0,5``) is read as
        Spanish spreadsheets write it. ``targets`` names the target columns, as for
        ``from_rows``.
        """
        text = _decode(data)
        try:
            # newline="": a line break inside a quoted name stays in the name
            reader = csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_delimiter(text))
            parsed = [cells for cells in reader if len(cells) > 1 or "".join(cells).strip()]
        except csv.Error as e:
            raise TableError(f"the file is not valid CSV ({e})", "not_csv") from None
        if not parsed:
            raise TableError("the file is empty", "empty")
        if len(parsed) > MAX_ROWS + 1:
            raise TableError(
                f"too many rows: {len(parsed) - 1:,} (at most {MAX_ROWS:,})",
                "count", what="rows", value=len(parsed) - 1, limit=MAX_ROWS)
        return cls.from_rows(parsed[0], parsed[1:], targets)


def format_number(v):
    """Shortest text that reads back as the same float (``1`` rather than ``1.0``)."""
    v = float(v)
    if v.is_integer() and abs(v) < 1e15:
        return str(int(v))
    return repr(v)


def _as_matrix(values, what):
    try:
        a = np.array(values, dtype=float, order="C")
    except (TypeError, ValueError, OverflowError):
        raise TableError(f"{what} must be numbers", "not_numbers", what=what) from None
    if a.ndim == 1:
        a = a.reshape(-1, 1)
    if a.ndim != 2:
        raise TableError(f"{what} must be a table of rows and columns", "shape", what=what)
    return a


def _check_count(what, n, low, high):
    if not low <= n <= high:
        raise TableError(
            f"a table needs {low} to {high:,} {what}, not {n:,}", "count",
            what=what, value=n, limit=high)


def _clean_name(name):
    return str(name).strip() if name is not None else ""


def _check_names(names, n, kind):
    names = tuple(_clean_name(x) for x in names)
    if len(names) != n:
        raise TableError(f"{n} {kind} columns need {n} names, not {len(names)}",
                         "name_count", kind=kind)
    for i, name in enumerate(names, start=1):
        if not name:
            raise TableError(f"{kind} column {i} has no name", "name_empty", index=i, kind=kind)
        if len(name) > MAX_NAME:
            raise TableError(
                f"column name {name[:MAX_NAME]!r}... is longer than {MAX_NAME} characters",
                "name_long", column=name, limit=MAX_NAME)
    return names


def _check_unique(names):
    seen = set()
    for name in names:
        if name in seen:
            raise TableError(f"two columns are named {name!r}; names must differ",
                             "name_repeated", column=name)
        seen.add(name)


def _check_cells(a, names, low, high, rule):
    bad = ~np.isfinite(a) | (a < low) | (a > high)
    if not bad.any():
        return
    r, c = (int(i) for i in np.argwhere(bad)[0])
    v = a[r, c]
    if not math.isfinite(v):
        raise TableError(f"row {r + 1}, column {names[c]}: the value must be a finite number",
                         "not_finite", row=r + 1, column=names[c])
    raise TableError(
        f"row {r + 1}, column {names[c]}: {format_number(v)} is outside "
        f"{format_number(low)} to {format_number(high)}",
        rule, row=r + 1, column=names[c], value=float(v), low=low, high=high)


def _decode(data):
    if isinstance(data, str):
        return data
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TableError("expected CSV text or bytes", "not_text")
    data = bytes(data)
    if len(data) > MAX_CSV_BYTES:
        raise TableError(
            f"the file is {len(data):,} bytes; at most {MAX_CSV_BYTES:,}", "too_big",
            value=len(data), limit=MAX_CSV_BYTES)
    if b"\x00" in data:
        raise TableError("this is not a text file", "not_text")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise TableError("this is not a text file", "not_text")


def _sniff_delimiter(text):
    """The separator of the header line, looking only outside quoted names."""
    unquoted = re.sub(r'"[^"]*"', "", text[:100_000])
    header = next((line for line in re.split(r"[\r\n]", unquoted) if line.strip()), "")
    for d in (";", "\t", ","):
        if d in header:
            return d
    return ","


def _parse_number(cell, row, column):
    if isinstance(cell, (int, np.integer)) and not isinstance(cell, bool):
        try:
            return float(cell)
        except OverflowError:
            return math.inf if cell > 0 else -math.inf  # beyond float: the cell rules report it
    elif isinstance(cell, (float, np.floating)):
        if math.isnan(cell):
            cell = None
        else:
            return float(cell)
    text = "" if cell is None else str(cell).strip().replace("\u2212", "-")
    if not text:
        raise TableError(f"row {row}, column {column}: the cell is empty",
                         "empty_cell", row=row, column=column)
    if "," in text:
        # Spanish spreadsheets: "1.234,5" and "0,5"
        text = text.replace(".", "").replace(",", ".")
    try:
        if text.lower().lstrip("+-") in ("nan", "inf", "infinity"):
            raise ValueError
        return float(text)
    except ValueError:
        shown = str(cell)[:20]
        raise TableError(f"row {row}, column {column}: {shown!r} is not a number",
                         "not_a_number", row=row, column=column, value=shown) from None
