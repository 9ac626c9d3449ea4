"""Screenshots of the stage as a class and a student see it, to look at (and for README).

    python -m tests.browser.screenshots                 # every size x language x moment
    python -m tests.browser.screenshots --docs          # README's three pictures in docs/
    python -m tests.browser.screenshots --only 390x844 --lang es
    python -m tests.browser.screenshots --nets              # the big networks, after Train
    python -m tests.browser.screenshots --plane         # the same, on the plane (PLANE)
    python -m tests.browser.screenshots --xor           # XOR: verdict, one-click fix, trained

Sizes: laptop 1280x720, projector 1280x720 in presenter mode (?present=1), 1366x768 and a
phone 390x844; moments: loaded, after Step, after Train, while Run plays, after a pause.
The pictures go to artifacts/shots/ (git-ignored), named size-lang-moment.png (with
--plane, size-lang-plane-moment.png).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from playwright.sync_api import sync_playwright  # noqa: E402

from lab.text import text  # noqa: E402
from tests.browser.helpers import (  # noqa: E402
    ARTIFACTS,
    DOCS,
    launch_chromium,
    metric_text,
    wait_for_app,
    wait_for_metric,
)
from tests.browser.server import start_streamlit  # noqa: E402

SIZES = {
    "1280x720": dict(width=1280, height=720, query=""),
    "1280x720-present": dict(width=1280, height=720, query="&present=1"),
    "1366x768": dict(width=1366, height=768, query=""),
    "390x844": dict(width=390, height=844, query="", phone=True),
}
ITERATION = {"en": "Iteration", "es": "Iteración"}
PLAYING = {lang: text(lang, "iteration_playing") for lang in ("en", "es")}
DOCS_SHOTS = {"1280x720": "stage-laptop.png", "1280x720-present": "stage-projector.png",
              "390x844": "stage-phone.png"}
# the playground: a noisy circle, its measured recipe, 30 % of the rows held out, trained
# networks up to TensorFlow Playground's size, and a loss that falls to 1e-39 in one Step
NETS = {
    "h888": "&data=circle.200.10.0&hidden=8x8x8&act=tanh&bias=1&lr=0.03&it=300",
    "h16": "&data=xor.200.10.0&hidden=16&act=tanh&bias=1&lr=0.03&it=300",
    "h6x8": "&data=spiral.200.10.0&hidden=8x8x8x8x8x8&act=tanh&bias=1&lr=0.03&it=300",
    "gauss": "&data=gaussians.200.0.0&it=1",
}
PLAYGROUND = ("/?lang=en&data=circle.200.10.0&hidden=4&bias=1&lr=0.005&test=0.3&it=3000"
              "&view=boundary")
# the plane on the stage: a noisy circle, hidden (8, 8) tanh, 30 % of the rows held out
PLANE = "&data=circle.200.10.0&hidden=8x8&act=tanh&bias=1&lr=0.005&test=0.3"


def new_page(browser, size):
    spec = SIZES[size]
    extra = dict(is_mobile=True, has_touch=True, device_scale_factor=2) if spec.get("phone") \
        else {}
    context = browser.new_context(viewport={"width": spec["width"], "height": spec["height"]},
                                  **extra)
    context.set_default_timeout(90_000)
    return context, context.new_page()


def click(page, key):
    page.locator(f".st-key-{key} button:visible, .st-key-{key} label:visible").first.click()


def wait_for_label(page, label):
    """Until a metric labelled ``label`` shows (the counter's label says whether Run plays)."""
    page.wait_for_function("""(label) => [...document.querySelectorAll(
        '[data-testid="stMetricLabel"]')].some(l => l.innerText.trim() === label)""", arg=label)


def settle(page, ms=600):
    wait_for_app(page)
    page.mouse.move(2, 2)
    page.wait_for_timeout(ms)


def shoot(browser, url, size, lang, out, moments=("load", "step", "train", "run", "pause"),
          query="", tag=""):
    context, page = new_page(browser, size)
    shots = []

    def shot(name):
        path = out / f"{size}-{lang}-{tag}{name}.png"
        page.screenshot(path=path)
        shots.append(path)

    try:
        page.goto(f"{url}/?lang={lang}{SIZES[size]['query']}{query}",
                  wait_until="domcontentloaded")
        settle(page)
        label = ITERATION[lang]
        if "load" in moments:
            shot("load")
        if "step" in moments:
            before = metric_text(page, label)
            click(page, "step")
            wait_for_metric(page, label, changed_from=before)
            settle(page)
            shot("step")
        if "train" in moments:
            click(page, "reset")
            wait_for_metric(page, label, equals="0")
            settle(page, 200)
            click(page, "train")
            wait_for_metric(page, label, equals="10,000" if lang == "en" else "10.000")
            settle(page)
            shot("train")
        if "run" in moments:
            click(page, "reset")
            wait_for_metric(page, label, equals="0")
            settle(page, 200)
            page.locator(".st-key-running label").first.click()
            wait_for_label(page, PLAYING[lang])
            page.wait_for_timeout(3000)
            shot("run")
        if "pause" in moments:
            page.locator(".st-key-running label").first.click()
            wait_for_label(page, label)
            settle(page)
            shot("pause")
    finally:
        context.close()
    return shots


def shoot_net(browser, url, size, lang, net, out):
    """The stage as a link with one of NETS opens it (trained to its ``it``)."""
    context, page = new_page(browser, size)
    try:
        page.goto(f"{url}/?lang={lang}{SIZES[size]['query']}{NETS[net]}",
                  wait_until="domcontentloaded")
        settle(page, 1000)
        path = out / f"{size}-{lang}-{net}.png"
        page.screenshot(path=path)
    finally:
        context.close()
    return path


def shoot_xor(browser, url, size, lang, out):
    """XOR's story on its defaults: one neuron's verdict (Boundary), the one-click fix, and
    the fixed network trained."""
    context, page = new_page(browser, size)
    shots = []

    def shot(name):
        path = out / f"{size}-{lang}-xor-{name}.png"
        page.screenshot(path=path)
        shots.append(path)

    try:
        page.goto(f"{url}/?lang={lang}{SIZES[size]['query']}&preset=xor&view=boundary",
                  wait_until="domcontentloaded")
        settle(page)
        shot("verdict")
        click(page, "add_hidden")
        settle(page, 500)
        shot("fixed")
        label = ITERATION[lang]
        click(page, "train")
        wait_for_metric(page, label, equals="10,000" if lang == "en" else "10.000")
        settle(page)
        shot("trained")
    finally:
        context.close()
    return shots


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", nargs="*", default=list(SIZES), choices=list(SIZES))
    parser.add_argument("--lang", nargs="*", default=["en", "es"], choices=["en", "es"])
    parser.add_argument("--moments", nargs="*", default=["load", "step", "train", "run", "pause"])
    parser.add_argument("--nets", nargs="*", choices=list(NETS),
                        help="the networks of NETS instead of the moments (none named: all)")
    parser.add_argument("--plane", action="store_true",
                        help="on the plane: the circle, hidden (8, 8), test rows (PLANE)")
    parser.add_argument("--xor", action="store_true",
                        help="XOR's story: the verdict, the one-click fix, trained")
    parser.add_argument("--docs", action="store_true",
                        help="write README's pictures (after Train, English) to docs/")
    args = parser.parse_args(argv)
    out = ARTIFACTS / "shots"
    out.mkdir(parents=True, exist_ok=True)
    DOCS.mkdir(exist_ok=True)
    with start_streamlit("app.py") as server, sync_playwright() as pw:
        browser = launch_chromium(pw)
        if args.docs:
            for size, name in DOCS_SHOTS.items():
                (path,) = shoot(browser, server.url, size, "en", out, moments=("train",))
                (DOCS / name).write_bytes(path.read_bytes())
                print(DOCS / name)
            context, page = new_page(browser, "1280x720")
            page.goto(server.url + PLAYGROUND, wait_until="domcontentloaded")
            settle(page, 1000)
            page.screenshot(path=DOCS / "stage-playground.png")
            context.close()
            print(DOCS / "stage-playground.png")
            return
        if args.xor:
            for size in args.only:
                for lang in args.lang:
                    for path in shoot_xor(browser, server.url, size, lang, out):
                        print(path)
            browser.close()
            return
        if args.nets is not None:
            for size in args.only:
                for lang in args.lang:
                    for net in args.nets or NETS:
                        print(shoot_net(browser, server.url, size, lang, net, out))
            browser.close()
            return
        for size in args.only:
            for lang in args.lang:
                for path in shoot(browser, server.url, size, lang, out, tuple(args.moments),
                                  query=PLANE if args.plane else "",
                                  tag="plane-" if args.plane else ""):
                    print(path)
        browser.close()


if __name__ == "__main__":
    main()
