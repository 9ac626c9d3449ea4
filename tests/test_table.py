"""Tables from CSV text, bytes and data frames: round trips, decimal commas, target columns."""

import csv
import io
import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from neuron import Table, TableError, presets
from neuron.csv_file import csv_names
from neuron.number_text import parse_cell


@settings(deadline=None)
@given(st.data())
def test_csv_round_trip(data):
    rows = data.draw(st.integers(1, 20))
    n_in, n_out = data.draw(st.integers(1, 4)), data.draw(st.integers(1, 3))
    inputs = data.draw(hnp.arrays(float, (rows, n_in), elements=st.floats(-1e6, 1e6)))
    targets = data.draw(hnp.arrays(float, (rows, n_out), elements=st.floats(0, 1)))
    table = Table(inputs, targets)
    back = Table.from_csv(table.to_csv())
    assert back == table
    assert back.input_names == table.input_names  # every value equal, -0.0 reads back as 0


@pytest.mark.parametrize("name", presets.names())
def test_presets_round_trip(name):
    table = presets.get(name)
    targets = table.target_names  # half_adder's "sum, carry" are not found by name
    assert Table.from_csv(table.to_csv(), targets=targets) == table
    assert Table.from_csv(table.to_csv().encode(), targets=targets) == table


def test_named_columns_round_trip():
    table = Table([[0.5, -2]], [[1, 0]], ["señal", "peso, kg"], ["sum", "carry"])
    back = Table.from_csv(table.to_csv(), targets=["sum", "carry"])
    assert back == table
    assert back.input_names == ("señal", "peso, kg")


def test_semicolons_and_decimal_commas():
    table = Table.from_csv("x1;x2;y\n0,5;1.234,5;1\n-0,25;2;0,75\n")
    np.testing.assert_array_equal(table.inputs, [[0.5, 1234.5], [-0.25, 2]])
    np.testing.assert_array_equal(table.targets, [[1], [0.75]])
    assert table.input_names == ("x1", "x2")


def test_quoted_decimal_comma_in_a_comma_file():
    table = Table.from_csv('a,b,y\n"0,5",1,0\n')
    np.testing.assert_array_equal(table.inputs, [[0.5, 1]])


def test_tabs_spaces_crlf_and_unicode_minus():
    table = Table.from_csv("a\tb\ty\r\n 1 \t\u22122\t1\r\n\r\n")
    np.testing.assert_array_equal(table.inputs, [[1, -2]])
    assert table.n_rows == 1


@pytest.mark.parametrize(("header", "inputs", "targets"), [
    ("a,b,c", ("a", "b"), ("c",)),
    ("y,a,b", ("a", "b"), ("y",)),
    ("a,Y,b", ("a", "b"), ("Y",)),
    ("y1,a,y2", ("a",), ("y1", "y2")),
    ("a,target,b", ("a", "b"), ("target",)),
    ("a,target_sum,targetCarry", ("a",), ("target_sum", "targetCarry")),
    ("x,yes,b", ("x", "yes"), ("b",)),  # "yes" is not y, y1..: the last column is the target
    ("y1,y2", ("y1",), ("y2",)),  # every column looks like a target: the last one is
])
def test_target_columns(header, inputs, targets):
    n = header.count(",") + 1
    table = Table.from_csv(header + "\n" + ",".join(["0"] * n) + "\n")
    assert table.input_names == inputs
    assert table.target_names == targets


def test_explicit_target_columns():
    table = Table.from_csv("a,b,c\n1,0,1\n", targets=["a"])
    assert table.target_names == ("a",)
    assert table.input_names == ("b", "c")


def test_header_is_required():
    with pytest.raises(TableError) as caught:
        Table.from_csv("x1,x2,y\n")
    assert caught.value.rule == "count"
    # The first line is always the header, never a row of numbers.
    with pytest.raises(TableError):
        Table.from_csv("0,0,1,0\n1,1,1,1\n")


@pytest.mark.parametrize("text", ["", "\n\n  \n"])
def test_empty_file(text):
    with pytest.raises(TableError) as caught:
        Table.from_csv(text)
    assert caught.value.rule == "empty"


def test_empty_cell_names_row_and_column():
    with pytest.raises(TableError) as caught:
        Table.from_csv("x1,x2,y\n0,1,1\n1,,0\n")
    e = caught.value
    assert (e.rule, e.row, e.column) == ("empty_cell", 2, "x2")
    assert "row 2" in str(e) and "x2" in str(e)


@pytest.mark.parametrize("cell", ["abc", "nan", "inf", "-Infinity", "1e400", "1/2"])
def test_a_cell_that_is_not_a_finite_number(cell):
    with pytest.raises(TableError) as caught:
        Table.from_csv(f"x1,y\n0,1\n{cell},0\n")
    e = caught.value
    assert e.row == 2 and e.column == "x1"
    assert "row 2" in str(e) and "x1" in str(e)


def test_out_of_range_cells():
    with pytest.raises(TableError) as caught:
        Table.from_csv("x1,y\n0,1\n0,1.5\n")
    assert (caught.value.rule, caught.value.row, caught.value.column) == ("target_range", 2, "y")
    with pytest.raises(TableError) as caught:
        Table.from_csv("x1,y\n2000000,1\n")
    assert (caught.value.rule, caught.value.row, caught.value.column) == ("input_range", 1, "x1")


def test_ragged_rows():
    with pytest.raises(TableError) as caught:
        Table.from_csv("x1,x2,y\n0,1\n")
    assert caught.value.rule == "cell_count" and caught.value.row == 1


def test_one_column_is_not_a_table():
    with pytest.raises(TableError) as caught:
        Table.from_csv("y\n1\n")
    assert caught.value.rule == "too_few_columns"


def test_bytes_utf8_bom_and_cp1252():
    want = Table([[0.5]], [[1]], ["señal"], ["y"])
    assert Table.from_csv("señal;y\n0,5;1\n".encode()) == want
    assert Table.from_csv(b"\xef\xbb\xbf" + "señal;y\n0,5;1\n".encode()) == want
    assert Table.from_csv("señal;y\n0,5;1\n".encode("cp1252")) == want
    assert Table.from_csv(bytearray(b"a,y\n1,0\n")) == Table([[1]], [[0]], ["a"], ["y"])


@pytest.mark.parametrize("data", [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", b"a,y\n1,\x000\n", 12, None])
def test_not_text(data):
    with pytest.raises(TableError) as caught:
        Table.from_csv(data)
    assert caught.value.rule == "not_text"


@settings(deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_give_a_table_or_a_table_error(data):
    try:
        Table.from_csv(data)
    except TableError:
        pass


@settings(deadline=None)
@given(st.text(alphabet=",;\n\t\"'0123456789.-eExy ", max_size=200))
def test_any_text_gives_a_table_or_a_table_error(text):
    try:
        Table.from_csv(text)
    except TableError:
        pass


def test_from_dataframe():
    pd = pytest.importorskip("pandas")
    df = pd.DataFrame({"x1": [0, 1], "x2": [1.5, np.nan], "y": [0, 1]})
    with pytest.raises(TableError) as caught:
        Table.from_dataframe(df)
    assert (caught.value.rule, caught.value.row, caught.value.column) == ("empty_cell", 2, "x2")
    df["x2"] = [1.5, 2]
    table = Table.from_dataframe(df)
    np.testing.assert_array_equal(table.inputs, [[0, 1.5], [1, 2]])
    assert table.target_names == ("y",)
    with pytest.raises(TableError):
        Table.from_dataframe([[1, 2]])


def test_default_names_and_read_only_arrays():
    table = Table([[1, 2]], [[0, 1]])
    assert table.input_names == ("x1", "x2") and table.target_names == ("y1", "y2")
    assert Table([[1]], [1]).target_names == ("y",)
    with pytest.raises(ValueError):
        table.inputs[0, 0] = 5


def test_equality_and_hash():
    a, b = presets.get("and"), presets.get("and")
    assert a == b and hash(a) == hash(b)
    assert a != presets.get("or")
    assert a != Table(a.inputs, a.targets, ["p", "q", "r"], ["y"])


NAMES = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=1,
                max_size=40).filter(lambda s: s.strip() == s and s)


@settings(deadline=None, max_examples=300)
@given(st.data())
def test_csv_round_trip_with_any_names(data):
    n_in, n_out = data.draw(st.integers(1, 3)), data.draw(st.integers(1, 2))
    names = data.draw(st.lists(NAMES, min_size=n_in + n_out, max_size=n_in + n_out,
                               unique=True))
    rows = data.draw(st.integers(1, 3))
    table = Table(data.draw(hnp.arrays(float, (rows, n_in), elements=st.floats(-1e6, 1e6))),
                  data.draw(hnp.arrays(float, (rows, n_out), elements=st.floats(0, 1))),
                  names[:n_in], names[n_in:])
    assert Table.from_csv(table.to_csv(), targets=table.target_names) == table


# -- files as spreadsheets and pandas write them (tests/data/csv) -------------------------

DATA = Path(__file__).parent / "data" / "csv"
EXPECTED = json.loads((DATA / "expected.json").read_text(encoding="utf-8"))


def test_every_data_file_has_an_expectation():
    assert sorted(p.name for p in DATA.glob("*.csv")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_data_file(name):
    want = EXPECTED[name]
    data = (DATA / name).read_bytes()
    if "error" in want:
        with pytest.raises(TableError) as caught:
            Table.from_csv(data)
        e = caught.value
        assert {"rule": e.rule, "row": e.row, "column": e.column, **e.details} == want["error"]
        assert f"row {e.row}, column {e.column}" in str(e) and repr(want["error"]["value"]) in str(e)
        return
    table = Table.from_csv(data)
    assert table.columns == tuple(want["columns"])
    np.testing.assert_array_equal(table.inputs, want["inputs"])
    np.testing.assert_array_equal(table.targets, want["targets"])
    # the same file given as text reads the same (a BOM in a str is not part of a name)
    encoding = "utf-16" if data[:2] == b"\xff\xfe" else "cp1252" if "1252" in name else "utf-8"
    assert Table.from_csv(data.decode(encoding)) == table


# -- numbers: never a different number ------------------------------------------------------

@pytest.mark.parametrize(("text", "en", "es"), [
    ("0,5", 0.5, 0.5), ("0.5", 0.5, 0.5), ("-0,25", -0.25, -0.25), (",5", 0.5, 0.5),
    ("\u22121,5", -1.5, -1.5), ("1,234.50", 1234.5, 1234.5), ("1.234,5", 1234.5, 1234.5),
    ("1,234,567", 1234567, 1234567), ("1.234.567", 1234567, 1234567),
    ("1,234", None, 1.234), ("1.234", 1.234, None), ("1.000", 1, None), ("1,000", None, 1),
    ("0,500", 0.5, 0.5), ("12,34", 12.34, 12.34), ("1,2345", 1.2345, 1.2345),
    ("1e-3", 0.001, 0.001), ("2,5e3", 2500, 2500), (" 7 ", 7, 7),
])
def test_parse_cell(text, en, es):
    for lang, want in (("en", en), ("es", es)):
        if want is None:
            with pytest.raises(TableError) as caught:
                parse_cell(text, lang)
            assert caught.value.rule == "ambiguous_number"
            assert caught.value.details["value"] == text and text in str(caught.value)
        else:
            assert parse_cell(text, lang) == want


@pytest.mark.parametrize("text", ["abc", "1.2.3", "1,2,3", "1,23,456", "1.234,5.6", "1_000",
                                  "١", "nan", "inf", "0x10", "1 234", "--1", "1e", "5%"])
def test_parse_cell_not_a_number(text):
    for lang in ("en", "es"):
        with pytest.raises(TableError) as caught:
            parse_cell(text, lang)
        assert caught.value.rule == "not_a_number"
        assert caught.value.details["value"] == text and repr(text) in str(caught.value)


def test_parse_cell_empty():
    with pytest.raises(TableError) as caught:
        parse_cell("  ", "en")
    assert caught.value.rule == "empty_cell"


@settings(deadline=None, max_examples=300)
@given(st.floats(-1e9, 1e9), st.sampled_from(["en", "es"]), st.booleans(), st.booleans())
def test_parse_cell_reads_numbers_as_written(value, lang, comma, grouped):
    """Written with either decimal mark, grouped or not: the same number or a refusal."""
    text = f"{value:,.6f}" if grouped else f"{value:.6f}"
    if comma:
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    try:
        assert parse_cell(text, lang) == float(f"{value:.6f}")
    except TableError as e:
        assert e.rule == "ambiguous_number"  # "1,234"-like: never read as another number


# -- the page's editor: frames of text or numbers -------------------------------------------

def test_from_dataframe_of_text():
    pd = pytest.importorskip("pandas")
    df = pd.DataFrame({"x1": ["0,5", "1", None], "x2": ["1.234", "2", ""], "y": ["1", "0", None]})
    table = Table.from_dataframe(df, lang="en")  # the blank third row is skipped
    np.testing.assert_array_equal(table.inputs, [[0.5, 1.234], [1, 2]])
    with pytest.raises(TableError) as caught:
        Table.from_dataframe(df, lang="es")
    assert (caught.value.rule, caught.value.row, caught.value.column) == ("ambiguous_number", 1, "x2")


@pytest.mark.parametrize("blank", [None, "", "  ", float("nan"), "NA", "NaT"])
def test_from_dataframe_partly_filled_row_names_the_empty_cell(blank):
    pd = pytest.importorskip("pandas")
    blank = {"NA": pd.NA, "NaT": pd.NaT}.get(blank, blank)
    df = pd.DataFrame({"x1": ["1", "2", blank], "x2": [0.5, blank, blank], "y": [1, 0, 1]},
                      dtype=object)
    with pytest.raises(TableError) as caught:
        Table.from_dataframe(df, lang="es")
    assert (caught.value.rule, caught.value.row, caught.value.column) == ("empty_cell", 2, "x2")
    df.loc[1, "x1"] = blank
    df.loc[1, "y"] = blank  # row 2 is now blank: skipped; row 3 is partly filled
    with pytest.raises(TableError) as caught:
        Table.from_dataframe(df, lang="es")
    assert (caught.value.rule, caught.value.row, caught.value.column) == ("empty_cell", 3, "x1")
    df.loc[2, "y"] = blank
    assert Table.from_dataframe(df, lang="es") == Table([[1, 0.5]], [[1]])


def test_from_dataframe_of_numbers_and_a_blank_new_row():
    pd = pytest.importorskip("pandas")
    df = pd.DataFrame({"x1": [0, 1, np.nan], "y": [1, 0, np.nan]})
    assert Table.from_dataframe(df, lang="en") == Table([[0], [1]], [[1], [0]])


# -- the download: formulas neutralised, reads back the same --------------------------------

FORMULA_NAMES = ['=HYPERLINK("http://x","click")', "@SUM(1)", "+y", "-x", "=1+1", "'=x",
                 "''@y", "'plain", "a=b", "x-1"]


def test_to_csv_neutralises_formula_names():
    table = Table([[-1.5, 2, 3, 4, 5, 6, 7, 8, 9]], [[1]], FORMULA_NAMES[:-1], FORMULA_NAMES[-1:])
    text = table.to_csv()
    header, row = next(csv.reader(io.StringIO(text))), next(csv.reader(io.StringIO(text.split("\n")[1])))
    # a spreadsheet runs a cell as a formula if it starts with = + - @ (or tab, CR)
    assert not any(cell[:1] in "=+-@\t\r" for cell in header)
    assert row[0] == "-1.5"  # numbers stay numbers
    assert Table.from_csv(text, targets=table.target_names) == table
    assert Table.from_csv(text, targets=table.target_names).columns == tuple(FORMULA_NAMES)


@pytest.mark.parametrize("value", [1.234, -12.345, 123.456, 1.5, 1234.5, 0.001])
def test_to_csv_writes_no_ambiguous_number(value):
    text = Table([[value]], [[1]], ["x"], ["y"]).to_csv()
    assert Table.from_csv(text.replace(",", ";")).inputs[0, 0] == value


def test_csv_names_are_the_names_from_csv_reads():
    table = Table([[1, 2]], [[1]], ["@a", "b"], ["=y"])
    assert csv_names(table.to_csv()) == ("@a", "b", "=y")
