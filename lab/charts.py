"""Chart builders: numbers in, a plotly figure out. No Streamlit here.

Figures are written as plain plotly.js specs (dicts) and handed over as ``RawFigure``:
validating graph objects cost more server time than everything else on the page put
together (measured: 35 to 85 ms per chart per click, seconds per Run stretch), and one
server process serves the whole class. ``fig.to_dict()`` gives the spec.

``labels`` arguments are dicts of already-translated strings, so these functions know
nothing about languages.
"""

import numpy as np
import plotly.graph_objects as go

# Okabe-Ito blue and orange: a diverging pair colour-blind readers tell apart.
POSITIVE = "#0072B2"
NEGATIVE = "#E69F00"
NEUTRAL = "#888888"
# Okabe-Ito: eight colours that stay distinct for colour-blind readers.
LINE_COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
                "#000000"]
MAX_POINTS = 2_000
RUN_POINTS = 400  # per faded curve in the Run animation, where every byte is resent
MAX_DRAWN_EDGES = 160
MAX_LABELLED_EDGES = 24
FONT = dict(size=15)
GRID = dict(gridcolor="#e5e5e5", zeroline=False)


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

    @property
    def traces(self):
        return self._spec["data"]

    @property
    def spec_layout(self):
        return self._spec["layout"]


def safe(text):
    """Text as plotly shows it literally: plotly reads a few HTML tags in text, and column
    names come from users."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def thin(n, most=MAX_POINTS):
    """Indices of at most ``most`` of ``n`` points, evenly spread, first and last kept."""
    if n <= most:
        return np.arange(n)
    return np.unique(np.linspace(0, n - 1, most).round().astype(int))


def _scatter(**kwargs):
    return dict(type="scatter", hoverinfo="skip", showlegend=False, **kwargs)


def _plain_layout(height, **kwargs):
    return dict(height=height, margin=dict(l=10, r=10, t=10, b=10), plot_bgcolor="white",
                font=FONT, showlegend=False, **kwargs)


# -- the network diagram ---------------------------------------------------------------

def node_positions(sizes):
    """x, y of every neuron, layer by layer (inputs first)."""
    positions = []
    for layer, n in enumerate(sizes):
        ys = np.linspace(1, -1, n) * min(1.0, (n - 1) / 4) if n > 1 else np.zeros(1)
        positions.append([(float(layer), float(y)) for y in ys])
    return positions


def _edge_style(w, biggest):
    # relative to the largest weight, but tiny weights stay thin even when all are tiny
    width = 1.0 + 9.0 * min(1.0, abs(w) / max(biggest, 1.0))
    return width, POSITIVE if w >= 0 else NEGATIVE


def edge_traces(sizes, weights, texts):
    """One line per weight (its width the weight's size, its colour the sign), in
    layer, from-neuron, to-neuron order; then one text trace with ``texts`` on the lines."""
    positions = node_positions(sizes)
    biggest = max((float(np.abs(w).max()) for w in weights), default=1.0)
    traces, tx, ty = [], [], []
    for layer, w in enumerate(weights):
        for i, (x0, y0) in enumerate(positions[layer]):
            for j, (x1, y1) in enumerate(positions[layer + 1]):
                width, colour = _edge_style(float(w[i, j]), biggest)
                traces.append(_scatter(x=[x0, x1], y=[y0, y1], mode="lines",
                                       line=dict(width=width, color=colour)))
                # labels sit nearer the sending neuron, where the lines are further apart
                tx.append(x0 + 0.3 * (x1 - x0))
                ty.append(y0 + 0.3 * (y1 - y0))
    shown = len(texts) <= MAX_LABELLED_EDGES
    traces.append(_scatter(x=tx, y=ty, mode="text" if shown else "none", text=list(texts),
                           textfont=dict(size=13, color="#111", shadow="auto")))
    return traces


def node_traces(positions, node_labels):
    """One marker trace per layer, each neuron labelled."""
    traces = []
    last = len(positions) - 1
    for layer, nodes in enumerate(positions):
        neuron = layer > 0
        traces.append(_scatter(
            x=[x for x, _ in nodes], y=[y for _, y in nodes], mode="markers+text",
            text=[safe(t) for t in node_labels[layer]], cliponaxis=False,
            textposition="middle left" if layer == 0 else (
                "middle right" if layer == last else "top center"),
            textfont=dict(size=14, color="#111"),
            marker=dict(size=34 if neuron else 18, color="#f4f4f4" if neuron else "#333",
                        line=dict(width=2, color="#333"))))
    return traces


def _diagram_axes(n_layers, x="xaxis", y="yaxis", **x_extra):
    return {x: dict(visible=False, range=[-0.8, n_layers - 0.05], fixedrange=True, **x_extra),
            y: dict(visible=False, range=[-1.45, 1.5], fixedrange=True)}


def network_figure(sizes, weights, node_labels, edge_labels, layer_titles, height=380):
    """The network as a diagram.

    ``node_labels``: per layer, one text per neuron. ``edge_labels``: one text per
    weight in ``edge_traces`` order (already formatted). ``layer_titles``: one per layer.
    A network with more than 160 weights is drawn as its shape only.
    """
    positions = node_positions(sizes)
    if sum(w.size for w in weights) <= MAX_DRAWN_EDGES:
        data = edge_traces(sizes, weights, edge_labels)
    else:
        xs, ys = [], []
        for layer in range(len(sizes) - 1):
            for x0, y0 in positions[layer]:
                for x1, y1 in positions[layer + 1]:
                    xs += [x0, x1, None]
                    ys += [y0, y1, None]
        data = [_scatter(x=xs, y=ys, mode="lines", line=dict(width=0.5, color=NEUTRAL))]
    data += node_traces(positions, node_labels)
    notes = [dict(x=layer, y=1.25, text=title, showarrow=False,
                  font=dict(size=14, color="#555")) for layer, title in enumerate(layer_titles)]
    layout = _plain_layout(height, annotations=notes, **_diagram_axes(len(sizes)))
    return RawFigure(dict(data=data, layout=layout))


# -- curves ----------------------------------------------------------------------------

def _mode(n):
    return "lines+markers" if n <= 30 else "lines"


def _curves_layout(x_title, y_title, height, **kwargs):
    return _plain_layout(height, xaxis=dict(title=dict(text=x_title), rangemode="nonnegative",
                                            **GRID),
                         yaxis=dict(title=dict(text=y_title), **GRID), **kwargs)


# ticks at powers of ten only: plotly's in-between labels ("2", "5") read as values
LOG_AXIS = dict(type="log", dtick=1)


def loss_figure(iterations, loss, labels, log=False, height=300):
    """The loss at each recorded iteration, thinned to at most 2,000 points."""
    keep = thin(len(iterations))
    trace = dict(type="scatter", x=iterations[keep], y=loss[keep], mode=_mode(len(keep)),
                 line=dict(color=POSITIVE, width=2.5), name=labels["loss_axis"],
                 hovertemplate="%{x}: %{y:.6g}<extra></extra>")
    layout = _curves_layout(labels["iteration_axis"], labels["loss_axis"], height)
    if log:
        layout["yaxis"].update(LOG_AXIS)
    else:
        layout["yaxis"]["rangemode"] = "tozero"  # a loss is never negative
    return RawFigure(dict(data=[trace], layout=layout))


def weights_figure(iterations, series, names, labels, height=300):
    """One line per weight over the recorded iterations; ``series`` is entries x weights."""
    keep = thin(len(iterations))
    data = [dict(type="scatter", x=iterations[keep], y=series[keep, k], mode=_mode(len(keep)),
                 name=safe(name), line=dict(color=LINE_COLOURS[k % len(LINE_COLOURS)], width=2),
                 hovertemplate=f"{safe(name)}<br>%{{x}}: %{{y:.6g}}<extra></extra>")
            for k, name in enumerate(names)]
    layout = _curves_layout(labels["iteration_axis"], labels["weight_axis"], height)
    layout.update(showlegend=True, legend=dict(orientation="h", y=-0.25))
    return RawFigure(dict(data=data, layout=layout))


# -- the Run animation -----------------------------------------------------------------

def run_figure(sizes, frames, past, labels, node_labels, frame_ms=100, height=480):
    """Training as an animation the browser plays with no server traffic.

    ``frames``: dicts with ``iteration``, ``loss``, ``weights`` (per layer),
    ``series`` (the weights shown on the curve), ``edge_labels`` and ``title`` (already
    formatted). ``past``: ``iterations``, ``loss``, ``series`` (entries x weights), the
    curves up to the end of this stretch, drawn faded; markers run along them with the
    frames. Frames carry only what changes: line widths and colours, the weight labels,
    the markers and the status line.
    """
    first = frames[0]
    data = edge_traces(sizes, first["weights"], first["edge_labels"])
    n_edges = len(data) - 1
    data += node_traces(node_positions(sizes), node_labels)
    keep = thin(len(past["iterations"]), RUN_POINTS)
    its = past["iterations"][keep]
    data.append(_scatter(x=its, y=past["loss"][keep], mode="lines",
                         line=dict(color=POSITIVE, width=2), xaxis="x2", yaxis="y2"))
    for k in range(past["series"].shape[1]):
        data.append(_scatter(x=its, y=past["series"][keep, k], mode="lines", opacity=0.8,
                             line=dict(width=1.5, color=LINE_COLOURS[k % len(LINE_COLOURS)]),
                             xaxis="x3", yaxis="y3"))
    moving = len(data)
    data.append(_scatter(mode="markers", marker=dict(size=12, color="#111"), xaxis="x2",
                         yaxis="y2", **_loss_marker(first)))
    data.append(_scatter(mode="markers", marker=dict(size=9, color="#111"), xaxis="x3",
                         yaxis="y3", **_weight_markers(first)))
    data.append(_scatter(mode="text", x=[-0.75], y=[1.42], text=[first["title"]],
                         textposition="middle right", textfont=dict(size=18, color="#111"),
                         cliponaxis=False))
    animated = list(range(n_edges + 1)) + [moving, moving + 1, moving + 2]
    spec_frames = [dict(name=str(f["iteration"]), traces=animated,
                        data=_edge_updates(f["weights"], f["edge_labels"])
                        + [_loss_marker(f), _weight_markers(f), dict(text=[f["title"]])])
                   for f in frames]
    play = dict(frame=dict(duration=frame_ms, redraw=False), transition=dict(duration=0),
                fromcurrent=True, mode="immediate")
    pause = dict(frame=dict(duration=0, redraw=False), transition=dict(duration=0),
                 mode="immediate")
    layout = dict(
        height=height, margin=dict(l=10, r=10, t=10, b=100), plot_bgcolor="white",
        font=FONT, showlegend=False,
        **_diagram_axes(len(sizes), domain=[0, 0.52]),
        xaxis2=dict(domain=[0.6, 1], anchor="y2", **GRID),
        yaxis2=dict(domain=[0.58, 0.9], anchor="x2", title=dict(text=labels["loss_axis"]),
                    **GRID),
        xaxis3=dict(domain=[0.6, 1], anchor="y3", title=dict(text=labels["iteration_axis"]),
                    matches="x2", **GRID),
        yaxis3=dict(domain=[0, 0.45], anchor="x3", title=dict(text=labels["weight_axis"]),
                    **GRID),
        updatemenus=[dict(type="buttons", direction="left", x=0.0, y=-0.16, xanchor="left",
                          yanchor="top", showactive=False, buttons=[
                              dict(label=labels["play"], method="animate", args=[None, play]),
                              dict(label=labels["pause"], method="animate",
                                   args=[[None], pause])])],
        sliders=[dict(active=0, x=0.22, len=0.78, y=-0.16, yanchor="top",
                      currentvalue=dict(visible=False), pad=dict(t=0), steps=[
                          dict(method="animate", label=str(f["iteration"]),
                               args=[[str(f["iteration"])], pause]) for f in frames])])
    return RawFigure(dict(data=data, layout=layout, frames=spec_frames))


def _loss_marker(frame):
    return dict(x=[frame["iteration"]], y=[float(frame["loss"])])


def _weight_markers(frame):
    series = [float(v) for v in frame["series"]]
    return dict(x=[frame["iteration"]] * len(series), y=series)


def _edge_updates(weights, texts):
    biggest = max((float(np.abs(w).max()) for w in weights), default=1.0)
    updates = []
    for w in weights:
        for value in w.ravel().tolist():
            width, colour = _edge_style(value, biggest)
            updates.append(dict(line=dict(width=width, color=colour)))
    updates.append(dict(text=list(texts)))
    return updates


# -- teaching views --------------------------------------------------------------------

def sigmoid_figure(z, outputs, row_names, labels, height=320):
    """The sigmoid curve, each row's (z, output) on it and the slope there as a short line."""
    z = np.asarray(z, dtype=float)
    outputs = np.asarray(outputs, dtype=float)
    reach = min(40.0, max(6.0, float(np.abs(z).max()) + 1.0) if z.size else 6.0)
    grid = np.linspace(-reach, reach, 241)
    with np.errstate(over="ignore"):
        curve = 1 / (1 + np.exp(-grid))
    data = [_scatter(x=grid, y=curve, mode="lines", line=dict(color=NEUTRAL, width=2))]
    half = reach / 12
    for k, (zk, ak, name) in enumerate(zip(z, outputs, row_names)):
        colour = LINE_COLOURS[k % len(LINE_COLOURS)]
        slope = float(ak * (1 - ak))
        shown = float(np.clip(zk, -reach, reach))
        data.append(_scatter(x=[shown - half, shown + half],
                             y=[ak - slope * half, ak + slope * half], mode="lines",
                             line=dict(color=colour, width=4)))
        name = safe(name)
        data.append(dict(
            type="scatter", x=[shown], y=[float(ak)], mode="markers", name=name,
            customdata=[slope],  # formatted by plotly, with the page's decimal mark
            marker=dict(size=12, color=colour, line=dict(width=1, color="#111")),
            hovertemplate=f"{name}<br>z = %{{x:.5g}}<br>σ = %{{y:.5g}}<br>"
                          f"{safe(labels['slope'])} = %{{customdata:.5g}}<extra></extra>"))
    layout = _curves_layout("z", "σ(z)", height, legend=dict(orientation="h", y=-0.25))
    layout["showlegend"] = True
    layout["yaxis"]["range"] = [-0.08, 1.08]
    return RawFigure(dict(data=data, layout=layout))


BOUNDARY_SCALE = [[0.0, NEGATIVE], [0.5, "#ffffff"], [1.0, POSITIVE]]


def boundary_figure(xs, ys, outputs, points, labels, line=None, height=420):
    """The network's output over a grid (``outputs`` is len(ys) x len(xs)), the table's
    rows as points (``points``: x, y, target, name arrays; circles for target 1, crosses
    for 0) and, for one neuron, the line where the output is 0.5 (``line``: x, y)."""
    # one contour trace, coloured like a heatmap, draws both the output and its 0.5 line:
    # the grid is sent once, rounded (it is most of a Step's bytes)
    data = [
        dict(type="contour", x=xs, y=ys, z=np.round(outputs, 4), zmin=0, zmax=1,
             colorscale=BOUNDARY_SCALE,
             colorbar=dict(title=dict(text=safe(labels["output"])), thickness=14),
             contours=dict(start=0.5, end=0.5, size=1, coloring="heatmap"),
             line=dict(color="#111", width=1.5, dash="dot"),
             hovertemplate="%{x:.3g}, %{y:.3g}: %{z:.4f}<extra></extra>"),
    ]
    if line is not None:
        data.append(_scatter(x=line[0], y=line[1], mode="lines",
                             line=dict(color="#111", width=3)))
    px, py, target, names = points
    for value, symbol in ((1, "circle"), (0, "x")):
        mask = np.round(target) == value
        data.append(dict(
            type="scatter", x=px[mask], y=py[mask], mode="markers",
            name=f"{labels['target']} {value}",
            text=[safe(names[k]) for k in np.flatnonzero(mask)],
            hovertemplate="%{text}: (%{x:.3g}, %{y:.3g})<extra></extra>",
            marker=dict(symbol=symbol, size=16, color="#111",
                        line=dict(width=2, color="#ffffff"))))
    layout = _plain_layout(height, legend=dict(orientation="h", y=-0.18),
                           xaxis=dict(title=dict(text=safe(labels["x"])), range=[xs[0], xs[-1]],
                                      constrain="domain"),
                           yaxis=dict(title=dict(text=safe(labels["y"])), range=[ys[0], ys[-1]],
                                      scaleanchor="x", scaleratio=1))
    layout["showlegend"] = True
    return RawFigure(dict(data=data, layout=layout))


def sweep_figure(iterations, loss, names, fits, labels, log=True, height=340):
    """Every run's loss curve; runs that fit the table solid blue, the others dashed orange."""
    data = [dict(type="scatter", x=iterations, y=loss[k], mode="lines", name=name,
                 opacity=0.8, showlegend=False,
                 line=dict(color=POSITIVE if fits[k] else NEGATIVE, width=1.8,
                           dash="solid" if fits[k] else "dash"),
                 hovertemplate=f"{name}<br>%{{x}}: %{{y:.5g}}<extra></extra>")
            for k, name in enumerate(names)]
    layout = _curves_layout(labels["iteration_axis"], labels["loss_axis"], height)
    if log and (loss > 0).all():
        layout["yaxis"].update(LOG_AXIS)
    return RawFigure(dict(data=data, layout=layout))
