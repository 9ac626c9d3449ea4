"""The stage's pictures as plain shapes in pixels: the network diagram and the learning
curves, for the stage component (lab/stage.js) to draw as SVG. Numbers in, dicts out;
no Streamlit, no plotly.

Every position is worked out here, in a panel of nominal size (``PANEL``), so the rules a
person checks by eye are checked by tests: every point inside its plot, no label on a node,
a line or another label. The browser scales each panel to the width it has.

During Run the browser plays ``frames``: per frame only what moves (line widths and signs,
weight labels, the markers on the curves, how far the curves are drawn, the status line).
"""

import math

import numpy as np

from .palette import NEGATIVE, POSITIVE, dasharray, series_style

PANEL = (480, 380)  # nominal width, height of each panel, in px
MAX_POINTS = 300  # per curve on the stage: enough for a 480 px plot, cheap to resend
MAX_LABELLED = 24  # weights labelled on the diagram (more would cover it)
MAX_DRAWN = 400  # weights drawn as lines: TensorFlow Playground's 6 x 8 (more: neurons only)
MAX_NAMED_SERIES = 8  # weight curves all named at their end (more: the largest)
MAX_MAPS = 40  # neurons drawn as their maps over the plane (more: circles)
MARKERS = (5.5, 4.0)  # radius of the marker on the loss curve, on a weight's curve
END_GAP = MARKERS[0] + 4  # px from a plot's right edge to its end labels: clear of a marker
LOSS_ONLY = 190  # the curves panel's height with the loss alone (beside the plane)
CHAR = 0.58  # average glyph width, in font sizes, for label boxes
LINE = 1.3  # a line of text's height, in font sizes, as the browser boxes it
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
MARGIN = 16  # px around the diagram
TILE_GAP = 6  # px at least between two neurons of a layer (heatmap tiles never touch)
MAX_RADIUS = 16.0  # a neuron's circle; a heatmap tile is MAP_ZOOM times larger
MAP_ZOOM = 1.35
LARGEST_LABELLED = 4  # weights labelled in a big network: the largest (the rest on hover)


def diagram_height(sizes):
    """A small network gets a shorter panel (no empty band above and below it)."""
    return int(min(PANEL[1], max(230, 34 + STATUS + 16 + 62 * max(sizes))))


def node_positions(sizes, width=PANEL[0], height=PANEL[1], left=70, right=90, top=34 + STATUS,
                   bottom=MARGIN):
    """x, y (px) of every neuron, layer by layer, inputs first; a layer's neurons as far
    apart as the height allows (at most 62 px), centred."""
    span = width - left - right
    layers = len(sizes)
    out = []
    mid = top + (height - top - bottom) / 2
    for layer, n in enumerate(sizes):
        x = left + span * layer / max(layers - 1, 1)
        gap = min(62.0, (height - top - bottom) / max(n, 1))
        out.append([(x, mid + (k - (n - 1) / 2) * gap) for k in range(n)])
    return out


def node_radius(positions, maps=False):
    """As large as fits: neighbours in a layer stay TILE_GAP apart, layers further."""
    largest = MAX_RADIUS * (MAP_ZOOM if maps else 1.0)
    gaps = [b[1] - a[1] for layer in positions for a, b in zip(layer, layer[1:])]
    columns = [b[0][0] - a[0][0] for a, b in zip(positions, positions[1:])]
    room = min(gaps + [c / 2 for c in columns], default=2 * largest + TILE_GAP)
    return max(3.0, min(largest, (room - TILE_GAP) / 2))


def edge_widths(flat):
    """Line width for each weight of each row of ``flat`` (frames x weights): its size
    relative to its frame's largest (tiny weights stay thin)."""
    size = np.abs(flat)
    biggest = np.maximum(size.max(axis=-1, keepdims=True), 1.0)
    return np.round(1.0 + 7.0 * np.minimum(1.0, size / biggest), 2)


def text_width(text, size):
    return len(text) * size * CHAR + 4


def _box(x, y, text, size, anchor):
    w = text_width(text, size)
    h = size + 4
    x0 = {"start": x, "middle": x - w / 2, "end": x - w}[anchor]
    return (x0, y - h / 2, x0 + w, y + h / 2)


def _overlap(a, b):
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _inside(box, area):
    return area[0] <= box[0] and box[2] <= area[2] and area[1] <= box[1] and box[3] <= area[3]


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


def _segments_hitting(segments, box):
    """Which of ``segments`` (an n x 4 array of x0, y0, x1, y1) pass through the rectangle:
    _segment_hits_box for many at once."""
    if not len(segments):
        return np.zeros(0, dtype=bool)
    p, d = segments[:, :2], segments[:, 2:] - segments[:, :2]
    t0, t1 = np.zeros(len(p)), np.ones(len(p))
    with np.errstate(divide="ignore", invalid="ignore"):
        for axis, lo, hi in ((0, box[0], box[2]), (1, box[1], box[3])):
            a, b = (lo - p[:, axis]) / d[:, axis], (hi - p[:, axis]) / d[:, axis]
            flat = d[:, axis] == 0
            inside = (lo <= p[:, axis]) & (p[:, axis] <= hi)
            t0 = np.where(flat, np.where(inside, t0, 2.0), np.maximum(t0, np.minimum(a, b)))
            t1 = np.where(flat, t1, np.minimum(t1, np.maximum(a, b)))
    return t0 <= t1


def _lines(positions):
    """Every line between neurons, as _crossed checks them: an n x 4 array of x0, y0, x1,
    y1 for many lines (numpy's call costs more than a few checks), else a list of them."""
    segments = np.array([[*p, *q] for p, q in _edges(positions)]).reshape(-1, 4)
    return segments if len(segments) > 64 else segments.tolist()


def _crossed(lines, box, skip=None):
    """Does a line of ``lines`` (but the ``skip``-th) pass through the box? All at once for
    many; for a few, one by one, clipped only where the line's own extent meets the box."""
    if isinstance(lines, np.ndarray):
        hit = _segments_hitting(lines, box)
        if skip is not None:
            hit[skip] = False
        return bool(hit.any())
    left, top, right, bottom = box
    return any(k != skip and min(x0, x1) <= right and max(x0, x1) >= left
               and min(y0, y1) <= bottom and max(y0, y1) >= top
               and _segment_hits_box((x0, y0), (x1, y1), box)
               for k, (x0, y0, x1, y1) in enumerate(lines))


def _circle_box(x, y, r):
    return (x - r, y - r, x + r, y + r)


def _edges(positions):
    return [(p, q) for a, b in zip(positions, positions[1:]) for p in a for q in b]


def place_edge_labels(positions, radius, texts, size, which=None, taken=(), area=None):
    """A spot for each weight's label, beside its own line: on no node and no other label
    (``taken``: boxes already used), nearest the sending neuron where lines are furthest
    apart, on no other line; or, for ``which`` edges of a crowded network, on its own line
    (the label's backing cuts the line), crossing no other line where a spot allows.
    ``texts`` are the longest labels the stretch will show (boxes are sized for them);
    ``which``: the edges to label (default all). Returns (x, y, anchor) per edge, or None
    for an edge left unlabelled."""
    edges = _edges(positions)
    lines = _lines(positions)
    nodes = [_circle_box(x, y, radius + 2) for layer in positions for x, y in layer]
    taken = list(taken)
    spots = [None] * len(edges)
    strict = which is None
    for k in range(len(edges)) if which is None else which:
        (p, q), text = edges[k], texts[k]
        dx, dy = q[0] - p[0], q[1] - p[1]
        length = math.hypot(dx, dy)
        ux, uy = dx / length, dy / length
        nx, ny = (uy, -ux) if ux >= 0 else (-uy, ux)  # the normal pointing up the screen
        box0 = _box(0, 0, text, size, "middle")
        half_w, half_h = (box0[2] - box0[0]) / 2, (box0[3] - box0[1]) / 2
        # far enough from its own line that the box clears it (and its widest stroke); in
        # a crowded network on its line (which runs into the label and out of it)
        off = half_w * abs(uy) + half_h * abs(ux) + 5 if strict else 0.0
        own = None if strict else k  # the line it must not cross: any, or any but its own
        # a crowded network's label: first a spot no other line crosses, then any
        for clear in (True,) if strict else (True, False):
            for t in CANDIDATES:
                for side in (1, -1):
                    x = p[0] + t * dx + side * nx * off
                    y = p[1] + t * dy + side * ny * off
                    box = _box(x, y, text, size, "middle")
                    if area is not None and not _inside(box, area):
                        continue
                    if any(_overlap(box, o) for o in nodes + taken):
                        continue
                    if clear and _crossed(lines, box, own):
                        continue
                    spots[k] = (round(x, 1), round(y, 1), "middle")
                    taken.append(box)
                    break
                if spots[k]:
                    break
            if spots[k]:
                break
    return spots


# where a neuron's label may go, in order: inputs left of the neuron, the output right of
# it, hidden ones above, then beside (first on the side with fewer lines)
_SIDES = {"input": ("left", "above", "below"), "output": ("right", "above", "below"),
          "hidden": ("above", "right", "left", "below"),
          "hidden_left": ("above", "left", "right", "below")}


def _label_spot(x, y, r, text, size, side):
    gap = 5
    if side == "left":
        return x - r - gap, y, "end"
    if side == "right":
        return x + r + gap, y, "start"
    dy = r + size * 0.5 + 4  # the box just clears the neuron's (r + 2)
    return x, y - dy if side == "above" else y + dy, "middle"


def place_node_labels(positions, radius, labels, size, area, taken=()):
    """[x, y, text, anchor, size] for each neuron's label that fits beside it: inside
    ``area``, on no neuron and no other label, on no line where a side allows (else on
    lines: its backing cuts them); a long one shortened (…) where its first choice of side
    has room for a few letters. A label with no such spot is left out (the neuron names
    itself on hover, in full)."""
    last = len(positions) - 1
    nodes = [_circle_box(x, y, r + 2) for layer, ns in enumerate(positions)
             for x, y in ns for r in [radius if layer else radius * 0.55]]
    lines = _lines(positions)
    taken = list(taken)
    out = []

    def fits(x, y, text, side, r, clear=False):
        lx, ly, anchor = _label_spot(x, y, r, text, size, side)
        box = _box(lx, ly, text, size, anchor)
        if _inside(box, area) and not any(_overlap(box, o) for o in nodes + taken) and not (
                clear and _crossed(lines, box)):
            taken.append(box)
            out.append([round(lx, 1), round(ly, 1), text, anchor, size])
            return True
        return False

    for layer, ns in enumerate(positions):
        r = radius if layer else radius * 0.55
        kind = "input" if layer == 0 else "output" if layer == last else \
            "hidden_left" if len(positions[layer - 1]) < len(positions[layer + 1]) else "hidden"
        for (x, y), text in zip(ns, labels[layer]):
            if any(fits(x, y, text, side, r, clear) for clear in (True, False)
                   for side in _SIDES[kind]):
                continue
            for n in range(len(text) - 2, 2, -1):
                if fits(x, y, text[:n] + "…", _SIDES[kind][0], r):
                    break
    return out, taken


def layer_title_boxes(positions, titles, size, y, width, hidden_title=None):
    """The layer titles on one row at ``y``, each centred over its layer (kept inside the
    panel). Where two would meet and ``hidden_title`` is given, the hidden layers share it,
    centred over them, and each is numbered on a second row. Returns [x, y, text, anchor,
    size] per title, the rows' bottom and the boxes."""
    def row(items, y):
        out = []
        for x, text in items:
            half = text_width(text, size) / 2
            x = min(max(x, half + 2), width - half - 2)
            out.append([round(x, 1), round(y, 1), text, "middle", size])
        return out

    def boxes(row):
        return [_box(x, y, t, s, a) for x, y, t, a, s in row]

    xs = [layer[0][0] for layer in positions]
    titles_row = row(list(zip(xs, titles)), y)
    bs = boxes(titles_row)
    if hidden_title is None or len(xs) < 3 or not any(
            _overlap(a, b) for a, b in zip(bs, bs[1:])):
        return titles_row, y + size * 0.7, bs
    hidden = xs[1:-1]
    first = row([(xs[0], titles[0]), ((hidden[0] + hidden[-1]) / 2, hidden_title),
                 (xs[-1], titles[-1])], y)
    y2 = y + size + 6
    second = row([(x, str(k + 1)) for k, x in enumerate(hidden)], y2)
    out = first + second
    return out, y2 + size * 0.7, boxes(out)


def diagram(sizes, weights, node_labels, layer_titles, edge_texts, edge_names, scale=1.0,
            maps=False, hidden_title=None):
    """The network: neurons as circles, one line per weight (width its size, colour and
    dash its sign), weights' values beside their lines, layer titles on top.

    ``node_labels``: per layer, a text per neuron (the input layer's drawn left of it, the
    output's right of it, hidden ones above or beside; a label with no room is shown on
    hover). ``edge_texts``: the widest label each weight will show (for placing the labels);
    ``edge_names``: each weight's name, for its tooltip. ``maps``: True to draw each neuron
    as its map over the plane (lab/plane.js paints them). ``hidden_title``: one title for all
    hidden layers, used where their own titles would meet. A small network gets every
    weight labelled where there is room; a big one its few largest (the rest on hover)."""
    fonts = font_sizes(scale)
    width, height = PANEL[0], diagram_height(sizes)
    inputs, outputs = node_labels[0], node_labels[-1]
    left = max((text_width(t, fonts["node"]) for t in inputs), default=0) + 30
    right = max((text_width(t, fonts["node"]) for t in outputs), default=0) + 40
    left, right = min(max(left, 50), 140), min(max(right, 50), 160)
    # the titles' rows (two where hidden layers share one title), then the neurons
    guess = node_positions(sizes, width, height, left, right)
    titles, rows_bottom, title_boxes = layer_title_boxes(
        guess, layer_titles, fonts["title"], STATUS + fonts["title"] * 0.9, width, hidden_title)
    # room above the top neurons for their labels, unless layers are too tall for labels
    # above their neurons (then beside them)
    most = max(sizes)
    top = rows_bottom + fonts["node"] + MAX_RADIUS + 4
    if (height - top - MARGIN) / most < 2 * MAX_RADIUS + fonts["node"] + 6:
        top = rows_bottom + 6
    positions = node_positions(sizes, width, height, left, right, top=top)
    radius = node_radius(positions, maps=bool(maps))
    area = (0, STATUS, width, height)  # the titles are in `taken`
    texts, taken = place_node_labels(positions, radius, node_labels, fonts["node"], area,
                                     title_boxes)
    n_weights = sum(w.size for w in weights)
    edges = []
    if n_weights <= MAX_DRAWN:
        edges = [[round(p[0], 1), round(p[1], 1), round(q[0], 1), round(q[1], 1)]
                 for p, q in _edges(positions)]
    spots = []
    if n_weights <= MAX_LABELLED:
        spots = place_edge_labels(positions, radius, edge_texts, fonts["label"], taken=taken,
                                  area=area)
    elif edges:
        # the largest weights that have a spot (the rest are named on hover)
        flat = np.abs(np.concatenate([w.ravel() for w in weights]))
        spots = [None] * n_weights
        for k in np.argsort(-flat, kind="stable")[:3 * LARGEST_LABELLED].tolist():
            spot = place_edge_labels(positions, radius, edge_texts, fonts["label"], [k],
                                     taken=taken, area=area)[k]
            if spot:
                spots[k] = spot
                taken.append(_box(*spot[:2], edge_texts[k], fonts["label"], spot[2]))
            if sum(1 for s in spots if s) == LARGEST_LABELLED:
                break
    nodes = [[round(x, 1), round(y, 1), round(radius if layer else radius * 0.55, 1),
              layer > 0] for layer, ns in enumerate(positions) for x, y in ns]
    # an opaque backing under each neuron's and weight's label, over the lines: a line that
    # passes under a label stops at its edge (a class reads the label, not a line through it)
    boxes = [_box(x, y, t, s, a) for x, y, t, a, s in texts] + [
        _box(*spot[:2], edge_texts[k], fonts["label"], spot[2])
        for k, spot in enumerate(spots) if spot]
    backs = [[round(b[0], 1), round(b[1], 1), round(b[2] - b[0], 1), round(b[3] - b[1], 1)]
             for b in boxes]
    return dict(size=[width, height], sizes=list(sizes), edges=edges, nodes=nodes,
                texts=texts, titles=titles, spots=spots, backs=backs, names=list(edge_names),
                fonts=fonts,
                maps=bool(maps), node_names=[t for layer in node_labels for t in layer])


def diagram_state(weights, edge_labels, drawn=True):
    """What changes in the diagram from one iteration to the next: each drawn line's width
    and sign, and each weight's label."""
    flat = np.concatenate([w.ravel() for w in weights]) if weights else np.zeros(0)
    return diagram_states(flat[None], [edge_labels], drawn)[0]


def diagram_states(flat, edge_labels, drawn=True):
    """``diagram_state`` of each frame: ``flat`` (frames x weights, each frame's weights
    flattened layer by layer) and per frame its weights' labels."""
    flat = np.asarray(flat, dtype=float)
    if drawn and flat.shape[-1]:
        widths, negative = edge_widths(flat).tolist(), (flat < 0).tolist()
    else:
        widths = negative = [[] for _ in flat]
    return [dict(widths=w, negative=n, labels=list(labels))
            for w, n, labels in zip(widths, negative, edge_labels)]


# -- the curves ----------------------------------------------------------------------------

MAX_TICKS = 6  # tick labels per axis, at most


def nice_ticks(lo, hi, count=5):
    """Round tick values covering [lo, hi] (1, 2, 5 x a power of ten), at most count + 1."""
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


def log_ticks(lo, hi, count=5):
    """Powers of ten in [lo, hi], every 1, 2, 5, 10, 20... decades: at most count + 1."""
    k0 = math.ceil(math.log10(lo) - 1e-9)
    k1 = math.floor(math.log10(hi) + 1e-9)
    step = next(m * 10 ** e for e in range(4) for m in (1, 2, 5)
                if (k1 - k0) / (m * 10 ** e) <= count)
    return [10.0 ** k for k in range(math.ceil(k0 / step) * step, k1 + 1, step)]


def axis_ticks(lo, hi, length, fmt, size, along_x, log=False):
    """As many round ticks over [lo, hi] as MAX_TICKS allows whose labels (``fmt``, font
    ``size``) stay apart on an axis ``length`` px long: side by side on the x axis, one
    above the other on the y axis. Returns (values, labels)."""
    for count in range(MAX_TICKS - 1, 0, -1):
        values = (log_ticks if log else nice_ticks)(lo, hi, count)
        labels = [fmt(v) for v in values]
        at = (np.log10(values) - math.log10(lo)) / (math.log10(hi) - math.log10(lo)) if log \
            else (np.asarray(values) - lo) / ((hi - lo) or 1.0)
        at = np.asarray(at) * length
        extent = [text_width(t, size) if along_x else size + 2 for t in labels]
        if all(b - a >= (ea + eb) / 2 + 2
               for a, b, ea, eb in zip(at, at[1:], extent, extent[1:])):
            break
    return values, labels


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
    return " ".join(map("{:.1f},{:.1f}".format, np.asarray(xs, dtype=float).tolist(),
                        np.asarray(ys, dtype=float).tolist()))


def _plot(rect, x_axis, y_axis, xticks, yticks, titles):
    x, y, w, h = rect
    return dict(
        rect=[x, y, w, h],
        xticks=[[round(float(x_axis(t)), 1), label] for t, label in zip(*xticks)],
        yticks=[[round(float(y_axis(t)), 1), label] for t, label in zip(*yticks)],
        xtitle=titles[0], ytitle=titles[1], lines=[])


def named_series(last_values):
    """The weight curves drawn strong and named at their ends: all of a few, else the
    LARGEST_LABELLED furthest from 0 at the end (the others faint, named on hover)."""
    last = np.abs(np.asarray(last_values, dtype=float))
    if last.size <= MAX_NAMED_SERIES:
        return list(range(last.size))
    return sorted(np.argsort(-last, kind="stable")[:LARGEST_LABELLED].tolist())


def curves(iterations, loss, series, names, labels, fmt, x_max, log=False, extra_loss=(),
           extra_series=None, scale=1.0, show_weights=True, test_loss=None, height=PANEL[1]):
    """The loss (top) and the weights (bottom) over the iterations.

    ``iterations``, ``loss`` (entries) and ``series`` (entries x weights): the recorded
    history to draw. ``extra_loss``/``extra_series``: values that must also fit the axes
    (the frames of a Run stretch). ``x_max``: the right end of the iteration axis (fixed
    for a whole Run, so the axes do not jump). ``fmt(value, is_y=False)`` formats a tick in
    the page's language. ``test_loss``: the loss on held-out rows at the same iterations,
    drawn dashed beside the training loss. ``height``: the panel's, in px. Many weights: the
    few largest strong and named, the rest faint. Returns the panel and the ``Axis`` objects
    (for the markers)."""
    fonts = font_sizes(scale)
    width = PANEL[0]
    left = 14 + fonts["tick"] * 4.2 + fonts["title"]
    values = np.asarray(series, dtype=float)
    strong = named_series(values[-1]) if show_weights and len(values) else []
    ends = [names[k] for k in strong] + ([labels["train"], labels["test"]]
                                         if test_loss is not None else [])
    x_hi = max(float(x_max), 1.0)
    # room for the names at the curves' ends, or at least half the last tick's label
    last_tick = fmt(nice_ticks(0, x_hi, 4)[-1])
    right = max(END_GAP + 6 + max((text_width(t, fonts["tick"]) for t in ends), default=0),
                len(last_tick) * fonts["tick"] * CHAR / 2 + 6)
    gap = fonts["tick"] * 2.2 + fonts["title"] + 6
    top = 8
    plot_h = (height - top - gap - (gap if show_weights else 0)) / (2 if show_weights else 1)
    keep = thin(len(iterations))
    its = np.asarray(iterations)[keep]
    x_axis_loss = Axis(0, x_hi, left, width - right)
    xticks = axis_ticks(0, x_hi, width - right - left, fmt, fonts["tick"], True)
    all_loss = np.concatenate([np.asarray(loss, dtype=float), np.asarray(extra_loss, dtype=float),
                               np.asarray(test_loss if test_loss is not None else [], dtype=float)])
    log = bool(log and (all_loss > 0).all() and all_loss.max() > 10 * all_loss.min())
    if log:
        ylo = 10.0 ** math.floor(math.log10(all_loss.min()))
        yhi = 10.0 ** math.ceil(math.log10(all_loss.max()))
    else:
        ylo, yhi = value_range(all_loss, floor=0.0)
    yticks = axis_ticks(ylo, yhi, plot_h, fmt, fonts["tick"], False, log=log)
    rect = [round(left, 1), top, round(width - right - left, 1), round(plot_h, 1)]
    y_axis_loss = Axis(ylo, yhi, top + plot_h, top, log=log)
    loss_plot = _plot(rect, x_axis_loss, y_axis_loss, xticks, yticks,
                      (labels["iteration_axis"], labels["loss_axis"]))
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
        every = values if extra_series is None else np.concatenate(
            [values.ravel(), np.asarray(extra_series, dtype=float).ravel()])
        wlo, whi = value_range(every if every.size else np.zeros(1))
        y_axis_w = Axis(wlo, whi, top2 + plot_h, top2)
        rect2 = [round(left, 1), round(top2, 1), rect[2], round(plot_h, 1)]
        weights_plot = _plot(rect2, x_axis_loss, y_axis_w, xticks,
                             axis_ticks(wlo, whi, plot_h, fmt, fonts["tick"], False),
                             (labels["iteration_axis"], labels["weight_axis"]))
        for k, name in enumerate(names):
            stroke = 2 if k in strong else 1.2
            for xs, ys, negative in sign_runs(its, values[keep, k]):
                line = dict(points=_points(x_axis_loss(xs), y_axis_w(ys)), name=name,
                            **_sign_line(negative, stroke))
                if k not in strong:
                    line["faint"] = True
                weights_plot["lines"].append(line)
        # the strong ones on top
        weights_plot["lines"].sort(key=lambda line: "faint" not in line)
        plots.append(weights_plot)
        axes.append((x_axis_loss, y_axis_w, strong))
    return dict(size=[width, height], plots=plots, fonts=fonts, markers=MARKERS), axes


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
    """Labels at the right of a plot at heights ``ys`` (px, frames x labels), moved apart
    so none overlap (a line of text is about LINE font sizes tall as the browser boxes it),
    each frame's ordered by height. ``colours``: frames x labels."""
    x = round(rect[0] + rect[2] + END_GAP, 1)
    line = size * LINE
    ys = np.asarray(ys, dtype=float)
    order = np.argsort(ys, axis=1, kind="stable")
    spaced = np.take_along_axis(ys, order, axis=1)
    floor = np.full(len(ys), rect[1] + line / 2)
    for k in range(spaced.shape[1]):
        spaced[:, k] = np.maximum(spaced[:, k], floor)
        floor = spaced[:, k] + line
    bottom = np.full(len(ys), rect[1] + rect[3] - line / 2)  # back up: clear of the last tick
    for k in reversed(range(spaced.shape[1])):
        spaced[:, k] = np.minimum(spaced[:, k], bottom)
        bottom = spaced[:, k] - line
    return [[[x, y, names[k], frame[k]] for y, k in zip(heights, ks)]
            for heights, ks, frame in zip(np.round(spaced, 1).tolist(), order.tolist(), colours)]


def end_labels(panel, axes, weights, names, losses=()):
    """Names at the right of the curves, at the height of the values shown: ``losses`` (the
    training and held-out loss, when the loss plot names them) and each of ``weights``,
    coloured by its sign as its line is."""
    both = np.asarray(losses, dtype=float)[None] if len(losses) == 2 else None
    return end_labels_each(panel, axes, np.asarray(weights, dtype=float)[None], names, both)[0]


def end_labels_each(panel, axes, weights, names, losses=None):
    """``end_labels`` of each frame: ``weights`` (frames x series) and ``losses`` (frames x
    2, the training and held-out loss, or None)."""
    size = panel["fonts"]["tick"]
    loss_plot = panel["plots"][0]
    out = [[] for _ in weights]
    if "ends" in loss_plot and losses is not None:
        colours = [[POSITIVE, series_style(1)["color"]]] * len(out)
        for labels, spread in zip(out, _spread(loss_plot["rect"], axes[0][1](losses),
                                               loss_plot["ends"], colours, size)):
            labels += spread
    if len(panel["plots"]) < 2:
        return out
    _, y_axis, strong = axes[1]
    shown = np.asarray(weights, dtype=float)[:, strong]
    signs = np.array([_sign_line(False)["color"], _sign_line(True)["color"]])
    colours = signs[(shown < 0).astype(int)].tolist()
    for labels, spread in zip(out, _spread(panel["plots"][1]["rect"], y_axis(shown),
                                           [names[k] for k in strong], colours, size)):
        labels += spread
    return out


def markers(axes, iteration, loss, weights):
    """Where the markers of one iteration sit: on the loss curve, then on each named
    weight's curve (a faint one has none)."""
    return markers_each(axes, [iteration], [loss], np.asarray(weights, dtype=float)[None])[0]


def markers_each(axes, iterations, losses, weights):
    """``markers`` of each frame: ``iterations`` and ``losses`` (frames), ``weights``
    (frames x series)."""
    (xl, yl) = axes[0]
    points = np.stack([np.round(xl(iterations), 1), np.round(yl(losses), 1)], axis=-1)[:, None]
    if len(axes) > 1:
        xw, yw, strong = axes[1]
        ys = np.round(yw(np.asarray(weights, dtype=float)[:, strong]), 1)
        xs = np.broadcast_to(np.round(xw(iterations), 1)[:, None], ys.shape)
        points = np.concatenate([points, np.stack([xs, ys], axis=-1)], axis=1)
    return points.tolist()
