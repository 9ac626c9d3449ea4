"""The page's colours and dash patterns, defined once: the plotly charts (lab/charts.py)
and the stage's SVG (lab/scene.py, and lab/stage.css, whose variables tests check equal
these) take them from here.

Each is checked in tests/test_palette.py: text >= 4.5:1 on white, lines and markers >= 3:1,
series and signs >= 20 apart (CIEDE2000) in normal, deuteranopic and protanopic vision.
Colour is never the only cue: series also differ by dash, signs by dash.
"""

BACKGROUND = "#ffffff"
INK = "#111111"  # text (Streamlit's textColor in .streamlit/config.toml)
MUTED = "#4d4d4d"  # axis text and layer titles
NEUTRAL = "#767676"  # a line of neither sign (the sigmoid curve)
GRID = "#e3e3e3"  # faint on purpose: never the only cue
FRAME = "#8c8c8c"  # a plot's frame
NODE = "#333333"  # a neuron's outline, an input's fill
NODE_FILL = "#f4f4f4"
MARK = INK  # markers on curves, table rows on the boundary

POSITIVE = "#0072B2"  # Okabe-Ito blue
NEGATIVE = "#B35900"  # a darker Okabe-Ito orange (#E69F00 is 2.25:1 on white)

SERIES_COLOURS = ["#0072B2", "#B35900", "#000000", "#449988", "#220066"]
# plotly's dash names; the stage draws them as plotly does (``dasharray``)
DASHES = ["solid", "dash", "dot", "dashdot", "longdash", "longdashdot"]

# each dash in units of max(width, 3) px, as plotly.js's Drawing.dashStyle draws it
_DASH_UNITS = {"solid": (), "dot": (1, 1), "dash": (3, 3), "longdash": (5, 5),
               "dashdot": (3, 1, 1, 1), "longdashdot": (5, 2, 1, 2)}


def series_style(k):
    """Colour and dash (a plotly name) of the k-th series: no two of the first 30 share
    both."""
    return dict(color=SERIES_COLOURS[k % len(SERIES_COLOURS)], dash=DASHES[k % len(DASHES)])


def dasharray(dash, width):
    """An SVG stroke-dasharray for plotly's dash name ``dash`` on a line ``width`` px wide
    ("" for solid)."""
    unit = max(width, 3)
    return " ".join(f"{u * unit:g}" for u in _DASH_UNITS[dash])
