"""Two server processes: the lesson lives in the link, so when the process that served it
stops, another one carries it on (what several replicas behind a proxy rely on)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from lab.link import decode_table, encode_table
from lab.text import number
from neuron import Config, Table, Trainer

from .helpers import EXCEPTION, metric_text, wait_for_app, wait_for_metric

TRAIN = ".st-key-train button:visible"
STEP = ".st-key-step button:visible"
# Not a preset, so the table itself travels in the link.
TABLE = Table.from_csv("a,b,y\n0,0,0\n0,1,1\n1,0,1\n1,1,1\n0.5,0.5,1\n")
CONFIG = Config(learning_rate=0.5, seed=7, bias=True)
TARGET = 300


def query(url):
    return parse_qs(urlsplit(url).query)


def test_a_second_process_carries_on_the_lesson(serve, new_page):
    first, second = serve(), serve()
    lesson = (f"/?lang=en&lr=0.5&seed=7&bias=1&target={TARGET}"
              f"&table={encode_table(TABLE)}")
    page = new_page(1280, 900, locale="en-US")
    page.goto(first.url + lesson, wait_until="domcontentloaded")
    wait_for_app(page)
    page.locator(TRAIN).click()
    wait_for_metric(page, "Iteration", equals=number(TARGET, "en"))
    wait_for_app(page)
    page.locator(STEP).click()
    wait_for_metric(page, "Iteration", equals=number(TARGET + 1, "en"))
    wait_for_app(page)
    page.wait_for_function("it => new URL(location.href).searchParams.get('it') === it",
                           arg=str(TARGET + 1))
    link, loss = page.url, metric_text(page, "Loss")
    first.stop()

    elsewhere = new_page(1280, 900, locale="en-US")
    elsewhere.goto(second.url + link.split(first.url, 1)[1], wait_until="domcontentloaded")
    wait_for_app(elsewhere)
    assert metric_text(elsewhere, "Iteration") == number(TARGET + 1, "en")
    assert metric_text(elsewhere, "Loss") == loss
    expected = Trainer(CONFIG, TABLE).run(TARGET + 1)  # independent of either server
    assert loss == number(expected.loss(), "en", 6)
    assert query(elsewhere.url) == query(link)  # table, settings and iteration
    params = query(link)
    assert decode_table(params["table"][0]) == TABLE
    assert (params["lr"], params["seed"], params["bias"]) == (["0.5"], ["7"], ["1"])
    assert elsewhere.locator(EXCEPTION).count() == 0
