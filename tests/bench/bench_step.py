"""Step latency and Train to target, against the floor app served and driven the same way.

Both servers run side by side and their pages are clicked in turn (app, floor, app, ...),
so noise on the shared cores falls on both. Times are taken in the page: from the click
to the frame where the Iteration metric shows the new value ("update"), and to the frame
where the whole page is drawn again ("drawn": script done, no skeletons, charts drawn).
On the page a Step's "update" is the stage showing the next iteration on press (numbers
the server computed with the previous rerun); "drawn" is the click's own rerun drawn.

On a two-dimensional data set (the circle with its recipe's hidden layer, ``CIRCLE``) the
stage also draws each neuron's heatmap: its Steps are timed too, in the same turn.

    python -m tests.bench step [--quick]
"""

from __future__ import annotations

import time

from tests.bench.common import (
    APP,
    FLOOR,
    METRIC_CHANGED,
    RESET,
    STEP,
    TRAIN,
    Figure,
    WsRecorder,
    chromium,
    cpu_seconds,
    log,
    median,
    metric_value,
    ms,
    new_page,
    ratio,
    served,
    table,
    timed_click,
)

METRIC_IS = """([label, want]) => {
  for (const m of document.querySelectorAll('[data-testid="stMetric"]')) {
    const l = m.querySelector('[data-testid="stMetricLabel"]');
    const v = m.querySelector('[data-testid="stMetricValue"]');
    if (l && v && l.innerText.trim() === label) return v.innerText.replace(/\\D/g, '') === want;
  }
  return false;
}"""


def step(page, pid, recorder):
    """(click to update, click to drawn, server CPU seconds, server's answer) of one Step;
    the answer: from the Step's WebSocket message out to the metric's message in."""
    before = metric_value(page)
    cpu = cpu_seconds(pid)
    recorder.take()
    result = timed_click(page, STEP, METRIC_CHANGED, ["Iteration", before], rendered=True)
    page.wait_for_timeout(200)
    return (*result, cpu_seconds(pid) - cpu, recorder.turnaround("metric"))


CIRCLE = "?data=circle.200.0.0&hidden=4&bias=1&lr=0.03"


def run(quick=False):
    clicks = 5 if quick else 15
    trains = 3 if quick else 7
    times = {"app": [], "circle": [], "floor": []}
    train_times = []
    with served(APP) as app, served(FLOOR) as floor, chromium() as browser:
        pages = {"app": new_page(browser, app.url),
                 "circle": new_page(browser, app.url + CIRCLE),
                 "floor": new_page(browser, floor.url)}
        pids = {"app": app.proc.pid, "circle": app.proc.pid, "floor": floor.proc.pid}
        recorders = {name: WsRecorder(page) for name, page in pages.items()}
        for name in pages:  # warm-up click, not counted (first use of lazily loaded code)
            step(pages[name], pids[name], recorders[name])
        log(f"step: {clicks} clicks each, alternating")
        for _ in range(clicks):
            for name, page in pages.items():
                times[name].append(step(page, pids[name], recorders[name]))
        log(f"train: {trains} times")
        page = pages["app"]
        for _ in range(trains):
            cpu = cpu_seconds(app.proc.pid)
            train_times.append((*timed_click(page, TRAIN, METRIC_IS, ["Iteration", "10000"],
                                             rendered=True), cpu_seconds(app.proc.pid) - cpu))
            page.wait_for_timeout(200)
            timed_click(page, RESET, METRIC_IS, ["Iteration", "0"], rendered=True)
            page.wait_for_timeout(200)
            times["floor"].append(step(pages["floor"], pids["floor"], recorders["floor"]))  # keep the floor's samples current

    app_update = median([t[0] for t in times["app"]])
    floor_update = median([t[0] for t in times["floor"]])
    app_drawn = median([t[1] for t in times["app"]])
    floor_drawn = median([t[1] for t in times["floor"]])
    app_answer = median([t[3] for t in times["app"]])
    floor_answer = median([t[3] for t in times["floor"]])
    app_cpu = median([t[2] for t in times["app"]])
    floor_cpu = median([t[2] for t in times["floor"]])
    train_cpu = median([t[2] for t in train_times])
    train_update = median([t[0] for t in train_times])
    train_drawn = median([t[1] for t in train_times])
    circle_update = median([t[0] for t in times["circle"]])
    circle_drawn = median([t[1] for t in times["circle"]])
    circle_cpu = median([t[2] for t in times["circle"]])
    rows = [
        ["Step: click to Iteration updated", ms(app_update), ms(floor_update),
         ratio(app_update, floor_update), len(times["app"]), len(times["floor"])],
        ["Step: click to page fully drawn", ms(app_drawn), ms(floor_drawn),
         ratio(app_drawn, floor_drawn), len(times["app"]), len(times["floor"])],
        ["Step: server's answer (message out to metric in)", ms(app_answer),
         ms(floor_answer), ratio(app_answer, floor_answer), len(times["app"]),
         len(times["floor"])],
        ["Step: server CPU (whole rerun)", ms(app_cpu), ms(floor_cpu),
         ratio(app_cpu, floor_cpu), len(times["app"]), len(times["floor"])],
        ["Step on the circle (heatmaps): click to Iteration updated", ms(circle_update),
         ms(floor_update), ratio(circle_update, floor_update), len(times["circle"]),
         len(times["floor"])],
        ["Step on the circle (heatmaps): click to page fully drawn", ms(circle_drawn),
         ms(floor_drawn), ratio(circle_drawn, floor_drawn), len(times["circle"]),
         len(times["floor"])],
        ["Step on the circle (heatmaps): server CPU", ms(circle_cpu), ms(floor_cpu),
         ratio(circle_cpu, floor_cpu), len(times["circle"]), len(times["floor"])],
        ["Train 10,000: click to Iteration 10,000", ms(train_update), ms(floor_update),
         ratio(train_update, floor_update), len(train_times), len(times["floor"])],
        ["Train 10,000: click to page fully drawn", ms(train_drawn), ms(floor_drawn),
         ratio(train_drawn, floor_drawn), len(train_times), len(times["floor"])],
    ]
    rows.append(["Train 10,000: server CPU", ms(train_cpu), ms(floor_cpu),
                 ratio(train_cpu, floor_cpu), len(train_times), len(times["floor"])])
    table(["median of repeated clicks", "page", "floor", "ratio", "n page", "n floor"], rows,
          "Step and Train (times in the page, click to the frame showing it)")
    spread = [f"{t[0] * 1000:.0f}" for t in times["app"]]
    print(f"Step samples, page (ms): {', '.join(spread)}")
    print(f"Step samples, floor (ms): {', '.join(f'{t[0] * 1000:.0f}' for t in times['floor'])}")
    print(f"Train samples (ms): {', '.join(f'{t[0] * 1000:.0f}' for t in train_times)}")
    return [
        Figure("Step latency (click to Iteration shown)", ms(app_update), ms(floor_update),
               ratio(app_update, floor_update), "<= 1.5x floor",
               app_update <= 1.5 * floor_update),
        Figure("Step on the circle, heatmaps on (click to Iteration shown)",
               ms(circle_update), ms(floor_update), ratio(circle_update, floor_update),
               "<= 1.5x floor", circle_update <= 1.5 * floor_update),
        Figure("Step: page fully drawn", ms(app_drawn), ms(floor_drawn),
               ratio(app_drawn, floor_drawn), "(none)"),
        Figure("Step: server's answer (WebSocket out to metric in)", ms(app_answer),
               ms(floor_answer), ratio(app_answer, floor_answer), "(none)"),
        Figure("Step: server CPU per click", ms(app_cpu), ms(floor_cpu),
               ratio(app_cpu, floor_cpu), "(none)"),
        Figure("Train to 10,000 (click to Iteration 10,000)", ms(train_update),
               ms(floor_update), ratio(train_update, floor_update), "<= 1.0 s",
               train_update <= 1.0),
        Figure("Train to 10,000: page fully drawn", ms(train_drawn), ms(floor_drawn),
               ratio(train_drawn, floor_drawn), "(none)"),
    ]


if __name__ == "__main__":
    import sys
    t0 = time.perf_counter()
    run("--quick" in sys.argv)
    log(f"done in {time.perf_counter() - t0:.0f} s")
