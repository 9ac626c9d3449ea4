"""A table as the page writes it: the editor's cells, and the table's part of the link. Each
is written once per table, and for the largest table each takes a tenth of a second or
more: a table read from a file has them written in the worker that read it (``read_csv``,
``read_run``), not in a page run every visitor of the process waits for. Neither Streamlit
nor pandas here: workers import this."""

from dataclasses import dataclass

from neuron import Table
from neuron import table as tables
from neuron.number_text import DECIMAL_MARK, format_number

from . import link


def cells(table, lang):
    """The editor's cells, one column of texts per column (inputs then targets): every
    number written exactly with the language's decimal mark (text, so the browser cannot
    read ``0,5`` as 5: the page reads what was typed, see ``Table.from_dataframe``)."""
    rows, mark = table.rows(), DECIMAL_MARK[lang]
    return {name: column_text(rows[:, k], mark) for k, name in enumerate(table.columns)}


def column_text(values, mark):
    texts = [format_number(v) for v in values.tolist()]
    return texts if mark == "." else [t if "e" in t else t.replace(".", mark) for t in texts]


@dataclass(frozen=True)
class Written:
    """A table with its texts: the editor's cells in ``lang``, its part of the link."""

    table: Table
    lang: str
    cells: dict
    link: str | None


def written(table, lang):
    return Written(table, lang, cells(table, lang), link.encode_table(table))


def read_csv(data, keep_targets, lang, progress=None):
    """``neuron.table.read_csv`` in a worker, the table written as the page will show it."""
    return written(tables.read_csv(data, keep_targets), lang)


def read_run(data, lang, progress=None):
    """``take_home.read`` in a worker: the run, and its table written as the page will
    show it."""
    from .take_home import read

    run = read(data, progress=progress)
    return run, written(run.trainer.table, lang)
