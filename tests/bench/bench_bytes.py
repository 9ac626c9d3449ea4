"""Bytes sent to the browser per Step: the WebSocket frames the page receives between the
click and the page being drawn again, counted through Chromium's DevTools protocol and
decoded as Streamlit ForwardMsgs to say which elements they carry. Floor alongside.

    python -m tests.bench bytes [--quick]
"""

from __future__ import annotations

import json

from tests.bench.common import (
    APP,
    FLOOR,
    METRIC_CHANGED,
    STEP,
    Figure,
    WsRecorder,
    by_part,
    chromium,
    kb,
    log,
    median,
    metric_value,
    new_page,
    ratio,
    served,
    table,
    timed_click,
)

LIMIT = 150_000


def steps(page, recorder, n):
    """Per Step: (total bytes, number of messages, bytes per part)."""
    out = []
    for k in range(n + 1):
        before = metric_value(page)
        recorder.take()
        timed_click(page, STEP, METRIC_CHANGED, ["Iteration", before], rendered=True)
        page.wait_for_timeout(500)  # late messages (script_finished) and event delivery
        frames = recorder.take()
        if k:  # the first Step is a warm-up
            out.append((sum(len(f) for f in frames), len(frames), by_part(frames), frames))
    return out


def chart_traces(frames):
    """The largest plotly chart among ``frames``: (key, spec bytes, [(trace, bytes)])."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    charts = []
    for data in frames:
        msg = ForwardMsg.FromString(data)
        if msg.WhichOneof("type") == "delta" and msg.delta.HasField("new_element") \
                and msg.delta.new_element.WhichOneof("type") == "plotly_chart":
            chart = msg.delta.new_element.plotly_chart
            charts.append((len(chart.spec), chart.id.split("-", 2)[-1], chart.spec))
    if not charts:
        return None
    size, key, spec = max(charts)
    spec = json.loads(spec)
    parts = [(f"trace {k} {t.get('type', 'scatter')}", len(json.dumps(t, separators=(",", ":"))))
             for k, t in enumerate(spec.get("data", []))]
    parts.append(("layout", len(json.dumps(spec.get("layout", {}), separators=(",", ":")))))
    return key, size, sorted(parts, key=lambda p: -p[1])


def run(quick=False):
    n = 3 if quick else 7
    with served(APP) as app, served(FLOOR) as floor, chromium() as browser:
        results = {}
        for name, server in (("app", app), ("floor", floor)):
            page = new_page(browser, server.url)
            recorder = WsRecorder(page)
            log(f"bytes: {n} Steps on {name}")
            results[name] = (steps(page, recorder, n), recorder.extensions)
            page.context.close()

    app_steps, extensions = results["app"]
    floor_steps, _ = results["floor"]
    app_total = median([s[0] for s in app_steps])
    floor_total = median([s[0] for s in floor_steps])
    parts = {}
    for _, _, sizes, _ in app_steps:
        for part, size in sizes.items():
            parts.setdefault(part, []).append(size)
    rows = [[part, kb(median(sizes)), f"{100 * median(sizes) / app_total:.0f}%"]
            for part, sizes in sorted(parts.items(), key=lambda kv: -median(kv[1]))][:12]
    table(["part of a Step's messages (page)", "median", "share"], rows,
          f"Bytes per Step: page {kb(app_total)} in {median([s[1] for s in app_steps]):.0f} "
          f"messages, floor {kb(floor_total)} in {median([s[1] for s in floor_steps]):.0f}; "
          f"compression negotiated: {extensions or 'none'}")
    biggest = chart_traces(app_steps[-1][3])
    if biggest:
        key, size, parts = biggest
        table(["part of its spec (JSON)", "bytes"], [[p, kb(b)] for p, b in parts[:6]],
              f"Largest chart: {key}, spec {kb(size)}")
    return [Figure("Bytes to the browser per Step", kb(app_total), kb(floor_total),
                   ratio(app_total, floor_total), "<= 150 KB", app_total <= LIMIT)]


if __name__ == "__main__":
    import sys
    run("--quick" in sys.argv)
