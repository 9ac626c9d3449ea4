"""Hostile and broken input (issue 5), without a browser.

- ``Table.from_csv`` / ``Table.from_dataframe`` on arbitrary text, bytes and small DataFrames
  return a Table or raise ``TableError``: never another exception, never a warning.
- ``lab.link.decode`` on arbitrary query parameters never raises and falls back per field:
  a good field next to a bad one is still applied.
- Uploads through ``lab.state.load_csv``: an empty file, a binary file, a file over the size
  limit, 100,000 rows, 200 columns, quoted and unicode headers. Each gets a clear message in
  both languages and the current table and trainer stay as they were.
"""

import base64
import re
import sys
import tomllib
import warnings
import zlib
from pathlib import Path

import hypothesis
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from lab import editor as lab_editor  # noqa: E402
from lab import link, settings, sources  # noqa: E402
from lab import state as lab_state  # noqa: E402
from lab.text import table_error, text  # noqa: E402
from neuron import Config, Table, TableError, Trainer, presets  # noqa: E402
from neuron.csv_file import MAX_CSV_BYTES  # noqa: E402

FUZZ = hypothesis.settings(max_examples=300, deadline=None,
                           suppress_health_check=[HealthCheck.too_slow,
                                                  HealthCheck.data_too_large])


def table_or_table_error(build, *args, **kwargs):
    """Call ``build``; it must return a Table or raise TableError, and warn about nothing."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result = build(*args, **kwargs)
        except TableError as error:
            assert isinstance(error.rule, str) and str(error)
            result = error
    assert not caught, [f"{w.category.__name__}: {w.message}" for w in caught]
    if not isinstance(result, TableError):
        assert isinstance(result, Table)
    return result


# -- Table.from_csv ----------------------------------------------------------------------

CSV_ALPHABET = st.sampled_from(list("0123456789.,;\t\n\r\"' -+eEx yñ∞\x00\u2212NaInf"))
csv_like = st.text(CSV_ALPHABET, max_size=200)


@FUZZ
@given(st.one_of(st.text(max_size=300), csv_like))
@example("")
@example("x1,y\n1e400,1")
@example('"a,y\n1,1')
@example("a,y\n" + "9" * 400 + ",1")
@example("a;y\n0,5;1\n1.234,5;0")
@example("a,a\n1,1")
@example("\x00,y\n1,1")
def test_from_csv_on_any_text(data):
    table_or_table_error(Table.from_csv, data)


@FUZZ
@given(st.binary(max_size=300))
@example(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
@example(b"\xff\xfe\x00a")
@example(b"\x81\x8d\x8f")
@example("peso;ñandú;y\n1,5;2;1".encode("cp1252"))
def test_from_csv_on_any_bytes(data):
    table_or_table_error(Table.from_csv, data)


@FUZZ
@given(csv_like, st.lists(st.text(max_size=5), max_size=3))
def test_from_csv_with_any_target_names(data, targets):
    table_or_table_error(Table.from_csv, data, targets=targets)


# -- Table.from_dataframe ----------------------------------------------------------------

cells = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(),  # unbounded: Python ints far beyond what a float holds
    st.integers(-(2**63), 2**63 - 1).map(np.int64),
    st.sampled_from([0, 1, 0.5, -1e6, 1e6, 1e300, 2**64, np.nan, np.inf, -np.inf, None,
                     pd.NA, pd.NaT, True, False, np.float32(0.25), "0,5", "1.234,5", "",
                     " ", "nan", "inf", "−1", "1e400", "abc", "<b>x</b>", b"1", 1 + 2j]),
    st.text(max_size=12),
)
column_names = st.one_of(
    st.sampled_from(["x1", "x2", "y", "y1", "target", "", " ", "a" * 41, "ñandú",
                     "<img src=x onerror=alert(1)>", None, 0, 1.5, float("nan")]),
    st.text(max_size=45),
)


@st.composite
def frames(draw):
    n_cols = draw(st.integers(0, 5))
    names = draw(st.lists(column_names, min_size=n_cols, max_size=n_cols))
    n_rows = draw(st.integers(0, 5))
    rows = [draw(st.lists(cells, min_size=n_cols, max_size=n_cols)) for _ in range(n_rows)]
    df = pd.DataFrame(rows, columns=names, dtype=object) if n_cols else pd.DataFrame(rows)
    if draw(st.booleans()):
        df = df.infer_objects()
    return df


@FUZZ
@given(frames(), st.one_of(st.none(), st.lists(column_names, max_size=3)))
def test_from_dataframe_on_any_small_frame(df, targets):
    table_or_table_error(Table.from_dataframe, df, targets=targets)


@pytest.mark.parametrize("value", [10**400, -(10**400), 2**1100], ids=["1e400", "-1e400", "2^1100"])
def test_from_dataframe_with_an_int_too_big_for_a_float(value):
    """An object column holding a Python int beyond float range (10**400): a TableError."""
    df = pd.DataFrame({"x1": [value], "y": [1]}, dtype=object)
    assert isinstance(table_or_table_error(Table.from_dataframe, df), TableError)


@pytest.mark.parametrize("thing", [None, 3, "text", [[1, 2]], {"a": [1]}])
def test_from_dataframe_on_things_that_are_not_frames(thing):
    table_or_table_error(Table.from_dataframe, thing)


# -- the link decoder --------------------------------------------------------------------

DEFAULTS = dict(lang="en", preset="seed", table=presets.get("seed"),
                source=sources.defaults(), settings=settings.defaults(), iteration=0,
                lr_changes=[], present=False, hide=[], view="table", ask=None)
CUSTOM = Table([[0, 0], [1, 1], [1, 0]], [0, 1, 1], ["peso, kg", "ñandú"], ["y"])


def packed(content, n_targets="1"):
    """A ``table`` parameter wrapping any text the way encode_table wraps CSV."""
    data = base64.urlsafe_b64encode(zlib.compress(content.encode("utf-8", "surrogatepass")))
    return f"{n_targets}.{data.decode().rstrip('=')}"


def check_decoded(params):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        state, problems = link.decode(params, DEFAULTS)
    assert not caught, [str(w.message) for w in caught]
    assert state.keys() == DEFAULTS.keys()
    assert isinstance(problems, list) and all(isinstance(p, str) for p in problems)
    assert isinstance(state["table"], Table)
    assert state["settings"].keys() == DEFAULTS["settings"].keys()
    state["config"] = settings.config(state["settings"])  # never raises for decoded values
    assert isinstance(state["config"], Config)
    return state, problems


@FUZZ
@given(st.dictionaries(st.one_of(st.sampled_from(sorted(link.KNOWN)), st.text(max_size=10)),
                       st.text(max_size=60), max_size=16))
def test_decode_never_raises(params):
    check_decoded(params)


@FUZZ
@given(st.text(max_size=400), st.sampled_from(["0", "1", "2", "3", "99"]))
@example("\r0", "1")  # a carriage return alone in the header line
def test_decode_any_packed_table_content(content, n_targets):
    check_decoded({"table": packed(content, n_targets)})


@pytest.mark.parametrize("content", [
    "a" * 200_000 + ",y\n1,1",  # one header cell beyond the csv module's field limit
    "x1,y\n" + '"' + "1" * 200_000 + '",1',  # one data cell beyond it
    "x1,y\n" + "0,1\n" * 20_000,  # more rows than a table may have
    "",
], ids=["long-header-cell", "long-data-cell", "20000-rows", "empty"])
def test_decode_packed_table_too_big_for_csv(content):
    state, problems = check_decoded({"table": packed(content), "it": "3"})
    assert problems == ["table"]
    assert state["table"] == DEFAULTS["table"] and state["iteration"] == 3


def test_decode_a_link_over_the_length_limit_keeps_the_defaults():
    state, problems = check_decoded({"it": "3", "junk": "x" * link.MAX_LINK_CHARS})
    assert problems == ["link"]
    assert state.pop("config") == Config() and state == DEFAULTS


# Per field: (parameter, valid value, what decode makes of it in the state).
GOOD = {
    "lang": ("es", lambda s: s["lang"] == "es"),
    "preset": ("xor", lambda s: s["preset"] == "xor"),  # the table: checked below
    "table": (link.encode_table(CUSTOM), lambda s: s["table"] == CUSTOM),
    "hidden": ("3x3", lambda s: s["config"].hidden == (3, 3)),
    "act": ("tanh", lambda s: s["config"].activation == "tanh"),
    "loss": ("cross_entropy", lambda s: s["config"].loss == "cross_entropy"),
    "lr": ("0.25", lambda s: s["config"].learning_rate == 0.25),
    "bias": ("1", lambda s: s["config"].bias is True),
    "seed": ("42", lambda s: s["config"].seed == 42),
    "target": ("500", lambda s: s["settings"]["target_iterations"] == 500),
    "speed": ("5", lambda s: s["settings"]["speed"] == 5),
    "n": ("250", lambda s: s["settings"]["step_size"] == 250),
    "view": ("boundary", lambda s: s["view"] == "boundary"),
    "ask": ("1,0.5,-2", lambda s: s["ask"] == [1.0, 0.5, -2.0]),
    "it": ("7", lambda s: s["iteration"] == 7),
    "lrs": ("0:1,5:0.5", lambda s: s["lr_changes"] == [(0, 1.0), (5, 0.5)]),
    "present": ("1", lambda s: s["present"] is True),
    "hide": ("table,settings", lambda s: s["hide"] == ["table", "settings"]),
}
# Where each field's value lands in the state, to check a bad one left the default.
DEFAULT_OF = {
    "lang": lambda s: s["lang"] == "en",
    "preset": lambda s: s["preset"] in ("seed", "custom"),  # checked below
    "table": lambda s: True,  # checked with the preset below
    "hidden": lambda s: s["config"].hidden == (),
    "act": lambda s: s["config"].activation == "sigmoid",
    "loss": lambda s: s["config"].loss == "squared",
    "lr": lambda s: s["config"].learning_rate == 1.0,
    "bias": lambda s: s["config"].bias is False,
    "seed": lambda s: s["config"].seed == 1,
    "target": lambda s: s["settings"]["target_iterations"] == 10_000,
    "speed": lambda s: s["settings"]["speed"] == 20,
    "n": lambda s: s["settings"]["step_size"] == 100,
    "view": lambda s: s["view"] == "table",
    "ask": lambda s: s["ask"] is None,
    "it": lambda s: s["iteration"] == 0,
    "lrs": lambda s: s["lr_changes"] == [],
    "present": lambda s: s["present"] is False,
    "hide": lambda s: s["hide"] == [],
}


@FUZZ
@given(st.dictionaries(st.sampled_from(sorted(GOOD)), st.booleans(), max_size=len(GOOD)),
       st.text(max_size=40))
def test_decode_falls_back_per_field(choice, garbage):
    """Each field good or bad ("!" + anything is never valid for any field): the good ones
    are applied, the bad ones are named and keep their defaults."""
    params = {name: GOOD[name][0] if good else "!" + garbage for name, good in choice.items()}
    state, problems = check_decoded(params)
    assert sorted(problems) == sorted(n for n, good in choice.items() if not good)
    for name, good in choice.items():
        if good:
            assert GOOD[name][1](state), (name, params)
        else:
            assert DEFAULT_OF[name](state), (name, params)
    if choice.get("table"):  # a table in the link wins over a preset
        assert state["table"] == CUSTOM
        assert state["preset"] == ("xor" if choice.get("preset") else "custom")
    elif choice.get("preset"):
        assert state["table"] == presets.get("xor")
    else:
        assert state["table"] == DEFAULTS["table"]


def test_a_good_field_next_to_a_bad_one_is_applied():
    state, problems = check_decoded({"lr": "abc", "seed": "42", "it": "-1", "lang": "es",
                                     "table": "1.@@@", "preset": "and"})
    assert sorted(problems) == ["it", "lr", "table"]
    assert state["config"].seed == 42 and state["config"].learning_rate == 1.0
    assert state["lang"] == "es" and state["iteration"] == 0
    assert state["table"] == presets.get("and")


# -- uploads -----------------------------------------------------------------------------

def fresh_lab(iterations=5):
    """A lab part-way through training, as the page keeps it (load_csv needs no Streamlit)."""
    table = presets.get("seed")
    trainer = Trainer(Config(), table).run(iterations)
    lab = lab_state.Lab(table, trainer, lab_state.Editor())
    lab_editor.shown(lab, "en")  # the editor drawn, as on the page's Table view
    return lab


def upload(data, name="upload.csv"):
    lab = fresh_lab()
    before = (lab.table, lab.trainer, lab.trainer.iteration, lab.trainer.params.copy(),
              lab.editor.frame, lab.editor.version)
    lab_state.load_csv(lab, name, data)
    assert len(lab.notices) == 1
    return lab, before


def messages(lab):
    """The notice said in both languages, as the page's notices() would say it."""
    kind, key, values = lab.notices[-1]
    out = {}
    for lang in ("en", "es"):
        shown = {k: table_error(lang, v) if isinstance(v, TableError) else v
                 for k, v in values.items()}
        # read as shown: markdown's escaping backslashes (lab.text.md) dropped
        out[lang] = re.sub(r"\\(.)", r"\1", text(lang, key, **shown))
    return kind, key, values, out


def assert_refused(data, rule, en_words, es_words, name="upload.csv"):
    lab, before = upload(data, name)
    kind, key, values, said = messages(lab)
    assert (kind, key) == ("error", "upload_failed")
    assert values["reason"].rule == rule, values["reason"]
    for lang, words in (("en", en_words), ("es", es_words)):
        assert name in said[lang], said[lang]
        for word in words:
            assert word in said[lang], (lang, said[lang])
    assert "kept" in said["en"] and "mantiene" in said["es"]
    # the current table and trainer are untouched
    table, trainer, iteration, params, editor_frame, version = before
    assert lab.table is table and lab.trainer is trainer
    assert lab.trainer.iteration == iteration
    np.testing.assert_array_equal(lab.trainer.params, params)
    assert lab.editor.frame is editor_frame and lab.editor.version == version
    assert lab.problem is None
    return said


def test_upload_empty_file():
    assert_refused(b"", "empty", ["empty"], ["vacío"])
    assert_refused(b"\n\n  \r\n", "empty", ["empty"], ["vacío"])


@pytest.mark.parametrize("data", [
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10",
    bytes(np.random.default_rng(5).integers(0, 256, 4096, dtype=np.uint8)) + b"\x00",
    b"\x81\x8d\x8f\x90\x9d" * 10,  # no NUL, but neither UTF-8 nor cp1252
], ids=["png", "random", "not-cp1252"])
def test_upload_binary_file(data):
    assert_refused(data, "not_text", ["not a text"], ["no es un archivo de texto"],
                   name="picture.png")


def test_upload_over_the_size_limit():
    row = b"0,0,1,0\n"
    data = b"x1,x2,x3,y\n" + row * (MAX_CSV_BYTES // len(row) + 1)
    assert len(data) > MAX_CSV_BYTES
    assert_refused(data, "too_big", ["too large", "5,000,000"],
                   ["demasiado grande", "5.000.000"], name="big.csv")


def test_server_refuses_uploads_before_the_table_does():
    """The server's own limit (config.toml maxUploadSize, MB) lies within Table's, so a file
    over it never reaches Python; Table's MAX_CSV_BYTES is the second guard."""
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    limit_mb = config["server"]["maxUploadSize"]
    assert 0 < limit_mb * 1024 * 1024 <= MAX_CSV_BYTES


def test_upload_100000_rows():
    data = ("x1,x2,x3,y\n" + "0,0,1,0\n1,1,1,1\n" * 50_000).encode()
    assert_refused(data, "count", ["10,000", "rows", "100,000"], ["10.000", "filas", "100.000"])


def test_a_downloaded_table_uploads_back_with_its_own_target_columns():
    """half_adder's targets (sum, carry) do not follow the y/target naming convention;
    the page's own CSV download must still come back with the same targets."""
    lab = fresh_lab()
    lab_state.set_table(lab, presets.get("half_adder"))  # what load_preset does
    table = lab.table
    lab_state.load_csv(lab, "neuron-lab-table.csv", table.to_csv().encode())
    assert lab.table == table and lab.table.target_names == ("sum", "carry")


@pytest.mark.parametrize("value", [10**400, -(2**7000), 2**70])
def test_a_huge_integer_cell_is_a_table_error(value):
    df = pd.DataFrame({"x": [value], "y": [0]})
    with pytest.raises(TableError) as caught:
        Table.from_dataframe(df)
    assert caught.value.row == 1 and caught.value.column == "x"


def test_upload_200_columns():
    header = ",".join(f"x{i}" for i in range(1, 200)) + ",y"
    data = (header + "\n" + ",".join(["0"] * 200) + "\n").encode()
    assert_refused(data, "too_many_columns", ["200", "columns"], ["200", "columnas"])


def test_upload_row_shorter_than_header():
    assert_refused(b"x1,x2,y\n1,0,1\n1,0\n", "cell_count", ["row 2", "2 cells", "3 columns"],
                   ["fila 2", "2 celdas", "3 columnas"])


def test_upload_a_cell_that_is_not_a_number():
    assert_refused("x1;ñandú;y\n1;<b>dos</b>;1\n".encode(), "not_a_number",
                   ["row 1", "ñandú", "<b>dos</b>"], ["fila 1", "ñandú", "<b>dos</b>"])


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_upload_quoted_unicode_headers_with_decimal_commas(encoding):
    data = '"peso, kg";"ñandú";y\n1,5;2,25;1\n0,5;1.234,5;0\n'.encode(encoding)
    lab, before = upload(data, "ñandú.csv")
    kind, key, values, said = messages(lab)
    assert (kind, key) == ("info", "table_loaded")
    assert "ñandú.csv" in said["en"] and "ñandú.csv" in said["es"]
    assert lab.table.input_names == ("peso, kg", "ñandú")
    assert lab.table.target_names == ("y",)
    np.testing.assert_array_equal(lab.table.inputs, [[1.5, 2.25], [0.5, 1234.5]])
    assert lab.trainer is not before[1] and lab.trainer.iteration == 0
    assert lab.trainer.table is lab.table


def test_upload_quoted_header_with_quotes_inside():
    lab, _ = upload(b'"say ""hi""",y\n1,0\n')
    assert lab.table.input_names == ('say "hi"',)
