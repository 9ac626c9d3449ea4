"""Chart builders: numbers in, a plotly figure out. No Streamlit here.

Figures are written as plain plotly.js specs (dicts) and handed over as ``RawFigure``:
validating graph objects cost more server time than everything else on the page put
together (measured: 35 to 85 ms per chart per click), and one server process serves the
whole class. ``fig.to_dict()`` gives the spec.

``labels`` arguments are dicts of already-translated strings, so these functions know
nothing about languages. Colours and dashes come from lab/palette.py.
"""

import numpy as np
import plotly.graph_objects as go

from neuron.activations import OUTPUT

from .palette import BACKGROUND, GRID, INK, MUTED, NEGATIVE, NEUTRAL, POSITIVE, series_style
from .scene import MAX_TICKS, log_ticks

SYMBOLS = ["circle", "square", "diamond", "triangle-up", "triangle-down", "cross", "star",
           "hexagon"]

# Type: 14 px at scale 1; presenter mode passes PRESENTER_SCALE for 18 px.
FONT_PX = 14
PRESENTER_SCALE = 1.3


def font_px(scale=1.0):
    return round(FONT_PX * scale)


class RawFigure(go.Figure):
    """A figure handed over as a finished plotly.js spec of plain dicts.

    ``st.plotly_chart`` reads any Figure through ``to_dict()``, so the spec reaches the
    browser as it is, without the graph-object validation.
    """

    def __init__(self, spec):
        super().__init__()
        self._spec = spec

    def to_dict(self):
        return self._spec


def safe(text):
    """Text as plotly shows it literally: plotly reads a few HTML tags in text, and column
    names come from users."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _scatter(**kwargs):
    return dict(type="scatter", hoverinfo="skip", showlegend=False, **kwargs)


def _font(px, colour=INK):
    return dict(size=px, color=colour)


def _plain_layout(height, px, **kwargs):
    return dict(dict(height=height, margin=dict(l=10, r=10, t=10, b=10), plot_bgcolor=BACKGROUND,
                     paper_bgcolor=BACKGROUND, font=_font(px), showlegend=False), **kwargs)


def _axis(title, px, **kwargs):
    """A visible axis: dark ticks and title (plotly's grey in Streamlit's theme is 3.7:1),
    room made by plotly itself (automargin), at most MAX_TICKS ticks written in full
    ("10,000", not "10k"; plot.py sets the language's marks)."""
    return dict(dict(title=dict(text=title, font=_font(px), standoff=px // 2),
                     tickfont=_font(px, MUTED), color=MUTED, gridcolor=GRID,
                     zeroline=False, automargin=True, nticks=MAX_TICKS, exponentformat="none",
                     separatethousands=True), **kwargs)


def _top_legend(px):
    """A legend above the plot: axis titles are left and below, so they never meet it."""
    return dict(orientation="h", x=0, xanchor="left", y=1.02, yanchor="bottom",
                font=_font(px), bgcolor="rgba(255,255,255,0)")


def _curves_layout(x_title, y_title, height, px, **kwargs):
    return _plain_layout(height, px, xaxis=_axis(x_title, px, rangemode="nonnegative"),
                         yaxis=_axis(y_title, px), **kwargs)


def log_axis(values, tick):
    """A log axis over ``values`` (all above 0) ticked at powers of ten only (plotly's
    in-between "2", "5" read as values), at most MAX_TICKS of them however many decades,
    each written by ``tick`` (the page's number formatting)."""
    values = np.asarray(values, dtype=float)
    ticks = log_ticks(10.0 ** np.floor(np.log10(values.min())),
                      10.0 ** np.ceil(np.log10(values.max())), MAX_TICKS - 1)
    return dict(type="log", tickmode="array", tickvals=ticks, ticktext=[tick(v) for v in ticks])


# -- teaching views --------------------------------------------------------------------

SIGMOID_Y = (-0.08, 1.08)


def sigmoid_figure(z, outputs, row_names, labels, height=320, scale=1.0):
    """The sigmoid curve, each row's (z, output) on it and the slope there as a short line.
    The z axis reaches past every row's z, however large; rows differ by colour, marker
    symbol and the slope's dash, and are named in a legend above."""
    px = font_px(scale)
    z = np.asarray(z, dtype=float)
    outputs = np.asarray(outputs, dtype=float)
    big = float(np.abs(z[np.isfinite(z)]).max()) if np.isfinite(z).any() else 0.0
    reach = max(6.0, 1.1 * big + 1.0)
    grid = np.linspace(-reach, reach, 241)
    if reach > 8:  # keep the bend drawn smoothly when the axis is wide
        grid = np.union1d(grid, np.linspace(-8, 8, 161))
    with np.errstate(over="ignore"):
        curve = OUTPUT.output(grid)
    data = [_scatter(x=grid, y=curve, mode="lines", line=dict(color=NEUTRAL, width=2))]
    for k, (zk, ak, name) in enumerate(zip(z, outputs, row_names)):
        style = series_style(k)
        slope = float(OUTPUT.slope(ak, zk))
        # the slope's line stays inside the axes: shorter where it is steep
        half = reach / 12
        if slope > 0:
            half = min(half, (SIGMOID_Y[1] - ak) / slope, (ak - SIGMOID_Y[0]) / slope)
        data.append(_scatter(x=[zk - half, zk + half],
                             y=[ak - slope * half, ak + slope * half], mode="lines",
                             line=dict(width=4, **style)))
        name = safe(name)
        data.append(dict(
            type="scatter", x=[float(zk)], y=[float(ak)], mode="markers", name=name,
            customdata=[slope],  # formatted by plotly, with the page's decimal mark
            marker=dict(size=12, color=style["color"], symbol=SYMBOLS[k % len(SYMBOLS)],
                        line=dict(width=1, color=INK)),
            hovertemplate=f"{name}<br>z = %{{x:.5g}}<br>σ = %{{y:.5g}}<br>"
                          f"{safe(labels['slope'])} = %{{customdata:.5g}}<extra></extra>"))
    layout = _plain_layout(height, px, showlegend=True, legend=_top_legend(px),
                           xaxis=_axis("z", px, range=[-reach, reach]),
                           yaxis=_axis("σ(z)", px, range=list(SIGMOID_Y)))
    return RawFigure(dict(data=data, layout=layout))


BOUNDARY_SCALE = [[0.0, NEGATIVE], [0.5, BACKGROUND], [1.0, POSITIVE]]


def clip_line(line, box):
    """The straight line through ``line``'s first and last points, from edge to edge of
    ``box`` (x0, x1, y0, y1); None if it misses the box."""
    (x, y), (x0, x1, y0, y1) = line, box
    p = np.array([x[0], y[0]], dtype=float)
    d = np.array([x[-1] - x[0], y[-1] - y[0]], dtype=float)
    if not d.any():
        return line
    lo, hi = -np.inf, np.inf
    for k, (a, b) in enumerate(((x0, x1), (y0, y1))):
        if d[k] == 0:
            if not a <= p[k] <= b:
                return None
            continue
        t0, t1 = sorted(((a - p[k]) / d[k], (b - p[k]) / d[k]))
        lo, hi = max(lo, t0), min(hi, t1)
    if lo > hi:
        return None
    ends = [p + lo * d, p + hi * d]
    return [float(e[0]) for e in ends], [float(e[1]) for e in ends]


def boundary_figure(xs, ys, outputs, points, labels, line=None, height=420, scale=1.0,
                    regression=False):
    """The network's output over a grid (``outputs`` is len(ys) x len(xs)), the table's
    rows as small points (``points``: x, y, target, name arrays and optionally a test-row
    mask; training rows filled, test rows hollow; circles in blue for target 1, squares in
    orange for 0) and, for one neuron, the line where the output is 0.5 (``line``: points
    on it; drawn straight across the whole plotted area). ``regression``: continuous
    targets, drawn in the output's colours, with no 0.5 contour and no target legend."""
    px = font_px(scale)
    # one contour trace, coloured like a heatmap, draws both the output and its 0.5 line:
    # the grid is sent once, rounded (it is most of a Step's bytes)
    data = [
        dict(type="contour", x=xs, y=ys, z=np.round(outputs, 4), zmin=0, zmax=1,
             colorscale=BOUNDARY_SCALE,
             colorbar=dict(title=dict(text=safe(labels["output"]), font=_font(px)),
                           tickfont=_font(px, MUTED), thickness=14),
             contours=dict(start=0.5, end=0.5, size=1, coloring="heatmap",
                           showlines=not regression),
             line=dict(color=INK, width=1.5, dash="dot"),
             hovertemplate="%{x:.3g}, %{y:.3g}: %{z:.4f}<extra></extra>"),
    ]
    box = (xs[0], xs[-1], ys[0], ys[-1])
    line = clip_line(line, box) if line is not None else None
    if line is not None:
        data.append(_scatter(x=line[0], y=line[1], mode="lines", line=dict(color=INK, width=3)))
    px_, py, target, names = points[:4]
    test = np.asarray(points[4], dtype=bool) if len(points) > 4 else np.zeros(len(px_), bool)
    groups = [(~test, ""), (test, "-open")] if test.any() else [(~test, "")]
    for rows, hollow in groups:
        if regression:  # no shape per target: test rows are squares, filled
            kinds = [(rows, "square" if hollow else "circle", target[rows],
                      labels["test" if hollow else "train"])]
            hollow = ""
        else:
            suffix = f" ({labels['test']})" if hollow else ""
            kinds = [(rows & (np.round(target) == value), symbol, colour,
                      f"{labels['target']} {value}{suffix}")
                     for value, symbol, colour in ((1, "circle", POSITIVE),
                                                   (0, "square", NEGATIVE))]
        for mask, symbol, colour, name in kinds:
            marker = dict(symbol=symbol + hollow, size=9 if hollow else 8, color=colour)
            if regression:
                marker.update(colorscale=BOUNDARY_SCALE, cmin=0, cmax=1,
                              line=dict(width=1, color=INK))
            else:
                marker["line"] = dict(width=2 if hollow else 1,
                                      color=colour if hollow else BACKGROUND)
            data.append(dict(
                type="scatter", x=px_[mask], y=py[mask], mode="markers", name=name,
                text=[safe(names[k]) for k in np.flatnonzero(mask)],
                hovertemplate="%{text}: (%{x:.3g}, %{y:.3g})<extra></extra>", marker=marker))
    layout = _plain_layout(height, px, showlegend=True, legend=_top_legend(px),
                           xaxis=_axis(safe(labels["x"]), px, range=[xs[0], xs[-1]],
                                       constrain="domain", showgrid=False),
                           yaxis=_axis(safe(labels["y"]), px, range=[ys[0], ys[-1]],
                                       scaleanchor="x", scaleratio=1, constrain="domain",
                                       showgrid=False))
    return RawFigure(dict(data=data, layout=layout))


def sweep_figure(iterations, loss, names, fits, labels, log=True, height=340, scale=1.0,
                 tick=str):
    """Every run's loss curve, each its own colour and dash, named in a legend beside the
    plot; a run that fits the table is drawn thicker and its name says so (``labels``'
    ``fits`` and ``misses`` follow each name). ``tick`` writes a log axis' tick values."""
    px = font_px(scale)
    data = []
    for k, name in enumerate(names):
        said = safe(f"{name}: {labels['fits' if fits[k] else 'misses']}")
        data.append(dict(type="scatter", x=iterations, y=loss[k], mode="lines", name=said,
                         opacity=0.9, line=dict(width=2.6 if fits[k] else 1.4,
                                                **series_style(k)),
                         hovertemplate=f"{said}<br>%{{x}}: %{{y:.5g}}<extra></extra>"))
    layout = _curves_layout(labels["iteration_axis"], labels["loss_axis"], height, px,
                            showlegend=True,
                            legend=dict(font=_font(px), bgcolor="rgba(255,255,255,0)"))
    if log and (loss > 0).all():
        layout["yaxis"].update(log_axis(loss, tick))
    return RawFigure(dict(data=data, layout=layout))
