"""Numbers as people write them: a cell's text read in either language's way (``0,5``,
``1.234,5``, ``1,234.5``), and a number written so it reads back as the same float."""

import math
import re

import numpy as np

from .errors import TableError

DECIMAL_MARK = {"en": ".", "es": ","}

# One grammar per way of writing a number: each gives its reading with "." or "," as decimal mark.
_NUMBER = {
    ".": (re.compile(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?"),
          re.compile(r"[+-]?[1-9][0-9]{0,2}(,[0-9]{3})+(\.[0-9]*)?")),
    ",": (re.compile(r"[+-]?([0-9]+,?[0-9]*|,[0-9]+)([eE][+-]?[0-9]+)?"),
          re.compile(r"[+-]?[1-9][0-9]{0,2}(\.[0-9]{3})+(,[0-9]*)?")),
}


def parse_cell(text, lang):
    """The number a person meant by typing ``text`` in a table cell on a page in ``lang``.

    Either decimal mark is read (``0,5`` and ``0.5`` are 0.5 in both languages), and
    thousands separators where unambiguous (``1,234.5``, ``1.234,5``, ``1,234,567``).
    A mark followed by exactly three digits is read as the page's decimal mark
    (``1.234`` in English, ``1,234`` in Spanish); as the other mark it could be a
    thousands separator or a decimal, so ``1,234`` in English is refused
    (rule ``ambiguous_number``), never read as a different number. Text that is not
    a number raises rule ``not_a_number``, with ``details["value"]`` the typed text.
    """
    return cell_number(text, None, None, lang_mark(lang), trust=False)


def format_number(v):
    """Shortest text that reads back as the same float (``1`` rather than ``1.0``)."""
    v = float(v)
    if v.is_integer() and abs(v) < 1e15:
        return str(int(v))
    return repr(v)


def unambiguous(number):
    """``1.234`` could be read as 1234 (a thousands dot); ``1.2340`` cannot."""
    if "," not in number and not _NUMBER[","][1].fullmatch(number):
        return number  # one reading at most: only a thousands dot or a comma gives two
    return number + "0" if len(set(_readings(number).values())) > 1 else number


def is_blank(cell):
    if cell is None:
        return True
    if isinstance(cell, str):
        return not cell.strip()
    return isinstance(cell, (float, np.floating)) and math.isnan(cell)


def lang_mark(lang):
    try:
        return DECIMAL_MARK[lang]
    except (KeyError, TypeError):
        raise ValueError(f"lang must be one of {sorted(DECIMAL_MARK)}, not {lang!r}") from None


def decimal_mark_shown(cells):
    """The decimal mark the text cells show unambiguously ("0,5", "0.5", "1.234,5"),
    or None if they show neither or both."""
    shown = set()
    for cell in cells:
        if isinstance(cell, str):
            readings = _readings(_number_text(cell))
            if len(readings) == 1:
                shown.update(readings)
    return shown.pop() if len(shown) == 1 else None


def cell_number(cell, row, column, decimal, trust):
    """The cell's number. A text whose reading depends on the decimal mark is read with
    ``decimal`` when its mark is that one, or when ``trust`` (a file that shows its
    decimal mark elsewhere) also as a thousands separator; else refused."""
    if isinstance(cell, (int, np.integer)) and not isinstance(cell, (bool, np.bool_)):
        try:
            return float(cell)
        except OverflowError:
            return math.inf if cell > 0 else -math.inf  # beyond float: the cell rules report it
    if isinstance(cell, (float, np.floating)) and not math.isnan(cell):
        return float(cell)
    where = "" if row is None else f"row {row}, column {column}: "
    if is_blank(cell):
        raise TableError(f"{where}the cell is empty", "empty_cell", row=row, column=column)
    text = _number_text(str(cell))
    readings = _readings(text) if isinstance(cell, str) else {}
    values = set(readings.values())
    if len(values) == 1:
        return values.pop()
    shown = str(cell)[:40]
    if not values:
        raise TableError(f"{where}{shown!r} is not a number",
                         "not_a_number", row=row, column=column, value=shown)
    mark = "." if "." in text else ","
    if mark == decimal or (trust and decimal is not None):
        return readings[decimal]
    as_decimal, as_thousands = readings[mark], readings["," if mark == "." else "."]
    raise TableError(
        f"{where}{shown!r} could be {format_number(as_decimal)} or "
        f"{format_number(as_thousands)}: write it without a thousands separator",
        "ambiguous_number", row=row, column=column, value=shown,
        decimal=as_decimal, thousands=as_thousands)


def _readings(text):
    """``{decimal mark: value}`` for each way of writing numbers that reads ``text``."""
    found = {}
    for mark, (plain, grouped) in _NUMBER.items():
        thousands = "," if mark == "." else "."
        if plain.fullmatch(text):
            found[mark] = float(text.replace(",", "."))
        elif grouped.fullmatch(text):
            found[mark] = float(text.replace(thousands, "").replace(",", "."))
    return found


def _number_text(cell):
    return cell.strip().replace("\u2212", "-")
