"""Heavy work in the real page (issue 21): Compare and uploads (a CSV table, a take-home
JSON run) are worked out in a worker process while the page follows them; Compare's result
is neuron.sweep's, Cancel stops it, and the visitor can Step meanwhile."""

from __future__ import annotations

import numpy as np

from lab import settings, sources, take_home
from lab.text import number, text
from neuron import Config, Trainer, datasets, presets, sweep

from .helpers import EXCEPTION, TIMEOUT_MS, as_int, metric_text, wait_for_app, wait_for_metric

STEP = ".st-key-step button:visible"
COMPARE = ".st-key-compare button:visible"
CANCEL = ".st-key-compare_cancel button:visible"
PROGRESS = '[data-testid="stProgress"]'
CHART = '[data-testid="stPlotlyChart"]'


def open_page(new_page, url):
    page = new_page(1280, 900, locale="en-US")
    page.goto(url, wait_until="domcontentloaded")
    wait_for_app(page)
    return page


def test_compare_gives_sweeps_result_and_the_page_steps_meanwhile(app_url, new_page):
    page = open_page(new_page, app_url + "?view=compare&preset=xor&hidden=2&target=3000")
    page.locator(COMPARE).click()
    page.wait_for_selector(PROGRESS)
    before = metric_text(page, "Iteration")
    page.locator(STEP).click()  # the page is the visitor's while the runs train
    wait_for_metric(page, "Iteration", changed_from=before)
    page.wait_for_selector(CHART, timeout=4 * TIMEOUT_MS)
    expected = sweep(Config(hidden=(2,)), presets.get("xor"), 3000, seeds=range(1, 17))
    said = text("en", "compare_result", fit=int(expected.fits.sum()), total=16,
                iterations=number(3000, "en"))
    page.get_by_text(said).wait_for()
    assert page.locator(PROGRESS).count() == 0
    assert page.locator(EXCEPTION).count() == 0
    assert 0 < expected.fits.sum() < 16 and np.isfinite(expected.loss).all()


def test_compare_can_be_cancelled(app_url, new_page):
    page = open_page(new_page, app_url + "?view=compare&data=spiral.1000.0.0&hidden=8"
                                         "&target=20000")
    page.locator(COMPARE).click()
    page.wait_for_selector(CANCEL)
    assert page.locator(COMPARE).is_disabled()
    page.locator(CANCEL).click()
    page.get_by_text(text("en", "work_cancelled")).wait_for()
    page.wait_for_selector(PROGRESS, state="detached")
    assert page.locator(COMPARE).is_enabled()
    assert page.locator(CHART).count() == 0
    assert page.locator(EXCEPTION).count() == 0


def upload(page, path):
    page.get_by_role("tab", name="Table").click()
    page.locator('[data-testid="stExpander"] summary', has_text="Load a CSV file").click()
    page.locator('.st-key-upload input[type="file"]').set_input_files(str(path))


def test_an_upload_is_read_in_a_worker_and_loaded(app_url, new_page, tmp_path):
    page = open_page(new_page, app_url)
    table = datasets.get("circle", 3000, 10, 4)
    good = tmp_path / "circle.csv"
    good.write_text(table.to_csv())
    upload(page, good)
    page.wait_for_function("""() => [...document.querySelectorAll('[data-testid="stMetric"]')]
        .some(m => m.innerText.includes('/ 3,000'))""", timeout=2 * TIMEOUT_MS)
    assert as_int(metric_text(page, "Iteration")) == 0
    bad = tmp_path / "bad.csv"
    bad.write_text("x1,y\n1,0\n2,oops\n")
    if not page.locator(".st-key-upload").is_visible():
        page.locator('[data-testid="stExpander"] summary', has_text="Load a CSV file").click()
    page.locator('.st-key-upload input[type="file"]').set_input_files(str(bad))
    page.get_by_text("Could not load bad.csv").wait_for()
    # the last good table is kept
    assert page.locator('[data-testid="stMetric"]', has_text="/ 3,000").count() == 1
    assert page.locator(EXCEPTION).count() == 0


# a take-home run on the largest table the page takes: a single neuron trained this far
# (seconds to train again when the file is read)
RUN_ROWS, RUN_ITERATIONS = 10_000, 20_000
WEIGHT_LABELS = """() => [...[...document.querySelectorAll('*')].map(e => e.shadowRoot)
    .find(r => r && r.querySelector('.stage')).querySelectorAll('svg.diagram text.weight-label')]
    .map(t => t.textContent.trim())"""


def test_a_large_run_file_is_read_in_a_worker_and_rebuilt_exactly(app_url, new_page,
                                                                    tmp_path):
    """While a take-home JSON is read and its run trained again in a worker, the page shows
    the progress and another visitor's Step answers; then the page shows the file's run:
    its iteration, loss and weights as a straight run of the trainer gives them."""
    table = datasets.get("circle", RUN_ROWS, 10, 3)
    trainer = Trainer(Config(learning_rate=0.001), table).run(RUN_ITERATIONS)
    page_settings = {k: settings.defaults()[k] for k in settings.PAGE_SETTINGS}
    path = tmp_path / "neuron-lab-run.json"
    path.write_text(take_home.write(trainer, sources.CUSTOM, {}, page_settings, None))
    page = open_page(new_page, app_url)
    other = open_page(new_page, app_url)
    upload(page, path)
    page.wait_for_selector(PROGRESS)
    before = metric_text(other, "Iteration")
    other.locator(STEP).click()
    wait_for_metric(other, "Iteration", changed_from=before)
    assert page.locator(PROGRESS).count() == 1  # answered while the file was being read
    wait_for_metric(page, "Iteration", equals=number(RUN_ITERATIONS, "en"),
                    timeout=5 * TIMEOUT_MS)
    wait_for_app(page)
    assert metric_text(page, "Loss") == number(trainer.loss(), "en", 6)
    shown = page.evaluate(WEIGHT_LABELS)
    assert shown == [number(v, "en", 3) for w in trainer.weights for v in w.ravel()]
    assert page.locator(PROGRESS).count() == 0
    assert page.locator(EXCEPTION).count() == 0 and other.locator(EXCEPTION).count() == 0


def test_a_train_handed_to_a_worker_from_the_stage_comes_back(app_url, new_page):
    """Train on a network and table large enough to go to a worker: pressed on the stage
    (whose part reruns alone), the page follows the work and shows where it ended."""
    page = new_page(1280, 720, locale="en-US")
    page.goto(app_url + "/?lang=en&data=circle.200.10.0&hidden=8x8&act=tanh&bias=1"
              "&lr=0.005&test=0.3", wait_until="domcontentloaded")
    wait_for_app(page)
    page.locator(".st-key-train button:visible").click()
    wait_for_metric(page, "Iteration", equals="10,000", timeout=2 * TIMEOUT_MS)
    wait_for_app(page)
    assert page.locator(".st-key-step button:visible").is_enabled()
    assert page.locator(EXCEPTION).count() == 0
