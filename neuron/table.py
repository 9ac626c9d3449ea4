"""The training table: input columns, target columns, checked once when built."""

import math
import re

import numpy as np

from .csv_file import csv_rows, write_csv
from .errors import TableError
from .number_text import cell_number, decimal_mark_shown, format_number, is_blank, lang_mark

MAX_ROWS = 10_000
MAX_INPUTS = 32
MAX_OUTPUTS = 8
MAX_INPUT = 1e6
MAX_NAME = 40

_TARGET_NAME = re.compile(r"^(y\d*|target.*)$", re.IGNORECASE)


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

    def to_csv(self, decimal="."):
        """Comma-separated text with a header; numbers written so they read back exactly.
        With ``decimal=","`` (a Spanish spreadsheet's convention) cells are separated by
        semicolons and numbers written with a decimal comma; ``from_csv`` reads both.

        A name a spreadsheet would run as a formula (``=...``, ``+y``, ``-x``, ``@SUM(1)``)
        is written after a ``'``, which spreadsheets show as plain text and ``from_csv``
        removes again. Written once per table (a table never changes): the page's link
        and download ask for it on every run.
        """
        written = self.__dict__.setdefault("_csv", {})
        if decimal not in written:
            written[decimal] = write_csv(self.columns, self.rows(), decimal)
        return written[decimal]

    @classmethod
    def from_rows(cls, header, rows, targets=None, lang=None):
        """Build from a header and rows of cells (strings or numbers), as a grid shows them.

        ``targets`` names the target columns; by default those named ``y``, ``y1``, ...
        or ``target...``, and if none is, the last column. Text cells are read as typed
        on a page in ``lang`` (see ``number_text.parse_cell``) or, when ``lang`` is None,
        as a file writes them: ``1,234`` or ``1.000`` (a mark, then three digits) is read only if
        another cell shows which mark is the decimal one, else refused. A row with every
        cell empty is skipped (rows keep their numbers); empty unnamed columns at the
        end are dropped. Cells that are not numbers name their row and column.
        """
        header = [_clean_name(h) for h in header]
        rows = [list(cells) for cells in rows]
        while header and not header[-1] and all(
                len(cells) < len(header) or is_blank(cells[len(header) - 1]) for cells in rows):
            header.pop()
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
        numbered = []
        for r, cells in enumerate(rows, start=1):
            while len(cells) > len(header) and is_blank(cells[-1]):
                cells.pop()
            if all(is_blank(c) for c in cells):
                continue
            if len(cells) != len(header):
                raise TableError(
                    f"row {r} has {len(cells)} cells but the header has {len(header)} columns",
                    "cell_count", row=r, cells=len(cells), columns=len(header))
            numbered.append((r, cells))
        if not 1 <= len(numbered) <= MAX_ROWS:
            raise TableError(
                f"a table needs 1 to {MAX_ROWS:,} rows, not {len(numbered):,}", "count",
                what="rows", value=len(numbered), limit=MAX_ROWS)
        if lang is None:
            decimal = decimal_mark_shown(c for _, cells in numbered for c in cells)
        else:
            decimal = lang_mark(lang)
        values = [[cell_number(c, r, header[i], decimal, trust=lang is None)
                   for i, c in enumerate(cells)] for r, cells in numbered]
        grid = np.array(values, dtype=float)
        return cls(grid[:, input_cols], grid[:, target_cols],
                   [header[i] for i in input_cols], [header[i] for i in target_cols])

    @classmethod
    def from_dataframe(cls, df, targets=None, lang=None):
        """Build from a pandas DataFrame of numbers or of text (anything with ``columns``
        and row tuples). ``targets`` and ``lang`` as for ``from_rows``: a page's editor
        passes its language so ``0,5`` typed in a text column is 0.5."""
        try:
            header = [str(c) for c in df.columns]
            rows = list(df.itertuples(index=False, name=None))
        except AttributeError:
            raise TableError("expected a table with named columns", "not_a_table") from None
        isna = getattr(df, "isna", None)
        if isna is not None:  # pandas' own empty markers (NA, NaT) are empty cells
            blank = isna().to_numpy()
            rows = [[None if b else c for c, b in zip(cells, flags)]
                    for cells, flags in zip(rows, blank)]
        return cls.from_rows(header, rows, targets, lang)

    @classmethod
    def from_csv(cls, data, targets=None):
        """Read CSV text or bytes: a header line, then one row per line.

        Bytes may be UTF-8 (with or without a BOM), UTF-16 with a BOM (Excel's "Unicode
        text") or cp1252. Commas, semicolons or tabs separate cells, or the separator an
        Excel ``sep=;`` first line names. Numbers as ``from_rows`` reads a file: ``0,5``,
        ``1.234,5``, ``"1,234.50"``. ``targets`` names the target columns, as for
        ``from_rows``; a name written after a ``'`` by ``to_csv`` reads back without it.
        """
        rows = csv_rows(data)
        return cls.from_rows(rows[0], rows[1:], targets)


def read_csv(data, keep_targets=None):
    """``Table.from_csv(data)``; when that table's targets are not ``keep_targets`` but the
    file has every one of them as a column (a table the page wrote: its own download),
    those are its targets."""
    table = Table.from_csv(data)
    if keep_targets and table.target_names != keep_targets and set(keep_targets) < set(table.columns):
        table = Table.from_csv(data, targets=keep_targets)
    return table


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
