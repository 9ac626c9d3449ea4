"""Both languages everywhere (issue 20.7): numbers as the page writes them in toasts,
errors, cells, charts' axes and the CSV download; Compare names its runs."""

import json

import numpy as np
import pytest

from lab.text import md, text
from neuron import Table, datasets
from tests.test_app import click, compare, edit, metrics, open_view, page, set_widget, values
from tests.test_views import chart, downloads  # noqa: F401  (downloads: a fixture)


@pytest.mark.parametrize("lang,latest,shown", [("es", "12.345", "10"),
                                               ("en", "12,345", "10")])
def test_a_toast_writes_its_numbers_as_the_page_does(lang, latest, shown):
    at = page({"lang": lang, "n": "12345"})
    click(at, "step_many")
    set_widget(at, "slider", "timeline", 10)
    click(at, "step")
    said = values(at.toast)
    assert text(lang, "back_to_latest", latest=latest, shown=shown) in said, said


def test_a_spanish_error_writes_both_readings_as_spanish_does():
    at = page({"lang": "es", "view": "table"})
    edit(at, {0: {"x1": "1.234"}})
    errors = " ".join(values(at.error))
    assert f"«{md('1.234')}» podría ser 1,234 o 1234:" in errors, errors
    assert "1234.0" not in errors and "1234,0" not in errors


def test_a_new_rows_cells_start_empty_not_none():
    at = page({"lang": "es", "view": "table"})
    (grid,) = [d for d in at.data_editor if d.key.startswith("table_")]
    config = {k: v for k, v in json.loads(grid.proto.columns).items() if k != "_index"}
    assert sorted(config) == ["x1", "x2", "x3", "y"]
    assert all(c.get("default") == "" for c in config.values()), config


@pytest.mark.parametrize("lang,sep,mark", [("es", ";", ","), ("en", ",", ".")])
def test_the_csv_download_follows_the_readers_spreadsheet_and_reads_back(
        downloads, lang, sep, mark):  # noqa: F811
    at = page({"lang": lang, "data": "circle.40.10.3", "view": "table"})
    data = downloads(at, "download_csv").decode()
    header, first = data.splitlines()[:2]
    assert header == sep.join(["x1", "x2", "y"])
    assert len(first.split(sep)) == 3 and mark in first
    assert Table.from_csv(data) == datasets.get("circle", points=40, noise=10, seed=3)


@pytest.mark.parametrize("lang", ["es", "en"])
def test_compare_names_every_run_and_writes_its_axes_in_the_pages_language(lang):
    at = page({"lang": lang, "preset": "xor", "hidden": "2", "target": "3000"})
    open_view(at, "compare")
    compare(at)
    spec = chart(at, "compare_chart")
    layout = spec["layout"]
    assert layout["separators"] == (",." if lang == "es" else ".,")
    for axis in ("xaxis", "yaxis"):  # never plotly's SI prefixes (10k, 100μ)
        assert "s" not in layout[axis]["tickformat"] and "," in layout[axis]["tickformat"]
    runs = spec["data"]
    assert layout["showlegend"] and len(runs) == 16
    names = [r["name"] for r in runs]
    assert len(set(names)) == 16
    assert all(text(lang, "compare_fits") in n or text(lang, "compare_misses") in n
               for n in names)
    assert len({(r["line"]["color"], r["line"]["dash"]) for r in runs}) == 16
    assert np.isfinite([y for r in runs for y in r["y"]]).all()


def test_counts_of_rows_are_written_as_the_page_writes_numbers():
    at = page({"lang": "es", "data": "circle.10000.0.0", "view": "boundary"})
    right = metrics(at)[text("es", "rows_right")]
    assert right.endswith(" / 10.000"), right
    summary = next(c for c in values(at.caption) if c.startswith("Salida por encima"))
    assert " de 10.000 filas correctas." in summary, summary
