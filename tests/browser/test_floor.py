"""The benchmarks' floor app (issue 5) works in the browser: Step moves Iteration by one."""

from __future__ import annotations

from .helpers import EXCEPTION, as_int, metric_text, wait_for_app, wait_for_metric

FLOOR_APP = "tests/browser/floor_app.py"


def test_floor_app_steps(serve, new_page):
    server = serve(FLOOR_APP)
    page = new_page()
    page.goto(server.url, wait_until="domcontentloaded")
    wait_for_app(page)
    assert metric_text(page, "Iteration") == "0"
    for n in (1, 2, 3):
        page.locator(".st-key-step button:visible").click()
        assert as_int(wait_for_metric(page, "Iteration", equals=str(n))) == n
    wait_for_app(page)
    assert page.locator(EXCEPTION).count() == 0
