"""Text alternatives for the charts: one sentence with the real numbers, and the data
behind each chart as rows (a list of dicts, column name to text), in the page's language.
Pure: numbers in, text out; no Streamlit, no plotly."""

import numpy as np

from lab.text import number, text
from neuron.activations import OUTPUT
from neuron.network import CLOSE

MOST_ROWS = 200  # rows of a history's data view, evenly spread, first and last kept
MOST_NAMED = 8  # weights named one by one in a sentence; beyond, the biggest


def spread(n, most):
    if n <= most:
        return np.arange(n)
    return np.unique(np.linspace(0, n - 1, most).round().astype(int))


def _join(items, lang, sep=", "):
    """``a, b and c`` in the page's language (``sep`` between items that hold commas)."""
    items = list(items)
    if len(items) < 2:
        return "".join(items)
    return f"{sep.join(items[:-1])} {text(lang, 'describe_and')} {items[-1]}"


# -- the loss ---------------------------------------------------------------------------

def loss_summary(iterations, loss, right, rows, lang):
    """'Loss fell from 0.31 to 6.5e−5 over 10,000 iterations; 4 of 4 rows right.'"""
    first, last = float(loss[0]), float(loss[-1])
    values = dict(a=number(first, lang, 2), b=number(last, lang, 2), right=number(right, lang),
                  rows=number(rows, lang), n=number(iterations[-1] - iterations[0], lang),
                  i=number(iterations[-1], lang))
    if len(loss) == 1:
        key = "describe_loss_one"
    elif values["a"] == values["b"]:
        key = "describe_loss_same"
    else:
        key = "describe_loss_fell" if last < first else "describe_loss_rose"
    return text(lang, key, **values)


def loss_rows(iterations, loss, lang, most=MOST_ROWS):
    columns = text(lang, "iteration_axis"), text(lang, "loss_axis")
    return [{columns[0]: number(iterations[k], lang), columns[1]: number(loss[k], lang, 6)}
            for k in spread(len(iterations), most)]


# -- the weights over time ----------------------------------------------------------------

def _change(name, a, b, lang):
    return text(lang, "describe_weight_change", name=name, a=number(a, lang, 3),
                b=number(b, lang, 3))


def weights_summary(iterations, series, names, lang):
    """How each weight moved from the first recorded iteration to the last; with more than
    eight, how many and the one that moved most."""
    series = np.asarray(series, dtype=float)
    start, end = series[0], series[-1]
    span = dict(a=number(iterations[0], lang), b=number(iterations[-1], lang))
    if len(names) <= MOST_NAMED:
        changes = [_change(n, a, b, lang) for n, a, b in zip(names, start, end)]
        return text(lang, "describe_weights", changes=_join(changes, lang), **span)
    k = int(np.argmax(np.abs(end - start)))
    return text(lang, "describe_weights_many", n=number(len(names), lang),
                change=_change(names[k], start[k], end[k], lang), **span)


def weights_rows(iterations, series, names, lang, most=MOST_ROWS):
    column = text(lang, "iteration_axis")
    return [{column: number(iterations[k], lang),
             **{name: number(series[k][j], lang, 6) for j, name in enumerate(names)}}
            for k in spread(len(iterations), most)]


# -- the diagram --------------------------------------------------------------------------

def diagram_summary(sizes, weights, names, lang):
    """The network's shape and each weight (the biggest eight when there are more).
    ``names``: one per weight, in layer, from-neuron, to-neuron order."""
    values = np.concatenate([np.asarray(w, dtype=float).ravel() for w in weights])
    shape = text(lang, "describe_shape", inputs=sizes[0], outputs=sizes[-1],
                 hidden=_join([str(n) for n in sizes[1:-1]], lang) or
                 text(lang, "describe_none"))
    shown = range(len(values))
    key = "describe_diagram"
    if len(values) > MOST_NAMED:
        shown = sorted(np.argsort(-np.abs(values), kind="stable")[:MOST_NAMED])
        key = "describe_diagram_many"
    items = [f"{names[k]} = {number(values[k], lang, 4)}" for k in shown]
    return text(lang, key, shape=shape, n=number(len(values), lang), weights=_join(items, lang))


def diagram_rows(weights, senders, receivers, lang):
    """One row per weight: from which neuron, to which, its value. ``senders`` and
    ``receivers``: per layer, the neurons' names."""
    columns = text(lang, "col_from"), text(lang, "col_neuron"), text(lang, "weight_axis")
    return [{columns[0]: senders[layer][i], columns[1]: receivers[layer][j],
             columns[2]: number(w[i][j], lang, 8)}
            for layer, w in enumerate(weights)
            for i in range(len(w)) for j in range(len(w[i]))]


# -- the sigmoid and the boundary ---------------------------------------------------------

def sigmoid_summary(z, outputs, row_names, lang):
    items = [text(lang, "describe_sigmoid_row", name=name, z=number(zk, lang, 3),
                  out=number(a, lang, 3), slope=number(OUTPUT.slope(a, zk), lang, 3))
             for name, zk, a in zip(row_names, z, outputs)]
    return text(lang, "describe_sigmoid", rows=_join(items, lang, "; "))


def sigmoid_rows(z, outputs, row_names, lang):
    columns = [text(lang, k) for k in ("col_row", "col_sum", "col_output", "col_slope")]
    return [dict(zip(columns, (name, number(zk, lang, 8), number(a, lang, 8),
                               number(OUTPUT.slope(a, zk), lang, 8))))
            for name, zk, a in zip(row_names, z, outputs)]


def boundary_summary(row_names, outputs, right, lang, equation=None):
    """Which rows the network puts above 0.5, below and exactly at it, how many rows are
    right (``right``, per row: ``Trainer.rows_right``) and for one neuron the line where
    the output is 0.5 (``equation``, written). Beyond ``MOST_NAMED`` rows, how many rows on
    each side rather than their names."""
    outputs = np.asarray(outputs, dtype=float)
    if len(row_names) > MOST_NAMED:  # how many, not every row's name
        sentence = text(lang, "describe_boundary_count", above=int((outputs > 0.5).sum()),
                        below=int((outputs < 0.5).sum()), right=number(np.sum(right), lang),
                        rows=number(len(right), lang))
        return sentence + (" " + text(lang, "describe_boundary_line", equation=equation)
                           if equation else "")
    side = lambda mask: _join([n for n, m in zip(row_names, mask) if m], lang)  # noqa: E731
    none = text(lang, "describe_none")
    sentence = text(lang, "describe_boundary", above=side(outputs > 0.5) or none,
                    below=side(outputs < 0.5) or none, right=number(np.sum(right), lang),
                    rows=number(len(right), lang))
    if (outputs == 0.5).any():
        sentence += " " + text(lang, "describe_boundary_half", rows=side(outputs == 0.5))
    if equation:
        sentence += " " + text(lang, "describe_boundary_line", equation=equation)
    return sentence


def plane_summary(axes, output, extent, right, rows, test_rows, regression, lang):
    """The plane in words, without listing the rows: what the colour says over which
    ranges, and how many rows are on their target's side."""
    key = "describe_plane_regression" if regression else "describe_plane"
    return text(lang, key, output=output, x=axes[0], y=axes[1],
                x0=number(extent[0][0], lang, 3), x1=number(extent[0][1], lang, 3),
                y0=number(extent[1][0], lang, 3), y1=number(extent[1][1], lang, 3),
                right=right, rows=rows, test=test_rows)


def right_rule(lang):
    """What "right" means, as every view counts it (``Trainer.rows_right``)."""
    return text(lang, "right_rule", close=number(CLOSE, lang))


def boundary_rows(row_names, x, y, targets, outputs, names, lang):
    """One row per table row: its two plotted inputs (named ``names``), target, output."""
    columns = [text(lang, "col_row"), *names, text(lang, "col_target"),
               text(lang, "col_output")]
    return [dict(zip(columns, (row, number(a, lang), number(b, lang), number(t, lang),
                               number(o, lang, 8))))
            for row, a, b, t, o in zip(row_names, x, y, targets, outputs)]
