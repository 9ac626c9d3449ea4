"""The page's palette (lab/palette.py), used by the plotly charts and the stage's SVG:
contrast on white (WCAG 2.1) and distinctness in normal, deuteranopic and protanopic vision
(Machado, Oliveira & Fernandes 2009, severity 1.0), measured with CIEDE2000, itself checked
on Sharma, Wu & Dalal's published test pairs; and the stage's stylesheet and script, which
must take their colours from it."""

import itertools
import math
import re
from pathlib import Path

import numpy as np
import pytest

from lab import palette
from tests.test_charts import every_builder

# -- colour science, written out here as the independent reference ------------------------

def rgb(hex_colour):
    h = hex_colour.lstrip("#")
    return np.array([int(h[k:k + 2], 16) / 255 for k in (0, 2, 4)])


def linear(c):
    c = np.asarray(c, dtype=float)
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def encoded(c):
    c = np.clip(c, 0, 1)
    return np.where(c <= 0.0031308, 12.92 * c, 1.055 * c ** (1 / 2.4) - 0.055)


def luminance(hex_colour):
    return float(linear(rgb(hex_colour)) @ [0.2126, 0.7152, 0.0722])


def contrast(a, b="#ffffff"):
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


# Machado et al. 2009, severity 1.0, applied to linear RGB
MACHADO = {
    "normal": np.eye(3),
    "protanopia": np.array([[0.152286, 1.052583, -0.204868],
                            [0.114503, 0.786281, 0.099216],
                            [-0.003882, -0.048116, 1.051998]]),
    "deuteranopia": np.array([[0.367322, 0.860646, -0.227968],
                              [0.280085, 0.672501, 0.047413],
                              [-0.011820, 0.042940, 0.968881]]),
}

SRGB_TO_XYZ = np.array([[0.4124564, 0.3575761, 0.1804375],
                        [0.2126729, 0.7151522, 0.0721750],
                        [0.0193339, 0.1191920, 0.9503041]])
D65 = np.array([0.95047, 1.0, 1.08883])


def seen(hex_colour, vision):
    """The sRGB colour a viewer with ``vision`` sees (still gamma-encoded, 0..1)."""
    return encoded(MACHADO[vision] @ linear(rgb(hex_colour)))


def lab(srgb):
    xyz = SRGB_TO_XYZ @ linear(srgb) / D65
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def ciede2000(lab1, lab2):
    """CIEDE2000 colour difference (kL = kC = kH = 1), after Sharma, Wu & Dalal 2005."""
    L1, a1, b1 = lab1
    L2, a2, b2 = lab2
    c_bar = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(c_bar ** 7 / (c_bar ** 7 + 25 ** 7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = math.hypot(a1p, b1), math.hypot(a2p, b2)
    h1p = math.degrees(math.atan2(b1, a1p)) % 360 if c1p else 0.0
    h2p = math.degrees(math.atan2(b2, a2p)) % 360 if c2p else 0.0
    dl, dc = L2 - L1, c2p - c1p
    if c1p * c2p == 0:
        dh = 0.0
    elif abs(h2p - h1p) <= 180:
        dh = h2p - h1p
    else:
        dh = h2p - h1p - 360 if h2p > h1p else h2p - h1p + 360
    dH = 2 * math.sqrt(c1p * c2p) * math.sin(math.radians(dh / 2))
    l_bar, cp_bar = (L1 + L2) / 2, (c1p + c2p) / 2
    if c1p * c2p == 0:
        h_bar = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        h_bar = (h1p + h2p) / 2
    else:
        h_bar = (h1p + h2p + 360) / 2 if h1p + h2p < 360 else (h1p + h2p - 360) / 2
    t = (1 - 0.17 * math.cos(math.radians(h_bar - 30)) + 0.24 * math.cos(math.radians(2 * h_bar))
         + 0.32 * math.cos(math.radians(3 * h_bar + 6))
         - 0.20 * math.cos(math.radians(4 * h_bar - 63)))
    d_theta = 30 * math.exp(-(((h_bar - 275) / 25) ** 2))
    rc = 2 * math.sqrt(cp_bar ** 7 / (cp_bar ** 7 + 25 ** 7))
    sl = 1 + 0.015 * (l_bar - 50) ** 2 / math.sqrt(20 + (l_bar - 50) ** 2)
    sc = 1 + 0.045 * cp_bar
    sh = 1 + 0.015 * cp_bar * t
    rt = -math.sin(math.radians(2 * d_theta)) * rc
    return math.sqrt((dl / sl) ** 2 + (dc / sc) ** 2 + (dH / sh) ** 2
                     + rt * (dc / sc) * (dH / sh))


def difference(a, b, vision="normal"):
    return ciede2000(lab(seen(a, vision)), lab(seen(b, vision)))


# -- the reference itself, checked ---------------------------------------------------------

# Sharma, Wu & Dalal (2005), "The CIEDE2000 color-difference formula: implementation notes,
# supplementary test data, and mathematical observations", Table 1 (pairs 1, 2, 3, 7, 17-20, 25)
SHARMA = [
    ((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485), 2.0425),
    ((50.0, 3.1571, -77.2803), (50.0, 0.0, -82.7485), 2.8615),
    ((50.0, 2.8361, -74.0200), (50.0, 0.0, -82.7485), 3.4412),
    ((50.0, 0.0, 0.0), (50.0, -1.0, 2.0), 2.3669),
    ((50.0, 2.5, 0.0), (73.0, 25.0, -18.0), 27.1492),
    ((50.0, 2.5, 0.0), (61.0, -5.0, 29.0), 22.8977),
    ((50.0, 2.5, 0.0), (56.0, -27.0, -3.0), 31.9030),
    ((50.0, 2.5, 0.0), (58.0, 24.0, 15.0), 19.4535),
    ((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387), 1.2644),
]


@pytest.mark.parametrize(("lab1", "lab2", "expected"), SHARMA)
def test_ciede2000_matches_the_published_pairs(lab1, lab2, expected):
    assert ciede2000(lab1, lab2) == pytest.approx(expected, abs=1e-4)
    assert ciede2000(lab2, lab1) == pytest.approx(expected, abs=1e-4)  # symmetric


def test_lab_and_contrast_on_known_colours():
    np.testing.assert_allclose(lab(rgb("#ffffff")), [100, 0, 0], atol=0.01)
    np.testing.assert_allclose(lab(rgb("#000000")), [0, 0, 0], atol=1e-9)
    np.testing.assert_allclose(lab(rgb("#ff0000")), [53.24, 80.09, 67.20], atol=0.02)
    assert contrast("#000000") == pytest.approx(21.0)
    assert contrast("#808495") == pytest.approx(3.72, abs=0.01)  # the measured grey
    assert contrast("#E69F00") == pytest.approx(2.25, abs=0.01)  # and its orange


def test_simulation_keeps_greys_and_merges_red_and_green():
    for grey in ("#000000", "#777777", "#ffffff"):
        for vision in MACHADO:
            np.testing.assert_allclose(seen(grey, vision), rgb(grey), atol=2e-3)
    # a red and a green that differ plainly in normal vision look much alike to both (measured 72, 4.6, 25)
    assert difference("#d62728", "#2ca02c") > 60
    assert difference("#d62728", "#2ca02c", "deuteranopia") < 20
    assert difference("#d62728", "#2ca02c", "protanopia") < 40
    # the finding: Okabe-Ito green and purple fall to about 16 under deuteranopia
    assert difference("#009E73", "#CC79A7", "deuteranopia") < 20


# -- the palette ----------------------------------------------------------------------------

VISIONS = ("normal", "deuteranopia", "protanopia")


@pytest.mark.parametrize("vision", VISIONS)
def test_series_colours_differ_by_at_least_20_in_every_vision(vision):
    colours = palette.SERIES_COLOURS
    assert len(colours) >= 4
    for a, b in itertools.combinations(colours, 2):
        assert difference(a, b, vision) >= 20, (a, b, vision, difference(a, b, vision))


@pytest.mark.parametrize("vision", VISIONS)
def test_weight_signs_differ_by_at_least_20_in_every_vision(vision):
    assert difference(palette.POSITIVE, palette.NEGATIVE, vision) >= 20


def test_lines_and_markers_at_least_3_to_1_on_white():
    for colour in [*palette.SERIES_COLOURS, palette.POSITIVE, palette.NEGATIVE,
                   palette.NEUTRAL, palette.MARK, palette.FRAME, palette.NODE]:
        assert contrast(colour, palette.BACKGROUND) >= 3, colour


def test_text_colours_at_least_4_5_to_1_on_white():
    assert palette.BACKGROUND == "#ffffff"
    for colour in (palette.INK, palette.MUTED):
        assert contrast(colour, palette.BACKGROUND) >= 4.5, colour


def test_the_first_30_series_differ_by_colour_or_dash():
    styles = [palette.series_style(k) for k in range(30)]
    assert len({(s["color"], s["dash"]) for s in styles}) == 30
    assert {s["dash"] for s in styles} == set(palette.DASHES)


# plotly.js 3, src/components/drawing/index.js, dashStyle(dash, lineWidth): patterns in
# units of max(lineWidth, 3) px
@pytest.mark.parametrize(("dash", "width", "expected"), [
    ("solid", 2, ""), ("dot", 1, "3 3"), ("dash", 2, "9 9"), ("dash", 2.5, "9 9"),
    ("longdash", 4, "20 20"), ("dashdot", 4, "12 4 4 4"), ("longdashdot", 1, "15 6 3 6"),
    ("dot", 4.5, "4.5 4.5")])
def test_the_stage_draws_a_dash_as_plotly_does(dash, width, expected):
    assert palette.dasharray(dash, width) == expected


# -- the stage takes its colours from the palette -------------------------------------------

LAB = Path(palette.__file__).parent
HEX = re.compile(r"#[0-9a-fA-F]{3}(?:[0-9a-fA-F]{3})?\b")


STAGE_VARIABLES = ("BACKGROUND", "INK", "MUTED", "GRID", "FRAME", "NODE", "NODE_FILL", "MARK",
                   "POSITIVE", "NEGATIVE")


def test_the_stage_stylesheet_colours_are_the_palette():
    css = (LAB / "stage.css").read_text()
    block = re.search(r"\.stage \{([^}]*)\}", css).group(1)
    declared = {name: colour.lower()
                for name, colour in re.findall(r"--([a-z-]+):\s*(#[0-9a-fA-F]{6});", block)}
    assert declared == {name.lower().replace("_", "-"): getattr(palette, name).lower()
                        for name in STAGE_VARIABLES}
    # no colour written anywhere else in the stylesheet: every rule uses the variables
    assert len(HEX.findall(block)) == len(declared)
    assert HEX.findall(css.replace(block, "")) == []
    for name in re.findall(r"var\(--([a-z-]+)\)", css):
        assert name in declared or name in ("stage-height", "plane-height", "plane-aspect"), name


def test_no_colour_is_written_outside_the_palette():
    for name in ("charts.py", "scene.py", "stage.js", "plane.js"):
        assert HEX.findall((LAB / name).read_text()) == [], name


def colours(node, key=""):
    """(where, colour) for every colour string in a spec."""
    if isinstance(node, dict):
        for k, value in node.items():
            yield from colours(value, f"{key}.{k}")
    elif isinstance(node, list):
        for k, value in enumerate(node):
            yield from colours(value, f"{key}[{k}]")
    elif isinstance(node, str) and node.startswith("#") and key.endswith("color"):
        yield key, node


def test_every_chart_sets_its_text_colours_dark_enough():
    for fig in every_builder(1.0):
        spec = fig.to_dict()
        text = [(k, c) for k, c in colours(spec) if "font" in k]
        assert text
        for where, colour in text:
            assert contrast(colour) >= 4.5, (where, colour)
        layout = spec["layout"]
        assert layout["font"]["color"]
        for axis in [k for k in layout if k.startswith(("xaxis", "yaxis"))]:
            if layout[axis].get("visible", True):
                assert contrast(layout[axis]["tickfont"]["color"]) >= 4.5
                assert contrast(layout[axis]["title"]["font"]["color"]) >= 4.5


def test_every_line_and_marker_at_least_3_to_1():
    for fig in every_builder(1.0):
        for trace in fig.to_dict()["data"]:
            if trace.get("type") == "contour":
                continue  # a filled area, its 0.5 line checked below
            line, marker = trace.get("line", {}), trace.get("marker", {})
            if "color" in line:
                assert contrast(line["color"]) >= 3, trace
            if "color" in marker:  # a pale fill needs a dark outline
                outline = marker.get("line", {}).get("color", marker["color"])
                assert max(contrast(marker["color"]), contrast(outline)) >= 3, trace
