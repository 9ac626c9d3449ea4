"""Several server processes: the lesson lives in the link, so another process carries it on.
First two bare processes; then ``deploy/serve.sh 2``, two replicas behind HAProxy, where a
visitor stays on one replica by cookie (the proxy's ``X-Replica`` header says which answered
each request), a link opens the same lesson on either, and a replica killed mid-lesson costs
its visitors a reconnect to the other and a reload of their link, nothing else (back on
the same replica, the page carries on without a reload)."""

from __future__ import annotations

import os
import re
import signal
from urllib.parse import parse_qs, urlsplit

import pytest

from lab.link import decode_table, encode_table
from lab.text import number
from neuron import Config, Table, Trainer

from .helpers import EXCEPTION, as_int, metric_text, wait_for_app, wait_for_metric
from .server import HAPROXY_MISSING, haproxy_installed, start_replicas
from .test_run import PLAYING_AT, RUN_TOGGLE

TRAIN = ".st-key-train button:visible"
STEP = ".st-key-step button:visible"
# Not a preset, so the table itself travels in the link.
TABLE = Table.from_csv("a,b,y\n0,0,0\n0,1,1\n1,0,1\n1,1,1\n0.5,0.5,1\n")
CONFIG = Config(learning_rate=0.5, seed=7, bias=True)
TARGET = 300
LESSON = f"/?lang=en&lr=0.5&seed=7&bias=1&table={encode_table(TABLE)}"
STRETCH = 20 * 100  # iterations in Run's first stretch at the default speed


def query(url):
    return parse_qs(urlsplit(url).query)


def build_lesson(page, url):
    """Train to TARGET and Step once on ``page``: the link and the loss shown."""
    page.goto(url + LESSON + f"&target={TARGET}", wait_until="domcontentloaded")
    wait_for_app(page)
    page.locator(TRAIN).click()
    wait_for_metric(page, "Iteration", equals=number(TARGET, "en"))
    wait_for_app(page)
    page.locator(STEP).click()
    wait_for_metric(page, "Iteration", equals=number(TARGET + 1, "en"))
    wait_for_app(page)
    page.wait_for_function("it => new URL(location.href).searchParams.get('it') === it",
                           arg=str(TARGET + 1))
    return page.url, metric_text(page, "Loss")


def assert_rebuilt(page, link, iteration):
    """``page`` shows the lesson of ``link`` at ``iteration``, as a Trainer of its own says."""
    assert as_int(metric_text(page, "Iteration")) == iteration
    expected = Trainer(CONFIG, TABLE).run(iteration)  # independent of any server
    assert metric_text(page, "Loss") == number(expected.loss(), "en", 6)
    shown, given = query(page.url), query(link)
    assert {k: v for k, v in shown.items() if k != "it"} == \
        {k: v for k, v in given.items() if k != "it"}  # the table and every setting
    assert decode_table(shown["table"][0]) == TABLE
    assert page.locator(EXCEPTION).count() == 0


def test_a_second_process_carries_on_the_lesson(serve, new_page):
    first, second = serve(), serve()
    page = new_page(1280, 900, locale="en-US")
    link, loss = build_lesson(page, first.url)
    first.stop()

    elsewhere = new_page(1280, 900, locale="en-US")
    elsewhere.goto(second.url + link.split(first.url, 1)[1], wait_until="domcontentloaded")
    wait_for_app(elsewhere)
    assert metric_text(elsewhere, "Loss") == loss
    assert_rebuilt(elsewhere, link, TARGET + 1)
    assert query(elsewhere.url) == query(link)
    params = query(link)
    assert (params["lr"], params["seed"], params["bias"]) == (["0.5"], ["7"], ["1"])


# -- behind the proxy -------------------------------------------------------------------------

class Served:
    """Which replica answered each of a page's HTTP requests and WebSocket handshakes (the
    proxy's X-Replica header, from Chromium's network events; data: URLs and disk-cached
    responses left out)."""

    def __init__(self, page):
        self.http, self.sockets = [], []
        cdp = page.context.new_cdp_session(page)
        cdp.on("Network.responseReceived", lambda e: self._http(e["response"]))
        cdp.on("Network.webSocketHandshakeResponseReceived",
               lambda e: self.sockets.append(self._replica(e["response"])))
        cdp.send("Network.enable")

    @staticmethod
    def _replica(response):
        return {k.lower(): v for k, v in response["headers"].items()}.get("x-replica")

    def _http(self, response):
        if response["url"].startswith("http") and not response.get("fromDiskCache"):
            self.http.append(self._replica(response))

    def replicas(self):
        return set(self.http) | set(self.sockets)


@pytest.fixture
def replicas(chromium_path):
    """``deploy/serve.sh 2`` on loopback ports, stopped (every process) at teardown."""
    if not haproxy_installed():
        pytest.skip(HAPROXY_MISSING)
    try:
        running = start_replicas(2)
    except RuntimeError as e:
        pytest.fail(str(e), pytrace=False)
    yield running
    running.stop()


def visitor(new_page, url, replica=None):
    """A visitor's page (its own cookies) and what served it; ``replica`` sets the proxy's
    cookie first, as a visitor sent there before would have it."""
    page = new_page(1280, 900, locale="en-US")
    if replica:
        page.context.add_cookies([{"name": "lab_replica", "value": replica, "url": url}])
    return page, Served(page)


def cookie(page):
    return next(c["value"] for c in page.context.cookies() if c["name"] == "lab_replica")


def playing_past(page, iteration):
    page.wait_for_function(f"({PLAYING_AT})() > {iteration}", polling=100)


def test_a_visitor_stays_on_one_replica_through_run(replicas, new_page):
    # two visitors from one address (a class behind one router): one on each replica
    visitors = [visitor(new_page, replicas.url) for _ in range(2)]
    for page, _ in visitors:
        page.goto(replicas.url + "/?lang=en&target=100000", wait_until="domcontentloaded")
        wait_for_app(page)
    for page, _ in visitors:
        page.locator(RUN_TOGGLE).click()
    for page, _ in visitors:  # the second stretch played: the browser asked for it
        playing_past(page, STRETCH)
    for page, _ in visitors:
        page.locator(RUN_TOGGLE).click()
        wait_for_metric(page, "Iteration", changed_from="__playing__")
        wait_for_app(page)
    served = []
    for page, seen in visitors:
        assert len(seen.sockets) == 1, seen.sockets  # one WebSocket the whole time
        assert len(seen.replicas()) == 1, (seen.http, seen.sockets)
        (replica,) = seen.replicas()
        assert cookie(page) == replica
        served.append(replica)
        assert page.locator(EXCEPTION).count() == 0
    assert sorted(served) == ["r1", "r2"]


def test_a_link_rebuilds_the_same_lesson_on_either_replica(replicas, new_page):
    page, _ = visitor(new_page, replicas.url)
    link, _ = build_lesson(page, replicas.url)
    for replica in ("r1", "r2"):
        elsewhere, seen = visitor(new_page, replicas.url, replica)
        elsewhere.goto(link, wait_until="domcontentloaded")
        wait_for_app(elsewhere)
        assert seen.replicas() == {replica}
        assert_rebuilt(elsewhere, link, TARGET + 1)


def test_a_replica_killed_mid_lesson_costs_a_reconnect_to_the_other(replicas, new_page):
    (page, seen), (other, other_seen) = (visitor(new_page, replicas.url) for _ in range(2))
    for p in (page, other):
        p.goto(replicas.url + LESSON + "&target=100000", wait_until="domcontentloaded")
        wait_for_app(p)
        p.locator(RUN_TOGGLE).click()
        playing_past(p, 0)
    (lost,), (kept,) = seen.replicas(), other_seen.replicas()
    assert lost != kept
    shown, link = page.evaluate(PLAYING_AT), page.url

    os.kill(replicas.pid(lost), signal.SIGKILL)
    page.wait_for_function("() => performance.getEntriesByType('navigation')[0].type === 'reload'",
                           polling=100)  # the page reloaded itself from its link
    wait_for_app(page)
    assert seen.sockets[-1] == kept and cookie(page) == kept
    reached = int(query(page.url)["it"][0])  # Run stopped where the link had got to
    assert reached >= shown
    assert_rebuilt(page, link, reached)
    page.locator(STEP).click()  # and the lesson goes on from there
    wait_for_metric(page, "Iteration", equals=number(reached + 1, "en"))

    # the visitor on the other replica noticed nothing: the same WebSocket, Run playing on
    playing_past(other, other.evaluate(PLAYING_AT))
    assert other_seen.sockets == [kept]
    assert other.locator(EXCEPTION).count() == 0


def test_a_connection_lost_and_back_on_the_same_replica_keeps_the_page(replicas, new_page):
    page, _ = visitor(new_page, replicas.url)
    sockets = []

    def route(ws):  # passed through to the server; kept, to be closed once
        ws.connect_to_server()
        sockets.append(ws)

    page.route_web_socket(re.compile(r".*/_stcore/stream"), route)
    page.goto(replicas.url + "/?lang=en", wait_until="domcontentloaded")
    wait_for_app(page)
    sockets[0].close()
    for _ in range(600):  # Streamlit reconnects by itself (bounded: 60 s)
        if len(sockets) > 1:
            break
        page.wait_for_timeout(100)
    assert len(sockets) == 2
    wait_for_app(page)
    page.locator(STEP).click()  # the stage's fragment reruns: the session was resumed
    wait_for_metric(page, "Iteration", equals="1")
    assert page.evaluate("performance.getEntriesByType('navigation')[0].type") == "navigate"
    assert page.locator(EXCEPTION).count() == 0
