"""Ready-made training tables, each with a short description in English and Spanish.

Logic gates carry a constant input of 1, as the article's third input does: it lets
the single neuron (which has no bias of its own by default) learn a threshold.
"""

from itertools import product

from .table import Table

_PAIRS = [(0, 0), (0, 1), (1, 0), (1, 1)]


def _gate(fn):
    rows = [(a, b, 1) for a, b in _PAIRS]
    return Table(rows, [fn(a, b) for a, b in _PAIRS], ["x1", "x2", "x3"], ["y"])


def _seed():
    return Table([[0, 0, 1], [1, 1, 1], [1, 0, 1], [0, 1, 1]], [0, 1, 1, 0])


def _not():
    return Table([[0, 1], [1, 1]], [1, 0], ["x1", "x2"], ["y"])


def _majority():
    rows = list(product((0, 1), repeat=3))
    return Table([(*r, 1) for r in rows], [int(sum(r) >= 2) for r in rows],
                 ["x1", "x2", "x3", "x4"], ["y"])


def _xor3():
    rows = [[0, 0, 1], [0, 1, 1], [1, 0, 1], [0, 1, 0], [1, 0, 0], [1, 1, 1], [0, 0, 0]]
    return Table(rows, [0, 1, 1, 1, 1, 0, 0])


def _half_adder():
    rows = [(a, b, 1) for a, b in _PAIRS]
    return Table(rows, [(a ^ b, a & b) for a, b in _PAIRS], ["x1", "x2", "x3"],
                 ["sum", "carry"])


_PRESETS = {
    "seed": (_seed, {
        "en": "The article's table: the output copies the first input; the third input is "
              "always 1 and acts as a bias.",
        "es": "La tabla del artículo: la salida copia la primera entrada; la tercera entrada "
              "vale siempre 1 y hace de sesgo.",
    }),
    "and": (lambda: _gate(lambda a, b: a & b), {
        "en": "AND: 1 only when x1 and x2 are both 1 (x3 is a constant 1).",
        "es": "AND (Y): 1 solo si x1 y x2 valen 1 (x3 es un 1 constante).",
    }),
    "or": (lambda: _gate(lambda a, b: a | b), {
        "en": "OR: 1 when x1 or x2 (or both) is 1 (x3 is a constant 1).",
        "es": "OR (O): 1 si x1 o x2 (o ambas) valen 1 (x3 es un 1 constante).",
    }),
    "nand": (lambda: _gate(lambda a, b: 1 - (a & b)), {
        "en": "NAND: the opposite of AND (x3 is a constant 1).",
        "es": "NAND: lo contrario de AND (x3 es un 1 constante).",
    }),
    "nor": (lambda: _gate(lambda a, b: 1 - (a | b)), {
        "en": "NOR: 1 only when both inputs are 0 (x3 is a constant 1).",
        "es": "NOR: 1 solo si las dos entradas valen 0 (x3 es un 1 constante).",
    }),
    "xor": (lambda: _gate(lambda a, b: a ^ b), {
        "en": "XOR: 1 when exactly one input is 1. One neuron cannot learn it; a hidden "
              "layer can.",
        "es": "XOR: 1 si exactamente una entrada vale 1. Una sola neurona no puede "
              "aprenderlo; una capa oculta sí.",
    }),
    "not": (_not, {
        "en": "NOT: the output is the opposite of x1 (x2 is a constant 1).",
        "es": "NOT (NO): la salida es lo contrario de x1 (x2 es un 1 constante).",
    }),
    "majority": (_majority, {
        "en": "Majority: 1 when at least two of x1, x2, x3 are 1 (x4 is a constant 1).",
        "es": "Mayoría: 1 si al menos dos de x1, x2, x3 valen 1 (x4 es un 1 constante).",
    }),
    "xor3": (_xor3, {
        "en": "The two-layer follow-up's 7 rows: XOR of x1 and x2, x3 is irrelevant. Needs a "
              "hidden layer (the follow-up uses 4 neurons and 60,000 iterations).",
        "es": "Las 7 filas del ejemplo de dos capas: XOR de x1 y x2; x3 no influye. Necesita "
              "una capa oculta (el ejemplo usa 4 neuronas y 60.000 iteraciones).",
    }),
    "half_adder": (_half_adder, {
        "en": "Half adder: two outputs, sum (x1 XOR x2) and carry (x1 AND x2).",
        "es": "Semisumador: dos salidas, suma (x1 XOR x2) y acarreo (x1 AND x2).",
    }),
}


def names():
    """Preset names, the article's first."""
    return list(_PRESETS)


def get(name):
    """A fresh Table for a preset name."""
    try:
        return _PRESETS[name][0]()
    except KeyError:
        raise KeyError(f"no preset named {name!r}; choose from {', '.join(_PRESETS)}") from None


_TITLES = {
    'seed': ("The article's table", 'La tabla del artículo'),
    'and': ('AND', 'AND (Y)'),
    'or': ('OR', 'OR (O)'),
    'nand': ('NAND', 'NAND'),
    'nor': ('NOR', 'NOR'),
    'xor': ('XOR', 'XOR'),
    'not': ('NOT', 'NOT (NO)'),
    'majority': ('Majority of 3', 'Mayoría de 3'),
    'xor3': ('The two-layer follow-up (XOR, 7 rows)', 'El ejemplo de dos capas (XOR, 7 filas)'),
    'half_adder': ('Half adder (2 outputs)', 'Semisumador (2 salidas)'),
}


def title(name, lang="en"):
    """The preset's short name for a menu, in ``lang`` ("en" or "es")."""
    en, es = _TITLES[name]
    return es if lang == "es" else en


def description(name, lang="en"):
    """The preset's one-line description in ``lang`` ("en" or "es")."""
    texts = _PRESETS[name][1]
    return texts.get(lang, texts["en"])
