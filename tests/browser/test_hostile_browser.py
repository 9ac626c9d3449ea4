"""Hostile input and shared state in a real browser (issues 5 and 4).

- A column named ``<img src=x onerror=alert(1)>`` (loaded from a link) and preset
  descriptions full of HTML show as literal text: no dialog opens, no such <img> exists.
- Two browser contexts on one server, each with its own table and iteration, never see each
  other's.
- Stopping the server mid-session, starting it again on the same port and reloading the
  page's URL gives back the same table, settings, iteration and weights.
- Issue 4: the page's URL opened in a fresh context shows the same iteration and weights.
"""

from __future__ import annotations

import re
import sys
from urllib.parse import parse_qs, urlencode, urlparse

from playwright.sync_api import TimeoutError as PlaywrightTimeout

from .helpers import EXCEPTION, as_int, metric_text, wait_for_app, wait_for_metric
from .server import REPO_ROOT

if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from lab import link, settings, sources  # noqa: E402
from neuron import Config, Table  # noqa: E402

HOSTILE = "<img src=x onerror=alert(1)>"
HOSTILE_APP = "tests/browser/hostile_app.py"
STEP = ".st-key-step button:visible"
STEP_MANY = ".st-key-step_many button:visible"


# -- helpers -----------------------------------------------------------------------------

def watch_dialogs(page) -> list[str]:
    """Every alert/confirm/prompt the page opens (each dismissed), to assert none did."""
    seen: list[str] = []

    def dismiss(dialog):
        seen.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", dismiss)
    return seen


def open_page(new_page, url: str):
    page = new_page(1280, 900, locale="en-US")
    dialogs = watch_dialogs(page)
    page.goto(url, wait_until="domcontentloaded")
    wait_for_app(page)
    assert_no_exception(page)
    return page, dialogs


def assert_no_exception(page) -> None:
    boxes = page.locator(EXCEPTION)
    assert boxes.count() == 0, "Streamlit exception shown:\n" + "\n---\n".join(
        boxes.all_inner_texts())


def link_url(base: str, table: Table, iteration: int = 0, view: str = "table",
             **config) -> str:
    values = {**settings.defaults(), **settings.from_config(Config(**config))}
    params = link.encode(dict(lang="en", preset="custom", table=table, settings=values,
                              iteration=iteration, lr_changes=[], present=False, hide=[],
                              view=view))
    return f"{base}/?{urlencode(params)}"


def params_of(page) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlparse(page.url).query).items()}


def wait_for_param(page, key: str, value: str) -> None:
    page.wait_for_function("([k, v]) => new URLSearchParams(location.search).get(k) === v",
                           arg=[key, value])


def iteration(page) -> int:
    return as_int(metric_text(page, "Iteration"))


def click_step(page, times: int = 1) -> None:
    for _ in range(times):
        before = metric_text(page, "Iteration")
        page.locator(STEP).click()
        wait_for_metric(page, "Iteration", changed_from=before)
    wait_for_app(page)


def set_number(page, key: str, value: str) -> None:
    page.bring_to_front()
    box = page.locator(f".st-key-{key} input")
    box.fill(value)
    box.press("Enter")
    page.wait_for_function("([k, v]) => document.querySelector(`.st-key-${k} input`).value === v",
                           arg=[key, value])
    wait_for_app(page)


def choose_preset(page, name: str) -> None:
    # A react-aria ComboBox: its Open button shows the listbox (a click on the input does
    # not), only in the focused window, and a click just after a rerun can go unheard:
    # bring the page forward and press again until the listbox is there.
    page.bring_to_front()
    option = page.get_by_role("option", name=sources.title(name, "en"), exact=True)
    for _ in range(10):
        page.locator(".st-key-preset button[aria-label='Open']").click()
        try:
            option.wait_for(state="visible", timeout=3_000)
            break
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
    option.click()
    wait_for_param(page, "preset", name)
    wait_for_app(page)


# the stage's SVG is drawn inside its component's shadow root
_STAGE = """[...document.querySelectorAll('*')].map(e => e.shadowRoot)
    .find(r => r && r.querySelector('.stage'))"""
_GRIDS_DRAWN = """() => {
    const grids = [...document.querySelectorAll('[data-testid="stDataFrame"]')];
    const stage = """ + _STAGE + """;
    return grids.length > 0 && grids.every(g => g.querySelector('td'))
        && !!stage && stage.querySelector('svg.diagram text') !== null;
}"""


def grids_drawn(page) -> None:
    """Wait until every grid has filled its accessible <table> and the diagram its labels
    (both come a moment after Streamlit says the run is over)."""
    wait_for_app(page)
    page.wait_for_function(_GRIDS_DRAWN, polling="raf")


def editor_headers(page) -> list[str]:
    """The table editor's column headers (glide-data-grid keeps an accessible <table>)."""
    grids_drawn(page)
    return page.evaluate("""() => [...document.querySelectorAll(
        '[class*="st-key-table_"] [data-testid="stDataFrame"] th')].map(h => h.innerText.trim())
        .filter(t => t)""")


def predictions_cells(page) -> list[str]:
    grids_drawn(page)
    return page.evaluate("""() => {
        const frames = [...document.querySelectorAll('[data-testid="stDataFrame"]')]
            .filter(f => !f.closest('[class*="st-key-table_"]'));
        return frames.length ? [...frames[0].querySelectorAll('th, td')]
            .map(c => c.innerText.trim()) : null;
    }""")


def diagram_labels(page) -> list[str]:
    """Every text the network diagram draws: weight labels on the edges, neuron names."""
    grids_drawn(page)
    return page.evaluate("""() => [...(""" + _STAGE + """).querySelectorAll(
        'svg.diagram text')].map(t => t.textContent.trim()).filter(t => t)""")


def snapshot(page) -> dict:
    """What a visitor sees of the state: iteration, loss, weights, table, predictions."""
    return dict(iteration=metric_text(page, "Iteration"), loss=metric_text(page, "Loss"),
                weights=diagram_labels(page), headers=editor_headers(page),
                predictions=predictions_cells(page),
                learning_rate=page.locator(".st-key-learning_rate input").input_value())


def no_hostile_img(page) -> None:
    srcs = page.evaluate("""() => [...document.querySelectorAll('img, image, iframe, script')]
        .map(e => e.getAttribute('src') || e.getAttribute('href') || e.textContent || '')""")
    assert "x" not in srcs, srcs
    assert not [s for s in srcs if "alert" in s], srcs
    assert page.evaluate("() => document.querySelectorAll('[onerror]').length") == 0


# -- (a) hostile names and descriptions show as text -------------------------------------

def test_a_hostile_column_name_shows_as_text(app_url, new_page):
    table = Table([[0, 0], [1, 1], [1, 0], [0, 1]], [0, 1, 1, 0], [HOSTILE, "x2"], ["y"])
    page, dialogs = open_page(new_page, link_url(app_url, table, iteration=3))
    assert iteration(page) == 3
    assert HOSTILE in editor_headers(page)
    # in full, or shortened where the diagram has no room for it (in full on hover)
    assert any(HOSTILE in label or label.endswith("…") and HOSTILE.startswith(label[:-1])
               for label in diagram_labels(page))
    click_step(page)  # the name survives a rerun too
    wait_for_app(page)
    no_hostile_img(page)
    for view, least in (("predictions", 1), ("explain", 3), ("boundary", 1)):
        page, seen = open_page(new_page, link_url(app_url, table, iteration=3, view=view))
        if view == "predictions":
            assert HOSTILE in predictions_cells(page)
        body = page.evaluate("() => document.body.innerText")
        assert body.count(HOSTILE) >= least, view  # grid, Ask label, tables, axis title
        no_hostile_img(page)
        dialogs += seen
    assert dialogs == []
    assert_no_exception(page)


def test_html_in_preset_descriptions_shows_as_text(serve, new_page):
    from .hostile_app import HOSTILE_DESCRIPTION

    server = serve(HOSTILE_APP)
    page, dialogs = open_page(new_page, server.url)
    captions = page.locator('[data-testid="stCaptionContainer"]').all_inner_texts()
    assert HOSTILE_DESCRIPTION in captions
    choose_preset(page, "xor")
    captions = page.locator('[data-testid="stCaptionContainer"]').all_inner_texts()
    assert HOSTILE_DESCRIPTION in captions
    page.wait_for_timeout(500)
    no_hostile_img(page)
    assert page.evaluate("() => document.querySelectorAll('b').length") == 0
    assert dialogs == []
    assert_no_exception(page)


# -- (b) two visitors never share a table or an iteration ---------------------------------

def test_two_contexts_keep_their_own_table_and_iteration(app_url, new_page):
    custom = Table([[0, 0], [1, 1], [1, 0]], [0, 1, 1], ["peso, kg", "ñandú"], ["fin"])
    a, dialogs_a = open_page(new_page, app_url)
    b, dialogs_b = open_page(new_page, link_url(app_url, custom))
    choose_preset(a, "xor")
    for k in range(3):  # interleaved: A steps once, B twice, three times over
        click_step(a)
        click_step(b, 2)
        assert iteration(a) == k + 1 and iteration(b) == 2 * (k + 1)
    set_number(b, "step_size", "40")
    b.locator(STEP_MANY).click()
    wait_for_metric(b, "Iteration", equals="46")
    wait_for_app(b)
    a.reload(wait_until="domcontentloaded")
    wait_for_app(a)
    for page, want_it, want_cols, want_params in [
            (a, 3, ["x1", "x2", "x3", "y (target)"], {"preset": "xor"}),
            (b, 46, ["peso, kg", "ñandú", "fin (target)"], {"table": link.encode_table(custom)})]:
        assert iteration(page) == want_it
        assert editor_headers(page) == want_cols
        params = params_of(page)
        assert params["it"] == str(want_it)
        for key, value in want_params.items():
            assert params[key] == value
    assert "table" not in params_of(a) and "preset" not in params_of(b)
    assert dialogs_a == dialogs_b == []
    assert_no_exception(a)
    assert_no_exception(b)


# -- (c) a restarted server gives the same state back from the URL ------------------------

def test_a_restarted_server_gives_the_same_state_back(serve, new_page):
    server = serve("app.py")
    page, dialogs = open_page(new_page, server.url)
    choose_preset(page, "or")
    click_step(page, 3)
    set_number(page, "learning_rate", "0.5")  # a settings change that keeps the weights
    click_step(page, 2)
    before = snapshot(page)
    url = page.url
    params = params_of(page)
    assert before["iteration"] == "5" and before["learning_rate"] == "0.5"
    assert params["preset"] == "or" and params["lr"] == "0.5" and params["it"] == "5"
    assert params["lrs"] == "0:1,3:0.5"

    port = server.port
    server.stop()
    again = serve("app.py", port=port)
    assert again.url == server.url
    page.goto(url, wait_until="domcontentloaded")
    wait_for_app(page)
    assert_no_exception(page)
    assert snapshot(page) == before
    assert params_of(page) == params
    assert dialogs == []


# -- (d) issue 4: a shared link shows the same iteration and weights ---------------------

def test_a_shared_link_opens_the_same_state_in_a_fresh_context(app_url, new_page):
    teacher, _ = open_page(new_page, app_url)
    choose_preset(teacher, "and")
    set_number(teacher, "step_size", "25")
    for want in ("25", "50"):
        teacher.locator(STEP_MANY).click()
        wait_for_metric(teacher, "Iteration", equals=want)
    click_step(teacher)
    wait_for_param(teacher, "it", "51")
    shown = snapshot(teacher)
    assert shown["iteration"] == "51"
    weights = [w for w in shown["weights"] if re.fullmatch(r"[−-]?[\d.,]+", w)]
    assert len(weights) == 3  # x1, x2, x3 -> y

    student, dialogs = open_page(new_page, teacher.url)
    assert snapshot(student) == shown
    assert params_of(student) == params_of(teacher)
    click_step(student)  # and both continue identically
    click_step(teacher)
    assert snapshot(student) == snapshot(teacher)
    assert dialogs == []
