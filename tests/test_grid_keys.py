"""lab/grid_keys.py: what the table's key script reports refused, said in the page's
language (the browser side is tests/browser/test_grid_keys.py)."""

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from lab.grid_keys import refusal, typed  # noqa: E402
from lab.notices import notice  # noqa: E402

KEYS = ["0", ",", "2", "5", "Tab", "0", ",", "7", "5", "Enter"]  # 0,25 Tab 0,75 Enter


def test_keys_are_read_as_the_values_they_type_into_cells():
    assert typed(KEYS) == ("0,25", "0,75")
    assert typed(["1", "2", "Backspace", "3"]) == ("13",)
    assert typed(["9", "Escape", "Shift", "ArrowLeft", "4"]) == ("4",)  # Escape drops 9
    assert typed(["Tab", "Enter", " "]) == ()


@pytest.mark.parametrize(("lang", "said"), [
    ("en", "Not entered: “0,25”, “0,75”, typed into row 1,234, column y (target): the new "
           "table has no such cell."),
    ("es", "No se ha escrito «0,25», «0,75», tecleado en la fila 1.234, columna y (objetivo): "
           "la tabla nueva no tiene esa celda.")])
def test_a_refusal_names_the_cell_and_what_was_typed_in_the_page_language(lang, said):
    column = {"en": "y (target)", "es": "y (objetivo)"}[lang]  # as the grid's header says
    key, values = refusal({"why": "no_cell", "keys": KEYS, "row": 1234, "column": column})
    # (markdown's escapes taken off: the page shows the text they stand for)
    assert notice(lang, key, values).replace("\\", "") == said


def test_a_column_name_is_shown_literally():
    key, values = refusal({"why": "not_taken", "keys": ["7"], "row": 1, "column": "[a](b)"})
    assert "[a](b)" not in notice("en", key, values)


@pytest.mark.parametrize("report", [
    None, [], "refused", {"why": "other", "keys": ["1"], "row": 1, "column": "x1"},
    {"why": "no_cell", "keys": "1", "row": 1, "column": "x1"},
    {"why": "no_cell", "keys": [1], "row": 1, "column": "x1"},
    {"why": "no_cell", "keys": ["1"] * 5000, "row": 1, "column": "x1"},
    {"why": "no_cell", "keys": ["Tab", "Enter"], "row": 1, "column": "x1"}])  # nothing typed
def test_a_report_the_script_does_not_make_says_nothing(report):
    assert refusal(report) is None


@pytest.mark.parametrize("where", [
    {}, {"row": True, "column": "x1"}, {"row": 0, "column": "x1"}, {"row": 1.5, "column": "x1"},
    {"row": 1, "column": ""}, {"row": 1, "column": "x" * 1000}, {"row": 1, "column": 3}])
def test_a_refusal_without_a_readable_cell_still_says_what_was_typed(where):
    key, values = refusal({"why": "no_cell", "keys": KEYS, **where})
    assert key == "keys_no_cell_somewhere"
    assert "0,25" in notice("es", key, values)
