"""lab.link: the page's state as URL query parameters, and back; decoding never raises."""

import sys
from dataclasses import fields
from pathlib import Path
from urllib.parse import parse_qsl, urlencode

import hypothesis
import numpy as np
import pytest
from hypothesis import HealthCheck, given
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from lab import link, settings, sources  # noqa: E402
from neuron import Config, Table, presets  # noqa: E402
from neuron.config import MAX_HIDDEN_LAYERS  # noqa: E402

DEFAULTS = dict(lang="en", preset="seed", table=presets.get("seed"),
                source=sources.defaults(), settings=settings.defaults(), iteration=0,
                lr_changes=[], present=False, discrete=False, test_rows=True, hide=[],
                view="table", ask=None)
SETTINGS = hypothesis.settings(max_examples=150, deadline=None,
                               suppress_health_check=[HealthCheck.too_slow])


def state(config=None, target=None, **changes):
    """A state; ``config`` and ``target`` set the sidebar's settings they stand for."""
    s = {**DEFAULTS, **changes}
    s["settings"] = dict(s["settings"])
    if config is not None:
        s["settings"].update(settings.from_config(config))
    if target is not None:
        s["settings"]["target_iterations"] = target
    return s


def config(s):
    return settings.config(s["settings"])


def through_url(params):
    """The parameters as a browser sends them back: URL-encoded, then parsed."""
    return dict(parse_qsl(urlencode(params), keep_blank_values=True))


def round_trip(s):
    params = link.encode(s)
    assert all(isinstance(k, str) and isinstance(v, str) for k, v in params.items())
    decoded, problems = link.decode(through_url(params), DEFAULTS)
    assert problems == []
    return params, decoded


def assert_same(decoded, s):
    for key in ("lang", "settings", "iteration", "present", "discrete", "test_rows", "hide",
                "view", "ask"):
        assert decoded[key] == s[key], key
    assert config(decoded) == config(s)
    assert decoded["table"] == s["table"]
    assert decoded["table"].columns == s["table"].columns
    assert [tuple(c) for c in decoded["lr_changes"]] == [tuple(c) for c in s["lr_changes"]]


@pytest.mark.parametrize("name", presets.names())
def test_presets_round_trip_by_name(name):
    s = state(preset=name, table=presets.get(name), iteration=123)
    params, decoded = round_trip(s)
    assert params["preset"] == name and "table" not in params
    assert decoded["preset"] == name
    assert_same(decoded, s)


NAMES = [
    (["a,b", 'say "hi"'], ["out,put"]),
    (["ñandú", "日本語"], ["ü"]),
    (["<img src=x onerror=alert(1)>", "x') OR 1=1 --"], ["<b>y</b>"]),
    (["  spaced", "tab"], ["y = 1"]),
]


@pytest.mark.parametrize(("inputs", "targets"), NAMES)
def test_custom_tables_round_trip(inputs, targets):
    table = Table([[0.1, -2.5], [1e-7, 123456.789], [1 / 3, 0.5]],
                  [[0.0], [1.0], [0.123456789]], inputs, targets)
    s = state(preset="custom", table=table,
              config=Config(hidden=(4, 4), activation="relu", loss="cross_entropy",
                            learning_rate=0.1, bias=True, seed=2**32 - 1),
              target=1_000_000, iteration=999_999, lr_changes=[(0, 0.3), (17, 100.0)],
              present=True, hide=["table", "ask"], lang="es", view="explain",
              ask=[0.1, -2.5e-7, 1e6])
    s["settings"].update(speed=100, step_size=100_000)
    params, decoded = round_trip(s)
    assert "table" in params and "preset" not in params
    assert decoded["preset"] == "custom"
    assert_same(decoded, s)
    # the inputs and targets are bit-for-bit the same numbers
    assert decoded["table"].inputs.tobytes() == table.inputs.tobytes()
    assert decoded["table"].targets.tobytes() == table.targets.tobytes()


def test_a_custom_table_equal_to_a_preset_is_sent_by_name():
    table = Table.from_csv(presets.get("xor").to_csv())
    params, decoded = round_trip(state(preset="custom", table=table))
    # written in full (the state says custom) but recognised as the preset when read
    assert decoded["table"] == presets.get("xor")
    assert decoded["preset"] == "xor"
    assert params  # any encoding is fine


def test_a_wide_table_with_several_targets_round_trips():
    inputs = [[(r * 7 + c) % 5 - 2 for c in range(32)] for r in range(40)]
    targets = [[(r + c) % 2 for c in range(8)] for r in range(40)]
    table = Table(inputs, targets)
    _, decoded = round_trip(state(preset="custom", table=table))
    assert decoded["table"] == table
    assert decoded["table"].target_names == table.target_names


def random_table(rows, seed=0):
    rng = np.random.default_rng(seed)
    return Table(rng.uniform(-10, 10, (rows, 3)).round(5), rng.integers(0, 2, (rows, 1)))


def test_the_largest_table_a_link_holds_round_trips_and_a_larger_one_is_named():
    fits = [rows for rows in (50, 100, 200, 400, 800, 10_000)
            if link.encode(state(preset="custom", table=random_table(rows)))["table"]
            != link.TABLE_TOO_LARGE]
    assert 50 in fits and 10_000 not in fits and fits == sorted(fits)
    largest = random_table(fits[-1])
    params, decoded = round_trip(state(preset="custom", table=largest, iteration=7))
    assert decoded["table"] == largest and decoded["iteration"] == 7
    assert link.length(params) <= link.MAX_LINK_CHARS
    # one too large: the link keeps all the rest, names the table, and is read
    ask = [123456.789] * 3
    s = state(preset="custom", table=random_table(10_000), iteration=7, ask=ask,
              lr_changes=[(i, 0.5) for i in range(1, 50)], lang="es")
    params = link.encode(s)
    assert params["table"] == link.TABLE_TOO_LARGE
    assert link.length(params) <= link.MAX_LINK_CHARS
    decoded, problems = link.decode(through_url(params), DEFAULTS)
    assert problems == [link.TABLE_TOO_LARGE]
    assert decoded["table"] == DEFAULTS["table"]
    assert (decoded["lang"], decoded["iteration"], decoded["ask"]) == ("es", 7, ask)


def test_a_table_that_fits_alone_but_not_with_the_rest_of_the_link_is_left_out():
    rows = 1
    while link.encode_table(random_table(rows * 2)) is not None:
        rows *= 2
    while link.encode_table(random_table(rows + 1)) is not None:
        rows += 1  # the largest table whose text alone fits
    s = state(preset="custom", table=random_table(rows), ask=[1e5 + 1 / 3] * 3,
              lr_changes=[(i, 1 / 3) for i in range(1, 50)])
    params = link.encode(s)
    assert params["table"] == link.TABLE_TOO_LARGE
    assert link.length(params) <= link.MAX_LINK_CHARS
    assert link.decode(through_url(params), DEFAULTS)[1] == [link.TABLE_TOO_LARGE]


@pytest.mark.parametrize("lr", [0.001, 0.1, 0.3, 1 / 3, 2.5, 100.0])
def test_learning_rates_round_trip_exactly(lr):
    _, decoded = round_trip(state(config=Config(learning_rate=lr)))
    assert config(decoded).learning_rate == lr


@pytest.mark.parametrize("view", link.VIEWS)
def test_every_view_round_trips_and_the_first_is_not_written(view):
    params, decoded = round_trip(state(view=view))
    assert decoded["view"] == view
    assert ("view" in params) == (view != link.VIEWS[0])


@pytest.mark.parametrize(("discrete", "test_rows"), [(False, True), (True, True),
                                                    (False, False), (True, False)])
def test_the_planes_switches_round_trip_and_defaults_are_not_written(discrete, test_rows):
    params, decoded = round_trip(state(discrete=discrete, test_rows=test_rows))
    assert (decoded["discrete"], decoded["test_rows"]) == (discrete, test_rows)
    assert ("discrete" in params) == discrete and ("testrows" in params) == (not test_rows)


@pytest.mark.parametrize(("key", "param", "value"), [
    ("speed", "speed", 1), ("speed", "speed", 100), ("step_size", "n", 1),
    ("step_size", "n", 12_345), ("target_iterations", "target", 1),
    ("hidden", "hidden", MAX_HIDDEN_LAYERS), ("bias", "bias", True)])
def test_each_setting_has_its_own_parameter(key, param, value):
    s = state()
    s["settings"][key] = value
    params, decoded = round_trip(s)
    assert param in params
    assert decoded["settings"][key] == value
    assert_same(decoded, s)


def test_settings_are_read_from_the_settings_table_by_their_link_names():
    """Every parameter the settings table names is one a link may carry; each Config field's
    is its declared one; the links already shared keep working."""
    names = {x.param for x in settings.SETTINGS if x.param} | {"hidden"}
    assert names <= link.KNOWN
    assert {f.metadata["link"] for f in fields(Config)} - {None} <= names
    assert {"act", "loss", "lr", "bias", "seed", "target", "speed", "n", "hidden", "batch",
            "reg", "rr", "test"} <= names


@pytest.mark.parametrize("key", [s.key for s in settings.SETTINGS])
def test_each_settings_default_reads_back_from_its_link(key):
    s = state()
    params = link.encode(s)
    decoded, problems = link.decode(through_url(params), DEFAULTS)
    assert problems == []
    assert decoded["settings"][key] == s["settings"][key]


# -- bad links --------------------------------------------------------------------------

BAD = [
    ({"table": "garbage"}, ["table"]),
    ({"table": "1."}, ["table"]),
    ({"table": "9.eJwLAAA"}, ["table"]),
    ({"table": "0." + link.encode_table(presets.get("seed")).split(".", 1)[1]}, ["table"]),
    ({"hidden": "99"}, ["hidden"]),
    ({"hidden": "2x0"}, ["hidden"]),
    ({"hidden": "2x"}, ["hidden"]),
    ({"hidden": "x".join(["2"] * (MAX_HIDDEN_LAYERS + 1))}, ["hidden"]),
    ({"lr": "nan"}, ["lr"]),
    ({"lr": "inf"}, ["lr"]),
    ({"lr": "0"}, ["lr"]),
    ({"lr": "101"}, ["lr"]),
    ({"it": "-5"}, ["it"]),
    ({"it": "1e3"}, ["it"]),
    ({"seed": "4294967296"}, ["seed"]),
    ({"target": "0"}, ["target"]),
    ({"lang": "fr"}, ["lang"]),
    ({"preset": "nope"}, ["preset"]),
    ({"lrs": "5:1,2:3"}, ["lrs"]),
    ({"lrs": "5:1,5:2"}, ["lrs"]),
    ({"hide": "table,everything"}, ["hide"]),
    ({"present": "yes"}, ["present"]),
    ({"discrete": "true"}, ["discrete"]),
    ({"testrows": "2"}, ["testrows"]),
    ({"bias": "true"}, ["bias"]),
    ({"act": "softmax"}, ["act"]),
    ({"loss": "hinge"}, ["loss"]),
    ({"speed": "7"}, ["speed"]),
    ({"n": "0"}, ["n"]),
    ({"n": "100001"}, ["n"]),
    ({"view": "nope"}, ["view"]),
    ({"view": "Explain"}, ["view"]),
    ({"ask": "1,nan"}, ["ask"]),
    ({"ask": "1e7"}, ["ask"]),
    ({"ask": "a,b"}, ["ask"]),
    ({"foo": "1", "bar": ""}, ["bar", "foo"]),
]


@pytest.mark.parametrize(("params", "problems"), BAD)
def test_bad_parts_are_named_and_fall_back(params, problems):
    decoded, found = link.decode(params, DEFAULTS)
    assert sorted(found) == sorted(problems)
    assert decoded == DEFAULTS


def test_good_parts_survive_next_to_bad_ones():
    decoded, problems = link.decode({"lang": "es", "lr": "nan", "it": "12", "hidden": "3",
                                     "seed": "x"}, DEFAULTS)
    assert sorted(problems) == ["lr", "seed"]
    assert decoded["lang"] == "es" and decoded["iteration"] == 12
    assert config(decoded) == Config(hidden=(3,))


def test_an_oversized_link_is_refused_whole():
    decoded, problems = link.decode({"lang": "es", "table": "x" * 20_000}, DEFAULTS)
    assert problems == ["link"]
    assert decoded == DEFAULTS


def test_a_table_that_inflates_enormously_is_refused():
    import base64
    import zlib
    bomb = "x1,y\n" + "0,0\n" * 650_000  # 2.6 MB of CSV
    packed = base64.urlsafe_b64encode(zlib.compress(bomb.encode(), 9)).decode().rstrip("=")
    assert len(packed) < link.MAX_LINK_CHARS
    decoded, problems = link.decode({"table": f"1.{packed}"}, DEFAULTS)
    assert problems == ["table"]
    assert decoded["table"] == DEFAULTS["table"]


# -- properties ---------------------------------------------------------------------------

KEYS = sorted(link.KNOWN) + ["other", ""]
text_values = st.text(max_size=60) | st.sampled_from(
    ["0", "1", "2x2", "-1", "nan", "1e400", "0:1", "en", "es", "seed", "xor", "table",
     "1.eJwLAAA", "4294967295", "1000001"])


@SETTINGS
@given(st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=12), text_values,
                       max_size=10))
def test_decode_never_raises_and_each_part_is_read_or_named(params):
    decoded, problems = link.decode(params, DEFAULTS)
    assert isinstance(problems, list) and all(isinstance(p, str) for p in problems)
    assert set(decoded) == set(DEFAULTS)
    assert set(decoded["settings"]) == set(DEFAULTS["settings"])
    assert isinstance(config(decoded), Config)
    assert isinstance(decoded["table"], Table)
    assert decoded["lang"] in ("en", "es")
    assert 1 <= decoded["settings"]["target_iterations"] <= link.MAX_TARGET
    assert 1 <= decoded["settings"]["step_size"] <= settings.MAX_STEP_SIZE
    assert decoded["settings"]["speed"] in settings.SPEEDS
    assert 0 <= decoded["iteration"] <= link.MAX_TARGET
    assert set(decoded["hide"]) <= set(link.SECTIONS)
    assert decoded["view"] in link.VIEWS
    for key in params:
        if key not in link.KNOWN:
            assert key in problems
    # a part that was not named as a problem was taken from the link
    if "lang" in params and "lang" not in problems:
        assert decoded["lang"] == params["lang"]
    if "it" in params and "it" not in problems:
        assert decoded["iteration"] == int(params["it"])
    if "lr" in params and "lr" not in problems:
        assert config(decoded).learning_rate == float(params["lr"])
    if "seed" in params and "seed" not in problems:
        assert config(decoded).seed == int(params["seed"])
    if "view" in params and "view" not in problems:
        assert decoded["view"] == params["view"]
    # a part named as a problem left its default in place
    if "it" in problems:
        assert decoded["iteration"] == DEFAULTS["iteration"]
    if "lang" in problems:
        assert decoded["lang"] == DEFAULTS["lang"]
    if "hidden" in problems and "playground" not in params:  # else the lesson's network
        assert config(decoded).hidden == config(DEFAULTS).hidden
    if "view" in problems:
        assert decoded["view"] == DEFAULTS["view"]


@SETTINGS
@given(st.text(min_size=1, max_size=200))
def test_decode_table_never_raises_past_decode(value):
    decoded, problems = link.decode({"table": value}, DEFAULTS)
    assert problems in ([], ["table"])
    if problems:
        assert decoded["table"] == DEFAULTS["table"]


def test_a_column_name_with_a_semicolon_round_trips():
    """The CSV inside the link is comma-separated, but a ';' in the header makes the
    reader split on ';'."""
    table = Table([[0, 1], [1, 0]], [1, 0], ["a;b", "c"], ["y"])
    _, decoded = round_trip(state(preset="custom", table=table))
    assert decoded["table"] == table


# ';' has its own test above
names = st.text(st.characters(codec="utf-8", exclude_categories=["Cc", "Cs", "Zl", "Zp"],
                              exclude_characters=";"),
                min_size=1, max_size=12).filter(lambda s: s.strip() == s and s.strip())


@SETTINGS
@given(st.lists(names, min_size=2, max_size=5, unique=True),
       st.integers(1, 3), st.data())
def test_any_table_round_trips(columns, n_targets, data):
    n_targets = min(n_targets, len(columns) - 1)
    n_rows = data.draw(st.integers(1, 5))
    floats = st.floats(-1e6, 1e6, allow_nan=False)
    inputs = [[data.draw(floats) for _ in columns[:-n_targets]] for _ in range(n_rows)]
    targets = [[data.draw(st.floats(0, 1)) for _ in range(n_targets)] for _ in range(n_rows)]
    table = Table(inputs, targets, columns[:-n_targets], columns[-n_targets:])
    _, decoded = round_trip(state(preset="custom", table=table))
    assert decoded["table"] == table
    assert decoded["table"].columns == table.columns


def test_a_playground_part_sets_the_data_set_and_the_settings():
    lesson = "dataset=gauss&noise=20&networkShape=3&activation=linear&batchSize=5&learningRate=0.1"
    decoded, problems = link.decode({"playground": lesson.replace("&", "%26")}, DEFAULTS)
    assert problems == []
    assert decoded["preset"] == "data:gaussians"
    assert decoded["source"]["data_noise"] == 20 and decoded["source"]["data_points"] == 500
    assert decoded["table"] == sources.table("data:gaussians", decoded["source"])
    c = config(decoded)
    assert (c.hidden, c.activation, c.batch_size) == ((3,), "linear", 5)
    assert c.learning_rate == pytest.approx(0.02)
    decoded, problems = link.decode({"playground": lesson + "&zoom=2", "lr": "0.5"}, DEFAULTS)
    assert problems == ["playground (zoom)"] and config(decoded).learning_rate == 0.5
