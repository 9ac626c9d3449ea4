"""lab.describe: the charts' text alternatives, checked against the article's published
numbers (/work/shared/seed/REFERENCE.md) and against numpy worked out here."""

import numpy as np
import pytest

from lab import describe
from neuron import Config, Trainer, network, presets
from tests.test_app import shown

# REFERENCE.md: the article's neuron
INITIAL = [-0.165955990594852, 0.4406489868843162, -0.9997712503653102]
FINAL = [9.672993027736892, -0.20784349926631968, -4.62963668773159]
FIRST_OUTPUTS = [0.2689863986549585, 0.3262756985110817, 0.23762817371784412,
                 0.3637505753263374]
FIRST_SLOPES = [0.19663271599359422, 0.2198198670721874, 0.18116102477336624,
                0.23143609427609593]
LOSS = (0.3099458499092816, 6.460939533670806e-05)
NAMES = ["w(x1→y)", "w(x2→y)", "w(x3→y)"]
ROWS = {"en": [f"row {k}" for k in range(1, 5)], "es": [f"fila {k}" for k in range(1, 5)]}


@pytest.fixture(scope="module")
def article():
    return Trainer(Config(), presets.get("seed")).run(10_000)


def test_loss_summary_of_the_article(article):
    h = article.history
    assert h.loss[0] == pytest.approx(LOSS[0]) and h.loss[-1] == pytest.approx(LOSS[1])
    right = int(article.rows_right().sum())
    assert describe.loss_summary(h.iterations, h.loss, right, 4, "en") == \
        "Loss fell from 0.31 to 6.5e−5 over 10,000 iterations; 4 of 4 rows right."
    assert describe.loss_summary(h.iterations, h.loss, right, 4, "es") == \
        "La pérdida bajó de 0,31 a 6,5e−5 en 10.000 iteraciones; 4 de 4 filas bien."


@pytest.mark.parametrize(("loss", "start"), [
    ([0.1, 0.25], "Loss rose from 0.1 to 0.25 over 1 iterations"),
    ([0.25, 0.2512], "Loss stayed at 0.25 over 1 iterations"),
    ([0.31], "Loss 0.31 at iteration 7"),
])
def test_loss_summary_says_which_way(loss, start):
    iterations = np.arange(len(loss)) + 7
    out = describe.loss_summary(iterations, np.array(loss), 1, 4, "en")
    assert out.startswith(start) and out.endswith("; 1 of 4 rows right.")


def test_loss_rows_thinned_first_and_last_kept_numbers_as_trained(article):
    h = article.history
    for lang in ("en", "es"):
        rows = describe.loss_rows(h.iterations, h.loss, lang)
        assert len(rows) == describe.MOST_ROWS
        it_col, loss_col = list(rows[0])
        its = [int(shown(r[it_col], lang)) for r in rows]
        assert its[0] == 0 and its[-1] == 10_000 and np.all(np.diff(its) > 0)
        for r, i in zip(rows, its):
            assert shown(r[loss_col], lang) == pytest.approx(h.loss[i], rel=1e-5)
    short = describe.loss_rows(np.arange(3), np.array([0.3, 0.2, 0.1]), "en")
    assert [r["loss"] for r in short] == ["0.3", "0.2", "0.1"]


def test_weights_summary_of_the_article(article):
    h = article.history
    assert describe.weights_summary(h.iterations, h.params, NAMES, "en") == (
        "Weights from iteration 0 to 10,000: w(x1→y) from −0.166 to 9.67, "
        "w(x2→y) from 0.441 to −0.208 and w(x3→y) from −1 to −4.63.")
    assert describe.weights_summary(h.iterations, h.params, NAMES, "es") == (
        "Pesos de la iteración 0 a la 10.000: w(x1→y) de −0,166 a 9,67, "
        "w(x2→y) de 0,441 a −0,208 y w(x3→y) de −1 a −4,63.")
    np.testing.assert_allclose(h.params[0, :3], INITIAL)
    np.testing.assert_allclose(h.params[-1, :3], FINAL)


def test_weights_summary_with_many_names_the_one_that_moved_most():
    series = np.zeros((2, 11))
    series[1] = np.linspace(-1, 1, 11)
    series[1, 6] = -3.0  # moved most, though not the largest at the end
    names = [f"w{k}" for k in range(11)]
    out = describe.weights_summary(np.array([0, 50]), series, names, "en")
    assert out == "11 weights from iteration 0 to 50; the one that moved most: w6 from 0 to −3."


def test_weights_rows(article):
    h = article.history
    rows = describe.weights_rows(h.iterations, h.params, NAMES, "es", most=3)
    assert [r["iteración"] for r in rows] == ["0", "5.000", "10.000"]
    np.testing.assert_allclose([shown(rows[-1][n], "es") for n in NAMES], FINAL, rtol=1e-5)


def test_diagram_summary_names_every_weight_or_the_largest(article):
    assert describe.diagram_summary((3, 1), article.weights, NAMES, "en") == (
        "The network: inputs 3, hidden layers none, outputs 1. "
        "Weights: w(x1→y) = 9.673, w(x2→y) = −0.2078 and w(x3→y) = −4.63.")
    trainer = Trainer(Config(hidden=(4,)), presets.get("xor3"))
    names = [n for n in trainer.layout.labels(trainer.table.input_names,
                                              trainer.table.target_names)
             if n.startswith("w(")]
    values = np.concatenate([w.ravel() for w in trainer.weights])
    assert len(names) == len(values) == 16
    out = describe.diagram_summary(trainer.layout.sizes, trainer.weights, names, "es")
    assert out.startswith("La red: entradas 3, capas ocultas 4, salidas 1. 16 pesos; "
                          "los mayores: ")
    listed = out.split("los mayores: ")[1].rstrip(".").replace(" y ", ", ").split(", w")
    assert len(listed) == 8
    biggest = {names[k] for k in np.argsort(np.abs(values))[-8:]}
    assert {("w" + item if not item.startswith("w") else item).split(" = ")[0]
            for item in listed} == biggest


def test_diagram_rows_one_per_weight_from_and_to(article):
    trainer = Trainer(Config(hidden=(2,)), presets.get("xor"))
    senders = [["x1", "x2", "x3"], ["h1", "h2"]]
    receivers = [["h1", "h2"], ["y"]]
    rows = describe.diagram_rows(trainer.weights, senders, receivers, "en")
    assert len(rows) == 3 * 2 + 2 * 1
    w1, w2 = trainer.weights
    assert rows[1] == {"from": "x1", "neuron": "h2", "weight": rows[1]["weight"]}
    assert shown(rows[1]["weight"], "en") == pytest.approx(w1[0, 1], rel=1e-7)
    assert (rows[-1]["from"], rows[-1]["neuron"]) == ("h2", "y")
    assert shown(rows[-1]["weight"], "en") == pytest.approx(w2[1, 0], rel=1e-7)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_sigmoid_summary_and_rows_at_the_first_pass(lang):
    X = presets.get("seed").inputs
    z = X @ np.array(INITIAL)
    out = 1 / (1 + np.exp(-z))
    np.testing.assert_allclose(out, FIRST_OUTPUTS)
    sentence = describe.sigmoid_summary(z, out, ROWS[lang], lang)
    first = {"en": "Each row on the sigmoid: row 1: z = −1, output 0.269, slope 0.197; ",
             "es": "Cada fila en la sigmoide: fila 1: z = −1, salida 0,269, pendiente 0,197; "}
    assert sentence.startswith(first[lang])
    rows = describe.sigmoid_rows(z, out, ROWS[lang], lang)
    slope = [shown(list(r.values())[3], lang) for r in rows]
    np.testing.assert_allclose(slope, FIRST_SLOPES, rtol=1e-6)
    assert [list(r.values())[0] for r in rows] == ROWS[lang]


def test_boundary_summary_before_and_after_training(article):
    X, y = article.table.inputs, article.table.targets[:, 0]
    before = 1 / (1 + np.exp(-(X @ np.array(INITIAL))))
    after = article.predict(X)[:, 0]
    right_before = np.abs(before - y) < 0.5
    assert describe.boundary_summary(ROWS["en"], before, right_before, "en") == (
        "Output above 0.5: none; below 0.5: row 1, row 2, row 3 and row 4; "
        "2 of 4 rows right.")
    assert describe.boundary_summary(ROWS["es"], after, np.abs(after - y) < 0.5, "es",
                                     "9,673·x1 = 0") == (
        "Salida por encima de 0,5: fila 2 y fila 3; por debajo de 0,5: fila 1 y fila 4; "
        "4 de 4 filas correctas. La salida es 0,5 en la recta 9,673·x1 = 0.")
    # an output of exactly 0.5 is on neither side: said so, and not right
    half = np.array([0.5, 0.5, 0.7, 0.2])
    assert describe.boundary_summary(ROWS["en"], half, np.abs(half - y) < 0.5, "en") == (
        "Output above 0.5: row 3; below 0.5: row 4; 2 of 4 rows right. "
        "Output exactly 0.5, on neither side: row 1 and row 2.")
    rows = describe.boundary_rows(ROWS["en"], X[:, 0], X[:, 1], y, after, ["x1", "x2"], "en")
    assert list(rows[1]) == ["row", "x1", "x2", "target", "output"]
    assert [r["target"] for r in rows] == ["0", "1", "1", "0"]
    assert shown(rows[2]["output"], "en") == pytest.approx(after[2], rel=1e-7)


def test_the_boundary_and_the_plane_counted_not_listed_beyond_eight_rows():
    names = [f"row {k + 1}" for k in range(10)]
    targets = np.array([1.0] * 5 + [0.0] * 5)
    outputs = np.array([0.9, 0.8, 0.7, 0.6, 0.4, 0.3, 0.2, 0.1, 0.6, 0.5])
    right = network.right(outputs[:, None], targets[:, None])[:, 0]  # the trainer's rule
    assert describe.boundary_summary(names, outputs, right, "en") == (
        "Output above 0.5 at 5 rows, below 0.5 at 4; 7 of 10 rows right.")
    sentence = describe.plane_summary(("x1", "x2"), "y", [[-7.5, 7.5], [-0.25, 1.25]], 188,
                                      200, 60, False, "es")
    assert sentence == ("Mapa de la salida y sobre el plano, x1 de −7,5 a 7,5 en horizontal, "
                        "x2 de −0,25 a 1,25 en vertical: azul donde pasa de 0,5, naranja donde "
                        "no llega. 188 de 200 filas correctas (60 de ellas "
                        "reservadas para la prueba).")
    assert "row 1" not in describe.plane_summary(("x1", "x2"), "y", [[0, 1], [0, 1]], 3, 4, 0,
                                               True, "en")
