"""CSV files as spreadsheets write them, read into rows of text cells and written back:
the encoding (UTF-8, UTF-16, cp1252), the separator (comma, semicolon, tab, Excel's
``sep=`` line) and names a spreadsheet would run as formulas."""

import codecs
import csv
import io
import re

from .errors import TableError
from .number_text import format_number, is_blank, unambiguous

MAX_CSV_BYTES = 5_000_000

_QUOTED_NAME = re.compile(r"[;\t\r]")  # a name holding one of these is written in quotes
# A cell a spreadsheet would run as a formula; written with one more leading "'",
# which spreadsheets show as "text follows" and csv_rows removes again.
_FORMULA = re.compile(r"'*[=+\-@\t\r]")
_EXCEL_SEP = re.compile(r'"?sep=([^\r\n"])"?[ \t]*(\r\n|\r|\n)', re.IGNORECASE)


def csv_rows(data):
    """The rows of text cells of CSV text or bytes; the first is the header, its names as
    written by a person (write_csv's ``'`` removed)."""
    text = _decode(data)
    if text.startswith("\ufeff"):
        text = text[1:]
    excel = _EXCEL_SEP.match(text)
    if excel:
        text = text[excel.end():]
    delimiter = excel.group(1) if excel else _sniff_delimiter(text)
    try:
        # newline="": a line break inside a quoted name stays in the name
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as e:
        raise TableError(f"the file is not valid CSV ({e})", "not_csv") from None
    while rows and all(is_blank(c) for c in rows[0]):
        rows.pop(0)
    if not rows:
        raise TableError("the file is empty", "empty")
    rows[0] = [_restore(name.strip()) for name in rows[0]]
    return rows


def csv_names(data):
    """The column names of CSV text or bytes as ``Table.from_csv`` reads them."""
    return tuple(csv_rows(data)[0])


def write_csv(names, rows, decimal="."):
    """A header of ``names`` and rows of numbers, each written so it reads back exactly;
    with ``decimal=","`` separated by semicolons. A name a spreadsheet would run as a
    formula is written after a ``'``."""
    return "".join(csv_lines(names, rows, decimal))


def csv_lines(names, rows, decimal="."):
    """``write_csv``'s text line by line, each written only when asked for (the page's
    link stops at the first lines a link cannot hold)."""
    out = io.StringIO()
    names = [_neutralise(name) for name in names]
    quote = any(_QUOTED_NAME.search(name) for name in names)
    sep = ";" if decimal == "," else ","
    csv.writer(out, lineterminator="\n", delimiter=sep,
               quoting=csv.QUOTE_ALL if quote else csv.QUOTE_MINIMAL).writerow(names)
    yield out.getvalue()
    writer = csv.writer(out, lineterminator="\n", delimiter=sep)
    for row in rows:
        out.seek(0)
        out.truncate()
        writer.writerow(unambiguous(format_number(v).replace(".", decimal)) for v in row)
        yield out.getvalue()


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
    utf16 = data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    for encoding in ("utf-16",) if utf16 else ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:  # UTF-32, images and other binary files
            return text
    raise TableError("this is not a text file", "not_text")


def _sniff_delimiter(text):
    """The separator of the header line, looking only outside quoted names."""
    unquoted = re.sub(r'"[^"]*"', "", text[:100_000])
    header = next((line for line in re.split(r"[\r\n]", unquoted) if line.strip()), "")
    for d in (";", "\t", ","):
        if d in header:
            return d
    return ","


def _neutralise(text):
    return "'" + text if _FORMULA.match(text) else text


def _restore(text):
    return text[1:] if text.startswith("'") and _FORMULA.match(text[1:]) else text
