"""What each part of the page costs a Step: the page with parts switched off
(tests/bench/variant_app.py), and with Streamlit's after-run garbage collection off,
clicked in turn with the full page and the floor, each on its own server.

Diagnosis for fixing, not a target: not part of the default run.

    python -m tests.bench parts [--quick]
"""

from __future__ import annotations

from tests.bench.common import (
    APP,
    FLOOR,
    METRIC_CHANGED,
    STEP,
    WsRecorder,
    chromium,
    cpu_seconds,
    kb,
    log,
    median,
    metric_value,
    ms,
    new_page,
    start_streamlit,
    table,
    timed_click,
)

VARIANT = "tests/bench/variant_app.py"
NO_GC = ("--runner.postScriptGC", "false")
VARIANTS = [
    ("the page", APP, "", ()),
    ("without the open view (the table)", VARIANT, "views", ()),
    ("without it and the stage's picture (no Step shown on press)", VARIANT, "views,picture",
     ()),
    ("the page, runner.postScriptGC=false", APP, "", NO_GC),
    ("floor", FLOOR, "", ()),
    ("floor, runner.postScriptGC=false", FLOOR, "", NO_GC),
]


def run(quick=False):
    clicks = 4 if quick else 10
    servers, pages, recorders = [], [], []
    results = {label: [] for label, *_ in VARIANTS}
    try:
        with chromium() as browser:
            for _, path, without, extra in VARIANTS:
                server = start_streamlit(path, env={"BENCH_WITHOUT": without},
                                         extra_args=extra)
                servers.append(server)
                page = new_page(browser, server.url)
                recorders.append(WsRecorder(page))
                pages.append(page)
            log(f"parts: {clicks} Steps on each of {len(VARIANTS)} variants, in turn")
            for k in range(clicks + 1):
                for (label, *_), server, page, recorder in zip(VARIANTS, servers, pages,
                                                               recorders):
                    before = metric_value(page)
                    recorder.take()
                    cpu = cpu_seconds(server.proc.pid)
                    update, drawn = timed_click(page, STEP, METRIC_CHANGED,
                                                ["Iteration", before], rendered=True)
                    page.wait_for_timeout(300)
                    cpu = cpu_seconds(server.proc.pid) - cpu
                    sent = sum(len(f) for f in recorder.take())
                    if k:  # the first is a warm-up
                        results[label].append((update, drawn, cpu, sent))
    finally:
        for server in servers:
            server.stop()
    rows = []
    for label, samples in results.items():
        rows.append([label, *(ms(median([s[i] for s in samples])) for i in range(3)),
                     kb(median([s[3] for s in samples]))])
    table(["Step on ...", "to Iteration shown", "to page drawn", "server CPU", "bytes"],
          rows, f"What each part costs a Step (medians of {clicks} Steps each, in turn)")
    return []


if __name__ == "__main__":
    import sys
    run("--quick" in sys.argv)
