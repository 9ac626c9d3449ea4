"""lab.text: the EN/ES catalogue and number formatting per language."""

import string
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from lab import sources  # noqa: E402
from lab.text import LANGUAGES, TEXT, number, table_error, text  # noqa: E402
from neuron import Table, TableError, datasets  # noqa: E402


def placeholders(template):
    """The {names} a template is formatted with; None for text never formatted (math)."""
    try:
        return sorted({name for _, name, _, _ in string.Formatter().parse(template)
                       if name is not None})
    except ValueError:
        return None


def test_both_languages_have_every_key():
    assert set(LANGUAGES) == {"en", "es"} == set(TEXT)
    assert sorted(TEXT["en"]) == sorted(TEXT["es"])
    for lang in TEXT:
        for key, value in TEXT[lang].items():
            assert isinstance(value, str) and value.strip(), (lang, key)


@pytest.mark.parametrize("key", sorted(TEXT["en"]))
def test_same_placeholders_in_both_languages(key):
    en, es = TEXT["en"][key], TEXT["es"][key]
    assert placeholders(en) == placeholders(es)
    names = placeholders(en)
    if names:  # and the template formats with exactly those names
        values = {n: f"<{n}>" for n in names}
        for lang in ("en", "es"):
            out = text(lang, key, **values)
            assert all(f"<{n}>" in out for n in names)


def test_spanish_is_translated():
    same = [k for k in TEXT["en"] if TEXT["en"][k] == TEXT["es"][k]]
    # a few strings are the same in both languages (symbols, names, formulas)
    assert len(same) < len(TEXT["en"]) // 8, same
    for key in ("title", "iteration", "loss_metric", "step", "reset", "table_invalid",
                "link_problems", "settings_reset", "table_changed"):
        assert TEXT["en"][key] != TEXT["es"][key], key


@pytest.mark.parametrize(("x", "digits", "en", "es"), [
    (0.99993704, 8, "0.99993704", "0,99993704"),
    (10_000, 8, "10,000", "10.000"),
    (1234.5, 8, "1,234.5", "1.234,5"),
    (-0.16595599059485, 8, "−0.16595599", "−0,16595599"),
    (6.460939533670806e-05, 6, "6.46094e−5", "6,46094e−5"),
    (0.3099458499092816, 6, "0.309946", "0,309946"),
    (0.5, 8, "0.5", "0,5"),
    (0, 8, "0", "0"),
    (1_000_000, 8, "1,000,000", "1.000.000"),
])
def test_number_uses_the_languages_marks(x, digits, en, es):
    assert number(x, "en", digits) == en
    assert number(x, "es", digits) == es


@pytest.mark.parametrize("x", [float("nan"), float("inf"), -float("inf")])
def test_number_of_non_finite_values(x):
    assert number(x, "en") == number(x, "es")
    assert "nan" not in number(x, "en").lower()


def test_number_reads_back_in_spanish():
    for x in (0.123456, 98765.4321, -3.5, 2.5e-7, 12):
        shown = number(x, "es", 6).replace("−", "-").replace(".", "").replace(",", ".")
        assert float(shown) == pytest.approx(x, rel=1e-5)


def _error(make):
    with pytest.raises(TableError) as info:
        make()
    return info.value


ERRORS = [
    (lambda: Table.from_rows(["x1", "y"], [["0", "1"], ["a", "1"]]), "2", "x1"),
    (lambda: Table.from_rows(["x1", "y"], [["", "1"]]), "1", "x1"),
    (lambda: Table.from_rows(["x1", "y"], [["1", "2"]]), "1", "y"),
    (lambda: Table.from_rows(["x1", "y"], [["1", "0"], ["2e6", "1"]]), "2", "x1"),
    (lambda: Table.from_rows(["x1", "y"], [[float("inf"), 1]]), "1", "x1"),
    (lambda: Table.from_csv("x1,y\n1,0\n1"), "2", None),
    (lambda: Table.from_rows(["x1", "x1", "y"], [[1, 1, 1]]), None, None),
    (lambda: Table.from_rows(["x" * 41, "y"], [[1, 1]]), None, None),
    (lambda: Table.from_rows(["x1"], [[1]]), None, None),
    (lambda: Table.from_rows([f"x{k}" for k in range(41)], [[0] * 41]), None, None),
    (lambda: Table.from_rows([f"x{k}" for k in range(34)], [[0] * 34]), None, None),
    (lambda: Table.from_rows(["x1", "y"], []), None, None),
    (lambda: Table.from_csv(""), None, None),
    (lambda: Table.from_csv(b"\x00\x01"), None, None),
]


@pytest.mark.parametrize(("make", "row", "column"), ERRORS)
def test_table_errors_are_said_in_each_language(make, row, column):
    error = _error(make)
    en, es = table_error("en", error), table_error("es", error)
    assert en and es and en != es, (en, es)
    if row:
        assert f"row {row}" in en and f"fila {row}" in es
    if column:
        assert f"column {column}" in en and f"columna {column}" in es


def test_a_number_in_an_error_follows_the_language():
    error = _error(lambda: Table.from_rows(["x1", "y"], [["1", "0.25"], ["1234567.5", "1"]]))
    assert "1,234,567.5" in table_error("en", error)
    assert "1.234.567,5" in table_error("es", error)


@pytest.mark.parametrize("choice", sources.choices())
def test_presets_and_data_sets_have_titles_and_descriptions_in_both_languages(choice):
    for lang in ("en", "es"):
        assert TEXT[lang][sources.text_key(choice)].strip()
        assert TEXT[lang][sources.text_key(choice) + "_help"].strip()
    assert sources.description(choice, "en") != sources.description(choice, "es")


def test_data_set_parameters_are_labelled_in_both_languages():
    for p in datasets.PARAMETERS:
        for lang in ("en", "es"):
            assert TEXT[lang][sources.KEYS[p.name]].strip()
    assert sources.title("data:circle", "es") == "Círculo"
    assert text("es", sources.KEYS["points"]) == "Puntos"


def test_every_registry_choice_the_sidebar_offers_is_in_the_catalogue():
    from neuron.config import ACTIVATIONS, LOSSES, REGULARIZATIONS
    for lang in TEXT:
        for key in [*ACTIVATIONS, *LOSSES, *(f"reg_{r}" for r in REGULARIZATIONS)]:
            assert key in TEXT[lang], (lang, key)
    assert text("es", "linear") == "lineal"
