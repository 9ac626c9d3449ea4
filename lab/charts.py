"""Chart builders: numbers in, a plotly figure out. No Streamlit here.

Figures are written as plain plotly.js specs (dicts) and handed over as ``RawFigure``:
validating graph objects cost more server time than everything else on the page put
together (measured: 35 to 85 ms per chart per click, seconds per Run stretch), and one
server process serves the whole class. ``fig.to_dict()`` gives the spec.

``labels`` arguments are dicts of already-translated strings, so these functions know
nothing about languages.
"""

import html

import numpy as np
import plotly.graph_objects as go

# Colours, each checked in tests/test_palette.py: text >= 4.5:1 on white, lines and markers
# >= 3:1, series and signs >= 20 apart (CIEDE2000) in normal, deuteranopic and protanopic
# vision. Colour is never the only cue: series also differ by dash and symbol, signs by dash.
INK = "#111111"
MUTED = "#555555"
POSITIVE = "#0072B2"
NEGATIVE = "#D55E00"
NEUTRAL = "#767676"
MARK = INK
SERIES_COLOURS = ["#0072B2", "#D55E00", "#000000", "#449988", "#220066"]
DASHES = ["solid", "dash", "dot", "dashdot", "longdash", "longdashdot"]
SYMBOLS = ["circle", "square", "diamond", "triangle-up", "triangle-down", "cross", "star",
           "hexagon"]
GRID_COLOUR = "#e5e5e5"
NEGATIVE_DASH = "dot"

MAX_POINTS = 2_000
RUN_POINTS = 400  # per faded curve in the Run animation, where every byte is resent
MAX_DRAWN_EDGES = 160
MAX_LABELLED_EDGES = 32
PORT_GAP = 7  # px from a line's end to the labels: clear of a 10 px line's corners

# Type: 14 px at scale 1; presenter mode passes PRESENTER_SCALE for 18 px.
FONT_PX = 14
PRESENTER_SCALE = 1.3
# Text boxes for layout: plotly draws text with the browser's fonts, so widths are
# estimated generously (digits are about 0.57 em in Open Sans, plotly's first font).
CHAR_EM = 0.62
LINE_EM = 1.3


def font_px(scale=1.0):
    return round(FONT_PX * scale)


def text_width(text, px):
    """Estimated width in pixels of ``text`` (as given to plotly: entities count once)."""
    return CHAR_EM * px * len(html.unescape(str(text)))


def series_style(k):
    """Colour and dash of the k-th series: no two of the first 30 share both."""
    return dict(color=SERIES_COLOURS[k % len(SERIES_COLOURS)], dash=DASHES[k % len(DASHES)])


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


def _font(px, colour=INK):
    return dict(size=px, color=colour)


def _plain_layout(height, px, **kwargs):
    return dict(dict(height=height, margin=dict(l=10, r=10, t=10, b=10), plot_bgcolor="white",
                     paper_bgcolor="white", font=_font(px), showlegend=False), **kwargs)


def _axis(title, px, **kwargs):
    """A visible axis: dark ticks and title (plotly's grey in Streamlit's theme is 3.7:1),
    room made by plotly itself (automargin)."""
    return dict(dict(title=dict(text=title, font=_font(px), standoff=px // 2),
                     tickfont=_font(px, MUTED), color=MUTED, gridcolor=GRID_COLOUR,
                     zeroline=False, automargin=True), **kwargs)


def _top_legend(px):
    """A legend above the plot: axis titles are left and below, so they never meet it."""
    return dict(orientation="h", x=0, xanchor="left", y=1.02, yanchor="bottom",
                font=_font(px), bgcolor="rgba(255,255,255,0)")


# -- the network diagram ---------------------------------------------------------------
#
# Laid out in pixels (the axes' units are pixels at the diagram's natural width): each
# weight's label sits in a column left of the neuron it feeds, one line per weight in the
# order of the sending neurons, and the weight's line ends where its label begins. No line
# passes under a label and no label under a node.

class Geometry:
    """Where the diagram's parts go, in pixels (y up): ``nodes[layer]`` (x, y) and
    ``radius[layer]``; ``ports`` (where each weight's line ends: left of the column of
    labels beside the neuron it feeds) and ``label_points`` (where its label ends,
    right-aligned), one per weight in layer, from, to order; ``width`` x ``height``, the
    plot area at the natural size. Unlabelled, a neuron's lines meet at one port; with
    ``clear`` (not for a big network's shape), no line passes over a neuron."""

    def __init__(self, sizes, node_labels, edge_texts, px, labelled=True, clear=True):
        self.sizes, self.px, self.labelled = tuple(sizes), px, labelled
        self.line = line = round(LINE_EM * px)
        gap = line // 2
        last = len(sizes) - 1
        self.radius = [9 * px / FONT_PX] + [17 * px / FONT_PX] * last
        self.text_offset = [r / 0.8 + 1 for r in self.radius]  # plotly's, text to marker
        label_w = [max((text_width(t, px) for t in layer), default=0) for layer in node_labels]
        edge_w = max((text_width(t, px) for texts in edge_texts for t in texts), default=0)
        halves = [max(self.radius[0], line / 2)] + [
            max(self.radius[layer], line / 2 + max(abs(self.dy(layer, i))
                                                   for i in range(sizes[layer - 1])))
            for layer in range(1, last + 1)]
        own = [2 * halves[layer] + gap for layer in range(len(sizes))]
        tallest = max(h * n for h, n in zip(own, sizes))
        # short layers spread out a little: their lines then fan out less steeply
        items = [[max(h, 0.7 * tallest / n)] * n for h, n in zip(own, sizes)]
        self.title_y = max(sum(col) for col in items) + line / 2
        self.height = self.title_y + line
        ys = []
        for col in items:
            top = (self.title_y - line / 2 + sum(col)) / 2
            ys.append((top - np.cumsum(col) + np.asarray(col) / 2).tolist())
        xs = [10 + label_w[0] + self.text_offset[0]]
        self.port_x = [None]
        for layer in range(1, last + 1):
            room = self._edge_room(ys[layer - 1], ys[layer], layer) if clear else \
                4.0 * line
            port = xs[-1] + self.radius[layer - 1] + room
            column = (edge_w if labelled else 0) + gap + self.radius[layer]
            if layer < last:  # a hidden neuron's label, left of it
                column = max(column, label_w[layer] + self.text_offset[layer])
            self.port_x.append(port)
            xs.append(port + column)
        self.width = xs[-1] + self.text_offset[-1] + label_w[-1] + 10
        # to a tenth of a pixel: the coordinates are resent with every Step and Run frame
        self.nodes = [[(round(xs[layer], 1), round(y, 1)) for y in ys[layer]]
                      for layer in range(len(sizes))]
        self.ports, self.label_points = [], []
        for layer in range(1, last + 1):
            for i in range(sizes[layer - 1]):
                for x, y in self.nodes[layer]:
                    y += self.dy(layer, i)
                    y = round(y, 1)
                    self.ports.append((round(self.port_x[layer] - PORT_GAP, 1), y))
                    self.label_points.append((round(x - self.radius[layer] - gap, 1), y))

    def __repr__(self):
        return (f"Geometry({list(self.sizes)}, {self.width:.0f} x {self.height:.0f} px, "
                f"{'labelled' if self.labelled else 'unlabelled'})")

    def dy(self, layer, i):
        """The height, from its neuron, of the label of the weight from neuron ``i`` of the
        layer before: in sending order, a hidden neuron's own label in the middle line."""
        if not self.labelled:
            return 0.0
        m = self.sizes[layer - 1]
        if layer == len(self.sizes) - 1:
            return ((m - 1) / 2 - i) * self.line
        mid = m // 2
        return (mid - (i if i < mid else i + 1)) * self.line

    def _edge_room(self, senders, receivers, layer):
        """Room for the lines into ``layer``: four lines of type at least, more until no
        line passes over another sending neuron (its disk, outline and half a thick line)."""
        r = self.radius[layer - 1]
        senders = np.asarray(senders)
        ends = np.array([[y + self.dy(layer, i), i] for y in receivers
                         for i in range(len(senders))])
        ty, i = ends[:, :1], ends[:, 1:].astype(int)
        up = senders[None, :] - senders[i]  # from each line's start to every sending neuron
        rise = ty - senders[i]
        others = np.arange(len(senders))[None, :] != i
        room = 4.0 * self.line
        while room < 50 * self.line:
            run = r + room - PORT_GAP  # to the line's end
            t = np.clip(up * rise / (run ** 2 + rise ** 2), 0, 1)
            near = np.hypot(t * run, up - t * rise)
            if (near[others] >= r + 8).all():
                return room
            room *= 1.15
        return room


def _edge_style(w, biggest):
    # relative to the largest weight, but tiny weights stay thin even when all are tiny;
    # a negative weight is dotted as well as orange
    width = 1.0 + 9.0 * min(1.0, abs(w) / max(biggest, 1.0))
    if w >= 0:
        return dict(width=width, color=POSITIVE, dash="solid")
    return dict(width=width, color=NEGATIVE, dash=NEGATIVE_DASH)


def edge_traces(geometry, weights, texts):
    """One line per weight (its width the weight's size, its colour and dash the sign), in
    layer, from-neuron, to-neuron order, each ending at its label; then one text trace with
    the labels (``texts``)."""
    biggest = max((float(np.abs(w).max()) for w in weights), default=1.0)
    traces, k = [], 0
    for layer, w in enumerate(weights):
        for i, (x0, y0) in enumerate(geometry.nodes[layer]):
            for j in range(w.shape[1]):
                x1, y1 = geometry.ports[k]
                traces.append(_scatter(x=[x0, x1], y=[y0, y1], mode="lines",
                                       line=_edge_style(float(w[i, j]), biggest)))
                k += 1
    tx, ty = zip(*geometry.label_points) if geometry.label_points else ((), ())
    traces.append(_scatter(x=list(tx), y=list(ty), mode="text" if geometry.labelled else "none",
                           text=list(texts), textposition="middle left", cliponaxis=False,
                           textfont=_font(geometry.px)))
    return traces


def node_traces(geometry, node_labels):
    """One marker trace per layer, each neuron labelled: inputs and hidden neurons on their
    left, outputs on their right."""
    traces = []
    last = len(geometry.nodes) - 1
    for layer, nodes in enumerate(geometry.nodes):
        neuron = layer > 0
        traces.append(_scatter(
            x=[x for x, _ in nodes], y=[y for _, y in nodes], mode="markers+text",
            text=[safe(t) for t in node_labels[layer]], cliponaxis=False,
            textposition="middle right" if layer == last else "middle left",
            textfont=_font(geometry.px),
            marker=dict(size=2 * geometry.radius[layer],
                        color="#f4f4f4" if neuron else "#333333",
                        line=dict(width=2, color="#333333"))))
    return traces


def _shape_traces(geometry):
    """Every weight as one thin grey line, all in one trace: a big network's shape."""
    xs, ys, k = [], [], 0
    for layer in range(len(geometry.nodes) - 1):
        for x0, y0 in geometry.nodes[layer]:
            for _ in geometry.nodes[layer + 1]:
                x1, y1 = geometry.ports[k]
                xs += [x0, x1, None]
                ys += [y0, y1, None]
                k += 1
    return [_scatter(x=xs, y=ys, mode="lines", line=dict(width=0.5, color=NEUTRAL))]


def _diagram_axes(geometry, height, x="xaxis", y="yaxis", **x_extra):
    """Axes in the geometry's pixels, centred in a plot area ``height`` pixels tall; a
    unit is as wide as it is tall, so a wider chart centres the diagram, never stretches it."""
    extra = max(0.0, height - geometry.height) / 2
    return {x: dict(visible=False, range=[0, geometry.width], fixedrange=True,
                    scaleanchor=y.replace("axis", ""), scaleratio=1, constrain="domain",
                    **x_extra),
            y: dict(visible=False, range=[-extra, geometry.height + extra], fixedrange=True,
                    constrain="domain")}


def _titles(geometry, layer_titles, xref="x", yref="y"):
    return [dict(x=geometry.nodes[layer][0][0], y=geometry.title_y, xref=xref, yref=yref,
                 text=title, showarrow=False, font=_font(geometry.px, MUTED))
            for layer, title in enumerate(layer_titles)]


def network_figure(sizes, weights, node_labels, edge_labels, layer_titles, height=380,
                   scale=1.0):
    """The network as a diagram.

    ``node_labels``: per layer, one text per neuron. ``edge_labels``: one text per
    weight in ``edge_traces`` order (already formatted). ``layer_titles``: one per layer.
    Each weight's label is written left of the neuron it feeds; the figure is at least as
    tall as its labels need (``height`` or more); ``layout.meta.min_width`` is the width
    below which they would meet (wider is fine). More than 32 weights are drawn unlabelled,
    more than 160 as the network's shape only.
    """
    drawn = sum(w.size for w in weights) <= MAX_DRAWN_EDGES
    labelled = drawn and len(edge_labels) <= MAX_LABELLED_EDGES
    geometry = Geometry(sizes, node_labels, [edge_labels], font_px(scale), labelled, drawn)
    data = edge_traces(geometry, weights, edge_labels) if drawn else _shape_traces(geometry)
    data += node_traces(geometry, node_labels)
    height = max(height, round(geometry.height) + 20)
    layout = _plain_layout(height, geometry.px, annotations=_titles(geometry, layer_titles),
                           meta=dict(min_width=round(geometry.width) + 20),
                           **_diagram_axes(geometry, height - 20))
    return RawFigure(dict(data=data, layout=layout))


# -- curves ----------------------------------------------------------------------------

def _mode(n):
    return "lines+markers" if n <= 30 else "lines"


def _curves_layout(x_title, y_title, height, px, **kwargs):
    return _plain_layout(height, px, xaxis=_axis(x_title, px, rangemode="nonnegative"),
                         yaxis=_axis(y_title, px), **kwargs)


# ticks at powers of ten only: plotly's in-between labels ("2", "5") read as values
LOG_AXIS = dict(type="log", dtick=1)


def loss_figure(iterations, loss, labels, log=False, height=300, scale=1.0):
    """The loss at each recorded iteration, thinned to at most 2,000 points."""
    px = font_px(scale)
    keep = thin(len(iterations))
    trace = dict(type="scatter", x=iterations[keep], y=loss[keep], mode=_mode(len(keep)),
                 line=dict(color=POSITIVE, width=2.5), marker=dict(color=POSITIVE),
                 name=labels["loss_axis"], hovertemplate="%{x}: %{y:.6g}<extra></extra>")
    layout = _curves_layout(labels["iteration_axis"], labels["loss_axis"], height, px)
    if log:
        layout["yaxis"].update(LOG_AXIS)
    else:
        layout["yaxis"]["rangemode"] = "tozero"  # a loss is never negative
    return RawFigure(dict(data=[trace], layout=layout))


def weights_figure(iterations, series, names, labels, height=300, scale=1.0):
    """One line per weight over the recorded iterations; ``series`` is entries x weights.
    Each weight has its own colour, dash and marker symbol, named in a legend above."""
    px = font_px(scale)
    keep = thin(len(iterations))
    data = [dict(type="scatter", x=iterations[keep], y=series[keep, k], mode=_mode(len(keep)),
                 name=safe(name), line=dict(width=2, **series_style(k)),
                 marker=dict(symbol=SYMBOLS[k % len(SYMBOLS)], size=7,
                             color=series_style(k)["color"]),
                 hovertemplate=f"{safe(name)}<br>%{{x}}: %{{y:.6g}}<extra></extra>")
            for k, name in enumerate(names)]
    layout = _curves_layout(labels["iteration_axis"], labels["weight_axis"], height, px)
    layout.update(showlegend=True, legend=_top_legend(px))
    return RawFigure(dict(data=data, layout=layout))


# -- the Run animation -----------------------------------------------------------------

def _padded(lo, hi, pad=0.05):
    span = hi - lo if hi > lo else max(abs(hi), 1.0)
    return [lo - pad * span, hi + pad * span]


def _spread(ys, gap, lo, hi):
    """``ys`` (pixels) moved apart to ``gap`` from each other (less when [lo, hi] is too
    short for that), order kept, inside [lo, hi]: for names at the ends of curves."""
    order = np.argsort(ys)
    out = np.asarray(ys, dtype=float)[order]
    gap = min(gap, (hi - lo) / max(len(out) - 1, 1))  # more names than room: closer
    for k in range(1, len(out)):
        out[k] = max(out[k], out[k - 1] + gap)
    out -= max(0.0, out[-1] - hi) if len(out) else 0
    for k in range(len(out) - 2, -1, -1):
        out[k] = min(out[k], out[k + 1] - gap)
    out += max(0.0, lo - out[0]) if len(out) else 0
    result = np.empty_like(out)
    result[order] = out
    return result


def run_figure(sizes, frames, past, labels, node_labels, frame_ms=100, height=480, log=False,
               x_range=None, scale=1.0):
    """Training as an animation the browser plays with no server traffic.

    ``frames``: dicts with ``iteration``, ``loss``, ``weights`` (per layer),
    ``series`` (the weights shown on the curve), ``edge_labels`` and ``title`` (already
    formatted). ``past``: ``iterations``, ``loss``, ``series`` (entries x weights) and
    optionally ``names`` (one per series, written at each curve's end), the curves up to
    the end of this stretch, drawn faded; markers run along them with the frames. Frames
    carry only what changes: line widths, colours and dashes, the weight labels, the markers
    and the status line. ``log``: the loss on a log axis (when every loss is positive).
    ``x_range``: the iterations the curves' axis spans (e.g. 0 to the iteration target, so
    it stays put from one stretch to the next); widened if a point falls outside. Controls
    sit above the plots, axis titles left and below, curve names right: none meet.
    ``layout.meta.min_width``: the width below which the diagram's labels would meet.
    """
    px = font_px(scale)
    line = round(LINE_EM * px)
    first = frames[0]
    geometry = Geometry(sizes, node_labels, [f["edge_labels"] for f in frames], px,
                        len(first["edge_labels"]) <= MAX_LABELLED_EDGES)
    data = edge_traces(geometry, first["weights"], first["edge_labels"])
    n_edges = len(data) - 1
    data += node_traces(geometry, node_labels)
    keep = thin(len(past["iterations"]), RUN_POINTS)
    its = past["iterations"][keep]
    data.append(_scatter(x=its, y=past["loss"][keep], mode="lines",
                         line=dict(color=POSITIVE, width=2), xaxis="x2", yaxis="y2"))
    series = np.asarray(past["series"], dtype=float)
    for k in range(series.shape[1]):
        data.append(_scatter(x=its, y=series[keep, k], mode="lines", opacity=0.8,
                             line=dict(width=1.5, **series_style(k)), xaxis="x3", yaxis="y3"))
    moving = len(data)
    data.append(_scatter(mode="markers", marker=dict(size=12, color=MARK), xaxis="x2",
                         yaxis="y2", **_loss_marker(first)))
    data.append(_scatter(mode="markers", marker=dict(size=9, color=MARK), xaxis="x3",
                         yaxis="y3", **_weight_markers(first)))
    status_px = round(1.15 * px)
    status_y = geometry.height + line / 2
    data.append(_scatter(mode="text", x=[0], y=[status_y], text=[first["title"]],
                         textposition="middle right", textfont=_font(status_px),
                         cliponaxis=False))
    animated = list(range(n_edges + 1)) + [moving, moving + 1, moving + 2]
    spec_frames = [dict(name=str(f["iteration"]), traces=animated,
                        data=_edge_updates(f["weights"], f["edge_labels"])
                        + [_loss_marker(f), _weight_markers(f), dict(text=[f["title"]])])
                   for f in frames]

    # every number any frame shows, for ranges that hold them all
    losses = np.concatenate([np.asarray(past["loss"], dtype=float),
                             [float(f["loss"]) for f in frames]])
    values = np.concatenate([series.ravel(), np.concatenate(
        [np.asarray(f["series"], dtype=float).ravel() for f in frames])])
    iterations = np.concatenate([np.asarray(past["iterations"]), [f["iteration"] for f in frames]])
    lo, hi = x_range if x_range is not None else (0, iterations.max())
    x_span = _padded(min(lo, iterations.min()), max(hi, iterations.max()), 0.02)
    log = log and bool((losses > 0).all())
    if log:
        loss_axis = dict(range=_padded(np.log10(losses.min()), np.log10(losses.max())),
                         **LOG_AXIS)
    else:
        loss_axis = dict(range=[0, _padded(0, losses.max())[1]])
    weight_span = _padded(values.min(), values.max())

    # pixels: controls above, the iteration axis below, curve names right
    tick_band = 6 + line
    controls = 2 * line + 26  # the slider's rail and handle (about 18 px) and its labels
    top = controls + 8
    bottom = tick_band + line + px // 2 + 8
    names = [safe(n) for n in past.get("names", [])][: series.shape[1]]
    right = 12 + max((text_width(n, px) for n in names), default=0) + 2 * px
    status_w = max(text_width(f["title"], status_px) for f in frames)
    diagram_w = max(geometry.width, status_w)
    plot_h = max(height - top - bottom, geometry.height + line)
    y_gap = 24 + text_width("−0.001", px) + line  # tick labels and a title between plots
    curves_w = 240 * scale  # the least room for the curves; more when the chart is wider
    plot_w = diagram_w + y_gap + curves_w
    split = diagram_w / plot_w
    gap = (tick_band + 12) / plot_h
    weights_top = (1 - gap) / 2
    height = round(plot_h + top + bottom)
    label_ys = _spread((series[-1] - weight_span[0]) / (weight_span[1] - weight_span[0])
                       * weights_top * plot_h, line, 0, weights_top * plot_h) \
        if names else []
    notes = [dict(xref="paper", yref="y3", x=1, xanchor="left", xshift=6, showarrow=False,
                   y=weight_span[0] + yp / (weights_top * plot_h)
                   * (weight_span[1] - weight_span[0]),
                   text=f'<span style="color:{series_style(k)["color"]}">━</span> {name}',
                   font=_font(px)) for k, (name, yp) in enumerate(zip(names, label_ys))]
    play = dict(frame=dict(duration=frame_ms, redraw=False), transition=dict(duration=0),
                fromcurrent=True, mode="immediate")
    pause = dict(frame=dict(duration=0, redraw=False), transition=dict(duration=0),
                 mode="immediate")
    above = 1 + 4 / plot_h
    ends = {0, len(frames) - 1}
    diagram_axes = _diagram_axes(geometry, plot_h, domain=[0, split])
    diagram_axes["yaxis"]["range"][1] = max(diagram_axes["yaxis"]["range"][1],
                                            status_y + line / 2)
    layout = dict(
        _plain_layout(height, px), margin=dict(l=10, r=round(right), t=top, b=bottom),
        annotations=notes, meta=dict(min_width=round(plot_w + right + 10)),
        **diagram_axes,
        xaxis2=_axis("", px, domain=[split + y_gap / plot_w, 1], anchor="y2", range=x_span,
                     automargin=False),
        yaxis2=_axis(labels["loss_axis"], px, domain=[weights_top + gap, 1], anchor="x2",
                     automargin=False, **loss_axis),
        xaxis3=_axis(labels["iteration_axis"], px, domain=[split + y_gap / plot_w, 1],
                     anchor="y3", range=x_span, automargin=False),
        yaxis3=_axis(labels["weight_axis"], px, domain=[0, weights_top], anchor="x3",
                     range=weight_span, automargin=False),
        updatemenus=[dict(type="buttons", direction="left", x=0.0, y=above, xanchor="left",
                          yanchor="bottom", showactive=False, font=_font(px),
                          pad=dict(t=0, b=0, l=0, r=0), buttons=[
                              dict(label=labels["play"], method="animate", args=[None, play]),
                              dict(label=labels["pause"], method="animate",
                                   args=[[None], pause])])],
        sliders=[dict(active=0, x=0.22, len=0.78, y=above, yanchor="bottom",
                      currentvalue=dict(visible=False), pad=dict(t=0, b=0),
                      font=_font(px), steps=[
                          dict(method="animate", args=[[str(f["iteration"])], pause],
                               label=str(f["iteration"]) if k in ends else "")
                          for k, f in enumerate(frames)])])
    return RawFigure(dict(data=data, layout=layout, frames=spec_frames))


def _loss_marker(frame):
    return dict(x=[frame["iteration"]], y=[float(frame["loss"])])


def _weight_markers(frame):
    series = [float(v) for v in frame["series"]]
    return dict(x=[frame["iteration"]] * len(series), y=series)


def _edge_updates(weights, texts):
    biggest = max((float(np.abs(w).max()) for w in weights), default=1.0)
    updates = [dict(line=_edge_style(value, biggest)) for w in weights
               for value in w.ravel().tolist()]
    updates.append(dict(text=list(texts)))
    return updates


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
        curve = 1 / (1 + np.exp(-grid))
    data = [_scatter(x=grid, y=curve, mode="lines", line=dict(color=NEUTRAL, width=2))]
    for k, (zk, ak, name) in enumerate(zip(z, outputs, row_names)):
        style = series_style(k)
        slope = float(ak * (1 - ak))
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


BOUNDARY_SCALE = [[0.0, NEGATIVE], [0.5, "#ffffff"], [1.0, POSITIVE]]


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


def boundary_figure(xs, ys, outputs, points, labels, line=None, height=420, scale=1.0):
    """The network's output over a grid (``outputs`` is len(ys) x len(xs)), the table's
    rows as points (``points``: x, y, target, name arrays; circles for target 1, crosses
    for 0) and, for one neuron, the line where the output is 0.5 (``line``: points on it;
    drawn straight across the whole plotted area)."""
    px = font_px(scale)
    # one contour trace, coloured like a heatmap, draws both the output and its 0.5 line:
    # the grid is sent once, rounded (it is most of a Step's bytes)
    data = [
        dict(type="contour", x=xs, y=ys, z=np.round(outputs, 4), zmin=0, zmax=1,
             colorscale=BOUNDARY_SCALE,
             colorbar=dict(title=dict(text=safe(labels["output"]), font=_font(px)),
                           tickfont=_font(px, MUTED), thickness=14),
             contours=dict(start=0.5, end=0.5, size=1, coloring="heatmap"),
             line=dict(color=INK, width=1.5, dash="dot"),
             hovertemplate="%{x:.3g}, %{y:.3g}: %{z:.4f}<extra></extra>"),
    ]
    box = (xs[0], xs[-1], ys[0], ys[-1])
    line = clip_line(line, box) if line is not None else None
    if line is not None:
        data.append(_scatter(x=line[0], y=line[1], mode="lines", line=dict(color=INK, width=3)))
    px_, py, target, names = points
    for value, symbol in ((1, "circle"), (0, "x")):
        mask = np.round(target) == value
        data.append(dict(
            type="scatter", x=px_[mask], y=py[mask], mode="markers",
            name=f"{labels['target']} {value}",
            text=[safe(names[k]) for k in np.flatnonzero(mask)],
            hovertemplate="%{text}: (%{x:.3g}, %{y:.3g})<extra></extra>",
            marker=dict(symbol=symbol, size=16, color=MARK,
                        line=dict(width=2, color="#ffffff"))))
    layout = _plain_layout(height, px, showlegend=True, legend=_top_legend(px),
                           xaxis=_axis(safe(labels["x"]), px, range=[xs[0], xs[-1]],
                                       constrain="domain", showgrid=False),
                           yaxis=_axis(safe(labels["y"]), px, range=[ys[0], ys[-1]],
                                       scaleanchor="x", scaleratio=1, constrain="domain",
                                       showgrid=False))
    return RawFigure(dict(data=data, layout=layout))


def sweep_figure(iterations, loss, names, fits, labels, log=True, height=340, scale=1.0):
    """Every run's loss curve; runs that fit the table solid blue, the others dashed
    vermillion."""
    px = font_px(scale)
    data = [dict(type="scatter", x=iterations, y=loss[k], mode="lines", name=name,
                 opacity=0.8, showlegend=False,
                 line=dict(color=POSITIVE if fits[k] else NEGATIVE, width=1.8,
                           dash="solid" if fits[k] else "dash"),
                 hovertemplate=f"{name}<br>%{{x}}: %{{y:.5g}}<extra></extra>")
            for k, name in enumerate(names)]
    layout = _curves_layout(labels["iteration_axis"], labels["loss_axis"], height, px)
    if log and (loss > 0).all():
        layout["yaxis"].update(LOG_AXIS)
    return RawFigure(dict(data=data, layout=layout))
