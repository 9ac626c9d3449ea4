"""Issue 3's browser smoke test: the real page in Chromium, Step moves the Iteration metric."""

from __future__ import annotations

import time

from .helpers import (
    EXCEPTION,
    as_int,
    metric_text,
    screenshot_whole_page,
    wait_for_app,
    wait_for_metric,
)

STEP_BUTTON = ".st-key-step button:visible"  # st.button also renders a hidden copy


def load(page, url: str) -> float:
    """Open ``url`` and wait until Streamlit has rendered it; seconds it took."""
    t0 = time.perf_counter()
    page.goto(url, wait_until="domcontentloaded")
    wait_for_app(page)
    return time.perf_counter() - t0


def assert_no_exception(page) -> None:
    boxes = page.locator(EXCEPTION)
    assert boxes.count() == 0, "Streamlit exception shown:\n" + "\n---\n".join(
        boxes.all_inner_texts())


def test_step_moves_iteration(app_url, new_page, artifacts):
    page = new_page(1280, 900, locale="en-US")  # the page picks its language from the browser
    loaded_in = load(page, app_url)
    assert_no_exception(page)

    before = metric_text(page, "Iteration")
    t0 = time.perf_counter()
    page.locator(STEP_BUTTON).click()
    after = wait_for_metric(page, "Iteration", changed_from=before)
    updated_in = time.perf_counter() - t0
    wait_for_app(page)
    assert as_int(after) == as_int(before) + 1, f"Iteration went {before!r} -> {after!r}"
    assert_no_exception(page)

    page.mouse.move(5, page.viewport_size["height"] - 5)  # no hover tooltip in the picture
    screenshot_whole_page(page, artifacts / "laptop.png")
    print(f"page load {loaded_in:.2f} s, Step click to Iteration update {updated_in:.3f} s")


def test_phone_width(app_url, new_page, artifacts):
    page = new_page(390, 844, is_mobile=True, has_touch=True, device_scale_factor=2,
                    locale="en-US")
    load(page, app_url)
    assert_no_exception(page)
    screenshot_whole_page(page, artifacts / "phone.png")


def test_spanish(app_url, new_page, artifacts):
    page = new_page(1280, 900, locale="es-ES")
    load(page, app_url + "/?lang=es")
    assert_no_exception(page)
    screenshot_whole_page(page, artifacts / "es.png")
