"""The stage's pictures as plain shapes in pixels: the network diagram and the learning
curves, for the stage component (lab/stage.js) to draw as SVG. Numbers in, dicts out;
no Streamlit, no plotly.

Every position is worked out here, in a panel of nominal size (``PANEL``), so the rules a
person checks by eye are checked by tests: every point inside its plot, no label on a node,
a line or another label. The browser scales each panel to the width it has.

During Run the browser plays ``frames``: per frame only what moves (line widths and signs,
weight labels, the markers on the curves, how far the curves are drawn, the status line).
"""

import base64
import math

import numpy as np

from .palette import NEGATIVE, POSITIVE, dasharray, series_style

PANEL = (480, 380)  # nominal width, height of each panel, in px
MAX_POINTS = 300  # per curve on the stage: enough for a 480 px plot, cheap to resend
MAX_LABELLED = 24  # weights labelled on the diagram (more would cover it)
MAX_DRAWN = 160  # weights drawn one by one (more: the shape only)
MAX_NAMED_SERIES = 8  # weight curves named at their end (more: unnamed)
CHAR = 0.58  # average glyph width, in font sizes, for label boxes
# where along a line its label may sit, nearest the sending neuron first
CANDIDATES = (0.3, 0.38, 0.22, 0.46, 0.14, 0.54, 0.62, 0.7, 0.78, 0.86)


# Presenter mode's text scale on the stage. Sizes here are px of a nominal panel that the
# browser shrinks to fit (to about 0.83 on a 1280x720 projector), so the stage needs more
# than the plotly charts' PRESENTER_SCALE to reach 18 px on screen.
PRESENTER = 1.55


def font_sizes(scale):
    """Text sizes in nominal px for normal (scale 1) and presenter mode (larger)."""
    return dict(label=round(14 * scale), node=round(15 * scale), tick=round(13 * scale),
                title=round(14 * scale), status=round(16 * scale))


# -- the diagram ---------------------------------------------------------------------------

STATUS = 30  # px at the diagram's top for the status line


def diagram_height(sizes):
    """A small network gets a shorter panel (no empty band above and below it)."""
    return int(min(PANEL[1], max(230, 34 + STATUS + 16 + 62 * max(sizes))))


def node_positions(sizes, width=PANEL[0], height=PANEL[1], left=70, right=90, top=34 + STATUS,
                   bottom=16):
    """x, y (px) of every neuron, layer by layer, inputs first."""
    span = width - left - right
    layers = len(sizes)
    out = []
    most = max(sizes)
    gap = min(62.0, (height - top - bottom) / max(most, 1))
    for layer, n in enumerate(sizes):
        x = left + span * layer / max(layers - 1, 1)
        mid = top + (height - top - bottom) / 2
        out.append([(x, mid + (k - (n - 1) / 2) * gap) for k in range(n)])
    return out


def node_radius(sizes, height=PANEL[1]):
    return max(6.0, min(16.0, (height - 60) / max(sizes) / 2.6))


def edge_width(w, biggest):
    """Line width for a weight: its size relative to the largest (tiny weights stay thin)."""
    return round(1.0 + 7.0 * min(1.0, abs(w) / max(biggest, 1.0)), 2)


def _box(x, y, text, size, anchor):
    w = len(text) * size * CHAR + 4
    h = size + 4
    x0 = {"start": x, "middle": x - w / 2, "end": x - w}[anchor]
    return (x0, y - h / 2, x0 + w, y + h / 2)


def _overlap(a, b):
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _segment_hits_box(p, q, box):
    """Does the segment p-q pass through the rectangle (Liang-Barsky clipping)?"""
    (x0, y0), (x1, y1) = p, q
    dx, dy = x1 - x0, y1 - y0
    t0, t1 = 0.0, 1.0
    for d, lo, hi, start in ((dx, box[0], box[2], x0), (dy, box[1], box[3], y0)):
        if d == 0:
            if not lo <= start <= hi:
                return False
            continue
        a, b = (lo - start) / d, (hi - start) / d
        a, b = min(a, b), max(a, b)
        t0, t1 = max(t0, a), min(t1, b)
        if t0 > t1:
            return False
    return True


def _circle_box(x, y, r):
    return (x - r, y - r, x + r, y + r)


def place_edge_labels(positions, radius, texts, size):
    """A spot for each weight's label, beside its own line: on no node, no other line and
    no other label, nearest the sending neuron where lines are furthest apart. ``texts``
    are the longest labels the stretch will show (boxes are sized for them). Returns
    (x, y, anchor) per edge, or None for an edge with no free spot."""
    edges = [(p, q) for a, b in zip(positions, positions[1:]) for p in a for q in b]
    nodes = [_circle_box(x, y, radius + 2) for layer in positions for x, y in layer]
    taken, spots = [], []
    for (p, q), text in zip(edges, texts):
        dx, dy = q[0] - p[0], q[1] - p[1]
        length = math.hypot(dx, dy)
        ux, uy = dx / length, dy / length
        nx, ny = (uy, -ux) if ux >= 0 else (-uy, ux)  # the normal pointing up the screen
        box0 = _box(0, 0, text, size, "middle")
        half_w, half_h = (box0[2] - box0[0]) / 2, (box0[3] - box0[1]) / 2
        # far enough from its own line that the box clears it (and its widest stroke)
        off = half_w * abs(uy) + half_h * abs(ux) + 5
        found = None
        for t in CANDIDATES:
            for side in (1, -1):
                x = p[0] + t * dx + side * nx * off
                y = p[1] + t * dy + side * ny * off
                box = _box(x, y, text, size, "middle")
                if any(_overlap(box, o) for o in nodes + taken):
                    continue
                if any(_segment_hits_box(a, b, box) for a, b in edges):
                    continue
                found = (round(x, 1), round(y, 1), "middle")
                taken.append(box)
                break
            if found:
                break
        spots.append(found)
    return spots


MAP_SIZE = 32  # heatmap cells per side: a neuron's output over the input plane


def node_maps(maps, kinds):
    """Each neuron's heatmap as bytes 0..255 in base64 (row 0 at the top), for the browser
    to paint: ``maps`` per layer (neurons, size, size) as ``lesson.node_maps`` gives them,
    ``kinds`` per layer the activation's output range ((0, 1), (-1, 1)) or None (scaled to
    the map's own range)."""
    out = []
    for layer, span in zip(maps, kinds):
        for m in layer:
            lo, hi = span if span else (float(m.min()), float(m.max()))
            q = np.clip((m - lo) / ((hi - lo) or 1.0), 0, 1)
            out.append(base64.b64encode(np.round(q[::-1] * 255).astype(np.uint8).tobytes())
                       .decode())
    return out


def diagram(sizes, weights, node_labels, layer_titles, edge_texts, edge_names, scale=1.0,
            maps=None):
    """The network: neurons as circles, one line per weight (width its size, colour and
    dash its sign), each weight's value beside its line, layer titles on top.

    ``node_labels``: per layer, a text per neuron (the input layer's drawn left of it, the
    output's right of it, hidden ones above). ``edge_texts``: the widest label each weight
    will show (for placing the labels); ``edge_names``: each weight's name, for its tooltip.
    ``maps``: each neuron's heatmap (``node_maps``), drawn as the neuron, or None."""
    fonts = font_sizes(scale)
    width, height = PANEL[0], diagram_height(sizes)
    positions = node_positions(sizes, height=height, top=34 + STATUS + 10 * (scale - 1))
    radius = node_radius(sizes) * (1.35 if maps else 1.0)
    n_weights = sum(w.size for w in weights)
    edges = []
    if n_weights <= MAX_DRAWN:
        edges = [[round(p[0], 1), round(p[1], 1), round(q[0], 1), round(q[1], 1)]
                 for a, b in zip(positions, positions[1:]) for p in a for q in b]
    spots = []
    if n_weights <= MAX_LABELLED:
        spots = place_edge_labels(positions, radius, edge_texts, fonts["label"])
    texts = []
    last = len(positions) - 1
    for layer, nodes in enumerate(positions):
        for (x, y), label in zip(nodes, node_labels[layer]):
            if layer == 0:
                texts.append([round(x - radius - 6, 1), round(y, 1), label, "end", fonts["node"]])
            elif layer == last:
                texts.append([round(x + radius + 6, 1), round(y, 1), label, "start",
                              fonts["node"]])
            else:
                texts.append([round(x, 1), round(y - radius - fonts["node"] * 0.7, 1), label,
                              "middle", fonts["node"]])
    titles = [[round(layer[0][0], 1), round(STATUS + fonts["title"] * 0.9, 1), title, "middle",
               fonts["title"]] for layer, title in zip(positions, layer_titles)]
    nodes = [[round(x, 1), round(y, 1), round(radius if layer else radius * 0.55, 1),
              layer > 0] for layer, ns in enumerate(positions) for x, y in ns]
    return dict(size=[width, height], edges=edges, nodes=nodes, texts=texts, titles=titles,
                spots=spots, names=list(edge_names), fonts=fonts, maps=maps,
                map_size=MAP_SIZE)


def diagram_state(weights, edge_labels, drawn=True):
    """What changes in the diagram from one iteration to the next: each drawn line's width
    and sign, and each weight's label."""
    flat = np.concatenate([w.ravel() for w in weights]) if weights else np.zeros(0)
    biggest = float(np.abs(flat).max()) if flat.size else 1.0
    return dict(widths=[edge_width(v, biggest) for v in flat.tolist()] if drawn else [],
                negative=[v < 0 for v in flat.tolist()] if drawn else [],
                labels=list(edge_labels))


# -- the curves ----------------------------------------------------------------------------

def nice_ticks(lo, hi, count=5):
    """Round tick values covering [lo, hi] (1, 2, 5 x a power of ten)."""
    if not (math.isfinite(lo) and math.isfinite(hi)) or hi <= lo:
        return [lo]
    raw = (hi - lo) / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    first = math.ceil(lo / step - 1e-9) * step
    ticks = []
    v = first
    while v <= hi + step * 1e-9:
        ticks.append(round(v, 12))
        v += step
    return ticks


def value_range(values, pad=0.06, floor=None):
    lo, hi = float(np.min(values)), float(np.max(values))
    if floor is not None:
        lo = min(lo, floor)
    if hi - lo < 1e-12:
        lo, hi = lo - 0.5, hi + 0.5
    span = hi - lo
    return [lo if floor is not None and lo == floor else lo - pad * span, hi + pad * span]


class Axis:
    """Maps data to px along one side of a plot; linear or log10."""

    def __init__(self, lo, hi, start, end, log=False):
        self.log = log
        self.lo, self.hi = (math.log10(lo), math.log10(hi)) if log else (lo, hi)
        self.start, self.end = start, end

    def __call__(self, values):
        v = np.asarray(values, dtype=float)
        if self.log:
            v = np.log10(v)
        return self.start + (v - self.lo) / (self.hi - self.lo) * (self.end - self.start)


def thin(n, most=MAX_POINTS):
    """Indices of at most ``most`` of ``n`` points, evenly spread, first and last kept."""
    if n <= most:
        return np.arange(n)
    return np.unique(np.linspace(0, n - 1, most).round().astype(int))


def _series_line(k, width):
    """The k-th series' colour and dash (palette.series_style) for an SVG line."""
    style = series_style(k)
    return dict(color=style["color"], dash=dasharray(style["dash"], width), width=width)


def _points(xs, ys):
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in zip(xs, ys))


def _plot(rect, x_axis, y_axis, xticks, yticks, titles, fmt):
    x, y, w, h = rect
    return dict(
        rect=[x, y, w, h],
        xticks=[[round(float(x_axis(t)), 1), fmt(t)] for t in xticks],
        yticks=[[round(float(y_axis(t)), 1), fmt(t, True)] for t in yticks],
        xtitle=titles[0], ytitle=titles[1], lines=[])


def curves(iterations, loss, series, names, labels, fmt, x_max, log=False, extra_loss=(),
           extra_series=None, scale=1.0, show_weights=True, test_loss=None):
    """The loss (top) and the weights (bottom) over the iterations.

    ``iterations``, ``loss`` (entries) and ``series`` (entries x weights): the recorded
    history to draw. ``extra_loss``/``extra_series``: values that must also fit the axes
    (the frames of a Run stretch). ``x_max``: the right end of the iteration axis (fixed
    for a whole Run, so the axes do not jump). ``fmt(value, is_y=False)`` formats a tick in
    the page's language. ``test_loss``: the loss on held-out rows at the same iterations,
    drawn dashed beside the training loss. Returns the panel and the ``Axis`` objects (for
    the markers)."""
    fonts = font_sizes(scale)
    width, height = PANEL
    left = 14 + fonts["tick"] * 4.2 + fonts["title"]
    named = (show_weights and len(names) <= MAX_NAMED_SERIES) or test_loss is not None
    # room for the names at the curves' ends, or at least half the last tick's label
    last_tick = fmt(nice_ticks(0, max(float(x_max), 1.0), 4)[-1])
    right = max(10 + (fonts["tick"] * CHAR * 8 if named else 0),
                len(last_tick) * fonts["tick"] * CHAR / 2 + 6)
    gap = fonts["tick"] * 2.2 + fonts["title"] + 6
    top = 8
    plot_h = (height - top - gap - (gap if show_weights else 0)) / (2 if show_weights else 1)
    keep = thin(len(iterations))
    its = np.asarray(iterations)[keep]
    x_axis_loss = Axis(0, max(float(x_max), 1.0), left, width - right)
    all_loss = np.concatenate([np.asarray(loss, dtype=float), np.asarray(extra_loss, dtype=float),
                               np.asarray(test_loss if test_loss is not None else [], dtype=float)])
    log = bool(log and (all_loss > 0).all() and all_loss.max() > 10 * all_loss.min())
    if log:
        lo = 10 ** math.floor(math.log10(all_loss.min()))
        hi = 10 ** math.ceil(math.log10(all_loss.max()))
        yticks = [10.0 ** k for k in range(int(round(math.log10(lo))),
                                          int(round(math.log10(hi))) + 1)]
        ylo, yhi = lo, hi
    else:
        ylo, yhi = value_range(all_loss, floor=0.0)
        yticks = nice_ticks(ylo, yhi, 4)
    rect = [round(left, 1), top, round(width - right - left, 1), round(plot_h, 1)]
    y_axis_loss = Axis(ylo, yhi, top + plot_h, top, log=log)
    loss_plot = _plot(rect, x_axis_loss, y_axis_loss, nice_ticks(0, max(float(x_max), 1.0), 4),
                      yticks, (labels["iteration_axis"], labels["loss_axis"]), fmt)
    loss_plot["lines"].append(dict(points=_points(x_axis_loss(its),
                                                  y_axis_loss(np.asarray(loss)[keep])),
                                   color=POSITIVE, dash="", width=2.5))
    if test_loss is not None:
        loss_plot["lines"].append(dict(points=_points(x_axis_loss(its),
                                                      y_axis_loss(np.asarray(test_loss)[keep])),
                                       **_series_line(1, 2.5)))
        loss_plot["ends"] = [labels["train"], labels["test"]]
    loss_plot["log"] = log
    plots = [loss_plot]
    axes = [(x_axis_loss, y_axis_loss)]
    if show_weights:
        top2 = top + plot_h + gap
        values = np.asarray(series, dtype=float)
        every = values if extra_series is None else np.concatenate(
            [values.ravel(), np.asarray(extra_series, dtype=float).ravel()])
        wlo, whi = value_range(every if every.size else np.zeros(1))
        y_axis_w = Axis(wlo, whi, top2 + plot_h, top2)
        rect2 = [round(left, 1), round(top2, 1), rect[2], round(plot_h, 1)]
        weights_plot = _plot(rect2, x_axis_loss, y_axis_w, nice_ticks(0, max(float(x_max), 1.0), 4),
                             nice_ticks(wlo, whi, 4),
                             (labels["iteration_axis"], labels["weight_axis"]), fmt)
        named = len(names) <= MAX_NAMED_SERIES
        for k, name in enumerate(names):
            for xs, ys, negative in sign_runs(its, values[keep, k]):
                line = dict(points=_points(x_axis_loss(xs), y_axis_w(ys)), **_sign_line(negative))
                if named:
                    line["name"] = name
                weights_plot["lines"].append(line)
        plots.append(weights_plot)
        axes.append((x_axis_loss, y_axis_w))
    return dict(size=[width, height], plots=plots, fonts=fonts), axes


def _sign_line(negative, width=2):
    """A weight's line as the diagram draws it: positive blue solid, negative orange dashed."""
    return dict(color=NEGATIVE, dash=dasharray("dash", width), width=width) if negative \
        else dict(color=POSITIVE, dash="", width=width)


def sign_runs(xs, values):
    """A curve cut where it crosses zero: ``(xs, values, negative)`` per run on one side,
    each run ending (and the next starting) at the crossing."""
    xs, values = np.asarray(xs, dtype=float), np.asarray(values, dtype=float)
    negative = values < 0
    runs, start, cut = [], 0, None
    for i in [*(np.flatnonzero(negative[1:] != negative[:-1]) + 1), len(values)]:
        rx, rv = xs[start:i], values[start:i]
        if cut is not None:
            rx, rv = np.insert(rx, 0, cut), np.insert(rv, 0, 0.0)
        if i < len(values):
            v0, v1 = values[i - 1], values[i]
            cut = xs[i - 1] + (xs[i] - xs[i - 1]) * v0 / (v0 - v1)
            rx, rv = np.append(rx, cut), np.append(rv, 0.0)
        if len(rx):
            runs.append((rx, rv, bool(negative[start])))
        start = i
    return runs


def _spread(rect, ys, names, colours, size):
    """Labels at the right of a plot at heights ``ys`` (px), moved apart so none overlap."""
    x = rect[0] + rect[2] + 4
    order = sorted(range(len(ys)), key=lambda k: ys[k])
    spaced, floor = [], rect[1] + size / 2
    for k in order:
        y = max(ys[k], floor)
        spaced.append([y, k])
        floor = y + size + 1
    bottom = rect[1] + rect[3] + size  # push back up if they ran off the bottom
    for item in reversed(spaced):
        item[0] = min(item[0], bottom)
        bottom = item[0] - size - 1
    return [[round(x, 1), round(y, 1), names[k], colours[k]] for y, k in spaced]


def end_labels(panel, axes, weights, names, losses=()):
    """Names at the right of the curves, at the height of the values shown: ``losses`` (the
    training and held-out loss, when the loss plot names them) and each of ``weights``,
    coloured by its sign as its line is."""
    size = panel["fonts"]["tick"]
    out = []
    loss_plot = panel["plots"][0]
    if "ends" in loss_plot and len(losses) == 2:
        out += _spread(loss_plot["rect"], [float(axes[0][1](v)) for v in losses],
                       loss_plot["ends"], [POSITIVE, series_style(1)["color"]], size)
    if len(panel["plots"]) < 2 or len(names) > MAX_NAMED_SERIES:
        return out
    y_axis = axes[1][1]
    ys = [float(y_axis(v)) for v in weights]
    colours = [_sign_line(v < 0)["color"] for v in weights]
    return out + _spread(panel["plots"][1]["rect"], ys, names, colours, size)


def markers(axes, iteration, loss, weights):
    """Where the markers of one iteration sit: on the loss curve, then on each weight's."""
    (xl, yl) = axes[0]
    out = [[round(float(xl(iteration)), 1), round(float(yl(loss)), 1)]]
    if len(axes) > 1:
        xw, yw = axes[1]
        x = round(float(xw(iteration)), 1)
        out += [[x, round(float(v), 1)] for v in yw(np.asarray(weights, dtype=float))]
    return out
